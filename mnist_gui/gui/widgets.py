"""The Draw tab's large live probability bars (the compact ones are in digit_views)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

ACCENT = QColor(37, 99, 235)
BAR_BG = QColor(229, 231, 235)
MUTED = QColor(107, 114, 128)


class ProbabilityBars(QWidget):
    """Ten horizontal bars, one per digit, the top class highlighted.

    Signals:
        barClicked(int): the digit whose bar was clicked.
    """

    barClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._probs: np.ndarray | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(200)

    def sizeHint(self) -> QSize:
        return QSize(280, 260)

    def set_probabilities(self, probs: np.ndarray | None) -> None:
        self._probs = None if probs is None else np.asarray(probs, dtype=np.float32).reshape(10)
        self.update()

    def probabilities(self) -> np.ndarray | None:
        return None if self._probs is None else self._probs.copy()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._probs is not None:
            d = int(event.position().y() // (self.height() / 10))
            if 0 <= d <= 9:
                self.barClicked.emit(d)
                event.accept()
                return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height() / 10
        fm = p.fontMetrics()
        label_w = fm.horizontalAdvance("0") + 12
        pct_w = fm.horizontalAdvance("100.0%") + 10
        bar_w = max(10, self.width() - label_w - pct_w)
        top = -1 if self._probs is None else int(self._probs.argmax())
        for d in range(10):
            y = d * h
            bar_h = max(4.0, h * 0.62)
            by = y + (h - bar_h) / 2
            bold = d == top
            f = QFont(self.font())
            f.setBold(bold)
            p.setFont(f)
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(0, y, label_w - 6, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(d))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BAR_BG)
            p.drawRoundedRect(QRectF(label_w, by, bar_w, bar_h), 3, 3)
            if self._probs is not None:
                v = float(self._probs[d])
                if v > 0:
                    p.setBrush(ACCENT if bold else QColor(147, 167, 200))
                    p.drawRoundedRect(QRectF(label_w, by, max(3.0, bar_w * v), bar_h), 3, 3)
                p.setPen(self.palette().text().color() if bold else MUTED)
                p.drawText(QRectF(label_w + bar_w, y, pct_w, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           f"{v * 100:.1f}%")
        p.end()
