"""Training in a child process: the GUI process never imports TensorFlow's training machinery.

A child process (``multiprocessing`` spawn: works the same from source, in tests and in the
PyInstaller bundle, where ``multiprocessing.freeze_support`` in the launcher runs it) imports
Keras once, then serves training jobs one after another. The parent talks to it through two
one-way pipes, in plain data only:

parent -> child (commands): ``{"cmd": "train", "job": {...}}``, ``{"cmd": "stop"}`` (finish the
current batch, keep the weights, still evaluate), ``{"cmd": "abort"}`` (stop and skip the
evaluation), ``{"cmd": "quit"}``.

child -> parent (events): ``ready``, ``progress`` (a :class:`~mnist_gui.core.training.Progress` as a
dict), ``log``, ``eval`` (test-set progress), ``checkpoint`` (the weights after each finished
epoch, written atomically), ``done`` (summary, model file, card) and ``error``.

The weights come back as a ``.keras`` file in the job's folder, written atomically by
:func:`mnist_gui.core.store.save_model`. :class:`TrainingProcess.run` supervises one job: it
relays events, passes Stop on, and kills the child when it says nothing for ``stop_timeout``
seconds after Stop while it still trains (keeping the last epoch's checkpoint); once training has
ended it evaluates and saves, reporting as it goes, and is given HANDOVER_SILENCE_S. A child that crashes or is
killed by the system (out of memory) ends the job with a clear message; the parent goes on.

This module knows no Qt; the Train tab drives it from a QThread (``gui/train``).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from mnist_gui.core.jobdata import (  # noqa: F401 - the job data is part of this module's interface
    DATA_ARRAYS, _remove_shared_data, new_job_folder, read_job_data, remove_job_folder, shared_data, write_job_data)
from mnist_gui.core.training import RunSummary

logger = logging.getLogger(__name__)

STOP_TIMEOUT_S = 3.0  # after Stop: silence that long before training has ended = not answering
HANDOVER_SILENCE_S = 60.0  # after training: silence that long while evaluating / saving = hung


class TrainingProcessError(Exception):
    """The training process failed, crashed or could not be started; one line for the user."""


@dataclass
class JobResult:
    """The outcome of one supervised job."""

    summary: RunSummary
    model_path: str | None  # the trained weights (None: nothing usable)
    card: dict[str, Any]
    test_accuracy: float | None
    evaluated: bool
    killed: bool = False  # the process did not answer Stop in time and was killed
    message: str = ""
    resident_mb: float | None = None  # the process's resident memory after the job


# ============================================================================ child side


class _Forward(logging.Handler):
    def __init__(self, send: Callable[[dict], None]) -> None:
        super().__init__(logging.INFO)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._send({"kind": "log", "level": record.levelno, "text": record.getMessage()})
        except Exception:  # noqa: BLE001 - a log line is never worth a crash
            pass


def serve(cmd_conn: Any, evt_conn: Any) -> None:
    """Child entry point: import Keras, say ready, then run jobs until told to quit."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    send_lock = threading.Lock()

    def send(msg: dict) -> None:
        with send_lock:
            evt_conn.send(msg)

    handler = _Forward(send)
    logging.getLogger("mnist_gui").addHandler(handler)
    logging.getLogger("mnist_gui").setLevel(logging.INFO)
    try:
        from mnist_gui.core.backend import import_keras

        import_keras()
    except Exception as e:  # noqa: BLE001
        send({"kind": "error", "message": f"cannot load TensorFlow/Keras: {e}", "traceback": traceback.format_exc()})
        return
    _warm_up()
    send({"kind": "ready", "pid": os.getpid()})
    while True:
        try:
            msg = cmd_conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        cmd = msg.get("cmd") if isinstance(msg, dict) else None
        if cmd == "quit":
            return
        if cmd != "train":
            continue
        stop, abort = threading.Event(), threading.Event()
        finished = threading.Event()

        def listen() -> None:
            while not finished.is_set():
                try:
                    if not cmd_conn.poll(0.05):
                        continue
                    m = cmd_conn.recv()
                except (EOFError, OSError):
                    abort.set()
                    stop.set()
                    return
                if isinstance(m, dict) and m.get("cmd") in ("stop", "abort", "quit"):
                    stop.set()
                    if m["cmd"] != "stop":
                        abort.set()

        listener = threading.Thread(target=listen, name="train-commands", daemon=True)
        listener.start()
        try:
            final = _run_job(msg["job"], send, stop, abort)
        except Exception as e:  # noqa: BLE001 - reported to the parent, never lost
            text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            final = {"kind": "error", "message": text, "traceback": traceback.format_exc()}
        finished.set()
        listener.join()  # before the last word: the parent's next command must reach the main loop
        try:
            import keras

            keras.backend.clear_session()
        except Exception:  # noqa: BLE001
            pass
        if final.get("kind") == "done":
            final["resident_mb"] = _resident_mb()
        send(final)


def _resident_mb() -> float | None:
    """This process's resident memory in MB (Linux; None elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _warm_up() -> None:
    """Train a tiny network for a few batches, silently, before saying ready: TensorFlow sets
    up its thread pools, kernels and function tracing the first time it trains, which otherwise
    adds ~0.5 s to the first run's Start (the process is started ahead of time, so nobody waits
    for this)."""
    from mnist_gui.core import training

    log = logging.getLogger("mnist_gui")
    level = log.level
    log.setLevel(logging.ERROR)  # nothing of this reaches the Train tab's log
    try:
        rng = np.random.default_rng(0)
        x = rng.integers(0, 256, size=(64, 28, 28), dtype=np.uint8)
        y = (np.arange(64) % 10).astype(np.uint8)
        cfg = training.TrainConfig.for_arch("small", epochs=1, batch_size=32, validation_split=0.0, seed=0)
        training.train(cfg, x, y)
    except Exception:  # noqa: BLE001 - only a head start; a real run reports real problems
        pass
    finally:
        log.setLevel(level)
        try:
            import keras

            keras.backend.clear_session()
        except Exception:  # noqa: BLE001
            pass


def _run_job(job: dict, send: Callable[[dict], None], stop: threading.Event, abort: threading.Event) -> dict:
    """Train, evaluate and save; returns the final "done" message (sent by the caller)."""
    from mnist_gui.core import evaluation, store, training

    cfg = training.TrainConfig(**job["config"])
    out = Path(job["out_dir"])
    x, y, x_test, y_test = read_job_data(job["data_path"])
    n = job.get("train_digits")
    if n is not None:  # the first n digits of a shared data set
        x, y = x[:int(n)], y[:int(n)]
    checkpoint = out / "last-epoch.keras"

    def on_epoch_model(model: Any, epoch: int) -> None:
        try:
            store.save_model(model, checkpoint, verify=False)
            send({"kind": "checkpoint", "epoch": epoch, "path": str(checkpoint)})
        except store.ModelFileError as e:
            logger.warning("could not keep the weights of epoch %d: %s", epoch, e)
        if job.get("test_each_epoch") and len(y_test):
            # for benchmarks/time_to_accuracy.py: the test accuracy after every epoch, and how
            # long measuring it took (the benchmark takes that time out again)
            t0 = time.perf_counter()
            acc = evaluation.evaluate(model, x_test, y_test).accuracy
            send({"kind": "epoch_test", "epoch": epoch, "accuracy": acc, "eval_s": time.perf_counter() - t0})

    result = training.train(cfg, x, y, on_progress=lambda p: send({"kind": "progress", "p": asdict(p)}),
                            cancel=stop, progress_interval=float(job.get("progress_interval", 0.1)),
                            on_epoch_model=on_epoch_model)
    # Training has ended (finished or stopped): from here on the process evaluates and hands the
    # model over, reporting as it goes; the parent no longer counts this as "not stopping".
    send({"kind": "handover", "what": "evaluating" if not abort.is_set() and len(y_test) else "saving"})
    test_acc: float | None = None
    evaluated = False
    if not abort.is_set() and len(y_test):
        try:
            ev = evaluation.evaluate(result.model, x_test, y_test, cancel=abort,
                                     progress=lambda done, total: send({"kind": "eval", "done": done, "total": total}))
            test_acc, evaluated = ev.accuracy, True
        except InterruptedError:
            pass
    card = store.card_from_run(
        result, dataset_sha256=job.get("dataset_sha256"), test_accuracy=test_acc,
        hyperparameters={**cfg.to_dict(), "training_digits": int(len(y))},
        extra={"trained_with": "mnist-gui Train tab (training process)", "test_digits": int(len(y_test)),
               "batches_completed": int(result.batches_completed)},
    )
    model_path = out / "model.keras"
    send({"kind": "handover", "what": "saving"})
    store.save_model(result.model, model_path, card)
    summary = result.summary()
    return {"kind": "done", "summary": asdict(summary), "model_path": str(model_path),
            "card": store.read_card(model_path), "test_accuracy": test_acc, "evaluated": evaluated}


# =========================================================================== parent side


def _context() -> Any:
    return multiprocessing.get_context("spawn")


class TrainingProcess:
    """One child process that serves training jobs (see the module docstring)."""

    def __init__(self) -> None:
        ctx = _context()
        self._cmd_recv, self._cmd_send = ctx.Pipe(duplex=False)
        self._evt_recv, self._evt_send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=serve, args=(self._cmd_recv, self._evt_send), name="mnist-gui-training",
                                   daemon=True)
        self.ready = False
        self.busy = False
        self.baseline_mb: float | None = None  # resident memory after its first job
        self._lock = threading.Lock()
        self.started_at = time.monotonic()
        self.process.start()
        # the parent keeps only its own ends
        self._cmd_recv.close()
        self._evt_send.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.is_alive()

    def wait_ready(self, timeout: float = 120.0, cancel: threading.Event | None = None) -> None:
        """Block until the child has imported Keras.

        Raises:
            TrainingProcessError: it died or did not get ready in time.
        """
        deadline = time.monotonic() + timeout
        while not self.ready:
            if cancel is not None and cancel.is_set():
                raise TrainingProcessError("cancelled while the training process was starting")
            if self._evt_recv.poll(0.05):
                try:
                    msg = self._evt_recv.recv()
                except (EOFError, OSError):
                    raise TrainingProcessError(self._death_message()) from None
                if msg.get("kind") == "ready":
                    self.ready = True
                elif msg.get("kind") == "error":
                    raise TrainingProcessError(msg.get("message", "the training process failed to start"))
            elif not self.alive():
                raise TrainingProcessError(self._death_message())
            elif time.monotonic() > deadline:
                self.kill()
                raise TrainingProcessError(f"the training process did not start within {timeout:.0f} s")

    def _death_message(self) -> str:
        self.process.join(1.0)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = " - probably out of memory" if -code == signal.SIGKILL else ""
            return f"the training process was killed ({name}{hint})"
        return f"the training process ended unexpectedly (exit status {code})"

    def send(self, msg: dict) -> None:
        try:
            self._cmd_send.send(msg)
        except (OSError, ValueError):
            pass  # it is gone; the event loop notices

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5.0)
        self.close_pipes()

    def close_pipes(self) -> None:
        for c in (self._cmd_send, self._evt_recv):
            try:
                c.close()
            except OSError:
                pass

    def quit(self, timeout: float = 3.0) -> None:
        """Ask it to end; kill it if it does not within ``timeout`` (nothing is left running)."""
        if self.process.is_alive():
            self.send({"cmd": "quit"})
            self.process.join(timeout)
        self.kill()

    def run(self, job: dict, on_event: Callable[[dict], None], stop: threading.Event, abort: threading.Event,
            stop_timeout: float = STOP_TIMEOUT_S) -> JobResult:
        """Run one job; returns when it is done, failed, or the process was killed.

        ``stop`` (set by the caller: the Stop button) is passed on; if the child then says nothing
        for ``stop_timeout`` s while it still trains (or for HANDOVER_SILENCE_S once it evaluates
        and saves the model, reporting as it goes), it is killed and the last epoch's weights are
        kept. ``abort``
        also skips the evaluation (the window is closing).

        Raises:
            TrainingProcessError: the job failed, or the process crashed or was killed by the system.
        """
        with self._lock:
            self.busy = True
        self.wait_ready(cancel=abort)
        self.send({"cmd": "train", "job": job})
        stop_sent: float | None = None
        abort_sent = False
        checkpoint: str | None = None
        last_epoch: dict | None = None
        last_batch: dict | None = None
        batches_seen = 0
        heard = time.monotonic()  # the last message from the process
        handover = False  # training has ended; it evaluates and saves now
        try:
            while True:
                if stop.is_set() and stop_sent is None:
                    self.send({"cmd": "stop"})
                    stop_sent = time.monotonic()
                if abort.is_set() and not abort_sent:
                    self.send({"cmd": "abort"})
                    abort_sent = True
                    stop_sent = stop_sent or time.monotonic()
                silent = time.monotonic() - max(heard, stop_sent or 0.0)
                if stop_sent is not None and silent > (HANDOVER_SILENCE_S if handover else stop_timeout):
                    limit = HANDOVER_SILENCE_S if handover else stop_timeout
                    what = "while evaluating and saving the model" if handover else "after Stop"
                    logger.warning("the training process did not answer for %.0f s %s; killed it", limit, what)
                    self.kill()
                    return JobResult(_summary_so_far(last_epoch, last_batch, batches_seen), checkpoint, {}, None,
                                     False, killed=True,
                                     message=f"the training process did not answer for {limit:.0f} s {what} "
                                             "and was ended" + ("; the last finished epoch is kept" if checkpoint
                                                                else ""))
                try:
                    has = self._evt_recv.poll(0.05)
                    msg = self._evt_recv.recv() if has else None
                except (EOFError, OSError):
                    msg, has = None, False
                    if not self.alive() or self._evt_recv.closed:
                        raise TrainingProcessError(self._death_message()) from None
                if msg is None:
                    if not self.alive():
                        raise TrainingProcessError(self._death_message())
                    continue
                heard = time.monotonic()
                kind = msg.get("kind")
                if kind == "handover":
                    handover = True
                elif kind == "progress":
                    p = msg["p"]
                    if p.get("kind") == "epoch":
                        last_epoch = p
                    if p.get("kind") == "batch":
                        last_batch = p
                        batches_seen = (p["epoch"] - 1) * p["batches"] + p["batch"]
                elif kind == "checkpoint":
                    checkpoint = msg["path"]
                elif kind == "done":
                    return JobResult(RunSummary(**msg["summary"]), msg["model_path"], msg.get("card") or {},
                                     msg.get("test_accuracy"), bool(msg.get("evaluated")),
                                     resident_mb=msg.get("resident_mb"))
                elif kind == "error":
                    logger.error("training process: %s\n%s", msg.get("message"), msg.get("traceback", ""))
                    raise TrainingProcessError(msg.get("message") or "training failed")
                on_event(msg)
        finally:
            with self._lock:
                self.busy = False


def _summary_so_far(last_epoch: dict | None, last_batch: dict | None, batches_seen: int) -> RunSummary:
    """What a run did before its process was ended: its real duration and speed, from the last
    progress it reported (not zero)."""
    last = max((p for p in (last_epoch, last_batch) if p), key=lambda p: p.get("elapsed_s") or 0.0, default=None)
    elapsed = float(last.get("elapsed_s") or 0.0) if last else 0.0
    rate = float(last.get("samples_per_sec") or 0.0) if last else 0.0
    return RunSummary(cancelled=True, epochs_completed=int(last_epoch["epoch"]) if last_epoch else 0,
                      batches_completed=batches_seen, train_time_s=elapsed, samples_per_sec=rate,
                      samples_trained=int(round(elapsed * rate)))


# ------------------------------------------------------------------ one pre-started process

_spare: TrainingProcess | None = None
_spare_lock = threading.Lock()


def prestart() -> TrainingProcess:
    """Start the training process in the background now (it imports Keras while the person is
    still choosing settings), so that Start answers at once. Idempotent."""
    global _spare
    with _spare_lock:
        if _spare is None or not _spare.alive():
            _spare = TrainingProcess()
        return _spare


def take() -> TrainingProcess:
    """The pre-started process (started now if there is none)."""
    return prestart()


def forget(proc: TrainingProcess) -> None:
    """After a kill or crash: the next take() starts a fresh process."""
    global _spare
    with _spare_lock:
        if _spare is proc:
            _spare = None


RECYCLE_GROWTH_MB = 400.0
"""A training process that has grown by more than this since its first run is replaced."""


def recycle_if_grown(proc: TrainingProcess, resident_mb: float | None) -> bool:
    """After a job: replace the process if it has grown too much.

    TensorFlow keeps some memory for every model a process builds (9-18 MB a run here, measured
    over six runs of the tutorial network), so a process serving run after run grows. Once it
    has grown by more than ``RECYCLE_GROWTH_MB`` since its first run, it is ended and a fresh one
    started in the background, ready for the next Start.

    Returns:
        True if the process is being replaced.
    """
    if resident_mb is None:
        return False
    if proc.baseline_mb is None:
        proc.baseline_mb = resident_mb
        return False
    if resident_mb - proc.baseline_mb <= RECYCLE_GROWTH_MB:
        return False
    logger.info("the training process has grown from %.0f to %.0f MB; starting a fresh one",
                proc.baseline_mb, resident_mb)
    forget(proc)

    def replace() -> None:
        proc.quit()
        try:
            prestart()
        except Exception as e:  # noqa: BLE001 - the next Start tries again and reports it
            logger.warning("could not start a fresh training process: %s", e)

    threading.Thread(target=replace, name="recycle-training-process", daemon=True).start()
    return True


def shutdown(timeout: float = 3.0) -> None:
    """End the training process (at application exit); nothing is left running."""
    global _spare
    with _spare_lock:
        proc, _spare = _spare, None
    if proc is not None:
        proc.quit(timeout)
    _remove_shared_data()


def current_pid() -> int | None:
    with _spare_lock:
        return _spare.pid if _spare is not None and _spare.alive() else None
