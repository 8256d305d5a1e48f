"""Application-wide state shared by the tabs: the active model and the MNIST dataset.

Heavy work (importing TensorFlow, loading a model, reading 70,000 digits) runs in background
tasks; the tabs listen to the signals and never load anything themselves.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from mnist_gui.session.copies import file_identity, worker_copy
from mnist_gui.session.tasks import Task, TaskState, run_task

logger = logging.getLogger(__name__)


LOADED_MODELS_KEPT = 3


class AppState(QObject):
    """The active model and the dataset.

    Signals:
        modelLoading(str): a model load started (label).
        fastModelReady(): while the first model loads, ``fast_model`` (the same network run by
            NumPy, core.lite) can already answer single-digit predictions; see ``predictor``.
        modelChanged(): ``model`` / ``model_label`` / ``model_card`` changed.
        modelFailed(str): a requested model could not be loaded (message); the old one stays.
        datasetLoading(): a dataset load/download started.
        datasetChanged(): ``data`` is now available (or was replaced).
        datasetFailed(str): no dataset (message).
        datasetProgress(int, int, str): download/load progress.
    """

    modelLoading = Signal(str)
    fastModelReady = Signal()
    modelChanged = Signal()
    accuracyMeasured = Signal(float)  # the active model's test accuracy, measured in this session
    modelFailed = Signal(str)
    datasetLoading = Signal()
    datasetChanged = Signal()
    datasetFailed = Signal(str)
    datasetProgress = Signal(int, int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model: Any = None
        self.measured_accuracy: float | None = None  # of the active model, by the Errors tab
        self.model_path: str | None = None
        self._model_file_key: tuple | None = None
        self.model_label: str = ""
        self.model_card: dict[str, Any] | None = None
        self.refusing = True  # the Draw tab's "Refuse what is not a digit" setting
        self.model_generation = 0  # bumps on every change, so caches can tell models apart
        self.fast_model: Any = None  # core.lite.LiteModel of the model being loaded, until it is ready
        # The last few model files loaded, by (path, size, mtime): switching back to one of them
        # reuses the model instead of building it again (TensorFlow keeps a few MB for every
        # model it builds, for good).
        self._loaded: dict[tuple, Any] = {}
        self._cache_lock = threading.Lock()
        self._model_request = 0  # the last load request wins, whatever order loads finish in
        self.data: Any = None  # core.dataset.MnistData
        self.data_path: str | None = None
        self._model_task: Task | None = None
        self._data_task: Task | None = None
        self._model_loading = False  # a model file is being read (modelLoading came, not yet an answer)
        self._data_loading = False

    # ----------------------------------------------------------------- model
    def load_first_model(self, path: str | os.PathLike | None) -> Task:
        """The model at start-up: ``path`` (the one given or remembered), and the bundled model
        instead if that file is gone or cannot be loaded (a warning names why)."""
        if path and not Path(path).exists():
            logger.warning("the remembered model %s is gone; using the bundled model", path)
            path = None
        if path is not None:
            def fall_back(message: str) -> None:
                self.modelFailed.disconnect(fall_back)
                if self.model is None:
                    logger.warning("could not load %s (%s); using the bundled model", path, message)
                    self.load_model(None)

            self.modelFailed.connect(fall_back)
        return self.load_model(path)

    def load_model(self, path: str | os.PathLike | None = None, *, label: str | None = None) -> Task:
        """Load a model file (None: the bundled default) in the background."""
        from mnist_gui.paths import default_model_path

        target = Path(path) if path else default_model_path()
        label = label or ("bundled default model" if path is None else target.name)
        self._model_request += 1
        request = self._model_request
        want_fast = self.model is None  # nothing to draw with yet: answer from NumPy meanwhile
        self._model_loading = True
        self.modelLoading.emit(label)

        def work(state: TaskState) -> tuple[Any, str, dict | None, tuple | None]:
            from mnist_gui.core import evaluation, store

            if want_fast:
                from mnist_gui.core import lite

                try:
                    state.partial(lite.load(target))
                except Exception as e:  # noqa: BLE001 - Keras may still load it; just no head start
                    logger.info("no light inference path for %s: %s", target, e)
            from mnist_gui.core.backend import freeze_imported_objects, import_keras

            import_keras()
            freeze_imported_objects()  # full garbage collections: 2-7 ms instead of 120-170
            key = file_identity(target)
            with self._cache_lock:
                model = self._loaded.get(key) if key is not None else None
            if model is None:
                model = store.load_model(target)
                evaluation.warm_up(model)  # in this thread, not at the first stroke
                if key is not None:
                    with self._cache_lock:
                        self._loaded[key] = model
                        while len(self._loaded) > LOADED_MODELS_KEPT:
                            self._loaded.pop(next(iter(self._loaded)))
            else:
                logger.info("%s: unchanged since it was loaded; using that model again", target)
            return model, str(target), store.read_card(target), key

        def fast(model: Any) -> None:
            if request == self._model_request and self.model is None:
                self.fast_model = model
                self.fastModelReady.emit()

        def done(result: tuple[Any, str, dict | None, tuple | None]) -> None:
            if request != self._model_request:
                logger.info("a newer model was chosen meanwhile; dropped %s", result[1])
                return
            model, p, card, key = result
            self.set_model(model, label=label, path=p, card=card, file_key=key)

        def failed(msg: str, tb: str) -> None:
            if request != self._model_request:
                return
            self.fast_model = None
            self._model_loading = False
            self.modelFailed.emit(msg)

        from mnist_gui.core.store import ModelFileError

        self._model_task = run_task(work, name="load-model", on_done=done, on_error=failed, parent=self,
                                    expected=(ModelFileError,))
        self._model_task.partial.connect(fast)
        return self._model_task

    def model_loading(self) -> bool:
        """A model file is being read in the background (``model`` is the previous one or None)."""
        return self._model_loading

    def dataset_loading(self) -> bool:
        """MNIST is being read or downloaded in the background."""
        return self._data_loading

    def model_file_unchanged(self) -> bool:
        """True if the active model came from ``model_path`` and that file has not changed since
        (loading it again gives the same network: a worker can make its own copy from it)."""
        return bool(self.model_path) and self._model_file_key is not None and \
            file_identity(Path(self.model_path)) == self._model_file_key

    def worker_copy(self, model: Any = None) -> Any:
        """How a worker gets its own copy of ``model`` (default: the active one); call it here, on
        the GUI thread, and the returned function on the worker (see :mod:`mnist_gui.session.copies`)."""
        model = self.model if model is None else model
        active = model is self.model
        return worker_copy(model, path=self.model_path if active else None,
                           file_unchanged=active and self.model_file_unchanged())

    @property
    def predictor(self) -> Any:
        """What answers a single-digit prediction now: the model, or its fast stand-in."""
        return self.model if self.model is not None else self.fast_model

    def set_model(self, model: Any, *, label: str, path: str | None = None, card: dict | None = None,
                  file_key: tuple | None = None) -> None:
        """Make ``model`` the active one (e.g. a freshly trained model).

        Args:
            path: the file ``model`` was loaded from or saved to (it holds the same network).
            file_key: that file's (path, size, mtime) when it was read; taken now if not given.
                See :meth:`model_file_unchanged`.
        """
        self._model_request += 1  # any load still running is superseded by this choice
        self._model_loading = False
        self.fast_model = None
        replaced = self.model is not None and self.model is not model
        self.model = model
        self.model_label = label
        self.model_path = path
        self.model_card = card
        self.measured_accuracy: float | None = None
        self._model_file_key = file_key if file_key is not None or not path else file_identity(Path(path))
        self.model_generation += 1
        self.modelChanged.emit()
        if replaced:
            # A Keras model is a web of reference cycles (layers, graphs): collect the old one
            # once everyone has let go of it, instead of whenever the collector next runs.
            import gc

            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, gc.collect)

    def refusal_policy(self) -> Any:
        """How the active model's probabilities become an answer (core.refusal.Policy): from its
        card, switched off when the user turned refusing off. Every reader in the window asks here."""
        from mnist_gui.core.refusal import Policy

        return Policy.from_card(self.model_card).switched(self.refusing)

    def read(self, probs: Any) -> Any:
        """The answer (core.refusal.Reading) for one picture's probabilities under the active policy."""
        from mnist_gui.core import refusal

        return refusal.read(probs, self.refusal_policy())

    def note_accuracy(self, model: Any, accuracy: float) -> None:
        """The whole test set was read by ``model`` (the Errors tab): if it is still the active
        model, its accuracy is known now, and shown wherever the model's accuracy is shown."""
        if model is self.model:
            self.measured_accuracy = float(accuracy)
            self.accuracyMeasured.emit(float(accuracy))

    def display_label(self) -> str:
        """The model's label for the window, in the interface language (the label itself stays as
        data: the settings compare it)."""
        if self.model_label == "bundled default model":
            return QCoreApplication.translate("AppState", "bundled default model")
        return self.model_label or ""

    def model_summary(self) -> str:
        """'bundled default model - test accuracy 99.62%' for the status bar."""
        if self.model is None:
            return QCoreApplication.translate("AppState", "no model")
        acc = (self.model_card or {}).get("test_accuracy")
        if not isinstance(acc, (int, float)):
            acc = self.measured_accuracy
        arch = (self.model_card or {}).get("architecture")
        parts = [self.display_label()]
        if arch:
            parts.append(QCoreApplication.translate("AppState", "architecture '{0}'").format(arch))
        parts.append(QCoreApplication.translate("AppState", "test accuracy {0}").format(f"{acc * 100:.2f}%") if isinstance(acc, (int, float))
                     else QCoreApplication.translate("AppState", "test accuracy unknown"))
        return " \u2022 ".join(parts)

    # --------------------------------------------------------------- dataset
    def load_dataset(self, path: str | os.PathLike | None = None, *, allow_download: bool = False) -> Task:
        """Find (or download) and read MNIST in the background."""
        self._data_loading = True
        self.datasetLoading.emit()
        explicit = str(path) if path else None

        def work(state: TaskState) -> Any:
            from mnist_gui.core import dataset

            def progress(done: int, total: int) -> None:
                state.progress(done, total, "downloading MNIST")

            if not allow_download and dataset.find_mnist(explicit) is None:
                raise dataset.DatasetError(QCoreApplication.translate("AppState", "MNIST was not found (no folder chosen, MNIST_DIR unset, "
                                              "nothing in {0})").format(dataset.user_mnist_dir()))
            return dataset.load_or_download(explicit, allow_download=allow_download,
                                            progress=progress, cancel=state.cancel_event)

        def done(data: Any) -> None:
            self._data_loading = False
            self.data = data
            self.data_path = data.source
            self.datasetChanged.emit()

        def failed(msg: str, tb: str) -> None:
            self._data_loading = False
            self.datasetFailed.emit(msg)

        self._data_task = run_task(work, name="load-dataset", on_done=done, on_error=failed,
                                   on_progress=self.datasetProgress.emit, parent=self)
        return self._data_task

    def cancel_dataset(self) -> None:
        if self._data_task is not None:
            self._data_task.cancel()
