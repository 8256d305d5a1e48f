"""Views for digits: the thumbnail grid and its delegate, an enlarged digit, probability bars.

The grid is a ``QListView`` laid out as a wrapping, left-to-right grid of fixed-size tiles with
uniform item sizes, so Qt never measures items and only asks the model for the rows it paints.
Digits keep the MNIST look, white ink on black, in dark tiles.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QListView, QSizePolicy, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QWidget)

from mnist_gui.gui.digit_models import ConfidenceRole, LabelRole, PredictionRole, digit_qimage
from mnist_gui.gui.percent import percent

ACCENT = QColor(37, 99, 235)  # the app's accent
ACCENT_LIGHT = QColor(96, 165, 250)
GRID_BG = QColor(30, 33, 39)
TILE_BG = QColor(0, 0, 0)
TILE_BORDER = QColor(55, 60, 70)
HOVER_BORDER = QColor(140, 148, 160)
CAPTION = QColor(229, 231, 235)
CAPTION_MUTED = QColor(156, 163, 175)
WRONG = QColor(248, 113, 113)
RIGHT = QColor(74, 222, 128)
BAR_BG = QColor(229, 231, 235)
BAR_OTHER = QColor(147, 167, 200)
MUTED = QColor(107, 114, 128)
BAD = QColor(220, 38, 38)
GOOD = QColor(22, 163, 74)
SELECTED_BG = QColor(29, 53, 102)

_SELECTED = QStyle.StateFlag.State_Selected
_HOVER = QStyle.StateFlag.State_MouseOver
_DECORATION = Qt.ItemDataRole.DecorationRole
_TOP_LEFT = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
_LEFT_VCENTER = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
_RIGHT_VCENTER = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight


class DigitDelegate(QStyledItemDelegate):
    """Paints a digit tile: the thumbnail, enlarged with square pixels, and an optional caption.

    Args:
        scale: screen pixels per MNIST pixel (2: 56x56 thumbnails).
        captions: draw "true -> predicted  confidence" under each digit (errors lists).
        corner_label: draw the true label small in the tile's corner (dataset grid).
    """

    PAD = 4
    CAPTION_H = 20

    def __init__(self, parent: Any = None, *, scale: int = 2, captions: bool = False,
                 corner_label: bool = False) -> None:
        super().__init__(parent)
        self.scale = scale
        self.captions = captions
        self.corner_label = corner_label
        self._small = QFont()
        self._small.setPointSizeF(max(6.5, self._small.pointSizeF() * 0.8))
        self._caption_font = QFont()
        self._caption_font.setPointSizeF(self._caption_font.pointSizeF() * 0.95)
        self._frames: dict[tuple[int, float], QPixmap] = {}
        self._labels: dict[tuple[int, float], QPixmap] = {}

    def image_side(self) -> int:
        return 28 * self.scale

    def tile_size(self) -> QSize:
        side = self.image_side() + 2 * self.PAD
        if self.captions:
            side_w = max(side, 96)
            return QSize(side_w, side + self.CAPTION_H)
        return QSize(side, side)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.tile_size()

    # Painting runs for every visible tile on every scroll step, so it avoids per-tile work:
    # tile frames and corner labels are pre-rendered pixmaps, and a DigitListModel hands over
    # everything a tile needs in one Python call (other models go through data()).
    def _frame(self, kind: int, dpr: float) -> QPixmap:
        key = (kind, dpr)
        pm = self._frames.get(key)
        if pm is None:
            tile = self.tile_size()
            pm = QPixmap(round(tile.width() * dpr), round(tile.height() * dpr))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            border, width, fill = ((TILE_BORDER, 1.0, TILE_BG), (HOVER_BORDER, 1.0, TILE_BG),
                                   (ACCENT_LIGHT, 2.5, SELECTED_BG))[kind]
            p.setPen(QPen(border, width))
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(1.5, 1.5, tile.width() - 3, tile.height() - 3), 4, 4)
            p.end()
            self._frames[key] = pm
        return pm

    def _label_pixmap(self, label: int, dpr: float) -> QPixmap:
        key = (label, dpr)
        pm = self._labels.get(key)
        if pm is None:
            fm = QFontMetrics(self._small)
            w, h = fm.horizontalAdvance(str(label)) + 2, fm.height()
            pm = QPixmap(round(w * dpr), round(h * dpr))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setFont(self._small)
            p.setPen(CAPTION_MUTED)
            p.drawText(QRect(0, 0, w, h), _TOP_LEFT, str(label))
            p.end()
            self._labels[key] = pm
        return pm

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        fast = getattr(model, "tile_data", None)
        if fast is not None:
            image, label, pred, conf = fast(index.row())
        else:
            image = index.data(_DECORATION)
            label = index.data(LabelRole)
            pred = index.data(PredictionRole) if self.captions else None
            conf = index.data(ConfidenceRole) if self.captions else None
        state = option.state
        kind = 2 if state & _SELECTED else 1 if state & _HOVER else 0
        dpr = painter.device().devicePixelRatioF()
        tile = self.tile_size()
        rect = option.rect
        x = rect.x() + (rect.width() - tile.width()) // 2
        y = rect.y() + (rect.height() - tile.height()) // 2
        painter.drawPixmap(x, y, self._frame(kind, dpr))
        side = self.image_side()
        ix, iy = x + (tile.width() - side) // 2, y + self.PAD
        if isinstance(image, QImage):
            painter.drawImage(QRect(ix, iy, side, side), image)
        if self.corner_label and label is not None:
            painter.drawPixmap(ix + 3, iy + 1, self._label_pixmap(int(label), dpr))
        if self.captions:
            self._paint_caption(painter, QRect(x + 7, iy + side, tile.width() - 14, y + tile.height() - iy - side - 2),
                                label, pred, conf)

    def _paint_caption(self, painter: QPainter, rect: QRect, label: Any, pred: Any, conf: Any) -> None:
        painter.save()
        painter.setFont(self._caption_font)
        fm = painter.fontMetrics()
        x = rect.x()
        parts: list[tuple[str, QColor]] = [(f"{label}", CAPTION)]
        if pred is not None:
            parts += [(" \u2192 ", CAPTION_MUTED), (f"{pred}", WRONG if pred != label else RIGHT)]
        for text, color in parts:
            painter.setPen(color)
            w = fm.horizontalAdvance(text)
            painter.drawText(QRect(x, rect.y(), w + 1, rect.height()), _LEFT_VCENTER, text)
            x += w
        if conf is not None:
            painter.setPen(CAPTION_MUTED)
            painter.drawText(rect, _RIGHT_VCENTER, percent(conf, 0))
        painter.restore()


class DigitGridView(QListView):
    """A fast grid of digit tiles for a :class:`~mnist_gui.gui.digit_models.DigitListModel`.

    Fixed grid size, uniform item sizes and a static left-to-right wrapping layout: Qt lays
    70,000 rows out arithmetically and asks only for the visible ones.
    """

    def __init__(self, parent: QWidget | None = None, *, scale: int = 2, captions: bool = False,
                 corner_label: bool = False) -> None:
        super().__init__(parent)
        self.delegate = DigitDelegate(self, scale=scale, captions=captions, corner_label=corner_label)
        self.setItemDelegate(self.delegate)
        tile = self.delegate.tile_size()
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setGridSize(QSize(tile.width() + 4, tile.height() + 4))
        self.setSpacing(0)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionRectVisible(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(tile.height() // 2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Base, GRID_BG)
        self.setPalette(pal)
        self.setAutoFillBackground(True)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._spread_columns()

    def _spread_columns(self) -> None:
        """Widen the grid cells so the columns fill the viewport evenly (no ragged right edge)."""
        tile = self.delegate.tile_size()
        min_w = tile.width() + 4
        # QListView lays a wrapping grid out in the maximum viewport width less a scroll bar
        width = (self.maximumViewportSize().width()
                 - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self) - 2)
        cols = max(1, width // min_w)
        cell_w = max(min_w, width // cols)
        if cell_w != self.gridSize().width():
            self.setGridSize(QSize(cell_w, tile.height() + 4))

    def minimum_width_for(self, columns: int) -> int:
        """Width that fits ``columns`` tiles and the scroll bar."""
        return columns * self.gridSize().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth() + 2


class DigitView(QWidget):
    """One digit enlarged with square pixels (nearest neighbour) and a faint pixel grid."""

    def __init__(self, parent: QWidget | None = None, *, placeholder: str | None = None) -> None:
        super().__init__(parent)
        placeholder = self.tr("Select a digit") if placeholder is None else placeholder
        self._image: QImage | None = None
        self._array: np.ndarray | None = None
        self.placeholder = placeholder
        self.setMinimumSize(140, 140)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(224, 224)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, w: int) -> int:
        return w

    def set_image(self, image: np.ndarray | None) -> None:
        """Show a 28x28 uint8 array (ink bright), or nothing."""
        if image is None:
            self._image = self._array = None
        else:
            self._array = np.array(image, dtype=np.uint8)
            self._image = digit_qimage(self._array)
        self.update()

    def image(self) -> np.ndarray | None:
        return None if self._array is None else self._array.copy()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        side = min(self.width(), self.height())
        if self._image is not None:  # whole MNIST pixels only: crisp, evenly sized squares
            side = max(28, side // 28 * 28)
        x0, y0 = (self.width() - side) // 2, (self.height() - side) // 2
        target = QRect(x0, y0, side, side)
        p.fillRect(target, TILE_BG)
        if self._image is None:
            p.setPen(CAPTION_MUTED)
            p.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
        else:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            p.drawImage(target, self._image)
            if side >= 140:
                p.setPen(QPen(QColor(255, 255, 255, 20), 1))
                step = side // 28
                for i in range(1, 28):
                    t = i * step
                    p.drawLine(x0 + t, y0, x0 + t, y0 + side - 1)
                    p.drawLine(x0, y0 + t, x0 + side - 1, y0 + t)
        p.end()


class ProbabilityBars(QWidget):
    """Horizontal probability bars, one row per digit (or only the ``top_k`` most likely).

    The predicted class is drawn in the accent colour; when the true label is known, a wrong
    prediction is drawn red and the true class's row is marked.

    Signals:
        barClicked(int): the digit whose row was clicked.
    """

    barClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, top_k: int | None = None, large: bool = False) -> None:
        super().__init__(parent)
        self.top_k = top_k
        self.large = large  # the Draw tab's big live bars: thick bars that grow with the widget
        self._probs: np.ndarray | None = None
        self._true: int | None = None
        rows = top_k or 10
        self.setMinimumHeight(200 if large else rows * 18)
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Preferred if large else QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(280, 260) if self.large else QSize(240, (self.top_k or 10) * 22)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, (self.top_k or 10) * 18)

    def set_probabilities(self, probs: np.ndarray | None, true_label: int | None = None) -> None:
        self._probs = None if probs is None else np.asarray(probs, dtype=np.float32).reshape(10)
        self._true = true_label
        self.update()

    def probabilities(self) -> np.ndarray | None:
        return None if self._probs is None else self._probs.copy()

    def mousePressEvent(self, event: Any) -> None:
        digits = self.rows()
        if event.button() == Qt.MouseButton.LeftButton and digits and self._probs is not None:
            row = int(event.position().y() // (self.height() / (self.top_k or 10)))
            if 0 <= row < len(digits):
                self.barClicked.emit(digits[row])
                event.accept()
                return
        super().mousePressEvent(event)

    def rows(self) -> list[int]:
        """The digits shown, top to bottom."""
        if self.top_k is None or self._probs is None:
            return list(range(10)) if self.top_k is None else []
        return [int(i) for i in np.argsort(-self._probs, kind="stable")[: self.top_k]]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        digits = self.rows()
        n = self.top_k or 10
        h = self.height() / n
        fm = p.fontMetrics()
        label_w = fm.horizontalAdvance("0") + 14
        pct_w = fm.horizontalAdvance("100.0%") + 10
        bar_w = max(10.0, self.width() - label_w - pct_w)
        top = -1 if self._probs is None else int(self._probs.argmax())
        text = self.palette().color(QPalette.ColorRole.WindowText)
        if not digits:
            p.setPen(MUTED)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("no prediction"))
        for row, d in enumerate(digits):
            y = row * h
            bar_h = max(4.0, h * 0.62 if self.large else min(h * 0.6, 14.0))
            by = y + (h - bar_h) / 2
            bold = d == top
            f = QFont(self.font())
            f.setBold(bold)
            p.setFont(f)
            p.setPen(GOOD if self._true is not None and d == self._true else text)
            p.drawText(QRectF(0, y, label_w - 8, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(d))
            if self._true is not None and d == self._true:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(GOOD)
                p.drawEllipse(QRectF(1, y + h / 2 - 3, 6, 6))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BAR_BG)
            p.drawRoundedRect(QRectF(label_w, by, bar_w, bar_h), 3, 3)
            if self._probs is not None:
                v = float(self._probs[d])
                if v > 0:
                    wrong = bold and self._true is not None and d != self._true
                    p.setBrush((BAD if wrong else ACCENT) if bold else BAR_OTHER)
                    p.drawRoundedRect(QRectF(label_w, by, max(3.0, bar_w * v), bar_h), 3, 3)
                p.setPen(text if bold else MUTED)
                p.drawText(QRectF(label_w + bar_w, y, pct_w, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           percent(v))
        p.end()
