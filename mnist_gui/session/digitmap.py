"""The Map tab's lifecycle: the digit map of the active model, computed in the background.

One computation at a time, latest request wins (as :mod:`mnist_gui.session.evaluation`). A model
that came from a file unchanged since is looked up in the cache by the file's SHA-256 first (on
the worker); only when it is not there is a copy of the network built on the worker and the map
computed (and cached). Once a map has been asked for, a new active model or a new data set
starts the next one by itself. Placing the drawn digit runs here, on the GUI thread, with the
active model itself (one digit: a few milliseconds).
"""
from __future__ import annotations

import logging
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from mnist_gui.core import digitmap
from mnist_gui.session.tasks import Task, TaskState

logger = logging.getLogger(__name__)

START_DELAY_S = 0.15
"""The computation waits this long before it starts, so the window first reacts to a new model."""


class DigitMapJob(QObject):
    """The digit map of an AppState's active model on its test digits.

    Signals:
        started(): a computation (or cache look-up) began.
        progress(int, int, str): done, total, what is being done (of the newest computation).
        finished(object): the DigitMap, now in ``map``.
        failed(str): a one-line reason (no suitable hidden layer, no data, ...).
        cleared(): the map no longer belongs to the active model (``map`` is None).
    """

    started = Signal()
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cleared = Signal()

    def __init__(self, state: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.map: digitmap.DigitMap | None = None
        self.images: np.ndarray | None = None  # the test digits the map was made on
        self.wanted = False  # a map was asked for: follow the active model
        self._map_model: Any = None
        self._probe: tuple[Any, digitmap.FeatureProbe] | None = None
        self._task: Task | None = None
        self._old_tasks: list[Task] = []
        self._token = 0
        state.modelChanged.connect(self._inputs_changed)
        state.datasetChanged.connect(self._inputs_changed)

    # ------------------------------------------------------------------ lifecycle
    def is_running(self) -> bool:
        return self._task is not None and self._task.is_running()

    def current(self) -> bool:
        """The map shown is the active model's."""
        return self.map is not None and self._map_model is self.state.model

    def cancel(self, wait_ms: int = 0) -> None:
        """Stop a running computation (nothing of it is passed on); optionally wait for its thread."""
        self._token += 1
        tasks = ([self._task] if self._task is not None else []) + self._old_tasks
        for t in tasks:
            t.cancel()
        if wait_ms:
            for t in tasks:
                t.wait(wait_ms)

    def stop(self) -> None:
        """Stop, and do not follow model changes until asked again."""
        self.wanted = False
        self.cancel()

    def start(self) -> bool:
        """Compute (or load) the active model's map unless it is already shown or being made.

        Returns:
            False if it cannot start now (``failed`` says why).
        """
        self.wanted = True
        if self.current():
            return True
        model, data = self.state.model, getattr(self.state, "data", None)
        if model is None:
            self.failed.emit(_tr("No model is loaded yet."))
            return False
        if data is None:
            self.failed.emit(_tr("MNIST is not loaded: the map is made of its 10,000 test digits."))
            return False
        if self.is_running() and self._running_for is model:
            return True
        self.cancel()
        if self._task is not None:
            self._old_tasks.append(self._task)
        token = self._token
        x, y = data.x_test, data.y_test
        path = self.state.model_path if self.state.model_file_unchanged() else None
        try:
            get_copy = self.state.worker_copy(model)  # config and weights taken here, on the GUI thread
        except Exception as e:  # noqa: BLE001 - reported; the shared model is never lent out
            self.failed.emit(_tr("This model cannot be copied for a background computation ({0}).").format(e))
            return False

        def work(ts: TaskState) -> digitmap.DigitMap:
            if ts.cancel_event.wait(START_DELAY_S):
                raise InterruptedError("cancelled")
            sha = digitmap.file_sha256(path) if path else ""
            key = digitmap.data_key(x, y)
            if sha:
                cached = digitmap.load_cached(sha, key)
                if cached is not None:
                    return cached
            copy = get_copy()

            def progress(done: int, total: int, text: str) -> None:
                ts.progress(done, total, text)

            m = digitmap.compute(copy, x, y, model_sha256=sha, progress=progress, cancel=ts.cancel_event)
            if sha:
                try:
                    m.save(digitmap.cache_path(sha))
                except OSError as e:
                    logger.warning("could not cache the digit map: %s", e)
            return m

        task = Task(work, "digit-map", expected=(digitmap.DigitMapError,))
        task.progress.connect(lambda d, t, text: token == self._token and self.progress.emit(d, t, text))
        task.finished.connect(lambda m: token == self._token and self._finished(model, m, x))
        task.failed.connect(lambda msg, _tb: token == self._token and self.failed.emit(msg))
        task.done.connect(lambda: self._forget(task))
        self._task = task
        self._running_for = model
        task.start()
        self.started.emit()
        return True

    _running_for: Any = None

    def _finished(self, model: Any, m: digitmap.DigitMap, x: np.ndarray) -> None:
        if model is not self.state.model:
            return
        self.map, self.images, self._map_model = m, x, model
        self.finished.emit(m)

    def _forget(self, task: Task) -> None:
        if task in self._old_tasks:
            self._old_tasks.remove(task)
        if self._task is task:
            self._task = None
            self._running_for = None

    def _inputs_changed(self) -> None:
        if self.map is not None or self._probe is not None:
            self.map, self.images, self._map_model, self._probe = None, None, None, None
            self.cleared.emit()
        if self.wanted:
            self.cancel()
            if self.state.model is not None and getattr(self.state, "data", None) is not None:
                self.start()

    # ------------------------------------------------------------------ the drawn digit
    def place(self, image: np.ndarray, k: int = 8) -> tuple[np.ndarray, np.ndarray] | None:
        """Where a prepared 28x28 digit lands on the current map, and its ``k`` nearest test digits.

        Returns:
            ((2,) place, (k,) indices of test digits, nearest first), or None when there is no
            current map or the model cannot give features.
        """
        if not self.current():
            return None
        model = self.state.model
        try:
            if self._probe is None or self._probe[0] is not model:
                self._probe = (model, digitmap.FeatureProbe(model))
            feats, _probs = self._probe[1](np.asarray(image, np.float32).reshape(1, 28, 28))
        except digitmap.DigitMapError:
            return None
        assert self.map is not None
        idx, _d = self.map.neighbours(feats, k)
        return self.map.place(feats)[0], idx[0]


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("DigitMapJob", text)
