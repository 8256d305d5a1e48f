"""Headless training: ``train(config, x, y, on_progress, cancel) -> TrainResult``.

Plain Python callbacks are the seam to the outside world: the command line draws a terminal
progress bar with them, the Train tab turns them into Qt signals. Nothing is printed.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Callable

import numpy as np

from mnist_gui.core import models

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a training run."""

    arch: str = "default"
    epochs: int = 15
    batch_size: int = 128
    learning_rate: float = 3e-3
    augment: bool = True
    lr_schedule: str = "cosine"
    validation_split: float = 0.0
    seed: int | None = 1

    @classmethod
    def for_arch(cls, arch: str, **overrides: Any) -> TrainConfig:
        """The architecture's own defaults, with any non-None overrides applied."""
        d = models.get_architecture(arch).defaults
        cfg = cls(
            arch=arch,
            epochs=d.epochs,
            batch_size=d.batch_size,
            learning_rate=d.learning_rate,
            augment=d.augment,
            lr_schedule=d.lr_schedule,
            validation_split=d.validation_split,
        )
        return replace(cfg, **{k: v for k, v in overrides.items() if v is not None})

    def validate(self) -> None:
        """Raise ValueError with a clear message for values that make no sense."""
        models.get_architecture(self.arch)
        if not 1 <= self.epochs <= 1000:
            raise ValueError(f"epochs must be between 1 and 1000, not {self.epochs}")
        if not 1 <= self.batch_size <= 8192:
            raise ValueError(f"batch size must be between 1 and 8192, not {self.batch_size}")
        if not 0 < self.learning_rate <= 1:
            raise ValueError(f"learning rate must be in (0, 1], not {self.learning_rate}")
        if not 0 <= self.validation_split < 0.9:
            raise ValueError(f"validation split must be in [0, 0.9), not {self.validation_split}")
        if self.lr_schedule not in SCHEDULES:
            raise ValueError(f"learning-rate schedule must be one of {', '.join(SCHEDULES)}, not {self.lr_schedule!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Progress:
    """One progress report. ``kind`` is "batch", "epoch", "validation" or "end"."""

    kind: str
    epoch: int  # 1-based
    epochs: int
    batch: int  # batches done in this epoch
    batches: int  # batches per epoch
    loss: float = math.nan
    accuracy: float = math.nan
    val_loss: float = math.nan
    val_accuracy: float = math.nan
    samples_per_sec: float = 0.0
    elapsed_s: float = 0.0
    eta_s: float = math.nan

    @property
    def fraction(self) -> float:
        """Fraction of the whole run done, 0..1."""
        total = self.epochs * max(self.batches, 1)
        return min(1.0, ((self.epoch - 1) * self.batches + self.batch) / total)


@dataclass
class RunSummary:
    """What a run reports, as plain data (it crosses from the training process to the window)."""

    epochs_completed: int = 0
    batches_completed: int = 0
    cancelled: bool = False
    train_time_s: float = 0.0
    samples_per_sec: float = 0.0
    samples_trained: int = 0
    history: dict[str, list[float]] = field(default_factory=dict)

    def summary(self) -> RunSummary:
        """The plain-data part alone."""
        return RunSummary(**{f.name: getattr(self, f.name) for f in fields(RunSummary)})


@dataclass(kw_only=True)
class TrainResult(RunSummary):
    """What a run produced. ``model`` holds the weights trained so far, also after a cancel."""

    model: Any
    config: TrainConfig


def to_input(x: np.ndarray) -> np.ndarray:
    """uint8 (N,28,28) or float (N,28,28[,1]) -> float32 (N,28,28,1) in 0..1."""
    x = np.asarray(x)
    if x.dtype == np.uint8:
        x = x.astype(np.float32) / 255.0
    else:
        x = x.astype(np.float32, copy=False)
    if x.ndim == 2:
        x = x[None]
    if x.ndim == 3:
        x = x[..., None]
    return x


def _make_callback(
    epochs: int,
    batches: int,
    batch_size: int,
    n_samples: int,
    on_progress: Callable[[Progress], None] | None,
    cancel: threading.Event,
    interval: float,
    on_epoch_end_hook: Callable[[int], None] | None = None,
) -> Any:
    import keras

    class _Bridge(keras.callbacks.Callback):
        """Copies Keras logs into plain floats, throttles reports, and honours cancel.

        Keras runs a callback's ``on_train_batch_end`` on the training loop itself, reading the
        step's results back every batch (the loop then waits for each step), unless the
        callback is ``async_safe``: then Keras hands it to a small thread pool and the loop goes
        straight on. Reading the logs, counting and reporting happen there, under a lock (the
        pool may run two calls at once; a report that arrives out of order is dropped by the
        curves). Cancel is checked there and in ``on_train_batch_begin``, which Keras calls on
        the loop: Keras ends the run after the batch in which it sees the request, so a Stop
        takes effect within one batch. Measured (tutorial network, batch 128, this machine):
        2,386 samples/s with the pool, 1,799 without (median of 4 runs each, ABBA).
        """

        async_safe = True

        def __init__(self) -> None:
            super().__init__()
            self._lock = threading.Lock()
            self.t0 = time.perf_counter()
            self.last_emit = 0.0
            self.epoch = 0
            self.batches_done_total = 0
            self.samples_done = 0
            self.cancelled = False
            self.epochs_completed = 0

        def _check_cancel(self) -> None:
            if cancel.is_set():
                self.cancelled = True
                self.model.stop_training = True

        def _rate(self) -> tuple[float, float]:
            elapsed = time.perf_counter() - self.t0
            return elapsed, (self.samples_done / elapsed if elapsed > 0 else 0.0)

        def _emit(self, p: Progress) -> None:
            if on_progress is not None:
                on_progress(p)

        def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
            self.epoch = epoch + 1
            self._check_cancel()

        def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
            self._check_cancel()

        def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
            with self._lock:
                self._batch_end(batch, logs)
                # a cancel requested meanwhile (also from on_progress itself) ends the run after
                # the batch the loop is on now
                self._check_cancel()

        def _batch_end(self, batch: int, logs: dict | None) -> None:
            self.batches_done_total += 1
            # The last batch of an epoch is usually smaller than batch_size.
            self.samples_done += max(0, min(batch_size, n_samples - batch * batch_size))
            now = time.perf_counter()
            if on_progress is None or (now - self.last_emit < interval and batch + 1 < batches):
                return
            self.last_emit = now
            logs = logs or {}
            elapsed, rate = self._rate()
            remaining = epochs * batches - self.batches_done_total
            per_batch = elapsed / max(self.batches_done_total, 1)
            self._emit(
                Progress(
                    "batch",
                    self.epoch,
                    epochs,
                    batch + 1,
                    batches,
                    loss=float(logs.get("loss", math.nan)),
                    accuracy=float(logs.get("accuracy", math.nan)),
                    samples_per_sec=rate,
                    elapsed_s=elapsed,
                    eta_s=remaining * per_batch,
                )
            )

        def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
            if cancel.is_set():
                self.cancelled = True
                self.model.stop_training = True
                # Keras 3 checks this flag to leave the validation loop early.
                self.model.stop_evaluating = True

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            logs = logs or {}
            if not self.cancelled:
                self.epochs_completed = epoch + 1
            elapsed, rate = self._rate()
            remaining = epochs * batches - self.batches_done_total
            per_batch = elapsed / max(self.batches_done_total, 1)
            self._emit(
                Progress(
                    "epoch",
                    epoch + 1,
                    epochs,
                    batches,
                    batches,
                    loss=float(logs.get("loss", math.nan)),
                    accuracy=float(logs.get("accuracy", math.nan)),
                    val_loss=float(logs.get("val_loss", math.nan)),
                    val_accuracy=float(logs.get("val_accuracy", math.nan)),
                    samples_per_sec=rate,
                    elapsed_s=elapsed,
                    eta_s=max(remaining, 0) * per_batch,
                )
            )
            if on_epoch_end_hook is not None and not self.cancelled:
                on_epoch_end_hook(epoch + 1)

    return _Bridge()


SCHEDULES = ("constant", "cosine", "onecycle")


def one_cycle(peak: float, total_steps: int, warmup_fraction: float = 0.25) -> Any:
    """One-cycle learning rate: a linear rise from peak/10 to ``peak`` over the first quarter of
    the run, then a cosine fall to almost zero at its very end (fast, then settled, in a few
    epochs)."""
    import keras
    from keras import ops

    total = float(max(total_steps, 2))
    warm = max(1.0, warmup_fraction * total)

    class OneCycle(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step: Any) -> Any:
            s = ops.cast(step, "float32")
            rise = peak * (0.1 + 0.9 * s / warm)
            frac = ops.minimum(ops.maximum((s - warm) / max(total - warm, 1.0), 0.0), 1.0)
            fall = peak * 0.5 * (1.0 + ops.cos(math.pi * frac)) + peak * 1e-3
            return ops.where(s < warm, rise, fall)

        def get_config(self) -> dict[str, Any]:
            return {"peak": peak, "total_steps": total_steps, "warmup_fraction": warmup_fraction}

    return OneCycle()


def make_optimizer(config: TrainConfig, steps_per_epoch: int) -> Any:
    """Adam with a constant rate, cosine decay after a one-epoch-or-less linear warm-up, or a
    one-cycle schedule (see :func:`one_cycle`)."""
    import keras

    if config.lr_schedule == "onecycle":
        return keras.optimizers.Adam(learning_rate=one_cycle(config.learning_rate,
                                                              config.epochs * steps_per_epoch))

    if config.lr_schedule == "cosine":
        total = max(1, config.epochs * steps_per_epoch)
        warmup = min(steps_per_epoch, total // 10)
        schedule = keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=config.learning_rate / 10 if warmup else config.learning_rate,
            decay_steps=max(1, total - warmup),
            alpha=0.01,
            warmup_target=config.learning_rate if warmup else None,
            warmup_steps=warmup,
        )
        return keras.optimizers.Adam(learning_rate=schedule)
    return keras.optimizers.Adam(learning_rate=config.learning_rate)


def train(
    config: TrainConfig,
    x: np.ndarray,
    y: np.ndarray,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    *,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    progress_interval: float = 0.1,
    on_epoch_model: Callable[[Any, int], None] | None = None,
) -> TrainResult:
    """Train a network of ``config.arch`` on (x, y).

    Args:
        config: architecture and hyperparameters.
        x: training images, uint8 (N,28,28) or float (N,28,28[,1]).
        y: labels 0..9, shape (N,).
        on_progress: called with a Progress at most every ``progress_interval`` seconds per
            batch, and at the end of every epoch. Batch reports come from Keras' callback
            thread pool (the callback is async_safe), not from the calling thread.
        cancel: set it from another thread to stop within one batch; the model trained so far
            is returned with ``cancelled=True``.
        validation: explicit validation data; otherwise ``config.validation_split`` of (x, y)
            (after a seeded shuffle) is held out.
        progress_interval: minimum seconds between batch reports.
        on_epoch_model: called with (network, epoch) after every fully finished epoch (to keep
            its weights, e.g. a checkpoint), on the training loop.

    Returns:
        TrainResult with the model (ready to predict and save; the training-only front of byte
        scaling and augmentation removed, so it takes float 0..1 input) and history.
    """
    import keras

    config.validate()
    cancel = cancel or threading.Event()
    x = _as_batch(x)
    y = np.asarray(y).astype(np.int32).reshape(-1)
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(f"need as many labels as images and at least one image (got {len(x)} and {len(y)})")
    if config.seed is not None:
        keras.utils.set_random_seed(int(config.seed))
    rng = np.random.default_rng(config.seed)
    if validation is None and config.validation_split > 0:
        order = rng.permutation(len(x))
        n_val = max(1, int(round(len(x) * config.validation_split)))
        val_idx, tr_idx = order[:n_val], order[n_val:]
        validation = (x[val_idx], y[val_idx])
        x, y = x[tr_idx], y[tr_idx]
        if len(x) == 0:
            raise ValueError("no training images left after holding out the validation split")
    elif validation is not None:
        validation = (_as_batch(validation[0]), np.asarray(validation[1]).astype(np.int32).reshape(-1))
        if validation[0].dtype != x.dtype:
            validation = (to_input(validation[0]), validation[1])
            x = to_input(x)

    net = models.build_model(config.arch)
    if config.augment:
        # Augmentation in NumPy (core.augment's shape distortions: rotation, slant, aspect,
        # elastic), batch by batch; the network sees float 0..1 input.
        if validation is not None and validation[0].dtype == np.uint8:
            validation = (to_input(validation[0]), validation[1])
        return fit(net, config, _augmented_batches(x, y, config.batch_size, config.seed), samples=len(x),
                   validation=validation, on_progress=on_progress, cancel=cancel,
                   progress_interval=progress_interval, on_epoch_model=on_epoch_model)
    return fit(net, config, (x, y), validation=validation, on_progress=on_progress, cancel=cancel,
               progress_interval=progress_interval, on_epoch_model=on_epoch_model,
               trained=_training_model(net, config, raw_bytes=x.dtype == np.uint8))


def fit(
    net: Any,
    config: TrainConfig,
    data: Any,
    *,
    samples: int | None = None,
    trained: Any = None,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    progress_interval: float = 0.1,
    on_epoch_model: Callable[[Any, int], None] | None = None,
    loss: str = "sparse_categorical_crossentropy",
) -> TrainResult:
    """The one training loop, used by :func:`train` and by the bundled model's recipe.

    Args:
        net: the network that is returned (ready to predict and save).
        config: epochs, batch size, learning rate and its schedule.
        data: ``(x, y)`` arrays (shuffled every epoch) or a Keras ``PyDataset`` of batches.
        samples: how many training images a ``PyDataset`` holds (counted from ``x`` otherwise).
        trained: the model that is fitted when it is not ``net`` itself (``net`` behind a
            training-only front); it shares ``net``'s layers.
        validation, on_progress, cancel, progress_interval, on_epoch_model: as for :func:`train`.
        loss: ``"categorical_crossentropy"`` for soft targets (the outlier-exposure stage).
    """
    cancel = cancel or threading.Event()
    model = net if trained is None else trained
    if isinstance(data, tuple):
        x, y = data
        samples = len(x)
        steps = math.ceil(samples / config.batch_size)
        feed: dict[str, Any] = {"x": x, "y": y, "batch_size": config.batch_size, "shuffle": True}
    else:
        if samples is None:
            raise ValueError("fit() needs the number of samples a PyDataset holds")
        steps = len(data)
        feed = {"x": data}
    model.compile(
        optimizer=make_optimizer(config, steps),
        loss=loss,
        metrics=["accuracy"],
    )
    hook = (lambda epoch: on_epoch_model(net, epoch)) if on_epoch_model is not None else None
    bridge = _make_callback(config.epochs, steps, config.batch_size, samples, on_progress, cancel, progress_interval,
                            hook)
    logger.info("training %s on %d images for %d epochs (batch %d)", config.arch, samples, config.epochs,
                config.batch_size)
    t0 = time.perf_counter()
    history = model.fit(**feed, epochs=config.epochs, validation_data=validation, verbose=0, callbacks=[bridge])
    elapsed = time.perf_counter() - t0
    hist = {k: [float(v) for v in vals] for k, vals in history.history.items()}
    done = bridge.samples_done
    result = TrainResult(
        model=net,
        config=config,
        history=hist,
        epochs_completed=bridge.epochs_completed,
        batches_completed=bridge.batches_done_total,
        cancelled=bridge.cancelled,
        train_time_s=elapsed,
        samples_per_sec=done / elapsed if elapsed > 0 else 0.0,
        samples_trained=done,
    )
    if on_progress is not None:
        on_progress(
            Progress(
                "end",
                max(bridge.epoch, 1),
                config.epochs,
                steps,
                steps,
                loss=hist.get("loss", [math.nan])[-1] if hist.get("loss") else math.nan,
                accuracy=hist.get("accuracy", [math.nan])[-1] if hist.get("accuracy") else math.nan,
                samples_per_sec=result.samples_per_sec,
                elapsed_s=elapsed,
                eta_s=0.0,
            )
        )
    logger.info(
        "training %s after %d epochs, %.1f s, %.0f samples/s",
        "cancelled" if result.cancelled else "finished",
        result.epochs_completed,
        elapsed,
        result.samples_per_sec,
    )
    return result


def _as_batch(x: np.ndarray) -> np.ndarray:
    """(N,28,28[,1]) with a channel axis; uint8 stays uint8 (scaled inside the graph), else float32."""
    x = np.asarray(x)
    if x.dtype != np.uint8:
        return to_input(x)
    if x.ndim == 2:
        x = x[None]
    return x[..., None] if x.ndim == 3 else x


AUGMENTED_FRACTION = 0.5  # of each batch: the rest stays as MNIST wrote it


def _augmented_batches(x: np.ndarray, y: np.ndarray, batch_size: int, seed: int | None) -> Any:
    """A Keras PyDataset of shuffled batches, half of each distorted by core.augment's
    GEOMETRIC profile (seeded)."""
    import keras

    from mnist_gui.core import augment

    images = x[..., 0] if x.ndim == 4 else x
    n = len(images)
    steps = math.ceil(n / batch_size)

    class Batches(keras.utils.PyDataset):
        def __init__(self) -> None:
            super().__init__()
            self.rng = np.random.default_rng(seed)
            self.order = self.rng.permutation(n)

        def __len__(self) -> int:
            return steps

        def __getitem__(self, i: int) -> tuple[np.ndarray, np.ndarray]:
            idx = self.order[i * batch_size:(i + 1) * batch_size]
            xb = images[idx].astype(np.float32)
            if images.dtype == np.uint8:
                xb /= 255.0
            pick = self.rng.random(len(idx)) < AUGMENTED_FRACTION
            if pick.any():
                xb[pick] = augment.augment_batch(xb[pick], self.rng, augment.GEOMETRIC)
            return xb[..., None], y[idx]

        def on_epoch_end(self) -> None:
            self.order = self.rng.permutation(n)

    return Batches()


def _training_model(net: Any, config: TrainConfig, *, raw_bytes: bool) -> Any:
    """The network with a training-only front that scales raw bytes (augmented runs are fed
    float batches by :func:`_augmented_batches` instead).

    Feeding uint8 images and scaling them in the graph hands Keras a quarter of the bytes to
    copy into a tensor at the start of ``fit`` (a copy that holds the GIL and would freeze a
    GUI thread for a few hundred milliseconds with float32). The returned ``net`` itself still
    takes float 0..1 input.
    """
    import keras
    from keras import layers

    if not raw_bytes:
        return net
    inputs = keras.Input(shape=models.INPUT_SHAPE, dtype="uint8")
    h = layers.Rescaling(1.0 / 255.0, name="scale_bytes")(inputs)
    return keras.Model(inputs, net(h), name=f"{net.name}_training")
