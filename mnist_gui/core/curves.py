"""The curves of a training run (loss and accuracy per batch, smoothed, and per epoch): plain
arithmetic on progress reports, kept apart from the plots that draw them (no Qt, no matplotlib)."""
from __future__ import annotations

import math
from typing import Any

class RunCurves:
    """The curves of one run, built from ``core.training.Progress`` reports (one thread at a time).

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
        self.epochs_planned = 0  # the x axis spans the whole planned run from the start
        self.expects_validation = False  # a validation curve will come (its legend entry shows early)
        self.live = False  # still growing: axis limits stay put so that redraws stay cheap
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
