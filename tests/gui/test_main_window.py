from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from mnist_gui.core.samples import sample_drawings
from mnist_gui.gui.main_window import MainWindow, settings
from mnist_gui.session.tasks import Task


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    Task.stop_all(10000)


def test_tabs_menus_and_status(qtbot, window):
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert names == ["Draw", "Dataset", "Train", "Errors", "My digits", "Map"]
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "View", "Help"]  # View holds Language
    file_actions = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert "Open image\u2026" in file_actions and "Load model\u2026" in file_actions and "Quit" in file_actions
    assert "Loading" in window.model_status.text() or "no model" in window.model_status.text().lower()


def test_bundled_model_loads_in_background_and_status_shows_accuracy(qtbot, window):
    with qtbot.waitSignal(window.state.modelChanged, timeout=60000):
        window.state.load_model(None)
    text = window.model_status.text()
    assert "bundled default model" in text and "test accuracy 99." in text
    window.draw_tab.canvas.replay(sample_drawings()[5].strokes)
    assert int(np.argmax(window.draw_tab.last_probabilities)) == 5


def test_bad_model_file_keeps_the_previous_model(qtbot, window, tmp_path, monkeypatch):
    with qtbot.waitSignal(window.state.modelChanged, timeout=60000):
        window.state.load_model(None)
    good = window.state.model
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    bad = tmp_path / "evil.keras"
    bad.write_bytes(b"PK\x03\x04 definitely not a model")
    with qtbot.waitSignal(window.state.modelFailed, timeout=30000):
        window.load_model(str(bad))
    assert window.state.model is good
    assert shown and "evil.keras" in shown[0]
    assert "bundled default model" in window.model_status.text()


def test_settings_remember_geometry_and_tab(qtbot, window):
    window.resize(1100, 800)
    expected = window.saveGeometry()
    window.tabs.setCurrentIndex(3)
    window.close()
    s = settings()
    assert s.value("tab", 0, int) == 3
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.tabs.currentIndex() == 3
    # the offscreen screen is small, so compare what was stored rather than the clamped size
    assert s.value("geometry") == expected


def test_send_to_draw_switches_tab(qtbot, window):
    digit = np.zeros((28, 28), np.uint8)
    digit[6:22, 13:15] = 255
    window.send_to_draw(digit)
    assert window.tabs.currentWidget() is window.draw_tab
    assert window.draw_tab.canvas.has_picture()


def test_close_never_destroys_a_running_thread(qtbot, monkeypatch) -> None:
    """A task that ignores cancel for a while: the window hides, the thread is kept alive until it
    ends, and only then does the window finish closing."""
    import threading

    from mnist_gui.gui.main_window import MainWindow
    from mnist_gui.session.tasks import Task, run_task

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    monkeypatch.setattr(MainWindow, "CLOSE_WAIT_MS", 100)
    release = threading.Event()
    task = run_task(lambda state: release.wait(20), name="stubborn")
    closed: list[bool] = []
    w.destroyed.connect(lambda: closed.append(True))
    w.close()
    assert task.is_running() and not w.isVisible()
    assert w._close_state == "waiting"
    release.set()
    qtbot.waitUntil(lambda: w._close_state == "done", timeout=10000)
    assert not task.is_running() and Task.running() == []


def test_closing_the_window_during_a_run_leaves_no_training_process(qtbot, monkeypatch) -> None:
    import os

    import numpy as np
    from PySide6.QtWidgets import QMessageBox

    from mnist_gui.core import dataset, trainproc
    from mnist_gui.core.training import TrainConfig
    from mnist_gui.gui.main_window import MainWindow

    rng = np.random.default_rng(0)
    data = dataset.MnistData(x_train=rng.integers(0, 255, (600, 28, 28), dtype=np.uint8),
                             y_train=(np.arange(600) % 10).astype(np.uint8),
                             x_test=rng.integers(0, 255, (50, 28, 28), dtype=np.uint8),
                             y_test=(np.arange(50) % 10).astype(np.uint8), source="synthetic")
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.train_tab)  # shows the tab: the training process is pre-started
    w.state.data = data
    w.state.datasetChanged.emit()
    w.train_tab.set_config(TrainConfig.for_arch("small", epochs=500, batch_size=16, seed=1), 600)
    assert w.train_tab.start()
    qtbot.waitUntil(lambda: w.train_tab.run_bar.value() > 0, timeout=120_000)
    pid = trainproc.current_pid()
    assert pid is not None and os.path.exists(f"/proc/{pid}")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    from tests.gui.dialogs import answer_next_box

    answer_next_box(QMessageBox.StandardButton.Discard)  # the stopped run's model was never saved
    w.close()
    qtbot.waitUntil(lambda: not os.path.exists(f"/proc/{pid}"), timeout=10_000)  # ended and reaped
    assert trainproc.current_pid() is None


def test_a_model_used_from_a_run_folder_is_kept_and_remembered_outside_it(qtbot, window) -> None:
    """Issue 19: a trained model put to use without saving lived in the run's temporary folder,
    which close deletes; the remembered path then pointed at nothing. Close now keeps a copy under
    the per-user models folder and remembers the copy."""
    import shutil
    import tempfile
    from pathlib import Path

    from mnist_gui.session.settings import in_temporary_run_folder, kept_models_dir
    from tests.gui.digit_fakes import FakeModel

    run = Path(tempfile.mkdtemp(prefix="mnist-gui-run-"))
    try:
        model_file = run / "model.keras"
        model_file.write_bytes(b"model bytes")
        assert in_temporary_run_folder(model_file)
        window.state.set_model(FakeModel(), label="trained in this session", path=str(model_file))
        window.save_settings()
        remembered = settings().value("model_path", "", str)
    finally:
        shutil.rmtree(run)  # what closing the app does to run folders
    assert remembered
    assert not in_temporary_run_folder(remembered)
    assert Path(remembered).parent == kept_models_dir()
    assert Path(remembered).read_bytes() == b"model bytes"


def test_the_bundled_model_and_a_file_less_model_are_not_remembered(qtbot, window) -> None:
    from tests.gui.digit_fakes import FakeModel

    s = settings()
    s.setValue("model_path", "/somewhere/old.keras")
    window.state.set_model(FakeModel(), label="made in memory", path=None)
    window.save_settings()
    assert settings().value("model_path", "", str) == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_model_is_one_line_in_the_dialog(qtbot, window, tmp_path, monkeypatch, caplog):
    """Loading a FIFO (or a device) as a model says why, naming the file, and logs no failed
    background task (issue: hostile input #3)."""
    import logging

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    fifo = tmp_path / "pipe.keras"
    os.mkfifo(fifo)
    caplog.set_level(logging.INFO)
    with qtbot.waitSignal(window.state.modelFailed, timeout=30000):
        window.load_model(str(fifo))
    assert shown and "pipe.keras" in shown[0] and "not a regular file" in shown[0], shown
    assert "background task failed" not in caplog.text
    assert "Traceback" not in caplog.text


def test_an_expected_task_failure_is_logged_without_a_traceback(qtbot, caplog):
    import logging

    from mnist_gui.session.tasks import ExpectedFailure, run_task

    caplog.set_level(logging.INFO)
    errors = []

    def refuse(state):
        raise ExpectedFailure("x.keras: not a model\nsecond line")

    run_task(refuse, name="t-expected", on_error=lambda m, tb: errors.append(m))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == ["x.keras: not a model"]
    assert "background task failed" not in caplog.text and "t-expected: x.keras: not a model" in caplog.text
    errors.clear()

    def bug(state):
        raise KeyError("oops")

    run_task(bug, name="t-bug", on_error=lambda m, tb: errors.append(m))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "background task failed" in caplog.text  # a bug still leaves its traceback
    Task.stop_all(5000)
