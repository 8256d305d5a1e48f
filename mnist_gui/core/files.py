"""Checks shared by everything that opens a user's file (images, models), and the atomic JSON
writer shared by everything that saves one (model cards, My digits)."""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np


def checked_size(path: Path, max_bytes: int, error: type[Exception], kind: str) -> int:
    """Size of ``path`` after refusing a missing file, anything but a regular file (a folder, a
    FIFO, a device such as ``/dev/zero``) or a file over ``max_bytes``.

    Raises:
        error: with a one-line message naming the file; ``kind`` names what was expected
            ("an image", "a model file").
    """
    try:
        st = os.stat(path)
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{path}: is a folder, not {kind}")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{path}: is not a regular file (a pipe or a device), not {kind}")
    if st.st_size > max_bytes:
        raise error(f"{path}: file of {st.st_size / 1e6:.0f} MB is too large for {kind}")
    return st.st_size


def read_capped(path: Path, max_bytes: int, error: type[Exception], kind: str) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, read without ever blocking on a pipe
    and without reading past the cap even if the file grows meanwhile.

    Raises:
        error: as :func:`checked_size`, or when the file cannot be read.
    """
    checked_size(Path(path), max_bytes, error, kind)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror or e})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a pipe since the check
            raise error(f"{path}: is not a regular file (a pipe or a device), not {kind}")
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror or e})") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > max_bytes:
        raise error(f"{path}: file is too large for {kind}")
    return data


MAX_JSON_DEPTH = 100
# A JSON string, written as "unrolled loop" (runs of plain characters between escapes): the same
# matches as '"(?:[^"\\]|\\.)*"', five times faster on long strings such as base64 pictures.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_DEPTH_CHUNK = 1 << 22


def json_depth(data: bytes) -> int:
    """How deeply arrays and objects nest in JSON text, without parsing it (strings skipped).

    Counted in chunks of 4 MB, so the work arrays stay small whatever the size of the text."""
    bare = np.frombuffer(_JSON_STRING.sub(b"", data), dtype=np.uint8)
    depth = deepest = 0
    for start in range(0, len(bare), _DEPTH_CHUNK):
        chunk = bare[start:start + _DEPTH_CHUNK]
        step = np.zeros(len(chunk), np.int32)
        step[(chunk == ord("[")) | (chunk == ord("{"))] = 1
        step[(chunk == ord("]")) | (chunk == ord("}"))] = -1
        levels = np.cumsum(step)
        deepest = max(deepest, depth + int(levels.max()))
        depth += int(levels[-1])
    return deepest


def loads_json_checked(data: bytes | str, max_bytes: int = 64 * 1024 * 1024, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` for untrusted text: size and nesting depth are checked first, so that a
    hostile file gives a ValueError instead of a RecursionError or gigabytes of objects; NaN and
    Infinity are refused.

    Raises:
        ValueError: too large, too deep, or not valid JSON (the message says which).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise ValueError(f"JSON text of {len(raw) / 1e6:.0f} MB is too large")
    depth = json_depth(raw)
    if depth > max_depth:
        raise ValueError(f"JSON nested {depth} levels deep (at most {max_depth} accepted)")

    def reject(name: str) -> Any:
        raise ValueError(f"{name} is not a number")

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=reject)
    except UnicodeDecodeError:
        raise ValueError("JSON text is not UTF-8") from None
    except RecursionError:  # belt and braces: the depth check should make this unreachable
        raise ValueError("JSON nested too deeply") from None


TEMP_MARK = ".tmp-"  # every temporary file this app writes has it in its name


def temp_path(target: Path, suffix: str = "") -> Path:
    """A fresh, unused temporary name beside ``target`` (same folder, so a rename is atomic):
    ``.<name>.tmp-<random><suffix>``. :func:`remove_stale_temps` finds those left by a kill."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.urandom(6).hex()}{suffix}")


def create_new(path: Path) -> int:
    """Create ``path`` exclusively and return its descriptor. The mode is 0666 minus the
    process umask, applied by the system itself: nothing here reads or changes the umask (a
    process-wide setting that other threads creating files at the same moment would see)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder: its entries) to disk; where a system cannot, do nothing."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def lock_temp(fd: int) -> None:
    """Mark a temporary file as being written (an advisory lock on it, released by the system
    when this process ends, however it ends): :func:`remove_stale_temps` leaves it alone."""
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):
        pass


def _in_use(path: Path) -> bool | None:
    """True if a living process holds the temp file's lock; None where locks are unavailable."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return True  # vanished or unreadable: leave it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, older_than_s: float = 600.0) -> int:
    """Remove this app's temporary files in ``folder`` that a killed save left behind: those no
    living process holds locked (:func:`lock_temp`); where locks do not exist, those older than
    ``older_than_s``. Returns how many were removed."""
    import time

    cutoff = time.time() - older_than_s
    removed = 0
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(".") and TEMP_MARK in entry.name):
            continue
        try:
            if not entry.is_file() or entry.is_symlink():
                continue
            busy = _in_use(entry)
            if busy is None:
                busy = entry.stat().st_mtime >= cutoff
            if not busy:
                entry.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def write_json_atomic(path: Path, data: Any, indent: int | None = None) -> None:
    """Write JSON so that the old file survives any failure: a temporary file in the same folder,
    flushed to disk, renamed over the old one, then the folder flushed too."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path.parent)
    tmp = temp_path(path)
    fd = create_new(tmp)
    lock_temp(fd)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=indent, separators=None if indent else (",", ":"))
            if indent:
                f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
