"""A matplotlib canvas in Qt whose redraws stay cheap: coalesced, staged in steps, blitted.

Matplotlib runs on the GUI thread only. A single-shot QTimer coalesces redraw requests
(:meth:`StagedCanvas.request_redraw`), at most ~10 a second, and a redraw updates the data of
the existing lines (``set_data``), never clears the axes.

A full redraw (ticks, labels, legend: the expensive part, 40-50 ms here, mostly text) is done only
when a subclass says the axes changed, and then in steps, one per turn of the event loop, into a
second buffer (:meth:`StagedCanvas._begin_staged_draw`): the window never waits for the whole of it.
In between, the curves are animated artists: only each line's new tail is drawn into the Agg
buffer and only the strip that changed is copied to the screen (blitting), about a millisecond.
The canvas also keeps its own cost bounded: after a redraw the next one waits at least
``cost_factor`` times as long as that redraw took (at most ``max_interval_s``), so on a slow
machine the plots take a small, bounded share of one CPU core away from training.

A subclass builds the figure and says what is in it: :meth:`~StagedCanvas._plot_axes`,
:meth:`~StagedCanvas._curve_lines` (the animated lines), :meth:`~StagedCanvas._last_artists`
(drawn over the axes, e.g. a figure legend), :meth:`~StagedCanvas._versions` (changes when the
shown data grew), :meth:`~StagedCanvas._update_lines` (push the data into the lines) and
:meth:`~StagedCanvas._layout` (place the axes after a resize).
"""
from __future__ import annotations

import math
import time
from typing import Any, Iterable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.spines import Spine
from matplotlib.text import Text
from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QWidget

STAGE_GAP_MS = 2
"""Between two steps of a staged full redraw. Not 0: Qt leaves the order of zero-interval timers
and other events unspecified, and here a 0 ms step ran before an overdue timer of the window
(measured: the Start click's work and the first step in one 45-52 ms stall)."""


CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei",
                "PingFang SC", "Hiragino Sans GB", "Noto Sans SC")


def use_cjk_font_if_needed() -> str | None:
    """Under a Chinese interface, give matplotlib a CJK font to fall back on (its own DejaVu Sans has
    no Chinese glyphs: the plot labels came out as boxes). Returns the family used, or None."""
    from PySide6.QtCore import QLocale

    if QLocale().language() != QLocale.Language.Chinese:
        return None
    import matplotlib
    from matplotlib import font_manager

    def pick() -> str | None:
        known = sorted({f.name for f in font_manager.fontManager.ttflist})
        return next((f for f in CJK_FAMILIES if f in known), None) or next(
            (f for f in known if "CJK" in f and "Sans" in f), None) or next((f for f in known if "CJK" in f), None)

    family = pick()
    if family is None:  # installed after matplotlib's font cache was made: add it now
        for path in font_manager.findSystemFonts():
            if any(k in path for k in ("CJK", "SourceHan", "wqy", "msyh", "simhei", "PingFang")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        family = pick()
    if family is not None:
        # named families, not the generic "sans-serif": matplotlib falls back glyph by glyph only
        # along a list of named families (the generic resolves to one font)
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return family


class StagedCanvas(FigureCanvasQTAgg):
    """A figure canvas with coalesced, staged full redraws and blitted curve updates.

    :meth:`draw` (resizes, :meth:`flush`) still draws everything at once.
    """

    def __init__(self, figure: Figure, parent: QWidget | None = None, *, min_interval_s: float = 0.1,
                 cost_factor: float = 12.0, max_interval_s: float = 1.0) -> None:
        self.figure = figure
        super().__init__(self.figure)
        self.setParent(parent)
        self.min_interval_s = min_interval_s
        self.cost_factor = cost_factor
        self.max_interval_s = max_interval_s
        self.full_draw_count = 0
        self.blit_count = 0
        self.last_draw_s = 0.0
        self._next_allowed = 0.0
        self._dirty = False
        self._shown_versions: Any = None  # what _versions() said when the lines were last updated
        self._valid = False  # the Agg buffer holds a full draw of the current axes
        self._drawn: dict[int, int] = {}  # id(line) -> points already in the buffer
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        # a full redraw in steps (see _begin_staged_draw): (size key, renderer, steps, cost so far)
        self._staging: tuple[Any, RendererAgg, Any, float] | None = None
        self._spare: tuple[Any, RendererAgg] | None = None  # the previous buffer, reused
        self.stage_count = 0
        self.max_stage_s = 0.0
        self._stage_timer = QTimer(self)
        self._stage_timer.setSingleShot(True)
        self._stage_timer.timeout.connect(self._next_stage)

    @property
    def draw_count(self) -> int:
        """Redraws so far, full ones and line-only (blitted) ones."""
        return self.full_draw_count + self.blit_count

    # ------------------------------------------------------- what subclasses say
    def _plot_axes(self) -> tuple[Axes, ...]:
        """The axes, in drawing order."""
        return ()

    def _curve_lines(self) -> Iterable[tuple[Axes, Line2D]]:
        """The animated lines with their axes, in drawing order."""
        return ()

    def _last_artists(self) -> list[Artist]:
        """Artists drawn over the axes in a full redraw (a figure legend)."""
        return []

    def _versions(self) -> Any:
        """A value that changes whenever the shown data grew or changed."""
        return None

    def _update_lines(self) -> bool:
        """Push the data into the lines; True if the axes (or legend) must be redrawn."""
        return False

    def _layout(self) -> None:
        """Place the axes in the figure (after a resize)."""

    # ------------------------------------------------------------------ redraws
    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self._valid = False
        super().resizeEvent(event)
        self._layout()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.request_redraw()

    def draw(self) -> None:
        """Full redraw at once: axes, ticks, legend, then the curves on top (resizes, flush)."""
        t0 = time.perf_counter()
        self._staging = None
        super().draw()
        self._drawn.clear()
        self._draw_curves(incremental=False)
        self._valid = True
        self.full_draw_count += 1
        self._account(time.perf_counter() - t0)

    # ------------------------------------------------------------ staged redraw
    def _size_key(self) -> tuple:
        w, h = self.get_width_height(physical=True)
        return (w, h, self.figure.dpi)

    def _begin_staged_draw(self) -> None:
        """A full redraw in short steps (five for two axes and a legend), each in its own turn of the event loop.

        Drawing the axes (ticks, labels, grid, legend: mostly text) takes 40-50 ms here when the
        machine is idle, and twice that when the training process keeps both cores busy: in one
        piece, that would freeze the window for longer than a person notices. The steps (the
        figure and the loss axes without their y axis; that y axis, spines and texts; the same
        for the accuracy axes; the legend) are each a fifth of it, and the event loop runs in
        between. They draw into a second buffer, so the screen shows the previous picture until
        the new one is complete; then the buffers are swapped and the curves drawn on top.
        The steps are ``STAGE_GAP_MS`` apart, so that input and other timers get their turn.
        """
        key = self._size_key()
        if self._spare is not None and self._spare[0] == key:
            r = self._spare[1]
        else:
            r = RendererAgg(key[0], key[1], key[2])
        self._spare = None
        self._staging = (key, r, self._stages(r), 0.0)
        self._stage_timer.start(STAGE_GAP_MS)

    def _stages(self, r: RendererAgg) -> Any:
        """The steps of a full redraw into ``r`` (a generator: one step per ``next``).

        Matplotlib draws an axes' children in z-order: patch, x axis, y axis, spines, texts.
        Drawing the axes with its y axis, spines and texts hidden, then those in z-order, gives
        the same picture (a test compares it with a one-piece draw pixel by pixel).
        """
        r.clear()
        self.figure.patch.draw(r)
        for ax in self._plot_axes():
            late = sorted((a for a in ax.get_children()
                           if a.get_visible() and (a is ax.yaxis or isinstance(a, (Spine, Text)))),
                          key=lambda a: a.get_zorder())
            for a in late:
                a.set_visible(False)
            try:
                ax.draw(r)
            finally:
                for a in late:
                    a.set_visible(True)
            yield
            for a in late:
                a.draw(r)
            yield
        for a in self._last_artists():
            a.draw(r)

    @Slot()
    def _next_stage(self) -> None:
        if self._staging is None:
            return
        key, r, steps, cost = self._staging
        if key != self._size_key():  # resized meanwhile: its own full redraw is on its way
            self._staging = None
            return
        t0 = time.perf_counter()
        try:
            next(steps)
            finished = False
        except StopIteration:
            finished = True
        if finished:
            old = getattr(self, "renderer", None)
            if old is not None and self._lastKey == key:
                self._spare = (key, old)
            self.renderer, self._lastKey = r, key
            self._staging = None
            self._drawn.clear()
            self._draw_curves(incremental=False)
            self._valid = True
            self.full_draw_count += 1
            self.update()
        dt = time.perf_counter() - t0
        self.stage_count += 1
        self.max_stage_s = max(self.max_stage_s, dt)
        if finished:
            self._account(cost + dt)
        else:
            self._staging = (key, r, steps, cost + dt)
            self._stage_timer.start(STAGE_GAP_MS)

    def _draw_curves(self, *, incremental: bool) -> tuple[float, float] | None:
        """Draw the curves into the Agg buffer; incrementally, only what was added since.

        Curves only ever grow (the smoothing is causal), so between full redraws each line's
        new tail is drawn over what is already there: the cost per update does not grow with
        the length of the run.

        Returns:
            The x range (data units) that was drawn, or None if nothing was.
        """
        lo, hi = math.inf, -math.inf
        for ax, line in self._curve_lines():
            x, y = line.get_xdata(orig=True), line.get_ydata(orig=True)
            n = len(x)
            done = self._drawn.get(id(line), 0) if incremental else 0
            if n == 0 or n <= done:
                continue
            joined = line.get_linewidth() > 0 and line.get_linestyle() not in ("None", "", " ")
            start = max(done - 1, 0) if joined else done  # a line's tail starts at its last point
            if start > 0:
                line.set_data(x[start:], y[start:])
                ax.draw_artist(line)
                line.set_data(x, y)
            else:
                ax.draw_artist(line)
            self._drawn[id(line)] = n
            seg = np.asarray(x[start:], dtype=float)
            lo, hi = min(lo, float(np.nanmin(seg))), max(hi, float(np.nanmax(seg)))
        return (lo, hi) if lo <= hi else None

    def _blit_curves(self) -> None:
        t0 = time.perf_counter()
        span = self._draw_curves(incremental=True)
        if span is not None:
            # copy only the strip that changed to the screen: a few columns, not the figure
            for box in self._strips(*span):
                self.blit(box)
        self.blit_count += 1
        self._account(time.perf_counter() - t0)

    def _strips(self, x_lo: float, x_hi: float) -> list[Any]:
        from matplotlib.transforms import Bbox

        pad = 8.0  # pixels: half a marker plus antialiasing
        fb = self.figure.bbox
        boxes = []
        for ax in self._plot_axes():
            y0 = ax.get_ylim()[0]
            (px0, _), (px1, _) = ax.transData.transform([(x_lo, y0), (x_hi, y0)])
            box = Bbox.from_extents(max(fb.x0, min(px0, px1) - pad), max(fb.y0, ax.bbox.y0 - pad),
                                    min(fb.x1, max(px0, px1) + pad), min(fb.y1, ax.bbox.y1 + pad))
            if box.width > 0 and box.height > 0:
                boxes.append(box)
        return boxes

    def _account(self, seconds: float) -> None:
        # Keep plotting to a bounded share of one core: wait at least cost_factor times the
        # time this redraw took before the next one (but never more than max_interval_s).
        self.last_draw_s = seconds
        wait = min(max(self.min_interval_s, self.cost_factor * seconds), self.max_interval_s)
        self._next_allowed = time.monotonic() + wait

    def request_redraw(self, *, now: bool = False) -> None:
        """Schedule a redraw; many requests within the minimum interval make one redraw.

        ``now``: at the next turn of the event loop, without waiting for the interval (other
        runs are shown: the person is waiting for them).
        """
        self._dirty = True
        if now:
            self._timer.start(0)
        elif not self._timer.isActive():
            delay = max(0.0, self._next_allowed - time.monotonic())
            self._timer.start(int(delay * 1000))

    def flush(self) -> None:
        """Bring the lines up to date now and redraw fully (tests, screenshots)."""
        self._timer.stop()
        self._dirty = False
        self._shown_versions = self._versions()
        self._update_lines()
        self.draw()
        self.update()

    @Slot()
    def _on_timer(self) -> None:
        if not self._dirty or not self.isVisible():
            return  # showEvent redraws when the plots become visible
        self._dirty = False
        versions = self._versions()
        if versions == self._shown_versions:
            return
        self._shown_versions = versions
        changed = self._update_lines()
        if getattr(self, "_draw_pending", False):
            return  # a full draw is queued already; it shows everything
        if changed or (not self._valid and self._staging is None):
            self._begin_staged_draw()  # (again, if one was under way: the axes changed)
        elif self._staging is None:
            self._blit_curves()
        # else: the staged redraw under way draws the curves as they are when it completes
