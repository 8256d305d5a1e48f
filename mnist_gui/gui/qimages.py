"""NumPy arrays as QImages that own their pixels: the one conversion every view uses."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def gray_qimage(image: np.ndarray) -> QImage:
    """A 2-D uint8 array (e.g. a 28x28 digit, ink bright) as a detached Grayscale8 QImage.

    Raises:
        ValueError: the array is not 2-D.
    """
    a = np.ascontiguousarray(image, dtype=np.uint8)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D image, got shape {a.shape}")
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()  # .copy() detaches from ``a``


def rgb_qimage(rgb: np.ndarray) -> QImage:
    """An (H, W, 3) uint8 array as a detached RGB888 QImage.

    Raises:
        ValueError: the array is not (H, W, 3).
    """
    a = np.ascontiguousarray(rgb, dtype=np.uint8)
    if a.ndim != 3 or a.shape[2] != 3:
        raise ValueError(f"expected an (H, W, 3) image, got shape {a.shape}")
    h, w, _ = a.shape
    return QImage(a.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
