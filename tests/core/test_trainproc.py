"""The training process: a tiny run end to end, Stop, an unresponsive or killed child, bad data."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core import store, trainproc
from mnist_gui.core.training import TrainConfig

pytestmark = pytest.mark.timeout(300)


def _bars(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 10).astype(np.uint8)
    x = rng.integers(0, 40, size=(n, 28, 28)).astype(np.uint8)
    for i, c in enumerate(y):
        x[i, 2 + int(2.4 * c):5 + int(2.4 * c), 4:24] = 230
    return x, y


@pytest.fixture
def proc():
    p = trainproc.TrainingProcess()
    p.wait_ready()
    yield p
    p.quit()
    assert not p.alive()


def _job(folder: Path, epochs: int, n: int = 200) -> dict:
    x, y = _bars(n)
    xt, yt = _bars(50, seed=1)
    data = trainproc.write_job_data(folder, x, y, xt, yt)
    cfg = TrainConfig.for_arch("small", epochs=epochs, batch_size=16, seed=2)
    return {"config": cfg.to_dict(), "data_path": str(data), "out_dir": str(folder), "progress_interval": 0.05}


def test_a_tiny_run_end_to_end(proc, tmp_path: Path) -> None:
    events: list[dict] = []
    r = proc.run(_job(tmp_path, epochs=2), events.append, threading.Event(), threading.Event())
    kinds = {e["kind"] for e in events}
    assert {"progress", "eval", "log"} <= kinds
    assert [e["p"]["epoch"] for e in events if e["kind"] == "progress" and e["p"]["kind"] == "epoch"] == [1, 2]
    assert r.summary.epochs_completed == 2 and not r.summary.cancelled and r.evaluated
    assert r.test_accuracy is not None and r.test_accuracy > 0.3
    model = store.load_model(r.model_path)
    assert model.predict_on_batch(np.zeros((2, 28, 28, 1), np.float32)).shape == (2, 10)
    assert store.read_card(r.model_path)["test_accuracy"] == pytest.approx(r.test_accuracy, abs=1e-6)
    # the same process serves the next job (no second TensorFlow start)
    pid = proc.pid
    r2 = proc.run(_job(tmp_path / "again" if (tmp_path / "again").mkdir() is None else tmp_path, epochs=1),
                  lambda e: None, threading.Event(), threading.Event())
    assert proc.pid == pid and r2.summary.epochs_completed == 1


def test_stop_answers_within_a_second_and_keeps_the_weights(proc, tmp_path: Path) -> None:
    stop = threading.Event()
    batches = threading.Event()

    def on_event(e: dict) -> None:
        if e["kind"] == "progress" and e["p"]["kind"] == "batch":
            batches.set()

    result: dict = {}
    t = threading.Thread(target=lambda: result.update(r=proc.run(_job(tmp_path, epochs=500), on_event, stop,
                                                                 threading.Event())))
    t.start()
    assert batches.wait(120)
    stop.set()
    t.join(120)
    assert not t.is_alive()
    r = result["r"]
    # it answered Stop itself (not ended by the supervisor) well before 500 epochs; how fast is
    # measured by benchmarks/ui_responsiveness.py
    assert r.summary.cancelled and not r.killed and r.summary.epochs_completed < 500
    assert r.model_path and Path(r.model_path).exists() and r.evaluated


def test_an_unresponsive_process_is_ended_after_three_seconds(proc, tmp_path: Path) -> None:
    stop = threading.Event()
    epochs_done = threading.Event()

    def on_event(e: dict) -> None:
        if e["kind"] == "checkpoint":
            epochs_done.set()

    result: dict = {}
    t = threading.Thread(target=lambda: result.update(r=proc.run(_job(tmp_path, epochs=500), on_event, stop,
                                                                 threading.Event())))
    t.start()
    assert epochs_done.wait(120)  # at least one epoch finished and was kept
    os.kill(proc.pid, signal.SIGSTOP)  # frozen: it cannot answer Stop
    t0 = time.perf_counter()
    stop.set()
    t.join(30)
    took = time.perf_counter() - t0
    r = result["r"]
    assert r.killed and took > 2.5  # it was given its grace period before being ended
    assert "did not answer" in r.message and "last finished epoch is kept" in r.message
    assert r.model_path and store.load_model(r.model_path) is not None
    assert not proc.alive()
    # issue 20 #2: the run's real duration and speed, not "0:00 (0 digits/s)"
    assert r.summary.train_time_s > 0 and r.summary.samples_per_sec > 0 and r.summary.samples_trained > 0


def test_stop_while_the_model_is_evaluated_is_not_taken_for_a_hang(proc, tmp_path: Path) -> None:
    """Issue 20 #2: Stop near the end of a run on a busy machine. The process answered, then
    spent more than 3 s evaluating and handing the model over: it was killed, the evaluation died
    and the run read "not evaluated". Once training has ended, the process is given time."""
    stop = threading.Event()
    handover = threading.Event()

    def on_event(e: dict) -> None:
        if e["kind"] == "progress" and e["p"]["kind"] == "batch":
            stop.set()
        if e["kind"] == "handover" and not handover.is_set():
            handover.set()
            os.kill(proc.pid, signal.SIGSTOP)  # the machine is busy: no answer for a while

    result: dict = {}
    t = threading.Thread(target=lambda: result.update(r=proc.run(_job(tmp_path, epochs=500), on_event, stop,
                                                                 threading.Event())))
    t.start()
    assert handover.wait(120)
    threading.Event().wait(trainproc.STOP_TIMEOUT_S + 2)  # the stall itself: longer than the stop deadline
    os.kill(proc.pid, signal.SIGCONT)
    t.join(120)
    r = result["r"]
    assert not r.killed and r.evaluated and r.test_accuracy is not None
    assert r.summary.cancelled and r.summary.train_time_s > 0


def test_a_killed_process_gives_a_message_and_leaves_nothing_behind(proc, tmp_path: Path) -> None:
    started = threading.Event()

    def on_event(e: dict) -> None:
        if e["kind"] == "progress":
            started.set()

    errors: list[BaseException] = []

    def run() -> None:
        try:
            proc.run(_job(tmp_path, epochs=500), on_event, threading.Event(), threading.Event())
        except trainproc.TrainingProcessError as e:
            errors.append(e)

    t = threading.Thread(target=run)
    threads_before = threading.active_count()
    t.start()
    assert started.wait(120)
    os.kill(proc.pid, signal.SIGKILL)  # what the system's out-of-memory killer does
    t.join(30)
    assert not t.is_alive()
    assert len(errors) == 1 and "killed (SIGKILL - probably out of memory)" in str(errors[0])
    proc.kill()
    assert not proc.alive()
    time.sleep(0.2)
    assert threading.active_count() <= threads_before


def test_missing_data_in_the_child_is_a_clear_error(proc, tmp_path: Path) -> None:
    job = _job(tmp_path, epochs=1)
    (Path(job["data_path"]) / "x.npy").unlink()
    with pytest.raises(trainproc.TrainingProcessError, match="x.npy"):
        proc.run(job, lambda e: None, threading.Event(), threading.Event())
    # the process survives a failed job and serves the next one
    r = proc.run(_job(tmp_path, epochs=1), lambda e: None, threading.Event(), threading.Event())
    assert r.summary.epochs_completed == 1


def test_job_data_round_trips_and_is_mapped_read_only(tmp_path: Path) -> None:
    x, y = _bars(3000)  # several 1 MB chunks
    path = trainproc.write_job_data(tmp_path, x, y, x[:0], y[:0])
    rx, ry, rxt, ryt = trainproc.read_job_data(path)
    assert np.array_equal(rx, x) and np.array_equal(ry, y) and rx.dtype == np.uint8
    assert rxt.shape == (0, 28, 28) and ryt.shape == (0,)
    assert not rx.flags.writeable


def test_the_data_set_is_written_once_per_session_and_runs_use_its_first_digits(proc, tmp_path: Path) -> None:
    from types import SimpleNamespace

    x, y = _bars(300)
    xt, yt = _bars(50, seed=1)
    data = SimpleNamespace(x_train=x, y_train=y, x_test=xt, y_test=yt)
    try:
        path = trainproc.shared_data(data)
        mtime = (path / "x.npy").stat().st_mtime_ns
        assert trainproc.shared_data(data) == path and (path / "x.npy").stat().st_mtime_ns == mtime  # reused

        cfg = TrainConfig.for_arch("small", epochs=1, batch_size=16, seed=2)
        job = {"config": cfg.to_dict(), "data_path": str(path), "train_digits": 120, "out_dir": str(tmp_path)}
        r = proc.run(job, lambda e: None, threading.Event(), threading.Event())
        assert r.summary.samples_trained == 120
        assert store.read_card(r.model_path)["hyperparameters"]["training_digits"] == 120

        other = SimpleNamespace(x_train=x[:100], y_train=y[:100], x_test=xt, y_test=yt)
        new_path = trainproc.shared_data(other)  # another data set replaces the first
        assert new_path != path and not path.exists()
        assert trainproc.read_job_data(new_path)[0].shape == (100, 28, 28)
    finally:
        trainproc._remove_shared_data()
    assert not new_path.exists()


def test_a_process_that_has_grown_too_much_is_replaced_by_a_fresh_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(trainproc, "RECYCLE_GROWTH_MB", -1.0)  # any growth at all
    trainproc.shutdown()
    first = trainproc.take()
    try:
        r = first.run(_job(tmp_path / "a", epochs=1), lambda e: None, threading.Event(), threading.Event())
        assert r.resident_mb is not None and r.resident_mb > 100  # TensorFlow is in there
        assert not trainproc.recycle_if_grown(first, r.resident_mb)  # the first run sets the baseline
        r = first.run(_job(tmp_path / "b", epochs=1), lambda e: None, threading.Event(), threading.Event())
        assert trainproc.recycle_if_grown(first, r.resident_mb)
        deadline = time.monotonic() + 60
        while (first.alive() or trainproc.current_pid() in (None, first.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not first.alive()  # the grown one has ended ...
        fresh = trainproc.take()  # ... and a fresh one serves the next run
        assert fresh is not first and fresh.alive()
        r = fresh.run(_job(tmp_path / "c", epochs=1), lambda e: None, threading.Event(), threading.Event())
        assert r.summary.epochs_completed == 1
    finally:
        trainproc.shutdown()
