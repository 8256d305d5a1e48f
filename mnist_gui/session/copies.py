"""How a worker thread gets its own copy of a model (one model, one thread): decided in one place.

A model that came from a file that has not changed since is loaded again from the file on the
worker; any other Keras model is rebuilt from its config and weights taken on the thread that
owns it; NumPy models and plain functions, which hold no per-call state, are handed over as they are.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable


def file_identity(path: Path) -> tuple | None:
    """(resolved path, size, mtime in ns) of a file; None if it cannot be read."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def inference_copy(model: Any) -> Callable[[], Any]:
    """How a worker thread gets its own copy of ``model``, with the same weights.

    Called on the thread that owns the model (the GUI thread): it takes the model's config and a
    copy of its weights (~20 ms), so that the shared model is never read by a worker. The
    returned function builds the copy from them (Keras layers: 130-350 ms here) and is meant to
    run on the worker, where it does not hold up the window.

    Anything that is not a Keras model (core.lite's NumPy models, plain functions) holds no
    per-call state and is handed over as it is.

    Raises:
        Exception: whatever Keras raises when the model's config cannot be taken (e.g. a
            subclassed model without ``get_config``); the caller reports it instead of falling
            back to the shared model.
    """
    if not type(model).__module__.startswith("keras"):
        return lambda: model
    cls, config, weights = type(model), model.get_config(), model.get_weights()

    def build() -> Any:
        clone = cls.from_config(config)
        clone.set_weights(weights)
        return clone

    return build


def file_copy(path: str) -> Callable[[], Any]:
    """How a worker thread gets its own copy of the active model when it came from ``path`` and
    the file is unchanged: by loading the file again, on the worker (nothing is read from the
    shared model, and the window spends no time on it)."""
    key = file_identity(Path(path))

    def build() -> Any:
        from mnist_gui.core import store

        copy = store.load_model(path)
        if file_identity(Path(path)) != key:
            raise RuntimeError(f"{path} changed while it was being read; evaluate again")
        return copy

    return build


def worker_copy(model: Any, *, path: str | None = None, file_unchanged: bool = False) -> Callable[[], Any]:
    """The one way a worker gets its own copy of ``model``: call this on the thread that owns the
    model, then call the returned function on the worker.

    Args:
        model: the model to copy.
        path: the file ``model`` was loaded from, if any.
        file_unchanged: that file is still the one ``model`` was loaded from.

    Raises:
        Exception: the model's config cannot be taken (see :func:`inference_copy`).
    """
    if path and file_unchanged:
        return file_copy(path)
    return inference_copy(model)
