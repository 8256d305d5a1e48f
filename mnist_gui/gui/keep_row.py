"""The Draw tab's "teach it your handwriting" row: it is really a 0-9 (buttons and number keys),
Correct, Adapt; keeping the drawing, or one digit of a written number, in My digits."""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class KeepRow(QFrame):
    """Buttons that keep the Draw tab's digit in My digits with the label the user gives."""

    def __init__(self, tab: Any) -> None:
        super().__init__(tab)
        self.tab = tab
        box = self
        box.setObjectName("keepRow")
        box.setStyleSheet("#keepRow { background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 8px; }")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(8, 6, 8, 6)
        head = QHBoxLayout()
        t = QLabel(self.tr("Teach it your handwriting: it is really a"))
        t.setStyleSheet("font-weight: 600; color: #374151;")
        head.addWidget(t)
        head.addStretch(1)
        tab.correct_btn = QPushButton(self.tr("Correct \u2713"))
        tab.correct_btn.setToolTip(self.tr("The prediction is right: keep this digit in My digits (Enter)"))
        tab.correct_btn.clicked.connect(lambda: self.keep_as(None))
        head.addWidget(tab.correct_btn)
        lay.addLayout(head)
        row = QHBoxLayout()
        row.setSpacing(3)
        tab.label_btns = []
        for d in range(10):
            b = QPushButton(str(d))
            b.setFixedWidth(34)
            b.setToolTip(self.tr("It is a %1: keep it in My digits with this label (key %1)").replace("%1", str(d)))
            b.clicked.connect(lambda _=False, d=d: self.keep_as(d))
            row.addWidget(b)
            tab.label_btns.append(b)
            sc = QShortcut(QKeySequence(str(d)), tab)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.setWhatsThis(self.tr("Keep the digit in My digits as this digit"))
            sc.activated.connect(lambda d=d: self.keep_as(d))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), tab)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.setWhatsThis(self.tr("Keep the digit in My digits as read (Correct \u2713)"))
            sc.activated.connect(lambda: self.keep_as(None))
        row.addStretch(1)
        tab.adapt_btn = QPushButton(self.tr("Adapt\u2026"))
        tab.adapt_btn.setToolTip(self.tr("Adapt the model to the digits you kept (My digits tab)"))
        tab.adapt_btn.clicked.connect(tab.adaptRequested)
        row.addWidget(tab.adapt_btn)
        lay.addLayout(row)
        tab.keep_label = QLabel(" ")
        tab.keep_label.setStyleSheet("color: #4b5563;")
        lay.addWidget(tab.keep_label)


    @Slot()
    def keep_as(self, label: int | None) -> bool:
        """Keep the current digit in My digits with ``label`` (None: the prediction is right)."""
        tab = self.tab
        if tab.my_digits is None:
            return False
        x = tab.last_input
        if x is None:
            tab.keep_label.setText(self.tr("Draw or open a digit first."))
            return False
        if label is None:
            if tab.last_probabilities is None:
                tab.keep_label.setText(self.tr("No prediction to confirm yet: press the right digit instead."))
                return False
            label = int(np.argmax(tab.last_probabilities))
        picture = tab.canvas.has_picture()
        piece = tab.numbers.chosen_piece()  # one digit of a number: its own strokes and picture
        if piece is not None:
            strokes = tab.numbers.piece_strokes(piece)
        else:
            strokes = None if picture else [list(s) for s in tab.canvas.strokes()]
            if strokes and tab.canvas.area_aspect() > 1.0:
                from mnist_gui.gui.draw_numbers import unit_square

                strokes = unit_square(strokes)  # My digits keeps square-canvas fractions
        img = np.clip(np.asarray(x, np.float32) * 255 + 0.5, 0, 255).astype(np.uint8)
        if tab.my_digits.add(label, img, strokes, "picture" if picture else "drawing") is None:
            return False  # the store reported why
        counts = tab.my_digits.collection.counts()
        if piece is not None:  # the rest of the number stays on the canvas
            tab.keep_label.setText(self.tr("Kept digit {i} of the number as a {label} \u2014 My digits: {total}")
                                    .format(i=tab.numbers.chosen + 1, label=label, total=sum(counts)))
            return True
        tab.canvas.clear()  # first: a change of the canvas takes the note away, and this one is new
        tab.keep_label.setText(self.tr("Kept as a {label} \u2014 My digits: {total} ({n} of {label})").format(
            label=label, total=sum(counts), n=counts[label]))
        return True

