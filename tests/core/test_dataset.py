"""Tests for mnist_gui.core.dataset: IDX/npz validation, discovery and downloads.

The names come through the facade :mod:`mnist_gui.core.dataset`; a name a test replaces is
replaced in the module that looks it up (mnist_npz, mnist_download), where the patch takes effect."""
from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import os
import struct
import threading
import time
import zipfile
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pytest

from mnist_gui.core import mnist_download, mnist_npz
from mnist_gui.core.dataset import (
    DatasetError,
    DownloadCancelled,
    DownloadError,
    MnistData,
    download_mnist,
    find_mnist,
    load_mnist,
    load_mnist_dir,
    load_mnist_npz,
    load_or_download,
    read_idx_images,
    read_idx_labels,
    user_mnist_dir,
)

N_TRAIN = 12
N_TEST = 7
STD_NAMES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


# --------------------------------------------------------------------------- helpers


def make_arrays(n_train: int = N_TRAIN, n_test: int = N_TEST, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": (np.arange(n_test) % 10).astype(np.uint8),
    }


def idx_bytes(
    data: np.ndarray,
    *,
    magic: int | None = None,
    dims: tuple[int, ...] | None = None,
    extra: bytes = b"",
    cut: int = 0,
) -> bytes:
    """IDX file content for ``data``; header fields and the body can be falsified."""
    if magic is None:
        magic = 2051 if data.ndim == 3 else 2049
    if dims is None:
        dims = data.shape
    header = struct.pack(">I", magic) + struct.pack(f">{len(dims)}I", *dims)
    body = data.astype(np.uint8).tobytes()
    if cut:
        body = body[:-cut]
    return header + body + extra


def write(path: Path, content: bytes, gz: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(content) if gz else content)
    return path


def write_idx_dir(
    folder: Path, arrays: dict | None = None, gz: bool = False, dotted: bool = False
) -> dict:
    arrays = arrays if arrays is not None else make_arrays()
    for key, base in STD_NAMES.items():
        name = base.replace("-idx", ".idx") if dotted else base
        if gz:
            name += ".gz"
        write(folder / name, idx_bytes(arrays[key]), gz=gz)
    return arrays


def npz_bytes(arrays: dict | None = None, **overrides) -> bytes:
    arrays = dict(arrays if arrays is not None else make_arrays())
    for key, value in overrides.items():
        if value is None:
            arrays.pop(key)
        else:
            arrays[key] = value
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def assert_same(data: MnistData, arrays: dict) -> None:
    for key in ("x_train", "y_train", "x_test", "y_test"):
        got = getattr(data, key)
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[key])


def assert_message(exc: pytest.ExceptionInfo, path: Path | str, *fragments: str) -> None:
    text = str(exc.value)
    assert "\n" not in text
    assert str(path) in text, text
    for fragment in fragments:
        assert fragment in text, text


# --------------------------------------------------------------------------- good files


def test_plain_idx_dir(tmp_path: Path) -> None:
    arrays = write_idx_dir(tmp_path)
    data = load_mnist_dir(tmp_path)
    assert_same(data, arrays)
    assert data.source == str(tmp_path)
    assert data.x_train.shape == (N_TRAIN, 28, 28)


def test_gz_idx_dir(tmp_path: Path) -> None:
    arrays = write_idx_dir(tmp_path, gz=True)
    assert_same(load_mnist(tmp_path), arrays)


def test_dot_variant_names(tmp_path: Path) -> None:
    arrays = write_idx_dir(tmp_path, dotted=True)
    assert (tmp_path / "train-images.idx3-ubyte").is_file()
    assert_same(load_mnist(tmp_path), arrays)


def test_dot_variant_gz_names(tmp_path: Path) -> None:
    arrays = write_idx_dir(tmp_path, dotted=True, gz=True)
    assert_same(load_mnist(tmp_path), arrays)


def test_gzip_detected_by_magic_not_extension(tmp_path: Path) -> None:
    arrays = make_arrays()
    # gzip content without .gz, plain content with .gz: both must load.
    img = write(tmp_path / "images", idx_bytes(arrays["x_train"]), gz=True)
    lab = write(tmp_path / "labels.gz", idx_bytes(arrays["y_train"]))
    np.testing.assert_array_equal(read_idx_images(img), arrays["x_train"])
    np.testing.assert_array_equal(read_idx_labels(lab), arrays["y_train"])


def test_npz_file_and_folder(tmp_path: Path) -> None:
    arrays = make_arrays()
    npz = write(tmp_path / "mnist.npz", npz_bytes(arrays))
    assert_same(load_mnist_npz(npz), arrays)
    assert_same(load_mnist(npz), arrays)
    data = load_mnist(tmp_path)  # folder with mnist.npz only
    assert_same(data, arrays)
    assert data.source == str(npz)


def test_npz_uncompressed_any_name(tmp_path: Path) -> None:
    arrays = make_arrays()
    path = tmp_path / "whatever.bin"
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)
    assert_same(load_mnist(path), arrays)


def test_mnistdata_checksum_and_readonly(tmp_path: Path) -> None:
    arrays = make_arrays()
    write_idx_dir(tmp_path / "a", arrays)
    write(tmp_path / "b" / "mnist.npz", npz_bytes(arrays))
    a = load_mnist(tmp_path / "a")
    b = load_mnist(tmp_path / "b")
    expected = hashlib.sha256(
        b"".join(arrays[k].tobytes() for k in ("x_train", "y_train", "x_test", "y_test"))
    ).hexdigest()
    assert a.checksum() == expected == b.checksum()
    assert a.checksum() is a.checksum()  # cached
    other = make_arrays(seed=1)
    assert MnistData(source="x", **other).checksum() != expected
    with pytest.raises(ValueError):
        a.x_train[0, 0, 0] = 1
    assert "train=12" in repr(a)


def test_mnistdata_validates_direct_construction() -> None:
    arrays = make_arrays()
    arrays["y_test"] = arrays["y_test"].astype(np.int64)
    with pytest.raises(DatasetError, match="src: y_test has dtype int64"):
        MnistData(source="src", **arrays)
    arrays = make_arrays()
    arrays["y_train"] = arrays["y_train"].copy()
    arrays["y_train"][5] = 10
    with pytest.raises(DatasetError, match="src: y_train label 10 out of range 0-9 at index 5"):
        MnistData(source="src", **arrays)


# --------------------------------------------------------------------------- corrupt IDX


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "train-images-idx3-ubyte"
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "not found")


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path / "train-labels-idx1-ubyte", b"")
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert_message(exc, path, "empty file")


@pytest.mark.parametrize("gz", [False, True])
def test_wrong_magic(tmp_path: Path, gz: bool) -> None:
    arrays = make_arrays()
    path = write(tmp_path / "imgs", idx_bytes(arrays["y_train"]), gz=gz)  # a label file
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "bad magic number 2049", "expected 2051")
    path = write(tmp_path / "labels", idx_bytes(arrays["y_train"], magic=0x12345678), gz=gz)
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert_message(exc, path, "bad magic number", "expected 2049")


def test_wrong_image_dims(tmp_path: Path) -> None:
    data = np.zeros((3, 28, 27), np.uint8)
    path = write(tmp_path / "imgs", idx_bytes(data))
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "28x27", "expected 28x28")


@pytest.mark.parametrize("gz", [False, True])
def test_truncated(tmp_path: Path, gz: bool) -> None:
    arrays = make_arrays()
    path = write(tmp_path / "imgs", idx_bytes(arrays["x_train"], cut=5), gz=gz)
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "truncated", f"{N_TRAIN} items")
    # Header announces more labels than are present.
    path = write(tmp_path / "labels", idx_bytes(arrays["y_train"], dims=(N_TRAIN + 1,)), gz=gz)
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert_message(exc, path, "truncated")


def test_truncated_header(tmp_path: Path) -> None:
    path = write(tmp_path / "imgs", struct.pack(">II", 2051, 5))
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "truncated header")
    path = write(tmp_path / "tiny", b"\x00\x00")
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert_message(exc, path, "truncated header")


@pytest.mark.parametrize("gz", [False, True])
def test_trailing_bytes(tmp_path: Path, gz: bool) -> None:
    arrays = make_arrays()
    path = write(tmp_path / "imgs", idx_bytes(arrays["x_train"], extra=b"\x00" * 3), gz=gz)
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "trailing")
    path = write(tmp_path / "labels", idx_bytes(arrays["y_train"], extra=b"\x01"), gz=gz)
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert_message(exc, path, "trailing")


def test_garbage_after_gzip_member(tmp_path: Path) -> None:
    arrays = make_arrays()
    path = write(tmp_path / "labels.gz", gzip.compress(idx_bytes(arrays["y_train"])) + b"junk!")
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert_message(exc, path, "corrupt gzip")


def test_label_out_of_range(tmp_path: Path) -> None:
    labels = np.array([0, 1, 2, 11, 4, 12], np.uint8)
    path = write(tmp_path / "train-labels-idx1-ubyte.gz", idx_bytes(labels), gz=True)
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert str(exc.value) == f"{path}: label 11 out of range 0-9 at index 3"


def test_corrupt_gzip(tmp_path: Path) -> None:
    arrays = make_arrays()
    good = gzip.compress(idx_bytes(arrays["x_train"]))
    # Truncated compressed stream.
    path = write(tmp_path / "cut.gz", good[: len(good) // 2])
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "corrupt gzip")
    # Garbage deflate data after a valid gzip header.
    path = write(tmp_path / "bad.gz", good[:10] + bytes(range(256)) * 4)
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "corrupt gzip")
    # Flipped CRC in the trailer.
    broken = bytearray(good)
    broken[-8] ^= 0xFF
    path = write(tmp_path / "crc.gz", bytes(broken))
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "corrupt gzip")


def test_huge_header_refused(tmp_path: Path) -> None:
    # A tiny gzip file announcing 4 billion images must be refused before reading.
    header = struct.pack(">IIII", 2051, 0xFFFFFFFF, 28, 28)
    path = write(tmp_path / "bomb.gz", header, gz=True)
    with pytest.raises(DatasetError) as exc:
        read_idx_images(path)
    assert_message(exc, path, "limit")
    path = write(tmp_path / "bomb-labels", struct.pack(">II", 2049, 0xFFFFFFFF))
    with pytest.raises(DatasetError) as exc:
        read_idx_labels(path)
    assert_message(exc, path, "limit")


def test_count_mismatch_between_images_and_labels(tmp_path: Path) -> None:
    arrays = make_arrays()
    arrays["y_test"] = arrays["y_test"][:-1]
    write_idx_dir(tmp_path, arrays)
    with pytest.raises(DatasetError) as exc:
        load_mnist(tmp_path)
    assert_message(
        exc,
        tmp_path / "t10k-images-idx3-ubyte",
        f"{N_TEST} images",
        f"{N_TEST - 1} labels",
        "t10k-labels-idx1-ubyte",
    )


def test_dir_missing_one_file(tmp_path: Path) -> None:
    write_idx_dir(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(DatasetError) as exc:
        load_mnist(tmp_path)
    assert_message(exc, tmp_path, "missing", "t10k-labels-idx1-ubyte")


def test_dir_corrupt_file_named(tmp_path: Path) -> None:
    write_idx_dir(tmp_path, gz=True)
    bad = tmp_path / "train-labels-idx1-ubyte.gz"
    bad.write_bytes(b"\x1f\x8b" + b"\x00" * 20)
    with pytest.raises(DatasetError) as exc:
        load_mnist(tmp_path)
    assert_message(exc, bad, "corrupt gzip")


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as exc:
        load_mnist(tmp_path)
    assert_message(exc, tmp_path, "no MNIST files")
    with pytest.raises(DatasetError) as exc:
        load_mnist(tmp_path / "nope")
    assert_message(exc, tmp_path / "nope", "not found")


# --------------------------------------------------------------------------- corrupt npz


def test_npz_missing_key(tmp_path: Path) -> None:
    path = write(tmp_path / "mnist.npz", npz_bytes(y_test=None))
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "missing key", "y_test")


def test_npz_wrong_dtype(tmp_path: Path) -> None:
    arrays = make_arrays()
    path = write(tmp_path / "mnist.npz", npz_bytes(x_train=arrays["x_train"].astype(np.float32)))
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "x_train", "float32", "uint8")


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("x_train", np.zeros((N_TRAIN, 28, 27), np.uint8), "x_train has shape"),
        ("x_test", np.zeros((N_TEST, 784), np.uint8), "x_test has shape"),
        ("y_train", np.zeros((N_TRAIN, 1), np.uint8), "y_train has shape"),
        ("y_train", np.zeros((N_TRAIN - 1,), np.uint8), "labels"),
    ],
)
def test_npz_wrong_shape(tmp_path: Path, key: str, value: np.ndarray, fragment: str) -> None:
    path = write(tmp_path / "mnist.npz", npz_bytes(**{key: value}))
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, fragment)


def test_npz_label_out_of_range(tmp_path: Path) -> None:
    labels = np.zeros(N_TEST, np.uint8)
    labels[2] = 200
    path = write(tmp_path / "mnist.npz", npz_bytes(y_test=labels))
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "label 200 out of range 0-9 at index 2")


def test_npz_object_array_refused(tmp_path: Path) -> None:
    objects = np.empty(N_TRAIN, dtype=object)
    objects[:] = [{"a": i} for i in range(N_TRAIN)]
    path = write(tmp_path / "mnist.npz", npz_bytes(y_train=objects))
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "y_train")


def test_npz_pickle_valueerror_converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Even if the header pre-check were bypassed, np.load(allow_pickle=False) refuses.
    objects = np.empty(N_TRAIN, dtype=object)
    path = write(tmp_path / "mnist.npz", npz_bytes(y_train=objects))
    monkeypatch.setattr(mnist_npz, "_check_npz_member", lambda *args: None)
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "allow_pickle")


def test_npz_not_a_zip(tmp_path: Path) -> None:
    path = write(tmp_path / "mnist.npz", b"this is not a zip archive at all")
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "not an npz")
    # A bare .npy file is not an npz archive either.
    npy = tmp_path / "x.npy"
    np.save(npy, np.zeros(3, np.uint8))
    with pytest.raises(DatasetError) as exc:
        load_mnist(npy)
    assert_message(exc, npy, "not an npz")


def test_npz_corrupt_zip(tmp_path: Path) -> None:
    good = npz_bytes()
    path = write(tmp_path / "mnist.npz", good[: len(good) // 2])
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path)


def test_npz_huge_header_refused(tmp_path: Path) -> None:
    # An .npy member whose header announces a gigantic array; only the header is stored.
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "|u1", "fortran_order": False, "shape": (10**9, 28, 28)}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for key in ("x_train", "y_train", "x_test", "y_test"):
            zf.writestr(f"{key}.npy", header.getvalue() if key == "x_train" else b"")
    path = write(tmp_path / "mnist.npz", buffer.getvalue())
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "limit")


def test_npz_empty_and_missing(tmp_path: Path) -> None:
    path = write(tmp_path / "mnist.npz", b"")
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(path)
    assert_message(exc, path, "empty file")
    with pytest.raises(DatasetError) as exc:
        load_mnist_npz(tmp_path / "gone.npz")
    assert_message(exc, tmp_path / "gone.npz", "not found")


# --------------------------------------------------------------------------- discovery


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("MNIST_GUI_HOME", str(home))
    for var in ("MNIST_DIR", "MNIST_URL", "MNIST_SHA256"):  # a mirror set for the whole run
        monkeypatch.delenv(var, raising=False)
    return home


def test_user_mnist_dir(isolated_env: Path) -> None:
    assert user_mnist_dir() == isolated_env / "mnist"


def test_find_mnist_order(tmp_path: Path, isolated_env: Path, monkeypatch) -> None:
    assert find_mnist() is None
    user = isolated_env / "mnist"
    write(user / "mnist.npz", npz_bytes())
    assert find_mnist() == user
    env_dir = tmp_path / "env"
    write_idx_dir(env_dir)
    monkeypatch.setenv("MNIST_DIR", str(env_dir))
    assert find_mnist() == env_dir
    explicit = tmp_path / "explicit"
    write_idx_dir(explicit, gz=True)
    assert find_mnist(explicit) == explicit
    assert find_mnist(str(explicit)) == explicit
    explicit_file = write(tmp_path / "my.npz", npz_bytes())
    assert find_mnist(explicit_file) == explicit_file


def test_find_mnist_skips_empty_env_dir(tmp_path: Path, isolated_env: Path, monkeypatch) -> None:
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "empty"))
    assert find_mnist() is None
    write(isolated_env / "mnist" / "mnist.npz", npz_bytes())
    assert find_mnist() == isolated_env / "mnist"


def test_find_mnist_explicit_must_exist(tmp_path: Path, isolated_env: Path) -> None:
    write(isolated_env / "mnist" / "mnist.npz", npz_bytes())
    with pytest.raises(DatasetError) as exc:
        find_mnist(tmp_path / "missing")
    assert_message(exc, tmp_path / "missing", "not found")
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(DatasetError) as exc:
        find_mnist(tmp_path / "emptydir")
    assert_message(exc, tmp_path / "emptydir", "no MNIST files")


def test_load_or_download_no_download(tmp_path: Path, isolated_env: Path) -> None:
    with pytest.raises(DatasetError) as exc:
        load_or_download(allow_download=False)
    assert "downloading is not allowed" in str(exc.value)
    arrays = write_idx_dir(tmp_path / "d")
    assert_same(load_or_download(tmp_path / "d", allow_download=False), arrays)


# --------------------------------------------------------------------------- downloads


class Server:
    """A ThreadingHTTPServer on 127.0.0.1 whose GET behaviour a test chooses."""

    def __init__(self, behaviour: Callable[[http.server.BaseHTTPRequestHandler, "Server"], None]):
        self.stop = threading.Event()
        server_self = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                try:
                    behaviour(self, server_self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/mnist.npz"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable]:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    servers: list[Server] = []

    def start(behaviour) -> Server:
        server = Server(behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def send_body(body: bytes, length: int | None = None) -> Callable:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(body) if length is None else length))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True

    return behaviour


@pytest.fixture(scope="module")
def good_npz() -> bytes:
    # Big enough for several 64 KiB chunks.
    return npz_bytes(make_arrays(n_train=300, n_test=100))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_good(tmp_path: Path, serve, good_npz: bytes) -> None:
    server = serve(send_body(good_npz))
    calls: list[tuple[int, int]] = []
    dest = tmp_path / "new" / "dir"
    path = download_mnist(
        dest, url=server.url, sha256=sha(good_npz), timeout=5, progress=lambda d, t: calls.append((d, t))
    )
    assert path == dest / "mnist.npz"
    assert path.read_bytes() == good_npz
    assert leftovers(dest) == ["mnist.npz"]
    assert calls[0] == (0, len(good_npz))
    assert calls[-1] == (len(good_npz), len(good_npz))
    assert len(calls) > 2
    assert load_mnist(dest).x_train.shape == (300, 28, 28)


def test_download_sha_mismatch(tmp_path: Path, serve, good_npz: bytes) -> None:
    server = serve(send_body(good_npz))
    with pytest.raises(DownloadError) as exc:
        download_mnist(tmp_path, url=server.url, sha256="0" * 64, timeout=5)
    assert "SHA-256 mismatch" in str(exc.value)
    assert server.url in str(exc.value)
    assert leftovers(tmp_path) == []


def test_download_wrong_bytes_default_sha(tmp_path: Path, serve) -> None:
    server = serve(send_body(b"<html>not what you wanted</html>"))
    with pytest.raises(DownloadError, match="SHA-256 mismatch"):
        download_mnist(tmp_path, url=server.url, timeout=5)
    assert leftovers(tmp_path) == []


def test_download_truncated_body(tmp_path: Path, serve, good_npz: bytes) -> None:
    body = good_npz[:100_000]
    server = serve(send_body(body, length=len(good_npz)))
    with pytest.raises(DownloadError) as exc:
        download_mnist(tmp_path, url=server.url, sha256=sha(good_npz), timeout=5)
    assert f"truncated, received 100000 of {len(good_npz)} bytes" in str(exc.value)
    assert leftovers(tmp_path) == []


def test_download_valid_hash_invalid_content(tmp_path: Path, serve) -> None:
    body = b"not an npz"
    server = serve(send_body(body))
    with pytest.raises(DownloadError, match="invalid"):
        download_mnist(tmp_path, url=server.url, sha256=sha(body), timeout=5)
    assert leftovers(tmp_path) == []


def test_download_stall_times_out(tmp_path: Path, serve, good_npz: bytes) -> None:
    let_go = threading.Event()

    def stall(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(good_npz)))
        handler.end_headers()
        handler.wfile.write(good_npz[:1000])
        handler.wfile.flush()
        server.stop.wait(60)  # holds the connection open, silent, until the test ends
        let_go.set()

    server = serve(stall)
    with pytest.raises(DownloadError) as exc:
        download_mnist(tmp_path, url=server.url, sha256=sha(good_npz), timeout=1)
    # The client's own timeout ended it while the server still held the connection open
    # (had the server let go first, the error would say "truncated", not "timed out").
    assert "timed out" in str(exc.value)
    assert not let_go.is_set()
    assert leftovers(tmp_path) == []


def test_download_cancel(tmp_path: Path, serve, good_npz: bytes) -> None:
    server = serve(send_body(good_npz))
    cancel = threading.Event()
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done > 0:
            cancel.set()

    with pytest.raises(DownloadCancelled):
        download_mnist(tmp_path, url=server.url, sha256=sha(good_npz), timeout=5,
                       progress=progress, cancel=cancel)
    assert max(calls) < len(good_npz)
    assert leftovers(tmp_path) == []


def test_download_cancel_before_start(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled):
        download_mnist(tmp_path / "d", url="http://127.0.0.1:9/x", cancel=cancel)
    assert not (tmp_path / "d").exists()


def test_download_http_error_and_refused(tmp_path: Path, serve) -> None:
    def not_found(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
        handler.send_error(404)

    server = serve(not_found)
    with pytest.raises(DownloadError, match="HTTP error 404"):
        download_mnist(tmp_path, url=server.url, timeout=5)
    with pytest.raises(DownloadError, match="only http and https"):
        download_mnist(tmp_path, url="file:///etc/passwd")
    assert leftovers(tmp_path) == []


def test_failed_download_keeps_existing_file(tmp_path: Path, serve, good_npz: bytes) -> None:
    existing = npz_bytes()
    write(tmp_path / "mnist.npz", existing)
    before = os.stat(tmp_path / "mnist.npz").st_mtime_ns
    server = serve(send_body(good_npz))
    with pytest.raises(DownloadError):
        download_mnist(tmp_path, url=server.url, sha256="f" * 64, timeout=5)
    truncating = serve(send_body(good_npz[:5000], length=len(good_npz)))
    with pytest.raises(DownloadError):
        download_mnist(tmp_path, url=truncating.url, sha256=sha(good_npz), timeout=5)
    assert leftovers(tmp_path) == ["mnist.npz"]
    assert (tmp_path / "mnist.npz").read_bytes() == existing
    assert os.stat(tmp_path / "mnist.npz").st_mtime_ns == before


def test_load_or_download_downloads_to_user_dir(
    isolated_env: Path, serve, good_npz: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = serve(send_body(good_npz))
    monkeypatch.setattr(mnist_download, "MNIST_URL", server.url)  # where mirror() reads them
    monkeypatch.setattr(mnist_download, "MNIST_SHA256", sha(good_npz))
    data = load_or_download()
    assert data.source == str(isolated_env / "mnist" / "mnist.npz")
    assert data.x_test.shape == (100, 28, 28)
    assert find_mnist() == isolated_env / "mnist"


# --------------------------------------------------------------------------- real data


@pytest.mark.slow
def test_real_mnist(mnist_dir: Path) -> None:
    data = load_mnist(mnist_dir)
    assert data.x_train.shape == (60000, 28, 28)
    assert data.x_test.shape == (10000, 28, 28)
    assert data.y_train.shape == (60000,)
    assert data.y_test.shape == (10000,)
    assert int(np.count_nonzero(data.y_test == 1)) == 1135
    assert len(data.checksum()) == 64


# --------------------------------------------------------------------------- deadline, concurrency, mirror


def trickle(body: bytes, pause: float) -> Callable:
    """Sends the body a few bytes at a time, never idle long enough for a read timeout."""
    def behaviour(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        for i in range(0, len(body), 64):
            if server.stop.is_set():
                return
            handler.wfile.write(body[i:i + 64])
            handler.wfile.flush()
            time.sleep(pause)

    return behaviour


def test_download_has_an_overall_deadline(tmp_path: Path, serve, good_npz: bytes, monkeypatch) -> None:
    # 64 bytes every 10 ms: never idle long enough for the 5 s read timeout, and the whole body
    # (thousands of pauses) takes far longer than the deadline.
    server = serve(trickle(good_npz, 0.01))
    real_fetch = mnist_download._fetch  # patched where _download_and_load looks it up
    monkeypatch.setattr(mnist_download, "_fetch", lambda *a, **k: real_fetch(*a, deadline_s=0.5))
    seen: list[tuple[int, int]] = []
    with pytest.raises(DownloadError, match=r"not finished after 0\.5 s; gave up"):
        download_mnist(tmp_path, url=server.url, sha256=sha(good_npz), timeout=5,
                       progress=lambda done, total: seen.append((done, total)))
    # The deadline fired while the body was still arriving: the download gave up part-way.
    done, total = seen[-1]
    assert total == len(good_npz)
    assert done < total
    assert leftovers(tmp_path) == []


def test_concurrent_downloads_do_not_share_a_temporary_file(tmp_path: Path, serve, good_npz: bytes) -> None:
    server = serve(trickle(good_npz, 0.0005))
    errors: list[BaseException] = []

    def one() -> None:
        try:
            download_mnist(tmp_path, url=server.url, sha256=sha(good_npz), timeout=5)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert leftovers(tmp_path) == ["mnist.npz"]
    assert (tmp_path / "mnist.npz").read_bytes() == good_npz


def test_mirror_variables_replace_the_public_file_together(tmp_path: Path, serve, good_npz: bytes,
                                                           monkeypatch) -> None:
    server = serve(send_body(good_npz))
    monkeypatch.setenv("MNIST_URL", server.url)
    monkeypatch.setenv("MNIST_SHA256", sha(good_npz))
    assert download_mnist(tmp_path).read_bytes() == good_npz
    monkeypatch.delenv("MNIST_SHA256")  # a URL alone is not trusted: the public file and its hash
    from mnist_gui.core import dataset

    assert dataset.mirror() == (dataset.MNIST_URL, dataset.MNIST_SHA256)
