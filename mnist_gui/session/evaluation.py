"""The Errors tab's evaluation lifecycle: the active model on the test digits, in the background.

One evaluation at a time, latest request wins: a new start cancels the running one and only the
newest one's answers are passed on. The evaluation runs on its own copy of the network, built on
the worker and kept while that model is the active one (a fresh copy for every evaluation costs
tens of MB each time).
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QObject, Signal

from mnist_gui.core.evaluation import Evaluation
from mnist_gui.session.tasks import Task, TaskState

logger = logging.getLogger(__name__)

EVALUATION_START_DELAY_S = 0.15
"""The background evaluation waits this long before it starts (see ``TestSetEvaluation.start``)."""


def evaluate_test_set(model: Any, x: np.ndarray, y: np.ndarray, state: TaskState | None = None) -> Evaluation:
    """Evaluate ``model`` (a copy owned by the calling thread) on (x, y), reporting progress to
    and obeying cancellation of ``state``."""
    from mnist_gui.core.evaluation import evaluate

    def progress(done: int, total: int) -> None:
        if state is not None:
            state.progress(done, total, "evaluating")

    return evaluate(model, x, y, progress=progress, cancel=state.cancel_event if state is not None else None)



class TestSetEvaluation(QObject):
    """Evaluates the active model of an AppState on test digits, in a background Task.

    Signals:
        progress(int, int): digits done, total (of the newest evaluation only).
        finished(object, object): the Evaluation and the images it was made on.
        failed(str): a one-line reason (the model cannot be copied, the evaluation failed).
    """

    progress = Signal(int, int)
    finished = Signal(object, object)
    failed = Signal(str)

    def __init__(self, state: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.copy: list[Any] | None = None  # [model, its evaluation copy (None until built)]
        self._task: Task | None = None
        self._old_tasks: list[Task] = []
        self._token = 0

    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()

    def forget_copy_unless(self, model: Any) -> None:
        """Let an old model's copy go once ``model`` is the active one."""
        if self.copy is not None and self.copy[0] is not model:
            self.copy = None

    def cancel(self, wait_ms: int = 0) -> None:
        """Cancel a running evaluation (nothing of it is passed on); optionally wait for its threads."""
        self._token += 1
        tasks = ([self._task] if self._task is not None else []) + self._old_tasks
        for t in tasks:
            t.cancel()
        if wait_ms:
            for t in tasks:
                t.wait(wait_ms)

    def start(self, model: Any, x: np.ndarray, y: np.ndarray) -> bool:
        """Start evaluating ``model`` on (x, y), cancelling any other evaluation.

        Returns:
            False if no copy of the model can be made (``failed`` has been emitted).
        """
        self.cancel()
        if self._task is not None:
            self._old_tasks.append(self._task)
        token = self._token
        try:
            get_copy = self._worker_copy(model)  # config and weights taken here, on the GUI thread
        except Exception as e:  # noqa: BLE001 - reported; the shared model is never lent out
            logger.warning("cannot copy the model for the background evaluation", exc_info=True)
            self.failed.emit(f"this model cannot be copied for a background evaluation ({e})")
            return False

        def work(ts: TaskState) -> Evaluation:
            # Let the window finish reacting to the new model first (its tabs update and
            # repaint: ~25 ms of work that, competing with building the copy for the interpreter
            # lock and the cores, froze it for 55-80 ms)
            if ts.cancel_event.wait(EVALUATION_START_DELAY_S):
                raise InterruptedError("cancelled")
            try:
                copy = get_copy()  # the copy is built here, on the worker
            except Exception as e:  # noqa: BLE001 - reported
                raise RuntimeError(f"this model cannot be copied for a background evaluation ({e})") from e
            return evaluate_test_set(copy, x, y, ts)

        task = Task(work, "evaluate-test-set")
        task.progress.connect(lambda done, total, _t: token == self._token and self.progress.emit(done, total))
        task.finished.connect(lambda ev: token == self._token and self._finished(model, ev, x, y))
        task.failed.connect(lambda msg, _tb: token == self._token and self.failed.emit(msg))
        task.done.connect(lambda: self._forget(task))
        self._task = task
        task.start()
        return True

    def _finished(self, model: Any, ev: Evaluation, x: np.ndarray, y: np.ndarray) -> None:
        data = getattr(self.state, "data", None)
        if data is not None and len(y) == len(data.y_test) and hasattr(self.state, "note_accuracy"):
            # the whole test set: the model's accuracy is known now, everywhere in the app
            self.state.note_accuracy(model, ev.accuracy)
        self.finished.emit(ev, x)

    def _worker_copy(self, model: Any) -> Callable[[], Any]:
        """Built once per model, on the worker, and kept while that model is the active one.
        Only one evaluation runs at a time, so the copy is never used by two threads at once,
        and the worker's write of the kept copy is read here only once no evaluation is running."""
        cached = self.copy
        busy = any(t.is_running() for t in self._old_tasks)  # a cancelled one may still be ending
        if cached is not None and cached[0] is model and cached[1] is not None and not busy:
            copy = cached[1]
            return lambda: copy
        build = self.state.worker_copy(model)
        kept: list[Any] = [model, None]
        self.copy = kept  # the old model's copy goes with it

        def get() -> Any:
            kept[1] = build()
            return kept[1]

        return get

    def _forget(self, task: Task) -> None:
        if task in self._old_tasks:
            self._old_tasks.remove(task)
        if self._task is task:
            self._task = None
