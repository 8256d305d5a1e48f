"""Finding, reading, validating and downloading the MNIST data set: the public names (no Qt here).

Two on-disk formats are understood: the four original IDX files, plain or gzip-compressed
(:mod:`~mnist_gui.core.mnist_idx`), and the ``mnist.npz`` archive that Keras downloads
(:mod:`~mnist_gui.core.mnist_npz`).  :mod:`~mnist_gui.core.mnist_find` looks for a data set and
loads whichever format is there; :mod:`~mnist_gui.core.mnist_download` downloads, verifies and
installs ``mnist.npz``.  :mod:`~mnist_gui.core.mnist_base` holds what they share: the validated
:class:`MnistData`, the error classes and the limits.

Everything read from disk is treated as untrusted: magic numbers, header dimensions, header
counts against the real amount of data, dtypes, shapes and label ranges are all checked,
pickled data is never loaded, and no header may make the reader allocate more than
:data:`MAX_ARRAY_BYTES`.  Every problem is reported as a :class:`DatasetError` whose message is
one line naming the file and what is wrong with it.

This module only re-exports, so that callers import one name.  Something that replaces a name
for a test (``monkeypatch.setattr``) must replace it in the module that defines and uses it:
replacing it here changes nothing.
"""
from __future__ import annotations

from mnist_gui.core.mnist_base import (
    IMAGE_SIZE,
    MAX_ARRAY_BYTES,
    NPZ_KEYS,
    NUM_CLASSES,
    DatasetError,
    DownloadCancelled,
    DownloadError,
    MnistData,
    PathLike,
    ProgressCallback,
)
from mnist_gui.core.mnist_download import (
    DOWNLOAD_CHUNK,
    DOWNLOAD_DEADLINE_S,
    MAX_DOWNLOAD_BYTES,
    MNIST_SHA256,
    MNIST_URL,
    download_mnist,
    load_or_download,
    mirror,
)
from mnist_gui.core.mnist_find import (
    find_mnist,
    find_mnist_in,
    load_mnist,
    user_mnist_dir,
)
from mnist_gui.core.mnist_idx import (
    IDX_FILES,
    IMAGE_MAGIC,
    LABEL_MAGIC,
    load_mnist_dir,
    read_idx_images,
    read_idx_labels,
)
from mnist_gui.core.mnist_npz import NPZ_NAME, load_mnist_npz

__all__ = [
    "DOWNLOAD_CHUNK",
    "DOWNLOAD_DEADLINE_S",
    "IDX_FILES",
    "IMAGE_MAGIC",
    "IMAGE_SIZE",
    "LABEL_MAGIC",
    "MAX_ARRAY_BYTES",
    "MAX_DOWNLOAD_BYTES",
    "MNIST_SHA256",
    "MNIST_URL",
    "NPZ_KEYS",
    "NPZ_NAME",
    "NUM_CLASSES",
    "DatasetError",
    "DownloadCancelled",
    "DownloadError",
    "MnistData",
    "PathLike",
    "ProgressCallback",
    "download_mnist",
    "find_mnist",
    "find_mnist_in",
    "load_mnist",
    "load_mnist_dir",
    "load_mnist_npz",
    "load_or_download",
    "mirror",
    "read_idx_images",
    "read_idx_labels",
    "user_mnist_dir",
]
