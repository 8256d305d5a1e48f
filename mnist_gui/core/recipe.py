"""The training recipe of the bundled model: MNIST plus pen digits, with style augmentation.

MNIST alone teaches one style of handwriting (American census clerks and students, scanned,
size-normalised, anti-aliased). People draw with a mouse or pen, scan with 1-bit scanners, write
thick or thin, slanted, narrow or wide. The bundled model is trained on:

* the 60,000 MNIST training digits, a share of them unchanged and the rest through
  :func:`core.augment.augment_batch` (thickness, binarisation, slant, aspect, elastic, blur);
* pen digits replayed from stroke trajectories through the Draw tab's own canvas and
  preparation (rendered by a function the caller passes in: the CLI uses the real Qt canvas), each
  drawn several times at random sizes and places, and augmented the same way.

The pen writers are split by a stable hash of their names: about a third are held out and never
trained on, so the figure on them is an honest estimate for people the model has never seen.

No Qt here; Keras is imported lazily.
"""
from __future__ import annotations

import hashlib
import logging
import math
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from mnist_gui.core import augment, models
from mnist_gui.core.training import Progress, TrainConfig, TrainResult, fit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipe:
    """Everything that defines how the bundled model is trained."""

    name: str = "bundled"
    arch: str = "robust"
    epochs: int = 15
    batch_size: int = 128
    learning_rate: float = 3e-3
    seed: int = 1
    pen_variants: int = 3  # renders of each training pen digit (random size and place)
    holdout_mod: int = 3  # writers whose name hash % holdout_mod == 0 are held out
    clean_mnist: float = 0.35  # share of MNIST samples shown unaugmented
    augment: augment.AugmentConfig = field(default_factory=augment.AugmentConfig)
    # The bundled model averages the probabilities of networks trained by this recipe with these
    # seeds (each member: its own renders, order, augmentation and initial weights).
    members: tuple[int, ...] = (1, 2)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


RECIPES: dict[str, Recipe] = {"bundled": Recipe()}


def member(recipe: Recipe, seed: int) -> Recipe:
    """The recipe of one member network: the same recipe with its own seed and no members."""
    from dataclasses import replace

    return replace(recipe, seed=int(seed), members=(int(seed),))


def member_fingerprint(recipe: Recipe, *data_hashes: str, limit: int | None = None) -> str:
    """A short hash of everything a member's training depends on (for the member cache)."""
    import json

    blob = json.dumps({"recipe": recipe.to_dict(), "data": list(data_hashes), "limit": limit,
                       "format": 1}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def ensemble(models_: Sequence[Any], name: str = "robust_ensemble") -> Any:
    """One Keras model that averages the members' probabilities (a single model file)."""
    import keras
    from keras import layers

    if len(models_) == 1:
        return models_[0]
    inputs = keras.Input(shape=models.INPUT_SHAPE, name="digit")
    outs = []
    for i, m in enumerate(models_):
        # a fresh copy of each member: its weights without the optimizer state a fine-tuned
        # member carries (which tripled the file)
        copy = m.__class__.from_config(m.get_config())  # uncompiled: no optimizer
        copy.set_weights(m.get_weights())
        copy.name = f"member_{i + 1}"  # unique names inside the ensemble
        outs.append(copy(inputs))
    return keras.Model(inputs, layers.Average(name="mean_probability")(outs), name=name)


def get_recipe(name: str) -> Recipe:
    """Look a recipe up by name (ValueError listing the known ones otherwise)."""
    try:
        return RECIPES[name]
    except KeyError:
        raise ValueError(f"unknown recipe {name!r}; choose one of: {', '.join(RECIPES)}") from None


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_held_out(writer: str, mod: int = 3) -> bool:
    """Whether a writer belongs to the held-out group (stable across runs and machines)."""
    h = int(hashlib.sha256(writer.encode("utf-8")).hexdigest()[:8], 16)
    return h % mod == 0


def split_writers(writers: Sequence[str], mod: int = 3) -> tuple[list[str], list[str]]:
    """(training writers, held-out writers), each sorted."""
    names = sorted(set(writers), key=lambda w: (len(w), w))
    held = [w for w in names if is_held_out(w, mod)]
    return [w for w in names if w not in held], held


def random_placement(strokes: Sequence[Sequence[tuple[float, float]]], rng: np.random.Generator,
                     min_scale: float = 0.3, max_scale: float = 1.0) -> list[list[tuple[float, float]]]:
    """The same drawing made smaller or larger and moved somewhere else on a unit canvas."""
    pts = [p for s in strokes for p in s]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    scale = float(rng.uniform(min_scale, max_scale))
    w, h = (x1 - x0) * scale, (y1 - y0) * scale
    ox = float(rng.uniform(0.02, max(0.02, 0.98 - w)))
    oy = float(rng.uniform(0.02, max(0.02, 0.98 - h)))
    return [[(ox + (x - x0) * scale, oy + (y - y0) * scale) for x, y in s] for s in strokes]


def render_pen_digits(
    samples: Sequence[Any],
    render: Callable[[list[list[tuple[float, float]]]], np.ndarray | None],
    variants: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Render each stroke sample ``variants`` times (the first as written, the rest moved/resized).

    Args:
        samples: objects with ``.strokes`` and ``.label`` (core.strokes.StrokeSample).
        render: strokes (unit-canvas fractions) -> the 28x28 float input the Draw tab would give
            the network, or None when it finds no digit.
        variants: renders per sample.
        seed: placement seed.
        progress: called with (done, total).

    Returns:
        uint8 images (N, 28, 28) and labels (N,).
    """
    rng = np.random.default_rng(seed)
    xs: list[np.ndarray] = []
    ys: list[int] = []
    total = len(samples) * variants
    for i, s in enumerate(samples):
        for v in range(variants):
            strokes = s.strokes if v == 0 else random_placement(s.strokes, rng)
            img = render(strokes)
            if img is not None:
                xs.append(np.clip(np.asarray(img, dtype=np.float32) * 255.0 + 0.5, 0, 255).astype(np.uint8))
                ys.append(int(s.label))
        if progress is not None and (i % 100 == 0 or i + 1 == len(samples)):
            progress((i + 1) * variants, total)
    if not xs:
        return np.zeros((0, 28, 28), np.uint8), np.zeros((0,), np.int32)
    return np.stack(xs), np.asarray(ys, dtype=np.int32)


def _batches(x_mnist: np.ndarray, y_mnist: np.ndarray, x_pen: np.ndarray, y_pen: np.ndarray,
             recipe: Recipe) -> Any:
    """MNIST + pen pictures as :func:`seeded_batches` (every pen picture augmented)."""
    x_all = np.concatenate([x_mnist, x_pen]) if len(x_pen) else np.asarray(x_mnist)
    y_all = np.concatenate([np.asarray(y_mnist, np.int32), y_pen]).astype(np.int32)
    is_pen = np.concatenate([np.zeros(len(x_mnist), bool), np.ones(len(x_pen), bool)])
    return seeded_batches(x_all, y_all, is_pen, batch_size=recipe.batch_size, seed=recipe.seed,
                          clean_share=recipe.clean_mnist, augment_cfg=recipe.augment), len(x_all)


def seeded_batches(x: np.ndarray, y: np.ndarray, always_augment: np.ndarray, *, batch_size: int, seed: int,
                   clean_share: float, augment_cfg: augment.AugmentConfig) -> Any:
    """A Keras PyDataset of freshly augmented, shuffled batches (deterministic per epoch/batch).

    Args:
        x: uint8 pictures (N, 28, 28); y: their targets (labels or soft rows), batched alongside.
        always_augment: pictures always augmented; the others are shown unchanged with
            probability ``clean_share``.
    """
    import keras

    class Batches(keras.utils.PyDataset):
        def __init__(self) -> None:
            super().__init__(workers=1, use_multiprocessing=False, max_queue_size=8)
            self.epoch = 0
            self.order = np.random.default_rng((seed, 0)).permutation(len(x))

        def __len__(self) -> int:
            return math.ceil(len(x) / batch_size)

        def __getitem__(self, i: int) -> tuple[np.ndarray, np.ndarray]:
            idx = self.order[i * batch_size:(i + 1) * batch_size]
            rng = np.random.default_rng((seed, self.epoch, i))
            xb = x[idx].astype(np.float32) / 255.0
            aug = always_augment[idx] | (rng.random(len(idx)) >= clean_share)
            if aug.any():
                xb[aug] = augment.augment_batch(xb[aug], rng, augment_cfg)
            return xb[..., None], y[idx]

        def on_epoch_end(self) -> None:
            self.epoch += 1
            self.order = np.random.default_rng((seed, self.epoch)).permutation(len(x))

    return Batches()


def train_recipe(
    recipe: Recipe,
    x_mnist: np.ndarray,
    y_mnist: np.ndarray,
    x_pen: np.ndarray,
    y_pen: np.ndarray,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> TrainResult:
    """Train ``recipe.arch`` on MNIST plus rendered pen digits with the recipe's augmentation
    (the same fit loop as the Train tab: :func:`mnist_gui.core.training.fit`)."""
    import keras

    keras.utils.set_random_seed(recipe.seed)
    data, n = _batches(x_mnist, y_mnist, x_pen, y_pen, recipe)
    config = TrainConfig(arch=recipe.arch, epochs=recipe.epochs, batch_size=recipe.batch_size,
                         learning_rate=recipe.learning_rate, augment=False, lr_schedule="cosine", seed=recipe.seed)
    return fit(models.build_model(recipe.arch), config, data, samples=n, on_progress=on_progress, cancel=cancel,
               progress_interval=0.5)
