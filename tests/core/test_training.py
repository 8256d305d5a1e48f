"""Tests for mnist_gui.core.training: tiny runs on synthetic digits (a few seconds each)."""
from __future__ import annotations

import contextlib
import io
import math
import os
import sys
import tempfile
import threading
from types import SimpleNamespace
from typing import Iterator

import numpy as np
import pytest

from mnist_gui.core import training
from mnist_gui.core.training import Progress, TrainConfig
from tests.synthetic import digits


@pytest.fixture(scope="module")
def data300() -> tuple[np.ndarray, np.ndarray]:
    return digits(300, seed=0)


def small(**overrides) -> TrainConfig:
    """Arch 'small', constant learning rate, no augmentation unless overridden."""
    base = dict(epochs=1, batch_size=32, augment=False, lr_schedule="constant", seed=1)
    base.update(overrides)
    return TrainConfig.for_arch("small", **base)


def kinds(reports: list[Progress], kind: str) -> list[Progress]:
    return [p for p in reports if p.kind == kind]


# --------------------------------------------------------------------------- a full little run


@contextlib.contextmanager
def stdout_fd_captured() -> Iterator[list[str]]:
    """Capture everything written to sys.stdout and to file descriptor 1 (C-level writes too)."""
    got: list[str] = []
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile(mode="w+b") as tmp:
        os.dup2(tmp.fileno(), 1)
        try:
            with contextlib.redirect_stdout(io.StringIO()) as py_out:
                yield got
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
        tmp.seek(0)
        got.append(tmp.read().decode(errors="replace") + py_out.getvalue())


@pytest.fixture(scope="module")
def three_epochs() -> tuple[training.TrainResult, list[Progress], str]:
    """One 3-epoch run shared by several tests: 330 digits, 30 of them held out for validation,
    so 300 are trained on in batches of 32 (10 batches, the last of 12)."""
    x, y = digits(330, seed=0)
    reports: list[Progress] = []
    with stdout_fd_captured() as printed:
        result = training.train(small(epochs=3, validation_split=1 / 11), x, y, on_progress=reports.append,
                                progress_interval=0)
    return result, reports, printed[0]


def test_loss_decreases_over_three_epochs(three_epochs) -> None:
    result, _, _ = three_epochs
    loss = result.history["loss"]
    assert len(loss) == 3
    assert loss[0] > loss[1] > loss[2], loss
    assert loss[2] < 0.9 * loss[0], loss
    assert set(result.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(type(v) is float for vals in result.history.values() for v in vals)


def test_result_counts(three_epochs) -> None:
    result, _, _ = three_epochs
    assert result.cancelled is False
    assert result.epochs_completed == 3
    assert result.batches_completed == 3 * 10
    assert result.samples_trained == 3 * 300  # the last batch of each epoch holds only 12
    assert result.train_time_s > 0 and result.samples_per_sec > 0
    assert result.config.arch == "small"


def test_progress_reports(three_epochs) -> None:
    result, reports, _ = three_epochs
    batch = kinds(reports, "batch")
    epoch = kinds(reports, "epoch")
    end = kinds(reports, "end")
    assert len(batch) == 30  # progress_interval=0: every batch
    assert [(p.epoch, p.batch) for p in batch] == [(e, b) for e in (1, 2, 3) for b in range(1, 11)]
    assert [p.epoch for p in epoch] == [1, 2, 3]
    assert len(end) == 1 and reports[-1] is end[0]
    assert end[0].eta_s == 0.0 and end[0].fraction == 1.0
    for p in batch + epoch:
        assert p.epochs == 3 and p.batches == 10
        for name in ("loss", "accuracy", "val_loss", "val_accuracy", "samples_per_sec", "elapsed_s", "eta_s"):
            assert type(getattr(p, name)) is float, (name, type(getattr(p, name)))
        assert math.isfinite(p.loss) and 0.0 <= p.accuracy <= 1.0
        assert p.samples_per_sec > 0 and p.elapsed_s > 0
        assert math.isfinite(p.eta_s) and p.eta_s >= 0
        if p.kind == "batch":
            assert math.isnan(p.val_loss) and math.isnan(p.val_accuracy)
        else:
            assert math.isfinite(p.val_loss) and 0.0 <= p.val_accuracy <= 1.0
    fractions = [p.fraction for p in batch]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert batch[0].eta_s > batch[-2].eta_s  # the estimate counts down
    assert batch[-1].eta_s == 0.0 and epoch[-1].eta_s == 0.0
    # The epoch report carries the loss Keras recorded for that epoch.
    assert [p.loss for p in epoch] == pytest.approx(result.history["loss"])
    assert [p.val_loss for p in epoch] == pytest.approx(result.history["val_loss"])


def test_training_prints_nothing(three_epochs) -> None:
    _, _, printed = three_epochs  # sys.stdout and fd 1 (Keras progress bars would go there)
    assert printed == ""


def test_validation_split_holds_out_a_seeded_share(three_epochs) -> None:
    result, _, _ = three_epochs
    assert len(result.history["val_loss"]) == 3
    assert result.samples_trained == 3 * 300  # 30 of 330 held out
    assert all(0.0 <= v <= 1.0 for v in result.history["val_accuracy"])


# --------------------------------------------------------------------------- throttling


def drive_bridge(monkeypatch, *, epochs: int, batches: int, interval: float, step_s: float,
                 cancel: threading.Event | None = None, n_samples: int | None = None):
    """Feed the training callback fake batches on a fake clock that advances step_s per batch."""
    clock = [1000.0]
    monkeypatch.setattr(training.time, "perf_counter", lambda: clock[0])
    reports: list[Progress] = []
    bridge = training._make_callback(epochs, batches, 10, n_samples or batches * 10, reports.append,
                                     cancel or threading.Event(), interval)
    fake_model = SimpleNamespace(stop_training=False)
    bridge.set_model(fake_model)
    for e in range(epochs):
        bridge.on_epoch_begin(e)
        for b in range(batches):
            clock[0] += step_s
            bridge.on_train_batch_end(b, {"loss": np.float32(0.5), "accuracy": np.float32(0.75)})
            if fake_model.stop_training:
                return bridge, reports
        bridge.on_epoch_end(e, {"loss": np.float32(0.5), "accuracy": np.float32(0.75)})
    return bridge, reports


def test_batch_reports_are_throttled(monkeypatch) -> None:
    # 100 batches 0.01 s apart with a 0.1 s interval: about every 10th batch, plus each epoch's last.
    _, reports = drive_bridge(monkeypatch, epochs=2, batches=100, interval=0.1, step_s=0.01)
    batch = kinds(reports, "batch")
    assert 18 <= len(batch) <= 24, len(batch)
    assert {(p.epoch, p.batch) for p in batch} >= {(1, 100), (2, 100)}
    assert len(kinds(reports, "epoch")) == 2
    assert all(type(p.loss) is float and p.loss == 0.5 and p.accuracy == 0.75 for p in batch)


def test_huge_interval_leaves_only_each_epochs_last_batch(monkeypatch) -> None:
    _, reports = drive_bridge(monkeypatch, epochs=3, batches=7, interval=1e9, step_s=0.5)
    assert [(p.kind, p.epoch, p.batch) for p in reports] == [
        ("batch", 1, 7), ("epoch", 1, 7), ("batch", 2, 7), ("epoch", 2, 7), ("batch", 3, 7), ("epoch", 3, 7)]


def test_zero_interval_reports_every_batch_with_rate_and_eta(monkeypatch) -> None:
    bridge, reports = drive_bridge(monkeypatch, epochs=2, batches=4, interval=0.0, step_s=0.5, n_samples=35)
    batch = kinds(reports, "batch")
    assert len(batch) == 8
    # 10 samples per batch but only 5 in each epoch's last one; 0.5 s per batch.
    assert bridge.samples_done == 70
    assert batch[0].samples_per_sec == pytest.approx(20.0) and batch[0].eta_s == pytest.approx(3.5)
    assert [p.eta_s for p in batch] == pytest.approx([3.5, 3.0, 2.5, 2.0, 1.5, 1.0, 0.5, 0.0])


def test_training_run_with_throttled_progress(data300) -> None:
    x, y = data300
    reports: list[Progress] = []
    result = training.train(small(epochs=1, batch_size=30), x, y, on_progress=reports.append, progress_interval=1e9)
    assert [(p.kind, p.batch) for p in reports] == [("batch", 10), ("epoch", 10), ("end", 10)]
    assert result.batches_completed == 10 and result.samples_trained == 300


# --------------------------------------------------------------------------- cancel


def test_cancel_from_progress_stops_within_one_batch(data300) -> None:
    x, y = data300
    cancel = threading.Event()
    k = 2  # in the second epoch
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        seen.append(p)
        if p.kind == "batch" and p.epoch == 2 and p.batch == k:
            cancel.set()

    result = training.train(small(epochs=3), x, y, on_progress=on_progress, cancel=cancel, progress_interval=0)
    assert result.cancelled is True
    # progress is reported off the training loop (Keras' callback pool), so the loop may have
    # started the next batch when the request comes: at most that one more
    extra = result.batches_completed - (10 + k)
    assert extra in (0, 1)
    assert result.epochs_completed == 1  # the interrupted epoch does not count
    assert result.samples_trained == 300 + (k + extra) * 32
    batch = kinds(seen, "batch")
    assert batch[-1].epoch == 2 and batch[-1].batch in (k, k + 1)
    assert kinds(seen, "end")  # the caller still hears the end
    # The model trained so far is returned and usable.
    probs = np.asarray(result.model.predict_on_batch(training.to_input(x[:5])))
    assert probs.shape == (5, 10) and np.isfinite(probs).all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_cancel_also_cuts_validation_short(monkeypatch) -> None:
    x, y = digits(100, seed=2)
    xv, yv = digits(200, seed=3)  # 4 validation batches of 50
    test_batches: list[int] = []
    real_make = training._make_callback

    def make_counting(*args, **kwargs):
        bridge = real_make(*args, **kwargs)
        inner = bridge.on_test_batch_end

        def counted(batch, logs=None):
            test_batches.append(batch)
            inner(batch, logs)

        bridge.on_test_batch_end = counted
        return bridge

    monkeypatch.setattr(training, "_make_callback", make_counting)
    cancel = threading.Event()

    def on_progress(p: Progress) -> None:
        if p.kind == "batch" and p.batch == p.batches:  # the epoch's last batch: validation comes next
            cancel.set()

    result = training.train(small(epochs=3, batch_size=50), x, y, on_progress=on_progress, cancel=cancel,
                            validation=(xv, yv), progress_interval=0)
    assert result.cancelled is True
    assert result.batches_completed == 2
    assert len(test_batches) <= 2  # validation stopped after a batch or two, not all 4
    assert result.epochs_completed == 0


def test_cancel_set_before_start_runs_at_most_one_batch() -> None:
    x, y = digits(100, seed=2)
    cancel = threading.Event()
    cancel.set()
    result = training.train(small(epochs=5, batch_size=10), x, y, cancel=cancel)
    assert result.cancelled is True
    assert result.batches_completed == 1
    assert result.epochs_completed == 0


def test_cancel_from_another_thread(data300) -> None:
    x, y = data300
    cancel = threading.Event()
    started = threading.Event()

    def on_progress(p: Progress) -> None:
        if p.kind == "batch":
            started.set()

    def canceller() -> None:
        started.wait(60)
        cancel.set()

    t = threading.Thread(target=canceller)
    t.start()
    try:
        result = training.train(small(epochs=50, batch_size=16), x, y, on_progress=on_progress, cancel=cancel,
                                 progress_interval=0)
    finally:
        t.join(60)
    assert result.cancelled is True
    assert result.epochs_completed < 50
    assert result.batches_completed < 50 * 19


# --------------------------------------------------------------------------- reproducibility


def _weights(model) -> list[np.ndarray]:
    return [np.asarray(w) for w in model.get_weights()]


def test_same_seed_same_run_different_seed_different_run() -> None:
    x, y = digits(96, seed=4)
    cfg = small(batch_size=32, augment=True, seed=7)  # augmentation + dropout + shuffling: all seeded
    a = training.train(cfg, x, y)
    b = training.train(cfg, x, y)
    assert a.history == b.history
    for wa, wb in zip(_weights(a.model), _weights(b.model), strict=True):
        np.testing.assert_array_equal(wa, wb)
    c = training.train(small(batch_size=32, augment=True, seed=8), x, y)
    assert any(not np.array_equal(wa, wc) for wa, wc in zip(_weights(a.model), _weights(c.model), strict=True))
    # Training-time augmentation is stripped from the returned model.
    names = {layer.name for layer in a.model.layers}
    assert not any(n.startswith("aug_") for n in names)
    assert tuple(a.model.input_shape) == (None, 28, 28, 1)
    assert tuple(a.model.output_shape) == (None, 10)


# --------------------------------------------------------------------------- validation


def test_explicit_validation_data() -> None:
    x, y = digits(64, seed=5)
    xv, yv = digits(20, seed=6)
    result = training.train(small(validation_split=0.5), x, y, validation=(xv, yv))
    # Explicit data wins over the split: all 64 images are trained on.
    assert result.samples_trained == 64
    assert {"val_loss", "val_accuracy"} <= set(result.history)


def test_validation_split_leaving_nothing_to_train_on() -> None:
    x, y = digits(1, seed=0)
    with pytest.raises(ValueError, match="no training images"):
        training.train(small(validation_split=0.5), x, y)


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        (dict(epochs=0), "epochs"),
        (dict(epochs=1001), "epochs"),
        (dict(batch_size=0), "batch size"),
        (dict(batch_size=10_000), "batch size"),
        (dict(learning_rate=0.0), "learning rate"),
        (dict(learning_rate=-1e-3), "learning rate"),
        (dict(learning_rate=1.5), "learning rate"),
        (dict(learning_rate=float("nan")), "learning rate"),
        (dict(validation_split=-0.1), "validation split"),
        (dict(validation_split=0.9), "validation split"),
        (dict(validation_split=float("nan")), "validation split"),
        (dict(lr_schedule="linear"), "schedule"),
        (dict(arch="resnet"), "architecture"),
    ],
)
def test_validate_rejects(overrides: dict, fragment: str) -> None:
    from dataclasses import replace

    cfg = replace(TrainConfig(), **overrides)
    with pytest.raises(ValueError, match=fragment):
        cfg.validate()


def test_validate_accepts_the_limits() -> None:
    from dataclasses import replace

    limits = {"epochs": (1, 1000, 0, 1001), "batch_size": (1, 8192, 0, 8193),
              "learning_rate": (1e-9, 1.0, 0.0, 1.01), "validation_split": (0.0, 0.89, -0.01, 0.9)}
    for field, (low, high, below, above) in limits.items():
        for ok in (low, high):
            cfg = replace(TrainConfig(), **{field: ok})
            assert cfg.validate() is None and getattr(cfg, field) == ok
        for bad in (below, above):  # one step past each limit is refused, naming the value
            with pytest.raises(ValueError, match=str(bad)):
                replace(TrainConfig(), **{field: bad}).validate()


def test_for_arch_uses_the_architectures_defaults() -> None:
    cfg = TrainConfig.for_arch("tutorial")
    assert (cfg.epochs, cfg.batch_size, cfg.learning_rate, cfg.augment, cfg.lr_schedule) == (3, 32, 1e-3, False, "constant")
    cfg = TrainConfig.for_arch("tutorial", epochs=None, batch_size=8, augment=True)
    assert (cfg.epochs, cfg.batch_size, cfg.augment) == (3, 8, True)
    assert TrainConfig.for_arch("default").to_dict()["lr_schedule"] == "cosine"
    with pytest.raises(ValueError, match="tutorial"):
        TrainConfig.for_arch("bogus")


def test_train_rejects_bad_input_before_building() -> None:
    x, y = digits(10)
    with pytest.raises(ValueError, match="epochs"):
        training.train(small(epochs=0), x, y)
    with pytest.raises(ValueError, match="labels"):
        training.train(small(), x, y[:5])
    with pytest.raises(ValueError, match="at least one image"):
        training.train(small(), x[:0], y[:0])


# --------------------------------------------------------------------------- helpers


def test_to_input() -> None:
    u8 = np.full((3, 28, 28), 255, np.uint8)
    out = training.to_input(u8)
    assert out.shape == (3, 28, 28, 1) and out.dtype == np.float32 and out.max() == 1.0
    assert training.to_input(np.zeros((28, 28), np.uint8)).shape == (1, 28, 28, 1)
    f = np.full((2, 28, 28, 1), 0.5, np.float64)
    out = training.to_input(f)
    assert out.dtype == np.float32 and out.shape == (2, 28, 28, 1) and float(out.max()) == 0.5


def test_progress_fraction() -> None:
    assert Progress("batch", 1, 2, 5, 10).fraction == pytest.approx(0.25)
    assert Progress("batch", 2, 2, 10, 10).fraction == 1.0
    assert 0.0 <= Progress("end", 1, 1, 0, 0).fraction <= 1.0  # no division by zero


def test_cosine_schedule_warms_up_then_decays() -> None:
    cfg = TrainConfig(arch="small", epochs=10, learning_rate=1e-2, lr_schedule="cosine")
    opt = training.make_optimizer(cfg, steps_per_epoch=100)
    sched = opt.learning_rate if callable(getattr(opt, "learning_rate", None)) else opt._learning_rate
    lr = lambda step: float(sched(step))  # noqa: E731
    assert lr(0) == pytest.approx(1e-3)  # a tenth of the peak
    assert lr(100) == pytest.approx(1e-2, rel=1e-3)  # peak after one epoch of warm-up
    assert lr(550) < lr(100)
    assert lr(1000) == pytest.approx(1e-4, rel=1e-2)  # alpha = 1% of the peak at the end
    const = training.make_optimizer(TrainConfig(arch="small", learning_rate=3e-3, lr_schedule="constant"), 10)
    assert float(np.asarray(const.learning_rate)) == pytest.approx(3e-3)


def test_default_network_predicts_well_in_inference_mode_after_a_short_run():
    """Batch-norm moving statistics must keep up: a short run must not predict one class only."""
    from tests.synthetic import digits

    x, y = digits(1200, seed=3)
    cfg = training.TrainConfig.for_arch("default", epochs=4, augment=False, batch_size=64)  # 76 steps
    result = training.train(cfg, x, y)
    probs = np.asarray(result.model(training.to_input(x[:400]), training=False))
    inference_acc = float((probs.argmax(1) == y[:400]).mean())
    assert len(np.unique(probs.argmax(1))) == 10
    assert inference_acc >= 0.9, inference_acc
