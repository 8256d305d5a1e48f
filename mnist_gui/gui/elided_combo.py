"""A combo box that ends a name too long for it with "…" instead of cutting it mid-letter.

QComboBox paints its current text clipped at the frame, so in a narrow settings column
"Quick (LeNet-like, batch norm)" showed as "Quick (LeNet-like, batch r". This one elides the
text to the room the style gives it, and then shows the whole name as its tooltip (the open list
always shows whole names).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class ElidedComboBox(QComboBox):
    """QComboBox whose closed face elides a long current text; tooltip: the whole text then."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._own_tip = ""
        self.currentIndexChanged.connect(self._update_tip)

    def setToolTip(self, tip: str) -> None:  # noqa: N802 - Qt override
        self._own_tip = tip
        self._update_tip()

    def _text_room(self) -> int:
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        rect = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                           QStyle.SubControl.SC_ComboBoxEditField, self)
        return max(0, rect.width() - 4)

    def shown_text(self) -> str:
        """What the closed combo box shows: the current text, elided to fit."""
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, self._text_room())

    def is_elided(self) -> bool:
        return self.shown_text() != self.currentText()

    def _update_tip(self) -> None:
        tip = self._own_tip
        if self.is_elided():
            item_tip = self.currentData(Qt.ItemDataRole.ToolTipRole)
            tip = "\n".join(t for t in (self.currentText(), item_tip or tip) if t)
        super().setToolTip(tip)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_tip()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)
