"""Why did the network say that? Evidence maps and feature maps for one digit. No Qt.

**Evidence map**: integrated gradients (Sundararajan et al. 2017) of the log-probability margin
``log p(target) - log p(versus)`` from a black picture (no ink) to the digit, in ``steps``
straight-line steps evaluated as one batch. Each pixel gets the share of that margin it is
responsible for (the shares add up to the margin's change from the black picture): positive
pixels push toward ``target``, negative ones toward ``versus``. Without ``versus`` the map
explains ``log p(target)`` alone. The computation is one compiled graph per model (TensorFlow),
a few milliseconds per map on a CPU.

Why this method (``benchmarks/explain.py`` measures it): it passes the deletion test (removing
the pixels it ranks highest lowers the prediction far more than removing random ink) and the
model-randomisation test of Adebayo et al. 2018 (the map of a re-initialised network does not
resemble the trained one's), and a blank picture gets an all-zero map by construction.

**Feature maps**: the outputs of every convolution layer of the model for the digit, found
from the model itself (names and shapes), and the first convolution's filters.
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from mnist_gui.core.training import to_input

STEPS = 16


class ExplainError(ValueError):
    """The model cannot be explained this way (message for the user)."""


def _conv_owner(model: Any) -> tuple[Any, list[Any]]:
    """The (sub)model whose own inputs reach the convolution layers, and those layers.

    A plain network owns its convolutions; in an ensemble or a wrapper (augmentation front) they
    live in a nested model, whose own graph starts at its own input: the first such model is
    used (for an ensemble: its first member).
    """
    import keras

    kinds = (keras.layers.Conv2D, keras.layers.DepthwiseConv2D, keras.layers.SeparableConv2D)
    direct = [layer for layer in model.layers if isinstance(layer, kinds)]
    if direct:
        return model, direct
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            owner, convs = _conv_owner(layer)
            if convs:
                return owner, convs
    return model, []


def check_explainable(model: Any) -> None:
    """Raise ExplainError unless the model takes 28x28x1 and gives 10 probabilities."""
    shape = tuple(getattr(model, "input_shape", ()) or ())
    out = tuple(getattr(model, "output_shape", ()) or ())
    if shape[1:] != (28, 28, 1) or out[1:] != (10,):
        raise ExplainError(f"this model takes {shape[1:]} and gives {out[1:]}; evidence maps need 28x28x1 -> 10")


_CACHE: "weakref.WeakKeyDictionary[Any, dict[str, Callable[..., Any]]]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _functions(model: Any) -> dict[str, Callable[..., Any]]:
    """Compiled integrated-gradient and feature-map functions for a model, made once."""
    with _LOCK:
        fns = _CACHE.get(model)
        if fns is not None:
            return fns
        import keras
        import tensorflow as tf

        ref = weakref.ref(model)

        @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32),
                                      tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.int32)],
                     reduce_retracing=True, autograph=False)
        def integrated(x: Any, target: Any, versus: Any) -> Any:
            # x: (B, 28, 28, 1) pictures; for each, STEPS points on the line from black to it
            alphas = (tf.range(STEPS, dtype=tf.float32) + 0.5) / STEPS  # midpoint rule
            path = alphas[None, :, None, None, None] * x[:, None]
            flat = tf.reshape(path, (-1, 28, 28, 1))
            with tf.GradientTape() as tape:
                tape.watch(flat)
                probs = ref()(flat, training=False)
                logp = tf.math.log(tf.clip_by_value(probs, 1e-12, 1.0))
                margin = logp[:, target] - tf.where(versus >= 0, logp[:, tf.maximum(versus, 0)], 0.0)
            grads = tape.gradient(margin, flat)
            grads = tf.reshape(grads, (-1, STEPS, 28, 28, 1))
            return tf.reduce_mean(grads, axis=1) * x  # (B, 28, 28, 1)

        owner, convs = _conv_owner(model)
        fns = {"integrated": integrated}
        if convs:
            try:
                probe = keras.Model(owner.inputs, [c.output for c in convs])
            except (ValueError, AttributeError, TypeError):
                probe = None
            if probe is not None:
                @tf.function(input_signature=[tf.TensorSpec([1, 28, 28, 1], tf.float32)], autograph=False)
                def features(x: Any) -> Any:
                    return probe(x, training=False)

                fns["features"] = features
                fns["_probe"] = probe  # keep the probe model alive with the model's entry
        _CACHE[model] = fns
        return fns


def evidence_maps(model: Any, images: np.ndarray, target: int, versus: int | None = None) -> np.ndarray:
    """Integrated-gradient maps (B, 28, 28) for a batch of prepared 28x28 pictures.

    Args:
        model: a Keras model taking (28, 28, 1) floats and giving 10 probabilities.
        images: (B, 28, 28) or (28, 28), floats 0..1 or uint8.
        target: the class whose evidence is shown (positive values).
        versus: the class evidence against ``target`` is attributed to (negative values), or None.

    Raises:
        ExplainError: the model does not take 28x28x1 or give 10 classes.
        ValueError: target/versus outside 0..9.
    """
    check_explainable(model)
    if not 0 <= int(target) <= 9 or (versus is not None and not 0 <= int(versus) <= 9):
        raise ValueError(f"classes must be 0..9, got {target} and {versus}")
    x = to_input(np.asarray(images))
    single = x.shape[0] == 1 and np.asarray(images).ndim == 2
    fn = _functions(model)["integrated"]
    out = np.asarray(fn(x, np.int32(target), np.int32(-1 if versus is None or versus == target else versus)))
    maps = out[..., 0].astype(np.float32)
    return maps[0] if single else maps


def evidence_map(model: Any, image: np.ndarray, target: int, versus: int | None = None) -> np.ndarray:
    """The (28, 28) map for one picture (see :func:`evidence_maps`)."""
    return evidence_maps(model, np.asarray(image)[None], target, versus)[0]


def default_targets(probs: np.ndarray, chosen: int | None = None) -> tuple[int, int | None]:
    """(target, versus) for "for the prediction" (chosen None: top class vs runner-up) or "for digit N"
    (N vs the top class, or vs the runner-up when N is the top class)."""
    order = np.argsort(np.asarray(probs))[::-1]
    top, second = int(order[0]), int(order[1])
    if chosen is None or chosen == top:
        return top, second
    return int(chosen), top


@dataclass
class FeatureMaps:
    """Activations of each convolution layer for one digit, and the first layer's filters."""

    layers: list[tuple[str, tuple[int, ...], np.ndarray]]  # (name, output shape, (H, W, C) activations)
    filters: np.ndarray | None  # (kh, kw, C) of the first convolution (input channel 0)


def feature_maps(model: Any, image: np.ndarray) -> FeatureMaps:
    """Every convolution layer's activations for one prepared 28x28 picture.

    Raises:
        ExplainError: no convolution layers, or a model of another input shape.
    """
    shape = tuple(getattr(model, "input_shape", ()) or ())
    if shape[1:] != (28, 28, 1):
        raise ExplainError(f"this model takes {shape[1:]}, not a 28x28 picture")
    owner, convs = _conv_owner(model)
    if not convs:
        raise ExplainError("this model has no convolution layers, so it has no feature maps to show")
    fns = _functions(model)
    if "features" not in fns:
        raise ExplainError("the convolution layers of this model cannot be reached from its input")
    x = to_input(np.asarray(image, dtype=np.float32)[None])
    outs = fns["features"](x)
    if not isinstance(outs, (list, tuple)):
        outs = [outs]
    prefix = "" if owner is model else f"{owner.name} / "
    layers = [(prefix + c.name, tuple(int(d) for d in np.asarray(o).shape[1:]), np.asarray(o)[0])
              for c, o in zip(convs, outs)]
    kernel = np.asarray(convs[0].get_weights()[0]) if convs[0].get_weights() else None
    filters = kernel[:, :, 0, :] if kernel is not None and kernel.ndim == 4 else None
    return FeatureMaps(layers=layers, filters=filters)


# ----------------------------------------------------------------------------- sanity figures
def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman rank correlation of two arrays (ties get average ranks)."""
    def ranks(v: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=np.float64).ravel()
        order = np.argsort(v, kind="mergesort")
        r = np.empty(len(v), dtype=np.float64)
        r[order] = np.arange(len(v), dtype=np.float64)
        # average ranks of ties
        sv = v[order]
        start = 0
        for i in range(1, len(v) + 1):
            if i == len(v) or sv[i] != sv[start]:
                r[order[start:i]] = (start + i - 1) / 2.0
                start = i
        return r

    ra, rb = ranks(a), ranks(b)
    ra -= ra.mean()
    rb -= rb.mean()
    den = np.sqrt((ra * ra).sum() * (rb * rb).sum())
    return float((ra * rb).sum() / den) if den > 0 else 0.0


def deletion_drops(model: Any, images: np.ndarray, maps: np.ndarray, classes: np.ndarray,
                   fraction: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Drop of each picture's class probability when its top-ranked pixels, or as many random ink
    pixels, are set to black. ``fraction`` is of the picture's ink pixels (> 0.1).

    Returns:
        (drops after removing the map's highest-ranked pixels, drops after removing random ink).
    """
    from mnist_gui.core.evaluation import predict_proba

    x = to_input(np.asarray(images))[..., 0]
    rng = np.random.default_rng(seed)
    by_map, by_random = x.copy(), x.copy()
    for i in range(len(x)):
        ink = np.flatnonzero(x[i].ravel() > 0.1)
        k = max(1, int(round(fraction * len(ink))))
        top = np.argsort(maps[i].ravel())[::-1][:k]
        by_map[i].ravel()[top] = 0.0
        by_random[i].ravel()[rng.choice(ink, size=min(k, len(ink)), replace=False)] = 0.0
    idx = np.arange(len(x))
    p0 = predict_proba(model, x)[idx, classes]
    p_map = predict_proba(model, by_map)[idx, classes]
    p_rand = predict_proba(model, by_random)[idx, classes]
    return p0 - p_map, p0 - p_rand


def feature_mosaic(acts: np.ndarray, cols: int | None = None, pad: int = 1, gap: float = 0.25) -> np.ndarray:
    """(H, W, C) feature maps or filters -> one float32 mosaic in 0..1, each channel scaled to its
    own range, ``pad`` pixels of ``gap`` grey between them (the app's panels and the report both
    draw this one).

    Args:
        acts: (H, W, C) array.
        cols: channels per row (default: about a square).
        pad: pixels between channels and around the mosaic.
        gap: the grey of the padding.
    """
    h, w, c = acts.shape
    cols = cols or int(np.ceil(np.sqrt(c)))
    rows = int(np.ceil(c / cols))
    out = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad), gap, np.float32)
    for k in range(c):
        a = acts[..., k].astype(np.float32)
        lo, hi = float(a.min()), float(a.max())
        r, q = divmod(k, cols)
        y, x = pad + r * (h + pad), pad + q * (w + pad)
        out[y:y + h, x:x + w] = 0.0 if hi - lo < 1e-9 else (a - lo) / (hi - lo)
    return out
