"""A confusion-matrix heat map with counts, hover highlighting and clickable cells.

Rows are true labels, columns predicted labels. Diagonal cells (correct) are shaded blue by the
class's recall; off-diagonal cells (errors) red on a logarithmic scale, so a handful of errors
still stands out next to a thousand correct digits. A column on the right gives each class's
accuracy.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from mnist_gui.gui.percent import number, percent, plural


N = 10
_WHITE = QColor(255, 255, 255)
_DIAG = QColor(37, 99, 235)
_OFF = QColor(200, 30, 30)
_ZERO = QColor(246, 247, 249)
_GRIDLINE = QColor(255, 255, 255)
_TEXT_DARK = QColor(17, 24, 39)
_MUTED = QColor(107, 114, 128)
_HOVER = QColor(17, 24, 39)
_SELECTED = QColor(245, 158, 11)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(1.0, max(0.0, t))
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def cell_colour(count: int, row_total: int, max_off: int, diagonal: bool) -> QColor:
    """Colour of one cell: blue by recall on the diagonal, red by log(count) off it."""
    if diagonal:
        t = count / row_total if row_total else 0.0
        return _mix(_WHITE, _DIAG, 0.2 + 0.8 * t) if count else _ZERO
    if count == 0:
        return _ZERO
    t = math.log1p(count) / math.log1p(max(max_off, 1))
    return _mix(QColor(254, 226, 226), _OFF, 0.1 + 0.9 * t)


def _is_dark(c: QColor) -> bool:
    return 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() < 150


class ConfusionMatrixWidget(QWidget):
    """Paints a 10x10 confusion matrix; hover shows details, a click emits the cell.

    Signals:
        cellClicked(int, int): (true label, predicted label) of a clicked cell.
        cellHovered(int, int): the cell under the mouse, (-1, -1) when none.
    """

    cellClicked = Signal(int, int)
    cellHovered = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._m: np.ndarray | None = None
        self._hover: tuple[int, int] | None = None
        self._selected: tuple[int, int] | None = None
        self.placeholder = self.tr("No evaluation yet")
        self.setMouseTracking(True)
        self.setMinimumSize(340, 320)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:
        return QSize(480, self.heightForWidth(480))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        left, top = self._margins()
        cell = max(12.0, math.floor((width - left - 8) / (N + self.ACC_CELLS)))
        return int(top + N * cell + 8)

    # ------------------------------------------------------------------ data
    def set_matrix(self, matrix: np.ndarray | None) -> None:
        """Show a (10, 10) count matrix (row = true, column = predicted), or nothing."""
        if matrix is not None:
            matrix = np.asarray(matrix, dtype=np.int64)
            if matrix.shape != (N, N):
                raise ValueError(f"expected a 10x10 matrix, got {matrix.shape}")
        self._m = matrix
        self._hover = None
        self.update()

    def matrix(self) -> np.ndarray | None:
        return None if self._m is None else self._m.copy()

    def set_selected(self, cell: tuple[int, int] | None) -> None:
        self._selected = cell
        self.update()

    def selected(self) -> tuple[int, int] | None:
        return self._selected

    def per_class_accuracy(self) -> np.ndarray | None:
        if self._m is None:
            return None
        totals = self._m.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, np.diag(self._m) / np.maximum(totals, 1), np.nan)

    # --------------------------------------------------------------- geometry
    ACC_CELLS = 1.7  # width of the accuracy column, in cells

    def _margins(self) -> tuple[int, int]:
        fm = self.fontMetrics()
        return fm.height() + 8 + fm.horizontalAdvance("0") + 12, fm.height() + 6 + fm.height() + 8

    def _geometry(self) -> tuple[float, float, float, float]:
        """(x0, y0, cell, accuracy column width) of the grid."""
        left, top = self._margins()
        acc_w_cells = self.ACC_CELLS
        cell = min((self.width() - left - 8) / (N + acc_w_cells), (self.height() - top - 8) / N)
        cell = max(12.0, math.floor(cell))
        grid_w = cell * N + cell * acc_w_cells
        x0 = left + max(0.0, (self.width() - left - 8 - grid_w) / 2)
        return x0, float(top), cell, cell * acc_w_cells

    def cell_rect(self, true: int, pred: int) -> QRectF:
        x0, y0, cell, _ = self._geometry()
        return QRectF(x0 + pred * cell, y0 + true * cell, cell, cell)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        x0, y0, cell, _ = self._geometry()
        c = math.floor((pos.x() - x0) / cell)
        r = math.floor((pos.y() - y0) / cell)
        if 0 <= r < N and 0 <= c < N:
            return r, c
        return None

    # ------------------------------------------------------------------ events
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell != self._hover:
            self._hover = cell
            self.cellHovered.emit(*(cell or (-1, -1)))
            self.update()
        if cell is not None and self._m is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(*cell), self)
        else:
            QToolTip.hideText()
        self.setCursor(Qt.CursorShape.PointingHandCursor if cell and self._m is not None else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        if self._hover is not None:
            self._hover = None
            self.cellHovered.emit(-1, -1)
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None and self._m is not None:
            self._selected = cell
            self.update()
            self.cellClicked.emit(*cell)
            return
        super().mousePressEvent(event)

    def describe(self, true: int, pred: int) -> str:
        """Tooltip text for a cell."""
        if self._m is None:
            return ""
        n = int(self._m[true, pred])
        total = int(self._m[true].sum())
        share = (self.tr(" (%1 of the %2 %3s)").replace("%1", percent(n / total)).replace("%2", number(total))
                 .replace("%3", str(true)) if total else "")
        if true == pred:
            return (self.tr("True %1, predicted %2: %3 correct").replace("%1", str(true)).replace("%2", str(pred))
                    .replace("%3", number(n)) + share)
        return (plural(self.tr("True %1, predicted %2: %n digit(s)", "", n), n).replace("%1", str(true)).replace("%2", str(pred))
                + share + "\n" + self.tr("Click to list them"))

    # ------------------------------------------------------------------ paint
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        x0, y0, cell, acc_w = self._geometry()
        fm = self.fontMetrics()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        hr, hc = self._hover if self._hover else (-1, -1)
        bold = QFont(self.font())
        bold.setBold(True)

        # axis titles
        p.setPen(_MUTED)
        p.drawText(QRectF(x0, 2, cell * N, fm.height() + 4), Qt.AlignmentFlag.AlignCenter, self.tr("Predicted label"))
        p.save()
        p.translate(4, y0 + cell * N / 2)
        p.rotate(-90)
        p.drawText(QRectF(-cell * N / 2, 0, cell * N, fm.height() + 2), Qt.AlignmentFlag.AlignCenter, self.tr("True label"))
        p.restore()
        p.drawText(QRectF(x0 + cell * N, y0 - fm.height() - 6, acc_w, fm.height() + 4),
                   Qt.AlignmentFlag.AlignCenter, self.tr("Accuracy"))
        # tick labels
        for k in range(N):
            for is_row in (True, False):
                hot = (k == hr) if is_row else (k == hc)
                p.setFont(bold if hot else self.font())
                p.setPen(text if hot else _MUTED)
                if is_row:
                    r = QRectF(x0 - fm.horizontalAdvance("0") - 14, y0 + k * cell, fm.horizontalAdvance("0") + 8, cell)
                else:
                    r = QRectF(x0 + k * cell, y0 - fm.height() - 6, cell, fm.height() + 4)
                p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(k))
        p.setFont(self.font())

        if self._m is None:
            p.setPen(QPen(QColor(209, 213, 219), 1))
            p.setBrush(_ZERO)
            p.drawRect(QRectF(x0, y0, cell * N, cell * N))
            p.setPen(_MUTED)
            p.drawText(QRectF(x0, y0, cell * N, cell * N), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            p.end()
            return

        m = self._m
        totals = m.sum(axis=1)
        off = m.copy()
        np.fill_diagonal(off, 0)
        max_off = int(off.max())
        num_font = QFont(self.font())
        num_font.setPixelSize(max(8, int(cell * (0.30 if m.max() >= 1000 else 0.34))))
        p.setFont(num_font)
        for r in range(N):
            for c in range(N):
                n = int(m[r, c])
                colour = cell_colour(n, int(totals[r]), max_off, r == c)
                rect = QRectF(x0 + c * cell, y0 + r * cell, cell, cell)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                p.drawRect(rect)
                if (r == hr or c == hc) and (r, c) != self._hover:
                    p.setBrush(QColor(0, 0, 0, 14))
                    p.drawRect(rect)
                if n:
                    p.setPen(_WHITE if _is_dark(colour) else _TEXT_DARK)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{n}")
        # white grid lines between cells
        p.setPen(QPen(_GRIDLINE, 1))
        for k in range(N + 1):
            p.drawLine(QPointF(x0 + k * cell, y0), QPointF(x0 + k * cell, y0 + N * cell))
            p.drawLine(QPointF(x0, y0 + k * cell), QPointF(x0 + N * cell, y0 + k * cell))
        # per-class accuracy column
        acc = self.per_class_accuracy()
        overall = np.trace(m) / max(1, m.sum())
        p.setFont(self.font())
        for r in range(N):
            rect = QRectF(x0 + N * cell + 6, y0 + r * cell, acc_w - 6, cell)
            a = acc[r] if acc is not None else np.nan
            if np.isnan(a):
                p.setPen(_MUTED)
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "\u2013")
                continue
            bar = QRectF(rect.x(), rect.bottom() - 5, rect.width() * float(a), 3)
            worse = a < overall
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(229, 231, 235))
            p.drawRoundedRect(QRectF(rect.x(), rect.bottom() - 5, rect.width(), 3), 1.5, 1.5)
            p.setBrush(QColor(220, 38, 38) if worse else QColor(22, 163, 74))
            p.drawRoundedRect(bar, 1.5, 1.5)
            p.setFont(bold if r == hr else self.font())
            p.setPen(QColor(185, 28, 28) if worse else text)
            p.drawText(rect.adjusted(0, 0, 0, -4), Qt.AlignmentFlag.AlignCenter, f"{a * 100:.1f}%")
        p.setFont(self.font())
        # selection and hover outlines
        p.setBrush(Qt.BrushStyle.NoBrush)
        if self._selected is not None:
            p.setPen(QPen(_SELECTED, 3))
            p.drawRect(self.cell_rect(*self._selected).adjusted(1.5, 1.5, -1.5, -1.5))
        if self._hover is not None:
            p.setPen(QPen(_HOVER, 2))
            p.drawRect(self.cell_rect(*self._hover).adjusted(1, 1, -1, -1))
        p.end()
