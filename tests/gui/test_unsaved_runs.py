"""Issue 20 #3: quitting threw trained models away without asking. Closing now lists the runs whose
model was never saved and asks Save / Discard / Cancel; the model in use decides what is remembered."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mnist_gui.core.training import TrainConfig
from mnist_gui.gui.main_window import MainWindow, settings
from mnist_gui.session.tasks import Task
from tests.gui.dialogs import answer_next_box
from tests.gui.digit_fakes import synthetic_mnist
from tests.gui.test_train_tab import _fake_process, fake_model_file  # noqa: F401 - a fixture

TIMEOUT_MS = 60_000


@pytest.fixture
def trained_window(qtbot, monkeypatch, fake_model_file):  # noqa: F811
    _fake_process(monkeypatch, batches=5, model_path=fake_model_file)
    w = MainWindow()  # not qtbot.addWidget: pytest-qt would close it before this fixture can discard
    w.show()
    w.state.data = synthetic_mnist(200, 40)
    w.state.datasetChanged.emit()
    w.train_tab.set_config(TrainConfig.for_arch("small", epochs=2, batch_size=16, seed=1), 200)
    with qtbot.waitSignal(w.train_tab.runFinished, timeout=TIMEOUT_MS):
        assert w.train_tab.start()
    qtbot.waitUntil(lambda: not w.train_tab.is_training(), timeout=TIMEOUT_MS)
    yield w
    if w.isVisible():
        w.train_tab.discard_unsaved()
        w.close()
    Task.stop_all(10_000)
    w.deleteLater()


def test_quitting_with_an_unsaved_run_asks_and_cancel_keeps_the_window(qtbot, trained_window) -> None:
    w = trained_window
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Cancel, seen)
    w.close()
    assert w.isVisible() and len(seen) == 1
    assert "never saved" in seen[0] and "run 1: " in seen[0] and "50.00 %" in seen[0]
    assert w.train_tab.runs[0].model is not None  # nothing was removed


def test_discard_closes_and_does_not_keep_the_model_in_use(qtbot, trained_window) -> None:
    w = trained_window
    run = w.train_tab.runs[0]
    w.state.model_path = run.model  # "Use this model" on the unsaved run
    w.state.model_label = "trained small (run 1)"
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Discard, seen)
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=TIMEOUT_MS)
    assert "(the model in use)" in seen[0]
    assert settings().value("model_path", "", str) == ""  # discarded: the next start uses the bundled model


def test_save_saves_each_run_and_remembers_the_saved_copy(qtbot, trained_window, monkeypatch, tmp_path) -> None:
    w = trained_window
    run = w.train_tab.runs[0]
    w.state.model_path = run.model
    w.state.model_label = "trained small (run 1)"
    target = tmp_path / "kept.keras"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Save, seen)
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=TIMEOUT_MS)
    assert target.is_file() and run.saved_to == str(target)
    assert settings().value("model_path", "", str) == str(target)


def test_save_cancelled_in_the_file_dialog_does_not_close(qtbot, trained_window, monkeypatch) -> None:
    w = trained_window
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Save, seen)
    w.close()
    assert w.isVisible() and seen


def test_a_saved_run_is_not_asked_about(qtbot, trained_window, monkeypatch, tmp_path) -> None:
    w = trained_window
    target: Path = tmp_path / "mine.keras"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert w.train_tab.save_model_as() == target
    assert w.train_tab.confirm_unsaved(w, None) is True  # nothing to ask: no box was shown


def test_scripts_can_close_without_being_asked(qtbot, trained_window) -> None:
    w = trained_window
    w.train_tab.discard_unsaved()
    w.close()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=TIMEOUT_MS)
