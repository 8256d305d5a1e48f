"""The Draw tab's number reader: after each stroke (and for an opened picture) the ink is split
into digits by :mod:`core.numbers`, each digit's box is drawn on the canvas with its reading, the
whole number is shown, and a chosen digit fills the tab's probability and evidence panels.

One digit on the canvas is read exactly as before (the whole drawing, one forward pass); the
pieces are only used when the ink holds two digits or more.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from mnist_gui.core import numbers
from mnist_gui.gui.canvas import OverlayBox
from mnist_gui.gui.number_view import COLOURS, NumberStrip, tag_text
from mnist_gui.gui.percent import percent

logger = logging.getLogger(__name__)

def unit_square(strokes: list[list[tuple[float, float]]], fill: float = 0.62) -> list[list[tuple[float, float]]]:
    """Strokes moved into a square canvas of side 1, their larger extent ``fill`` of it, centred
    (how My digits keeps one digit of a number, as if it had been drawn alone)."""
    pts = [p for s in strokes for p in s]
    x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
    x1, y1 = max(p[0] for p in pts), max(p[1] for p in pts)
    k = fill / max(x1 - x0, y1 - y0, 1e-9)
    ox, oy = 0.5 - (x1 - x0) * k / 2, 0.5 - (y1 - y0) * k / 2
    return [[(ox + (x - x0) * k, oy + (y - y0) * k) for x, y in s] for s in strokes]


class DrawNumbers(QObject):
    """Reads the Draw tab's ink as a number and shows it (canvas boxes, the strip, the panels).

    Signals:
        numberRead(object): the core.numbers.NumberReading after each reading (None: no ink).
    """

    numberRead = Signal(object)

    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        self.tab = tab
        self.strip = NumberStrip()
        self.strip.clear(self._hint())
        self.reading: numbers.NumberReading | None = None
        self.chosen: int | None = None
        self.last_latency_ms = float("nan")
        self._cache = numbers.Cache()  # candidates read for the model in use (after a stroke, only new ones)
        self._cache_model: Any = None
        self.strip.pieceChosen.connect(self.choose)
        tab.canvas.boxClicked.connect(self.choose)

    @property
    def active(self) -> bool:
        """Whether a number of two digits or more is being shown."""
        return self.reading is not None and numbers.looks_like_a_number(self.reading)

    def text(self) -> str:
        """What the tab reads: the number, or the one digit ("?" for "not a digit"; "" for nothing)."""
        if self.active:
            return self.reading.text
        r = self.tab.last_reading
        if r is None:
            return ""
        return "?" if r.kind == "not_digit" else str(r.digit)

    def read(self) -> numbers.NumberReading | None:
        """Split and read the canvas's ink (None: nothing to read, or no model yet)."""
        tab, canvas = self.tab, self.tab.canvas
        model = tab.state.predictor
        if model is None or not canvas.has_content() or not tab.prepare_box.isChecked():
            return None
        predict = numbers.batch_predictor(model)
        policy = tab.state.refusal_policy()
        if not canvas.has_picture() and len(canvas.strokes()) < 2:
            return None  # one stroke is one digit: the tab reads it as it always has
        if canvas.has_picture():
            img = canvas.picture_array()
            if img is None:
                return None
            return numbers.read_picture(img, predict, policy)
        if self._cache_model is not model:  # the cache holds the model's raw probabilities
            self._cache.clear()
            self._cache_model = model
        return numbers.read_strokes(canvas.strokes(), predict, policy, cache=self._cache)

    def wide_ink(self) -> bool:
        """Whether the ink may hold a number that is worth splitting before it is read whole: a
        picture, or strokes wider than one digit (:func:`core.numbers.one_digit_wide`)."""
        canvas = self.tab.canvas
        if canvas.has_picture():
            return True
        strokes = canvas.strokes()
        return len(strokes) >= 2 and not numbers.one_digit_wide(strokes)

    def update(self, whole: Any = None) -> bool:
        """Read the ink again and show it when it is a number (the tab then skips its one-digit
        reading); returns whether it is one. ``whole``: the tab's reading of all the ink as one
        digit, passed only for ink that is not :meth:`wide_ink`; read as a digit with
        ``numbers.WHOLE`` confidence or more, such ink is one digit and is not split."""
        t0 = time.perf_counter()
        if whole is not None and whole.kind == "digit" and whole.confidence >= numbers.WHOLE:
            self.reading = None
            self._clear()
            self.last_latency_ms = (time.perf_counter() - t0) * 1000
            self.numberRead.emit(None)
            return False
        try:
            self.reading = self.read()
        except (ValueError, MemoryError) as exc:  # a picture the splitter cannot use: one digit, as before
            logger.info("number reading skipped: %s", exc)
            self.reading = None
        if not self.active:
            self._clear()
        else:
            pieces = self.reading.pieces
            if self.chosen is None or self.chosen >= len(pieces):
                # the least sure digit first: the one worth a look
                self.chosen = int(np.argmin([p.reading.confidence for p in pieces]))
            self._show()
        self.last_latency_ms = (time.perf_counter() - t0) * 1000
        self.numberRead.emit(self.reading)
        return self.active

    def _clear(self) -> None:
        self.chosen = None
        self.tab.canvas.set_boxes([])
        self.strip.clear(self._hint())

    def _hint(self) -> str:
        return self.tr("Write several digits side by side: the number appears here")

    def _boxes(self) -> list[OverlayBox]:
        canvas = self.tab.canvas
        out = []
        size = None
        if canvas.has_picture():
            img = canvas.picture_array()
            size = (img.shape[1], img.shape[0])
        strokes_drawn = not canvas.has_picture() or bool(canvas.strokes())
        for i, p in enumerate(self.reading.pieces):
            x0, y0, x1, y1 = p.box
            if size is not None and not strokes_drawn:
                (x0, y0), (x1, y1) = canvas.picture_to_fraction(x0, y0, size), canvas.picture_to_fraction(x1, y1, size)
            elif size is not None:  # picture and strokes composed into the drawing area's shape
                k = 1.0 / size[1]
                x0, y0, x1, y1 = x0 * k, y0 * k, x1 * k, y1 * k
            out.append(OverlayBox((x0, y0, x1, y1), tag_text(p.reading), COLOURS[p.reading.kind], i == self.chosen))
        return out

    def _show(self) -> None:
        r = self.reading
        pieces = r.pieces
        unsure = sum(p.reading.kind != "digit" for p in pieces)
        summary = self.tr("%1 digits, all of them right with probability %2").replace("%1", str(len(pieces))) \
            .replace("%2", percent(r.confidence))
        if unsure:
            summary += self.tr(" \u00b7 %1 unsure or not a digit (orange, red)").replace("%1", str(unsure))
        self.strip.show_number(r.text, pieces, self.chosen, summary)
        self.tab.canvas.set_boxes(self._boxes())
        self.tab.show_piece(pieces[self.chosen], r.text, self.chosen)

    @Slot(int)
    def choose(self, index: int) -> None:
        """Show digit ``index`` of the number in the tab's panels."""
        if not self.active or not 0 <= index < len(self.reading.pieces):
            return
        self.chosen = index
        self.strip.choose(index)
        self.tab.canvas.set_boxes(self._boxes())
        self.tab.show_piece(self.reading.pieces[index], self.reading.text, index)

    def chosen_piece(self) -> numbers.Piece | None:
        return self.reading.pieces[self.chosen] if self.active and self.chosen is not None else None

    def piece_strokes(self, piece: numbers.Piece) -> list[list[tuple[float, float]]] | None:
        """The strokes of a drawn digit of the number, in a square of its own (None: from a picture)."""
        if self.tab.canvas.has_picture() or not piece.strokes:
            return None
        all_strokes = self.tab.canvas.strokes()
        return unit_square([list(all_strokes[i]) for i in piece.strokes])
