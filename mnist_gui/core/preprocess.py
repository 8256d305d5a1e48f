"""Any picture of one digit -> the 28x28 float array the network expects.

The pipeline repeats how MNIST itself was made (LeCun et al.): the digit is
size-normalised to fit a 20x20 box keeping its aspect ratio, with
anti-aliasing (hence the grey edges), then placed in a 28x28 field so that its
centre of mass sits in the middle. Doing the same to a mouse drawing or a
photo is what makes them look like the training data.

Steps (each is a public function, so the UI can show them):

1. :func:`to_grayscale` - any uint8/float grey, RGB or RGBA array -> float32
   0..1 (transparent pixels are composited over white).
2. :func:`normalize_polarity` - ink bright on a black background, contrast
   stretched so background -> 0 and ink -> 1; blank pictures -> all zeros.
3. :func:`crop_to_ink` - cut to the bounding box of the ink.
4. :func:`scale_to_box` - larger side -> 20 px, anti-aliased, max -> 1.0.
5. :func:`center_by_mass` - paste into 28x28 with the centre of mass at the
   centre.

Centre convention (measured on MNIST's training set, whose centres of mass
all lie in [13.5, 14.5]): the intensity-weighted centre of mass, in pixel
index coordinates (pixel ``i`` covers ``[i - 0.5, i + 0.5]``), is moved by an
integer shift to the pixel nearest to index ``size // 2`` = 14. An MNIST
image therefore passes through :func:`preprocess` (almost) unchanged.

No Qt here: numpy and Pillow only.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

__all__ = [
    "MNIST_BOX",
    "MNIST_SIZE",
    "PreprocessSteps",
    "center_by_mass",
    "crop_to_ink",
    "ink_bbox",
    "normalize_polarity",
    "plain_resize",
    "preprocess",
    "preprocess_picture",
    "preprocess_steps",
    "normalize_thickness",
    "stroke_width_ratio",
    "scale_to_box",
    "to_grayscale",
]

logger = logging.getLogger(__name__)

#: Side of the network's input picture.
MNIST_SIZE = 28
#: Side of the box the digit's larger side is scaled to (as in MNIST).
MNIST_BOX = 20

# Pictures larger than this (in pixels along the longer side) are first
# reduced by an integer factor with a block mean: cheap, exact area averaging,
# and the digit still keeps hundreds of pixels for the later steps.
_WORK_SIDE = 1024
# Luma weights (ITU-R BT.601, as Pillow's "L" conversion).
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)
# Minimum ink pixels for a picture to count as a digit.
_MIN_INK_PIXELS = 3
# Total ink below this fraction of the picture's area is "no digit".
_MIN_INK_MASS_FRACTION = 1e-5
# Ink must stand out from the background by this much (0..1 scale) ...
_MIN_CONTRAST = 0.08
# ... and by this many robust standard deviations of the background noise.
_MIN_SNR = 6.0
# Edge fragments of the ink (separated from the rest by an empty gap) with
# less than this fraction of the total ink are dropped from the bbox: specks.
_SPECK_FRACTION = 0.02


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
    dark = bg - float(g.min())
    bright = float(g.max()) - bg
    if dark > 1.5 * bright:
        invert = True
    elif bright > 1.5 * dark:
        invert = False
    else:
        invert = bg > 0.5
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


def _runs(profile: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True in a 1-D boolean array as (start, stop) pairs."""
    padded = np.concatenate([[False], profile, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def _trim_specks(mass_profile: np.ndarray, total: float) -> tuple[int, int]:
    """Extent of an ink profile, without small fragments isolated at its ends."""
    runs = _runs(mass_profile > 0)
    lo, hi = 0, len(runs)
    limit = _SPECK_FRACTION * total
    while hi - lo > 1:
        first = float(mass_profile[runs[lo][0]:runs[lo][1]].sum())
        last = float(mass_profile[runs[hi - 1][0]:runs[hi - 1][1]].sum())
        if first < limit and first <= last:
            lo += 1
        elif last < limit:
            hi -= 1
        else:
            break
    return runs[lo][0], runs[hi - 1][1]


def _has_neighbour(mask: np.ndarray) -> np.ndarray:
    """True where at least one of the 8 neighbouring pixels is set."""
    out = np.zeros_like(mask)
    out[1:, :] |= mask[:-1, :]
    out[:-1, :] |= mask[1:, :]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    out[1:, 1:] |= mask[:-1, :-1]
    out[1:, :-1] |= mask[:-1, 1:]
    out[:-1, 1:] |= mask[1:, :-1]
    out[:-1, :-1] |= mask[1:, 1:]
    return out


def ink_bbox(img: np.ndarray, threshold: float = 0.1) -> tuple[int, int, int, int] | None:
    """Bounding box of the ink.

    Pixels above ``threshold`` are ink, except isolated ones (no ink among
    their 8 neighbours: salt noise). Small fragments at the edge of the ink,
    separated from the rest by an empty row/column and holding under 2 % of
    the ink, are treated as specks and left out too.

    Args:
        img: ``(H, W)`` float image, white ink on black (0..1).
        threshold: intensity above which a pixel counts as ink.

    Returns:
        ``(top, left, bottom, right)`` with bottom/right exclusive, or None
        when there is no ink or it is negligible (fewer than 3 pixels, or a
        total intensity under 1e-5 of the picture's area).

    Raises:
        ValueError: for an empty or non 2-D array.
    """
    arr = _check_2d(img)
    mask = arr > threshold
    if int(np.count_nonzero(mask)) < _MIN_INK_PIXELS:
        return None
    mask &= _has_neighbour(mask)
    if int(np.count_nonzero(mask)) < _MIN_INK_PIXELS:
        return None
    ink = np.where(mask, arr, 0).astype(np.float32, copy=False)
    total = float(ink.sum(dtype=np.float64))
    if total < _MIN_INK_MASS_FRACTION * arr.size:
        return None
    top, bottom = _trim_specks(ink.sum(axis=1, dtype=np.float64), total)
    left, right = _trim_specks(ink[top:bottom].sum(axis=0, dtype=np.float64), total)
    if np.count_nonzero(mask[top:bottom, left:right]) < _MIN_INK_PIXELS:
        return None
    return top, left, bottom, right


def crop_to_ink(img: np.ndarray, threshold: float = 0.1) -> np.ndarray | None:
    """Cut the picture to :func:`ink_bbox`; None when there is no ink.

    Args:
        img: ``(H, W)`` float image, white ink on black.
        threshold: intensity above which a pixel counts as ink.

    Returns:
        A float32 copy of the ink's bounding box, or None.
    """
    box = ink_bbox(img, threshold)
    if box is None:
        return None
    top, left, bottom, right = box
    return np.array(img[top:bottom, left:right], dtype=np.float32)


def scale_to_box(img: np.ndarray, box: int = MNIST_BOX) -> np.ndarray:
    """Scale so the larger side is ``box`` px, keeping the aspect ratio.

    Downscaling is true area averaging (a block mean by an integer factor for
    huge inputs, then Pillow's box filter), so large reductions antialias
    instead of aliasing; enlarging uses bilinear interpolation. The smaller
    side is at least 1 px: a thin '1' stays thin. Afterwards the maximum is
    renormalised to 1.0, so thin strokes that were averaged with background do
    not come out faint.

    Args:
        img: ``(H, W)`` float image, white ink on black.
        box: target size of the larger side.

    Returns:
        float32 array whose larger side is ``box``.

    Raises:
        ValueError: for an empty/non 2-D array or ``box < 1``.
    """
    arr = _check_2d(img).astype(np.float32, copy=False)
    if box < 1:
        raise ValueError(f"box must be >= 1, got {box}")
    h, w = arr.shape
    scale = box / max(h, w)
    new_h = max(1, min(box, int(round(h * scale))))
    new_w = max(1, min(box, int(round(w * scale))))
    if (new_h, new_w) == (h, w):
        out = arr.copy()
    else:
        if scale < 1:
            # Quick exact pre-reduction by an integer factor while staying at
            # least 4x the target, then the final area-averaging resize.
            factor = int(max(h, w) // (4 * box))
            if factor >= 2:
                arr = _block_reduce(arr, factor)
            resample = Image.Resampling.BOX
        else:
            resample = Image.Resampling.BILINEAR
        pic = Image.fromarray(np.ascontiguousarray(arr, dtype=np.float32))
        out = np.asarray(pic.resize((new_w, new_h), resample), dtype=np.float32).copy()
    np.clip(out, 0.0, None, out=out)
    peak = float(out.max())
    if peak > 0:
        out /= np.float32(peak)
    return out


def center_by_mass(img: np.ndarray, size: int = MNIST_SIZE) -> np.ndarray:
    """Place the picture in a ``size x size`` field centred by mass.

    The intensity-weighted centre of mass is moved (by an integer shift, as in
    MNIST) to the pixel nearest to index ``size // 2`` (14 for 28), in pixel
    index coordinates. Content that would fall outside is clipped.

    Args:
        img: ``(H, W)`` float image, white ink on black.
        size: side of the output field.

    Returns:
        ``(size, size)`` float32 array.

    Raises:
        ValueError: for an empty/non 2-D array or ``size < 1``.
    """
    arr = _check_2d(img).astype(np.float32, copy=False)
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    h, w = arr.shape
    mass = float(arr.sum(dtype=np.float64))
    if mass > 0:
        cy = float(arr.sum(axis=1, dtype=np.float64) @ np.arange(h)) / mass
        cx = float(arr.sum(axis=0, dtype=np.float64) @ np.arange(w)) / mass
    else:
        cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    target = size // 2
    # Offset of the picture's (0, 0) in the output; floor(x + 0.5) rounds
    # halves up, consistently for negative values too.
    oy = int(math.floor(target - cy + 0.5))
    ox = int(math.floor(target - cx + 0.5))
    out = np.zeros((size, size), dtype=np.float32)
    y0, x0 = max(0, oy), max(0, ox)
    y1, x1 = min(size, oy + h), min(size, ox + w)
    if y1 > y0 and x1 > x0:
        out[y0:y1, x0:x1] = arr[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
    return out


#: Stroke width relative to the digit's larger side (:func:`stroke_width_ratio`): on MNIST's
#: training digits the 1st, 50th and 99th percentiles are 0.10, 0.14 and 0.26. Pictures outside
#: the band [_THIN_RATIO, _BOLD_RATIO] are brought back into MNIST's range; the rest is untouched.
MNIST_WIDTH_RATIO = 0.14
_BOLD_RATIO = 0.27  # above: bold marker, a dark thick scan -> thinned to _BOLD_TARGET
_THIN_RATIO = 0.07  # below: hairline pen, a huge photo of a thin line -> thickened to _THIN_TARGET
_BOLD_TARGET = 0.20
_THIN_TARGET = 0.10
# Side of the picture the thickness is changed at (morphology is cheap there and precise enough).
_THICKNESS_WORK_SIDE = 96


def stroke_width_ratio(img: np.ndarray, threshold: float = 0.5) -> float | None:
    """Stroke width of the ink divided by the ink's larger extent (None: no ink).

    For a stroke of width w and length L the ink area is about w*L and its boundary pixels
    about 2*L, so w is about 2 * area / boundary pixels.
    """
    m = _check_2d(img) > threshold
    area = int(np.count_nonzero(m))
    if area == 0:
        return None
    p = np.pad(m, 1)
    interior = p[1:-1, 1:-1] & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    boundary = max(1, area - int(np.count_nonzero(interior)))
    ys, xs = np.nonzero(m)
    extent = max(int(ys.max() - ys.min()) + 1, int(xs.max() - xs.min()) + 1)
    return 2.0 * area / boundary / extent


def _min_max_filter(img: np.ndarray, iterations: int, grow: bool) -> np.ndarray:
    """Grey dilation (``grow``) or erosion with a 3x3 square, ``iterations`` times."""
    out = img
    for _ in range(iterations):
        p = np.pad(out, 1)
        h, w = out.shape
        views = [p[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)]
        out = np.maximum.reduce(views) if grow else np.minimum.reduce(views)
    return out


def normalize_thickness(cropped: np.ndarray) -> np.ndarray:
    """Bring a bold or hair-thin digit toward MNIST's stroke width (pictures only).

    Bold ink (felt pen, dark 1-bit scans) makes 8s and 9s into blobs once scaled to 20 px, and
    hair lines fade away; MNIST's strokes are about 0.14 of the digit's size (0.10 to 0.26 for
    98 % of them). Digits whose width ratio lies outside [0.07, 0.27] are eroded or dilated (at
    about 96 px, with a 3x3 square) until they reach 0.20 (bold ones) or 0.10 (thin ones);
    anything inside the band is left untouched, so MNIST-like pictures pass unchanged. Erosion never removes the digit: it stops before the
    ink would fall below a third of its area.

    Args:
        cropped: ``(H, W)`` float image cut to the ink, white on black.

    Returns:
        A float32 picture (possibly resampled to about 96 px on its larger side).
    """
    arr = _check_2d(cropped).astype(np.float32, copy=False)
    ratio = stroke_width_ratio(arr)
    if ratio is None or _THIN_RATIO <= ratio <= _BOLD_RATIO:
        return arr
    h, w = arr.shape
    side = max(h, w)
    if side != _THICKNESS_WORK_SIDE:
        f = _THICKNESS_WORK_SIDE / side
        size = (max(1, int(round(w * f))), max(1, int(round(h * f))))
        resample = Image.Resampling.BOX if f < 1 else Image.Resampling.BILINEAR
        arr = np.asarray(Image.fromarray(np.ascontiguousarray(arr)).resize(size, resample), dtype=np.float32)
    grow = ratio < _THIN_RATIO
    target = _THIN_TARGET if grow else _BOLD_TARGET
    # each 3x3 step changes the width by about 2 px of the 96 px side
    steps = int(round(abs(ratio - target) * _THICKNESS_WORK_SIDE / 2.0))
    area0 = int(np.count_nonzero(arr > 0.5))
    out = arr
    for _ in range(min(steps, 12)):
        nxt = _min_max_filter(out, 1, grow)
        if not grow and np.count_nonzero(nxt > 0.5) < area0 / 3:
            break
        out = nxt
        r = stroke_width_ratio(out)
        if r is None or (grow and r >= target) or (not grow and r <= target):
            break
    return out


@dataclass
class PreprocessSteps:
    """Intermediate pictures of :func:`preprocess`, for display.

    Attributes:
        gray: the picture as grey 0..1 (after any reduction of huge inputs).
        normalized: white ink on black, contrast stretched.
        cropped: cut to the ink's bounding box (None: no digit).
        scaled: larger side 20 px (None: no digit).
        centered: the final 28x28 input (None: no digit).
    """

    gray: np.ndarray | None = None
    normalized: np.ndarray | None = None
    cropped: np.ndarray | None = None
    scaled: np.ndarray | None = None
    centered: np.ndarray | None = None


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


def preprocess_steps(img: np.ndarray, *, threshold: float = 0.1, thickness: bool = False) -> PreprocessSteps:
    """Run the pipeline and keep every intermediate picture.

    Args:
        img: any picture of one digit (see :func:`to_grayscale`).
        threshold: ink threshold for the crop (on the normalised picture).
        thickness: bring bold or hair-thin ink toward MNIST's stroke width
            (:func:`normalize_thickness`); for photos and scans.

    Returns:
        A :class:`PreprocessSteps`; ``centered`` is None for a blank picture.

    Raises:
        ValueError: for an empty array or an unsupported shape/dtype.
    """
    steps = PreprocessSteps()
    steps.gray = _gray_for_work(img)
    steps.normalized = normalize_polarity(steps.gray)
    steps.cropped = crop_to_ink(steps.normalized, threshold)
    if steps.cropped is None:
        return steps
    if thickness:
        steps.cropped = normalize_thickness(steps.cropped)
    steps.scaled = scale_to_box(steps.cropped, MNIST_BOX)
    steps.centered = center_by_mass(steps.scaled, MNIST_SIZE)
    return steps


def preprocess(img: np.ndarray, *, threshold: float = 0.1, thickness: bool = False) -> np.ndarray | None:
    """Turn any picture of one digit into the network's 28x28 input.

    Grey/RGB/RGBA, dark-on-light or light-on-dark, any size: the picture is
    converted to grey, made white-on-black with stretched contrast, cropped
    to the ink, scaled so its larger side is 20 px (antialiased, aspect
    kept), and centred by mass in 28x28, exactly as MNIST was made.

    Args:
        img: the picture (see :func:`to_grayscale` for accepted arrays).
        threshold: ink threshold for the crop (on the normalised picture).
        thickness: normalise bold/thin strokes (pictures; see
            :func:`normalize_thickness`).

    Returns:
        ``(28, 28)`` float32 array in 0..1, or None when the picture holds no
        digit (blank, uniform, noise only).

    Raises:
        ValueError: for an empty array or an unsupported shape/dtype.
    """
    return preprocess_steps(img, threshold=threshold, thickness=thickness).centered


def preprocess_picture(img: np.ndarray) -> np.ndarray | None:
    """:func:`preprocess` for photos and scans (stroke thickness normalised): what Open/drop/paste use."""
    return preprocess(img, thickness=True)


def plain_resize(img: np.ndarray) -> np.ndarray | None:
    """Naive baseline: resize the whole picture to 28x28 (no crop, no centring).

    Grey conversion and polarity/contrast normalisation are the same as in
    :func:`preprocess`; the resize is area-averaged. Used to show what the
    proper pipeline gains.

    Args:
        img: the picture (see :func:`to_grayscale`).

    Returns:
        ``(28, 28)`` float32 array in 0..1, or None for a blank picture.

    Raises:
        ValueError: for an empty array or an unsupported shape/dtype.
    """
    norm = normalize_polarity(_gray_for_work(img))
    if ink_bbox(norm) is None:
        return None
    h, w = norm.shape
    if (h, w) == (MNIST_SIZE, MNIST_SIZE):
        return norm.copy()
    resample = (
        Image.Resampling.BOX if max(h, w) >= MNIST_SIZE else Image.Resampling.BILINEAR
    )
    pic = Image.fromarray(np.ascontiguousarray(norm, dtype=np.float32))
    out = np.asarray(pic.resize((MNIST_SIZE, MNIST_SIZE), resample), dtype=np.float32)
    return np.clip(out, 0.0, 1.0)
