"""Checks shared by everything that opens a user's file (images, models)."""
from __future__ import annotations

from pathlib import Path


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
