"""Decode an image file into a numpy array safely (used by the command line; no Qt)."""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np

MAX_PIXELS = 50_000_000  # 50 megapixels: any photo of a digit; refuses decompression bombs
MAX_FILE_BYTES = 100 * 1024 * 1024


class ImageFileError(Exception):
    """The file is not a readable image; one-line message naming the file."""


def read_image(path: str | os.PathLike, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read an image file of any format Pillow knows, whatever its extension.

    Returns:
        uint8 array (H, W), (H, W, 3) or (H, W, 4).

    Raises:
        ImageFileError: missing, too large, broken or not an image.
    """
    from PIL import Image, UnidentifiedImageError

    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ImageFileError(f"{p}: cannot read ({e.strerror or e})") from None
    if p.is_dir():
        raise ImageFileError(f"{p}: is a folder, not an image")
    if size > MAX_FILE_BYTES:
        raise ImageFileError(f"{p}: file of {size / 1e6:.0f} MB is too large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(p) as im:
                w, h = im.size
                if w * h > max_pixels:
                    raise ImageFileError(f"{p}: image of {w}x{h} pixels is too large (limit {max_pixels // 1_000_000} MP)")
                im.load()
                if im.mode not in ("L", "RGB", "RGBA"):
                    im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
                return np.asarray(im, dtype=np.uint8).copy()
    except ImageFileError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFileError(f"{p}: not an image, or an image too large to decode safely") from None
    except (OSError, ValueError, SyntaxError) as e:
        raise ImageFileError(f"{p}: broken image ({e})") from None
