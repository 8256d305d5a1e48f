"""The Train tab's "Trained model" box: the selected run's test accuracy, Use and Save as…."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from mnist_gui.core import models
from mnist_gui.session.training import RunRecord
from mnist_gui.gui.train.widgets import pct


class ResultBox(QGroupBox):
    """What the current run produced, and the two things to do with it: use it (the app state
    loads the run's model file) or save a copy with its card.

    Args:
        state: the app state; log: the tab's log; error: shows a non-blocking message box.
    """

    def __init__(self, state: Any, log: Callable[..., None], error: Callable[..., Any],
                 parent: QWidget | None = None) -> None:
        super().__init__("Trained model", parent)
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
                               else f"Run {run.number} failed")
            return
        r = run.outcome.result
        self.value.setText(pct(run.test_accuracy) if run.test_accuracy is not None else "?")
        done = (f"stopped after {run.epochs_done_text()} of {run.config.epochs} epochs" if r.cancelled
                else f"{r.epochs_completed} epoch{'s' if r.epochs_completed != 1 else ''}")
        what = "Test accuracy" if run.test_accuracy is not None else "Test accuracy not measured"
        self.label.setText(f"{what} of run {run.number}: {models.get_architecture(run.config.arch).title}, {done}, "
                           f"{run.digits:,} training digits")

    def use(self, run: RunRecord | None) -> bool:
        """Make ``run``'s model the app's model (loaded from its file in the background)."""
        if run is None or run.model is None:
            return False
        self.state.load_model(run.model, label=f"trained {run.config.arch} (run {run.number})")
        self._log(f"Run {run.number}'s model is now the app's model")
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
            self._log(f"Saving failed: {e}", logging.ERROR)
            self._error("Could not save the model", str(e), QMessageBox.Icon.Warning)
            return None
        QGuiApplication.restoreOverrideCursor()
        run.saved_to = str(saved)
        self._log(f"Saved run {run.number}'s model to {saved} (card: {store.card_path(saved).name})")
        return saved
