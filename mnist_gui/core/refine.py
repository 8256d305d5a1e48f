"""The bundled model's second stage: outlier exposure with letters and scribbles, more pen writers.

The members of the recipe (:mod:`core.recipe`) read digits well but give a confident digit for
anything, a capital A included. This stage fine-tunes each member on

* the data it was trained on (MNIST, the pendigits training writers' digits rendered through the
  Draw tab) plus the UNIPEN training writers' digits (other people, other tablets), one-hot;
* handwritten letters of the UNIPEN letter writers kept for training (without the letters people
  also read as digits, :data:`core.refusal.DIGIT_LIKE`) and machine-made scribbles, whose target
  is the uniform distribution over the ten digits (Hendrycks et al., "Deep anomaly detection with
  outlier exposure", 2019): the network learns to say "none of them" by spreading its probability.

Writers are split three ways by a stable hash (:func:`split_three`): training, calibration (never
trained on: the temperature and the refusal threshold are chosen on them) and check (never
trained on nor tuned on: the figures in the card). No Qt here; Keras is imported lazily.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass
from typing import Any, Callable

import numpy as np

from mnist_gui.core import augment, refusal
from mnist_gui.core.recipe import render_pen_digits, seeded_batches

Strokes = list[list[tuple[float, float]]]
Render = Callable[[Strokes], "np.ndarray | None"]


@dataclass(frozen=True)
class Refinement:
    """Everything that defines the stage (its own fingerprint: the members' cache is untouched)."""

    epochs: int = 3
    batch_size: int = 128
    learning_rate: float = 4e-4
    pen_variants: int = 2  # renders of each training pen digit
    letter_variants: int = 4  # renders of each training letter
    scribbles: int = 8000
    document_repeats: int = 4  # each digit cut from a training document, shown this often (augmented)
    clean_share: float = 0.35  # MNIST shown unaugmented
    max_refused_digits: float = 0.015  # the threshold refuses at most this share of calibration digits
    unsure_ratio: float = 0.5
    seed: int = 7
    version: int = 3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


REFINEMENT = Refinement()


def _bucket(writer: str, salt: str, mod: int) -> int:
    return int(hashlib.sha256((salt + writer).encode("utf-8")).hexdigest()[:8], 16) % mod


def split_three(writer: str) -> str:
    """"check" (a third), "calibration" (a sixth) or "train" (half), stable across machines.

    The check third is the recipe's own held-out rule (:func:`core.recipe.is_held_out`)."""
    from mnist_gui.core.recipe import is_held_out

    if is_held_out(writer, 3):
        return "check"
    return "calibration" if _bucket(writer, "calibration:", 3) == 0 else "train"


def is_negative(char: str) -> bool:
    """A character that nobody would read as a digit (taught and counted as "not a digit")."""
    return char not in refusal.DIGIT_LIKE and not char.isdigit()


# --- scribbles --------------------------------------------------------------------------------

def _smooth_path(rng: np.random.Generator, n: int, turn: float) -> np.ndarray:
    heading = rng.uniform(0, 2 * math.pi)
    curvature = 0.0
    pts = [np.zeros(2)]
    for _ in range(n - 1):
        curvature = 0.7 * curvature + rng.normal(0, turn)
        heading += curvature
        pts.append(pts[-1] + np.array([math.cos(heading), math.sin(heading)]))
    return np.asarray(pts)


def scribble(rng: np.random.Generator) -> Strokes:
    """One scribble on a unit canvas: a tangle, a hatch of crossing lines, a spiral or a blot of
    short marks; each made to look like no digit (several strokes or a long winding path)."""
    kind = rng.choice(["tangle", "hatch", "spiral", "marks", "zigzag"])
    strokes: list[np.ndarray] = []
    if kind == "tangle":
        strokes.append(_smooth_path(rng, int(rng.integers(60, 140)), 0.35))
    elif kind == "hatch":
        for _ in range(int(rng.integers(3, 7))):
            a, b = rng.uniform(0, 1, 2), rng.uniform(0, 1, 2)
            strokes.append(np.linspace(a, b, 8))
    elif kind == "spiral":
        t = np.linspace(0, rng.uniform(3, 6) * math.pi, 80)
        r = t / t.max()
        strokes.append(np.stack([r * np.cos(t), r * np.sin(t) * rng.uniform(0.6, 1.4)], 1))
    elif kind == "marks":
        for _ in range(int(rng.integers(4, 10))):
            c = rng.uniform(0, 1, 2)
            strokes.append(c + _smooth_path(rng, 6, 0.5) * rng.uniform(0.01, 0.03))
    else:
        n = int(rng.integers(6, 14))
        xs = np.linspace(0, 1, n)
        ys = np.where(np.arange(n) % 2 == 0, 0.0, 1.0) * rng.uniform(0.3, 1.0)
        strokes.append(np.stack([xs, ys], 1))
    allp = np.concatenate(strokes)
    lo, hi = allp.min(0), allp.max(0)
    size = max(float((hi - lo).max()), 1e-6)
    scale = rng.uniform(0.4, 0.85) / size
    off = rng.uniform(0.05, 0.2, 2)
    return [[(float(x), float(y)) for x, y in np.clip((s - lo) * scale + off, 0.0, 1.0)] for s in strokes]


# --- data ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Drawing:
    strokes: Strokes
    label: int = -1


def render_scribbles(n: int, render: Render, seed: int) -> np.ndarray:
    """``n`` scribbles (:func:`scribble`) through the caller's renderer, as uint8 pictures."""
    rng = np.random.default_rng(seed)
    return render_pen_digits([_Drawing(scribble(rng)) for _ in range(n)], render, 1, seed)[0]


def targets(labels: np.ndarray) -> np.ndarray:
    """One-hot rows for digits, the uniform row (0.1 each) for label -1."""
    y = np.full((len(labels), 10), 0.1, np.float32)
    d = labels >= 0
    y[d] = 0.0
    y[np.flatnonzero(d), labels[d]] = 1.0
    return y


def batches(x: np.ndarray, labels: np.ndarray, clean: np.ndarray, cfg: Refinement, seed: int) -> Any:
    """Shuffled, augmented batches with soft targets (:func:`core.recipe.seeded_batches`)."""
    return seeded_batches(x, targets(labels), ~clean, batch_size=cfg.batch_size, seed=seed,
                          clean_share=cfg.clean_share, augment_cfg=augment.AugmentConfig())


def fine_tune(model: Any, x: np.ndarray, labels: np.ndarray, clean: np.ndarray, cfg: Refinement, seed: int,
              on_progress: Any = None, arch: str = "robust") -> Any:
    """Fine-tune one member in place on digits (one-hot) and outliers (uniform); the TrainResult."""
    import keras

    from mnist_gui.core.training import TrainConfig, fit

    keras.utils.set_random_seed(cfg.seed * 100 + seed)
    data = batches(x, labels, clean, cfg, cfg.seed * 100 + seed)
    config = TrainConfig(arch=arch, epochs=cfg.epochs, batch_size=cfg.batch_size,
                         learning_rate=cfg.learning_rate, augment=False, lr_schedule="cosine", seed=seed)
    return fit(model, config, data, samples=len(x), on_progress=on_progress, progress_interval=0.5,
               loss="categorical_crossentropy")


def choose_policy(digit_probs: np.ndarray, digit_labels: np.ndarray, other_probs: np.ndarray,
                  cfg: Refinement) -> tuple[refusal.Policy, dict[str, float]]:
    """Temperature on the calibration digits, then the threshold that refuses at most
    ``cfg.max_refused_digits`` of them; with the figures measured on the way."""
    t = refusal.fit_temperature(digit_probs, digit_labels)
    probe = refusal.Policy(temperature=t, reject_below=0.0, unsure_ratio=cfg.unsure_ratio)
    s_dig, s_oth = refusal.score(digit_probs, probe), refusal.score(other_probs, probe)
    thr = refusal.threshold_for(s_dig, cfg.max_refused_digits)
    policy = refusal.Policy(temperature=t, reject_below=float(thr), unsure_ratio=cfg.unsure_ratio, source="card")
    return policy, {
        "temperature": t,
        "calibration_digits": int(len(s_dig)),
        "calibration_others": int(len(s_oth)),
        "calibration_digits_refused": round(float((s_dig < policy.reject_below).mean()), 4) if len(s_dig) else None,
        "calibration_others_refused": round(float((s_oth < policy.reject_below).mean()), 4) if len(s_oth) else None,
        "calibration_auroc": round(refusal.auroc(s_dig, s_oth), 4),
    }
