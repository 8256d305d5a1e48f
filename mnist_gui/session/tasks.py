"""QThread glue: run a plain Python function off the GUI thread and get its result by signal.

The function receives a ``TaskState`` (progress reporting and cancellation), never widgets.
Every running task is tracked, so the window can cancel and ``wait()`` for all of them on close
(a QThread destroyed while running aborts the process).
"""
from __future__ import annotations

import logging
import threading
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

logger = logging.getLogger(__name__)


class TaskState:
    """Handed to the background function: report progress, check for cancellation."""

    def __init__(self, worker: _Worker) -> None:
        self._worker = worker
        self.cancel_event = threading.Event()
        self._last_emit = 0.0
        self._last_value = -1

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def progress(self, done: int, total: int, text: str = "", min_interval: float = 0.05) -> None:
        """Report progress; emitted only when it changed and at most every ``min_interval`` s."""
        value = int(1000 * done / total) if total > 0 else 0
        now = time.monotonic()
        if value == self._last_value or (now - self._last_emit < min_interval and done < total):
            return
        self._last_value, self._last_emit = value, now
        self._worker.progress.emit(done, total, text)

    def partial(self, payload: Any) -> None:
        """Send an intermediate result to the GUI thread."""
        self._worker.partial.emit(payload)


class ExpectedFailure(Exception):
    """A failure that is the person's input, not a bug (a file that is not a model, say): the
    task logs its one-line message without a traceback. Raise it from the task's function, or
    name the exception types a task expects in ``run_task(..., expected=...)``."""


class _Worker(QObject):
    progress = Signal(int, int, str)
    partial = Signal(object)
    finished = Signal(object)
    failed = Signal(str, str)  # one-line message, traceback

    def __init__(self, fn: Callable[[TaskState], Any], expected: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__()
        self.fn = fn
        self.expected = (ExpectedFailure, *expected)
        self.state = TaskState(self)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.state)
        except Exception as e:  # noqa: BLE001 - reported to the GUI, never lost
            if self.state.cancelled or isinstance(e, InterruptedError):
                logger.info("background task %s cancelled", self.thread().objectName() if self.thread() else "")
            elif isinstance(e, self.expected):
                logger.warning("%s: %s", self.thread().objectName() if self.thread() else "task",
                               str(e).strip() or type(e).__name__)
            else:
                logger.exception("background task failed")
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            self.failed.emit(msg, traceback.format_exc())
        else:
            self.finished.emit(result)
        finally:
            # End the thread from inside as well: a GUI thread blocked in wait() (closing the
            # window, Task.stop_all) cannot run Task._on_finished, so it could never quit it.
            # The queued finished/failed signal still arrives before the thread's finished().
            thread = self.thread()
            if thread is not None:
                thread.quit()


class Task(QObject):
    """A running background function. Connect to its signals; call ``cancel()`` to stop it.

    Signals are delivered on the GUI thread (queued connections).
    """

    progress = Signal(int, int, str)
    partial = Signal(object)
    finished = Signal(object)
    failed = Signal(str, str)
    done = Signal()  # after finished or failed, when the thread has ended

    _running: set[Task] = set()

    def __init__(self, fn: Callable[[TaskState], Any], name: str = "task", parent: QObject | None = None,
                 expected: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__(parent)
        self.name = name
        self.thread = QThread()
        self.thread.setObjectName(name)
        self.worker = _Worker(fn, expected)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progress.connect(self.progress)
        self.worker.partial.connect(self.partial)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.thread.finished.connect(self._on_thread_finished)
        self._outcome: tuple[str, Any] | None = None

    @property
    def state(self) -> TaskState:
        return self.worker.state

    def start(self) -> Task:
        Task._running.add(self)
        self.thread.start()
        return self

    def cancel(self) -> None:
        self.worker.state.cancel_event.set()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def wait(self, timeout_ms: int = 5000) -> bool:
        return self.thread.wait(timeout_ms)

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        self._outcome = ("ok", result)
        self.thread.quit()

    @Slot(str, str)
    def _on_failed(self, msg: str, tb: str) -> None:
        self._outcome = ("error", (msg, tb))
        self.thread.quit()

    @Slot()
    def _on_thread_finished(self) -> None:
        Task._running.discard(self)
        outcome = self._outcome
        if outcome is not None:
            if outcome[0] == "ok":
                self.finished.emit(outcome[1])
            else:
                self.failed.emit(*outcome[1])
        self.done.emit()

    @classmethod
    def running(cls) -> list[Task]:
        return [t for t in cls._running if t.thread.isRunning()]

    @classmethod
    def stop_all(cls, timeout_ms: int = 10000) -> bool:
        """Cancel every running task and wait for its thread; True if all ended."""
        tasks = cls.running()
        for t in tasks:
            t.cancel()
        deadline = time.monotonic() + timeout_ms / 1000
        ok = True
        for t in tasks:
            left = max(0, int((deadline - time.monotonic()) * 1000))
            ok = t.thread.wait(left) and ok
        return ok


def run_task(fn: Callable[[TaskState], Any], *, name: str = "task",
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[str, str], None] | None = None,
             on_progress: Callable[[int, int, str], None] | None = None,
             parent: QObject | None = None,
             expected: tuple[type[BaseException], ...] = ()) -> Task:
    """Start ``fn(state)`` in its own QThread and connect the given callbacks; a failure of one of
    the ``expected`` types (the person's input, not a bug) is logged without a traceback."""
    task = Task(fn, name, parent, expected)
    if on_done:
        task.finished.connect(on_done)
    if on_error:
        task.failed.connect(on_error)
    if on_progress:
        task.progress.connect(on_progress)
    return task.start()
