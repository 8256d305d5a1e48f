"""My digits outside the widgets: the collection's one owner on the GUI thread, and the
"Adapt to my handwriting" job (in the background, on the worker's own copy of the model) that
keeps the way back to the original model."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from mnist_gui.core import adaptation, personal
from mnist_gui.session.state import AppState
from mnist_gui.session.tasks import Task, TaskState, run_task

logger = logging.getLogger(__name__)

ADAPTED_LABEL = "adapted to my handwriting"


class MyDigitsStore(QObject):
    """The collection, loaded once, and the signal that it changed.

    Signals:
        changed(): digits were added, relabelled, deleted, imported or undone.
        problem(str): a one-line message (unreadable file moved aside, full disk, ...).
    """

    changed = Signal()
    problem = Signal(str)

    def __init__(self, path: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._collection: personal.Collection | None = None
        self.load_message: str | None = None

    @property
    def collection(self) -> personal.Collection:
        if self._collection is None:
            self._collection, self.load_message = personal.Collection.load_or_recover(self._path)
            if self.load_message:
                logger.warning("%s", self.load_message)
                self.problem.emit(self.load_message)
        return self._collection

    def _do(self, fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            out = fn(*args, **kw)
        except OSError as e:
            self.problem.emit(QCoreApplication.translate("MyDigitsStore", "Could not save My digits ({0}); nothing was changed.")
                              .format(e.strerror or e))
            return None
        except (personal.PersonalError, ValueError) as e:
            self.problem.emit(str(e))
            return None
        self.changed.emit()
        return out

    def add(self, label: int, image: np.ndarray, strokes: Any = None, source: str = "drawing") -> Any:
        return self._do(self.collection.add, label, image, strokes, source)

    def relabel(self, ids: list[str], label: int) -> None:
        self._do(self.collection.relabel, ids, label)

    def delete(self, ids: list[str]) -> Any:
        return self._do(self.collection.delete, ids)

    def undo(self) -> Any:
        return self._do(self.collection.undo)

    def import_file(self, path: str, render: Any = None) -> Any:
        return self._do(self.collection.import_file, path, render)


class Adapter(QObject):
    """Runs "Adapt to my handwriting" in the background and keeps the way back to the original.

    Signals:
        started(), progress(int, int, str), finished(dict) with the figures and the saved path,
        failed(str), availability(): whether switching back is possible changed.
    """

    started = Signal()
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    availability = Signal()

    MIN_DIGITS = 10

    def __init__(self, state: AppState, store: MyDigitsStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store
        self.task: Task | None = None
        self.original: tuple[Any, str, str | None, dict | None] | None = None
        self.last_result: dict[str, Any] | None = None
        self.adapting_digits = 0  # the collection's size when the running adaptation took it
        state.modelChanged.connect(self._on_model_changed)

    def is_running(self) -> bool:
        return self.task is not None and self.task.is_running()

    def is_adapted(self) -> bool:
        card = self.state.model_card or {}
        return bool(card.get("adapted_from"))

    def problem(self) -> str | None:
        """Why adapting is not possible now, in words for the window (None: it is)."""
        translate = QCoreApplication.translate
        if self.is_running():
            return translate("Adapter", "An adaptation is already running.")
        if self.state.model is None:
            if self.state.model_loading():
                return translate("Adapter", "The model is still loading.")
            return translate("Adapter", "No model is loaded: load one first.")
        if self.state.data is None:
            if self.state.dataset_loading():
                return translate("Adapter", "MNIST is still loading (adapting mixes in its training digits so the model does not forget them).")
            return translate("Adapter", "Adapting needs the MNIST training digits (so the model does not forget them): load MNIST first.")
        n = len(self.store.collection)
        if n < self.MIN_DIGITS:
            return translate("Adapter", "Add at least {min} digits (you have {n}): keep or correct digits in the Draw tab.").format(min=self.MIN_DIGITS, n=n)
        return None

    def digits_to_adapt(self) -> int:
        """How many digits the running adaptation uses, or the next one would."""
        return self.adapting_digits if self.is_running() else len(self.store.collection)

    def start(self) -> bool:
        why = self.problem()
        if why:
            self.failed.emit(why)
            return False
        base = self.state.model
        # the copy the worker trains from: its config and weights are taken here, on the thread
        # that owns the model, and it is built on the worker
        build_copy = self.state.worker_copy(base)
        x_me, y_me = self.store.collection.arrays()
        self.adapting_digits = len(y_me)
        data = self.state.data
        source_label = self.state.model_label
        source_path = self.state.model_path
        source_card = dict(self.state.model_card or {})
        if not self.is_adapted():
            self.original = (base, self.state.model_label, self.state.model_path, self.state.model_card)

        def work(ts: TaskState) -> dict[str, Any]:
            return adaptation.adapt_and_save(build_copy(), x_me, y_me, data, source_label=source_label,
                                           source_path=source_path, source_card=source_card,
                                           on_progress=ts.progress, cancel=ts.cancel_event)

        def done(result: dict[str, Any]) -> None:
            self.last_result = result
            self.finished.emit(result)

        def error(msg: str, tb: str) -> None:
            stopped = task_box[0] is not None and task_box[0].state.cancelled
            translate = QCoreApplication.translate
            self.failed.emit(translate("Adapter", "Stopped: the model was not changed.") if stopped
                             else translate("Adapter", "Adaptation failed: {0}").format(msg))

        task_box: list[Any] = [None]
        self.task = task_box[0] = run_task(work, name="adapt", on_done=done, on_error=error,
                             on_progress=self.progress.emit, parent=self)
        self.started.emit()
        return True

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def use_result(self) -> None:
        r = self.last_result
        if r is None:
            return
        self.state.set_model(r["model"], label=ADAPTED_LABEL, path=r["path"], card=r["card"])

    def can_switch_back(self) -> bool:
        return self.original is not None and self.is_adapted()

    def switch_back(self) -> None:
        if self.original is None:
            return
        model, label, path, card = self.original
        self.state.set_model(model, label=label, path=path, card=card)

    @Slot()
    def _on_model_changed(self) -> None:
        if not self.is_adapted() and self.state.model is not None:
            self.original = (self.state.model, self.state.model_label, self.state.model_path, self.state.model_card)
        self.availability.emit()
