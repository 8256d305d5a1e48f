"""The Train tab: it wires its parts and owns the session's runs.

Parts: the missing-data banner (``gui.missing_data``), the settings form (``settings``), the run
controller and run records (``runner``), the live plots and bars (``progress``), the list of runs
(``history``), the trained-model box (``result``) and the log. Training itself runs in the training
process (``core.trainproc``), pre-started when the tab is first shown.

Run alone for a look: ``python -m mnist_gui.gui.train`` (MNIST from ``MNIST_DIR`` or the per-user
folder; if it is not there the tab offers to download it).
"""
from __future__ import annotations

import logging
import math
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QScrollArea, QSplitter, QVBoxLayout, QWidget

from mnist_gui.core import models
from mnist_gui.core.training import Progress
from mnist_gui.gui.missing_data import MissingDataPanel
from mnist_gui.core.curves import RunCurves
from mnist_gui.session.state import AppState
from mnist_gui.gui.train.history import RunHistory
from mnist_gui.gui.train.log import LogBox
from mnist_gui.gui.train.progress import ProgressPanel
from mnist_gui.gui.train.result import ResultBox
from mnist_gui.session.training import RunController, RunOutcome, RunRecord
from mnist_gui.gui.train.settings import SettingsForm, schedule_title
from mnist_gui.gui.percent import number, plural
from mnist_gui.gui.train.arch_names import arch_title
from mnist_gui.gui.train.widgets import alive, fmt_duration, pct

logger = logging.getLogger(__name__)


class _Column(QWidget):
    """The settings column inside its scroll area: as tall as its wrapped text needs at its width
    (a scroll area would otherwise squeeze the network's description into its lines)."""

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_wrapped_text()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self.fit_wrapped_text)

    def fit_wrapped_text(self) -> None:
        """Each wrapped label gets the height its text needs at its width (QFormLayout does not
        ask), and the column grows by what that adds; the scroll area shows the rest."""
        for label in self.findChildren(QLabel):
            if label.wordWrap() and not label.isHidden():
                need = label.heightForWidth(label.width())
                if need > 0 and need != label.minimumHeight():
                    label.setMinimumHeight(need)
        hint = self.layout().minimumSize().height() if self.layout() is not None else 0
        if hint != self.minimumHeight():
            self.setMinimumHeight(hint)


class TrainTab(QWidget):
    """Settings, run control, live plots, run list and the trained model's fate.

    Signals:
        runFinished(object): a run ended (its RunRecord), successfully, stopped or failed.
        epochTested(int, float, float): with ``test_each_epoch``: epoch, test accuracy, seconds
            the measurement took.
    """

    runFinished = Signal(object)
    epochTested = Signal(int, float, float)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.runs: list[RunRecord] = []
        self.discarded: set[str] = set()  # model files the user chose to close without saving
        self._live: RunRecord | None = None
        self._closing = False
        self._prestarted = False
        self._message_boxes: list[QMessageBox] = []
        self.controller = RunController(self)
        self.controller.progress.connect(self._on_progress)
        self.controller.evalProgress.connect(self._on_eval_progress)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.controller.done.connect(self._on_done)
        self._build_ui()
        self.settings.restore_settings()
        state.datasetChanged.connect(self._on_dataset_changed)
        state.datasetFailed.connect(self._on_dataset_failed)
        if state.data is not None:
            self._on_dataset_changed()
        self._update_controls()

    # ================================================================== building the UI
    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.setSpacing(8)
        self.data_panel = MissingDataPanel(self.state, what=self.tr("to train a network"), compact=True)
        outer.addWidget(self.data_panel)

        self.settings = SettingsForm()
        self.settings.start_button.clicked.connect(self.start)
        self.settings.stop_button.clicked.connect(self.request_stop)
        self.result_box = ResultBox(self.state, self.log, self._error)
        self.result_box.use_button.clicked.connect(self.use_model)
        self.result_box.save_button.clicked.connect(self.save_model_as)
        left = _Column()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(8)
        lv.addWidget(self.settings)
        lv.addWidget(self.result_box)
        lv.addStretch(1)
        # On a small screen (1024x640) the settings column scrolls instead of making the window
        # taller than the screen.
        self.settings.arch_combo.currentIndexChanged.connect(lambda _i: QTimer.singleShot(0, left.fit_wrapped_text))
        self.left_scroll = QScrollArea()
        self.left_scroll.setWidget(left)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.left_scroll.verticalScrollBar().sizeHint().width()
        self.left_scroll.setMinimumWidth(left.minimumSizeHint().width() + bar)
        self.progress_panel = ProgressPanel()
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setChildrenCollapsible(False)
        top.addWidget(self.left_scroll)
        top.addWidget(self.progress_panel)
        top.setStretchFactor(0, 0)
        top.setStretchFactor(1, 1)
        top.setSizes([330, 900])
        self.h_split = top

        self.history = RunHistory(self.runs)
        self.history.selectionChanged.connect(self._on_run_selection)
        self.log_box = LogBox()
        self.log_view = self.log_box.view
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setChildrenCollapsible(False)
        bottom.addWidget(self.history)
        bottom.addWidget(self.log_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setSizes([700, 500])
        self.bottom_split = bottom

        self.v_split = QSplitter(Qt.Orientation.Vertical)
        self.v_split.setChildrenCollapsible(False)
        self.v_split.addWidget(top)
        self.v_split.addWidget(bottom)
        self.v_split.setStretchFactor(0, 3)
        self.v_split.setStretchFactor(1, 1)
        self.v_split.setSizes([560, 230])
        outer.addWidget(self.v_split, 1)

        # the parts' widgets under the names scripts and tests use
        for part, names in ((self.settings, "start_button stop_button preset_combo arch_combo epochs_spin batch_spin "
                                            "lr_spin schedule_combo val_spin augment_check seed_spin digits_spin"),
                            (self.progress_panel, "plots run_bar epoch_bar epoch_bar_label status_label"),
                            (self.result_box, "use_button save_button")):
            for name in names.split():
                setattr(self, name, getattr(part, name))
        self.result_value, self.result_label = self.result_box.value, self.result_box.label
        self.runs_view = self.history.view
        self.state.accuracyMeasured.connect(self._on_accuracy_measured)

    # ======================================================================= settings
    def config(self) -> Any:
        return self.settings.config()

    def training_digits(self) -> int:
        return self.settings.training_digits()

    def set_config(self, config: Any, digits: int | None = None) -> None:
        self.settings.set_config(config, digits)

    def save_settings(self) -> None:
        self.settings.save_settings()

    @property
    def test_each_epoch(self) -> bool:
        return self.controller.test_each_epoch

    @test_each_epoch.setter
    def test_each_epoch(self, value: bool) -> None:
        self.controller.test_each_epoch = value

    # ======================================================================== dataset
    @Slot()
    def _on_dataset_changed(self) -> None:
        data = self.state.data
        if data is None:
            self.data_panel.show()
            return
        self.data_panel.hide()
        self.settings.set_data_size(data.num_train)
        self._prepare_data()
        if not self.controller.busy():
            self.status_label.setText(
                self.tr("Ready: {train} training and {test} test digits from {source}").format(
                    train=number(data.num_train), test=number(data.num_test), source=data.source))
        self._update_controls()

    @Slot(str)
    def _on_dataset_failed(self, message: str) -> None:
        if self.state.data is not None:
            self.log(self.tr("Loading another data set failed: {0}").format(message), logging.WARNING)
        else:
            self.log(f"MNIST: {message}", logging.WARNING)

    # ==================================================================== run control
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
            self._prepare_data()

    def _prepare_data(self) -> None:
        """Write the data set for the training process now, in the background (Start then has
        nothing to write; a Start that comes first waits for this write)."""
        data = self.state.data
        if data is None or not self._prestarted or self._closing:
            return
        from mnist_gui.core import trainproc

        def write() -> None:
            try:
                trainproc.shared_data(data)
            except Exception as e:  # noqa: BLE001 - Start will try again and report it
                logger.warning("could not prepare the digits for the training process: %s", e)

        threading.Thread(target=write, name="prepare-training-data", daemon=True).start()

    @property
    def _task(self) -> Any:
        return self.controller.task

    @property
    def _stop_requested(self) -> bool:
        return self.controller.stop_requested

    def is_training(self) -> bool:
        """True while a run's thread is running."""
        return self.controller.running()

    @Slot()
    def start(self) -> bool:
        """Start a run with the form's settings; False if one is running or there is no data."""
        if self.controller.busy() or self.state.data is None or self._closing:
            return False
        data = self.state.data
        cfg = self.settings.config()
        try:
            cfg.validate()
        except ValueError as e:  # the widgets' ranges should make this impossible
            self._error(self.tr("Invalid settings"), str(e))
            return False
        n = self.settings.training_digits()
        run = RunRecord(len(self.runs) + 1, cfg, n, RunCurves(self.tr("run {0}").format(len(self.runs) + 1)))
        run.curves.epochs_planned = cfg.epochs
        run.curves.expects_validation = cfg.validation_split > 0
        run.curves.live = True
        self.runs.append(run)
        self.history.add(run)
        self._live = run
        self.settings.save_settings()
        self.log_box.capture(True)
        self.progress_panel.begin(cfg, lambda: self.controller.stop_requested)
        arch = models.get_architecture(cfg.arch)
        self.log(self.tr("Run {n}: {arch}, {epochs} epoch(s), batch {batch}, learning rate {lr} ({schedule}), validation "
                         "{val}, augmentation {aug}, seed {seed}, {digits} training digits").format(
            n=run.number, arch=arch_title(arch), epochs=cfg.epochs, batch=cfg.batch_size, lr=f"{cfg.learning_rate:g}",
            schedule=schedule_title(cfg.lr_schedule), val=f"{cfg.validation_split:.0%}", aug=self.tr("on") if cfg.augment else self.tr("off"),
            seed=cfg.seed if cfg.seed is not None else self.tr("random"), digits=number(n)))
        if n < data.num_train:
            self.log(self.tr("Training on the first {0} of {1} digits: expect a lower accuracy than with all of them")
                     .format(number(n), number(data.num_train)), logging.WARNING)
        self._show_runs()  # the run's one full redraw (axes, legend) follows from the plots' timer,
        # in its own turn of the event loop; during the run only the curves are drawn
        self.controller.start(cfg, data, n, name=f"train-run-{run.number}")
        self._update_controls()
        return True

    @Slot()
    def request_stop(self) -> None:
        """Stop after the current batch; the weights trained so far are kept and evaluated."""
        if not self.controller.request_stop():
            return
        self.status_label.setText(self.tr("Stopping after the current batch…"))
        self.log(self.tr("Stop requested: finishing the current batch"))
        self._update_controls()

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Cancel a run and wait for its thread (never terminates it); end the training process
        and remove the runs' working folders. True if no thread is left."""
        self._closing = True
        self.log_box.closing = True
        ok = self.controller.shutdown(timeout_ms)
        if ok:
            from mnist_gui.core import trainproc

            trainproc.shutdown()
            for run in self.runs:
                if run.outcome is not None and run.outcome.folder:
                    trainproc.remove_job_folder(run.outcome.folder)
            self.log_box.capture(False)
            try:
                self.settings.save_settings()
            except RuntimeError:
                pass
        return ok

    def confirm_unsaved(self, parent: QWidget | None = None, in_use_path: str | None = None) -> bool:
        """Before the window closes: runs whose model was never saved are listed, with Save (a
        Save as… per run), Discard and Cancel. True when the window may close; after Discard,
        :attr:`discarded` names their files (the window then does not keep such a model in use
        either)."""
        from mnist_gui.gui.train.unsaved import unsaved_box, unsaved_runs

        runs = [r for r in unsaved_runs(self.runs) if r.model not in self.discarded]
        if not runs:
            return True
        box = unsaved_box(parent or self, runs, in_use_path)
        box.exec()
        answer = box.standardButton(box.clickedButton()) if box.clickedButton() else QMessageBox.StandardButton.Cancel
        if answer == QMessageBox.StandardButton.Discard:
            self.discarded = {r.model for r in runs if r.model}
            self.log(plural(self.tr("Closing without saving %n trained model(s)", "", len(runs)), len(runs)))
            return True
        if answer != QMessageBox.StandardButton.Save:
            return False
        return all(self.result_box.save_as(run) is not None for run in runs)

    def discard_unsaved(self) -> None:
        """Close without asking about unsaved runs (scripts and benchmarks that end the window)."""
        from mnist_gui.gui.train.unsaved import unsaved_runs

        self.discarded |= {r.model for r in unsaved_runs(self.runs) if r.model}

    def saved_copy_of(self, path: str | None) -> str | None:
        """Where the user saved the model of the run whose file is ``path`` (None if not saved)."""
        return next((r.saved_to for r in self.runs if path and r.model == path and r.saved_to), None)

    def confirm_close(self, parent: QWidget | None = None) -> bool:
        """Before the window closes: if a run is active, ask whether to stop it.

        Returns:
            True when the window may close (no run, or the run was stopped and its thread has
            ended); False when the user wants to keep training (or it could not stop in time).
        """
        if not self.is_training():
            return True
        answer = QMessageBox.question(
            parent or self, self.tr("Training in progress"),
            self.tr("A training run is in progress. Stop it and close?\n\nThe model trained so far will be lost "
            "unless you keep the window open, stop the run and save the model."),
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
            self._error(self.tr("Still stopping"), self.tr("The training run is still stopping. Try closing again in a moment."))
        return ok

    # ------------------------------------------------------------ from the controller
    @Slot(object)
    def _on_progress(self, p: Progress | dict) -> None:
        run = self._live
        if run is None or self._closing:
            return
        if isinstance(p, dict):  # a test-set measurement after an epoch (test_each_epoch)
            self.log(self.tr("Run {0}, epoch {1}: test accuracy {2}").format(run.number, p["epoch"], pct(p["accuracy"])))
            self.epochTested.emit(int(p["epoch"]), float(p["accuracy"]), float(p["eval_s"]))
            return
        if run.status == "starting":
            run.status = "running"
            self.history.refresh(run)
        stopping = self.controller.stop_requested
        run.curves.add(p, stopping=stopping)
        if run.curves is self.plots.primary or run.curves is self.plots.comparison:
            self.plots.request_redraw()
        if p.kind == "batch":
            self.progress_panel.batch(p)
        elif p.kind == "epoch":
            self.progress_panel.refresh()
            run.epoch_elapsed.append(p.elapsed_s)
            run.last_epoch = p
            partial = stopping and p.epoch <= p.epochs
            parts = [self.tr("loss {0}").format(f"{p.loss:.4f}"), self.tr("accuracy {0}").format(pct(p.accuracy))]
            if math.isfinite(p.val_loss):
                parts += [self.tr("val. loss {0}").format(f"{p.val_loss:.4f}"), self.tr("val. accuracy {0}").format(pct(p.val_accuracy))]
            rate = self.progress_panel.rate.rate or p.samples_per_sec
            self.log(self.tr("Run {0}, epoch {1}/{2}").format(run.number, p.epoch, p.epochs) + (self.tr(" (stopped part-way)") if partial else "")
                     + ": " + ", ".join(parts) + self.tr("; {0} elapsed, {1} digits/s").format(fmt_duration(p.elapsed_s), number(float(rate))))
            self.history.refresh(run)
        elif p.kind == "end":
            self.progress_panel.end()

    @Slot(int, int)
    def _on_eval_progress(self, done: int, total: int) -> None:
        if self._closing or total <= 0:
            return
        self.stop_button.setEnabled(False)  # training is over; the test set takes a moment
        self.progress_panel.evaluating(done, total)

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
        what = self.tr("stopped after {0} epoch(s)").format(run.epochs_done_text()) if r.cancelled else \
            plural(self.tr("finished %n epoch(s)", "", r.epochs_completed), r.epochs_completed)
        acc = self.tr("test accuracy {0}").format(pct(outcome.test_accuracy)) if outcome.evaluated else self.tr("not evaluated")
        if outcome.message:
            self.log(f"Run {run.number}: {outcome.message}", logging.WARNING)
        self.log(self.tr("Run {0} {1} in {2} ({3} digits/s); {4}").format(
            run.number, what, fmt_duration(r.train_time_s), number(float(r.samples_per_sec)), acc))
        self.status_label.setText(self.tr("Run {0} {1}: {2}").format(run.number, what, acc))
        if outcome.evaluated:
            self.epoch_bar_label.setText(self.tr("Test set"))
        self.history.refresh(run)
        self._update_result()
        self.plots.request_redraw()
        self.runFinished.emit(run)

    @Slot(str, str)
    def _on_failed(self, message: str, tb: str) -> None:
        run = self._live
        if run is not None:
            run.status = "failed"
            run.error = message
            run.curves.live = False
            self.history.refresh(run)
        logger.error("training run failed: %s\n%s", message, tb)
        if self._closing:
            return
        self.log(self.tr("Run {0} failed: {1}").format(run.number if run else "?", message), logging.ERROR)
        self.status_label.setText(self.tr("Training failed: {0}").format(message))
        self._error(self.tr("Training failed"), self.tr("The training run failed:\n\n{0}").format(message))
        if run is not None:
            self.runFinished.emit(run)

    @Slot()
    def _on_done(self) -> None:
        self.log_box.capture(False)
        self._live = None
        if self._closing:
            return
        self._update_controls()
        self._show_runs()

    def log(self, message: str, level: int = logging.INFO) -> None:
        """Append a time-stamped line to the tab's log (GUI thread only)."""
        self.log_box.log(message, level)

    def log_text(self) -> str:
        return self.log_box.text()

    def _error(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Critical) -> QMessageBox:
        """A non-blocking message box (the worker's errors arrive at any time)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._message_boxes = [b for b in self._message_boxes if alive(b)] + [box]
        box.open()
        return box

    # ================================================================== runs & results
    def select_runs(self, *numbers: int) -> None:
        """Select runs by number (scripts and tests); two numbers overlay their curves."""
        self.history.select(*numbers)

    @Slot()
    def _on_run_selection(self) -> None:
        self._show_runs()
        self._update_result()
        self._update_controls()

    def _show_runs(self) -> None:
        self.history.show_in(self.plots, self._live)

    def current_run(self) -> RunRecord | None:
        """The run "Use this model" and "Save as…" act on."""
        return self.history.current()

    def _update_result(self) -> None:
        self.result_box.show_run(self.current_run(), busy=self.controller.busy())
        QTimer.singleShot(0, self.left_scroll.widget().fit_wrapped_text)  # the new text's height

    @Slot()
    def use_model(self) -> bool:
        """Make the current run's model the app's model (loaded from its file in the background)."""
        return self.result_box.use(self.current_run())

    @Slot()
    def save_model_as(self) -> Path | None:
        """Ask for a file name and save the current run's model there with its card."""
        return self.result_box.save_as(self.current_run())

    @Slot(float)
    def _on_accuracy_measured(self, accuracy: float) -> None:
        """The Errors tab measured the model in use: a run whose model it is, and whose test
        accuracy is not known (its evaluation was skipped or cut short), shows it too."""
        for run in self.runs:
            if run.outcome is not None and run.model and run.model == self.state.model_path \
                    and run.outcome.test_accuracy is None:
                run.outcome.test_accuracy = accuracy
                self.log(self.tr("Run {0}'s model: test accuracy {1} (measured by the Errors tab)").format(run.number, pct(accuracy, 2)))
                self.history.refresh(run)
                self._update_result()

    # ===================================================================== controls
    def _update_controls(self) -> None:
        busy = self.controller.busy()
        has_data = self.state.data is not None
        self.start_button.setEnabled(has_data and not busy and not self._closing)
        self.start_button.setToolTip("" if has_data else self.tr("Load MNIST first (see the panel at the top)"))
        self.stop_button.setEnabled(busy and not self.controller.stop_requested)
        self.settings.set_editable(not busy)
        self._update_result()
