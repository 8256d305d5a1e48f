"""The drawing canvas: antialiased round strokes into an offscreen image, undo/redo per stroke.

Strokes are kept in canvas fractions (0..1), so the drawing survives resizes and can be
replayed at any size. Mouse, tablet and programmatic replay all go through the same
``_pen_down`` / ``_pen_move`` / ``_pen_up`` path (replay even synthesises real QMouseEvents).

A loaded picture is the canvas's background: strokes drawn after it are an edit on top of it,
in the picture's own ink on its own paper. Undo and redo step through snapshots of (picture,
strokes), so undoing the last stroke over a picture gives the picture back, and opening a
picture is a step that Undo takes back as well. Clear empties the canvas and its history.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen,
                           QResizeEvent, QTabletEvent)
from PySide6.QtWidgets import QSizePolicy, QWidget

from mnist_gui.core.ink import paper_and_ink, to_grayscale
from mnist_gui.core.strokes import DEFAULT_PEN_FRACTION

Stroke = list[tuple[float, float]]

# MNIST strokes are about 2.6 px wide on a digit 20 px high: 0.13 of the digit's larger side.
STROKE_TO_SIZE = 0.13

PAPER = QColor(255, 255, 255)
INK = QColor(20, 20, 30)
EDIT_SIDE = 1024  # a picture drawn on is prepared at up to this side (preparation works at 1024 too)
LOOK_SIDE = 256  # the picture's paper and ink are measured on a copy this small


def qimage_to_array(image: QImage) -> np.ndarray:
    """Copy a QImage into a numpy array: (H, W) uint8 for grayscale, else (H, W, 4) RGBA uint8."""
    if image.format() == QImage.Format.Format_Grayscale8:
        img, channels = image, 1
    else:
        img, channels = image.convertToFormat(QImage.Format.Format_RGBA8888), 4
    w, h = img.width(), img.height()
    bpl = img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)
    arr = buf[:, : w * channels].copy()
    return arr if channels == 1 else arr.reshape(h, w, 4)


def _gray(level: float) -> QColor:
    v = int(round(min(1.0, max(0.0, level)) * 255))
    return QColor(v, v, v)


@dataclass(eq=False)
class LoadedPicture:
    """A picture on the canvas, with the paper and ink colours that strokes over it use."""

    image: QImage
    paper: QColor
    ink: QColor
    _scaled: dict[tuple[int, int], QImage] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, image: QImage) -> "LoadedPicture":
        image = image.copy()
        small = image
        if max(image.width(), image.height()) > LOOK_SIDE:
            small = image.scaled(LOOK_SIDE, LOOK_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        if small.isNull():
            return cls(image, PAPER, INK)
        paper, ink = paper_and_ink(to_grayscale(qimage_to_array(small)))  # alpha over white, as preparation
        return cls(image, _gray(paper), _gray(ink))

    def scaled_to(self, side: int, width: int | None = None) -> QImage:
        """The picture fitted into a ``width`` x ``side`` area (default square; kept for the last
        few sizes: no rescaling of a large photo on every stroke)."""
        width = side if width is None else width
        img = self._scaled.get((width, side))
        if img is None:
            if len(self._scaled) >= 4:
                self._scaled.clear()
            img = self._scaled[(width, side)] = self.image.scaled(width, side, Qt.AspectRatioMode.KeepAspectRatio,
                                                                  Qt.TransformationMode.SmoothTransformation)
        return img


@dataclass(frozen=True)
class OverlayBox:
    """A box drawn over the canvas: one digit of a number, its reading as a tag above it."""

    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in drawing-area fractions
    text: str  # "7 98%"
    colour: str = "#2563eb"
    selected: bool = False


@dataclass(frozen=True)
class _Snapshot:
    """What Undo and Redo step between: the picture (or none) and the strokes over it."""

    picture: LoadedPicture | None
    strokes: tuple[Stroke, ...]


class DrawingCanvas(QWidget):
    """A drawing surface: square, or wider (``set_aspect``) to write a whole number on.

    Strokes are kept in fractions of the drawing area's height (x runs to the aspect ratio).

    Signals:
        strokeStarted(): the pen went down (a stroke begins).
        strokeChanged(): the current stroke grew (for debounced live prediction).
        strokeFinished(): the pen went up (a stroke was added).
        contentChanged(): strokes or picture changed other than by drawing (undo, redo, clear, picture).
    """

    strokeStarted = Signal()
    strokeChanged = Signal()
    strokeFinished = Signal()
    contentChanged = Signal()
    boxClicked = Signal(int)  # a right click inside one of the overlay's boxes (see set_boxes)

    def __init__(self, parent: QWidget | None = None, pen_fraction: float = DEFAULT_PEN_FRACTION) -> None:
        super().__init__(parent)
        self.pen_fraction = pen_fraction
        self.aspect = 1.0  # width / height of the drawing area
        self._boxes: list[OverlayBox] = []  # the digits of a number read from the drawing
        self._strokes: list[Stroke] = []  # drawn since the picture was opened (or the canvas cleared)
        self._undo: list[_Snapshot] = []
        self._redo: list[_Snapshot] = []
        self._current: Stroke | None = None
        self._picture: LoadedPicture | None = None  # the background the strokes are drawn over
        self._image = QImage(1, 1, QImage.Format.Format_Grayscale8)
        self._image.fill(PAPER)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 200)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(self.tr("Draw a digit with the mouse or a pen. Delete/Esc clears, Ctrl+Z undoes."))

    # ------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        return QSize(int(360 * self.aspect), 360)

    def hasHeightForWidth(self) -> bool:
        return self.aspect == 1.0  # a wide canvas takes the room it gets and fits its area in it

    def heightForWidth(self, w: int) -> int:
        return w

    def set_aspect(self, aspect: float) -> None:
        """Let the drawing area grow up to ``aspect`` times as wide as high where the widget is
        wide (1: always square, as for one digit); it is square in a square widget."""
        self.aspect = max(1.0, float(aspect))
        self.updateGeometry()
        self._render()

    def area_aspect(self) -> float:
        """Width / height of the drawing area now: the widget's shape, from 1 up to ``aspect``."""
        return min(self.aspect, max(1.0, self.width() / max(1, self.height())))

    def side(self) -> int:
        """Height of the drawing area in pixels (its side when square)."""
        return max(1, min(self.width(), self.height()))

    def area_width(self) -> int:
        """Width of the drawing area in pixels."""
        return max(1, min(self.width(), int(round(self.side() * self.area_aspect()))))

    def _origin(self) -> QPointF:
        s = self.side()
        return QPointF((self.width() - self.area_width()) / 2, (self.height() - s) / 2)

    def origin(self) -> QPointF:
        """Top left of the drawing area in widget pixels."""
        return self._origin()

    def _to_fraction(self, pos: QPointF) -> tuple[float, float]:
        o, s = self._origin(), self.side()
        return ((pos.x() - o.x()) / s, (pos.y() - o.y()) / s)

    def pen_width(self) -> float:
        return self.pen_fraction * self.side()

    # ------------------------------------------------------------ content
    def strokes(self) -> list[Stroke]:
        return [list(s) for s in self._strokes]

    def has_content(self) -> bool:
        """Anything to classify: finished strokes, the stroke being drawn, or a picture."""
        return bool(self._strokes) or self._current is not None or self._picture is not None

    def is_drawing(self) -> bool:
        """Whether a stroke is being drawn (the pen is down)."""
        return self._current is not None

    def has_picture(self) -> bool:
        return self._picture is not None

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def clear(self) -> None:
        if not self._strokes and self._picture is None and self._current is None:
            return
        self._strokes.clear()
        self._undo.clear()
        self._redo.clear()
        self._current = None
        self._picture = None
        self._render()
        self.contentChanged.emit()

    def _snapshot(self) -> _Snapshot:
        return _Snapshot(self._picture, tuple(self._strokes))

    def _restore(self, snap: _Snapshot) -> None:
        self._picture = snap.picture
        self._strokes = list(snap.strokes)
        self._render()
        self.contentChanged.emit()

    def undo(self) -> None:
        """Take back the last stroke or opened picture: what the canvas held before comes back."""
        if self._undo and self._current is None:
            self._redo.append(self._snapshot())
            self._restore(self._undo.pop())

    def redo(self) -> None:
        if self._redo and self._current is None:
            self._undo.append(self._snapshot())
            self._restore(self._redo.pop())

    def set_picture(self, image: QImage) -> None:
        """Open a picture: it replaces what is on the canvas (an undoable step) and strokes drawn
        afterwards go on top of it, in its ink."""
        if self._current is not None:  # a stroke in progress ends first
            self._pen_up()
        self._undo.append(self._snapshot())
        self._redo.clear()
        self._strokes = []
        self._picture = LoadedPicture.of(image)
        self._render()
        self.contentChanged.emit()

    def picture(self) -> QImage | None:
        """The opened picture as it was loaded (without the strokes over it), or None."""
        return None if self._picture is None else self._picture.image

    def picture_array(self) -> np.ndarray | None:
        """What preparation reads for an opened picture (None: no picture): the picture itself at
        full resolution, or, once strokes are drawn over it, picture and strokes together as one
        grey image of up to EDIT_SIDE pixels a side, framed as on the canvas."""
        if self._picture is None:
            return None
        strokes = self._all_strokes()
        if not strokes:
            return qimage_to_array(self._picture.image)
        img = self._picture.image
        s = min(EDIT_SIDE, max(self.side(), img.width(), img.height()))
        return qimage_to_array(self._compose(s, strokes))

    def image(self) -> QImage:
        """The drawing as a grayscale image of the drawing area's size (dark ink on white)."""
        return self._image.copy()

    def ink_array(self) -> np.ndarray:
        """The drawing as float32 (side, side), ink 1.0 on background 0.0 (what preprocessing takes)."""
        gray = qimage_to_array(self._image).astype(np.float32)
        return 1.0 - gray / 255.0

    def normalized_ink_array(self) -> np.ndarray:
        """The strokes re-rendered with an MNIST-like stroke width for their size, ink 1.0 on 0.0.

        A person drawing a small digit gets strokes that are thick for its size; MNIST's are
        about 0.13 of the digit's height whatever its size. The canvas keeps the strokes as
        vectors, so the network can be given the drawing with that proportion. A loaded picture
        is returned as it is.
        """
        strokes = self._all_strokes()
        if self._picture is not None or not strokes:
            return self.ink_array()
        xs = [x for st in strokes for x, _ in st]
        ys = [y for st in strokes for _, y in st]
        s = self.side()
        extent = max(max(xs) - min(xs), max(ys) - min(ys)) * s
        img = QImage(self.area_width(), s, QImage.Format.Format_Grayscale8)
        img.fill(PAPER)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = self._pen()
        pen.setWidthF(max(1.5, STROKE_TO_SIZE * extent))
        p.setPen(pen)
        for stroke in strokes:
            self._paint_stroke(p, stroke, s)
        p.end()
        return 1.0 - qimage_to_array(img).astype(np.float32) / 255.0

    # ------------------------------------------------------------ rendering
    def _all_strokes(self) -> list[Stroke]:
        return self._strokes + ([self._current] if self._current else [])

    def _pen(self, width: float | None = None) -> QPen:
        ink = INK if self._picture is None else self._picture.ink
        pen = QPen(ink, self.pen_width() if width is None else width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _compose(self, s: int, strokes: list[Stroke]) -> QImage:
        """Paper, the picture fitted and centred, and the strokes, in an area ``s`` high."""
        w = max(1, int(round(s * self.area_aspect())))
        img = QImage(w, s, QImage.Format.Format_Grayscale8)
        img.fill(PAPER if self._picture is None else self._picture.paper)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._picture is not None and not self._picture.image.isNull():
            scaled = self._picture.scaled_to(s, w)
            p.drawImage(QPointF((w - scaled.width()) / 2, (s - scaled.height()) / 2), scaled)
        p.setPen(self._pen(self.pen_fraction * s))
        for stroke in strokes:
            self._paint_stroke(p, stroke, s)
        p.end()
        return img

    def _render(self) -> None:
        """Redraw everything into the offscreen image (after resize, undo, clear)."""
        self._image = self._compose(self.side(), self._all_strokes())
        self.update()

    @staticmethod
    def _paint_stroke(p: QPainter, stroke: Stroke, s: int) -> None:
        if len(stroke) == 1:
            x, y = stroke[0]
            p.drawPoint(QPointF(x * s, y * s))
            return
        path = QPainterPath(QPointF(stroke[0][0] * s, stroke[0][1] * s))
        for x, y in stroke[1:]:
            path.lineTo(x * s, y * s)
        p.drawPath(path)

    def _paint_segment(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        s = self.side()
        p = QPainter(self._image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(self._pen())
        if a == b:
            p.drawPoint(QPointF(a[0] * s, a[1] * s))
        else:
            p.drawLine(QPointF(a[0] * s, a[1] * s), QPointF(b[0] * s, b[1] * s))
        p.end()
        o = self._origin()
        w = self.pen_width() + 4
        r = QRectF(QPointF(min(a[0], b[0]) * s, min(a[1], b[1]) * s), QPointF(max(a[0], b[0]) * s, max(a[1], b[1]) * s))
        self.update(r.adjusted(-w, -w, w, w).translated(o).toAlignedRect())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._image.width() != self.area_width() or self._image.height() != self.side():
            self._render()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().window())
        o = self._origin()
        p.drawImage(o, self._image)
        p.setPen(QPen(QColor(190, 190, 200), 1))
        p.drawRect(QRectF(o, QSize(self.area_width() - 1, self.side() - 1)))
        self._paint_boxes(p, o)
        if not self.has_content() and self._current is None:
            p.setPen(QColor(150, 150, 160))
            f = p.font()
            f.setPointSizeF(f.pointSizeF() * 1.3)
            p.setFont(f)
            p.drawText(QRectF(o, QSize(self.area_width(), self.side())), Qt.AlignmentFlag.AlignCenter,
                       self.tr("Draw a digit here") if self.aspect == 1.0 else self.tr("Write a digit or a number here"))
        p.end()

    # ------------------------------------------------------------ overlay
    def set_boxes(self, boxes: list["OverlayBox"]) -> None:
        """Boxes over the drawing (the digits of a number), in drawing-area fractions; [] removes them."""
        if boxes or self._boxes:
            self._boxes = list(boxes)
            self.update()

    def boxes(self) -> list["OverlayBox"]:
        return list(self._boxes)

    def box_at(self, pos: QPointF) -> int | None:
        fx, fy = self._to_fraction(pos)
        for i, b in enumerate(self._boxes):
            x0, y0, x1, y1 = b.rect
            if x0 <= fx <= x1 and y0 - 0.12 <= fy <= y1:  # the label above the box counts too
                return i
        return None

    def picture_to_fraction(self, x: float, y: float, size: tuple[int, int]) -> tuple[float, float]:
        """A point of an opened picture of ``size`` (w, h) pixels in drawing-area fractions."""
        s, w = self.side(), self.area_width()
        pw, ph = size
        k = min(w / max(pw, 1), s / max(ph, 1))
        return (((w - pw * k) / 2 + x * k) / s, ((s - ph * k) / 2 + y * k) / s)

    def _paint_boxes(self, p: QPainter, o: QPointF) -> None:
        if not self._boxes:
            return
        s = self.side()
        f = p.font()
        f.setPointSizeF(max(8.0, min(13.0, s / 28)))
        f.setBold(True)
        p.setFont(f)
        fm = p.fontMetrics()
        for b in self._boxes:
            x0, y0, x1, y1 = b.rect
            r = QRectF(o.x() + x0 * s, o.y() + y0 * s, (x1 - x0) * s, (y1 - y0) * s).adjusted(-3, -3, 3, 3)
            colour = QColor(b.colour)
            p.setPen(QPen(colour, 3 if b.selected else 1.5, Qt.PenStyle.SolidLine if b.selected else Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r, 4, 4)
            tag = QRectF(r.left(), r.top() - fm.height() - 2, max(r.width(), fm.horizontalAdvance(b.text) + 8),
                         fm.height() + 2)
            if tag.top() < o.y():
                tag.moveTop(r.bottom() + 2)
            p.fillRect(tag, colour)
            p.setPen(QColor(255, 255, 255))
            p.drawText(tag, Qt.AlignmentFlag.AlignCenter, b.text)

    # ------------------------------------------------------------ pen path
    def _pen_down(self, pos: QPointF) -> None:
        self._current = [self._to_fraction(pos)]
        self._redo.clear()
        self.strokeStarted.emit()
        self._paint_segment(self._current[0], self._current[0])

    def _pen_move(self, pos: QPointF) -> None:
        if self._current is None:
            return
        pt = self._to_fraction(pos)
        if pt == self._current[-1]:
            return
        self._paint_segment(self._current[-1], pt)
        self._current.append(pt)
        self.strokeChanged.emit()

    def _pen_up(self, pos: QPointF | None = None) -> None:
        if self._current is None:
            return
        if pos is not None:
            pt = self._to_fraction(pos)
            if pt != self._current[-1]:
                self._paint_segment(self._current[-1], pt)
                self._current.append(pt)
        self._undo.append(self._snapshot())
        self._strokes.append(self._current)
        self._current = None
        self.strokeFinished.emit()

    # ------------------------------------------------------------ input events
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton and self._boxes:
            hit = self.box_at(event.position())
            if hit is not None:
                self.boxClicked.emit(hit)
                event.accept()
                return
        if event.button() == Qt.MouseButton.LeftButton:
            self._pen_down(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._pen_move(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pen_up(event.position())
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        t = event.type()
        if t == QEvent.Type.TabletPress:
            self._pen_down(event.position())
        elif t == QEvent.Type.TabletMove and event.pressure() > 0:
            self._pen_move(event.position())
        elif t == QEvent.Type.TabletRelease:
            self._pen_up(event.position())
        event.accept()  # no synthesised mouse events on top

    # ------------------------------------------------------------ replay
    def replay(self, strokes: list[list[tuple[float, float]]] | tuple, *, fractions: bool = True) -> None:
        """Replay strokes through the mouse-event path: press, move through points, release.

        Args:
            strokes: per stroke, a list of (x, y) points, as canvas fractions (``fractions``)
                or as widget pixel coordinates.
            fractions: whether points are fractions of the square drawing area.
        """
        o, s = self._origin(), self.side()
        for stroke in strokes:
            if not stroke:
                continue
            pts = [QPointF(o.x() + x * s, o.y() + y * s) if fractions else QPointF(x, y) for x, y in stroke]
            self._send(QEvent.Type.MouseButtonPress, pts[0], Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
            for pt in pts[1:]:
                self._send(QEvent.Type.MouseMove, pt, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
            self._send(QEvent.Type.MouseButtonRelease, pts[-1], Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)

    def _send(self, kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
        glob = QPointF(self.mapToGlobal(QPoint(0, 0))) + pos
        ev = QMouseEvent(kind, pos, glob, button, buttons, Qt.KeyboardModifier.NoModifier)
        if kind == QEvent.Type.MouseButtonPress:
            self.mousePressEvent(ev)
        elif kind == QEvent.Type.MouseMove:
            self.mouseMoveEvent(ev)
        else:
            self.mouseReleaseEvent(ev)
