"""What every MNIST reader shares: the validated MnistData, the error classes and the limits.

Every problem with a data set file is a :class:`DatasetError` whose message is one line naming
the file and what is wrong with it (:func:`_error` builds it).  The arrays of a
:class:`MnistData` are read-only views, so its cached :meth:`MnistData.checksum` stays valid;
copy an array before changing it in place.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

import numpy as np

PathLike = Union[str, "os.PathLike[str]"]
ProgressCallback = Callable[[int, int], None]

IMAGE_SIZE = 28
NUM_CLASSES = 10

MAX_ARRAY_BYTES = 200 * 1024 * 1024
"""Largest array a file may announce (the real training images are ~47 MB)."""

NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")


class DatasetError(Exception):
    """A data set file is missing, unreadable or invalid.

    The message is a single line that names the file and the problem.
    """


class DownloadError(DatasetError):
    """Downloading the data set failed (network, size, checksum or content)."""


class DownloadCancelled(DownloadError):
    """The download was cancelled through its ``cancel`` event."""


def _one_line(text: object) -> str:
    """Collapse ``text`` to one line (exception texts may contain newlines)."""
    return " ".join(str(text).split())


def _error(path: PathLike, problem: str, cls: type = DatasetError) -> DatasetError:
    """Build ``cls("<path>: <problem>")``."""
    return cls(f"{os.fspath(path)}: {_one_line(problem)}")


@dataclass(frozen=True, eq=False)
class MnistData:
    """The four MNIST arrays, validated.

    Construction validates the arrays (raising :class:`DatasetError` naming
    ``source``) and stores C-contiguous, read-only views of them.

    Attributes:
        x_train: ``(N, 28, 28)`` uint8 training images.
        y_train: ``(N,)`` uint8 training labels in 0..9.
        x_test: ``(M, 28, 28)`` uint8 test images.
        y_test: ``(M,)`` uint8 test labels in 0..9.
        source: Path the data was read from.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    _checksum: Optional[str] = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", os.fspath(self.source))
        for name in NPZ_KEYS:
            value = getattr(self, name)
            if not isinstance(value, np.ndarray):
                raise _error(self.source, f"{name} is a {type(value).__name__}, expected a numpy array")
            if value.dtype != np.uint8:
                raise _error(self.source, f"{name} has dtype {value.dtype}, expected uint8")
            view = np.ascontiguousarray(value).view()
            view.flags.writeable = False
            object.__setattr__(self, name, view)
        for split in ("train", "test"):
            images: np.ndarray = getattr(self, f"x_{split}")
            labels: np.ndarray = getattr(self, f"y_{split}")
            if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
                raise _error(self.source, f"x_{split} has shape {images.shape}, expected (N, 28, 28)")
            if labels.ndim != 1:
                raise _error(self.source, f"y_{split} has shape {labels.shape}, expected (N,)")
            if images.shape[0] != labels.shape[0]:
                raise _error(
                    self.source,
                    f"{split} split has {images.shape[0]} images but {labels.shape[0]} labels",
                )
            if images.shape[0] == 0:
                raise _error(self.source, f"{split} split is empty")
            _check_label_range(self.source, labels, f"y_{split} ")

    def checksum(self) -> str:
        """SHA-256 hex digest over the bytes of x_train, y_train, x_test, y_test.

        Computed once and cached (the arrays are read-only).

        Returns:
            64 lowercase hex digits.
        """
        cached = self._checksum
        if cached is None:
            digest = hashlib.sha256()
            for name in NPZ_KEYS:
                digest.update(getattr(self, name).data)
            cached = digest.hexdigest()
            object.__setattr__(self, "_checksum", cached)
        return cached

    @property
    def num_train(self) -> int:
        """Number of training samples."""
        return int(self.x_train.shape[0])

    @property
    def num_test(self) -> int:
        """Number of test samples."""
        return int(self.x_test.shape[0])

    def __repr__(self) -> str:
        return (
            f"MnistData(train={self.num_train}, test={self.num_test}, "
            f"source={self.source!r})"
        )


def _check_label_range(path: PathLike, labels: np.ndarray, what: str = "") -> None:
    """Raise :class:`DatasetError` at the first label outside 0..9."""
    bad = np.flatnonzero(labels >= NUM_CLASSES)
    if bad.size:
        index = int(bad[0])
        raise _error(
            path,
            f"{what}label {int(labels[index])} out of range 0-{NUM_CLASSES - 1} at index {index}",
        )


def _stat_regular_file(path: Path) -> int:
    """Return the size of ``path``, raising :class:`DatasetError` unless it is a non-empty file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _error(path, "file not found") from None
    except OSError as exc:
        raise _error(path, f"cannot read file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise _error(path, "is a folder, not a file")
    if size == 0:
        raise _error(path, "empty file")
    return size
