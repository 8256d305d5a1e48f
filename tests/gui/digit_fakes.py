"""Synthetic MNIST-like data, evaluations and models for the GUI tests (fast, deterministic)."""
from __future__ import annotations

import time

import numpy as np

from mnist_gui.core.dataset import MnistData
from mnist_gui.core.evaluation import Evaluation


def synthetic_mnist(n_train: int = 60, n_test: int = 40, seed: int = 0) -> MnistData:
    """Random 28x28 digits; labels cycle 0..9 so every class is present."""
    rng = np.random.default_rng(seed)
    return MnistData(
        x_train=rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        y_train=(np.arange(n_train) % 10).astype(np.uint8),
        x_test=rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        y_test=((np.arange(n_test) * 7) % 10).astype(np.uint8),
        source="synthetic",
    )


def synthetic_evaluation(y_true: np.ndarray, seed: int = 1, accuracy: float = 0.7) -> Evaluation:
    """Probabilities that are right about ``accuracy`` of the time, with distinct confidences."""
    rng = np.random.default_rng(seed)
    n = len(y_true)
    wrong = rng.random(n) > accuracy
    pred = np.where(wrong, (y_true + rng.integers(1, 10, n)) % 10, y_true)
    probs = rng.random((n, 10)).astype(np.float32) * 0.2
    probs[np.arange(n), pred] = 0.5 + 0.5 * rng.permutation(n) / n  # all different, always the max
    probs /= probs.sum(axis=1, keepdims=True)
    return Evaluation(y_true, probs)


class FakeModel:
    """Stands in for a Keras model: probabilities from the image's mean brightness.

    Supports both ``predict_on_batch`` (evaluation) and ``__call__`` (``predict_one``).
    """

    def __init__(self, shift: int = 0, delay: float = 0.0) -> None:
        self.shift = shift
        self.delay = delay
        self.batches = 0

    def _probs(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32).reshape(len(x), -1)
        m = x.mean(axis=1)
        pred = (np.floor(m * 1000).astype(int) + self.shift) % 10
        p = np.full((len(x), 10), 0.02, dtype=np.float32)
        p[np.arange(len(x)), pred] = 0.82
        return p

    def predict_on_batch(self, x: np.ndarray) -> np.ndarray:
        self.batches += 1
        if self.delay:
            time.sleep(self.delay)
        return self._probs(x)

    def __call__(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        return self._probs(x)
