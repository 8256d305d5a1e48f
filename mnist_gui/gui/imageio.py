"""Reading pictures from files, drops and the clipboard, safely (QImageReader with limits)."""
from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage, QImageReader

MAX_PIXELS = 50_000_000  # 50 megapixels
MAX_FILE_BYTES = 200 * 1024 * 1024
ALLOCATION_LIMIT_MB = 512


class ImageLoadError(Exception):
    """The picture cannot be used; the message is one line for the user."""


def read_image(path: str) -> QImage:
    """Decode an image file of any format Qt reads, deciding the format from the content.

    Raises:
        ImageLoadError: broken, not an image, or too large.
    """
    from pathlib import Path

    from mnist_gui.core.files import checked_size

    # A regular file of sane size only: a FIFO would block the GUI thread for good.
    checked_size(Path(path), MAX_FILE_BYTES, ImageLoadError, "a picture")
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader = QImageReader(path)
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(True)
    if not reader.canRead():
        raise ImageLoadError(f"{path}: not an image Qt can read ({reader.errorString()})")
    size = reader.size()
    if size.isValid() and size.width() * size.height() > MAX_PIXELS:
        raise ImageLoadError(
            f"{path}: picture of {size.width()}x{size.height()} pixels is too large (limit {MAX_PIXELS // 1_000_000} MP)")
    image = reader.read()
    if image.isNull():
        raise ImageLoadError(f"{path}: cannot decode the picture ({reader.errorString()})")
    return image


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
