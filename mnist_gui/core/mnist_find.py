"""Finding the MNIST data set: the folder or file named, MNIST_DIR, the per-user folder; loading it.

Finding only looks (a folder counts if it holds the four IDX files or ``mnist.npz``);
:func:`load_mnist` reads whichever format is there and validates it.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from mnist_gui.core.mnist_base import MnistData, PathLike, _error
from mnist_gui.core.mnist_idx import IDX_FILES, _find_idx_files, load_mnist_dir
from mnist_gui.core.mnist_npz import NPZ_NAME, load_mnist_npz
from mnist_gui.paths import user_data_dir

logger = logging.getLogger(__name__)


def find_mnist_in(path: Path) -> bool:
    """Cheap check (no validation) whether ``path`` looks like an MNIST data set."""
    return _holds_dataset(Path(path))


def _holds_dataset(path: Path) -> bool:
    """Cheap check (no validation) whether ``path`` looks like an MNIST data set."""
    if path.is_file():
        return True
    if not path.is_dir():
        return False
    if all(p is not None for p in _find_idx_files(path).values()):
        return True
    return (path / NPZ_NAME).is_file()


def load_mnist(path: PathLike) -> MnistData:
    """Load MNIST from a folder of IDX files, a folder with ``mnist.npz``, or an npz file.

    Args:
        path: Folder or file.

    Returns:
        The validated data.

    Raises:
        DatasetError: If nothing usable is there or the files are invalid.
    """
    path = Path(path)
    if path.is_dir():
        files = _find_idx_files(path)
        if all(p is not None for p in files.values()):
            return load_mnist_dir(path)
        if (path / NPZ_NAME).is_file():
            return load_mnist_npz(path / NPZ_NAME)
        if any(p is not None for p in files.values()):
            return load_mnist_dir(path)  # raises, naming the missing files
        raise _error(
            path,
            f"no MNIST files found (expected {NPZ_NAME} or the four IDX files "
            f"{', '.join(IDX_FILES.values())})",
        )
    if not path.exists():
        raise _error(path, "not found")
    return load_mnist_npz(path)


def user_mnist_dir() -> Path:
    """Per-user folder where MNIST is looked for and downloaded to."""
    return user_data_dir() / "mnist"


def find_mnist(explicit: PathLike | None = None) -> Path | None:
    """Locate an MNIST data set without loading it.

    Looks at, in order: ``explicit``, the environment variable ``MNIST_DIR``,
    :func:`user_mnist_dir`. A location counts if it is a file, or a folder with
    the four IDX files or ``mnist.npz``.

    Args:
        explicit: A folder or file the user named; it must exist and hold a data set.

    Returns:
        The first location that holds a data set, or None.

    Raises:
        DatasetError: If ``explicit`` is given but does not exist or holds no data set.
    """
    if explicit is not None and os.fspath(explicit) != "":
        path = Path(explicit).expanduser()
        if not path.exists():
            raise _error(path, "not found")
        if not _holds_dataset(path):
            raise _error(
                path,
                f"no MNIST files found (expected {NPZ_NAME} or the four IDX files "
                f"{', '.join(IDX_FILES.values())})",
            )
        return path
    env = os.environ.get("MNIST_DIR")
    if env:
        path = Path(env).expanduser()
        if _holds_dataset(path):
            return path
        logger.warning("MNIST_DIR=%s holds no MNIST data set; ignoring it", env)
    path = user_mnist_dir()
    if _holds_dataset(path):
        return path
    return None
