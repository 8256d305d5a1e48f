"""Decode an image file into a numpy array safely (used by the command line; no Qt)."""
from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from mnist_gui.core.files import checked_size

MAX_PIXELS = 50_000_000  # 50 megapixels: any photo of a digit; refuses decompression bombs
MAX_FILE_BYTES = 100 * 1024 * 1024
# Plain raster formats only, recognised by content. Pillow would otherwise also open e.g. EPS,
# which it decodes by running Ghostscript on the (untrusted) file.
FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP", "PPM")


class ImageFileError(Exception):
    """The file is not a readable image; one-line message naming the file."""


def _deep_gray_to_uint8(im: Any) -> np.ndarray:
    """16-bit, 32-bit or float greyscale -> uint8 by scaling (Pillow's convert() would clip at 255).

    Converted in bands of rows in float32, so that the peak memory stays near the decoded image
    itself (a 50-megapixel 16-bit picture: ~100 MB, not the 1.8 GB of whole-image float64 copies).
    """
    arr = np.asarray(im)
    if arr.size == 0:
        return np.zeros(arr.shape, np.uint8)
    if im.mode.startswith("I;16"):
        hi = 65535.0
    else:
        top = float(np.nanmax(arr)) if arr.dtype.kind == "f" else float(arr.max())
        hi = 1.0 if (im.mode == "F" and top <= 1.0) else max(255.0, top if np.isfinite(top) else 255.0)
    scale = np.float32(255.0 / hi)
    out = np.empty(arr.shape, np.uint8)
    rows = max(1, 4_000_000 // max(1, arr.shape[1] if arr.ndim > 1 else 1))
    for i in range(0, arr.shape[0], rows):
        band = np.nan_to_num(arr[i:i + rows].astype(np.float32), nan=0.0, posinf=hi, neginf=0.0)
        out[i:i + rows] = np.clip(np.rint(band * scale), 0, 255)
    return out


def read_image(path: str | os.PathLike, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read a PNG, JPEG, BMP, GIF, TIFF, WebP or PPM file, whatever its extension.

    Returns:
        uint8 array (H, W), (H, W, 3) or (H, W, 4).

    Raises:
        ImageFileError: missing, too large, broken or not an image.
    """
    from PIL import Image, UnidentifiedImageError

    p = Path(path)
    checked_size(p, MAX_FILE_BYTES, ImageFileError, "an image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(p, formats=FORMATS) as im:
                w, h = im.size
                if w * h > max_pixels:
                    raise ImageFileError(f"{p}: image of {w}x{h} pixels is too large (limit {max_pixels // 1_000_000} MP)")
                im.load()
                if im.mode.startswith("I") or im.mode == "F":
                    return _deep_gray_to_uint8(im)
                if im.mode not in ("L", "RGB", "RGBA"):
                    im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
                return np.asarray(im, dtype=np.uint8).copy()
    except ImageFileError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFileError(f"{p}: not an image, or an image too large to decode safely") from None
    except (OSError, ValueError, SyntaxError) as e:
        raise ImageFileError(f"{p}: broken image ({e})") from None
