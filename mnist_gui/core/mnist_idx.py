"""Reading the four original MNIST IDX files (plain or gzip), each header checked against its data.

Gzip is detected by its magic bytes, never by the file name; the common
``train-images.idx3-ubyte`` spelling is accepted too.  No header may make the reader allocate
more than :data:`~mnist_gui.core.mnist_base.MAX_ARRAY_BYTES`.
"""
from __future__ import annotations

import gzip
import logging
import math
import os
import re
import struct
import zlib
from pathlib import Path
from typing import IO, Dict, Optional, Tuple

import numpy as np

from mnist_gui.core.mnist_base import (
    IMAGE_SIZE,
    MAX_ARRAY_BYTES,
    DatasetError,
    MnistData,
    PathLike,
    _check_label_range,
    _error,
    _stat_regular_file,
)

logger = logging.getLogger(__name__)

IMAGE_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
LABEL_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension

# Standard IDX base names, in the order train images, train labels, test images, test labels.
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}

_GZIP_MAGIC = b"\x1f\x8b"


def _read_up_to(stream: IO[bytes], count: int) -> bytes:
    """Read ``count`` bytes, or fewer only at end of stream."""
    parts = []
    remaining = count
    while remaining > 0:
        chunk = stream.read(min(remaining, 16 * 1024 * 1024))
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


def _describe_magic(magic: int) -> str:
    if magic == IMAGE_MAGIC:
        return " (this looks like an IDX3 image file)"
    if magic == LABEL_MAGIC:
        return " (this looks like an IDX1 label file)"
    return ""


def _read_idx(path: PathLike, expected_magic: int) -> Tuple[Tuple[int, ...], bytes]:
    """Read and check an unsigned-byte IDX file.

    Args:
        path: Plain or gzip-compressed IDX file.
        expected_magic: :data:`IMAGE_MAGIC` or :data:`LABEL_MAGIC`.

    Returns:
        The header dimensions and exactly ``prod(dims)`` bytes of data.

    Raises:
        DatasetError: On any problem with the file.
    """
    path = Path(path)
    size = _stat_regular_file(path)
    ndim = expected_magic & 0xFF
    header_len = 4 + 4 * ndim
    kind = "IDX3 images" if expected_magic == IMAGE_MAGIC else "IDX1 labels"
    compressed = False
    try:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
            try:
                header = _read_up_to(stream, header_len)
                if len(header) < 4:
                    raise _error(path, f"truncated header ({len(header)} bytes), not an IDX file")
                magic = int.from_bytes(header[:4], "big")
                if magic != expected_magic:
                    raise _error(
                        path,
                        f"bad magic number {magic} (0x{magic:08x}), expected {expected_magic} "
                        f"for {kind}{_describe_magic(magic)}",
                    )
                if len(header) < header_len:
                    raise _error(
                        path, f"truncated header ({len(header)} of {header_len} bytes)"
                    )
                dims = struct.unpack(f">{ndim}I", header[4:header_len])
                if expected_magic == IMAGE_MAGIC and dims[1:] != (IMAGE_SIZE, IMAGE_SIZE):
                    raise _error(
                        path, f"images are {dims[1]}x{dims[2]}, expected {IMAGE_SIZE}x{IMAGE_SIZE}"
                    )
                payload = math.prod(dims)
                if payload > MAX_ARRAY_BYTES:
                    raise _error(
                        path,
                        f"header announces {dims[0]} items ({payload} bytes), more than the "
                        f"limit of {MAX_ARRAY_BYTES} bytes",
                    )
                if not compressed:
                    available = size - header_len
                    if available < payload:
                        raise _error(
                            path,
                            f"file is truncated: header announces {dims[0]} items "
                            f"({payload} bytes of data) but only {available} bytes follow",
                        )
                    if available > payload:
                        raise _error(
                            path,
                            f"{available - payload} unexpected trailing bytes after the "
                            f"{dims[0]} items the header announces",
                        )
                data = _read_up_to(stream, payload)
                if len(data) < payload:
                    raise _error(
                        path,
                        f"file is truncated: header announces {dims[0]} items "
                        f"({payload} bytes of data) but only {len(data)} bytes follow",
                    )
                if stream.read(1):
                    raise _error(
                        path,
                        f"unexpected trailing data after the {dims[0]} items the header announces",
                    )
            finally:
                if compressed:
                    stream.close()
    except DatasetError:
        raise
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _error(path, f"corrupt gzip stream: {exc}") from None
    except OSError as exc:
        if compressed:
            raise _error(path, f"corrupt gzip stream: {exc}") from None
        raise _error(path, f"cannot read file: {exc.strerror or exc}") from None
    return dims, data


def read_idx_images(path: PathLike) -> np.ndarray:
    """Read an IDX3 image file (magic 2051), plain or gzip-compressed.

    Args:
        path: The file.

    Returns:
        A ``(N, 28, 28)`` uint8 array.

    Raises:
        DatasetError: If the file is missing, empty, corrupt, not 28x28 images,
            truncated or followed by extra bytes.
    """
    dims, data = _read_idx(path, IMAGE_MAGIC)
    return np.frombuffer(data, dtype=np.uint8).reshape(dims)


def read_idx_labels(path: PathLike) -> np.ndarray:
    """Read an IDX1 label file (magic 2049), plain or gzip-compressed.

    Args:
        path: The file.

    Returns:
        A ``(N,)`` uint8 array with values in 0..9.

    Raises:
        DatasetError: If the file is missing, empty, corrupt, truncated, followed
            by extra bytes or holds a label outside 0..9.
    """
    dims, data = _read_idx(path, LABEL_MAGIC)
    labels = np.frombuffer(data, dtype=np.uint8).reshape(dims)
    _check_label_range(path, labels)
    return labels


def _idx_candidates(base: str) -> Tuple[str, ...]:
    """File names accepted for one IDX base name, in order of preference."""
    dotted = re.sub(r"-(idx\d)-", r".\1-", base)
    return (base, base + ".gz", dotted, dotted + ".gz")


def _find_idx_files(folder: Path) -> Dict[str, Optional[Path]]:
    """Map each array name to the IDX file found for it in ``folder`` (or None).

    A name that is there but is no readable file (a broken link, a folder, a pipe) still counts
    as found, so that reading it names that file and says why, instead of "no MNIST files"."""
    found: Dict[str, Optional[Path]] = {}
    for key, base in IDX_FILES.items():
        names = [folder / name for name in _idx_candidates(base)]
        found[key] = next((p for p in names if p.is_file()), None) or next(
            (p for p in names if os.path.lexists(p)), None)
    return found


def load_mnist_dir(folder: PathLike) -> MnistData:
    """Load the four standard IDX files from a folder.

    Each file may be plain or ``.gz`` and may use the ``train-images.idx3-ubyte``
    spelling.

    Args:
        folder: Folder holding the files.

    Returns:
        The validated data.

    Raises:
        DatasetError: If a file is missing or invalid, or image and label counts differ.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise _error(folder, "folder not found" if not folder.exists() else "not a folder")
    files = _find_idx_files(folder)
    missing = [IDX_FILES[key] for key, path in files.items() if path is None]
    if missing:
        raise _error(folder, "missing MNIST file(s): " + ", ".join(f"{m}[.gz]" for m in missing))
    arrays: Dict[str, np.ndarray] = {}
    for key, path in files.items():
        assert path is not None
        arrays[key] = read_idx_images(path) if key.startswith("x_") else read_idx_labels(path)
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.shape[0] != labels.shape[0]:
            raise DatasetError(
                f"{files[f'x_{split}']}: has {images.shape[0]} images but "
                f"{files[f'y_{split}']} has {labels.shape[0]} labels"
            )
    data = MnistData(source=str(folder), **arrays)
    logger.info("Loaded MNIST from %s: %d train, %d test", folder, data.num_train, data.num_test)
    return data
