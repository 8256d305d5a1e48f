"""Live training plots: loss and accuracy per batch (smoothed) and per epoch, embedded with Qt.

Matplotlib runs on the GUI thread only. Progress reports are appended to a :class:`RunCurves`
(cheap: a few list appends); the canvas redraws at most ~10 times a second by updating the data
of existing lines (``set_data`` + ``relim`` + ``autoscale_view`` + ``draw_idle``), never by
clearing the axes. It also keeps its own drawing cost in check: after each redraw the next one
waits at least ``cost_factor`` times as long as that redraw took, so on a slow machine the plots
take a bounded share of one CPU core away from training.

Run alone for a look: ``python -m mnist_gui.gui.plots``.
"""
from __future__ import annotations

import logging
import math
import time
from typing import Any, Sequence

import numpy as np
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter
from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

logger = logging.getLogger(__name__)

TRAIN_COLOR = "#1f77b4"
VAL_COLOR = "#e6550d"


class RunCurves:
    """The curves of one run, built from ``core.training.Progress`` reports (GUI thread only).

    Keras reports, at the end of each batch, the *running mean* of loss and accuracy since the
    start of the epoch. The mean over the batches between two reports is recovered from two
    consecutive running means (weighted by their batch counts) and then smoothed with an
    exponential moving average whose time constant is a fraction of an epoch, with bias
    correction so the curve starts at the first value instead of at zero.

    The x axis is in epochs: batch ``b`` of ``B`` in epoch ``e`` (1-based) is at
    ``e - 1 + b / B``.
    """

    def __init__(self, label: str = "") -> None:
        self.label = label
        # per report (several batches each): x, raw interval means, smoothed values
        self.batch_x: list[float] = []
        self.batch_loss_raw: list[float] = []
        self.batch_acc_raw: list[float] = []
        self.batch_loss: list[float] = []
        self.batch_acc: list[float] = []
        # per epoch
        self.epoch_x: list[float] = []
        self.epoch_loss: list[float] = []
        self.epoch_acc: list[float] = []
        self.val_x: list[float] = []
        self.val_loss: list[float] = []
        self.val_acc: list[float] = []
        self.batches_per_epoch = 0
        self.version = 0  # bumps on every change, so a canvas knows when to redraw
        self._epoch = 0
        self._batch = 0
        self._mean_loss = math.nan
        self._mean_acc = math.nan
        self._ema_loss = 0.0
        self._ema_acc = 0.0
        self._ema_weight = 0.0

    def __len__(self) -> int:
        return len(self.batch_x) + len(self.epoch_x)

    def add(self, p: Any, *, stopping: bool = False) -> None:
        """Append one Progress report.

        Args:
            p: a ``core.training.Progress`` (kind "batch", "epoch", "end", ...).
            stopping: a stop was requested; an epoch report then closes a partial epoch and
                is placed at the last batch seen instead of at the end of the epoch.
        """
        if p.kind == "batch":
            self._add_batch(int(p.epoch), int(p.batch), int(p.batches), float(p.loss), float(p.accuracy))
        elif p.kind == "epoch":
            x = float(p.epoch)
            if stopping and self.batch_x and self.batch_x[-1] < x:
                x = max(self.batch_x[-1], p.epoch - 1 + 1.0 / max(p.batches, 1))
            self.epoch_x.append(x)
            self.epoch_loss.append(float(p.loss))
            self.epoch_acc.append(float(p.accuracy))
            if math.isfinite(p.val_loss) or math.isfinite(p.val_accuracy):
                self.val_x.append(x)
                self.val_loss.append(float(p.val_loss))
                self.val_acc.append(float(p.val_accuracy))
        else:
            return
        self.version += 1

    def _add_batch(self, epoch: int, batch: int, batches: int, loss: float, acc: float) -> None:
        self.batches_per_epoch = batches
        if epoch == self._epoch and batch > self._batch:
            n = batch - self._batch
            loss_i = (loss * batch - self._mean_loss * self._batch) / n
            acc_i = (acc * batch - self._mean_acc * self._batch) / n
        elif epoch == self._epoch and batch <= self._batch:
            return  # a duplicate or out-of-order report
        else:
            n = batch
            loss_i, acc_i = loss, acc
        self._epoch, self._batch = epoch, batch
        self._mean_loss, self._mean_acc = loss, acc
        if not (math.isfinite(loss_i) and math.isfinite(acc_i)):
            return
        # float32 running means can make a reconstructed interval mean drift slightly outside
        # its possible range; clamp it.
        loss_i = max(loss_i, 1e-6)
        acc_i = min(max(acc_i, 0.0), 1.0)
        tau = min(max(batches / 25.0, 3.0), 60.0)  # smoothing time constant, in batches
        decay = math.exp(-n / tau)
        self._ema_loss = decay * self._ema_loss + (1 - decay) * loss_i
        self._ema_acc = decay * self._ema_acc + (1 - decay) * acc_i
        self._ema_weight = decay * self._ema_weight + (1 - decay)
        self.batch_x.append(epoch - 1 + batch / max(batches, 1))
        self.batch_loss_raw.append(loss_i)
        self.batch_acc_raw.append(acc_i)
        self.batch_loss.append(self._ema_loss / self._ema_weight)
        self.batch_acc.append(self._ema_acc / self._ema_weight)
        self.version += 1

    def finish(self, *, cancelled: bool, batches_completed: int) -> None:
        """Place the last epoch point of a stopped run exactly where training stopped."""
        if cancelled and self.epoch_x and self.batches_per_epoch:
            x = batches_completed / self.batches_per_epoch
            self.epoch_x[-1] = x
            if self.val_x:
                self.val_x[-1] = min(self.val_x[-1], x)
            self.version += 1


def _arr(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=float)


class TrainingPlots(FigureCanvasQTAgg):
    """Two live plots side by side: loss (log scale) and accuracy, against epochs.

    Call :meth:`set_runs` with the run to show (solid) and optionally a second run to compare
    (dashed), then :meth:`request_redraw` whenever a shown :class:`RunCurves` has grown.
    Redraws are coalesced by a single-shot QTimer.
    """

    def __init__(self, parent: QWidget | None = None, *, min_interval_s: float = 0.1,
                 cost_factor: float = 12.0) -> None:
        self.figure = Figure(figsize=(8, 3.6), dpi=100)
        super().__init__(self.figure)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)
        self.min_interval_s = min_interval_s
        self.cost_factor = cost_factor
        self.draw_count = 0
        self.last_draw_s = 0.0
        self._next_allowed = 0.0
        self._dirty = False
        self._primary: RunCurves | None = None
        self._compare: RunCurves | None = None
        self._shown_versions: tuple[int, int] = (-1, -1)
        self._legend_key: tuple = ()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)
        self._build()

    # ------------------------------------------------------------------ figure
    def _build(self) -> None:
        bg = self.palette().color(QPalette.ColorRole.Window)
        self.figure.set_facecolor((bg.redF(), bg.greenF(), bg.blueF()))
        self.ax_loss = self.figure.add_subplot(1, 2, 1)
        self.ax_acc = self.figure.add_subplot(1, 2, 2)
        for ax, title in ((self.ax_loss, "Loss"), (self.ax_acc, "Accuracy")):
            ax.set_title(title, fontsize=10, fontweight="bold", loc="left")
            ax.set_xlabel("epoch", fontsize=9)
            ax.tick_params(labelsize=8)
            ax.grid(True, color="#d9d9d9", linewidth=0.6)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=False, steps=[1, 2, 2.5, 5, 10]))
            ax.set_xlim(0, 1)
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_ylabel("cross-entropy (log scale)", fontsize=9)
        self.ax_acc.set_ylabel("fraction correct", fontsize=9)
        self.ax_acc.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        self.ax_loss.set_ylim(0.01, 3)
        self.ax_acc.set_ylim(0, 1)
        self.lines: dict[str, dict[str, Any]] = {}
        for key, ax in (("loss", self.ax_loss), ("acc", self.ax_acc)):
            d: dict[str, Any] = {}
            d["raw"] = ax.plot([], [], color=TRAIN_COLOR, alpha=0.22, linewidth=0.8, label="_raw")[0]
            d["cmp_batch"] = ax.plot([], [], color=TRAIN_COLOR, alpha=0.55, linewidth=1.2, linestyle="--")[0]
            d["cmp_val"] = ax.plot([], [], color=VAL_COLOR, alpha=0.6, linewidth=1.2, linestyle="--",
                                   marker="s", markersize=3.5, markerfacecolor="none")[0]
            d["batch"] = ax.plot([], [], color=TRAIN_COLOR, linewidth=1.6)[0]
            d["epoch"] = ax.plot([], [], color=TRAIN_COLOR, linewidth=0, marker="o", markersize=5,
                                 markeredgecolor="white", markeredgewidth=0.8)[0]
            d["val"] = ax.plot([], [], color=VAL_COLOR, linewidth=1.4, marker="s", markersize=5,
                               markeredgecolor="white", markeredgewidth=0.8)[0]
            self.lines[key] = d
        self._placeholder = self.figure.text(
            0.5, 0.5, "Curves appear here when training starts", ha="center", va="center",
            fontsize=10, color="#808080")
        self._layout()

    def _layout(self) -> None:
        """Fixed margins in pixels (cheaper than a layout engine on every redraw)."""
        w, h = max(self.width(), 200), max(self.height(), 150)
        self.figure.subplots_adjust(left=min(0.2, 62 / w), right=1 - min(0.05, 14 / w),
                                    bottom=min(0.3, 44 / h), top=1 - min(0.2, 28 / h),
                                    wspace=min(0.6, 170 / w))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._layout()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.request_redraw()

    def draw(self) -> None:
        t0 = time.perf_counter()
        super().draw()
        self.last_draw_s = time.perf_counter() - t0
        self.draw_count += 1
        # Keep plotting to a bounded share of one core: wait at least cost_factor times the
        # time this redraw took before the next one.
        self._next_allowed = time.monotonic() + max(self.min_interval_s, self.cost_factor * self.last_draw_s)

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
        self.request_redraw()

    def request_redraw(self) -> None:
        """Schedule a redraw; many requests within the minimum interval make one redraw."""
        self._dirty = True
        if not self._timer.isActive():
            delay = max(0.0, self._next_allowed - time.monotonic())
            self._timer.start(int(delay * 1000))

    def flush(self) -> None:
        """Update the lines now (tests and screenshots); the redraw still goes through draw_idle."""
        self._timer.stop()
        self._dirty = True
        self._flush(force=True)

    @Slot()
    def _flush(self, force: bool = False) -> None:
        if not self._dirty:
            return
        if not force and not self.isVisible():
            return  # showEvent redraws when the plots become visible
        self._dirty = False
        versions = (self._primary.version if self._primary else -1, self._compare.version if self._compare else -1)
        if versions == self._shown_versions and not force:
            return
        self._shown_versions = versions
        self._update_lines()
        self.draw_idle()

    def _update_lines(self) -> None:
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
        self._placeholder.set_visible(not ((p is not None and len(p)) or (c is not None and len(c))))
        self._update_legend()
        self._rescale()

    def _update_legend(self) -> None:
        p, c = self._primary, self._compare
        pl = p.label if p is not None else ""
        cl = c.label if c is not None else ""
        has = (
            bool(p and p.batch_x), bool(p and p.epoch_x), bool(p and p.val_x),
            bool(c and c.batch_x), bool(c and c.val_x),
        )
        key = (pl, cl, has)
        if key == self._legend_key:
            return
        self._legend_key = key
        prefix = f"{pl}: " if c is not None and pl else ""
        names = {
            "batch": f"{prefix}train (per batch, smoothed)",
            "epoch": f"{prefix}train (epoch mean)",
            "val": f"{prefix}validation (epoch)",
            "cmp_batch": f"{cl}: train (smoothed)",
            "cmp_val": f"{cl}: validation",
        }
        order = ["batch", "epoch", "val", "cmp_batch", "cmp_val"]
        for ax, key_ in ((self.ax_loss, "loss"), (self.ax_acc, "acc")):
            d = self.lines[key_]
            handles = [d[n] for n, present in zip(order, has) if present]
            labels = [names[n] for n, present in zip(order, has) if present]
            old = ax.get_legend()
            if old is not None:
                old.remove()
            if handles and key_ == "acc":
                ax.legend(handles, labels, loc="lower right", fontsize=7.5, frameon=True, framealpha=0.85,
                          edgecolor="#cccccc")

    def _rescale(self) -> None:
        xmax = 1.0
        for r in (self._primary, self._compare):
            if r is not None and (r.batch_x or r.epoch_x):
                xmax = max(xmax, max(r.batch_x[-1:] + r.epoch_x[-1:]))
        for ax in (self.ax_loss, self.ax_acc):
            ax.set_xlim(0, xmax * 1.02)
        # y: fit what is shown (ignoring the faint raw line's outliers for the loss scale)
        losses: list[np.ndarray] = []
        accs: list[np.ndarray] = []
        for r in (self._primary, self._compare):
            if r is None:
                continue
            losses += [_arr(r.batch_loss), _arr(r.epoch_loss), _arr(r.val_loss)]
            accs += [_arr(r.batch_acc), _arr(r.epoch_acc), _arr(r.val_acc)]
        lv = np.concatenate(losses) if losses else np.empty(0)
        lv = lv[np.isfinite(lv) & (lv > 0)]
        if lv.size:
            lo, hi = float(lv.min()), float(lv.max())
            self.ax_loss.set_ylim(lo / 1.4, hi * 1.4)
        av = np.concatenate(accs) if accs else np.empty(0)
        av = av[np.isfinite(av)]
        if av.size:
            lo = float(av.min())
            self.ax_acc.set_ylim(max(0.0, lo - 0.05 * (1 - lo) - 0.01), 1.0 + 0.02 * (1 - lo) + 0.002)
        for ax in (self.ax_loss, self.ax_acc):
            ax.relim(visible_only=True)
            ax.autoscale_view(scalex=False, scaley=False)


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
