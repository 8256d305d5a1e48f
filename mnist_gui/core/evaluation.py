"""Accuracy, per-class accuracy, confusion matrix and misclassifications ranked by confidence."""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from mnist_gui.core.training import to_input

NUM_CLASSES = 10


def predict_proba(
    model: Any,
    x: np.ndarray,
    *,
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> np.ndarray:
    """Class probabilities (N, 10) for images ``x`` (uint8 or float, (N,28,28[,1])).

    Runs in chunks so that progress can be reported and the work cancelled between chunks.

    Raises:
        InterruptedError: when ``cancel`` is set.
    """
    x = to_input(x)
    n = len(x)
    out = np.empty((n, NUM_CLASSES), dtype=np.float32)
    for start in range(0, n, batch_size):
        if cancel is not None and cancel.is_set():
            raise InterruptedError("evaluation cancelled")
        stop = min(n, start + batch_size)
        out[start:stop] = np.asarray(model.predict_on_batch(x[start:stop]), dtype=np.float32)
        if progress is not None:
            progress(stop, n)
    return out


_COMPILED: "weakref.WeakKeyDictionary[Any, Callable[[np.ndarray], Any]]" = weakref.WeakKeyDictionary()
_COMPILED_BATCH: "weakref.WeakKeyDictionary[Any, Callable[[np.ndarray], Any]]" = weakref.WeakKeyDictionary()
_COMPILED_LOCK = threading.Lock()


def _compiled_forward(model: Any, batch: int | None = 1) -> Callable[[np.ndarray], Any]:
    """The model's forward pass for a (batch, 28, 28, 1) float32 input, compiled once per model
    (``batch`` None: any number of digits, one trace).

    On TensorFlow a ``tf.function`` with a fixed input signature: one trace, then a few ms per
    call instead of tens of ms for an eager call. Other backends call the model directly.
    """
    table = _COMPILED if batch == 1 else _COMPILED_BATCH
    with _COMPILED_LOCK:
        fn = table.get(model)
        if fn is not None:
            return fn
        try:
            import keras

            if keras.backend.backend() != "tensorflow" or not isinstance(model, keras.Model):
                raise ImportError  # another backend, or a plain callable: call it directly
            import tensorflow as tf

            ref = weakref.ref(model)  # the cache must not keep the model alive

            @tf.function(input_signature=[tf.TensorSpec([batch, 28, 28, 1], tf.float32)], reduce_retracing=True,
                         autograph=False)
            def forward(x: Any) -> Any:
                return ref()(x, training=False)

            fn = forward
        except ImportError:
            def fn(x: np.ndarray) -> Any:
                return model(x, training=False)
        table[model] = fn
        return fn


def predict_one(model: Any, image: np.ndarray) -> np.ndarray:
    """Probabilities (10,) for one preprocessed 28x28 float image; the low-latency path.

    Runs a compiled forward pass made once per model (see :func:`_compiled_forward`); the
    probabilities are those of ``model(x)``.
    """
    x = to_input(np.asarray(image, dtype=np.float32)[None])
    if getattr(model, "is_lite", False):  # core.lite.LiteModel: NumPy, no TensorFlow needed
        return model.predict_on_batch(x)[0]
    return np.asarray(_compiled_forward(model)(x), dtype=np.float32)[0]


def predict_few(model: Any, images: np.ndarray) -> np.ndarray:
    """Probabilities (N, 10) for a few preprocessed 28x28 float images (the number reader's
    candidates): one compiled call for any N, without ``predict_on_batch``'s per-call overhead."""
    x = to_input(np.asarray(images, dtype=np.float32))
    if getattr(model, "is_lite", False):
        return model.predict_on_batch(x)
    return np.asarray(_compiled_forward(model, None)(x), dtype=np.float32)


def warm_up(model: Any) -> None:
    """Trace the compiled calls the Draw tab makes (one digit, the number reader's batch), so
    that their first use costs a few ms instead of 0.2-0.3 s on the window's thread."""
    predict_one(model, np.zeros((28, 28), np.float32))
    predict_few(model, np.zeros((3, 28, 28), np.float32))


@dataclass
class Evaluation:
    """Predictions of a model on a labelled set, and the figures derived from them."""

    y_true: np.ndarray  # (N,) int
    probs: np.ndarray  # (N, 10) float32

    def __post_init__(self) -> None:
        self.y_true = np.asarray(self.y_true).astype(np.int64).reshape(-1)
        self.probs = np.asarray(self.probs, dtype=np.float32)
        if self.probs.shape != (len(self.y_true), NUM_CLASSES):
            raise ValueError(f"probabilities of shape {self.probs.shape} do not match {len(self.y_true)} labels")
        if len(self.y_true) and (self.y_true.min() < 0 or self.y_true.max() >= NUM_CLASSES):
            # A negative label would silently index the confusion matrix from the end.
            raise ValueError(f"labels must be 0..{NUM_CLASSES - 1}, got {self.y_true.min()}..{self.y_true.max()}")
        self.y_pred = self.probs.argmax(axis=1)
        self.confidence = self.probs.max(axis=1)

    @property
    def accuracy(self) -> float:
        return float((self.y_pred == self.y_true).mean()) if len(self.y_true) else float("nan")

    @property
    def confusion(self) -> np.ndarray:
        """(10, 10) counts: row = true label, column = predicted label."""
        m = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=np.int64)
        np.add.at(m, (self.y_true, self.y_pred), 1)
        return m

    @property
    def per_class_accuracy(self) -> np.ndarray:
        """(10,) recall of each true class (nan for a class with no sample)."""
        m = self.confusion
        totals = m.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, np.diag(m) / np.maximum(totals, 1), np.nan)

    @property
    def n_errors(self) -> int:
        return int((self.y_pred != self.y_true).sum())

    def indices(self, true: int | None = None, pred: int | None = None, *, errors_only: bool = False,
                most_confident_first: bool = True) -> np.ndarray:
        """Indices of samples with that true label and/or prediction, by confidence.

        Args:
            true: keep only this true label (None: any).
            pred: keep only this predicted label (None: any).
            errors_only: keep only misclassified samples.
            most_confident_first: sort by the network's confidence in its prediction,
                highest first (False: lowest first). Ties keep index order.
        """
        mask = np.ones(len(self.y_true), dtype=bool)
        if true is not None:
            mask &= self.y_true == true
        if pred is not None:
            mask &= self.y_pred == pred
        if errors_only:
            mask &= self.y_pred != self.y_true
        idx = np.flatnonzero(mask)
        key = -self.confidence[idx] if most_confident_first else self.confidence[idx]
        return idx[np.argsort(key, kind="stable")]

    def misclassified(self, most_confident_first: bool = True) -> np.ndarray:
        """All errors, most confidently wrong first."""
        return self.indices(errors_only=True, most_confident_first=most_confident_first)

    def top_confusions(self, k: int = 3) -> list[tuple[int, int, int]]:
        """The k most frequent (true, predicted, count) confusions."""
        m = self.confusion.copy()
        np.fill_diagonal(m, 0)
        order = np.argsort(-m, axis=None, kind="stable")[:k]
        return [(int(i // NUM_CLASSES), int(i % NUM_CLASSES), int(m.flat[i])) for i in order if m.flat[i] > 0]


def evaluate(
    model: Any,
    x: np.ndarray,
    y: np.ndarray,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Evaluation:
    """Predict ``x`` with ``model`` and compare against ``y``."""
    return Evaluation(np.asarray(y), predict_proba(model, x, progress=progress, cancel=cancel))
