"""Any picture -> white ink on black in 0..1: grey conversion, polarity, background and contrast.

The first steps of :func:`mnist_gui.core.preprocess.preprocess`:

1. :func:`to_grayscale` - any uint8/float grey, RGB or RGBA array -> float32
   0..1 (transparent pixels are composited over white); huge pictures are
   block-reduced on the way (``_gray_for_work``).
2. :func:`normalize_polarity` - ink bright on a black background, contrast
   stretched so background -> 0 and ink -> 1; blank pictures -> all zeros.

No Qt here: numpy and Pillow only.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image

# Pictures larger than this (in pixels along the longer side) are first
# reduced by an integer factor with a block mean: cheap, exact area averaging,
# and the digit still keeps hundreds of pixels for the later steps.
_WORK_SIDE = 1024
# Luma weights (ITU-R BT.601, as Pillow's "L" conversion).
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
# Ink must stand out from the background by this much (0..1 scale) ...
_MIN_CONTRAST = 0.08
# ... and by this many robust standard deviations of the background noise.
_MIN_SNR = 6.0
# A pen over a picture whose ink stands out less than this draws black or white instead.
_MIN_PEN_CONTRAST = 0.2


def _check_2d(img: np.ndarray, name: str = "img") -> np.ndarray:
    arr = np.asarray(img)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D (H, W) array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}): no picture to process")
    return arr


def _to_unit_float(arr: np.ndarray) -> np.ndarray:
    """Any numeric array -> float32 in 0..1 (uint8 /255, uint16 /65535, floats as is)."""
    if arr.dtype == np.bool_:
        return arr.astype(np.float32)
    if np.issubdtype(arr.dtype, np.integer):
        if arr.dtype.itemsize == 1 and np.issubdtype(arr.dtype, np.unsignedinteger):
            scale = 255.0
        elif arr.dtype == np.uint16:
            scale = 65535.0
        else:
            top = float(arr.max()) if arr.size else 0.0
            scale = 255.0 if top <= 255 else float(np.iinfo(arr.dtype).max)
        return np.clip(arr.astype(np.float32) / np.float32(scale), 0.0, 1.0)
    if np.issubdtype(arr.dtype, np.floating):
        out = arr.astype(np.float32, copy=True)
        if not np.all(np.isfinite(out)):
            out = np.nan_to_num(out, nan=0.0, posinf=1.0, neginf=0.0)
        # Floats are expected in 0..1; a float picture in 0..255 is accepted too.
        if out.size and float(out.max()) > 1.0 + 1e-6:
            out /= np.float32(255.0)
        return np.clip(out, 0.0, 1.0, out=out)
    raise ValueError(f"unsupported picture dtype {arr.dtype}")


def to_grayscale(img: np.ndarray) -> np.ndarray:
    """Convert a picture to a grey float image.

    Args:
        img: ``(H, W)``, ``(H, W, 1)``, ``(H, W, 3)`` RGB or ``(H, W, 4)`` RGBA
            array; uint8 (0..255), uint16 or float (0..1; 0..255 is detected).

    Returns:
        ``(H, W)`` float32 array in 0..1 (0 = black). Colour is reduced with
        BT.601 luma weights; transparent pixels are composited over white, so
        a transparent PNG with black ink reads as dark ink on light paper.

    Raises:
        ValueError: for an empty array or an unsupported shape/dtype.
    """
    arr = np.asarray(img)
    if arr.size == 0:
        raise ValueError(f"picture is empty (shape {arr.shape}): no picture to process")
    if arr.ndim == 2:
        return _to_unit_float(arr)
    if arr.ndim != 3 or arr.shape[2] not in (1, 2, 3, 4):
        raise ValueError(
            f"picture must have shape (H, W), (H, W, 3) or (H, W, 4); got {arr.shape}"
        )
    channels = arr.shape[2]
    if arr.dtype == np.uint8 and channels in (3, 4):
        # Fast path for the common case (canvas grabs, decoded image files).
        w = _LUMA / np.float32(255.0)
        grey = arr[:, :, 0] * w[0] + arr[:, :, 1] * w[1] + arr[:, :, 2] * w[2]
        if channels == 4:
            alpha = arr[:, :, 3].astype(np.float32) * np.float32(1.0 / 255.0)
            grey = 1.0 - alpha * (1.0 - grey)
        return np.clip(grey, 0.0, 1.0, out=grey)
    if channels == 1:
        return _to_unit_float(arr[:, :, 0])
    if channels == 2:  # grey + alpha
        grey = _to_unit_float(arr[:, :, 0])
        alpha = _to_unit_float(arr[:, :, 1])
    else:
        rgb = _to_unit_float(arr[:, :, :3])
        grey = rgb @ _LUMA
        alpha = _to_unit_float(arr[:, :, 3]) if channels == 4 else None
    if alpha is not None:
        # Composite over white: out = a * grey + (1 - a) * 1.
        grey = 1.0 - alpha * (1.0 - grey)
    return np.clip(grey, 0.0, 1.0).astype(np.float32, copy=False)


def _block_reduce(arr: np.ndarray, factor: int) -> np.ndarray:
    """Mean over ``factor x factor`` blocks (edges padded by repeating)."""
    if factor <= 1:
        return arr
    h, w = arr.shape[:2]
    ph, pw = (-h) % factor, (-w) % factor
    if ph or pw:
        pad = ((0, ph), (0, pw)) + ((0, 0),) * (arr.ndim - 2)
        arr = np.pad(arr, pad, mode="edge")
    h2, w2 = arr.shape[0] // factor, arr.shape[1] // factor
    shaped = arr.reshape((h2, factor, w2, factor) + arr.shape[2:])
    return shaped.mean(axis=(1, 3), dtype=np.float32)


def _border(gray: np.ndarray) -> np.ndarray:
    """The outer ring of the picture (about 3 % of the smaller side, >= 1 px)."""
    h, w = gray.shape
    b = max(1, int(round(0.03 * min(h, w))))
    if 2 * b >= h or 2 * b >= w:
        return gray.ravel()
    return np.concatenate(
        [gray[:b].ravel(), gray[-b:].ravel(), gray[b:-b, :b].ravel(), gray[b:-b, -b:].ravel()]
    )


def _background_field(gray: np.ndarray) -> np.ndarray:
    """Smooth estimate of an uneven (dark) background, for photos.

    The picture is cut into a coarse grid; in each cell the 30th percentile is
    taken (strokes are thin, so most of a cell is background), and the grid is
    upsampled bilinearly to the picture's size.
    """
    h, w = gray.shape
    cells = 6
    ch, cw = max(1, math.ceil(h / cells)), max(1, math.ceil(w / cells))
    gh, gw = math.ceil(h / ch), math.ceil(w / cw)
    grid = np.empty((gh, gw), dtype=np.float32)
    for i in range(gh):
        for j in range(gw):
            grid[i, j] = np.percentile(gray[i * ch:(i + 1) * ch, j * cw:(j + 1) * cw], 30)
    field = Image.fromarray(grid).resize((w, h), Image.Resampling.BILINEAR)
    return np.asarray(field, dtype=np.float32)


def _ink_is_dark(g: np.ndarray, bg: float) -> bool:
    """Polarity: the darkest pixels stand out from the background level ``bg`` much more than the
    brightest ones (dark ink); when that is ambiguous, a light background decides."""
    dark = bg - float(g.min())
    bright = float(g.max()) - bg
    if dark > 1.5 * bright:
        return True
    if bright > 1.5 * dark:
        return False
    return bg > 0.5


def paper_and_ink(gray: np.ndarray) -> tuple[float, float]:
    """The picture's paper (background) and ink levels in 0..1, by :func:`normalize_polarity`'s rule.

    What a pen drawing over the picture should use, so that its strokes are more of the picture's
    own ink: the paper is the border's median, the ink the extreme 0.5 % of the pixels on the
    ink's side. A picture whose ink hardly stands out (blank, faint) gets black or white ink.

    Raises:
        ValueError: for an empty or non 2-D array.
    """
    g = _check_2d(gray, "gray").astype(np.float32, copy=False)
    bg = float(np.median(_border(g)))
    dark = _ink_is_dark(g, bg)
    ink = float(np.percentile(g, 0.5 if dark else 99.5))
    if abs(ink - bg) < _MIN_PEN_CONTRAST:
        ink = 0.0 if dark else 1.0
    return bg, ink


def normalize_polarity(gray: np.ndarray) -> np.ndarray:
    """Make the ink bright on a black background and stretch its contrast.

    Polarity is read from the border (ring of ~3 % of the picture): the
    background level is its median. If the picture's darkest pixels stand out
    from that level much more than its brightest ones, the ink is dark and the
    picture is inverted; when that is ambiguous, a light background (> 0.5)
    decides. Then the background level is subtracted. When the border is
    unevenly lit (photos), a smooth background field is estimated instead;
    dark ink on light paper is then divided by the paper's brightness
    (illumination x reflectance), light ink has the field subtracted. Next a
    soft threshold of 3 robust standard deviations of the border's noise
    removes paper texture and sensor noise, and the result is divided by a
    high percentile of the ink so the ink reaches 1.

    Args:
        gray: ``(H, W)`` float array in 0..1 (see :func:`to_grayscale`).

    Returns:
        ``(H, W)`` float32 in 0..1, white ink on black. All zeros when the
        picture holds no ink that stands out from its noise (blank, uniform
        grey, noise only).

    Raises:
        ValueError: for an empty or non 2-D array.
    """
    g = _check_2d(gray, "gray").astype(np.float32, copy=False)
    border = _border(g)
    bg = float(np.median(border))
    invert = _ink_is_dark(g, bg)
    if invert:
        g = 1.0 - g
        border = 1.0 - border
        bg = 1.0 - bg

    q25, q75 = np.percentile(border, [25, 75])
    if q75 - q25 > 0.08 and min(g.shape) >= 12:
        # Unevenly lit background (photo): remove a smooth background field.
        field = _background_field(g)
        if invert:
            # Dark ink on light paper: the picture is illumination x
            # reflectance, so divide by the paper's brightness instead of
            # subtracting it; the ink then has the same contrast everywhere.
            paper = np.maximum(1.0 - field, np.float32(0.05))
            resid = 1.0 - np.minimum((1.0 - g) / paper, np.float32(1.0))
        else:
            resid = g - field
        border_resid = _border(resid)
        resid -= float(np.median(border_resid))
        border_resid = _border(resid)
    else:
        resid = g - np.float32(bg)
        border_resid = border - np.float32(bg)
    mad = float(np.median(np.abs(border_resid - np.median(border_resid))))
    sigma = 1.4826 * mad
    floor = 3.0 * sigma

    signal = resid[resid > floor]
    if signal.size == 0:
        return np.zeros_like(g, dtype=np.float32)
    hi = float(np.percentile(signal, 99)) if signal.size >= 20 else float(signal.max())
    if hi - floor < _MIN_CONTRAST or hi < _MIN_SNR * sigma:
        return np.zeros_like(g, dtype=np.float32)
    out = (resid - np.float32(floor)) / np.float32(hi - floor)
    return np.clip(out, 0.0, 1.0).astype(np.float32, copy=False)


def _gray_for_work(img: np.ndarray) -> np.ndarray:
    """Grey 0..1 picture; huge pictures are block-reduced to about 1024 px.

    The reduction works in strips of rows, so a 6000x4000 RGB photo never
    exists as a full-size float array.
    """
    arr = np.asarray(img)
    if arr.size == 0:
        raise ValueError(f"picture is empty (shape {arr.shape}): no picture to process")
    if arr.ndim < 2 or max(arr.shape[:2]) <= _WORK_SIDE:
        return to_grayscale(arr)
    if arr.dtype not in (np.uint8, np.uint16, np.bool_):
        # Scale detection (0..1 vs 0..255) must see the whole picture at once.
        arr = _to_unit_float(arr)
    factor = math.ceil(max(arr.shape[:2]) / _WORK_SIDE)
    step = factor * max(1, 256 // factor)
    strips = [
        _block_reduce(to_grayscale(arr[start:start + step]), factor)
        for start in range(0, arr.shape[0], step)
    ]
    return np.concatenate(strips, axis=0)
