"""AppState: the fast start path and the rule that the last model request wins."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from mnist_gui.core import models, store
from mnist_gui.core.samples import sample_drawings


def test_draw_tab_answers_from_the_fast_path_before_keras_is_ready(qtbot, monkeypatch) -> None:
    from mnist_gui.gui.main_window import MainWindow

    real_load = store.load_model
    release = threading.Event()

    def slow_load(path):  # Keras "takes long": the fast path must answer meanwhile
        release.wait(60)
        return real_load(path)

    monkeypatch.setattr(store, "load_model", slow_load)
    w = MainWindow()
    qtbot.addWidget(w)
    order: list[str] = []
    w.state.fastModelReady.connect(lambda: order.append("fast"))
    w.state.modelChanged.connect(lambda: order.append("keras"))
    with qtbot.waitSignal(w.state.fastModelReady, timeout=30000):
        w.state.load_model(None)
    assert w.state.model is None and w.state.fast_model is not None
    s = sample_drawings()[3]
    w.draw_tab.canvas.replay(s.strokes)
    fast_probs = w.draw_tab.last_probabilities
    assert fast_probs is not None and int(np.argmax(fast_probs)) == s.label
    with qtbot.waitSignal(w.state.modelChanged, timeout=60000):
        release.set()
    assert order == ["fast", "keras"] and w.state.fast_model is None
    keras_probs = w.draw_tab.predict_now()
    np.testing.assert_allclose(fast_probs, keras_probs, atol=1e-5)
    w.close()


def test_the_last_model_request_wins_even_if_an_older_load_finishes_last(qtbot, monkeypatch, tmp_path: Path) -> None:
    from mnist_gui.session.state import AppState

    slow, quick = tmp_path / "slow.keras", tmp_path / "quick.keras"
    models.build_model("small").save(slow)
    models.build_model("small").save(quick)
    real_load = store.load_model

    release = threading.Event()

    def load(path):
        if Path(path).name == "slow.keras":
            release.wait(60)  # finishes only after the newer request has been answered
        return real_load(path)

    monkeypatch.setattr(store, "load_model", load)
    state = AppState()
    changes: list[str | None] = []
    state.modelChanged.connect(lambda: changes.append(state.model_path))
    first = state.load_model(slow)
    with qtbot.waitSignal(state.modelChanged, timeout=60000):
        second = state.load_model(quick)
    with qtbot.waitSignal(first.done, timeout=60000):  # the older load's answer has arrived
        release.set()
    assert not second.is_running()
    assert state.model_path == str(quick)
    assert changes == [str(quick)]  # the older, slower load never replaced the newer choice


def test_loading_a_model_freezes_the_imported_objects_and_replaced_models_are_still_collected(
        qtbot, tmp_path: Path) -> None:
    import gc
    import weakref

    from mnist_gui.session.state import AppState

    path = tmp_path / "a.keras"
    models.build_model("small").save(path)
    state = AppState()
    task = state.load_model(path)
    qtbot.waitUntil(lambda: state.model is not None and not task.is_running(), timeout=60000)
    # Keras, TensorFlow and everything imported before are out of the collector's sight
    assert gc.get_freeze_count() > 100_000
    frozen = gc.get_freeze_count()

    # models built afterwards are collected as before once replaced (a Keras model is a web of
    # reference cycles, which only the collector frees)
    first = models.build_model("small")
    state.set_model(first, label="first")
    gone = weakref.ref(first)
    del first
    state.set_model(models.build_model("small"), label="second")
    qtbot.waitUntil(lambda: gc.collect() >= 0 and gone() is None, timeout=10_000)
    # frozen once, not at every load (a second freeze would add every object built since;
    # frozen objects that are freed leave the count, so it may shrink a little)
    assert gc.get_freeze_count() <= frozen
