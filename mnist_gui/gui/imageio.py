"""Reading pictures from files, drops and the clipboard, safely (QImageReader with limits).

The policy is core.imagefile's, so that the Draw tab and ``mnist-gui predict`` read a file alike:
the same byte and pixel caps, the same formats, the same orientation, all from the header before
Qt decodes anything.
"""
from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QImage, QImageReader, QTransform

from mnist_gui.core.imagefile import MAX_PIXELS, ImageFileError, probe

ALLOCATION_LIMIT_MB = 512  # Qt's own ceiling on one decoded image: 50 MP of 64-bit colour fits


class ImageLoadError(Exception):
    """The picture cannot be used; the message is one line for the user."""


def _flipped(image: QImage, horizontally: bool) -> QImage:
    orientation = Qt.Orientation.Horizontal if horizontally else Qt.Orientation.Vertical
    if hasattr(image, "flipped"):  # Qt 6.9; mirrored() is deprecated there
        return image.flipped(orientation)
    return image.mirrored(horizontally, not horizontally)


def upright(image: QImage, orientation: int) -> QImage:
    """``image`` turned by an EXIF orientation (1..8), exactly as core.imagefile turns it."""
    if orientation in (2, 4):
        return _flipped(image, orientation == 2)
    if orientation == 3:
        return image.transformed(QTransform().rotate(180))
    if orientation in (5, 6, 7, 8):
        turned = image.transformed(QTransform().rotate(270 if orientation == 8 else 90))  # clockwise
        if orientation == 5:  # transpose: turned clockwise, then mirrored left-right
            return _flipped(turned, True)
        if orientation == 7:  # transverse: turned clockwise, then mirrored top-bottom
            return _flipped(turned, False)
        return turned
    return image


def read_image(path: str) -> QImage:
    """Decode an image file with Qt under core.imagefile's policy, upright.

    Raises:
        ImageLoadError: broken, not an image, or too large.
    """
    # A regular file of sane size only (a FIFO would block the GUI thread for good), of one of the
    # formats, with the pixels and the orientation its header gives: asked of core first.
    try:
        header = probe(path)
    except ImageFileError as e:
        raise ImageLoadError(str(e)) from None
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader = QImageReader(path)
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(False)  # the header's orientation is applied below, for every format
    if not reader.canRead():
        raise ImageLoadError(f"{path}: not an image Qt can read ({reader.errorString()})")
    size = reader.size()
    if size.isValid() and size.width() * size.height() > MAX_PIXELS:
        raise ImageLoadError(
            f"{path}: picture of {size.width()}x{size.height()} pixels is too large (limit {MAX_PIXELS // 1_000_000} MP)")
    image = reader.read()
    if image.isNull():
        raise ImageLoadError(f"{path}: cannot decode the picture ({reader.errorString()})")
    return upright(image, header.orientation)


def image_from_mime(mime: QMimeData) -> QImage | None:
    """A picture from dropped or pasted data: image data or the first local image file.

    Raises:
        ImageLoadError: a file was given but cannot be used.
    """
    if mime.hasImage():
        img = mime.imageData()
        if isinstance(img, QImage) and not img.isNull():
            if img.width() * img.height() > MAX_PIXELS:
                raise ImageLoadError("the pasted picture is too large")
            return img
    for url in mime.urls():
        if url.isLocalFile():
            return read_image(url.toLocalFile())
    return None
