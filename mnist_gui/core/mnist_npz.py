"""Reading the ``mnist.npz`` archive that Keras downloads, array headers checked before loading.

Pickled data is never loaded (``allow_pickle=False``), and no array header may announce more
than :data:`~mnist_gui.core.mnist_base.MAX_ARRAY_BYTES`.
"""
from __future__ import annotations

import logging
import math
import tokenize
import zipfile
import zlib
from pathlib import Path

import numpy as np

from mnist_gui.core.mnist_base import (
    MAX_ARRAY_BYTES,
    NPZ_KEYS,
    DatasetError,
    MnistData,
    PathLike,
    _error,
    _one_line,
    _stat_regular_file,
)

logger = logging.getLogger(__name__)

NPZ_NAME = "mnist.npz"

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_NPY_MAX_HEADER = 10_000


def _check_npz_member(path: Path, zf: zipfile.ZipFile, key: str) -> None:
    """Check one ``.npy`` member's header before numpy allocates anything for it."""
    with zf.open(f"{key}.npy") as member:
        version = np.lib.format.read_magic(member)
        if version == (1, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_1_0(
                member, max_header_size=_NPY_MAX_HEADER
            )
        elif version in ((2, 0), (3, 0)):
            shape, _fortran, dtype = np.lib.format.read_array_header_2_0(
                member, max_header_size=_NPY_MAX_HEADER
            )
        else:
            raise _error(path, f"{key} has unsupported .npy format version {version}")
    if dtype.hasobject:
        raise _error(path, f"{key} is an object array (pickled data is refused)")
    if dtype != np.uint8:
        raise _error(path, f"{key} has dtype {dtype}, expected uint8")
    expected_ndim = 3 if key.startswith("x_") else 1
    if len(shape) != expected_ndim:
        wanted = "(N, 28, 28)" if expected_ndim == 3 else "(N,)"
        raise _error(path, f"{key} has shape {tuple(shape)}, expected {wanted}")
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > MAX_ARRAY_BYTES:
        raise _error(
            path, f"{key} announces {nbytes} bytes, more than the limit of {MAX_ARRAY_BYTES}"
        )


def load_mnist_npz(path: PathLike) -> MnistData:
    """Load a Keras ``mnist.npz`` archive (keys x_train, y_train, x_test, y_test).

    Array headers are checked before loading, and the arrays are loaded with
    ``allow_pickle=False``.

    Args:
        path: The archive (its name does not matter).

    Returns:
        The validated data.

    Raises:
        DatasetError: If the file is missing, empty, not a zip archive, lacks a
            key, or holds arrays of the wrong dtype or shape, pickled objects or
            labels outside 0..9.
    """
    path = Path(path)
    _stat_regular_file(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
        if head not in _ZIP_MAGICS:
            raise _error(path, f"not an npz (zip) archive (starts with {head!r})")
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            missing = [key for key in NPZ_KEYS if f"{key}.npy" not in names]
            if missing:
                present = sorted(n[:-4] for n in names if n.endswith(".npy"))
                raise _error(
                    path,
                    f"missing key(s) {', '.join(missing)} "
                    f"(has: {', '.join(present) if present else 'nothing'})",
                )
            for key in NPZ_KEYS:
                _check_npz_member(path, zf, key)
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in NPZ_KEYS}
    except DatasetError:
        raise
    except (ValueError, SyntaxError, tokenize.TokenError) as exc:
        # a damaged .npy header: numpy parses it as a Python literal, which can fail in the tokenizer
        raise _error(path, f"invalid npz content: {_one_line(exc)}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, NotImplementedError) as exc:
        # NotImplementedError: a damaged header announcing an unknown zip version or compression
        raise _error(path, f"corrupt npz archive: {exc}") from None
    data = MnistData(source=str(path), **arrays)
    logger.info("Loaded MNIST from %s: %d train, %d test", path, data.num_train, data.num_test)
    return data
