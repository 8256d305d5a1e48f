"""Running one training at a time: the supervising thread, its outcome, and the run records.

Threads: one run at a time, in a :class:`~mnist_gui.session.tasks.Task` (a QObject worker in its
own QThread) that supervises the training process (:mod:`mnist_gui.core.trainproc`): TensorFlow
trains there, never in this process. Progress arrives as ``core.training.Progress`` objects
(plain numbers only) through a queued signal, at most about five per second; Stop is passed on to
the process, which ends the current batch (and is ended itself if it says nothing for 3 s while
it still trains).
The GUI thread alone touches widgets; the trained model comes back as a file.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from mnist_gui.core.training import Progress, TrainConfig
from mnist_gui.core.curves import RunCurves
from mnist_gui.session.tasks import Task, TaskState

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 0.2  # batch reports from the training process: at most ~5 per second


@dataclass
class RunOutcome:
    """What the supervising thread hands back once the run has ended."""

    result: Any  # core.trainproc.RunSummary: epochs, batches, cancelled, time, speed, history
    test_accuracy: float | None
    card: dict[str, Any]
    evaluated: bool
    model_path: str | None = None  # the trained weights, written by the training process
    folder: str | None = None  # the run's working folder (removed when the tab shuts down)
    message: str = ""  # e.g. the process had to be ended after Stop


def make_train_job(config: TrainConfig, dataset: Any, n: int, *, abort: threading.Event,
                   progress_interval: float = PROGRESS_INTERVAL_S,
                   test_each_epoch: bool = False) -> Callable[[TaskState], RunOutcome]:
    """The function a training Task runs in its QThread: it supervises the training process.

    The digits go to the process as files (written once per data set: ``trainproc.shared_data``);
    the process trains (TensorFlow never runs in this process's threads, so the window never
    waits for it), evaluates on the test set and writes the model file and its card. Progress,
    log lines and results come back as plain data.

    Args:
        config: the run's settings.
        dataset: the ``MnistData``: its test set measures the final accuracy; its checksum goes
            into the model card.
        n: train on the first ``n`` training digits.
        abort: set when the window closes: stops and skips the evaluation. The TaskState's own
            ``cancel_event`` (the Stop button) stops training but keeps the weights and still
            evaluates them. A process that says nothing for 3 s after Stop while it still trains is
            ended (60 s once it evaluates and saves: it reports progress meanwhile).
        progress_interval: minimum seconds between batch reports.
        test_each_epoch: also measure the test accuracy after every epoch (reported as a
            partial ``{"kind": "epoch_test", ...}`` dictionary; used by benchmarks).
    """

    def job(ts: TaskState) -> RunOutcome:
        from mnist_gui.core import trainproc

        try:
            data_path = trainproc.shared_data(dataset)
        except OSError as e:
            raise trainproc.TrainingProcessError(f"cannot prepare the digits for the training process: "
                                                 f"{e.strerror or e}") from None
        folder = trainproc.new_job_folder()
        spec = {"config": config.to_dict(), "data_path": str(data_path), "train_digits": int(n), "out_dir": str(folder),
                "progress_interval": progress_interval, "test_each_epoch": test_each_epoch,
                "dataset_sha256": dataset.checksum() if dataset is not None else None}
        forwarded = logging.getLogger("mnist_gui.training")

        def on_event(msg: dict) -> None:
            kind = msg.get("kind")
            if kind == "progress":
                ts.partial(Progress(**msg["p"]))
            elif kind == "eval":
                ts.progress(int(msg["done"]), int(msg["total"]), "evaluating")
            elif kind == "log":
                forwarded.log(int(msg.get("level", logging.INFO)), "%s", msg.get("text", ""))
            elif kind == "epoch_test":
                ts.partial(dict(msg))

        proc = trainproc.take()
        try:
            r = proc.run(spec, on_event, stop=ts.cancel_event, abort=abort)
        except trainproc.TrainingProcessError:
            trainproc.forget(proc)
            proc.kill()
            raise
        if r.killed:
            trainproc.forget(proc)
        else:
            trainproc.recycle_if_grown(proc, r.resident_mb)
        return RunOutcome(r.summary, r.test_accuracy, r.card, r.evaluated, r.model_path, str(folder), r.message)

    return job


@dataclass
class RunRecord:
    """One training run of this session."""

    number: int
    config: TrainConfig
    digits: int
    curves: RunCurves
    status: str = "starting"  # starting, running, finished, stopped, failed
    started: float = field(default_factory=time.time)
    outcome: RunOutcome | None = None
    error: str | None = None
    epoch_elapsed: list[float] = field(default_factory=list)  # Progress.elapsed_s at each epoch end
    last_epoch: Progress | None = None
    saved_to: str | None = None  # where the user saved its model (None: only in the run folder)

    @property
    def model(self) -> str | None:
        """The trained model's file (None while running or after a failure)."""
        if self.outcome is None or not self.outcome.model_path or not Path(self.outcome.model_path).exists():
            return None
        return self.outcome.model_path

    @property
    def test_accuracy(self) -> float | None:
        return self.outcome.test_accuracy if self.outcome is not None else None

    @property
    def label(self) -> str:
        return f"run {self.number}"

    def epochs_done_text(self) -> str:
        if self.outcome is None:
            return ""
        r = self.outcome.result
        if r.cancelled and self.curves.batches_per_epoch:
            return f"{r.batches_completed / self.curves.batches_per_epoch:.1f}"
        return str(r.epochs_completed)


class RunController(QObject):
    """Starts a run's supervising Task, passes Stop on, and shuts it down; re-emits the Task's
    signals for the tab. One run at a time.

    Signals:
        progress(object): a ``Progress`` (batch, epoch, end), or a per-epoch test dictionary.
        evalProgress(int, int): the test-set evaluation after training (done, total).
        finished(object): the run's RunOutcome (the run ended, also after Stop).
        failed(str, str): the run failed (one-line message, details).
        done(): the supervising thread has ended (after finished or failed).
    """

    progress = Signal(object)
    evalProgress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str, str)
    done = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self._previous: Task | None = None
        self.abort = threading.Event()
        self.stop_requested = False
        self.test_each_epoch = False  # benchmarks: the test accuracy after every epoch

    def busy(self) -> bool:
        return self.task is not None

    def running(self) -> bool:
        return self.task is not None and self.task.is_running()

    def start(self, cfg: TrainConfig, data: Any, n: int, name: str) -> None:
        self.stop_requested = False
        self.abort = threading.Event()
        job = make_train_job(cfg, data, n, abort=self.abort, test_each_epoch=self.test_each_epoch)
        task = Task(job, name=name)
        task.partial.connect(self.progress)
        task.progress.connect(lambda done, total, _text: self.evalProgress.emit(done, total))
        task.finished.connect(self.finished)
        task.failed.connect(self.failed)
        task.done.connect(self._on_done)
        self.task = task
        task.start()

    def request_stop(self) -> bool:
        """Stop after the current batch; False if there is nothing to stop."""
        if self.task is None or self.stop_requested:
            return False
        self.stop_requested = True
        self.task.cancel()
        return True

    def shutdown(self, timeout_ms: int) -> bool:
        """Stop, skip the evaluation, wait for the thread (never terminate it). True if none is left."""
        task = self.task
        if task is None:
            return True
        self.abort.set()
        task.cancel()
        if not task.wait(timeout_ms):
            logger.warning("training thread did not stop within %d ms", timeout_ms)
            return False
        for sig in (task.partial, task.progress, task.finished, task.failed, task.done):
            try:
                sig.disconnect()
            except (RuntimeError, TypeError):
                pass
        self.task = None
        return True

    @Slot()
    def _on_done(self) -> None:
        # keep the Task alive until the next run: this slot runs inside its signal emission
        self._previous, self.task = self.task, None
        self.stop_requested = False
        self.done.emit()
