"""The Errors tab's left side: the confusion matrix, "All errors" and the most frequent confusions."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mnist_gui.core.evaluation import Evaluation
from mnist_gui.gui.confusion import ConfusionMatrixWidget
from mnist_gui.gui.percent import plural

TOP_CONFUSIONS = 4
"""How many of the most frequent confusions get a shortcut button under the matrix."""


class ConfusionsPanel(QWidget):
    """The matrix with its hint, the "All errors" button and a shortcut for each top confusion.

    Signals:
        cellChosen(int, int): a matrix cell or a confusion shortcut was clicked (true, predicted).
    """

    cellChosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = ConfusionMatrixWidget()
        self.matrix.cellClicked.connect(self.cellChosen)
        self.all_errors_button = QPushButton(self.tr("All errors"))
        self.all_errors_button.setToolTip(self.tr("List every misclassified test digit"))
        hint = QLabel(self.tr("Rows: true label \u00b7 columns: prediction. Click a cell to list its digits."))
        hint.setStyleSheet("color: #6b7280;")
        hint.setWordWrap(True)
        self.confusions_label = QLabel(self.tr("Most frequent:"))
        self.confusions_label.setStyleSheet("color: #6b7280;")
        self.confusion_buttons: list[QPushButton] = []
        crow = QHBoxLayout()
        crow.setSpacing(4)
        crow.addWidget(self.all_errors_button)
        crow.addSpacing(10)
        crow.addWidget(self.confusions_label)
        for _k in range(TOP_CONFUSIONS):
            b = QPushButton()
            b.setFlat(True)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setStyleSheet("QPushButton { color: #b91c1c; padding: 2px 6px; border: 1px solid #fecaca;"
                            " border-radius: 4px; background: #fef2f2; }"
                            " QPushButton:hover { background: #fee2e2; }")
            b.hide()
            b.clicked.connect(lambda _c=False, b=b: self.cellChosen.emit(*b.property("cell")))
            self.confusion_buttons.append(b)
            crow.addWidget(b)
        crow.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.matrix)
        left.addWidget(hint)
        left.addLayout(crow)
        left.addStretch(1)
        self.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)

    def update_buttons(self, evaluation: Evaluation | None) -> None:
        """One shortcut for each of ``evaluation``'s most frequent confusions (none: hidden)."""
        tops = evaluation.top_confusions(TOP_CONFUSIONS) if evaluation is not None else []
        self.confusions_label.setVisible(bool(tops))
        for k, b in enumerate(self.confusion_buttons):
            if k < len(tops):
                t, p, n = tops[k]
                b.setText(f"{t}\u2192{p} \u00d7{n}")
                b.setToolTip(plural(self.tr("True %1 predicted as %2: %n digit(s)", "", n), n).replace("%1", str(t)).replace("%2", str(p)))
                b.setProperty("cell", (t, p))
                b.show()
            else:
                b.hide()
