"""The Train tab: settings, a background training run with live plots, and what to do with the result.

Threads: one run at a time, in a :class:`~mnist_gui.gui.workers.Task` (a QObject worker in its
own QThread) that calls :func:`mnist_gui.core.training.train` and then evaluates the model on the
test set. Progress travels as ``core.training.Progress`` objects (plain numbers only) through a
queued signal, at most about ten per second; Stop sets the run's ``threading.Event``, which the
training callback checks after every batch. The GUI thread alone touches widgets and matplotlib,
and the trained model is used here only after the worker thread has ended.

Run alone for a look: ``python -m mnist_gui.gui.train_tab`` (MNIST from ``MNIST_DIR`` or the
per-user folder; if it is not there the tab offers to download it).
"""
from __future__ import annotations

import datetime as _dt
import html
import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QObject, QSettings, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mnist_gui.core import models
from mnist_gui.core.training import Progress, TrainConfig
from mnist_gui.gui.plots import RunCurves, TrainingPlots
from mnist_gui.gui.state import AppState
from mnist_gui.gui.workers import Task, TaskState

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.1  # batch reports from the worker: at most ~10 per second
UI_REFRESH_S = 0.25  # progress bars and the status line: at most 4 updates per second
BAR_STEPS = 200  # progress bars move in 0.5 % steps: QProgressBar repaints synchronously on each change

SCHEDULES = [("constant", "Constant"), ("cosine", "Cosine decay (with warm-up)"),
             ("onecycle", "One-cycle (rise, then fall)")]


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    arch: str
    tooltip: str
    overrides: dict[str, Any] = field(default_factory=dict)
    digits: int | None = None  # None: the whole training set


PRESETS = [
    Preset("quick", "Quick (under a minute, 99.2%)", "quick",
           "A LeNet-like network with batch norm, 3 epochs on all 60,000 digits with a one-cycle "
           "learning rate. Measured here (2-core CPU, benchmarks/time_to_accuracy.py): 99.0% test "
           "accuracy after {quick_s} s, 99.2% at the end of the run (about 40 s)."),
    Preset("tutorial", "Tutorial (exact)", "tutorial",
           "The classic Keras tutorial unchanged: its network, Adam 0.001, batch 32, 3 epochs on "
           "all 60,000 digits; about 97.7%. Measured here: about 4 minutes."),
    Preset("best", "Best (99.6%)", "default",
           "The default network with augmentation and a cosine learning-rate schedule, 15 epochs on "
           "all 60,000 digits; about 99.6%, but slow on a CPU."),
]
CUSTOM = "Custom"


# ----------------------------------------------------------------------------- worker side


@dataclass
class RunOutcome:
    """What the supervising thread hands back once the run has ended."""

    result: Any  # core.trainproc.RunSummary: epochs, batches, cancelled, time, speed, history
    test_accuracy: float | None
    card: dict[str, Any]
    evaluated: bool
    model_path: str | None = None  # the trained weights, written by the training process
    folder: str | None = None  # the run's working folder (removed when the tab shuts down)
    message: str = ""  # e.g. the process had to be ended after Stop


def make_train_job(config: TrainConfig, x: np.ndarray, y: np.ndarray, x_test: np.ndarray,
                   y_test: np.ndarray, *, dataset: Any, abort: threading.Event,
                   progress_interval: float = PROGRESS_INTERVAL_S,
                   test_each_epoch: bool = False) -> Callable[[TaskState], RunOutcome]:
    """The function a training Task runs in its QThread: it supervises the training process.

    The digits go to the process as a file; the process trains (TensorFlow never runs in this
    process's threads, so the window never waits for it), evaluates on the test set and writes
    the model file and its card. Progress, log lines and results come back as plain data.

    Args:
        config: the run's settings.
        x, y: training digits (uint8) and labels; the run may use fewer than the data set has.
        x_test, y_test: the test set the final accuracy is measured on.
        dataset: the ``MnistData`` (for its checksum in the model card).
        abort: set when the window closes: stops and skips the evaluation. The TaskState's own
            ``cancel_event`` (the Stop button) stops training but keeps the weights and still
            evaluates them. A process that does not answer within 3 s is ended.
        progress_interval: minimum seconds between batch reports.
        test_each_epoch: also measure the test accuracy after every epoch (reported as a
            partial ``{"kind": "epoch_test", ...}`` dictionary; used by benchmarks).
    """

    def job(ts: TaskState) -> RunOutcome:
        from mnist_gui.core import trainproc

        folder = trainproc.new_job_folder()
        try:
            data_path = trainproc.write_job_data(folder, x, y, x_test, y_test)
        except OSError as e:
            trainproc.remove_job_folder(folder)
            raise trainproc.TrainingProcessError(f"cannot prepare the run's data in {folder}: "
                                                 f"{e.strerror or e}") from None
        spec = {"config": config.to_dict(), "data_path": str(data_path), "out_dir": str(folder),
                "progress_interval": progress_interval, "test_each_epoch": test_each_epoch,
                "dataset_sha256": dataset.checksum() if dataset is not None else None}
        forwarded = logging.getLogger("mnist_gui.training")

        def on_event(msg: dict) -> None:
            kind = msg.get("kind")
            if kind == "progress":
                ts.partial(Progress(**msg["p"]))
            elif kind == "eval":
                ts.progress(int(msg["done"]), int(msg["total"]), "evaluating")
            elif kind == "log":
                forwarded.log(int(msg.get("level", logging.INFO)), "%s", msg.get("text", ""))
            elif kind == "epoch_test":
                ts.partial(dict(msg))

        proc = trainproc.take()
        try:
            r = proc.run(spec, on_event, stop=ts.cancel_event, abort=abort)
        except trainproc.TrainingProcessError:
            trainproc.forget(proc)
            proc.kill()
            raise
        if r.killed:
            trainproc.forget(proc)
        return RunOutcome(r.summary, r.test_accuracy, r.card, r.evaluated, r.model_path, str(folder), r.message)

    return job


# ------------------------------------------------------------------------------- run records


@dataclass
class RunRecord:
    """One training run of this session."""

    number: int
    config: TrainConfig
    digits: int
    curves: RunCurves
    status: str = "starting"  # starting, running, finished, stopped, failed
    started: float = field(default_factory=time.time)
    outcome: RunOutcome | None = None
    error: str | None = None
    epoch_elapsed: list[float] = field(default_factory=list)  # Progress.elapsed_s at each epoch end
    last_epoch: Progress | None = None
    item: QTreeWidgetItem | None = field(default=None, repr=False)

    @property
    def model(self) -> str | None:
        """The trained model's file (None while running or after a failure)."""
        if self.outcome is None or not self.outcome.model_path or not Path(self.outcome.model_path).exists():
            return None
        return self.outcome.model_path

    @property
    def test_accuracy(self) -> float | None:
        return self.outcome.test_accuracy if self.outcome is not None else None

    @property
    def label(self) -> str:
        return f"run {self.number}"

    def epochs_done_text(self) -> str:
        if self.outcome is None:
            return ""
        r = self.outcome.result
        if r.cancelled and self.curves.batches_per_epoch:
            return f"{r.batches_completed / self.curves.batches_per_epoch:.1f}"
        return str(r.epochs_completed)


# ---------------------------------------------------------------------------- small widgets


class LogStepSpinBox(QDoubleSpinBox):
    """A learning-rate box: shows 0.002 / 1e-05 compactly and steps along 1, 2, 5, 10, ..."""

    LADDER = (1.0, 2.0, 3.0, 5.0)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(6)
        self.setRange(1e-5, 1.0)
        self.setKeyboardTracking(False)
        self.setAccelerated(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        t = text.strip().replace(",", ".")
        if not t:
            return QValidator.State.Intermediate, text, pos
        if any(ch not in "0123456789.eE+-" for ch in t):
            return QValidator.State.Invalid, text, pos
        try:
            v = float(t)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        if self.minimum() <= v <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def fixup(self, text: str) -> str:
        return self.textFromValue(self.value())

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        v = self.value()
        for _ in range(abs(steps)):
            v = self._next(v, up=steps > 0)
        self.setValue(min(max(v, self.minimum()), self.maximum()))

    def _next(self, v: float, *, up: bool) -> float:
        ladder = sorted({round(m * 10.0 ** e, 12) for e in range(-6, 1) for m in self.LADDER})
        if up:
            bigger = [c for c in ladder if c > v * (1 + 1e-9)]
            return bigger[0] if bigger else v
        smaller = [c for c in ladder if c < v * (1 - 1e-9)]
        return smaller[-1] if smaller else v


class PowerOfTwoSpinBox(QSpinBox):
    """Batch size: any value may be typed; the arrows step through powers of two."""

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        v = self.value()
        for _ in range(abs(steps)):
            if steps > 0:
                v = 1 << v.bit_length() if v > 0 else 1
            else:
                v = max(1, 1 << (v - 1).bit_length() - 1) if v > 1 else 1
        self.setValue(min(max(v, self.minimum()), self.maximum()))


class _LogSignal(QObject):
    message = Signal(str, int)


class _LogBridge(logging.Handler):
    """Forwards warnings logged by any thread to the GUI thread (through a queued signal)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.signal = _LogSignal()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.signal.message.emit(record.getMessage(), record.levelno)
        except RuntimeError:  # the tab is gone
            pass


class _RateMeter:
    """Digits per second from consecutive progress reports, smoothed over a couple of seconds."""

    def __init__(self) -> None:
        self.rate = 0.0
        self._last: tuple[float, float] | None = None

    def update(self, samples: float, elapsed: float) -> float:
        if self._last is not None:
            ds, dt = samples - self._last[0], elapsed - self._last[1]
            if dt > 0 and ds > 0:
                inst = ds / dt
                w = 1 - math.exp(-dt / 2.0)
                self.rate = inst if self.rate <= 0 else self.rate + w * (inst - self.rate)
        self._last = (samples, elapsed)
        return self.rate


def _set_bar(bar: QProgressBar, fraction: float) -> None:
    """Set a 0..BAR_STEPS bar from a fraction, only when the shown value changes."""
    value = int(round(BAR_STEPS * min(max(fraction, 0.0), 1.0)))
    if value != bar.value():
        bar.setValue(value)


def _fmt_duration(seconds: float) -> str:
    if not math.isfinite(seconds) or seconds < 0:
        return "?"
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _pct(v: float | None, decimals: int = 2) -> str:
    return "–" if v is None or not math.isfinite(v) else f"{100 * v:.{decimals}f} %"


# ------------------------------------------------------------------------------------ the tab


class TrainTab(QWidget):
    """Settings, run control, live plots, run list and the trained model's fate.

    Signals:
        modelReady(): a run ended with a usable model (also a stopped one).
        runFinished(object): a run ended (its RunRecord), successfully, stopped or failed.
    """

    modelReady = Signal()
    runFinished = Signal(object)
    epochTested = Signal(int, float, float)  # epoch, test accuracy, seconds the measurement took

    RUN_COLUMNS = ["Run", "Network", "Epochs", "Batch", "Learning rate", "Digits", "Aug.",
                   "Val. acc.", "Test acc.", "Time", "Status"]

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runs: list[RunRecord] = []
        self._task: Task | None = None
        self._previous_task: Task | None = None
        self._live: RunRecord | None = None
        self._abort = threading.Event()
        self._stop_requested = False
        self._closing = False
        self._prestarted = False
        self.test_each_epoch = False  # benchmarks: the test accuracy after every epoch
        self._applying = False
        self._rate = _RateMeter()
        self._pending_progress: Progress | None = None
        self._ui_timer = QTimer(self)
        self._ui_timer.setSingleShot(True)
        self._ui_timer.setInterval(int(UI_REFRESH_S * 1000))
        self._ui_timer.timeout.connect(self._refresh_progress)
        self._message_boxes: list[QMessageBox] = []
        self._log_bridge = _LogBridge()
        self._log_bridge.signal.message.connect(self._on_logged)
        self._build_ui()
        self._restore_settings()
        state.datasetChanged.connect(self._on_dataset_changed)
        state.datasetFailed.connect(self._on_dataset_failed)
        state.datasetLoading.connect(self._on_dataset_loading)
        state.datasetProgress.connect(self._on_dataset_progress)
        if state.data is not None:
            self._on_dataset_changed()
        else:
            self._show_no_data(loading=self._dataset_task_running())
        self._update_controls()

    # ================================================================== building the UI
    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.setSpacing(8)
        outer.addWidget(self._build_data_panel())

        self.v_split = QSplitter(Qt.Orientation.Vertical)
        self.v_split.setChildrenCollapsible(False)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setChildrenCollapsible(False)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(8)
        lv.addWidget(self._build_settings())
        lv.addWidget(self._build_result())
        lv.addStretch(1)
        top.addWidget(left)
        top.addWidget(self._build_plots_and_progress())
        top.setStretchFactor(0, 0)
        top.setStretchFactor(1, 1)
        top.setSizes([330, 900])
        self.h_split = top
        self.v_split.addWidget(top)
        self.v_split.addWidget(self._build_bottom())
        self.v_split.setStretchFactor(0, 3)
        self.v_split.setStretchFactor(1, 1)
        self.v_split.setSizes([560, 230])
        outer.addWidget(self.v_split, 1)

    def _build_data_panel(self) -> QFrame:
        panel = QFrame(objectName="datasetPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setStyleSheet(
            "#datasetPanel { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 6px; }"
            "#datasetPanel QLabel { background: transparent; }")
        lay = QGridLayout(panel)
        lay.setContentsMargins(14, 10, 14, 10)
        lay.setHorizontalSpacing(12)
        self.data_title = QLabel("MNIST not found")
        f = self.data_title.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        self.data_title.setFont(f)
        self.data_text = QLabel(
            "Training needs the MNIST handwritten digits (70,000 images, about 11 MB). "
            "Download them, or choose a folder that holds mnist.npz or the four IDX files.")
        self.data_text.setWordWrap(True)
        self.data_error = QLabel()
        self.data_error.setWordWrap(True)
        self.data_error.setStyleSheet("color: #b3261e;")
        self.data_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_error.hide()
        self.data_progress = QProgressBar()
        self.data_progress.setRange(0, 0)
        self.data_progress.setTextVisible(True)
        self.data_progress.hide()
        self.download_button = QPushButton("Download")
        self.download_button.setToolTip("Download mnist.npz (11 MB, SHA-256 verified) into the per-user data folder")
        self.download_button.clicked.connect(self._download_dataset)
        self.choose_button = QPushButton("Choose folder…")
        self.choose_button.clicked.connect(self._choose_dataset_folder)
        self.data_cancel_button = QPushButton("Cancel")
        self.data_cancel_button.clicked.connect(self.state.cancel_dataset)
        self.data_cancel_button.hide()
        lay.addWidget(self.data_title, 0, 0)
        lay.addWidget(self.data_text, 1, 0)
        lay.addWidget(self.data_error, 2, 0)
        lay.addWidget(self.data_progress, 3, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.data_cancel_button)
        lay.addLayout(buttons, 0, 1, 4, 1, Qt.AlignmentFlag.AlignVCenter)
        lay.setColumnStretch(0, 1)
        self.data_panel = panel
        return panel

    def _build_settings(self) -> QWidget:
        box = QGroupBox("Settings")
        box.setMinimumWidth(300)
        v = QVBoxLayout(box)
        v.setSpacing(8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(7)

        self.preset_combo = QComboBox()
        for p in PRESETS:
            self.preset_combo.addItem(p.title, p.key)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, p.tooltip, Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.addItem(CUSTOM, "custom")
        self.preset_combo.setItemData(self.preset_combo.count() - 1, "Your own settings",
                                      Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.activated.connect(self._on_preset_activated)
        form.addRow("Preset", self.preset_combo)

        self.arch_combo = QComboBox()
        for name in models.architecture_names():
            a = models.get_architecture(name)
            self.arch_combo.addItem(a.title, name)
            self.arch_combo.setItemData(self.arch_combo.count() - 1, a.description, Qt.ItemDataRole.ToolTipRole)
        self.arch_combo.currentIndexChanged.connect(self._on_arch_changed)
        form.addRow("Network", self.arch_combo)
        self.arch_description = QLabel()
        self.arch_description.setWordWrap(True)
        self.arch_description.setStyleSheet("color: palette(placeholder-text);")
        small = self.arch_description.font()
        small.setPointSizeF(small.pointSizeF() * 0.92)
        self.arch_description.setFont(small)
        form.addRow("", self.arch_description)

        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 1000)
        self.epochs_spin.setToolTip("Passes over the training digits (1 to 1000)")
        form.addRow("Epochs", self.epochs_spin)

        self.batch_spin = PowerOfTwoSpinBox()
        self.batch_spin.setRange(1, 8192)
        self.batch_spin.setToolTip("Digits per gradient step (1 to 8192); the arrows step through powers of two")
        form.addRow("Batch size", self.batch_spin)

        self.lr_spin = LogStepSpinBox()
        self.lr_spin.setToolTip("Adam learning rate (0.00001 to 1); the arrows step 1, 2, 3, 5, 10, …")
        form.addRow("Learning rate", self.lr_spin)

        self.schedule_combo = QComboBox()
        for key, title in SCHEDULES:
            self.schedule_combo.addItem(title, key)
        form.addRow("Rate schedule", self.schedule_combo)

        self.val_spin = QSpinBox()
        self.val_spin.setRange(0, 50)
        self.val_spin.setSingleStep(5)
        self.val_spin.setSuffix(" %")
        self.val_spin.setSpecialValueText("none")
        self.val_spin.setToolTip("Share of the training digits held out to validate after every epoch (0 to 50 %)")
        form.addRow("Validation", self.val_spin)

        self.augment_check = QCheckBox("on")
        self.augment_check.setToolTip("Random small rotations, zooms and shifts of the training digits")
        form.addRow("Augmentation", self.augment_check)

        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(-1, 2_147_483_647)
        self.seed_spin.setSpecialValueText("random")
        self.seed_spin.setValue(1)
        self.seed_spin.setToolTip("Random seed for a repeatable run; 'random' (below 0) for a different run each time")
        form.addRow("Seed", self.seed_spin)

        self.digits_spin = QSpinBox()
        self.digits_spin.setRange(10, 60_000)
        self.digits_spin.setSingleStep(1000)
        self.digits_spin.setGroupSeparatorShown(True)
        self.digits_spin.setValue(60_000)
        self.digits_spin.setToolTip("Train on the first N training digits only (a quicker, less accurate run)")
        self.digits_of = QLabel("of 60,000")
        digits_row = QHBoxLayout()
        digits_row.addWidget(self.digits_spin, 1)
        digits_row.addWidget(self.digits_of)
        form.addRow("Training digits", digits_row)
        v.addLayout(form)

        for w in (self.epochs_spin, self.batch_spin, self.lr_spin, self.val_spin, self.seed_spin, self.digits_spin):
            w.valueChanged.connect(self._on_setting_edited)
        self.schedule_combo.currentIndexChanged.connect(self._on_setting_edited)
        self.augment_check.toggled.connect(self._on_setting_edited)

        self.estimate_label = QLabel()
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setStyleSheet("color: palette(placeholder-text);")
        v.addWidget(self.estimate_label)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("Start training")
        self.start_button.setDefault(True)
        bf = self.start_button.font()
        bf.setBold(True)
        self.start_button.setFont(bf)
        self.start_button.setMinimumHeight(32)
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setMinimumHeight(32)
        self.stop_button.setToolTip("Finish the current batch and keep the weights trained so far")
        self.stop_button.clicked.connect(self.request_stop)
        buttons.addWidget(self.start_button, 2)
        buttons.addWidget(self.stop_button, 1)
        v.addLayout(buttons)
        self.settings_box = box
        self._settings_widgets = [self.preset_combo, self.arch_combo, self.epochs_spin, self.batch_spin,
                                  self.lr_spin, self.schedule_combo, self.val_spin, self.augment_check,
                                  self.seed_spin, self.digits_spin]
        self._apply_preset(PRESETS[0])
        return box

    def _build_result(self) -> QWidget:
        box = QGroupBox("Trained model")
        v = QVBoxLayout(box)
        v.setSpacing(4)
        self.result_value = QLabel("–")
        f = self.result_value.font()
        f.setPointSizeF(f.pointSizeF() * 1.9)
        f.setBold(True)
        self.result_value.setFont(f)
        self.result_label = QLabel("No trained model yet")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet("color: palette(placeholder-text);")
        v.addWidget(self.result_value)
        v.addWidget(self.result_label)
        row = QHBoxLayout()
        self.use_button = QPushButton("Use this model")
        self.use_button.setToolTip("Make this run's model the app's model (the Draw tab and the others switch to it)")
        self.use_button.clicked.connect(self.use_model)
        self.save_button = QPushButton("Save as…")
        self.save_button.setToolTip("Save this run's model (.keras) with its model card")
        self.save_button.clicked.connect(self.save_model_as)
        row.addWidget(self.use_button, 1)
        row.addWidget(self.save_button, 1)
        v.addLayout(row)
        return box

    def _build_plots_and_progress(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(6)
        self.plots = TrainingPlots()
        v.addWidget(self.plots, 1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.run_bar_label = QLabel("Run")
        self.run_bar = QProgressBar()
        self.run_bar.setRange(0, BAR_STEPS)
        self.run_bar.setFormat("%p%")
        self.epoch_bar_label = QLabel("Epoch")
        self.epoch_bar = QProgressBar()
        self.epoch_bar.setRange(0, BAR_STEPS)
        self.epoch_bar.setFormat("%p%")
        for lab in (self.run_bar_label, self.epoch_bar_label):
            lab.setMinimumWidth(90)
        grid.addWidget(self.run_bar_label, 0, 0)
        grid.addWidget(self.run_bar, 0, 1)
        grid.addWidget(self.epoch_bar_label, 1, 0)
        grid.addWidget(self.epoch_bar, 1, 1)
        grid.setColumnStretch(1, 1)
        v.addLayout(grid)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setMinimumWidth(100)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        v.addWidget(self.status_label)
        return w

    def _build_bottom(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)

        runs_box = QGroupBox("Runs this session")
        rv = QVBoxLayout(runs_box)
        rv.setSpacing(6)
        self.runs_view = QTreeWidget()
        self.runs_view.setColumnCount(len(self.RUN_COLUMNS))
        self.runs_view.setHeaderLabels(self.RUN_COLUMNS)
        self.runs_view.setRootIsDecorated(False)
        self.runs_view.setUniformRowHeights(True)
        self.runs_view.setAlternatingRowColors(True)
        self.runs_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.runs_view.setToolTip("Select a run to show its curves; select two to compare them (the older one dashed)")
        header = self.runs_view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.runs_view.itemSelectionChanged.connect(self._on_run_selection)
        rv.addWidget(self.runs_view, 1)


        log_box = QGroupBox("Log")
        lv = QVBoxLayout(log_box)
        self.log_view = QPlainTextEdit()
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)
        self.log_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSizeF(self.font().pointSizeF() * 0.9)
        self.log_view.setFont(mono)
        lv.addWidget(self.log_view)

        split.addWidget(runs_box)
        split.addWidget(log_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 500])
        self.bottom_split = split
        return split

    # ======================================================================= settings
    def config(self) -> TrainConfig:
        """The run the form describes (always valid: the widgets only hold valid values)."""
        seed = self.seed_spin.value()
        return TrainConfig(
            arch=self.arch_combo.currentData(),
            epochs=self.epochs_spin.value(),
            batch_size=self.batch_spin.value(),
            learning_rate=float(self.lr_spin.value()),
            augment=self.augment_check.isChecked(),
            lr_schedule=self.schedule_combo.currentData(),
            validation_split=self.val_spin.value() / 100.0,
            seed=None if seed < 0 else seed,
        )

    def training_digits(self) -> int:
        n = self.digits_spin.value()
        return min(n, self.state.data.num_train) if self.state.data is not None else n

    def set_config(self, config: TrainConfig, digits: int | None = None) -> None:
        """Fill the form (used by presets, restored settings and scripts)."""
        self._applying = True
        try:
            i = self.arch_combo.findData(config.arch)
            if i >= 0:
                self.arch_combo.setCurrentIndex(i)
            self._show_description()
            self.epochs_spin.setValue(config.epochs)
            self.batch_spin.setValue(config.batch_size)
            self.lr_spin.setValue(config.learning_rate)
            j = self.schedule_combo.findData(config.lr_schedule)
            self.schedule_combo.setCurrentIndex(max(j, 0))
            self.val_spin.setValue(int(round(config.validation_split * 100)))
            self.augment_check.setChecked(config.augment)
            self.seed_spin.setValue(-1 if config.seed is None else int(config.seed))
            if digits is not None:
                self.digits_spin.setValue(digits)
        finally:
            self._applying = False
        self._mark_custom()  # a preset re-selects itself after filling the form
        self._update_estimate()

    def _apply_preset(self, preset: Preset) -> None:
        digits = preset.digits if preset.digits is not None else self.digits_spin.maximum()
        cfg = TrainConfig.for_arch(preset.arch, seed=self.config().seed, **preset.overrides)
        self.set_config(cfg, digits)
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(preset.key))

    @Slot(int)
    def _on_preset_activated(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        for p in PRESETS:
            if p.key == key:
                self._apply_preset(p)
                return

    @Slot(int)
    def _on_arch_changed(self, _index: int) -> None:
        self._show_description()
        if self._applying:
            return
        # the architecture's own defaults; seed and digits stay as they are
        cur = self.config()
        self.set_config(TrainConfig.for_arch(cur.arch, seed=cur.seed))
        self._mark_custom()

    def _show_description(self) -> None:
        name = self.arch_combo.currentData()
        if name:
            a = models.get_architecture(name)
            self.arch_description.setText(a.description)

    @Slot()
    def _on_setting_edited(self, *_args: Any) -> None:
        if not self._applying:
            self._mark_custom()
        self._update_estimate()

    def _mark_custom(self) -> None:
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData("custom"))

    def _update_estimate(self) -> None:
        if not hasattr(self, "estimate_label"):
            return
        cfg = self.config()
        n = self.training_digits()
        n_train = n - int(round(n * cfg.validation_split)) if cfg.validation_split else n
        steps = math.ceil(max(n_train, 1) / cfg.batch_size)
        self.estimate_label.setText(
            f"{cfg.epochs} × {steps:,} batches of {cfg.batch_size} on {n_train:,} digits"
            + (f", validating on {n - n_train:,}" if n_train != n else ""))

    # ---------------------------------------------------------------- settings on disk
    def _restore_settings(self) -> None:
        s = QSettings()
        s.beginGroup("train")
        try:
            arch = s.value("arch")
            if not arch or arch not in models.ARCHITECTURES:
                return
            defaults = TrainConfig.for_arch(arch)

            def num(key: str, cast: Callable[[Any], Any], fallback: Any) -> Any:
                try:
                    return cast(s.value(key, fallback))
                except (TypeError, ValueError):
                    return fallback

            seed = num("seed", int, 1)
            cfg = TrainConfig(
                arch=arch,
                epochs=num("epochs", int, defaults.epochs),
                batch_size=num("batch_size", int, defaults.batch_size),
                learning_rate=num("learning_rate", float, defaults.learning_rate),
                augment=str(s.value("augment", defaults.augment)).lower() in ("true", "1"),
                lr_schedule=str(s.value("lr_schedule", defaults.lr_schedule)),
                validation_split=num("validation_split", float, defaults.validation_split),
                seed=None if seed < 0 else seed,
            )
            try:
                cfg.validate()
            except ValueError:
                return
            self.set_config(cfg, num("digits", int, 60_000))
            preset = s.value("preset", "custom")
            with QSignalBlocker(self.preset_combo):
                i = self.preset_combo.findData(preset)
                self.preset_combo.setCurrentIndex(i if i >= 0 else self.preset_combo.findData("custom"))
        finally:
            s.endGroup()

    def save_settings(self) -> None:
        """Remember the form for the next session."""
        cfg = self.config()
        s = QSettings()
        s.beginGroup("train")
        for key, value in cfg.to_dict().items():
            s.setValue(key, -1 if key == "seed" and value is None else value)
        s.setValue("digits", self.digits_spin.value())
        s.setValue("preset", self.preset_combo.currentData())
        s.endGroup()

    # ======================================================================== dataset
    def _dataset_task_running(self) -> bool:
        task = getattr(self.state, "_data_task", None)
        return bool(task is not None and task.is_running())

    def _show_no_data(self, *, loading: bool = False, error: str | None = None) -> None:
        self.data_panel.show()
        self.data_title.setText("Loading MNIST…" if loading else "MNIST not found")
        self.data_progress.setVisible(loading)
        if loading:
            self.data_progress.setRange(0, 0)
            self.data_progress.setFormat("")
        self.data_cancel_button.setVisible(loading)
        self.download_button.setEnabled(not loading)
        self.choose_button.setEnabled(not loading)
        self.data_error.setVisible(bool(error))
        self.data_error.setText(error or "")
        self._update_controls()

    @Slot()
    def _download_dataset(self) -> None:
        self.log("Downloading MNIST…")
        self.state.load_dataset(allow_download=True)

    @Slot()
    def _choose_dataset_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder with the MNIST files", str(Path.home()))
        if folder:
            self.log(f"Loading MNIST from {folder}")
            self.state.load_dataset(folder)

    @Slot()
    def _on_dataset_loading(self) -> None:
        if self.state.data is None:
            self._show_no_data(loading=True)

    @Slot(int, int, str)
    def _on_dataset_progress(self, done: int, total: int, text: str) -> None:
        if self.data_panel.isHidden():
            return
        self.data_title.setText("Downloading MNIST…" if "download" in text else "Loading MNIST…")
        if total > 0:
            self.data_progress.setRange(0, 1000)
            self.data_progress.setValue(int(1000 * done / total))
            self.data_progress.setFormat(f"{done / 1e6:.1f} of {total / 1e6:.1f} MB")

    @Slot(str)
    def _on_dataset_failed(self, message: str) -> None:
        if self.state.data is not None:
            self.log(f"Loading another data set failed: {message}", logging.WARNING)
            return
        self.log(f"MNIST: {message}", logging.WARNING)
        self._show_no_data(error=message)

    @Slot()
    def _on_dataset_changed(self) -> None:
        data = self.state.data
        if data is None:
            self._show_no_data()
            return
        self.data_panel.hide()
        was_all = self.digits_spin.value() >= self.digits_spin.maximum()
        with QSignalBlocker(self.digits_spin):
            self.digits_spin.setMaximum(max(10, data.num_train))
            if was_all:
                self.digits_spin.setValue(self.digits_spin.maximum())
        self.digits_of.setText(f"of {data.num_train:,}")
        if self._task is None:
            self.status_label.setText(
                f"Ready: {data.num_train:,} training and {data.num_test:,} test digits from {data.source}")
        self._update_estimate()
        self._update_controls()

    # ==================================================================== run control
    def is_training(self) -> bool:
        """True while a run's thread is running."""
        return self._task is not None and self._task.is_running()

    @Slot()
    def start(self) -> bool:
        """Start a run with the form's settings; False if one is running or there is no data."""
        if self._task is not None or self.state.data is None or self._closing:
            return False
        data = self.state.data
        cfg = self.config()
        try:
            cfg.validate()
        except ValueError as e:  # the widgets' ranges should make this impossible
            self._error("Invalid settings", str(e))
            return False
        n = self.training_digits()
        run = RunRecord(len(self.runs) + 1, cfg, n, RunCurves(f"run {len(self.runs) + 1}"))
        run.curves.epochs_planned = cfg.epochs
        run.curves.expects_validation = cfg.validation_split > 0
        run.curves.live = True
        self.runs.append(run)
        self._add_run_row(run)
        self._live = run
        self._stop_requested = False
        self._abort = threading.Event()
        self._rate = _RateMeter()
        self.save_settings()

        job = make_train_job(cfg, data.x_train[:n], data.y_train[:n], data.x_test, data.y_test,
                             dataset=data, abort=self._abort, test_each_epoch=self.test_each_epoch)
        logging.getLogger("mnist_gui").addHandler(self._log_bridge)
        self._task = Task(job, name=f"train-run-{run.number}")
        self._task.partial.connect(self._on_partial)
        self._task.progress.connect(self._on_eval_progress)
        self._task.finished.connect(self._on_finished)
        self._task.failed.connect(self._on_failed)
        self._task.done.connect(self._on_done)
        self.run_bar.setValue(0)
        self.epoch_bar.setValue(0)
        self.epoch_bar_label.setText(f"Epoch 1 of {cfg.epochs}")
        self.status_label.setText("Starting: loading TensorFlow and building the network…")
        arch = models.get_architecture(cfg.arch)
        self.log(f"Run {run.number}: {arch.title}, {cfg.epochs} epoch(s), batch {cfg.batch_size}, "
                 f"learning rate {cfg.learning_rate:g} ({cfg.lr_schedule}), "
                 f"validation {cfg.validation_split:.0%}, augmentation {'on' if cfg.augment else 'off'}, "
                 f"seed {cfg.seed if cfg.seed is not None else 'random'}, {n:,} training digits")
        if n < data.num_train:
            self.log(f"Training on the first {n:,} of {data.num_train:,} digits: expect a lower accuracy "
                     "than with all of them", logging.WARNING)
        self._show_runs()
        if self.plots.isVisible():
            # the one full redraw of a run (axes, legend): now, before the worker competes for
            # the CPU; during the run only the curves are drawn
            self.plots.flush()
        self._task.start()
        self._update_controls()
        return True

    @Slot()
    def request_stop(self) -> None:
        """Stop after the current batch; the weights trained so far are kept and evaluated."""
        if self._task is None or self._stop_requested:
            return
        self._stop_requested = True
        self._task.cancel()
        self.status_label.setText("Stopping after the current batch…")
        self.log("Stop requested: finishing the current batch")
        self._update_controls()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._prestarted and not self._closing:
            # The training process imports TensorFlow while the person chooses settings, so that
            # Start answers at once (it runs in its own process: the window does not wait).
            self._prestarted = True
            from mnist_gui.core import trainproc

            try:
                trainproc.prestart()
            except Exception as e:  # noqa: BLE001 - Start will try again and report it
                logger.warning("could not pre-start the training process: %s", e)

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Cancel a run and wait for its thread (never terminates it); end the training process
        and remove the runs' working folders. True if no thread is left."""
        self._closing = True
        ok = True
        task = self._task
        if task is not None:
            self._abort.set()
            task.cancel()
            ok = task.wait(timeout_ms)
            if ok:
                for sig, slot in ((task.partial, self._on_partial), (task.progress, self._on_eval_progress),
                                  (task.finished, self._on_finished), (task.failed, self._on_failed),
                                  (task.done, self._on_done)):
                    try:
                        sig.disconnect(slot)
                    except (RuntimeError, TypeError):
                        pass
                self._task = None
            else:
                logger.warning("training thread did not stop within %d ms", timeout_ms)
        if ok:
            from mnist_gui.core import trainproc

            trainproc.shutdown()
            for run in self.runs:
                if run.outcome is not None and run.outcome.folder:
                    trainproc.remove_job_folder(run.outcome.folder)
            logging.getLogger("mnist_gui").removeHandler(self._log_bridge)
            try:
                self.save_settings()
            except RuntimeError:
                pass
        return ok

    def confirm_close(self, parent: QWidget | None = None) -> bool:
        """Before the window closes: if a run is active, ask whether to stop it.

        Returns:
            True when the window may close (no run, or the run was stopped and its thread has
            ended); False when the user wants to keep training (or it could not stop in time).
        """
        if not self.is_training():
            return True
        answer = QMessageBox.question(
            parent or self, "Training in progress",
            "A training run is in progress. Stop it and close?\n\nThe model trained so far will be lost "
            "unless you keep the window open, stop the run and save the model.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok = self.shutdown()
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not ok:
            self._closing = False
            self._error("Still stopping", "The training run is still stopping. Try closing again in a moment.")
        return ok

    # --------------------------------------------------------------- worker signals
    @Slot(object)
    def _on_partial(self, p: Progress | dict) -> None:
        run = self._live
        if run is None or self._closing:
            return
        if isinstance(p, dict):  # a test-set measurement after an epoch (test_each_epoch)
            self.log(f"Run {run.number}, epoch {p['epoch']}: test accuracy {_pct(p['accuracy'])}")
            self.epochTested.emit(int(p["epoch"]), float(p["accuracy"]), float(p["eval_s"]))
            return
        if run.status == "starting":
            run.status = "running"
            self._update_run_row(run)
        run.curves.add(p, stopping=self._stop_requested)
        if run.curves is self.plots.primary or run.curves is self.plots.comparison:
            self.plots.request_redraw()
        if p.kind == "batch":
            samples = ((p.epoch - 1) * p.batches + p.batch) * run.config.batch_size
            self._rate.update(samples, p.elapsed_s)
            # bars and labels follow at most UI_REFRESH_S apart (QProgressBar repaints at once
            # on every change); the plots keep their own pace
            self._pending_progress = p
            if not self._ui_timer.isActive():
                self._ui_timer.start()
        elif p.kind == "epoch":
            self._refresh_progress()
            run.epoch_elapsed.append(p.elapsed_s)
            run.last_epoch = p
            partial = self._stop_requested and p.epoch <= p.epochs
            parts = [f"loss {p.loss:.4f}", f"accuracy {_pct(p.accuracy)}"]
            if math.isfinite(p.val_loss):
                parts += [f"val. loss {p.val_loss:.4f}", f"val. accuracy {_pct(p.val_accuracy)}"]
            rate = self._rate.rate or p.samples_per_sec
            self.log(f"Run {run.number}, epoch {p.epoch}/{p.epochs}{' (stopped part-way)' if partial else ''}: "
                     + ", ".join(parts) + f"; {_fmt_duration(p.elapsed_s)} elapsed, {rate:,.0f} digits/s")
            self._update_run_row(run)
        elif p.kind == "end":
            self._ui_timer.stop()
            self._pending_progress = None
            if not self._stop_requested:
                _set_bar(self.run_bar, 1.0)
                _set_bar(self.epoch_bar, 1.0)

    @Slot()
    def _refresh_progress(self) -> None:
        """Show the latest batch report in the bars and the status line."""
        p, self._pending_progress = self._pending_progress, None
        run = self._live
        if p is None or run is None or self._closing:
            return
        cfg = run.config
        _set_bar(self.run_bar, p.fraction)
        _set_bar(self.epoch_bar, p.batch / max(p.batches, 1))
        self.epoch_bar_label.setText(f"Epoch {p.epoch} of {p.epochs}")
        if self._stop_requested:
            return
        samples = ((p.epoch - 1) * p.batches + p.batch) * cfg.batch_size
        total = p.epochs * p.batches * cfg.batch_size
        rate = self._rate.rate
        if p.batch >= p.batches and cfg.validation_split > 0:
            what = f"validating epoch {p.epoch}…"
        else:
            what = f"loss {p.loss:.4f} · accuracy {_pct(p.accuracy)}"
        # the first report's rate includes building the graph: wait for a second one
        speed = (f"{rate:,.0f} digits/s · about {_fmt_duration((total - samples) / rate)} left"
                 if rate > 0 else "measuring speed…")
        self.status_label.setText(f"Training: {speed} · {what}")

    @Slot(int, int, str)
    def _on_eval_progress(self, done: int, total: int, _text: str) -> None:
        if self._closing or total <= 0:
            return
        self.stop_button.setEnabled(False)  # training is over; the test set takes a moment
        if not self._stop_requested:
            _set_bar(self.run_bar, 1.0)
        self.epoch_bar_label.setText("Test set")
        _set_bar(self.epoch_bar, done / total)
        self.status_label.setText(f"Evaluating on {total:,} test digits…")

    @Slot(object)
    def _on_finished(self, outcome: RunOutcome) -> None:
        run = self._live
        if run is None or self._closing:
            return
        r = outcome.result
        run.outcome = outcome
        run.status = "stopped" if r.cancelled else "finished"
        run.curves.finish(cancelled=r.cancelled, batches_completed=r.batches_completed)
        run.curves.live = False
        if r.cancelled:
            what = f"stopped after {run.epochs_done_text()} epoch(s)"
        else:
            what = f"finished {r.epochs_completed} epoch(s)"
        acc = f"test accuracy {_pct(outcome.test_accuracy)}" if outcome.evaluated else "not evaluated"
        if outcome.message:
            self.log(f"Run {run.number}: {outcome.message}", logging.WARNING)
        self.log(f"Run {run.number} {what} in {_fmt_duration(r.train_time_s)} "
                 f"({r.samples_per_sec:,.0f} digits/s); {acc}")
        self.status_label.setText(f"Run {run.number} {what}: {acc}")
        self.epoch_bar_label.setText("Test set" if outcome.evaluated else self.epoch_bar_label.text())
        self._update_run_row(run)
        self.plots.request_redraw()
        self.modelReady.emit()
        self.runFinished.emit(run)

    @Slot(str, str)
    def _on_failed(self, message: str, tb: str) -> None:
        run = self._live
        if run is not None:
            run.status = "failed"
            run.error = message
            run.curves.live = False
            self._update_run_row(run)
        logger.error("training run failed: %s\n%s", message, tb)
        if self._closing:
            return
        self.log(f"Run {run.number if run else '?'} failed: {message}", logging.ERROR)
        self.status_label.setText(f"Training failed: {message}")
        self._error("Training failed", f"The training run failed:\n\n{message}")
        if run is not None:
            self.runFinished.emit(run)

    @Slot()
    def _on_done(self) -> None:
        logging.getLogger("mnist_gui").removeHandler(self._log_bridge)
        # keep the Task alive until the next run: this slot runs inside its signal emission
        self._previous_task, self._task = self._task, None
        self._live = None
        self._stop_requested = False
        if self._closing:
            return
        self._update_controls()
        self._show_runs()

    @Slot(str, int)
    def _on_logged(self, message: str, level: int) -> None:
        if not self._closing:
            self.log(message, level)

    # ====================================================================== the log
    def log(self, message: str, level: int = logging.INFO) -> None:
        """Append a time-stamped line to the tab's log (GUI thread only)."""
        stamp = _dt.datetime.now().strftime("%H:%M:%S")
        text = html.escape(message)
        if level >= logging.ERROR:
            line = f'<span style="color:#b3261e">{stamp}  error: {text}</span>'
        elif level >= logging.WARNING:
            line = f'<span style="color:#9a6700">{stamp}  warning: {text}</span>'
        else:
            line = f'<span style="color:#777">{stamp}</span>  {text}'
        self.log_view.appendHtml(line)

    def log_text(self) -> str:
        return self.log_view.toPlainText()

    def _error(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Critical) -> QMessageBox:
        """A non-blocking message box (the worker's errors arrive at any time)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._message_boxes = [b for b in self._message_boxes if _alive(b)] + [box]
        box.open()
        return box

    # ================================================================== runs & results
    def _add_run_row(self, run: RunRecord) -> None:
        item = QTreeWidgetItem()
        item.setData(0, Qt.ItemDataRole.UserRole, run.number)
        run.item = item
        self.runs_view.addTopLevelItem(item)
        self._update_run_row(run)

    def _update_run_row(self, run: RunRecord) -> None:
        item = run.item
        if item is None:
            return
        cfg = run.config
        val = run.last_epoch.val_accuracy if run.last_epoch is not None else math.nan
        r = run.outcome.result if run.outcome is not None else None
        values = [
            str(run.number),
            models.get_architecture(cfg.arch).title,
            (f"{run.epochs_done_text()}/{cfg.epochs}" if r is not None else f"{cfg.epochs}"),
            str(cfg.batch_size),
            f"{cfg.learning_rate:g}" + (" cos" if cfg.lr_schedule == "cosine" else ""),
            f"{run.digits:,}",
            "yes" if cfg.augment else "no",
            _pct(val) if math.isfinite(val) else "–",
            _pct(run.test_accuracy),
            _fmt_duration(r.train_time_s) if r is not None else "",
            {"starting": "starting…", "running": "training…"}.get(run.status, run.status)
            + (f": {run.error}" if run.error else ""),
        ]
        for col, v in enumerate(values):
            item.setText(col, v)
            if col not in (1, 10):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = "\n".join(f"{k}: {v}" for k, v in {**cfg.to_dict(), "training_digits": run.digits}.items())
        for col in range(len(values)):
            item.setToolTip(col, tip)
        if run.test_accuracy is not None:
            f = item.font(8)
            f.setBold(True)
            item.setFont(8, f)
        self._update_result()

    def _selected_runs(self) -> list[RunRecord]:
        nums = [it.data(0, Qt.ItemDataRole.UserRole) for it in self.runs_view.selectedItems()]
        return [self.runs[n - 1] for n in sorted(nums)]

    def select_runs(self, *numbers: int) -> None:
        """Select runs by number (scripts and tests); two numbers overlay their curves."""
        with QSignalBlocker(self.runs_view):
            self.runs_view.clearSelection()
            for n in numbers:
                self.runs[n - 1].item.setSelected(True)
        self._on_run_selection()

    @Slot()
    def _on_run_selection(self) -> None:
        self._show_runs()
        self._update_result()
        self._update_controls()

    def _show_runs(self) -> None:
        """Decide which runs the plots show (solid: primary; dashed: comparison)."""
        sel = self._selected_runs()
        live = self._live
        if len(sel) >= 2:
            newer, older = sel[-1], sel[-2]
            self.plots.set_runs(newer.curves, older.curves)
        elif live is not None:
            other = sel[0].curves if sel and sel[0] is not live else None
            self.plots.set_runs(live.curves, other)
        elif sel:
            self.plots.set_runs(sel[0].curves)
        elif self.runs:
            self.plots.set_runs(self.runs[-1].curves)
        else:
            self.plots.set_runs(None)

    def current_run(self) -> RunRecord | None:
        """The run "Use this model" and "Save as…" act on: the selected one, else the latest with a model."""
        sel = self._selected_runs()
        if len(sel) == 1:
            return sel[0]
        if len(sel) >= 2:
            return sel[-1]
        for run in reversed(self.runs):
            if run.model is not None:
                return run
        return None

    def _update_result(self) -> None:
        run = self.current_run()
        if run is None or run.model is None:
            self.result_value.setText("–")
            self.result_label.setText("No trained model yet" if run is None or run.status != "failed"
                                      else f"Run {run.number} failed")
            return
        r = run.outcome.result
        self.result_value.setText(_pct(run.test_accuracy) if run.test_accuracy is not None else "?")
        done = (f"stopped after {run.epochs_done_text()} of {run.config.epochs} epochs" if r.cancelled
                else f"{r.epochs_completed} epoch{'s' if r.epochs_completed != 1 else ''}")
        what = "Test accuracy" if run.test_accuracy is not None else "Test accuracy not measured"
        self.result_label.setText(
            f"{what} of run {run.number}: {models.get_architecture(run.config.arch).title}, {done}, "
            f"{run.digits:,} training digits")

    @Slot()
    def use_model(self) -> bool:
        """Make the current run's model the app's model."""
        run = self.current_run()
        if run is None or run.model is None:
            return False
        self.state.load_model(run.model, label=f"trained {run.config.arch} (run {run.number})")
        self.log(f"Run {run.number}'s model is now the app's model")
        return True

    @Slot()
    def save_model_as(self) -> Path | None:
        """Ask for a file name and save the current run's model there with its card."""
        from mnist_gui.core import store

        run = self.current_run()
        if run is None or run.model is None:
            return None
        suggested = str(Path.home() / f"mnist-{run.config.arch}-run{run.number}.keras")
        path, _filter = QFileDialog.getSaveFileName(self, "Save model", suggested, "Keras model (*.keras)")
        if not path:
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = store.copy_model(run.model, path, {**run.outcome.card, "saved_from": f"run {run.number}"})
        except store.ModelFileError as e:
            QGuiApplication.restoreOverrideCursor()
            self.log(f"Saving failed: {e}", logging.ERROR)
            self._error("Could not save the model", str(e), QMessageBox.Icon.Warning)
            return None
        QGuiApplication.restoreOverrideCursor()
        self.log(f"Saved run {run.number}'s model to {saved} (card: {store.card_path(saved).name})")
        return saved

    # ===================================================================== controls
    def _update_controls(self) -> None:
        busy = self._task is not None
        has_data = self.state.data is not None
        self.start_button.setEnabled(has_data and not busy and not self._closing)
        self.start_button.setToolTip("" if has_data else "Load MNIST first (see the panel at the top)")
        self.stop_button.setEnabled(busy and not self._stop_requested)
        for w in self._settings_widgets:
            w.setEnabled(not busy)
        run = self.current_run()
        usable = run is not None and run.model is not None
        self.use_button.setEnabled(usable)
        self.save_button.setEnabled(usable)


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
        return True
    except RuntimeError:
        return False


# ------------------------------------------------------------------------------- standalone


def main() -> int:  # pragma: no cover - manual look
    """Show the Train tab alone: ``python -m mnist_gui.gui.train_tab``."""
    import sys

    from PySide6.QtWidgets import QMainWindow

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("mnist-gui")
    app.setApplicationName("mnist-gui")
    state = AppState()

    class Window(QMainWindow):
        def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
            if tab.confirm_close(self):
                tab.shutdown()
                state.cancel_dataset()
                Task.stop_all()
                event.accept()
            else:
                event.ignore()

    win = Window()
    tab = TrainTab(state)
    win.setCentralWidget(tab)
    win.setWindowTitle("MNIST – Train")
    win.resize(1280, 860)
    win.show()
    state.load_dataset(os.environ.get("MNIST_DIR") or None)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
