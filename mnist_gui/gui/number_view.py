"""The number read from the Draw tab: the whole number as text to copy, and one tile per digit
(its 28x28 input, its reading) that can be chosen to see that digit's probabilities and evidence."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QToolButton, QVBoxLayout, QWidget)

from mnist_gui.gui.percent import percent
from mnist_gui.gui.qimages import gray_qimage

#: Tag colours on the canvas and the tiles: a digit, an unsure one, one that is not a digit.
COLOURS = {"digit": "#2563eb", "unsure": "#d97706", "not_digit": "#dc2626"}


def tag_text(reading: Any) -> str:
    """What a digit's box says: "7 98%", "4|9 48%", "? 31%"."""
    p = float(reading.confidence)
    if reading.kind == "not_digit":
        return f"? {percent(p)}"
    if reading.kind == "unsure":
        return f"{reading.digit}|{reading.second} {percent(p)}"
    return f"{reading.digit} {percent(p)}"


class NumberStrip(QFrame):
    """The number as selectable text with Copy, and a row of digit tiles (one is chosen)."""

    pieceChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("numberStrip")
        self.setStyleSheet("#numberStrip { background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 8px; }")
        self.text = QLineEdit()
        self.text.setReadOnly(True)
        f = QFont(self.font())
        f.setPointSize(20)
        f.setBold(True)
        self.text.setFont(f)
        self.text.setToolTip(self.tr("The number as read; select it or press Copy to use it elsewhere"))
        self.copy_btn = QPushButton(self.tr("Copy"))
        self.copy_btn.setToolTip(self.tr("Copy the number to the clipboard"))
        self.copy_btn.clicked.connect(self.copy)
        self.summary = QLabel("")
        self.summary.setStyleSheet("color: #4b5563;")
        self.summary.setWordWrap(True)
        head = QHBoxLayout()
        title = QLabel(self.tr("Number"))
        title.setStyleSheet("font-weight: 600; color: #374151;")
        head.addWidget(title)
        head.addWidget(self.text, 1)
        head.addWidget(self.copy_btn)
        self.tiles_row = QHBoxLayout()
        self.tiles_row.setSpacing(4)
        self.tiles_row.addStretch(1)
        tiles = QWidget()
        tiles.setLayout(self.tiles_row)
        scroll = QScrollArea()
        scroll.setWidget(tiles)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFixedHeight(92)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addLayout(head)
        lay.addWidget(self.summary)
        lay.addWidget(scroll)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.pieceChosen)
        self.tiles: list[QToolButton] = []

    def show_number(self, text: str, pieces: Sequence[Any], chosen: int | None, summary: str) -> None:
        """Show ``text`` and one tile per piece (``pieces`` have ``image`` and ``reading``)."""
        if self.text.text() != text:
            self.text.setText(text)
        self.summary.setText(summary)
        self._drop_tiles()
        for i, piece in enumerate(pieces):
            b = QToolButton()
            b.setCheckable(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            img = (np.clip(piece.image, 0, 1) * 255 + 0.5).astype(np.uint8)
            b.setIcon(QIcon(QPixmap.fromImage(gray_qimage(img))))
            b.setIconSize(QSize(44, 44))
            b.setText(tag_text(piece.reading))
            b.setStyleSheet(f"QToolButton {{ color: {COLOURS[piece.reading.kind]}; font-weight: 600; }}")
            b.setToolTip(self.tr("Digit %1 of the number: show its probabilities and evidence "
                                 "(or right-click its box on the canvas)").replace("%1", str(i + 1)))
            self.group.addButton(b, i)
            self.tiles_row.insertWidget(i, b)
            self.tiles.append(b)
        if chosen is not None and 0 <= chosen < len(self.tiles):
            self.tiles[chosen].setChecked(True)

    def _drop_tiles(self) -> None:
        for b in self.tiles:
            self.group.removeButton(b)
            self.tiles_row.removeWidget(b)
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.tiles = []

    def clear(self, hint: str) -> None:
        """No number (one digit, or nothing): the strip keeps its place and says what it is for."""
        self._drop_tiles()
        self.text.clear()
        self.text.setPlaceholderText(hint)
        self.summary.setText("")

    def choose(self, index: int) -> None:
        if 0 <= index < len(self.tiles):
            self.tiles[index].setChecked(True)

    @Slot()
    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.text())
