"""Pictures for the Draw tab: the Open dialog, drops and pastes, and a message when one cannot be used.

The Open dialog starts in the folder the last picture was opened from, across restarts (File >
Open and the tab's button alike); a refusal is one line in the user's words, in a warning box.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from mnist_gui.gui.imageio import ImageLoadError, image_from_mime, read_image
from mnist_gui.session.settings import app_settings

logger = logging.getLogger(__name__)

PATTERNS = "*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.pbm *.pgm *.ppm"  # core.imagefile.FORMATS
FOLDER_KEY = "last_image_dir"  # the folder the Open dialog starts in (File > Open and the tab's button)


class PictureSource(QObject):
    """Where the Draw tab's pictures come from; every refusal is a warning box over ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent

    def ask_path(self) -> str | None:
        """The Open dialog, in the folder last opened from; the chosen file's folder is remembered."""
        start = app_settings().value(FOLDER_KEY, "", str)
        if start and not Path(start).is_dir():
            start = ""
        kinds = self.tr("Images ({patterns});;All files (*)").format(patterns=PATTERNS)
        path, _ = QFileDialog.getOpenFileName(self._parent, self.tr("Open a picture of a digit"), start, kinds)
        if not path:
            return None
        app_settings().setValue(FOLDER_KEY, str(Path(path).parent))
        return path

    def read_file(self, path: str) -> QImage | None:
        """The picture in ``path``, or None after telling the user why not."""
        try:
            return read_image(path)
        except ImageLoadError as e:
            self.warn(str(e))
            return None

    def from_clipboard(self) -> QImage | None:
        return self.from_mime(QApplication.clipboard().mimeData(), what=self.tr("The clipboard holds no picture."))

    def from_mime(self, mime: QMimeData, *, what: str | None = None) -> QImage | None:
        """A dropped or pasted picture; None (with a warning when ``what`` says what was missing)."""
        try:
            img = image_from_mime(mime)
        except ImageLoadError as e:
            self.warn(str(e))
            return None
        if img is None and what:
            self.warn(what)
        return img

    @staticmethod
    def can_take(mime: QMimeData) -> bool:
        return mime.hasImage() or any(u.isLocalFile() for u in mime.urls())

    def warn(self, text: str) -> None:
        logger.warning("%s", text)
        QMessageBox.warning(self._parent, self.tr("Cannot use this picture"), text)
