"""Any picture of one digit -> the 28x28 float array the network expects.

The pipeline repeats how MNIST itself was made (LeCun et al.): the digit is
size-normalised to fit a 20x20 box keeping its aspect ratio, with
anti-aliasing (hence the grey edges), then placed in a 28x28 field so that its
centre of mass sits in the middle. Doing the same to a mouse drawing or a
photo is what makes them look like the training data.

Steps (each is a public function, so the UI can show them; each lives in the
module of its job and is re-exported here):

1. :func:`to_grayscale` - any uint8/float grey, RGB or RGBA array -> float32
   0..1 (transparent pixels are composited over white). (:mod:`.ink`)
2. :func:`normalize_polarity` - ink bright on a black background, contrast
   stretched so background -> 0 and ink -> 1; blank pictures -> all zeros. (:mod:`.ink`)
3. :func:`crop_to_ink` - cut to the bounding box of the ink. (:mod:`.framing`)
4. :func:`scale_to_box` - larger side -> 20 px, anti-aliased, max -> 1.0. (:mod:`.framing`)
5. :func:`center_by_mass` - paste into 28x28 with the centre of mass at the
   centre. (:mod:`.framing`)

For photos and scans, :func:`normalize_thickness` (:mod:`.thickness`) brings bold or
hair-thin strokes toward MNIST's width between steps 3 and 4.

Centre convention (measured on MNIST's training set, whose centres of mass
all lie in [13.5, 14.5]): the intensity-weighted centre of mass, in pixel
index coordinates (pixel ``i`` covers ``[i - 0.5, i + 0.5]``), is moved by an
integer shift to the pixel nearest to index ``size // 2`` = 14. An MNIST
image therefore passes through :func:`preprocess` (almost) unchanged.

No Qt here: numpy and Pillow only.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from PIL import Image

from mnist_gui.core.framing import MNIST_BOX, MNIST_SIZE, center_by_mass, crop_to_ink, ink_bbox, scale_to_box
from mnist_gui.core.ink import _gray_for_work, normalize_polarity, to_grayscale
from mnist_gui.core.thickness import normalize_thickness, stroke_width_ratio
from mnist_gui.core.thickness import MNIST_WIDTH_RATIO  # noqa: F401 - its old home

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
