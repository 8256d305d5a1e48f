"""The Train tab's "Trained model" box: the selected run's test accuracy, Use and Save as…."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from mnist_gui.core import models
from mnist_gui.session.training import RunRecord
from mnist_gui.gui.percent import number, plural
from mnist_gui.gui.train.arch_names import arch_title
from mnist_gui.gui.train.widgets import pct


class ResultBox(QGroupBox):
    """What the current run produced, and the two things to do with it: use it (the app state
    loads the run's model file) or save a copy with its card.

    Args:
        state: the app state; log: the tab's log; error: shows a non-blocking message box.
    """

    def __init__(self, state: Any, log: Callable[..., None], error: Callable[..., Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("ResultBox", "Trained model"), parent)
        self.state, self._log, self._error = state, log, error
        v = QVBoxLayout(self)
        v.setSpacing(4)
        self.value = QLabel("–")
        f = self.value.font()
        f.setPointSizeF(f.pointSizeF() * 1.9)
        f.setBold(True)
        self.value.setFont(f)
        self.label = QLabel(self.tr("No trained model yet"))
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: palette(placeholder-text);")
        v.addWidget(self.value)
        v.addWidget(self.label)
        row = QHBoxLayout()
        self.use_button = QPushButton(self.tr("Use this model"))
        self.use_button.setToolTip(self.tr("Make this run's model the app's model (the Draw tab and the others switch to it)"))
        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.setToolTip(self.tr("Save this run's model (.keras) with its model card"))
        row.addWidget(self.use_button, 1)
        row.addWidget(self.save_button, 1)
        v.addLayout(row)

    def show_run(self, run: RunRecord | None, *, busy: bool) -> None:
        """Show ``run`` (None: nothing trained yet); the buttons work when it left a model file
        and no run is being started or trained (``busy``) - using one is quick anyway."""
        usable = run is not None and run.model is not None
        self.use_button.setEnabled(usable)
        self.save_button.setEnabled(usable)
        if not usable:
            self.value.setText("–")
            self.label.setText(self.tr("No trained model yet") if run is None or run.status != "failed"
                               else self.tr("Run %1 failed").replace("%1", str(run.number)))
            return
        r = run.outcome.result
        self.value.setText(pct(run.test_accuracy) if run.test_accuracy is not None else "?")
        done = (self.tr("stopped after %1 of %2 epochs").replace("%1", run.epochs_done_text())
                .replace("%2", str(run.config.epochs)) if r.cancelled
                else plural(self.tr("%n epoch(s)", "", r.epochs_completed), r.epochs_completed))
        what = (self.tr("Test accuracy of run %1") if run.test_accuracy is not None
                else self.tr("Test accuracy not measured of run %1")).replace("%1", str(run.number))
        self.label.setText(self.tr("%1: %2, %3, %4 training digits").replace("%1", what)
                           .replace("%2", arch_title(models.get_architecture(run.config.arch))).replace("%3", done)
                           .replace("%4", number(run.digits)))

    def use(self, run: RunRecord | None) -> bool:
        """Make ``run``'s model the app's model (loaded from its file in the background)."""
        if run is None or run.model is None:
            return False
        self.state.load_model(run.model, label=self.tr("trained %1 (run %2)").replace("%1", run.config.arch).replace("%2", str(run.number)))
        self._log(self.tr("Run %1's model is now the app's model").replace("%1", str(run.number)))
        return True

    def save_as(self, run: RunRecord | None) -> Path | None:
        """Ask for a file name and save a copy of ``run``'s model there with its card."""
        from mnist_gui.core import store

        if run is None or run.model is None:
            return None
        suggested = str(Path.home() / f"mnist-{run.config.arch}-run{run.number}.keras")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save model"), suggested, self.tr("Keras model (*.keras)"))
        if not path:
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = store.copy_model(run.model, path, {**run.outcome.card, "saved_from": f"run {run.number}"})
        except store.ModelFileError as e:
            QGuiApplication.restoreOverrideCursor()
            self._log(self.tr("Saving failed: %1").replace("%1", str(e)), logging.ERROR)
            self._error(self.tr("Could not save the model"), str(e), QMessageBox.Icon.Warning)
            return None
        QGuiApplication.restoreOverrideCursor()
        run.saved_to = str(saved)
        self._log(self.tr("Saved run %1's model to %2 (card: %3)").replace("%1", str(run.number))
                  .replace("%2", str(saved)).replace("%3", store.card_path(saved).name))
        return saved
