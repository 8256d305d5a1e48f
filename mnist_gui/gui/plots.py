"""Live training plots: loss and accuracy per batch (smoothed) and per epoch, embedded with Qt.

Progress reports are appended to a :class:`RunCurves` (cheap: a few list appends) and
:meth:`TrainingPlots.request_redraw` asks for a redraw; the canvas (:mod:`mnist_gui.gui.plot_canvas`)
coalesces those, draws only the new tails of the lines and blits them, and does full redraws
rarely and in steps.

Full redraws are rare because axis limits come from the data in coarse steps (the x axis spans
the planned run, the loss axis whole decades, the accuracy axis 0-100 % while a run is live) and
the legend lists a live run's curves from its start, so ticks, labels and legend, the expensive
part, are drawn only when a run starts or the shown runs change.

Run alone for a look: ``python -m mnist_gui.gui.plots``.
"""
from __future__ import annotations

import logging
import math
from typing import Any, Iterable, Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, NullLocator, PercentFormatter
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from mnist_gui.core.curves import RunCurves  # noqa: F401 - the plots draw these
from mnist_gui.gui.plot_canvas import STAGE_GAP_MS, StagedCanvas, use_cjk_font_if_needed  # noqa: F401 - STAGE_GAP_MS: its old home

logger = logging.getLogger(__name__)

TRAIN_COLOR = "#1f77b4"
VAL_COLOR = "#e6550d"


def _arr(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)


class TrainingPlots(StagedCanvas):
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
        use_cjk_font_if_needed()  # before the figure: its texts take their font when made
        super().__init__(Figure(figsize=(8, 3.6), dpi=100), parent, min_interval_s=min_interval_s,
                         cost_factor=cost_factor, max_interval_s=max_interval_s)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)
        self._primary: RunCurves | None = None
        self._compare: RunCurves | None = None
        self._shown_versions: tuple[int, int] = (-1, -1)
        self._legend_key: tuple = ()
        self._limits: tuple = ()
        self._legend_rows = 1
        self._build()

    # ------------------------------------------------------------------ figure
    def _build(self) -> None:
        from PySide6.QtWidgets import QApplication

        # the canvas sets its own palette to white; take the window colour from the application
        bg = QApplication.palette().color(QPalette.ColorRole.Window)
        self.figure.set_facecolor((bg.redF(), bg.greenF(), bg.blueF()))
        self.ax_loss = self.figure.add_subplot(1, 2, 1)
        self.ax_acc = self.figure.add_subplot(1, 2, 2)
        for ax, title in ((self.ax_loss, QCoreApplication.translate("TrainingPlots", "Loss")), (self.ax_acc, QCoreApplication.translate("TrainingPlots", "Accuracy"))):
            ax.set_facecolor("white")
            # explicit title and axis-label positions: matplotlib otherwise measures every tick
            # label on each full redraw to place them (a good part of its cost)
            ax.set_title(title, fontsize=10, fontweight="bold", loc="left", y=1.0, pad=6)
            ax.set_xlabel(QCoreApplication.translate("TrainingPlots", "epoch"), fontsize=9)
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
        self.ax_loss.set_ylabel(QCoreApplication.translate("TrainingPlots", "cross-entropy (log scale)"), fontsize=9)
        self.ax_acc.set_ylabel(QCoreApplication.translate("TrainingPlots", "correct"), fontsize=9)
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
            ax.text(0.5, 0.5, QCoreApplication.translate("TrainingPlots", "curves appear here\nwhen training starts"), ha="center", va="center",
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

    # ------------------------------------------------- what the canvas draws
    def _plot_axes(self) -> tuple[Axes, ...]:
        return (self.ax_loss, self.ax_acc)

    def _curve_lines(self) -> Iterable[tuple[Axes, Line2D]]:
        for key, ax in (("loss", self.ax_loss), ("acc", self.ax_acc)):
            for line in self.lines[key].values():
                yield ax, line

    def _last_artists(self) -> list[Artist]:
        return [self._legend] if self._legend is not None else []

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

    def _versions(self) -> tuple[int, int]:
        return (self._primary.version if self._primary else -1, self._compare.version if self._compare else -1)

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
            "batch": prefix + QCoreApplication.translate("TrainingPlots", "train, per batch (smoothed)"),
            "epoch": prefix + QCoreApplication.translate("TrainingPlots", "train, epoch mean"),
            "val": prefix + QCoreApplication.translate("TrainingPlots", "validation"),
            "cmp_batch": f"{cl}: " + QCoreApplication.translate("TrainingPlots", "train (dashed)"),
            "cmp_val": f"{cl}: " + QCoreApplication.translate("TrainingPlots", "validation"),
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
        if lv.size:
            lo = 10.0 ** math.floor(math.log10(float(lv.min()) / 1.1))
            hi = float(lv.max()) * 1.1
            # the first batches' loss (often a little above ln 10 = 2.3) may be cut off at 3 rather
            # than cost a full redraw; only a diverging run widens it. The same rule live and
            # after the run, so that Stop does not make the axis jump from 3 to 10.
            hi = 3.0 if hi <= 5.0 else 10.0 ** math.ceil(math.log10(hi))
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
