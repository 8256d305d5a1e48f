"""Stroke width: measure it, and bring bold or hair-thin digits toward MNIST's (pictures only).

Used by :func:`mnist_gui.core.preprocess.preprocess` with ``thickness=True``
(photos and scans), between the crop and the scaling. No Qt here: numpy and Pillow only.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from mnist_gui.core.ink import _check_2d


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
