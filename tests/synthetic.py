"""Tiny synthetic MNIST-like data for fast tests (no real MNIST needed).

Digits are rendered with Pillow's built-in font (white on black, 28x28, like MNIST), then shifted
by a few pixels and sprinkled with noise, so a small network learns them in one epoch.
"""
from __future__ import annotations

import functools
import gzip
import struct
from pathlib import Path

import numpy as np

IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


@functools.lru_cache(maxsize=None)
def glyphs() -> np.ndarray:
    """(10, 28, 28) uint8: the digits 0-9 drawn centred, stroke white on black."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.load_default(size=22)
    except TypeError:  # very old Pillow: the fixed bitmap font
        font = ImageFont.load_default()
    out = np.zeros((10, 28, 28), dtype=np.uint8)
    for d in range(10):
        im = Image.new("L", (28, 28), 0)
        draw = ImageDraw.Draw(im)
        left, top, right, bottom = draw.textbbox((0, 0), str(d), font=font, stroke_width=1)
        draw.text(((28 - (right - left)) / 2 - left, (28 - (bottom - top)) / 2 - top), str(d),
                  fill=255, font=font, stroke_width=1, stroke_fill=255)
        out[d] = np.asarray(im)
    return out


def digits(n: int, seed: int = 0, shift: int = 2, noise: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """``n`` synthetic digits: (n, 28, 28) uint8 images and (n,) uint8 labels, balanced."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 10).astype(np.uint8)
    rng.shuffle(y)
    base = glyphs()[y].astype(np.int16)
    x = np.empty_like(base)
    dy = rng.integers(-shift, shift + 1, n)
    dx = rng.integers(-shift, shift + 1, n)
    for i in range(n):
        x[i] = np.roll(base[i], (int(dy[i]), int(dx[i])), axis=(0, 1))
    x += rng.integers(0, noise + 1, x.shape, dtype=np.int16)
    return np.clip(x, 0, 255).astype(np.uint8), y


def idx_bytes(arr: np.ndarray) -> bytes:
    """The IDX encoding of a uint8 array (magic 2051 for images, 2049 for labels)."""
    magic = 2051 if arr.ndim == 3 else 2049
    return struct.pack(f">I{arr.ndim}I", magic, *arr.shape) + np.ascontiguousarray(arr, np.uint8).tobytes()


def write_idx_dataset(folder: Path, n_train: int = 300, n_test: int = 100, *, gz: bool = False,
                      seed: int = 0) -> Path:
    """Write the four MNIST IDX files of a synthetic data set into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    x_train, y_train = digits(n_train, seed=seed)
    x_test, y_test = digits(n_test, seed=seed + 1)
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    for key, name in IDX_NAMES.items():
        data = idx_bytes(arrays[key])
        if gz:
            (folder / (name + ".gz")).write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / name).write_bytes(data)
    return folder
