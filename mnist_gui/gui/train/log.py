"""The Train tab's log: time-stamped lines, warnings from any thread brought to the GUI thread."""
from __future__ import annotations

import datetime as _dt
import html
import logging

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

from mnist_gui.gui.train.widgets import LogBridge


class LogBox(QGroupBox):
    """A read-only log. While :meth:`capture` is on, warnings logged under ``mnist_gui`` by any
    thread (the supervising thread relays the training process's) appear here too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("LogBox", "Log"), parent)
        lay = QVBoxLayout(self)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setMaximumBlockCount(5000)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSizeF(self.font().pointSizeF() * 0.9)
        self.view.setFont(mono)
        lay.addWidget(self.view)
        self._bridge = LogBridge()
        self._bridge.signal.message.connect(self._on_logged)
        self.closing = False

    def capture(self, on: bool) -> None:
        root = logging.getLogger("mnist_gui")
        root.removeHandler(self._bridge)
        if on:
            root.addHandler(self._bridge)

    @Slot(str, int)
    def _on_logged(self, message: str, level: int) -> None:
        if not self.closing:
            self.log(message, level)

    def log(self, message: str, level: int = logging.INFO) -> None:
        """Append a time-stamped line (GUI thread only)."""
        stamp = _dt.datetime.now().strftime("%H:%M:%S")
        text = html.escape(message)
        if level >= logging.ERROR:
            kind = self.tr("error:")
            line = f'<span style="color:#b3261e">{stamp}  {kind} {text}</span>'
        elif level >= logging.WARNING:
            kind = self.tr("warning:")
            line = f'<span style="color:#9a6700">{stamp}  {kind} {text}</span>'
        else:
            line = f'<span style="color:#777">{stamp}</span>  {text}'
        self.view.appendHtml(line)

    def text(self) -> str:
        return self.view.toPlainText()
