"""Reading pictures from files, drops and the clipboard, safely (QImageReader with limits).

The policy is core.imagefile's, so that the Draw tab and ``mnist-gui predict`` read a file alike:
the same byte and pixel caps, the same formats, the same orientation, all from the header before
Qt decodes anything.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QMimeData, Qt
from PySide6.QtGui import QImage, QImageReader, QTransform

from mnist_gui.core.imagefile import FORMATS, MAX_PIXELS, ImageFileError, probe

logger = logging.getLogger(__name__)

ALLOCATION_LIMIT_MB = 512  # Qt's own ceiling on one decoded image: 50 MP of 64-bit colour fits
# core.imagefile's formats as people know them, with the name Qt's reader has for each
FORMAT_NAMES = {"PNG": ("PNG", "png"), "JPEG": ("JPEG", "jpeg"), "BMP": ("BMP", "bmp"), "GIF": ("GIF", "gif"),
                "TIFF": ("TIFF", "tiff"), "WEBP": ("WebP", "webp"), "PPM": ("PBM/PGM/PPM", "ppm")}


def openable_formats() -> list[str]:
    """The formats a picture can be opened in: core.imagefile's, where Qt has a reader for them."""
    qt = {bytes(f).decode().lower() for f in QImageReader.supportedImageFormats()}
    return [FORMAT_NAMES[f][0] for f in FORMATS if f in FORMAT_NAMES and FORMAT_NAMES[f][1] in qt]


def not_a_picture_message(path: str) -> str:
    """The one line a person is told when a file is no picture the app can open."""
    return QCoreApplication.translate("imageio", "{path}: this file is not a picture the app can open ({formats})").format(
        path=path, formats=", ".join(openable_formats()))


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
        logger.info("Qt cannot read %s: %s", path, reader.errorString())  # the detail, for a bug report
        raise ImageLoadError(not_a_picture_message(path))
    size = reader.size()
    if size.isValid() and size.width() * size.height() > MAX_PIXELS:
        raise ImageLoadError(
            QCoreApplication.translate("imageio", "{path}: picture of {w}x{h} pixels is too large (limit {mp} MP)").format(
                path=path, w=size.width(), h=size.height(), mp=MAX_PIXELS // 1_000_000))
    image = reader.read()
    if image.isNull():
        raise ImageLoadError(QCoreApplication.translate("imageio", "{path}: cannot decode the picture ({error})").format(path=path, error=reader.errorString()))
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
                raise ImageLoadError(QCoreApplication.translate("imageio", "the pasted picture is too large"))
            return img
    for url in mime.urls():
        if url.isLocalFile():
            return read_image(url.toLocalFile())
    return None
