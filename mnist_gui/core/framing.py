"""Framing the ink as MNIST did: find it, crop to it, scale it into 20x20, centre it in 28x28.

Steps 3 to 5 of :func:`mnist_gui.core.preprocess.preprocess`, on white ink on black:

3. :func:`crop_to_ink` - cut to the bounding box of the ink (:func:`ink_bbox`,
   without salt noise and specks).
4. :func:`scale_to_box` - larger side -> 20 px, anti-aliased, max -> 1.0.
5. :func:`center_by_mass` - paste into 28x28 with the centre of mass at the
   centre.

Centre convention (measured on MNIST's training set, whose centres of mass
all lie in [13.5, 14.5]): the intensity-weighted centre of mass, in pixel
index coordinates (pixel ``i`` covers ``[i - 0.5, i + 0.5]``), is moved by an
integer shift to the pixel nearest to index ``size // 2`` = 14.

No Qt here: numpy and Pillow only.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image

from mnist_gui.core.ink import _block_reduce, _check_2d

#: Side of the network's input picture.
MNIST_SIZE = 28
#: Side of the box the digit's larger side is scaled to (as in MNIST).
MNIST_BOX = 20

# Minimum ink pixels for a picture to count as a digit.
_MIN_INK_PIXELS = 3
# Total ink below this fraction of the picture's area is "no digit".
_MIN_INK_MASS_FRACTION = 1e-5
# Edge fragments of the ink (separated from the rest by an empty gap) with
# less than this fraction of the total ink are dropped from the bbox: specks.
_SPECK_FRACTION = 0.02


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
