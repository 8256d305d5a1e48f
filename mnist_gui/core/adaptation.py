"""Adapting a model to a person's own digits (My digits), without forgetting MNIST. No Qt.

:func:`adapt` fine-tunes a copy of a model on the person's digits mixed with MNIST training
digits (half of every batch), so that it learns the handwriting without forgetting MNIST: a low
learning rate, the batch-norm statistics frozen, light augmentation of the personal digits.
:func:`honest_gain` estimates what it brings by k-fold: each fold is adapted without the digits
it is scored on. :func:`adapt_and_save` is the whole job the My digits tab runs, and
:func:`verdict` says whether its result is worth using (it can be worse than the original).
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class AdaptConfig:
    """How long and how hard to adapt. The same for every collection size, measured: on 10-30 pen
    digits of one writer, fewer steps at this rate cost MNIST more (Adam's first steps move the
    weights most, the later MNIST-mixed ones repair), and a smaller rate alone did not help
    either; only a tiny total change (20 steps at 6e-5) kept MNIST, at the price of most of the
    gain on a label-balanced collection. The damage followed label skew (a collection of
    corrections: a few classes only), not the count; :func:`verdict` says when it happened."""

    steps: int = 60
    batch_size: int = 64  # half personal digits (augmented), half MNIST training digits
    learning_rate: float = 3e-4
    seed: int = 0


@dataclass
class AdaptResult:
    model: Any
    steps: int
    time_s: float
    cancelled: bool = False


# "Worse on MNIST": the test error grows by more than this share of itself AND by at least this
# many points of accuracy (99.05% -> 97.39% is worse; 99.05% -> 99.03% is noise).
WORSE_ERROR_RELATIVE = 0.10
WORSE_ERROR_POINTS = 0.001


@dataclass(frozen=True)
class Verdict:
    """Whether an adapted model is worth using, from :func:`adapt_and_save`'s figures.

    Attributes:
        worse_on_mnist: the MNIST test error grew beyond noise (see ``WORSE_ERROR_*``).
        worse_on_mine / better_on_mine: the person's held-out digits (k-fold) are read worse /
            better after than before.
        error_ratio: MNIST test errors after / before (inf when there were none before; nan if
            unknown).
        recommended: neither worse on MNIST nor on the person's digits: use it.
        lines: the same in plain English, the most important first (for logs and the command
            line; the window words its own, translatable).
    """

    worse_on_mnist: bool
    worse_on_mine: bool
    better_on_mine: bool
    error_ratio: float
    mnist_before: float
    mnist_after: float
    mine_before: float
    mine_after: float
    recommended: bool
    lines: tuple[str, ...]


def _finite(v: Any) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v)


def is_worse_on_mnist(before: float, after: float) -> bool:
    """MNIST test accuracy ``before`` -> ``after`` (0..1): did the error grow beyond noise?"""
    if not (_finite(before) and _finite(after)):
        return False
    err_b, err_a = 1.0 - before, 1.0 - after
    return err_a - err_b >= WORSE_ERROR_POINTS - 1e-12 and err_a > err_b * (1.0 + WORSE_ERROR_RELATIVE)


def error_ratio(before: float, after: float) -> float:
    if not (_finite(before) and _finite(after)):
        return math.nan
    err_b, err_a = 1.0 - before, 1.0 - after
    if err_b <= 0:
        return 1.0 if err_a <= 0 else math.inf
    return err_a / err_b


def verdict(result: dict[str, Any]) -> Verdict:
    """Judge :func:`adapt_and_save`'s result (keys ``before``/``after``: the person's held-out
    digits, ``mnist_before``/``mnist_after``: the MNIST test set, accuracies in 0..1)."""
    mine_b, mine_a = float(result.get("before", math.nan)), float(result.get("after", math.nan))
    mn_b, mn_a = float(result.get("mnist_before", math.nan)), float(result.get("mnist_after", math.nan))
    worse_mnist = is_worse_on_mnist(mn_b, mn_a)
    known_mine = _finite(mine_b) and _finite(mine_a)
    worse_mine = known_mine and mine_a < mine_b
    better_mine = known_mine and mine_a > mine_b
    ratio = error_ratio(mn_b, mn_a)
    lines = []
    if worse_mnist:
        times = "" if not math.isfinite(ratio) else f" ({ratio:.2f}x the errors)"
        lines.append(f"The adapted model is worse on MNIST: {mn_b * 100:.2f}% -> {mn_a * 100:.2f}%{times}.")
    if worse_mine:
        lines.append(f"The adapted model reads your held-out digits worse: {mine_b * 100:.1f}% -> {mine_a * 100:.1f}%.")
    elif better_mine:
        lines.append(f"The adapted model reads your held-out digits better: {mine_b * 100:.1f}% -> {mine_a * 100:.1f}%.")
    elif known_mine:
        lines.append(f"Your held-out digits are read as well as before: {mine_b * 100:.1f}%.")
    if not worse_mnist and _finite(mn_b) and _finite(mn_a):
        lines.append(f"MNIST test set: {mn_b * 100:.2f}% -> {mn_a * 100:.2f}%.")
    recommended = not worse_mnist and not worse_mine
    lines.append("Use the adapted model." if recommended else "Keep the current model.")
    return Verdict(worse_on_mnist=worse_mnist, worse_on_mine=worse_mine, better_on_mine=better_mine,
                   error_ratio=ratio, mnist_before=mn_b, mnist_after=mn_a, mine_before=mine_b,
                   mine_after=mine_a, recommended=recommended, lines=tuple(lines))


def adapt(model: Any, x_me: np.ndarray, y_me: np.ndarray, x_mnist: np.ndarray, y_mnist: np.ndarray,
          config: AdaptConfig | None = None, on_progress: Callable[[int, int], None] | None = None,
          cancel: threading.Event | None = None) -> AdaptResult:
    """Fine-tune a copy of ``model`` on the person's digits mixed with MNIST digits.

    The original model is not changed. Batch-norm statistics stay frozen (a few dozen digits would
    otherwise shift them); every batch is half personal digits, lightly augmented, half MNIST.

    Args:
        model: the active Keras model (read, never modified; call from the thread that owns it,
            or pass a copy).
        x_me, y_me: the person's pictures (N, 28, 28) uint8 and labels.
        x_mnist, y_mnist: MNIST training digits to keep it from forgetting.
        on_progress: called with (step, steps).
        cancel: set to stop after the current step (the copy trained so far is returned).
    """
    import keras

    from mnist_gui.core import augment

    cfg = config or AdaptConfig()
    if len(x_me) == 0:
        raise ValueError("no personal digits to adapt to")
    cancel = cancel or threading.Event()
    t0 = time.perf_counter()
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    for layer in _all_layers(copy):
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    copy.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate), loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(cfg.seed)
    half = cfg.batch_size // 2
    light = augment.AugmentConfig(p_geometry=0.8, rotate_deg=8, shear=0.15, aspect=0.15, p_stretch=0.0,
                                  p_elastic=0.3, elastic_px=1.0, p_bold=0.1, p_thin=0.1, p_binarize=0.0,
                                  p_blur=0.05)
    x_me = np.asarray(x_me)
    done = 0
    for step in range(cfg.steps):
        if cancel.is_set():
            break
        i = rng.integers(0, len(x_me), half)
        j = rng.integers(0, len(x_mnist), cfg.batch_size - half)
        xb = np.concatenate([augment.augment_batch(x_me[i], rng, light),
                             np.asarray(x_mnist[j], np.float32) / 255.0])[..., None]
        yb = np.concatenate([np.asarray(y_me)[i], np.asarray(y_mnist)[j]]).astype(np.int32)
        copy.train_on_batch(xb, yb)
        done = step + 1
        if on_progress is not None:
            on_progress(done, cfg.steps)
    return AdaptResult(model=copy, steps=done, time_s=time.perf_counter() - t0, cancelled=done < cfg.steps)


def _all_layers(model: Any) -> list[Any]:
    import keras

    out = []
    for layer in model.layers:
        out.append(layer)
        if isinstance(layer, keras.Model):
            out.extend(_all_layers(layer))
    return out


def accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    from mnist_gui.core.evaluation import predict_proba

    if len(x) == 0:
        return float("nan")
    return float((predict_proba(model, x).argmax(1) == np.asarray(y)).mean())


def honest_gain(model: Any, x_me: np.ndarray, y_me: np.ndarray, x_mnist: np.ndarray, y_mnist: np.ndarray,
                folds: int = 3, config: AdaptConfig | None = None,
                on_progress: Callable[[int, int], None] | None = None,
                cancel: threading.Event | None = None) -> tuple[float, float]:
    """(accuracy before, accuracy after) on the person's digits, each digit scored by a model
    adapted without it (k-fold, stratified by label where possible)."""
    n = len(x_me)
    folds = max(2, min(folds, n))
    rng = np.random.default_rng(0)
    order = np.argsort(np.asarray(y_me) * 1000 + rng.permutation(n), kind="stable")  # spread labels over folds
    fold_of = np.empty(n, int)
    fold_of[order] = np.arange(n) % folds
    from mnist_gui.core.evaluation import predict_proba

    before = predict_proba(model, x_me).argmax(1) == np.asarray(y_me)
    after = np.zeros(n, bool)
    cfg = config or AdaptConfig()
    for k in range(folds):
        if cancel is not None and cancel.is_set():
            raise InterruptedError("cancelled")
        tr, te = fold_of != k, fold_of == k
        if not tr.any() or not te.any():
            continue
        res = adapt(model, x_me[tr], np.asarray(y_me)[tr], x_mnist, y_mnist, cfg,
                    on_progress=None if on_progress is None else
                    (lambda s, t, k=k: on_progress(k * t + s, folds * t)), cancel=cancel)
        after[te] = predict_proba(res.model, x_me[te]).argmax(1) == np.asarray(y_me)[te]
    return float(before.mean()), float(after.mean())


def adapt_and_save(copy: Any, x_me: np.ndarray, y_me: np.ndarray, data: Any, *, source_label: str | None,
                   source_path: str | None, source_card: dict[str, Any],
                   on_progress: Callable[[int, int, str], None] | None = None,
                   cancel: threading.Event | None = None) -> dict[str, Any]:
    """Adapt ``copy`` (the caller's own model) to the person's digits, measure it honestly and
    save it with its card under the per-user models folder.

    The person's accuracy before and after is scored by k-fold (each digit by a copy adapted
    without it), MNIST's on the test set; the result is a plain dict for the window.

    Raises:
        InterruptedError: ``cancel`` was set (nothing is saved).
        mnist_gui.core.store.ModelFileError: the model cannot be saved.
    """
    from mnist_gui.core import store
    from mnist_gui.core.evaluation import evaluate
    from mnist_gui.paths import user_data_dir

    t0 = time.perf_counter()
    cfg = AdaptConfig()
    folds = 3
    total = (folds + 1) * cfg.steps

    def prog(done: int, _t: int, text: str) -> None:
        if on_progress is not None:
            on_progress(done, total, text)

    before, after = honest_gain(
        copy, x_me, y_me, data.x_train, data.y_train, folds=folds, config=cfg,
        on_progress=lambda s, t: prog(s, t, "checking on digits held out of the adaptation"),
        cancel=cancel)
    res = adapt(copy, x_me, y_me, data.x_train, data.y_train, cfg,
                         on_progress=lambda s, t: prog(folds * cfg.steps + s, t, "adapting on all your digits"),
                         cancel=cancel)
    if res.cancelled:
        raise InterruptedError("stopped")
    if on_progress is not None:
        on_progress(total, total, "measuring on the MNIST test set")
    mnist_before = source_card.get("test_accuracy")
    if not isinstance(mnist_before, (int, float)):
        mnist_before = evaluate(copy, data.x_test, data.y_test).accuracy
    mnist_after = evaluate(res.model, data.x_test, data.y_test).accuracy
    elapsed = time.perf_counter() - t0
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = user_data_dir() / "models" / f"adapted-{stamp}.keras"
    out.parent.mkdir(parents=True, exist_ok=True)
    card = store.card_from_run(
        store.RunFacts(epochs_completed=0, train_time_s=res.time_s, samples_trained=res.steps * cfg.batch_size),
        dataset_sha256=data.checksum(), test_accuracy=mnist_after,
        arch=str(source_card.get("architecture") or getattr(copy, "name", "model")),
        hyperparameters={"adaptation_steps": cfg.steps, "batch_size": cfg.batch_size,
                         "learning_rate": cfg.learning_rate, "mnist_share": 0.5},
        extra={"adapted_from": {"label": source_label, "path": source_path,
                                "test_accuracy": mnist_before},
               "adapted_on_digits": int(len(y_me)),
               "my_digits_accuracy": {"before": before, "after": after,
                                      "how": f"{folds}-fold: each digit scored by a copy adapted without it"}})
    saved = store.save_model(res.model, out, card)
    result = {"model": res.model, "path": str(saved), "card": card, "before": before, "after": after,
              "mnist_before": float(mnist_before), "mnist_after": float(mnist_after), "digits": int(len(y_me)),
              "time_s": elapsed}
    logger.info("adapted on %d digits, saved as %s: %s", len(y_me), saved, " ".join(verdict(result).lines))
    return result

