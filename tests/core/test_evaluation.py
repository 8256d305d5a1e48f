"""Tests for mnist_gui.core.evaluation: figures from a hand-made probability table, chunked predict."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from mnist_gui.core import evaluation
from mnist_gui.core.evaluation import Evaluation


def onehot(pred: int, conf: float) -> np.ndarray:
    """A probability row predicting ``pred`` with confidence ``conf``, the rest spread evenly."""
    row = np.full(10, (1.0 - conf) / 9, np.float32)
    row[pred] = conf
    return row


# (true label, predicted label, confidence) for 10 samples.
SAMPLES = [
    (0, 0, 0.99),  # 0
    (0, 0, 0.60),  # 1
    (1, 1, 0.90),  # 2
    (1, 7, 0.80),  # 3  error 1->7
    (7, 1, 0.95),  # 4  error 7->1
    (7, 7, 0.70),  # 5
    (1, 7, 0.55),  # 6  error 1->7
    (3, 5, 0.40),  # 7  error 3->5
    (5, 5, 0.85),  # 8
    (1, 7, 0.97),  # 9  error 1->7
]


@pytest.fixture
def ev() -> Evaluation:
    y = np.array([t for t, _, _ in SAMPLES], dtype=np.uint8)
    probs = np.stack([onehot(p, c) for _, p, c in SAMPLES])
    return Evaluation(y, probs)


def test_predictions_and_accuracy(ev: Evaluation) -> None:
    assert ev.y_pred.tolist() == [p for _, p, _ in SAMPLES]
    np.testing.assert_allclose(ev.confidence, [c for _, _, c in SAMPLES], rtol=1e-6)
    assert ev.accuracy == pytest.approx(0.5)
    assert ev.n_errors == 5
    assert isinstance(ev.accuracy, float)


def test_confusion_rows_are_true_columns_predicted(ev: Evaluation) -> None:
    m = ev.confusion
    assert m.shape == (10, 10) and m.sum() == 10
    assert m[0, 0] == 2
    assert m[1, 1] == 1 and m[1, 7] == 3  # three 1s were taken for 7s
    assert m[7, 1] == 1 and m[7, 7] == 1
    assert m[3, 5] == 1 and m[5, 3] == 0
    assert m[5, 5] == 1
    np.testing.assert_array_equal(m.sum(axis=1), np.bincount(ev.y_true, minlength=10))
    np.testing.assert_array_equal(m.sum(axis=0), np.bincount(ev.y_pred, minlength=10))


def test_per_class_accuracy(ev: Evaluation) -> None:
    acc = ev.per_class_accuracy
    assert acc.shape == (10,)
    assert acc[0] == 1.0 and acc[1] == pytest.approx(0.25) and acc[7] == 0.5 and acc[3] == 0.0 and acc[5] == 1.0
    for c in (2, 4, 6, 8, 9):  # no samples of these classes
        assert np.isnan(acc[c])


def test_indices_by_true_and_predicted_sorted_by_confidence(ev: Evaluation) -> None:
    assert ev.indices(true=1, pred=7).tolist() == [9, 3, 6]  # 0.97, 0.80, 0.55
    assert ev.indices(true=1, pred=7, most_confident_first=False).tolist() == [6, 3, 9]
    assert ev.indices(true=1).tolist() == [9, 2, 3, 6]
    assert ev.indices(pred=7).tolist() == [9, 3, 5, 6]
    assert ev.indices(true=0).tolist() == [0, 1]
    assert ev.indices(true=0, errors_only=True).tolist() == []
    assert ev.indices(true=2).tolist() == []
    assert ev.indices().tolist() == [0, 9, 4, 2, 8, 3, 5, 1, 6, 7]
    assert ev.indices().dtype.kind == "i"


def test_indices_ties_keep_index_order() -> None:
    probs = np.stack([onehot(3, 0.5)] * 4)
    ev = Evaluation(np.array([3, 3, 3, 3]), probs)
    assert ev.indices(true=3).tolist() == [0, 1, 2, 3]
    assert ev.indices(true=3, most_confident_first=False).tolist() == [0, 1, 2, 3]


def test_misclassified(ev: Evaluation) -> None:
    assert ev.misclassified().tolist() == [9, 4, 3, 6, 7]  # most confidently wrong first
    assert ev.misclassified(most_confident_first=False).tolist() == [7, 6, 3, 4, 9]
    assert all(ev.y_pred[i] != ev.y_true[i] for i in ev.misclassified())


def test_top_confusions(ev: Evaluation) -> None:
    assert ev.top_confusions(3) == [(1, 7, 3), (3, 5, 1), (7, 1, 1)]  # ties in (true, pred) order
    assert ev.top_confusions(1) == [(1, 7, 3)]
    assert ev.top_confusions(10) == [(1, 7, 3), (3, 5, 1), (7, 1, 1)]  # only real confusions
    perfect = Evaluation(np.array([4, 2]), np.stack([onehot(4, 0.9), onehot(2, 0.9)]))
    assert perfect.top_confusions() == [] and perfect.accuracy == 1.0 and perfect.misclassified().size == 0


def test_rejects_mismatched_shapes_and_bad_labels() -> None:
    with pytest.raises(ValueError, match="do not match"):
        Evaluation(np.zeros(3, int), np.zeros((4, 10)))
    with pytest.raises(ValueError, match="do not match"):
        Evaluation(np.zeros(3, int), np.zeros((3, 9)))
    with pytest.raises(ValueError, match="labels"):
        Evaluation(np.array([0, -1]), np.stack([onehot(0, 0.9)] * 2))
    with pytest.raises(ValueError, match="labels"):
        Evaluation(np.array([0, 10]), np.stack([onehot(0, 0.9)] * 2))


def test_empty_evaluation() -> None:
    ev = Evaluation(np.zeros(0, int), np.zeros((0, 10)))
    assert np.isnan(ev.accuracy)
    assert ev.confusion.sum() == 0 and ev.n_errors == 0
    assert ev.misclassified().size == 0 and ev.top_confusions() == []
    assert np.isnan(ev.per_class_accuracy).all()


# --------------------------------------------------------------------------- predicting in chunks


class FakeModel:
    """Predicts class (mean pixel * 10) and records the batch sizes it was given."""

    def __init__(self, on_batch=None) -> None:
        self.batches: list[tuple[int, ...]] = []
        self.on_batch = on_batch

    def predict_on_batch(self, x: np.ndarray) -> np.ndarray:
        assert x.dtype == np.float32 and x.shape[1:] == (28, 28, 1)
        self.batches.append(x.shape)
        if self.on_batch:
            self.on_batch(len(self.batches))
        cls = np.clip((x.reshape(len(x), -1).mean(axis=1) * 10).astype(int), 0, 9)
        out = np.full((len(x), 10), 0.01, np.float64)
        out[np.arange(len(x)), cls] = 0.91
        return out

    def __call__(self, x, training=False):  # the predict_one path
        return self.predict_on_batch(np.asarray(x))


def images_of_classes(labels: list[int]) -> np.ndarray:
    """uint8 images whose mean pixel puts them in the given class for FakeModel."""
    return np.stack([np.full((28, 28), int((c + 0.5) / 10 * 255), np.uint8) for c in labels])


def test_predict_proba_chunks_and_reports_progress() -> None:
    labels = [i % 10 for i in range(23)]
    model = FakeModel()
    seen: list[tuple[int, int]] = []
    probs = evaluation.predict_proba(model, images_of_classes(labels), batch_size=10,
                                     progress=lambda d, t: seen.append((d, t)))
    assert [b[0] for b in model.batches] == [10, 10, 3]
    assert seen == [(10, 23), (20, 23), (23, 23)]
    assert probs.shape == (23, 10) and probs.dtype == np.float32
    assert probs.argmax(axis=1).tolist() == labels


def test_predict_proba_cancel_raises_between_chunks() -> None:
    cancel = threading.Event()
    model = FakeModel(on_batch=lambda n: cancel.set() if n == 2 else None)
    seen: list[int] = []
    with pytest.raises(InterruptedError):
        evaluation.predict_proba(model, images_of_classes([1] * 50), batch_size=10, cancel=cancel,
                                 progress=lambda d, t: seen.append(d))
    assert len(model.batches) == 2  # stopped before the third chunk
    assert seen == [10, 20]
    cancel_early = threading.Event()
    cancel_early.set()
    model = FakeModel()
    with pytest.raises(InterruptedError):
        evaluation.predict_proba(model, images_of_classes([1]), cancel=cancel_early)
    assert model.batches == []


def test_predict_proba_empty_input() -> None:
    model = FakeModel()
    probs = evaluation.predict_proba(model, np.zeros((0, 28, 28), np.uint8))
    assert probs.shape == (0, 10) and model.batches == []


def test_evaluate_with_fake_model() -> None:
    labels = [3, 1, 4, 1, 5, 9, 2, 6]
    y = np.array([3, 1, 4, 1, 5, 9, 2, 7])  # the last one is "wrong"
    seen: list[tuple[int, int]] = []
    ev = evaluation.evaluate(FakeModel(), images_of_classes(labels), y, progress=lambda d, t: seen.append((d, t)))
    assert ev.accuracy == pytest.approx(7 / 8)
    assert ev.misclassified().tolist() == [7]
    assert ev.top_confusions() == [(7, 6, 1)]
    assert seen[-1] == (8, 8)


def test_predict_one_and_evaluate_with_a_real_model() -> None:
    from mnist_gui.core import models

    model = models.build_model("small")
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (7, 28, 28), dtype=np.uint8)
    probs = evaluation.predict_proba(model, x, batch_size=3)
    assert probs.shape == (7, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    one = evaluation.predict_one(model, x[2].astype(np.float32) / 255.0)
    assert one.shape == (10,) and one.dtype == np.float32
    np.testing.assert_allclose(one, probs[2], rtol=1e-4, atol=1e-6)
    ev = evaluation.evaluate(model, x, probs.argmax(axis=1))
    assert ev.accuracy == 1.0
