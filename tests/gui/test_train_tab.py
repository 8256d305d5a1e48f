"""The Train tab: runs in a QThread, progress, stop, close, save, the no-dataset panel, the form.

Trains real (tiny) Keras networks on a few hundred synthetic digits, so the whole file stays well
under a minute; tests that only need the plumbing use a fake training process.
"""
from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from mnist_gui.core import dataset
from mnist_gui.core.training import Progress, TrainConfig
from mnist_gui.core.curves import RunCurves
from mnist_gui.session.state import AppState
from mnist_gui.gui.train import TrainTab
from mnist_gui.session.tasks import Task

TIMEOUT_MS = 60_000


def _synthetic(n_train: int, n_test: int, seed: int = 0) -> dataset.MnistData:
    """Ten easy classes: digit c is a bright horizontal bar at row 2 + 2.4c, plus noise."""
    rng = np.random.default_rng(seed)

    def make(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % 10
        rng.shuffle(y)
        x = rng.integers(0, 40, size=(n, 28, 28)).astype(np.uint8)
        for i, c in enumerate(y):
            r = 2 + int(2.4 * c) + int(rng.integers(-1, 2))
            x[i, max(r, 0):r + 3, 4 + int(rng.integers(0, 4)):24] = 230
        return x, y.astype(np.uint8)

    x_train, y_train = make(n_train)
    x_test, y_test = make(n_test)
    return dataset.MnistData(x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test, source="synthetic")


@pytest.fixture(scope="module")
def synthetic() -> dataset.MnistData:
    return _synthetic(400, 100)


@pytest.fixture
def state() -> AppState:
    return AppState()


@pytest.fixture
def make_tab(qtbot, state):
    tabs: list[TrainTab] = []

    def make(data: dataset.MnistData | None) -> TrainTab:
        tab = TrainTab(state)
        qtbot.addWidget(tab)
        tab.resize(1200, 800)
        tab.show()
        if data is not None:
            state.data = data
            state.datasetChanged.emit()
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        assert tab.shutdown(10_000)


def _tiny(tab: TrainTab, epochs: int, digits: int = 320, **kw: Any) -> None:
    cfg = TrainConfig.for_arch("small", epochs=epochs, batch_size=16, seed=3, **kw)
    tab.set_config(cfg, digits)


def _wait_thread_gone(qtbot, tab: TrainTab, timeout: int = TIMEOUT_MS) -> None:
    qtbot.waitUntil(lambda: tab._task is None and not Task.running(), timeout=timeout)


# ------------------------------------------------------------------------------ real training


def test_tiny_run_reports_progress_finishes_and_use_model(qtbot, state, make_tab, synthetic):
    tab = make_tab(synthetic)
    _tiny(tab, epochs=2, validation_split=0.1)
    assert tab.start_button.isEnabled() and not tab.stop_button.isEnabled()
    seen: list[int] = []
    tab.run_bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(tab.runFinished, timeout=TIMEOUT_MS) as blocker:
        qtbot.mouseClick(tab.start_button, Qt.MouseButton.LeftButton)
        assert tab.is_training()
        assert not tab.start_button.isEnabled() and tab.stop_button.isEnabled()
        assert not tab.epochs_spin.isEnabled()  # one run at a time; settings frozen meanwhile
        assert not tab.start()
    run = blocker.args[0]
    _wait_thread_gone(qtbot, tab)

    assert any(0 < v < tab.run_bar.maximum() for v in seen), seen  # the bar moved during the run
    assert tab.run_bar.value() == tab.run_bar.maximum()
    assert run.status == "finished" and not run.outcome.result.cancelled
    assert run.outcome.result.epochs_completed == 2
    assert run.test_accuracy is not None and run.test_accuracy > 0.3  # the bars are easy
    assert "Test accuracy of run 1" in tab.result_label.text()
    label = tab.result_label  # the wrapped result text gets the height it needs (it was cut in half)
    qtbot.waitUntil(lambda: label.height() + 1 >= label.heightForWidth(label.width()), timeout=5000)
    assert tab.result_value.text() == f"{100 * run.test_accuracy:.2f} %"
    assert len(run.curves.epoch_x) == 2 and len(run.curves.val_x) == 2
    assert run.curves.batch_x and run.curves.batch_x[-1] == pytest.approx(2.0)
    log = tab.log_text()
    assert "epoch 1/2" in log and "epoch 2/2" in log and "test accuracy" in log
    assert tab.runs_view.topLevelItemCount() == 1
    assert tab.runs_view.topLevelItem(0).text(10) == "finished"
    assert tab.start_button.isEnabled() and tab.use_button.isEnabled()

    with qtbot.waitSignal(state.modelChanged, timeout=30000):  # loaded from the run's model file
        qtbot.mouseClick(tab.use_button, Qt.MouseButton.LeftButton)
    assert state.model_path == run.model
    assert state.model_label == "trained small (run 1)"
    assert state.model_card["architecture"] == "small"
    assert state.model_card["test_accuracy"] == pytest.approx(run.test_accuracy, abs=1e-6)
    assert state.model_card["dataset_sha256"] == synthetic.checksum()
    probs = np.asarray(state.model(np.zeros((1, 28, 28, 1), np.float32), training=False))
    assert probs.shape == (1, 10)


def test_stop_ends_the_thread_quickly_and_keeps_the_weights(qtbot, make_tab, synthetic):
    tab = make_tab(synthetic)
    _tiny(tab, epochs=500)
    with qtbot.waitSignal(tab.runFinished, timeout=TIMEOUT_MS) as blocker:
        tab.start()
        qtbot.waitUntil(lambda: tab.run_bar.value() > 0, timeout=TIMEOUT_MS)  # batches are flowing
        qtbot.mouseClick(tab.stop_button, Qt.MouseButton.LeftButton)
        assert not tab.stop_button.isEnabled()
    _wait_thread_gone(qtbot, tab)  # how fast is measured by benchmarks/ui_responsiveness.py
    run = blocker.args[0]
    r = run.outcome.result
    assert run.status == "stopped" and r.cancelled
    assert 0 < r.batches_completed < 500 * 20
    assert run.test_accuracy is not None  # the weights trained so far were kept and evaluated
    from mnist_gui.core import store

    assert store.load_model(run.model).predict_on_batch(synthetic.x_test[:4, :, :, None] / 255.0).shape == (4, 10)
    assert "Stop requested" in tab.log_text() and "stopped after" in tab.log_text()
    assert tab.use_button.isEnabled() and tab.start_button.isEnabled()


def test_closing_during_a_run_asks_then_stops_cleanly(qtbot, make_tab, synthetic, monkeypatch):
    tab = make_tab(synthetic)
    _tiny(tab, epochs=500)
    tab.start()
    qtbot.waitUntil(lambda: tab.run_bar.value() > 0, timeout=TIMEOUT_MS)

    asked: list[str] = []
    answer = {"value": QMessageBox.StandardButton.No}

    def question(parent, title, text, *args, **kwargs):
        asked.append(title)
        return answer["value"]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    assert tab.confirm_close(None) is False  # the user keeps training
    assert tab.is_training() and asked == ["Training in progress"]

    answer["value"] = QMessageBox.StandardButton.Yes
    assert tab.confirm_close(None) is True
    assert not tab.is_training()
    assert Task.running() == []
    assert tab.confirm_close(None) is True and len(asked) == 2  # nothing left to ask about


def test_shutdown_right_after_start_leaves_no_thread(qtbot, make_tab, synthetic):
    tab = make_tab(synthetic)
    _tiny(tab, epochs=500)
    tab.start()
    assert tab.shutdown(30_000)
    assert Task.running() == []
    assert not tab.is_training()
    QApplication.sendPostedEvents()  # the thread's queued signals arrive at a closing tab: nothing happens
    QApplication.processEvents()
    assert not tab.start()


def test_save_as_writes_a_loadable_model_and_card(qtbot, make_tab, synthetic, monkeypatch, tmp_path):
    from mnist_gui.core import store

    tab = make_tab(synthetic)
    _tiny(tab, epochs=1, digits=96)
    with qtbot.waitSignal(tab.runFinished, timeout=TIMEOUT_MS) as blocker:
        tab.start()
    _wait_thread_gone(qtbot, tab)
    run = blocker.args[0]

    target = tmp_path / "mine.keras"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert target.is_file()
    card = json.loads(store.card_path(target).read_text())
    assert card["architecture"] == "small" and card["hyperparameters"]["training_digits"] == 96
    assert card["test_accuracy"] == pytest.approx(run.test_accuracy, abs=1e-6)
    loaded = store.load_model(target)
    x = synthetic.x_test[:8, :, :, None].astype(np.float32) / 255.0
    np.testing.assert_allclose(loaded.predict_on_batch(x), store.load_model(run.model).predict_on_batch(x), atol=1e-5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.card.json", "mine.keras"]  # no temp left

    # a failing save shows a message box and leaves no file
    bad = tmp_path / "missing-folder" / "x.keras"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    assert tab.save_model_as() is None
    box = tab._message_boxes[-1]
    assert box.isVisible() and "folder does not exist" in box.text()
    box.close()
    assert "Saving failed" in tab.log_text()


# ------------------------------------------------------------------- plumbing with a fake train


class _FakeProcess:
    """Stands in for core.trainproc.TrainingProcess: sends made-up progress from the supervising
    thread, so that the plumbing tests run in milliseconds (the real process has its own tests)."""

    def __init__(self, batches: int = 50, epochs: int = 2, error: str | None = None,
                 model_path: str | None = None) -> None:
        self.batches, self.epochs, self.error, self.model_path = batches, epochs, error, model_path

    def kill(self) -> None:
        pass

    def run(self, spec, on_event, stop, abort, stop_timeout=3.0):
        from mnist_gui.core import trainproc

        if self.error:
            raise trainproc.TrainingProcessError(self.error)
        rng = np.random.default_rng(spec["config"]["epochs"])
        batches, epochs = self.batches, self.epochs
        for e in range(1, epochs + 1):
            mean_loss = mean_acc = 0.0
            for b in range(1, batches + 1):
                loss = 2.0 * math.exp(-(e - 1 + b / batches)) + 0.1 * rng.random()
                mean_loss += (loss - mean_loss) / b
                mean_acc += ((1 - loss / 2.2) - mean_acc) / b
                on_event({"kind": "progress", "p": vars(Progress("batch", e, epochs, b, batches, loss=mean_loss,
                                                                   accuracy=mean_acc, samples_per_sec=1000.0,
                                                                   elapsed_s=e + b / batches))})
            on_event({"kind": "progress", "p": vars(Progress("epoch", e, epochs, batches, batches, loss=mean_loss,
                                                               accuracy=mean_acc, val_loss=mean_loss * 0.9,
                                                               val_accuracy=min(1.0, mean_acc + 0.02)))})
        summary = trainproc.RunSummary(epochs_completed=epochs, batches_completed=epochs * batches,
                                       train_time_s=1.0, samples_per_sec=1000.0, samples_trained=100)
        return trainproc.JobResult(summary, self.model_path, {"architecture": spec["config"]["arch"]}, 0.5, True)


@pytest.fixture(scope="module")
def fake_model_file(tmp_path_factory) -> str:
    from mnist_gui.core import models

    p = tmp_path_factory.mktemp("fake") / "model.keras"
    models.build_model("small").save(p)
    return str(p)


def _fake_process(monkeypatch, **kw: Any) -> None:
    from mnist_gui.core import trainproc

    monkeypatch.setattr(trainproc, "take", lambda: _FakeProcess(**kw))


def test_selecting_two_runs_overlays_their_curves_and_redraws_are_coalesced(qtbot, make_tab, synthetic,
                                                                            monkeypatch, fake_model_file):
    _fake_process(monkeypatch, batches=200, model_path=fake_model_file)
    tab = make_tab(synthetic)
    _tiny(tab, epochs=2, validation_split=0.1)
    for expected in (1, 2):
        draws_before = tab.plots.draw_count
        with qtbot.waitSignal(tab.runFinished, timeout=TIMEOUT_MS):
            tab.start()
        _wait_thread_gone(qtbot, tab)
        # 400 batch reports arrived in a burst: the plots redrew a few times at most
        assert len(tab.runs[-1].curves.batch_x) == 400
        assert tab.plots.draw_count - draws_before <= 6
        assert tab.runs[-1].number == expected

    tab.select_runs(1, 2)
    assert tab.plots.primary is tab.runs[1].curves
    assert tab.plots.comparison is tab.runs[0].curves
    tab.plots.flush()
    dashed = tab.plots.lines["loss"]["cmp_batch"]
    assert dashed.get_linestyle() == "--" and len(dashed.get_xdata()) == 400
    legend = [t.get_text() for t in tab.plots._legend.get_texts()]
    assert any(t.startswith("run 1:") for t in legend) and any(t.startswith("run 2:") for t in legend)

    tab.select_runs(1)
    assert tab.plots.primary is tab.runs[0].curves and tab.plots.comparison is None
    assert "run 1" in tab.result_label.text()


def test_a_failing_run_is_logged_and_shown_not_raised(qtbot, make_tab, synthetic, monkeypatch):
    _fake_process(monkeypatch, error="the network exploded")
    tab = make_tab(synthetic)
    with qtbot.waitSignal(tab.runFinished, timeout=TIMEOUT_MS) as blocker:
        tab.start()
    _wait_thread_gone(qtbot, tab)
    assert blocker.args[0].status == "failed"
    assert "the network exploded" in tab.log_text()
    box = tab._message_boxes[-1]
    assert box.isVisible() and "the network exploded" in box.text()
    box.close()
    assert tab.start_button.isEnabled() and not tab.use_button.isEnabled()


# ------------------------------------------------------------------------- no data set, the form


def test_no_dataset_panel_offers_download_and_folder(qtbot, state, make_tab, synthetic, monkeypatch):
    calls: list[tuple] = []
    monkeypatch.setattr(state, "load_dataset", lambda path=None, *, allow_download=False: calls.append(
        (path, allow_download)))
    cancelled: list[bool] = []
    monkeypatch.setattr(state, "cancel_dataset", lambda: cancelled.append(True))
    tab = make_tab(None)
    panel = tab.data_panel  # the same missing-data panel as the Dataset and Errors tabs, as a banner
    assert panel.isVisible() and panel.title.text() == "MNIST not found"
    assert not tab.start_button.isEnabled()

    qtbot.mouseClick(panel.download_button, Qt.MouseButton.LeftButton)
    assert calls == [(None, True)]

    state.datasetLoading.emit()
    state.datasetProgress.emit(2_000_000, 11_000_000, "downloading MNIST")
    assert panel.progress_box.isVisible() and panel.progress.value() == 181
    assert panel.title.text() == "Downloading MNIST…" and not panel.download_button.isEnabled()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert cancelled == [True]
    state.datasetFailed.emit("download cancelled")
    assert panel.error.isVisible() and "cancelled" in panel.error.text().lower()
    assert panel.download_button.isEnabled() and not panel.progress_box.isVisible()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: "/some/folder"))
    qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    assert calls[-1] == ("/some/folder", False)

    state.data = synthetic
    state.datasetChanged.emit()
    assert not panel.isVisible()
    assert tab.start_button.isEnabled()
    assert tab.digits_spin.maximum() == synthetic.num_train


def test_invalid_settings_cannot_be_entered(qtbot, make_tab, synthetic):
    tab = make_tab(synthetic)
    for spin, low, high in ((tab.epochs_spin, 1, 1000), (tab.batch_spin, 1, 8192), (tab.val_spin, 0, 50),
                            (tab.digits_spin, 10, synthetic.num_train)):
        spin.setValue(-5)
        assert spin.value() == low
        spin.setValue(10**6)
        assert spin.value() == high
    tab.lr_spin.setValue(5.0)
    assert tab.lr_spin.value() == 1.0
    tab.lr_spin.setValue(0.0)
    assert tab.lr_spin.value() == pytest.approx(1e-5)

    tab.lr_spin.setValue(0.002)
    edit = tab.lr_spin.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, "abc")  # letters are refused outright
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert tab.lr_spin.value() == pytest.approx(0.002)
    edit.selectAll()
    qtbot.keyClicks(edit, "7")  # out of range: not accepted
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert tab.lr_spin.value() <= 1.0
    edit.selectAll()
    qtbot.keyClicks(edit, "3e-4")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert tab.lr_spin.value() == pytest.approx(3e-4)

    # log-ish steps
    tab.lr_spin.setValue(0.002)
    tab.lr_spin.stepBy(1)
    assert tab.lr_spin.value() == pytest.approx(0.003)
    tab.lr_spin.stepBy(-2)
    assert tab.lr_spin.value() == pytest.approx(0.001)
    tab.batch_spin.setValue(100)
    tab.batch_spin.stepBy(1)
    assert tab.batch_spin.value() == 128
    tab.batch_spin.setValue(100)
    tab.batch_spin.stepBy(-1)
    assert tab.batch_spin.value() == 64

    tab.seed_spin.setValue(-1)
    assert tab.seed_spin.text() == "random" and tab.config().seed is None
    tab.config().validate()  # whatever the widgets hold is a valid run


def test_presets_and_architecture_defaults(qtbot, make_tab):
    tab = make_tab(_synthetic(20_000, 50))
    combo = tab.preset_combo
    titles = [combo.itemText(i) for i in range(combo.count())]
    assert titles[:3] == ["Quick (under a minute, 99.2%)", "Tutorial (exact)", "Best (99.6% in under 10 min)"]

    def choose(title: str) -> None:
        combo.setCurrentIndex(titles.index(title))
        combo.activated.emit(titles.index(title))

    choose(titles[0])
    cfg = tab.config()
    assert (cfg.arch, cfg.epochs, cfg.batch_size, cfg.lr_schedule) == ("quick", 3, 128, "onecycle")
    assert tab.digits_spin.value() == 20_000  # all of them
    assert "measured here" in combo.itemData(0, Qt.ItemDataRole.ToolTipRole).lower()
    choose("Tutorial (exact)")
    cfg = tab.config()
    assert (cfg.arch, cfg.epochs, cfg.batch_size, cfg.learning_rate) == ("tutorial", 3, 32, pytest.approx(1e-3))
    assert not cfg.augment and cfg.lr_schedule == "constant" and tab.digits_spin.value() == 20_000
    assert "tutorial" in tab.settings.arch_description.text().lower()
    choose(titles[2])
    cfg = tab.config()
    assert (cfg.arch, cfg.epochs, cfg.augment, cfg.lr_schedule) == ("lenet", 15, True, "onecycle")

    # picking a network loads its defaults and the preset becomes "Custom"
    tab.arch_combo.setCurrentIndex(tab.arch_combo.findData("small"))
    cfg = tab.config()
    assert cfg == TrainConfig.for_arch("small", seed=cfg.seed)
    assert combo.currentText() == "Custom"
    tab.epochs_spin.setValue(4)
    assert combo.currentText() == "Custom"


def test_run_curves_recover_interval_means_from_running_means():
    curves = RunCurves("r")
    losses = [2.0, 1.0, 0.5, 0.25]
    mean = 0.0
    for b, loss in enumerate(losses, 1):
        mean += (loss - mean) / b
        if b % 2 == 0:  # reports every second batch, like a throttled callback
            curves.add(Progress("batch", 1, 1, b, 4, loss=mean, accuracy=0.5))
    assert curves.batch_loss_raw == pytest.approx([1.5, 0.375])
    assert curves.batch_x == pytest.approx([0.5, 1.0])
    assert curves.batch_loss[0] == pytest.approx(1.5)  # bias-corrected: starts at the first value
    assert 0.375 < curves.batch_loss[1] < 1.5
