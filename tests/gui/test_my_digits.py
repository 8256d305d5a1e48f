"""My digits in the window: keep/correct in the Draw tab, the browser, adaptation with Stop and
switching back."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from mnist_gui.core.samples import sample_drawings
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.gui.my_digits import MyDigitsTab
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


def test_adapt_needs_digits_then_runs_offers_and_switches_back(qtbot, setup, monkeypatch) -> None:
    state, store, adapter, draw, tab = setup
    failures = []
    adapter.failed.connect(failures.append)
    assert not adapter.start()
    assert "at least 10" in failures[-1]
    for i in range(12):
        store.add(i % 10, np.fliplr(glyphs()[i % 10]))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    original = state.model
    with qtbot.waitSignal(adapter.finished, timeout=120_000) as blocker:
        assert adapter.start()
        assert tab.stop_btn.isVisible()
    r = blocker.args[0]
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
