"""My digits in the window: keep/correct in the Draw tab, the browser, adaptation with Stop and
switching back."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from mnist_gui.core.samples import sample_drawings
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.gui.my_digits import AdaptResultBox, MyDigitsTab
from mnist_gui.session.my_digits import ADAPTED_LABEL, Adapter, MyDigitsStore
from mnist_gui.session.state import AppState
from mnist_gui.session.tasks import Task
from tests.gui.digit_fakes import synthetic_mnist
from tests.synthetic import glyphs


@pytest.fixture(scope="module")
def small_model():
    import keras

    from mnist_gui.core import models

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    g = glyphs()
    idx = rng.integers(0, 10, 600)
    x = np.stack([np.roll(g[i], (rng.integers(-1, 2), rng.integers(-1, 2)), axis=(0, 1)) for i in idx])
    m = models.build_model("small")
    m.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    m.fit(x[..., None] / 255.0, idx, epochs=2, batch_size=32, verbose=0)
    return m


@pytest.fixture
def setup(qtbot, small_model, tmp_path):
    state = AppState()
    state.set_model(small_model, label="test model", card={"test_accuracy": 0.5, "architecture": "small"})
    state.data = synthetic_mnist(n_train=200, n_test=50)
    store = MyDigitsStore(tmp_path / "my.json")
    adapter = Adapter(state, store)
    draw = DrawTab(state, my_digits=store)
    draw.canvas.setFixedSize(280, 280)
    draw.resize(1000, 640)
    qtbot.addWidget(draw)
    draw.show()
    tab = MyDigitsTab(state, store, adapter)
    tab.resize(900, 600)
    qtbot.addWidget(tab)
    tab.show()
    yield state, store, adapter, draw, tab
    Task.stop_all(20000)


def test_keep_with_buttons_keys_and_correct(qtbot, setup) -> None:
    state, store, adapter, draw, tab = setup
    s = sample_drawings()[3]
    draw.canvas.replay(s.strokes)
    draw.label_btns[3].click()
    assert len(store.collection) == 1 and store.collection.digits[0].label == 3
    assert store.collection.digits[0].strokes and store.collection.digits[0].source == "drawing"
    assert not draw.canvas.has_content()  # ready for the next digit
    assert "Kept as a 3" in draw.keep_label.text()
    draw.canvas.replay(sample_drawings()[5].strokes)
    draw.activateWindow()
    draw.clear_btn.setFocus()
    qtbot.waitUntil(lambda: draw.isActiveWindow(), timeout=3000)
    qtbot.keyClick(draw.clear_btn, Qt.Key.Key_5)
    assert [d.label for d in store.collection.digits] == [3, 5]
    draw.canvas.replay(sample_drawings()[7].strokes)
    predicted = int(np.argmax(draw.last_probabilities))
    draw.correct_btn.click()
    assert store.collection.digits[-1].label == predicted
    assert not draw.keep_as(1)  # nothing drawn: nothing kept
    saved = json.loads(Path(store.collection.path).read_text())
    assert len(saved["digits"]) == 3
    assert tab.model.rowCount() == 3
    assert "<b>3</b> digits" in tab.counts_label.text()


def test_picture_digit_is_kept_as_its_28x28(qtbot, setup) -> None:
    state, store, adapter, draw, tab = setup
    draw.show_array(glyphs()[2])
    seen = np.clip(draw.last_input * 255 + 0.5, 0, 255).astype(np.uint8)
    assert draw.keep_as(2)
    d = store.collection.digits[0]
    assert d.source == "picture" and d.strokes is None
    assert np.array_equal(d.image, seen)


def test_browser_relabel_delete_undo_export_import(qtbot, setup, tmp_path, qtmodeltester) -> None:
    state, store, adapter, draw, tab = setup
    for d in (1, 2, 3):
        store.add(d, glyphs()[d])
    qtmodeltester.check(tab.model)
    assert tab.model.data(tab.model.index(0), Qt.ItemDataRole.DecorationRole) is not None
    assert tab.model.prediction(0) is not None
    sel = tab.view.selectionModel()
    sel.select(tab.model.index(1), QItemSelectionModel.SelectionFlag.Select)
    assert tab.delete_btn.isEnabled()
    tab._relabel(7)
    assert [d.label for d in store.collection.digits] == [1, 7, 3]
    for r in (0, 1):
        sel.select(tab.model.index(r), QItemSelectionModel.SelectionFlag.Select)
    tab._delete()
    assert [d.label for d in store.collection.digits] == [3]
    tab.undo_btn.click()
    assert [d.label for d in store.collection.digits] == [1, 7, 3]
    out = tmp_path / "out.json"
    assert tab.export_to(str(out))
    assert tab.import_from(str(out))
    assert len(store.collection) == 6
    bad = tmp_path / "bad.json"
    bad.write_text("[" * 5000)
    assert not tab.import_from(str(bad))
    assert "nested" in tab.message.text()
    assert len(store.collection) == 6


def test_unreadable_collection_is_reported_and_kept(qtbot, tmp_path) -> None:
    p = tmp_path / "my.json"
    p.write_text("{broken")
    store = MyDigitsStore(p)
    seen = []
    store.problem.connect(seen.append)
    assert len(store.collection) == 0
    assert seen and "kept as" in seen[0]
    assert any(".unreadable-" in q.name for q in tmp_path.iterdir())


def test_adapt_needs_digits_then_runs_offers_and_switches_back(qtbot, setup) -> None:
    state, store, adapter, draw, tab = setup
    failures = []
    adapter.failed.connect(failures.append)
    assert not adapter.start()
    assert "at least 10" in failures[-1]
    for i in range(12):
        store.add(i % 10, np.fliplr(glyphs()[i % 10]))
    original = state.model
    with qtbot.waitSignal(adapter.finished, timeout=120_000) as blocker:
        assert adapter.start()
        assert tab.stop_btn.isVisible()
    r = blocker.args[0]
    qtbot.waitUntil(lambda: tab.result_box is not None and tab.result_box.isVisible(), timeout=5000)
    tab.result_box.use_btn.click()
    assert 0 <= r["before"] <= 1 and 0 <= r["after"] <= 1 and r["digits"] == 12
    assert Path(r["path"]).exists()
    card = json.loads(Path(r["path"]).with_suffix(".card.json").read_text())
    assert card["adapted_from"]["label"] == "test model" and card["adapted_on_digits"] == 12
    qtbot.waitUntil(lambda: state.model is not original, timeout=5000)
    assert state.model_label == ADAPTED_LABEL
    assert "Adapted to your handwriting" in draw.status_label.text()
    assert tab.back_btn.isVisible()
    tab.back_btn.click()
    assert state.model is original and state.model_label == "test model"
    assert "Adapted" not in draw.status_label.text()


def test_adapt_stop_leaves_the_model(qtbot, setup) -> None:
    state, store, adapter, draw, tab = setup
    for i in range(12):
        store.add(i % 10, glyphs()[i % 10])
    original = state.model
    failures = []
    adapter.failed.connect(failures.append)
    adapter.progress.connect(lambda d, t, s: adapter.stop())
    assert adapter.start()
    qtbot.waitUntil(lambda: not adapter.is_running(), timeout=60_000)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert "Stopped" in failures[-1]
    assert state.model is original


# ----------------------------------------------------------- the result: worse is said, and kept

def fake_result(model, tmp_path: Path, *, before=0.8, after=0.9, mnist_before=0.9905, mnist_after=0.9739,
                digits=12) -> dict:
    path = tmp_path / "adapted.keras"
    path.write_bytes(b"not read by these tests")
    return {"model": model, "path": str(path), "card": {"adapted_from": {"label": "test model"}},
            "before": before, "after": after, "mnist_before": mnist_before, "mnist_after": mnist_after,
            "digits": digits, "time_s": 3.0}


def adapt_with_result(qtbot, monkeypatch, adapter, store, tab, r: dict) -> AdaptResultBox:
    """Run the real Adapter (background task, signals) with adapt_and_save answering ``r``."""
    from mnist_gui.session import my_digits as session_my_digits

    monkeypatch.setattr(session_my_digits.adaptation, "adapt_and_save", lambda *a, **k: r)
    while len(store.collection) < adapter.MIN_DIGITS + 2:
        store.add(len(store.collection) % 10, glyphs()[len(store.collection) % 10])
    with qtbot.waitSignal(adapter.finished, timeout=20_000):
        assert adapter.start()
    qtbot.waitUntil(lambda: tab.result_box is not None and tab.result_box.isVisible(), timeout=5000)
    return tab.result_box


def test_worse_adaptation_on_mnist_is_said_first_and_keep_is_the_default(qtbot, setup, monkeypatch, tmp_path) -> None:
    state, store, adapter, draw, tab = setup
    original = state.model
    box = adapt_with_result(qtbot, monkeypatch, adapter, store, tab,
                            fake_result(object(), tmp_path, mnist_before=0.9905, mnist_after=0.9739))
    first = box.text().splitlines()[0]
    assert first == "The adapted model is worse on MNIST: 99.05%\u00a0\u2192\u00a097.39% (2.75\u00d7 the errors)."
    assert box.text().splitlines()[1] == "Keep the current model?"
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.defaultButton() is box.keep_btn and box.escapeButton() is box.keep_btn
    assert box.keep_btn.text() == "Keep the current model"
    assert "worse on MNIST" in tab.message.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default answer
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    assert state.model is original and state.model_label == "test model"


def test_worse_adaptation_on_my_held_out_digits_is_said_and_keep_is_the_default(qtbot, setup, monkeypatch,
                                                                                 tmp_path) -> None:
    state, store, adapter, draw, tab = setup
    original = state.model
    box = adapt_with_result(qtbot, monkeypatch, adapter, store, tab,
                            fake_result(object(), tmp_path, before=0.75, after=0.5, mnist_before=0.99,
                                        mnist_after=0.99))
    assert box.text().splitlines()[0] == "It reads your held-out digits worse: 75.0%\u00a0\u2192\u00a050.0%."
    assert box.defaultButton() is box.keep_btn
    assert "overfits" in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5000)
    assert state.model is original


def test_better_adaptation_keeps_use_it_as_the_default(qtbot, setup, monkeypatch, tmp_path, small_model) -> None:
    state, store, adapter, draw, tab = setup
    box = adapt_with_result(qtbot, monkeypatch, adapter, store, tab,
                            fake_result(small_model, tmp_path, before=0.5, after=0.75, mnist_before=0.9905,
                                        mnist_after=0.9903))
    assert box.text().splitlines() == ["The adapted model reads your held-out digits better: 50.0%\u00a0\u2192\u00a075.0%.",
                                       "Use the adapted model now?"]
    assert box.icon() == QMessageBox.Icon.Question
    assert box.defaultButton() is box.use_btn
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: state.model_label == ADAPTED_LABEL, timeout=5000)
    assert state.model is small_model


# ------------------------------------------------------------------ the hints follow the state

def test_hints_follow_the_model_loading_and_loaded(qtbot, tmp_path, small_model) -> None:
    """The issue: "No model is loaded yet." stayed with a model loaded."""
    from mnist_gui.core import store as model_store

    path = model_store.save_model(small_model, tmp_path / "m.keras", {"test_accuracy": 0.5})
    state = AppState()
    state.data = synthetic_mnist(n_train=200, n_test=50)
    store = MyDigitsStore(tmp_path / "my.json")
    adapter = Adapter(state, store)
    tab = MyDigitsTab(state, store, adapter)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.hint.text() == "No model is loaded: load one first."
    assert not tab.adapt_btn.isEnabled() and tab.adapt_btn.toolTip() == tab.hint.text()
    with qtbot.waitSignal(state.modelChanged, timeout=60_000):
        state.load_model(path)
        assert tab.hint.text() == "The model is still loading."
    assert tab.hint.text() == "Add at least 10 digits (you have 0): keep or correct digits in the Draw tab."
    assert "No model" not in tab.hint.text() + tab.message.text()


def test_hints_count_the_digits_and_show_the_minimum_before_adapt_is_clicked(qtbot, setup, monkeypatch) -> None:
    """The issue: 'you have 5' while adapting 10; the 10-digit minimum shown only after clicking."""
    state, store, adapter, draw, tab = setup
    for i in range(5):
        store.add(i, glyphs()[i])
    assert not tab.adapt_btn.isEnabled()
    assert tab.hint.text() == "Add at least 10 digits (you have 5): keep or correct digits in the Draw tab."
    assert tab.adapt_btn.toolTip() == tab.hint.text()
    for i in range(5, 10):
        store.add(i, glyphs()[i])
    assert tab.adapt_btn.isEnabled()
    assert "on your 10 digits" in tab.hint.text() and tab.adapt_btn.toolTip() == tab.hint.text()
    tab.view.selectionModel().select(tab.model.index(0), QItemSelectionModel.SelectionFlag.Select)
    tab.delete_btn.click()
    assert not tab.adapt_btn.isEnabled() and "(you have 9)" in tab.hint.text()
    tab.undo_btn.click()
    assert tab.adapt_btn.isEnabled() and "on your 10 digits" in tab.hint.text()

    from mnist_gui.session import my_digits as session_my_digits

    release = threading.Event()

    def slow_adapt(copy, x_me, y_me, data, **kw):
        release.wait(30)
        return fake_result(object(), Path(store.collection.path).parent, digits=len(y_me))

    monkeypatch.setattr(session_my_digits.adaptation, "adapt_and_save", slow_adapt)
    tab.adapt_btn.click()
    assert adapter.is_running() and not tab.adapt_btn.isEnabled()
    for i in range(2):
        store.add(i, glyphs()[i])  # kept while it runs: the hint still says what it adapts on
    assert tab.hint.text().startswith("Adapting on your 10 digits")
    with qtbot.waitSignal(adapter.finished, timeout=20_000):
        release.set()
    assert tab.adapt_btn.isEnabled() and "on your 12 digits" in tab.hint.text()
    qtbot.waitUntil(lambda: tab.result_box is not None and tab.result_box.isVisible(), timeout=5000)
    tab.result_box.keep_btn.click()
