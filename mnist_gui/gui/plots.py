"""Live training plots: loss and accuracy per batch (smoothed) and per epoch, embedded with Qt.

Matplotlib runs on the GUI thread only. Progress reports are appended to a :class:`RunCurves`
(cheap: a few list appends); a single-shot QTimer coalesces redraw requests, at most ~10 a second,
and a redraw updates the data of the existing lines (``set_data``), never clears the axes.

Redraws are cheap because full ones are rare. Axis limits come from the data in coarse steps
(the x axis spans the planned run, the loss axis whole decades, the accuracy axis 0-100 % while a
run is live) and the legend lists a live run's curves from its start, so ticks, labels and legend,
the expensive part (40-50 ms here, mostly text), are drawn only when a run starts or the shown runs
change, and then in five steps of ~10 ms, one per turn of the event loop, into a second buffer
(:meth:`TrainingPlots._begin_staged_draw`): the window never waits for the whole of it.
In between, the curves are animated artists: only each line's new tail is drawn into the Agg
buffer and only the strip that changed is copied to the screen (blitting), about a millisecond.
The canvas also keeps its own cost bounded: after a redraw the next one waits at least
``cost_factor`` times as long as that redraw took (at most ``max_interval_s``), so on a slow
machine the plots take a small, bounded share of one CPU core away from training.

Run alone for a look: ``python -m mnist_gui.gui.plots``.
"""
from __future__ import annotations

import logging
import math
import time
from typing import Any, Sequence

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, NullLocator, PercentFormatter
from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from mnist_gui.core.curves import RunCurves  # noqa: F401 - the plots draw these

logger = logging.getLogger(__name__)

STAGE_GAP_MS = 2
"""Between two steps of a staged full redraw. Not 0: Qt leaves the order of zero-interval timers
and other events unspecified, and here a 0 ms step ran before an overdue timer of the window
(measured: the Start click's work and the first step in one 45-52 ms stall)."""

TRAIN_COLOR = "#1f77b4"
VAL_COLOR = "#e6550d"


def _arr(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)


class TrainingPlots(FigureCanvasQTAgg):
    """Two live plots side by side: loss (log scale) and accuracy, against epochs.

    Call :meth:`set_runs` with the run to show (solid) and optionally a second run to compare
    (dashed), then :meth:`request_redraw` whenever a shown :class:`RunCurves` has grown.
    Redraws are coalesced by a single-shot QTimer.

    The curves are animated artists: a full redraw (axes, ticks, labels, legend; 40-50 ms, done
    in five steps between which the event loop runs) happens only when the axis limits, which
    move in coarse steps, or the legend change; otherwise only the new tails of the lines are
    drawn and blitted (about a millisecond). :meth:`draw` (resizes, :meth:`flush`) still draws
    everything at once.
    """

    def __init__(self, parent: QWidget | None = None, *, min_interval_s: float = 0.1,
                 cost_factor: float = 12.0, max_interval_s: float = 1.0) -> None:
        self.figure = Figure(figsize=(8, 3.6), dpi=100)
        super().__init__(self.figure)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)
        self.min_interval_s = min_interval_s
        self.cost_factor = cost_factor
        self.max_interval_s = max_interval_s
        self.full_draw_count = 0
        self.blit_count = 0
        self.last_draw_s = 0.0
        self._next_allowed = 0.0
        self._dirty = False
        self._primary: RunCurves | None = None
        self._compare: RunCurves | None = None
        self._shown_versions: tuple[int, int] = (-1, -1)
        self._legend_key: tuple = ()
        self._limits: tuple = ()
        self._valid = False  # the Agg buffer holds a full draw of the current axes
        self._drawn: dict[int, int] = {}  # id(line) -> points already in the buffer
        self._legend_rows = 1
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
        self._build()

    @property
    def draw_count(self) -> int:
        """Redraws so far, full ones and line-only (blitted) ones."""
        return self.full_draw_count + self.blit_count

    # ------------------------------------------------------------------ figure
    def _build(self) -> None:
        from PySide6.QtWidgets import QApplication

        # the canvas sets its own palette to white; take the window colour from the application
        bg = QApplication.palette().color(QPalette.ColorRole.Window)
        self.figure.set_facecolor((bg.redF(), bg.greenF(), bg.blueF()))
        self.ax_loss = self.figure.add_subplot(1, 2, 1)
        self.ax_acc = self.figure.add_subplot(1, 2, 2)
        for ax, title in ((self.ax_loss, "Loss"), (self.ax_acc, "Accuracy")):
            ax.set_facecolor("white")
            # explicit title and axis-label positions: matplotlib otherwise measures every tick
            # label on each full redraw to place them (a good part of its cost)
            ax.set_title(title, fontsize=10, fontweight="bold", loc="left", y=1.0, pad=6)
            ax.set_xlabel("epoch", fontsize=9)
            ax.xaxis.set_label_coords(0.5, 0, transform=ax.transAxes + ScaledTranslation(
                0, -20 / 72, self.figure.dpi_scale_trans))
            ax.tick_params(labelsize=8)
            ax.grid(True, color="#dedede", linewidth=0.6)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
            ax.set_xlim(0, 1)
        self.ax_loss.set_yscale("log")
        self.ax_loss.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        self.ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        # no minor ticks: on a log axis they are two dozen artists per full redraw, for nothing
        self.ax_loss.yaxis.set_minor_locator(NullLocator())
        self.ax_loss.yaxis.set_minor_formatter(NullFormatter())
        self.ax_loss.set_ylabel("cross-entropy (log scale)", fontsize=9)
        self.ax_acc.set_ylabel("correct", fontsize=9)
        for ax in (self.ax_loss, self.ax_acc):
            ax.yaxis.set_label_coords(0, 0.5, transform=ax.transAxes + ScaledTranslation(
                -34 / 72, 0, self.figure.dpi_scale_trans))
        self.ax_acc.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        self.ax_loss.set_ylim(0.01, 3)
        self.ax_acc.set_ylim(0, 1.005)
        self.lines: dict[str, dict[str, Any]] = {}
        for key, ax in (("loss", self.ax_loss), ("acc", self.ax_acc)):
            d: dict[str, Any] = {}
            d["raw"] = ax.plot([], [], color=TRAIN_COLOR, alpha=0.2, linewidth=0.8)[0]
            d["cmp_batch"] = ax.plot([], [], color=TRAIN_COLOR, alpha=0.6, linewidth=1.2, linestyle="--")[0]
            d["cmp_val"] = ax.plot([], [], color=VAL_COLOR, alpha=0.65, linewidth=1.2, linestyle="--",
                                   marker="s", markersize=4, markerfacecolor="none")[0]
            d["batch"] = ax.plot([], [], color=TRAIN_COLOR, linewidth=1.7)[0]
            d["epoch"] = ax.plot([], [], color=TRAIN_COLOR, linewidth=0, marker="o", markersize=5.5,
                                 markeredgecolor="white", markeredgewidth=0.8)[0]
            d["val"] = ax.plot([], [], color=VAL_COLOR, linewidth=1.4, marker="s", markersize=5,
                               markeredgecolor="white", markeredgewidth=0.8)[0]
            for line in d.values():
                line.set_animated(True)
            self.lines[key] = d
        self._legend: Any = None
        self._placeholders = [
            ax.text(0.5, 0.5, "curves appear here\nwhen training starts", ha="center", va="center",
                    fontsize=9.5, color="#8a8a8a", transform=ax.transAxes)
            for ax in (self.ax_loss, self.ax_acc)]
        self._layout()

    def _layout(self) -> None:
        """Fixed margins in pixels (cheaper than a layout engine on every redraw)."""
        w, h = max(self.width(), 200), max(self.height(), 150)
        top_px = 30 + 15 * self._legend_rows
        self.figure.subplots_adjust(left=min(0.2, 68 / w), right=1 - min(0.05, 16 / w),
                                    bottom=min(0.3, 44 / h), top=1 - min(0.35, top_px / h),
                                    wspace=min(0.6, 150 / (w / 2)))

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
        """A full redraw in five short steps, each in its own turn of the event loop.

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
        for ax in (self.ax_loss, self.ax_acc):
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
        if self._legend is not None:
            self._legend.draw(r)

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
        for key, ax in (("loss", self.ax_loss), ("acc", self.ax_acc)):
            for line in self.lines[key].values():
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
        for ax in (self.ax_loss, self.ax_acc):
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

    # ------------------------------------------------------------------- data
    @property
    def primary(self) -> RunCurves | None:
        return self._primary

    @property
    def comparison(self) -> RunCurves | None:
        return self._compare

    def set_runs(self, primary: RunCurves | None, comparison: RunCurves | None = None) -> None:
        """Show ``primary`` solid and ``comparison`` (if any) dashed."""
        if comparison is primary:
            comparison = None
        if primary is self._primary and comparison is self._compare:
            return
        self._primary, self._compare = primary, comparison
        self._shown_versions = (-1, -1)
        self.request_redraw(now=True)

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

    def _versions(self) -> tuple[int, int]:
        return (self._primary.version if self._primary else -1, self._compare.version if self._compare else -1)

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

    def _update_lines(self) -> bool:
        """Push the runs' data into the lines; True if the axes or legend must be redrawn."""
        p, c = self._primary, self._compare
        for key in ("loss", "acc"):
            d = self.lines[key]
            if p is not None:
                raw = p.batch_loss_raw if key == "loss" else p.batch_acc_raw
                smooth = p.batch_loss if key == "loss" else p.batch_acc
                ep = p.epoch_loss if key == "loss" else p.epoch_acc
                val = p.val_loss if key == "loss" else p.val_acc
                d["raw"].set_data(_arr(p.batch_x), _arr(raw))
                d["batch"].set_data(_arr(p.batch_x), _arr(smooth))
                d["epoch"].set_data(_arr(p.epoch_x), _arr(ep))
                d["val"].set_data(_arr(p.val_x), _arr(val))
            else:
                for name in ("raw", "batch", "epoch", "val"):
                    d[name].set_data([], [])
            if c is not None:
                smooth = c.batch_loss if key == "loss" else c.batch_acc
                val = c.val_loss if key == "loss" else c.val_acc
                d["cmp_batch"].set_data(_arr(c.batch_x), _arr(smooth))
                d["cmp_val"].set_data(_arr(c.val_x), _arr(val))
            else:
                d["cmp_batch"].set_data([], [])
                d["cmp_val"].set_data([], [])
        changed = False
        empty = not any(r is not None and (len(r) or r.live) for r in (p, c))
        if self._placeholders[0].get_visible() != empty:
            for t in self._placeholders:
                t.set_visible(empty)
            changed = True
        changed = self._update_legend() or changed
        changed = self._rescale() or changed
        return changed

    def _update_legend(self) -> bool:
        p, c = self._primary, self._compare
        pl = p.label if p is not None else ""
        cl = c.label if c is not None else ""
        # a live run shows the entries it will need from the start, so the legend (drawn with
        # the axes, the expensive part) does not change during the run
        has = (
            p is not None and bool(p.batch_x or p.live),
            p is not None and bool(p.epoch_x or p.live),
            p is not None and bool(p.val_x or (p.live and p.expects_validation)),
            c is not None and bool(c.batch_x),
            c is not None and bool(c.val_x),
        )
        key = (pl, cl, has)
        if key == self._legend_key:
            return False
        self._legend_key = key
        prefix = f"{pl}: " if c is not None and pl else ""
        names = {
            "batch": f"{prefix}train, per batch (smoothed)",
            "epoch": f"{prefix}train, epoch mean",
            "val": f"{prefix}validation",
            "cmp_batch": f"{cl}: train (dashed)",
            "cmp_val": f"{cl}: validation",
        }
        order = ["batch", "epoch", "val", "cmp_batch", "cmp_val"]
        d = self.lines["acc"]
        handles = [d[n] for n, present in zip(order, has) if present]
        labels = [names[n] for n, present in zip(order, has) if present]
        if self._legend is not None:
            self._legend.remove()
            self._legend = None
        ncols = min(len(handles), 3)
        rows = max(1, math.ceil(len(handles) / max(ncols, 1)))
        if handles:
            self._legend = self.figure.legend(handles, labels, loc="upper center", ncols=ncols,
                                              fontsize=8, frameon=False, bbox_to_anchor=(0.5, 1.0),
                                              handlelength=2.4, columnspacing=1.6, borderaxespad=0.3,
                                              labelspacing=0.25)
        if rows != self._legend_rows:
            self._legend_rows = rows
            self._layout()
        return True

    def _rescale(self) -> bool:
        """Set axis limits that move in coarse steps, so full redraws stay rare."""
        xmax = 1.0
        for r in (self._primary, self._compare):
            if r is not None:
                last = r.batch_x[-1:] + r.epoch_x[-1:]
                xmax = max(xmax, float(r.epochs_planned or 0), max(last) if last else 0.0)
        runs = [r for r in (self._primary, self._compare) if r is not None]
        losses = [_arr(v) for r in runs for v in (r.batch_loss, r.epoch_loss, r.val_loss)]
        lv = np.concatenate(losses) if losses else np.empty(0)
        lv = lv[np.isfinite(lv) & (lv > 0)]
        # whole decades, at least 0.01..3 (a fresh 10-class network starts near ln 10 = 2.3)
        loss_lim = (0.01, 3.0)
        live = any(r.live for r in runs)
        if lv.size:
            lo = 10.0 ** math.floor(math.log10(float(lv.min()) / 1.1))
            hi = float(lv.max()) * 1.1
            # while a run is live, the first batches' loss (often a little above ln 10 = 2.3)
            # may be cut off at 3 rather than cost a full redraw; only a diverging run widens it
            hi = 3.0 if hi <= (5.0 if live else 3.0) else 10.0 ** math.ceil(math.log10(hi))
            loss_lim = (min(lo, 0.01), hi)
        acc_lo = 0.0
        if not any(r.live for r in runs):
            # finished runs: zoom in on what there is, in steps of 10 %
            accs = [_arr(v) for r in runs for v in (r.batch_acc, r.epoch_acc, r.val_acc)]
            av = np.concatenate(accs) if accs else np.empty(0)
            av = av[np.isfinite(av)]
            if av.size:
                acc_lo = max(0.0, math.floor((float(av.min()) - 0.005) * 10) / 10)
        limits = (xmax, loss_lim, acc_lo)
        if limits == self._limits:
            return False
        self._limits = limits
        for ax in (self.ax_loss, self.ax_acc):
            ax.set_xlim(0, xmax)
        self.ax_loss.set_ylim(*loss_lim)
        # 1-2-5 ticks over up to three decades; beyond, one a decade (a tick label costs ~1 ms
        # to draw, and more would crowd the axis)
        decades = math.log10(loss_lim[1] / loss_lim[0])
        self.ax_loss.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if decades <= 3.01 else (1.0,)))
        self.ax_acc.set_ylim(acc_lo, 1.0 + 0.01 * (1.0 - acc_lo))
        return True


def _demo() -> int:  # pragma: no cover - manual look
    import sys

    from PySide6.QtWidgets import QApplication

    from mnist_gui.core.training import Progress

    app = QApplication.instance() or QApplication(sys.argv)
    plots = TrainingPlots()
    plots.resize(900, 380)
    a, b = RunCurves("run 1"), RunCurves("run 2")
    rng = np.random.default_rng(0)
    for run, speed in ((a, 1.0), (b, 1.6)):
        run.epochs_planned = 3
        for e in range(1, 4):
            ml = ma = 0.0
            for k in range(1, 101):
                loss = 2.3 * math.exp(-speed * (e - 1 + k / 100) * 3) + 0.03 + 0.05 * rng.random()
                acc = 1 - loss / 2.5
                ml += (loss - ml) / k
                ma += (acc - ma) / k
                if k % 5 == 0:
                    run.add(Progress("batch", e, 3, k, 100, loss=ml, accuracy=ma))
            run.add(Progress("epoch", e, 3, 100, 100, loss=ml, accuracy=ma, val_loss=ml * 0.9, val_accuracy=ma + 0.003))
    plots.set_runs(b, a)
    plots.show()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_demo())
