"""Downloading ``mnist.npz``: streamed, bounded, cancellable, verified, then installed atomically.

Downloads always use a timeout and an overall deadline, stream into a temporary
``mnist.npz.*.part``, report progress, can be cancelled, are verified (size, SHA-256, full
validation) and only then renamed to ``mnist.npz``; a failed download leaves no file behind and
never touches an earlier ``mnist.npz``.
"""
from __future__ import annotations

import hashlib
import http.client
import logging
import os
import re
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Tuple

from mnist_gui.core.mnist_base import (
    DatasetError,
    DownloadCancelled,
    DownloadError,
    MnistData,
    PathLike,
    ProgressCallback,
    _one_line,
)
from mnist_gui.core.mnist_find import find_mnist, load_mnist, user_mnist_dir
from mnist_gui.core.mnist_npz import NPZ_NAME, load_mnist_npz

logger = logging.getLogger(__name__)

MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
"""Where Keras downloads ``mnist.npz`` from."""

MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
"""SHA-256 of :data:`MNIST_URL`, as used by ``keras/src/datasets/mnist.py``."""

DOWNLOAD_DEADLINE_S = 600.0
"""A whole download must finish within this (per-read timeouts alone let a trickle run forever)."""

MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024
"""Largest body accepted from the download server (the real file is ~11 MB)."""

DOWNLOAD_CHUNK = 64 * 1024


def mirror() -> Tuple[str, str]:
    """(url, sha256) to download ``mnist.npz`` from: the public file, or a mirror named by the
    environment variables MNIST_URL and MNIST_SHA256 together (an intranet copy; tests)."""
    url, sha = os.environ.get("MNIST_URL"), os.environ.get("MNIST_SHA256")
    if url and sha:
        return url, sha
    if url or sha:
        logger.warning("MNIST_URL and MNIST_SHA256 must be set together; using the public file")
    return MNIST_URL, MNIST_SHA256


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
