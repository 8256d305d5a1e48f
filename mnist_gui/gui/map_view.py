"""The digit map's canvas: 10,000 points, zoom, pan, hover card, click and rectangle selection.

The points are rasterised with NumPy into one image per frame (a small disc per point, written
by fancy indexing: about a millisecond for 10,000 points), so zooming and panning never go
through 10,000 Qt items; only the few marks on top (misread rings, the drawn digit, the hover
card, the selection rectangle, the legend) are painted with QPainter.

Mouse: wheel zooms around the pointer; left drag selects a rectangle, a left click picks the
nearest point; right or middle drag pans. Double-click (or ``reset_view``) shows the whole map.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from mnist_gui.core.digitmap_export import DIGIT_COLOURS
from mnist_gui.gui.digit_models import digit_qimage

PICK_RADIUS_PX = 7
DRAG_START_PX = 4
_BGRA = np.array([[int(c[5:7], 16), int(c[3:5], 16), int(c[1:3], 16), 255] for c in DIGIT_COLOURS], np.uint8)


class MapView(QWidget):
    """Shows a DigitMap's points coloured by true digit, misread ones ringed in black.

    Signals:
        clicked(int): a test digit was clicked (its index).
        selected(object): indices (ascending) of the digits inside the dragged rectangle.
        hovered(int): the digit under the pointer changed (-1: none).
    """

    clicked = Signal(int)
    selected = Signal(object)
    hovered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 200)
        self.setFocusPolicy(Qt.FocusPolicy.WheelFocus)
        self.coords: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        self.predictions: np.ndarray | None = None
        self.images: np.ndarray | None = None
        self.placed: np.ndarray | None = None  # (2,) the drawn digit's place
        self.highlight: np.ndarray = np.zeros(0, np.int64)  # e.g. the drawn digit's neighbours
        self.message = ""
        self.centre = np.zeros(2)
        self.scale = 1.0  # screen pixels per map unit
        self.hover = -1
        self._press: QPointF | None = None
        self._press_button = Qt.MouseButton.NoButton
        self._last = QPointF()
        self._rubber: QRectF | None = None
        self._buffer: np.ndarray | None = None
        self._frame: QImage | None = None
        self._screen: np.ndarray | None = None  # (N, 2) float screen positions of the last frame
        self._order = np.zeros(0, np.int64)
        self._colours = np.zeros(0, np.uint32)
        self.frames = 0

    # ------------------------------------------------------------------ content
    def set_map(self, coords: np.ndarray | None, labels: np.ndarray | None = None,
                predictions: np.ndarray | None = None, images: np.ndarray | None = None) -> None:
        """Show these points (None: an empty view with ``message``)."""
        self.coords = None if coords is None else np.asarray(coords, np.float64)
        self.labels = None if labels is None else np.asarray(labels, np.int64)
        self.predictions = None if predictions is None else np.asarray(predictions, np.int64)
        self.images = images
        self.placed, self.highlight, self.hover = None, np.zeros(0, np.int64), -1
        n = 0 if self.coords is None else len(self.coords)
        self._order = np.random.default_rng(0).permutation(n)  # no digit drawn over all the others
        bgra = _BGRA.view(np.uint32).reshape(-1)
        self._colours = bgra[self.labels[self._order]] if self.labels is not None else np.full(n, bgra[0])
        self.reset_view()

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def set_placed(self, point: np.ndarray | None, neighbours: np.ndarray | None = None) -> None:
        self.placed = None if point is None else np.asarray(point, np.float64).reshape(2)
        self.highlight = np.zeros(0, np.int64) if neighbours is None else np.asarray(neighbours, np.int64)
        self.update()

    def reset_view(self) -> None:
        """Fit the whole map into the view."""
        if self.coords is None or not len(self.coords):
            self.centre, self.scale = np.zeros(2), 1.0
        else:
            lo, hi = self.coords.min(0), self.coords.max(0)
            self.centre = (lo + hi) / 2
            span = np.maximum(hi - lo, 1e-6)
            self.scale = 0.92 * min(max(1, self.width()) / span[0], max(1, self.height()) / span[1])
        self._invalidate()

    def zoom_to(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Show the map rectangle (x0, y0)-(x1, y1) (map units) as large as the view allows."""
        self.centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        self.scale = min(self.width() / max(abs(x1 - x0), 1e-6), self.height() / max(abs(y1 - y0), 1e-6))
        self._invalidate()

    def zoom(self, factor: float, at: QPointF | None = None) -> None:
        at = at if at is not None else QPointF(self.width() / 2, self.height() / 2)
        before = self.to_map(at.x(), at.y())
        self.scale = float(np.clip(self.scale * factor, 1e-3, 1e5))
        after = self.to_map(at.x(), at.y())
        self.centre = self.centre + (before - after)
        self._invalidate()

    def pan(self, dx: float, dy: float) -> None:
        """Move the map by (dx, dy) screen pixels."""
        self.centre = self.centre + np.array([-dx / self.scale, dy / self.scale])
        self._invalidate()

    # ------------------------------------------------------------ coordinates
    def to_screen(self, pts: np.ndarray) -> np.ndarray:
        pts = np.asarray(pts, np.float64).reshape(-1, 2)
        sx = (pts[:, 0] - self.centre[0]) * self.scale + self.width() / 2
        sy = self.height() / 2 - (pts[:, 1] - self.centre[1]) * self.scale
        return np.stack([sx, sy], axis=1)

    def to_map(self, sx: float, sy: float) -> np.ndarray:
        return np.array([(sx - self.width() / 2) / self.scale + self.centre[0],
                         (self.height() / 2 - sy) / self.scale + self.centre[1]])

    def point_at(self, sx: float, sy: float, radius: float = PICK_RADIUS_PX) -> int:
        """The digit drawn nearest to screen point (sx, sy) within ``radius`` pixels, or -1."""
        if self.coords is None or not len(self.coords):
            return -1
        s = self.to_screen(self.coords)
        d2 = ((s - (sx, sy)) ** 2).sum(1)
        i = int(np.argmin(d2))
        return i if d2[i] <= radius * radius else -1

    def select_screen_rect(self, rect: QRectF) -> np.ndarray:
        """Indices of the digits drawn inside a screen rectangle; emits ``selected``."""
        if self.coords is None:
            return np.zeros(0, np.int64)
        a = self.to_map(rect.left(), rect.top())
        b = self.to_map(rect.right(), rect.bottom())
        xa, xb = sorted((a[0], b[0]))
        ya, yb = sorted((a[1], b[1]))
        c = self.coords
        idx = np.flatnonzero((c[:, 0] >= xa) & (c[:, 0] <= xb) & (c[:, 1] >= ya) & (c[:, 1] <= yb))
        self.selected.emit(idx)
        return idx

    # ------------------------------------------------------------------ drawing
    def _invalidate(self) -> None:
        self._frame = None
        self.update()

    def render_points(self) -> QImage:
        """The points' layer for the current view (kept until the view changes)."""
        w, h = max(1, self.width()), max(1, self.height())
        if self._buffer is None or self._buffer.shape[:2] != (h, w):
            self._buffer = np.empty((h, w, 4), np.uint8)
        buf = self._buffer
        flat = buf.reshape(-1).view(np.uint32)
        flat.fill(0xFFFFFFFF)  # white
        self.frames += 1
        if self.coords is None or not len(self.coords):
            self._screen = None
        else:
            s = self.to_screen(self.coords)
            self._screen = s
            order = self._order
            px = np.rint(s[order, 0]).astype(np.int64)
            py = np.rint(s[order, 1]).astype(np.int64)
            r = 1 if self.scale * 0.5 < 3 else 2  # a larger dot once zoomed in
            # points whose whole disc lies inside (those within r pixels of the edge are left out)
            ok = (px >= r) & (px < w - r) & (py >= r) & (py < h - r)
            base = py[ok] * w + px[ok]
            colour = self._colours[ok]
            for dy in range(-r, r + 1):
                for dx in range(-r, r + 1):
                    if dx * dx + dy * dy <= r * r + r:
                        flat[base + (dy * w + dx)] = colour
        self._frame = QImage(buf.data, w, h, 4 * w, QImage.Format.Format_RGB32)
        return self._frame

    def paintEvent(self, event: QPaintEvent) -> None:
        frame = self._frame if self._frame is not None and self._frame.size() == self.size() else self.render_points()
        p = QPainter(self)
        p.drawImage(0, 0, frame)
        if self.coords is None or self._screen is None:
            p.setPen(QColor("#6b7280"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            p.end()
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self._screen
        inside = (s[:, 0] > -10) & (s[:, 0] < self.width() + 10) & (s[:, 1] > -10) & (s[:, 1] < self.height() + 10)
        if self.predictions is not None and self.labels is not None:
            wrong = np.flatnonzero((self.predictions != self.labels) & inside)
            p.setPen(QPen(QColor("black"), 1.4))
            p.setBrush(Qt.BrushStyle.NoBrush)
            ring = 4.5 if self.scale * 0.5 < 3 else 6.0
            for i in wrong:
                p.drawEllipse(QPointF(s[i, 0], s[i, 1]), ring, ring)
        if len(self.highlight):
            p.setPen(QPen(QColor("#111827"), 1.2, Qt.PenStyle.DotLine))
            for i in self.highlight:
                p.drawRect(QRectF(s[i, 0] - 5, s[i, 1] - 5, 10, 10))
        if self.placed is not None:
            self._paint_star(p, self.to_screen(self.placed)[0])
        if self._rubber is not None:
            p.setPen(QPen(QColor("#2563eb"), 1, Qt.PenStyle.DashLine))
            p.setBrush(QColor(37, 99, 235, 30))
            p.drawRect(self._rubber.normalized())
        self._paint_legend(p)
        if 0 <= self.hover < len(s):
            self._paint_card(p, self.hover, s[self.hover])
        p.end()

    def _paint_star(self, p: QPainter, at: np.ndarray) -> None:
        angles = np.arange(10) * np.pi / 5 - np.pi / 2
        radii = np.where(np.arange(10) % 2 == 0, 13.0, 5.5)
        star = QPolygonF([QPointF(at[0] + r * np.cos(a), at[1] + r * np.sin(a)) for r, a in zip(radii, angles)])
        p.setPen(QPen(QColor("white"), 2.0))
        p.setBrush(QColor("black"))
        p.drawPolygon(star)

    def _paint_legend(self, p: QPainter) -> None:
        fm = p.fontMetrics()
        rows = [self.tr("digit %1").replace("%1", str(d)) for d in range(10)] + [self.tr("misread")]
        if self.placed is not None:
            rows.append(self.tr("your digit"))
        line = fm.height() + 2
        width = max(fm.horizontalAdvance(t) for t in rows) + 34
        box = QRectF(self.width() - width - 10, 10, width, line * len(rows) + 10)
        p.setPen(QPen(QColor("#d1d5db")))
        p.setBrush(QColor(255, 255, 255, 225))
        p.drawRoundedRect(box, 4, 4)
        for k, text in enumerate(rows):
            y = box.top() + 5 + k * line + line / 2
            dot = QPointF(box.left() + 14, y)
            if k < 10:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(DIGIT_COLOURS[k]))
                p.drawEllipse(dot, 4, 4)
            elif k == 10:
                p.setPen(QPen(QColor("black"), 1.4))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(dot, 4.5, 4.5)
            else:
                p.save()
                p.translate(dot)
                p.scale(0.6, 0.6)
                self._paint_star(p, np.zeros(2))
                p.restore()
            p.setPen(QColor("#111827"))
            p.drawText(QPointF(box.left() + 26, y + fm.ascent() / 2 - 1), text)

    def _paint_card(self, p: QPainter, i: int, at: np.ndarray) -> None:
        """The hovered digit's picture and reading, beside the pointer (the map's tooltip)."""
        side = 84
        text = self.card_text(i)
        fm = p.fontMetrics()
        w = max(side, fm.horizontalAdvance(text)) + 12
        h = side + fm.height() + 14
        x = at[0] + 14 if at[0] + 14 + w < self.width() else at[0] - 14 - w
        y = min(max(4, at[1] - h / 2), self.height() - h - 4)
        p.setPen(QPen(QColor("#9ca3af")))
        p.setBrush(QColor(255, 255, 255, 245))
        p.drawRoundedRect(QRectF(x, y, w, h), 4, 4)
        if self.images is not None:
            p.drawImage(QRect(int(x + (w - side) / 2), int(y + 6), side, side), digit_qimage(self.images[i]))
        p.setPen(QColor("#b91c1c") if self.is_misread(i) else QColor("#111827"))
        p.drawText(QPointF(x + 6, y + side + 8 + fm.ascent()), text)

    def is_misread(self, i: int) -> bool:
        return self.predictions is not None and self.labels is not None and self.predictions[i] != self.labels[i]

    def card_text(self, i: int) -> str:
        if self.labels is None:
            return f"#{i}"
        if self.predictions is None:
            return self.tr("#%1: a %2").replace("%1", f"{i:,}").replace("%2", str(int(self.labels[i])))
        return (self.tr("#%1: %2 read as %3").replace("%1", f"{i:,}").replace("%2", str(int(self.labels[i])))
                .replace("%3", str(int(self.predictions[i]))))

    # -------------------------------------------------------------------- mouse
    def sizeHint(self) -> QSize:
        return QSize(720, 560)

    def resizeEvent(self, event: Any) -> None:
        old = event.oldSize()
        if self.coords is not None and (old.width() <= 0 or old.height() <= 0):
            self.reset_view()
        self._invalidate()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(1.25 ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press, self._press_button, self._last = event.position(), event.button(), event.position()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is not None and self._press_button in (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton):
            self.pan(pos.x() - self._last.x(), pos.y() - self._last.y())
            self._last = pos
            return
        if self._press is not None and self._press_button == Qt.MouseButton.LeftButton:
            if (pos - self._press).manhattanLength() >= DRAG_START_PX:
                self._rubber = QRectF(self._press, pos)
                self.update()
            return
        hit = self.point_at(pos.x(), pos.y())
        if hit != self.hover:
            self.hover = hit
            self.hovered.emit(hit)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, button, self._press = self._press, self._press_button, None
        if button == Qt.MouseButton.LeftButton and press is not None:
            if self._rubber is not None:
                rect, self._rubber = self._rubber.normalized(), None
                self.select_screen_rect(rect)
                self.update()
            else:
                hit = self.point_at(event.position().x(), event.position().y())
                if hit >= 0:
                    self.clicked.emit(hit)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.reset_view()

    def leaveEvent(self, event: Any) -> None:
        if self.hover >= 0:
            self.hover = -1
            self.hovered.emit(-1)
            self.update()
