"""The Errors tab's detail panel: the selected test digit, its top probabilities, its evidence.

The tab pushes the digit to show (:meth:`DigitDetail.show_digit`) whenever the selection, the
evaluation or the test pictures change; the evidence map is computed here, on the GUI thread,
with the active model (the evaluation ran on its own copy).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from mnist_gui.core.evaluation import Evaluation
from mnist_gui.gui.digit_views import DigitView, ProbabilityBars
from mnist_gui.gui.explain_views import EvidenceSection
from mnist_gui.session.state import AppState
from mnist_gui.gui.percent import number, percent


class DigitDetail(QFrame):
    """One test digit: the picture, true and predicted label, top 3 probabilities, the evidence
    map, and Send to Draw.

    Signals:
        sendToDraw(object): the shown digit as a (28, 28) uint8 array.
    """

    sendToDraw = Signal(object)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._evaluation: Evaluation | None = None
        self._images: np.ndarray | None = None
        self._current: int | None = None

        self.digit_view = DigitView(placeholder=self.tr("Select a digit in the list"))
        self.digit_title = QLabel(self.tr("No digit selected"))
        tf = self.digit_title.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.2)
        tf.setBold(True)
        self.digit_title.setFont(tf)
        self.digit_info = QLabel(" ")
        self.digit_info.setTextFormat(Qt.TextFormat.RichText)
        self.top_bars = ProbabilityBars(top_k=3)
        self.send_button = QPushButton(self.tr("Send to Draw"))
        self.send_button.setToolTip(self.tr("Put this digit on the Draw tab's canvas"))
        self.send_button.setEnabled(False)
        self.send_button.clicked.connect(self._send)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(260)
        dl = QVBoxLayout(self)
        dl.setContentsMargins(14, 14, 14, 14)
        dl.setSpacing(8)
        dl.addWidget(self.digit_view, 0, Qt.AlignmentFlag.AlignHCenter)
        dl.addWidget(self.digit_title)
        dl.addWidget(self.digit_info)
        top3 = QLabel(self.tr("Top 3 probabilities"))
        top3.setStyleSheet("color: #6b7280;")
        dl.addSpacing(4)
        dl.addWidget(top3)
        dl.addWidget(self.top_bars)
        self.evidence_section = EvidenceSection(self.tr(
            "Red pixels push the network toward its prediction, blue ones toward the runner-up\n"
            "(for a wrong prediction: why this and not the true digit?);\nclick a bar for another digit"))
        self.evidence_box, self.evidence = self.evidence_section.box, self.evidence_section.panel
        self.evidence_section.wanted.connect(self._update_evidence)
        self.top_bars.barClicked.connect(self._choose_digit)
        dl.addWidget(self.evidence_section)
        dl.addStretch(1)
        dl.addWidget(self.send_button)

    def show_digit(self, evaluation: Evaluation | None, images: np.ndarray | None, i: int | None) -> None:
        """Show test digit ``i`` of ``images`` as ``evaluation`` judged it (None: no digit)."""
        self._evaluation, self._images, self._current = evaluation, images, i
        ev = evaluation
        self.evidence_section.chosen = None
        if i is None or ev is None or self._images is None:
            self.digit_view.set_image(None)
            self.digit_title.setText(self.tr("No digit selected"))
            self.digit_info.setText(" ")
            self.top_bars.set_probabilities(None)
            self.send_button.setEnabled(False)
            self._update_evidence()  # no old map beside "No digit selected"
            return
        t, pr = int(ev.y_true[i]), int(ev.y_pred[i])
        self.digit_view.set_image(self._images[i])
        self.digit_title.setText(self.tr("Test #%1").replace("%1", number(i)))
        colour = "#15803d" if t == pr else "#b91c1c"
        self.digit_info.setText(self.tr("True %1 \u00b7 predicted %2 (%3)").replace("%1", f"<b>{t}</b>")
                                .replace("%2", f"<b style='color:{colour}'>{pr}</b>").replace("%3", percent(ev.confidence[i])))
        self.top_bars.set_probabilities(ev.probs[i], true_label=t)
        self.send_button.setEnabled(True)
        self._update_evidence()

    # ================================================================= evidence
    @Slot()
    def _update_evidence(self) -> None:
        """The active model's evidence for the selected digit: for a wrong prediction, the
        predicted digit against the true one ("why 4 and not 9?"); computed on the GUI thread,
        which owns the active model (the evaluation ran on its own copy)."""
        if not self.evidence_section.active():
            return
        ev, i = self._evaluation, self._current
        if i is None or ev is None or self._images is None:
            self.evidence.clear(self.tr("Select a digit"))
            return
        model = self.state.model
        image = self._images[i].astype(np.float32) / 255.0
        if model is None:
            self.evidence.clear(self.tr("No model loaded"))
            return
        from mnist_gui.core.evaluation import predict_one

        probs = predict_one(model, image)
        pred, true = int(np.argmax(probs)), int(ev.y_true[i])
        chosen = self.evidence_section.chosen
        if chosen is None and pred != true:  # a mistake: why the prediction and not the true digit?
            self.evidence.show_pair(model, image, pred, true, self.tr(" (true)"))
            return
        self.evidence.explain(model, image, probs, chosen)

    @Slot(int)
    def _choose_digit(self, digit: int) -> None:
        ev, i = self._evaluation, self._current
        self.evidence_section.choose(digit, None if ev is None or i is None else int(np.argmax(ev.probs[i])))

    @Slot()
    def _send(self) -> None:
        if self._current is not None and self._images is not None:
            self.sendToDraw.emit(np.array(self._images[self._current], dtype=np.uint8))
