"""The Train tab's live view of a run: the plots, the run and epoch bars, and the status line.

Batch reports arrive about five times a second (PROGRESS_INTERVAL_S, 0.2 s); the bars and the status line follow at most
every UI_REFRESH_S (a QProgressBar repaints synchronously on every change), the plots at their
own pace (``TrainingPlots.request_redraw`` coalesces redraws).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from mnist_gui.core.training import Progress, TrainConfig
from mnist_gui.gui.percent import number
from mnist_gui.gui.plots import TrainingPlots
from mnist_gui.gui.train.widgets import BAR_STEPS, UI_REFRESH_S, RateMeter, fmt_duration, pct, set_bar


class ProgressPanel(QWidget):
    """Plots, two progress bars and a status line for the live run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(6)
        self.plots = TrainingPlots()
        v.addWidget(self.plots, 1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.run_bar_label = QLabel(self.tr("Run"))
        self.run_bar = QProgressBar()
        self.run_bar.setRange(0, BAR_STEPS)
        self.run_bar.setFormat("%p%")
        self.epoch_bar_label = QLabel(self.tr("Epoch"))
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

        self.rate = RateMeter()
        self._config: TrainConfig | None = None
        self._stopping: Callable[[], bool] = lambda: False
        self._pending: Progress | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(UI_REFRESH_S * 1000))
        self._timer.timeout.connect(self.refresh)

    def begin(self, config: TrainConfig, stopping: Callable[[], bool]) -> None:
        """A run starts: empty bars, "starting" in the status line."""
        self._config, self._stopping = config, stopping
        self.rate = RateMeter()
        self._pending = None
        self.run_bar.setValue(0)
        self.epoch_bar.setValue(0)
        self.epoch_bar_label.setText(self.tr("Epoch %1 of %2").replace("%1", "1").replace("%2", str(config.epochs)))
        self.status_label.setText(self.tr("Starting: handing the digits to the training process…"))

    def batch(self, p: Progress) -> None:
        """A batch report: speed now, bars and status at most every UI_REFRESH_S."""
        if self._config is not None:
            samples = ((p.epoch - 1) * p.batches + p.batch) * self._config.batch_size
            self.rate.update(samples, p.elapsed_s)
        self._pending = p
        if not self._timer.isActive():
            self._timer.start()

    def end(self) -> None:
        """Training is over (the test set may follow)."""
        self._timer.stop()
        self._pending = None
        if not self._stopping():
            set_bar(self.run_bar, 1.0)
            set_bar(self.epoch_bar, 1.0)

    def evaluating(self, done: int, total: int) -> None:
        if not self._stopping():
            set_bar(self.run_bar, 1.0)
        self.epoch_bar_label.setText(self.tr("Test set"))
        set_bar(self.epoch_bar, done / total)
        self.status_label.setText(self.tr("Evaluating on %1 test digits…").replace("%1", number(total)))

    @Slot()
    def refresh(self) -> None:
        """Show the latest batch report in the bars and the status line."""
        p, self._pending = self._pending, None
        cfg = self._config
        if p is None or cfg is None:
            return
        set_bar(self.run_bar, p.fraction)
        set_bar(self.epoch_bar, p.batch / max(p.batches, 1))
        self.epoch_bar_label.setText(self.tr("Epoch %1 of %2").replace("%1", str(p.epoch)).replace("%2", str(p.epochs)))
        if self._stopping():
            return
        samples = ((p.epoch - 1) * p.batches + p.batch) * cfg.batch_size
        total = p.epochs * p.batches * cfg.batch_size
        rate = self.rate.rate
        if p.batch >= p.batches and cfg.validation_split > 0:
            what = self.tr("validating epoch %1…").replace("%1", str(p.epoch))
        else:
            what = self.tr("loss %1 · accuracy %2").replace("%1", f"{p.loss:.4f}").replace("%2", pct(p.accuracy))
        # the first report's rate includes building the graph: wait for a second one
        speed = (self.tr("%1 digits/s · about %2 left").replace("%1", number(float(rate)))
                 .replace("%2", fmt_duration((total - samples) / rate)) if rate > 0 else self.tr("measuring speed…"))
        self.status_label.setText(self.tr("Training: %1 · %2").replace("%1", speed).replace("%2", what))
