"""Views of the network's reasons: the evidence overlay and the feature-map panel.

Thin widgets over :mod:`mnist_gui.core.explain`: the maps are computed there (compiled, a few
milliseconds) on the thread that owns the model, the GUI thread; these widgets only paint them.
"""
from __future__ import annotations

import logging
from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (QCheckBox, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from mnist_gui.core.explain import feature_mosaic
from mnist_gui.gui.qimages import gray_qimage, rgb_qimage

logger = logging.getLogger(__name__)

FOR = np.array([220, 38, 38], np.float32)  # red: evidence for the target class
AGAINST = np.array([37, 99, 235], np.float32)  # blue: evidence for the other class


def evidence_rgb(image: np.ndarray, emap: np.ndarray) -> np.ndarray:
    """(28, 28, 3) uint8: the digit in light grey on white, red/blue where the map is +/-.

    The colour's strength is the map's value over its largest magnitude (so the strongest pixel
    is fully coloured), with a gamma that keeps weak evidence visible.
    """
    img = np.clip(np.asarray(image, np.float32), 0, 1)
    m = np.asarray(emap, np.float32)
    scale = float(np.abs(m).max())
    a = np.zeros_like(m) if scale <= 0 else np.sqrt(np.abs(m) / scale)
    base = 255.0 - 90.0 * img[..., None]  # faint digit so the colours read on top
    colour = np.where((m >= 0)[..., None], FOR, AGAINST)
    out = base * (1 - a[..., None]) + colour * a[..., None]
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)



class EvidenceView(QWidget):
    """The 28x28 input with the evidence map over it (square pixels), or a message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._message = self.tr("Draw a digit")
        self.map: np.ndarray | None = None
        self.setMinimumSize(140, 140)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(224, 224)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, w: int) -> int:
        return w

    def set_evidence(self, image: np.ndarray, emap: np.ndarray) -> None:
        self.map = np.asarray(emap, np.float32)
        self._image = rgb_qimage(evidence_rgb(image, emap))
        self.update()

    def set_message(self, text: str) -> None:
        self.map = None
        self._image = None
        self._message = text
        self.update()

    def message(self) -> str | None:
        return None if self._image is not None else self._message

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        side = min(self.width(), self.height())
        if self._image is not None:
            side = max(28, side // 28 * 28)
        target = QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)
        p.fillRect(target, QColor(255, 255, 255))
        if self._image is None:
            p.setPen(QColor(107, 114, 128))
            p.drawText(target.adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self._message)
        else:
            p.drawImage(target, self._image)
        p.setPen(QColor(209, 213, 219))
        p.drawRect(target.adjusted(0, 0, -1, -1))
        p.end()


class ExplainPanel(QWidget):
    """Evidence view with its legend: "red: for 4 · blue: for 9".

    ``explain(model, image, probs, chosen)`` computes and shows the map; ``chosen`` None means
    "for the prediction" (top class against the runner-up), a digit N "for N" (against the top
    class). Errors become a message in the panel, never an exception.

    Signals:
        updated(): a new map (or message) is shown.
    """

    updated = Signal()

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.view = EvidenceView()
        self.legend = QLabel(" ")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet("color: #4b5563;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.legend)
        if compact:
            self.view.setMinimumSize(120, 120)
        self.target: int | None = None
        self.versus: int | None = None

    def clear(self, message: str) -> None:
        self.target = self.versus = None
        self.view.set_message(message)
        self.legend.setText(" ")
        self.updated.emit()

    def explain(self, model: Any, image: np.ndarray | None, probs: np.ndarray | None,
                chosen: int | None = None) -> None:
        if image is None:
            self.clear(self.tr("No digit"))
            return
        if model is None or probs is None:
            self.clear(self.tr("No model yet"))
            return
        from mnist_gui.core import explain

        target, versus = explain.default_targets(probs, chosen)
        self.show_pair(model, image, target, versus)

    def show_pair(self, model: Any, image: np.ndarray, target: int, versus: int | None,
                  versus_note: str = "") -> None:
        """Show the evidence for ``target`` (red) against ``versus`` (blue)."""
        from mnist_gui.core import explain

        try:
            emap = explain.evidence_map(model, image, target, versus)
        except explain.ExplainError as e:
            self.clear(str(e))
            return
        except Exception as e:  # noqa: BLE001 - a panel, not a crash
            logger.exception("evidence map failed")
            self.clear(self.tr("No evidence map: %1").replace("%1", str(e)))
            return
        self.target, self.versus = target, versus
        self.view.set_evidence(np.asarray(image, np.float32), emap)
        against = "" if versus is None else (
            " \u00b7 <span style='color:#2563eb'>" + self.tr("<b>blue</b>: for %1").replace("%1", str(versus))
            + f"{versus_note}</span>")
        self.legend.setText("<span style='color:#dc2626'>" + self.tr("<b>red</b>: for %1").replace("%1", str(target))
                            + f"</span>{against}")
        self.updated.emit()


class EvidenceSection(QWidget):
    """"Why? Evidence map" for a detail panel: the switch, the panel, and the digit chosen by
    clicking a probability bar. The owning tab decides what to explain when ``wanted`` fires.

    Signals:
        wanted(): the map should be (re)computed (switched on, or another digit chosen).
    """

    wanted = Signal()

    def __init__(self, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(self.tr("Why? Evidence map"))
        self.box.setToolTip(tooltip)
        self.panel = ExplainPanel(compact=True)
        self.panel.setVisible(False)
        self.chosen: int | None = None  # None: the evidence for the prediction
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.box)
        lay.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        self.box.toggled.connect(self._on_toggled)

    def active(self) -> bool:
        return self.box.isChecked()

    def choose(self, digit: int, top: int | None) -> None:
        """Show the evidence for ``digit`` (clicking the predicted digit goes back to the prediction)."""
        self.chosen = None if digit == top else digit
        if not self.box.isChecked():
            self.box.setChecked(True)  # emits wanted
        else:
            self.wanted.emit()

    def _on_toggled(self, on: bool) -> None:
        self.panel.setVisible(on)
        self.wanted.emit()


def _tile(acts: np.ndarray, cols: int | None = None, pad: int = 1) -> np.ndarray:
    """(H, W, C) -> one grey uint8 mosaic of the C channels (core.explain.feature_mosaic)."""
    return (feature_mosaic(acts, cols=cols, pad=pad) * 255 + 0.5).astype(np.uint8)


class _Mosaic(QWidget):
    """A grey mosaic drawn with square pixels at an integer zoom."""

    def __init__(self, mosaic: np.ndarray, zoom: int) -> None:
        super().__init__()
        self._img = gray_qimage(mosaic)
        self._zoom = zoom
        self.setFixedSize(mosaic.shape[1] * zoom, mosaic.shape[0] * zoom)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.drawImage(self.rect(), self._img)
        p.end()


def beside(window: QRect, size: QSize, screen: QRect) -> QPoint:
    """Where a tool window of ``size`` goes so that it does not cover ``window``: to its right,
    else to its left, else at the screen's right edge (all kept on ``screen``)."""
    y = min(max(window.top(), screen.top()), max(screen.top(), screen.bottom() + 1 - size.height()))
    if window.right() + 1 + size.width() <= screen.right() + 1:
        return QPoint(window.right() + 1, y)
    if window.left() - size.width() >= screen.left():
        return QPoint(window.left() - size.width(), y)
    return QPoint(max(screen.left(), screen.right() + 1 - size.width()), y)


class FeatureMapsPanel(QWidget):
    """Every convolution layer's activations for the current digit, and the first layer's filters.

    Lazy: :meth:`show_for` computes only while the panel is visible; a hidden panel remembers
    that it is stale and catches up when shown.

    Signals:
        updated(): new maps (or a message) are shown.
    """

    updated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Feature maps"))
        self.message = QLabel(self.tr("Draw a digit to see what each layer detects."))
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #4b5563;")
        self._content = QWidget()
        self._grid = QVBoxLayout(self._content)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._grid.setSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._content)
        lay = QVBoxLayout(self)
        lay.addWidget(self.message)
        lay.addWidget(scroll, 1)
        self._pending: tuple[Any, Any] | None = None
        self.computed = 0  # how many times maps were computed (tests: laziness)
        self.layer_names: list[str] = []
        self.resize(760, 640)

    def show_for(self, model: Any, image: np.ndarray | None) -> None:
        self._pending = (model, image)
        if self.isVisible():
            self._refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self._refresh()

    def _clear_grid(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            w = item.widget()
            if w is not None:
                w.hide()
                w.deleteLater()

    def _refresh(self) -> None:
        model, image = self._pending or (None, None)
        self._pending = None
        self._clear_grid()
        self.layer_names = []
        if model is None:
            self.message.setText(self.tr("No model loaded."))
            self.updated.emit()
            return
        if image is None:
            self.message.setText(self.tr("Draw a digit to see what each layer detects."))
            self.updated.emit()
            return
        from mnist_gui.core import explain

        try:
            fm = explain.feature_maps(model, image)
        except explain.ExplainError as e:
            self.message.setText(str(e))
            self.updated.emit()
            return
        except Exception as e:  # noqa: BLE001 - a panel, not a crash
            logger.exception("feature maps failed")
            self.message.setText(self.tr("No feature maps: %1").replace("%1", str(e)))
            self.updated.emit()
            return
        self.computed += 1
        self.message.setText(self.tr("Each small square is one filter's response (bright: strong); "
                             "later layers see larger, more abstract parts of the digit."))
        bold = QFont(self.font())
        bold.setBold(True)
        if fm.filters is not None:
            t = QLabel(self.tr("First layer's filters (%1, %2 of them)")
                       .replace("%1", f"{fm.filters.shape[0]}\u00d7{fm.filters.shape[1]}").replace("%2", str(fm.filters.shape[2])))
            t.setFont(bold)
            self._grid.addWidget(t)
            self._grid.addWidget(_Mosaic(_tile(fm.filters, cols=16, pad=1), 6))
            self._grid.addSpacing(8)
        for name, shape, acts in fm.layers:
            self.layer_names.append(name)
            dims = " \u00d7 ".join(str(d) for d in shape)
            t = QLabel(f"{name}  \u2014  {dims}")
            t.setFont(bold)
            self._grid.addWidget(t)
            zoom = max(1, min(5, 56 // max(1, acts.shape[0])))
            cols = 16 if acts.shape[-1] >= 64 else 8
            self._grid.addWidget(_Mosaic(_tile(acts, cols=cols), zoom))
            self._grid.addSpacing(8)
        self._content.adjustSize()
        self._fit_width()
        self.updated.emit()

    def _fit_width(self) -> None:
        """Wide enough for the widest mosaic (no horizontal scroll bar), within the screen."""
        scroll = self._content.parentWidget().parentWidget()  # viewport -> scroll area
        bar = scroll.verticalScrollBar().sizeHint().width() if isinstance(scroll, QScrollArea) else 0
        margins = self.layout().contentsMargins()
        need = self._content.sizeHint().width() + bar + margins.left() + margins.right() + 4
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            need = min(need, screen.width())
        if self.width() < need:
            self.resize(need, self.height())
