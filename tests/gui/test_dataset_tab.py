"""Tests for the Dataset tab and the missing-data panel."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from mnist_gui.gui.dataset_tab import DatasetTab
from mnist_gui.session.state import AppState
from tests.gui.digit_fakes import FakeModel, synthetic_mnist


@pytest.fixture
def state() -> AppState:
    st = AppState()
    st.data = synthetic_mnist(n_train=60, n_test=40)
    return st


@pytest.fixture
def tab(qtbot, state: AppState) -> DatasetTab:
    t = DatasetTab(state)
    qtbot.addWidget(t)
    t.resize(1000, 700)
    t.show()
    qtbot.waitExposed(t)
    return t


def test_filters_and_counts(tab: DatasetTab, state: AppState, qtmodeltester) -> None:
    assert tab.stack.currentWidget() is tab.content
    assert tab.shown_count() == 100
    assert [tab.split_combo.itemText(i) for i in range(3)] == ["All (100)", "Train (60)", "Test (40)"]
    qtmodeltester.check(tab.model)
    tab.set_filter("train")
    assert tab.shown_count() == 60
    assert tab.label_combo.itemText(0) == "All labels (60)"
    assert tab.label_combo.itemText(4) == "3  (6)"
    tab.set_filter("test", 3)
    expected = int((state.data.y_test == 3).sum())
    assert tab.shown_count() == expected == 4
    assert "4 digits" in tab.count_label.text()
    qtmodeltester.check(tab.model)
    rows = tab.model.rows()
    assert np.all(rows >= 60) and np.all(state.data.y_test[rows - 60] == 3)
    tab.set_filter(None, None)
    assert tab.shown_count() == 100
    tab.grab()


def test_select_shows_enlarged_digit_without_model(tab: DatasetTab, state: AppState) -> None:
    tab.set_filter("test")
    assert tab.jump_to(5)
    assert tab.selected_global() == 65
    assert np.array_equal(tab.digit_view.image(), state.data.x_test[5])
    assert tab.title_label.text() == "Test #5"
    assert tab.info_label.text() == f"Label {state.data.y_test[5]}"
    assert "No model" in tab.prediction_label.text()
    assert tab.prob_bars.probabilities() is None
    assert tab.send_button.isEnabled()
    assert not tab.jump_to(40)  # only 40 test digits
    tab.grab()


def test_jump_clears_a_label_filter_that_hides_the_digit(tab: DatasetTab, state: AppState, qtbot) -> None:
    tab.set_filter("train", 0)
    target = 3  # label 3, hidden by the filter
    tab.index_spin.setValue(target)
    qtbot.mouseClick(tab.go_button, Qt.MouseButton.LeftButton)
    assert tab.current_label() is None
    assert tab.selected_global() == target
    assert tab.title_label.text() == "Train #3"


def test_the_index_box_follows_the_selection(tab: DatasetTab, state: AppState, qtbot) -> None:
    """Issue 20 #9: the Index box kept the number typed last while another digit was selected."""
    tab.set_filter("test")
    row = tab.model.row_of(60 + 7)  # test #7
    qtbot.keyClick(tab.view, Qt.Key.Key_Home)
    tab.view.setCurrentIndex(tab.model.index(row, 0))
    assert tab.title_label.text() == "Test #7" and tab.index_spin.value() == 7
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)  # the next tile, by keyboard
    assert tab.title_label.text() == "Test #8" and tab.index_spin.value() == 8
    tab.set_filter(None)  # both splits: the index counts from the first training digit
    tab.select_global(3)
    assert tab.index_spin.value() == 3


def test_filter_keeps_selected_digit(tab: DatasetTab, state: AppState) -> None:
    tab.set_filter("train")
    tab.jump_to(12)  # label 2
    tab.set_filter("train", 2)
    assert tab.selected_global() == 12
    cur = tab.view.currentIndex()
    assert cur.isValid() and tab.model.global_index(cur.row()) == 12


def test_prediction_and_probability_bars(tab: DatasetTab, state: AppState) -> None:
    state.set_model(FakeModel(), label="fake")
    tab.set_filter("test")
    tab.jump_to(2)
    probs = tab.selected_probabilities()
    assert probs is not None and probs.shape == (10,)
    expected = FakeModel()(state.data.x_test[2][None].astype(np.float32) / 255.0)[0]
    np.testing.assert_allclose(probs, expected)
    assert np.array_equal(tab.prob_bars.probabilities(), probs)
    assert "<b style='color:" in tab.prediction_label.text()
    assert f">{int(probs.argmax())}</b>" in tab.prediction_label.text()
    state.set_model(FakeModel(shift=1), label="fake 2")  # the panel follows the active model
    assert int(tab.selected_probabilities().argmax()) == (int(probs.argmax()) + 1) % 10
    state.set_model(None, label="")
    assert tab.selected_probabilities() is None


def test_send_to_draw(tab: DatasetTab, state: AppState, qtbot) -> None:
    assert not tab.send_button.isEnabled()
    tab.select_global(7)
    with qtbot.waitSignal(tab.sendToDraw, timeout=1000) as blocker:
        tab.send_button.click()
    (img,) = blocker.args
    assert img.shape == (28, 28) and img.dtype == np.uint8
    assert np.array_equal(img, state.data.x_train[7])


def test_missing_data_panel_and_its_buttons(qtbot, monkeypatch) -> None:
    state = AppState()
    calls: list[tuple] = []
    monkeypatch.setattr(state, "load_dataset", lambda path=None, allow_download=False: calls.append((path, allow_download)))
    monkeypatch.setattr(state, "cancel_dataset", lambda: calls.append(("cancel",)))
    tab = DatasetTab(state)
    qtbot.addWidget(tab)
    tab.show()
    panel = tab.missing_panel
    assert tab.stack.currentWidget() is panel
    assert panel.title.text() == "MNIST not found"
    assert panel.download_button.isVisible() and panel.choose_button.isVisible()
    assert not panel.progress_box.isVisible()

    panel.download_button.click()
    assert calls == [(None, True)]
    state.datasetLoading.emit()
    assert panel.progress_box.isVisible() and not panel.download_button.isEnabled()
    assert panel.title.text().startswith("Downloading")
    state.datasetProgress.emit(5_000_000, 10_000_000, "downloading MNIST")
    assert panel.progress.maximum() == 1000 and panel.progress.value() == 500
    assert panel.progress_label.text() == "5.0 of 10.0 MB"
    panel.cancel_button.click()
    assert calls[-1] == ("cancel",)
    state.datasetFailed.emit("download of https://x/mnist.npz: cancelled")
    assert not panel.progress_box.isVisible() and panel.download_button.isEnabled()
    assert panel.error.isVisible() and panel.error.text() == "Download cancelled."

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: "/data/mnist"))
    panel.choose_button.click()
    assert calls[-1] == ("/data/mnist", False)
    state.datasetLoading.emit()
    assert panel.title.text().startswith("Loading")
    state.datasetFailed.emit("/data/mnist: missing MNIST file(s): t10k-images-idx3-ubyte[.gz]")
    assert "missing MNIST file" in panel.error.text()
    tab.grab()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    n = len(calls)
    panel.choose_button.click()  # dialog cancelled: nothing happens
    assert len(calls) == n

    state.data = synthetic_mnist()
    state.datasetChanged.emit()
    assert tab.stack.currentWidget() is tab.content
    assert tab.shown_count() == 100
    assert not panel.error.isVisible()


@pytest.mark.slow
def test_real_mnist_counts(qtbot, real_mnist, qtmodeltester) -> None:
    state = AppState()
    state.data = real_mnist
    tab = DatasetTab(state)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    assert tab.shown_count() == 70_000
    tab.set_filter("train")
    assert tab.shown_count() == 60_000
    tab.set_filter("test")
    assert tab.shown_count() == 10_000
    tab.set_filter("test", 1)
    assert tab.shown_count() == 1_135
    assert tab.label_combo.currentText() == "1  (1,135)"
    qtmodeltester.check(tab.model)
    tab.set_filter(None, 1)
    assert tab.shown_count() == 7_877
    tab.set_filter("test", None)
    assert tab.jump_to(9_999)
    assert tab.title_label.text() == "Test #9,999"
    assert np.array_equal(tab.digit_view.image(), real_mnist.x_test[9_999])
    tab.grab()
