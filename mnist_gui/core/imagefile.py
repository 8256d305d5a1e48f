"""Picture files: the one policy (caps, formats, orientation) and the command line's Pillow decoder.

The Draw tab decodes with Qt (gui.imageio) under the same policy, asked of :func:`probe`; no Qt here.

The policy, whichever decoder reads the file:

* a regular file of at most ``MAX_FILE_BYTES``;
* one of ``FORMATS``, recognised by content, whatever the extension;
* at most ``MAX_PIXELS``, checked from the header before the pixels are decoded;
* turned upright by its EXIF orientation (or XMP ``tiff:Orientation``) as read from the header
  (:func:`probe`); an unreadable or nonsensical EXIF block means "as stored", never an error;
* transparent pixels (alpha, a palette's or PNG's transparent colour) stay transparent: the
  preparation composites them over white.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mnist_gui.core.files import checked_size

MAX_PIXELS = 50_000_000  # 50 megapixels: any photo of a digit; refuses decompression bombs
MAX_FILE_BYTES = 200 * 1024 * 1024  # a 50-megapixel photo stored losslessly fits
# Plain raster formats only, recognised by content. Pillow would otherwise also open e.g. EPS,
# which it decodes by running Ghostscript on the (untrusted) file.
FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP", "PPM")
ORIENTATION_TAG = 0x0112  # EXIF Orientation: 1 as stored; 2-8 mirrored and/or rotated


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


@dataclass(frozen=True)
class PictureHeader:
    """What the policy knows of a picture file before decoding it."""

    format: str  # Pillow's name, one of FORMATS
    width: int  # Pillow's size; the pixel cap is on width * height
    height: int
    orientation: int  # EXIF orientation, 1..8 (1: upright as stored)


def _orientation(im: Any) -> int:
    """The EXIF orientation of an opened image, from its header; 1 when absent or unusable."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Corrupt EXIF data": nothing the user can act on
            # Image.getexif itself, not PNG's override, which decodes the whole picture to look
            # for an eXIf chunk after the pixels: the header alone decides, for Pillow and Qt alike.
            value = Image.Image.getexif(im).get(ORIENTATION_TAG, 1)
    except Exception:  # noqa: BLE001 - any broken EXIF block: the picture is used as stored
        return 1
    return value if type(value) is int and 1 <= value <= 8 else 1


@contextmanager
def _opened(p: Path, max_pixels: int) -> Iterator[tuple[Any, PictureHeader]]:
    """The picture opened lazily (nothing decoded yet) once the policy allows it."""
    from PIL import Image, UnidentifiedImageError

    checked_size(p, MAX_FILE_BYTES, ImageFileError, "an image")
    try:
        f = open(p, "rb")  # noqa: SIM115 - closed below, after Pillow's own file
    except OSError as e:
        raise ImageFileError(f"{p}: cannot read the file ({e.strerror or e})") from None
    try:
        with f, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Given a file, not its name: Pillow then never memory-maps it, which (Pillow 13)
            # scrambles an uncompressed TIFF whose orientation swaps the sides.
            with Image.open(f, formats=FORMATS) as im:
                w, h = im.size
                if w * h > max_pixels:
                    raise ImageFileError(f"{p}: image of {w}x{h} pixels is too large (limit {max_pixels // 1_000_000} MP)")
                yield im, PictureHeader(str(im.format), w, h, _orientation(im))
    except ImageFileError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFileError(f"{p}: not an image, or an image too large to decode safely") from None
    except (OSError, ValueError, SyntaxError) as e:
        raise ImageFileError(f"{p}: broken image ({e})") from None


def probe(path: str | os.PathLike, max_pixels: int = MAX_PIXELS) -> PictureHeader:
    """Check a picture file against the policy from its header alone (no pixels are decoded):
    what another decoder (Qt's) asks before it decodes, so that both accept and refuse alike.

    Raises:
        ImageFileError: missing, not a regular file, too large, not one of FORMATS, broken header.
    """
    with _opened(Path(path), max_pixels) as (_, header):
        return header


def read_image(path: str | os.PathLike, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read a PNG, JPEG, BMP, GIF, TIFF, WebP or PPM file, whatever its extension, upright.

    Returns:
        uint8 array (H, W), (H, W, 3) or (H, W, 4); (H, W, 4) whenever the file has transparency.

    Raises:
        ImageFileError: missing, too large, broken or not an image.
    """
    from PIL import Image

    p = Path(path)
    with _opened(p, max_pixels) as (im, header):
        im.load()
        # Some of Pillow's decoders turn the picture themselves while loading and then drop the
        # tag (its TIFF reader does): what the image still declares is what is left to do.
        method = _TRANSPOSE.get(_orientation(im)) if header.orientation != 1 else None
        if method is not None:
            im = im.transpose(getattr(Image.Transpose, method))
        if im.mode.startswith("I") or im.mode == "F":
            return _deep_gray_to_uint8(im)
        if im.mode not in ("L", "RGB", "RGBA") or "transparency" in im.info:
            # A palette's or a PNG's transparent colour becomes alpha, as Qt reads it.
            im = im.convert("RGBA" if "A" in im.getbands() or "transparency" in im.info else "RGB")
        return np.asarray(im, dtype=np.uint8).copy()


# EXIF orientation -> the Pillow transposition that makes the picture upright (the table of
# PIL.ImageOps.exif_transpose; gui.imageio applies the same ones with Qt).
_TRANSPOSE = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE",
              6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}
