"""Checks shared by everything that opens a user's file (images, models), and the atomic JSON
writer shared by everything that saves one (model cards, My digits)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def checked_size(path: Path, max_bytes: int, error: type[Exception], kind: str) -> int:
    """Size of ``path`` after refusing a missing file, a folder or a file over ``max_bytes``.

    Raises:
        error: with a one-line message naming the file; ``kind`` names what was expected
            ("an image", "a model file").
    """
    try:
        size = path.stat().st_size
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror or e})") from None
    if path.is_dir():
        raise error(f"{path}: is a folder, not {kind}")
    if size > max_bytes:
        raise error(f"{path}: file of {size / 1e6:.0f} MB is too large for {kind}")
    return size


def apply_default_mode(path: Path) -> None:
    """Temporary files are created 0600; a saved file gets the usual mode a new file would."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def write_json_atomic(path: Path, data: Any, indent: int | None = None) -> None:
    """Write JSON so that the old file survives any failure: a temporary file in the same folder,
    flushed to disk, renamed over the old one, then the folder flushed too."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=indent, separators=None if indent else (",", ":"))
            if indent:
                f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        apply_default_mode(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
