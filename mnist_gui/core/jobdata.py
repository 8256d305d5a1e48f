"""The digits a training job reads and the folders it writes in: memory-mapped, once per session.

The window writes the data set once into a temporary folder of ``.npy`` files (a megabyte at a
time, so the window's thread is never held up); the training process maps them read-only. Each
run gets its own working folder, removed when the Train tab shuts down. No Qt here.

Each folder records its owner (the creating process's pid and start time, in a file ``owner``),
so that the folders of a window that was killed can be removed at the next start by
:func:`remove_stale_folders`, and never those of a process that still runs.
"""
from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

RUN_PREFIX = "mnist-gui-run-"
DATA_PREFIX = "mnist-gui-data-"
OWNER_FILE = "owner"
UNOWNED_MAX_AGE_S = 24 * 3600.0  # a folder without an owner file (an older version's) is stale after a day


def new_job_folder() -> Path:
    return _owned_folder(RUN_PREFIX)


def _owned_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        (folder / OWNER_FILE).write_text(f"{os.getpid()} {_start_time(os.getpid()) or 0}\n", encoding="ascii")
    except OSError:
        pass  # (without it the folder is only removed after a day)
    return folder


def _start_time(pid: int) -> int | None:
    """The process's start time (clock ticks since boot: /proc/PID/stat field 22), None where it
    cannot be read (no such process, or no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return int(stat[stat.rindex(")") + 2:].split()[19])  # fields after "(comm)" start at 3
    except (OSError, ValueError, IndexError):
        return None


def _process_alive(pid: int, start: int) -> bool:
    """True while the process ``pid`` that started at ``start`` (0: unknown) still runs."""
    if pid <= 0:
        return False
    if Path("/proc/self/stat").exists():
        now = _start_time(pid)
        return now is not None and (start == 0 or now == start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # (someone else's: alive)
    return True


def _is_stale(folder: Path, now: float) -> bool:
    try:
        text = (folder / OWNER_FILE).read_text(encoding="ascii")
    except FileNotFoundError:
        try:
            return now - folder.stat().st_mtime > UNOWNED_MAX_AGE_S
        except OSError:
            return False
    except (OSError, UnicodeDecodeError):
        return False
    try:
        pid, start = (int(v) for v in text.split()[:2])
    except ValueError:
        return False
    return not _process_alive(pid, start)


def remove_stale_folders(tmp: Path | str | None = None) -> list[Path]:
    """Remove the run and data folders in the temporary folder whose owner process is gone (a
    window that was killed), or that have no owner file and are older than a day. Folders of a
    process that still runs are kept, and so is anything without those prefixes or not one's own.

    Returns:
        The folders removed.
    """
    base = Path(tmp if tmp is not None else tempfile.gettempdir())
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for folder in entries:
        if not folder.name.startswith((RUN_PREFIX, DATA_PREFIX)):
            continue
        try:
            st = folder.lstat()
        except OSError:
            continue
        if not folder.is_dir() or folder.is_symlink() or (uid is not None and st.st_uid != uid):
            continue
        if _is_stale(folder, now):
            remove_job_folder(folder)
            if not folder.exists():
                removed.append(folder)
    if removed:
        logger.info("removed %d stale training folder(s): %s", len(removed), ", ".join(p.name for p in removed))
    return removed


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
        folder = _owned_folder(DATA_PREFIX)
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
