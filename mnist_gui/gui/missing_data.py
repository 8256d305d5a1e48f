"""A panel shown where MNIST is needed but not loaded: Download (with progress and Cancel) or
Choose folder..., and the reason the last attempt failed."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from mnist_gui.session.state import AppState

logger = logging.getLogger(__name__)

MNIST_SIZE_MB = 11.5


class MissingDataPanel(QWidget):
    """Tells the user MNIST is missing and offers to download it or to pick a folder.

    It drives :class:`~mnist_gui.session.state.AppState` only: ``load_dataset(allow_download=True)``,
    ``load_dataset(folder)`` and ``cancel_dataset()``, and follows its dataset signals.

    Args:
        state: the application state.
        what: what the data is needed for, e.g. "to browse the digits".
        compact: a banner across the top of a page (the Train tab) instead of a card centred
            on an otherwise empty page (the Dataset and Errors tabs).
    """

    def __init__(self, state: AppState, parent: QWidget | None = None, *, what: str = "",
                 compact: bool = False) -> None:
        super().__init__(parent)
        self.state = state
        self._loading = False
        self._downloading = False

        card = QFrame(self)
        card.setObjectName("missingDataCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(580)
        card.setStyleSheet("QFrame#missingDataCard { background: palette(base); border: 1px solid #d1d5db;"
                           " border-radius: 10px; }")
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.title = QLabel(self.tr("MNIST not found"))
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.title.setFont(f)
        needed = (self.tr("The MNIST handwritten digits (60,000 training and 10,000 test images) are needed %1.")
                  .replace("%1", what) if what else
                  self.tr("The MNIST handwritten digits (60,000 training and 10,000 test images) are needed."))
        self.message = QLabel(needed + " " + self.tr(
            "Download them (about %1 MB, verified against its SHA-256 checksum) or choose a folder "
            "that holds <i>mnist.npz</i> or the four original IDX files.").replace("%1", f"{MNIST_SIZE_MB:g}"))
        self.message.setToolTip(self.tr("The IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                                "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each may be .gz)"))
        self.message.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.hide()

        self.download_button = QPushButton(self.tr("Download MNIST"))
        self.download_button.setDefault(True)
        self.choose_button = QPushButton(self.tr("Choose folder\u2026"))
        self.download_button.clicked.connect(self.download)
        self.choose_button.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.progress_label.setStyleSheet("color: #6b7280;")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        prow = QHBoxLayout()
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        pbox = QVBoxLayout(self.progress_box)
        pbox.setContentsMargins(0, 0, 0, 0)
        pbox.addLayout(prow)
        pbox.addWidget(self.progress_label)
        self.progress_box.hide()

        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        inner.addWidget(self.progress_box)
        inner.addWidget(self.error)

        outer = QVBoxLayout(self)
        if compact:
            outer.setContentsMargins(0, 0, 0, 0)
            card.setMaximumWidth(16777215)
            inner.setContentsMargins(16, 10, 16, 10)
            inner.setSpacing(6)
            f = self.title.font()
            f.setPointSizeF(f.pointSizeF() / 1.5 * 1.2)
            self.title.setFont(f)
            outer.addWidget(card)
        else:
            outer.addStretch(1)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(card, 4)
            row.addStretch(1)
            outer.addLayout(row)
            outer.addStretch(2)

        state.datasetLoading.connect(self._on_loading)
        state.datasetProgress.connect(self._on_progress)
        state.datasetFailed.connect(self._on_failed)
        state.datasetChanged.connect(self._on_loaded)

    # ------------------------------------------------------------------ actions
    @Slot()
    def download(self) -> None:
        """Download MNIST into the per-user data folder (in the background)."""
        self._downloading = True
        self.state.load_dataset(allow_download=True)

    @Slot()
    def choose_folder(self) -> None:
        """Ask for a folder holding MNIST and load it."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with the MNIST files"))
        if folder:
            self._downloading = False
            self.state.load_dataset(folder)

    @Slot()
    def cancel(self) -> None:
        self.state.cancel_dataset()
        self.progress_label.setText(self.tr("Cancelling\u2026"))
        self.cancel_button.setEnabled(False)

    def is_busy(self) -> bool:
        return self._loading

    # --------------------------------------------------------------- feedback
    def _set_busy(self, busy: bool) -> None:
        self._loading = busy
        self.progress_box.setVisible(busy)
        self.download_button.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    @Slot()
    def _on_loading(self) -> None:
        self.error.hide()
        self.title.setText(self.tr("Downloading MNIST\u2026") if self._downloading else self.tr("Loading MNIST\u2026"))
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.progress_label.setText(self.tr("Connecting\u2026") if self._downloading else self.tr("Reading the files\u2026"))
        self._set_busy(True)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if not self._loading:
            return
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * min(done, total) / total))
            self.progress_label.setText(f"{done / 1e6:.1f} of {total / 1e6:.1f} MB")
        else:
            self.progress.setRange(0, 0)
            self.progress_label.setText(f"{done / 1e6:.1f} MB")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self._downloading = False
        self.title.setText(self.tr("MNIST not found"))
        if "cancelled" in message.lower():
            self.error.setText(self.tr("Download cancelled."))
        else:
            self.error.setText(message)
        self.error.show()

    @Slot()
    def _on_loaded(self) -> None:
        self._set_busy(False)
        self._downloading = False
        self.error.hide()
        self.title.setText(self.tr("MNIST loaded"))


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    st = AppState()
    w = MissingDataPanel(st, what="to browse the digits")
    w.resize(900, 600)
    w.show()
    sys.exit(app.exec())
