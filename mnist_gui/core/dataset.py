"""Finding, reading, validating and downloading the MNIST data set (no Qt here).

Two on-disk formats are understood:

* the four original IDX files (``train-images-idx3-ubyte`` and friends), each
  either plain or gzip-compressed (gzip is detected by its magic bytes, never by
  the file name), also with the common ``train-images.idx3-ubyte`` spelling;
* the ``mnist.npz`` archive that Keras downloads.

Everything read from disk is treated as untrusted: magic numbers, header
dimensions, header counts against the real amount of data, dtypes, shapes and
label ranges are all checked, pickled data is never loaded, and no header may
make the reader allocate more than :data:`MAX_ARRAY_BYTES`.  Every problem is
reported as a :class:`DatasetError` whose message is one line naming the file
and what is wrong with it.

Downloads always use a timeout, stream into ``mnist.npz.part``, report progress,
can be cancelled, are verified (size, SHA-256, full validation) and only then
renamed to ``mnist.npz``; a failed download leaves no file behind and never
touches an earlier ``mnist.npz``.

The arrays of a :class:`MnistData` are read-only views, so its cached
:meth:`MnistData.checksum` stays valid; copy an array before changing it in place.
"""
from __future__ import annotations

import gzip
import hashlib
import http.client
import logging
import math
import os
import re
import struct
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Dict, Optional, Tuple, Union

import numpy as np

from mnist_gui.paths import user_data_dir

logger = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]
ProgressCallback = Callable[[int, int], None]

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
"""Where Keras downloads ``mnist.npz`` from."""

MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
"""SHA-256 of :data:`MNIST_URL`, as used by ``keras/src/datasets/mnist.py``."""

NPZ_NAME = "mnist.npz"
IMAGE_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
LABEL_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension
IMAGE_SIZE = 28
NUM_CLASSES = 10

MAX_ARRAY_BYTES = 200 * 1024 * 1024
"""Largest array a file may announce (the real training images are ~47 MB)."""

DOWNLOAD_DEADLINE_S = 600.0
"""A whole download must finish within this (per-read timeouts alone let a trickle run forever)."""


def mirror() -> Tuple[str, str]:
    """(url, sha256) to download ``mnist.npz`` from: the public file, or a mirror named by the
    environment variables MNIST_URL and MNIST_SHA256 together (an intranet copy; tests)."""
    url, sha = os.environ.get("MNIST_URL"), os.environ.get("MNIST_SHA256")
    if url and sha:
        return url, sha
    if url or sha:
        logger.warning("MNIST_URL and MNIST_SHA256 must be set together; using the public file")
    return MNIST_URL, MNIST_SHA256


MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024
"""Largest body accepted from the download server (the real file is ~11 MB)."""

DOWNLOAD_CHUNK = 64 * 1024

NPZ_KEYS = ("x_train", "y_train", "x_test", "y_test")

# Standard IDX base names, in the order train images, train labels, test images, test labels.
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}

_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_NPY_MAX_HEADER = 10_000


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


# --------------------------------------------------------------------------- IDX files


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


# --------------------------------------------------------------------------- npz files


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
    except ValueError as exc:
        raise _error(path, f"invalid npz content: {exc}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, NotImplementedError) as exc:
        # NotImplementedError: a damaged header announcing an unknown zip version or compression
        raise _error(path, f"corrupt npz archive: {exc}") from None
    data = MnistData(source=str(path), **arrays)
    logger.info("Loaded MNIST from %s: %d train, %d test", path, data.num_train, data.num_test)
    return data


# --------------------------------------------------------------------------- discovery


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


# --------------------------------------------------------------------------- download


def _content_length(response: http.client.HTTPResponse) -> int:
    value = response.headers.get("Content-Length")
    if value is None:
        return -1
    try:
        length = int(value.strip())
    except ValueError:
        return -1
    return length if length >= 0 else -1


def _fetch(
    url: str,
    part: Path,
    sha256: str,
    timeout: float,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
    deadline_s: float = DOWNLOAD_DEADLINE_S,
) -> None:
    """Stream ``url`` into ``part`` and verify its size and SHA-256, within ``deadline_s``."""
    where = f"download of {url}"
    deadline = time.monotonic() + deadline_s

    def check_cancel() -> None:
        if cancel is not None and cancel.is_set():
            raise DownloadCancelled(f"{where}: cancelled")
        if time.monotonic() > deadline:
            raise DownloadError(f"{where}: not finished after {deadline_s:g} s; gave up")

    request = urllib.request.Request(
        url, headers={"User-Agent": "mnist-gui", "Accept-Encoding": "identity"}
    )
    digest = hashlib.sha256()
    done = 0
    total = -1
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            total = _content_length(response)
            if total > MAX_DOWNLOAD_BYTES:
                raise DownloadError(
                    f"{where}: server announces {total} bytes, more than the limit of "
                    f"{MAX_DOWNLOAD_BYTES}"
                )
            if progress is not None:
                progress(0, total)
            with open(part, "r+b") as out:
                out.truncate(0)
                while True:
                    check_cancel()
                    chunk = response.read1(DOWNLOAD_CHUNK)  # what has arrived: cancel and deadline stay prompt
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > MAX_DOWNLOAD_BYTES or (total >= 0 and done > total):
                        raise DownloadError(
                            f"{where}: server sent more data than "
                            f"{total if total >= 0 else MAX_DOWNLOAD_BYTES} bytes"
                        )
                    out.write(chunk)
                    digest.update(chunk)
                    if progress is not None:
                        progress(done, total)
                out.flush()
                os.fsync(out.fileno())
    except DatasetError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        raise DownloadError(f"{where}: HTTP error {exc.code} {_one_line(exc.reason)}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise DownloadError(f"{where}: timed out after {timeout:g} s") from None
        raise DownloadError(f"{where}: cannot connect: {_one_line(exc.reason)}") from None
    except TimeoutError:
        raise DownloadError(
            f"{where}: timed out (no data for {timeout:g} s after {done} bytes)"
        ) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise DownloadError(
            f"{where}: failed after {done} bytes: {_one_line(exc) or type(exc).__name__}"
        ) from None
    check_cancel()
    if total >= 0 and done != total:
        raise DownloadError(f"{where}: truncated, received {done} of {total} bytes")
    actual = digest.hexdigest()
    if actual != sha256:
        raise DownloadError(
            f"{where}: SHA-256 mismatch, got {actual}, expected {sha256} ({done} bytes)"
        )


def _remove_stale_parts(dest: Path) -> None:
    """Temporary files of downloads killed long ago (none can still be running) are removed."""
    cutoff = time.time() - 2 * DOWNLOAD_DEADLINE_S
    for stale in dest.glob(NPZ_NAME + ".*.part"):
        try:
            if stale.stat().st_mtime < cutoff:
                stale.unlink()
        except OSError:
            pass


def _download_and_load(
    dest_dir: PathLike | None,
    url: str,
    sha256: str,
    timeout: float,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> Tuple[Path, MnistData]:
    """Download, verify, validate and install ``mnist.npz``; return its path and data."""
    sha256 = sha256.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError(f"sha256 must be 64 hex digits, got {sha256!r}")
    if not timeout or timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout!r}")
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise DownloadError(f"download of {url}: only http and https URLs are allowed")
    dest = Path(dest_dir) if dest_dir is not None else user_mnist_dir()
    final = dest / NPZ_NAME
    if cancel is not None and cancel.is_set():
        raise DownloadCancelled(f"download of {url}: cancelled")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(dest)
        # Each download its own temporary file: two at once never write into each other.
        fd, part_name = tempfile.mkstemp(prefix=NPZ_NAME + ".", suffix=".part", dir=dest)
        os.close(fd)
    except OSError as exc:
        raise DownloadError(f"{dest}: cannot create folder: {exc.strerror or exc}") from None
    part = Path(part_name)
    logger.info("Downloading %s to %s", url, final)
    installed = False
    try:
        _fetch(url, part, sha256, timeout, progress, cancel)
        try:
            data = load_mnist_npz(part)
        except DatasetError as exc:
            raise DownloadError(f"download of {url}: downloaded file is invalid: {exc}") from None
        if cancel is not None and cancel.is_set():
            raise DownloadCancelled(f"download of {url}: cancelled")
        try:
            os.replace(part, final)
        except OSError as exc:
            raise DownloadError(
                f"{final}: cannot move the downloaded file into place: {exc.strerror or exc}"
            ) from None
        installed = True
    finally:
        if not installed:
            try:
                part.unlink(missing_ok=True)
            except OSError:
                logger.warning("Could not remove partial download %s", part, exc_info=True)
    logger.info("Downloaded and verified %s", final)
    return final, MnistData(
        x_train=data.x_train,
        y_train=data.y_train,
        x_test=data.x_test,
        y_test=data.y_test,
        source=str(final),
    )


def download_mnist(
    dest_dir: PathLike | None = None,
    *,
    url: str = MNIST_URL,
    sha256: str = MNIST_SHA256,
    timeout: float = 30.0,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Download ``mnist.npz``, verify it and install it atomically.

    The body is streamed to ``<dest_dir>/mnist.npz.part``; its length is checked
    against Content-Length, its SHA-256 against ``sha256``, and it is fully
    validated before being renamed to ``mnist.npz``. On any failure or cancel
    the ``.part`` file is removed and an existing ``mnist.npz`` is left untouched.

    Args:
        dest_dir: Target folder (created if needed); defaults to :func:`user_mnist_dir`.
        url: Where to download from (http or https).
        sha256: Expected SHA-256 hex digest of the file.
        timeout: Seconds allowed for connecting and for each read; a server that
            stalls longer fails the download.
        progress: Called as ``progress(bytes_done, bytes_total)`` (total is -1
            when the server does not say), from the calling thread.
        cancel: When set, the download stops at the next chunk with
            :class:`DownloadCancelled`.

    Returns:
        Path of the verified ``mnist.npz``.

    Raises:
        DownloadCancelled: If ``cancel`` was set.
        DownloadError: On network errors, timeouts, truncated or oversized
            bodies, checksum mismatch, invalid content or file system errors.
        ValueError: If ``sha256`` or ``timeout`` is malformed.
    """
    if url == MNIST_URL and sha256 == MNIST_SHA256:
        url, sha256 = mirror()
    final, _data = _download_and_load(dest_dir, url, sha256, timeout, progress, cancel)
    return final


def load_or_download(
    explicit: PathLike | None = None,
    *,
    allow_download: bool = True,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> MnistData:
    """Load MNIST from wherever :func:`find_mnist` finds it, downloading it if allowed.

    Args:
        explicit: Folder or file the user named (must exist and hold a data set).
        allow_download: Download into :func:`user_mnist_dir` when nothing is found.
        progress: Passed to :func:`download_mnist`.
        cancel: Passed to :func:`download_mnist`.

    Returns:
        The validated data.

    Raises:
        DatasetError: If nothing is found and downloading is not allowed, or the
            data found is invalid.
        DownloadError: If the download fails (DownloadCancelled if cancelled).
    """
    found = find_mnist(explicit)
    if found is not None:
        return load_mnist(found)
    if not allow_download:
        env = os.environ.get("MNIST_DIR")
        looked = ([f"MNIST_DIR={env}"] if env else []) + [str(user_mnist_dir())]
        raise DatasetError(
            f"{user_mnist_dir()}: no MNIST data set found (looked in {', '.join(looked)}) "
            "and downloading is not allowed"
        )
    url, sha256 = mirror()
    _path, data = _download_and_load(None, url, sha256, 30.0, progress, cancel)
    return data
