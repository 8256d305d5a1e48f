"""Closing with trained models nobody saved: ask Save / Discard / Cancel, as every editor does."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from mnist_gui.core import models
from mnist_gui.session.training import RunRecord
from mnist_gui.gui.train.arch_names import arch_title
from mnist_gui.gui.train.widgets import pct


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("UnsavedRuns", text, None, n)


def unsaved_runs(runs: Sequence[RunRecord]) -> list[RunRecord]:
    """The runs that left a model file that was never saved (closing removes their folders)."""
    return [r for r in runs if r.model is not None and r.saved_to is None]


def describe(run: RunRecord, in_use: bool) -> str:
    acc = pct(run.test_accuracy) if run.test_accuracy is not None else QCoreApplication.translate("UnsavedRuns", "accuracy not measured")
    line = f"{run.label}: {arch_title(models.get_architecture(run.config.arch))}, {acc}"
    return line + (QCoreApplication.translate("UnsavedRuns", " (the model in use)") if in_use else "")


def unsaved_box(parent: QWidget | None, runs: Sequence[RunRecord], in_use_path: str | None) -> QMessageBox:
    """The question, not yet shown (tests press its buttons)."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("UnsavedRuns", "Unsaved models"), "", QMessageBox.StandardButton.NoButton, parent)
    n = len(runs)
    box.setText(QCoreApplication.translate("UnsavedRuns", "A trained model of this session was never saved. Save it before closing?") if n == 1
                else QCoreApplication.translate("UnsavedRuns", "%n trained models of this session were never saved. Save them before closing?", None, n))
    lines = "\n".join(describe(r, r.model == in_use_path) for r in runs)
    box.setInformativeText(lines + "\n\n" + QCoreApplication.translate("UnsavedRuns", "Closing removes the training runs' folders: "
                                                "an unsaved model is gone for good."))
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Save).setText(QCoreApplication.translate("UnsavedRuns", "Save…") if n == 1 else QCoreApplication.translate("UnsavedRuns", "Save each…"))
    box.button(QMessageBox.StandardButton.Discard).setText(QCoreApplication.translate("UnsavedRuns", "Discard and close"))
    return box
