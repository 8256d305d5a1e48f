"""Answering the app's modal message boxes from a test, as a person would: by pressing a button."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def answer_next_box(button: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Press ``button`` on the next modal message box once it is shown (its text goes to ``seen``)."""
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and box.button(button) is not None:
            if seen is not None:
                seen.append(box.text() + "\n" + box.informativeText())
            box.button(button).click()
            return
        QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)
