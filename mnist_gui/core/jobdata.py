"""The digits a training job reads and the folders it writes in: memory-mapped, once per session.

The window writes the data set once into a temporary folder of ``.npy`` files (a megabyte at a
time, so the window's thread is never held up); the training process maps them read-only. Each
run gets its own working folder, removed when the Train tab shuts down. No Qt here.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np


def new_job_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="mnist-gui-run-"))


DATA_ARRAYS = ("x", "y", "x_test", "y_test")
_WRITE_CHUNK_BYTES = 1 << 20


def write_job_data(folder: Path, x: np.ndarray, y: np.ndarray, x_test: np.ndarray, y_test: np.ndarray) -> Path:
    """Digits for the child to read: a folder ``folder/data`` of four ``.npy`` files.

    Written a megabyte at a time into memory-mapped files: each copy holds the interpreter
    lock for a fraction of a millisecond, so writing 55 MB does not hold up the window's thread
    (one ``np.savez`` copies each array whole while holding it). The child maps them read-only.

    Returns:
        The data folder (what :func:`read_job_data` takes).
    """
    out = folder / "data"
    out.mkdir(parents=True, exist_ok=True)
    for name, arr in zip(DATA_ARRAYS, (x, y, x_test, y_test)):
        arr = np.asarray(arr)
        if arr.size == 0:  # (nothing to map)
            np.save(out / f"{name}.npy", arr, allow_pickle=False)
            continue
        mm = np.lib.format.open_memmap(out / f"{name}.npy", mode="w+", dtype=arr.dtype, shape=arr.shape)
        rows = max(1, _WRITE_CHUNK_BYTES // max(1, arr[:1].nbytes))
        for i in range(0, len(arr), rows):
            mm[i:i + rows] = arr[i:i + rows]
        mm.flush()
        del mm
    return out


def read_job_data(path: Path | str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x, y, x_test, y_test) from a folder written by :func:`write_job_data` (mapped read-only)."""
    return tuple(np.load(Path(path) / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                 for name in DATA_ARRAYS)  # type: ignore[return-value]


_shared_lock = threading.Lock()
_shared: tuple[Any, Path] | None = None  # (the data set, its data folder) of this session


def shared_data(data: Any) -> Path:
    """The data folder of the whole data set ``data`` (an ``MnistData``), written once per data
    set and session and reused by every run (a run trains on the first N digits of it).

    Called ahead of time from a background thread when the Train tab is shown, so that Start
    has nothing to write; a Start that comes first waits for the write here. The folder of the
    previous data set is removed when another data set comes; :func:`shutdown` removes it.
    """
    global _shared
    with _shared_lock:
        if _shared is not None and _shared[0] is data and (_shared[1] / "y_test.npy").exists():
            return _shared[1]
        if _shared is not None:
            remove_job_folder(_shared[1].parent)
            _shared = None
        folder = Path(tempfile.mkdtemp(prefix="mnist-gui-data-"))
        try:
            path = write_job_data(folder, data.x_train, data.y_train, data.x_test, data.y_test)
        except BaseException:
            remove_job_folder(folder)
            raise
        _shared = (data, path)
        return path


def _remove_shared_data() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            remove_job_folder(_shared[1].parent)
            _shared = None


atexit.register(_remove_shared_data)  # also when the app ends without the Train tab's shutdown


def remove_job_folder(folder: Path | str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
