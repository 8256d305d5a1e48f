"""The Draw tab: draw or load a digit and see what the network thinks, live.

An opened picture stays on the canvas as the background of what is drawn next: the network reads
picture and strokes together, and Undo takes the strokes back off the picture.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QFontMetrics, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QStackedWidget, QFrame, QGridLayout, QHBoxLayout, QLabel,
                               QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from mnist_gui.core import preprocess
from mnist_gui.gui.canvas import DrawingCanvas
from mnist_gui.gui.draw_numbers import DrawNumbers
from mnist_gui.gui.picture_open import PictureSource
from mnist_gui.gui.qimages import gray_qimage
from mnist_gui.session.state import AppState
from mnist_gui.gui.digit_views import DigitView, ProbabilityBars
from mnist_gui.gui.explain_views import ExplainPanel, FeatureMapsPanel
from mnist_gui.gui.percent import percent

logger = logging.getLogger(__name__)

LIVE_DEBOUNCE_MS = 40
CANVAS_ASPECT = 2.0  # wide enough to write a number of several digits; one digit reads as on a square
# the pen on the wide canvas, as a share of its height: digits of a number are written smaller than
# one digit on a square (what the network reads is re-drawn with MNIST's stroke width either way)
WIDE_PEN_FRACTION = 0.05
NO_DIGIT = ""  # the big digit's text while there is no prediction (nothing, not a dash)


class DrawTab(QWidget):
    """Canvas on the left; prediction, probabilities and the network's-eye view on the right.

    Signals:
        predicted(object): probabilities (10,) after every prediction, or None for "no digit".
        evidenceUpdated(): the evidence map was redrawn for the current digit.
    """

    predicted = Signal(object)
    evidenceUpdated = Signal()
    adaptRequested = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None, *, my_digits: Any = None) -> None:
        super().__init__(parent)
        self.state = state
        self.my_digits = my_digits  # session.my_digits.MyDigitsStore, or None: no "keep" row
        self.last_probabilities: np.ndarray | None = None
        self.last_reading: Any = None  # core.refusal.Reading of last_probabilities
        self.last_input: np.ndarray | None = None
        self.last_latency_ms: float = float("nan")
        self._chosen: int | None = None  # digit whose evidence is shown; None: the prediction's
        self.pictures = PictureSource(self)
        self._build()
        self.numbers = DrawNumbers(self)
        self._left.insertWidget(1, self.numbers.strip)
        self._debounce = QTimer(self, singleShot=True, interval=LIVE_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.predict_now)
        self.canvas.strokeStarted.connect(self._clear_note)
        self.canvas.strokeChanged.connect(self._debounce.start)
        self.canvas.strokeFinished.connect(self._on_stroke_finished)
        self.canvas.contentChanged.connect(self._on_content_changed)
        state.modelChanged.connect(self._on_model_changed)
        state.fastModelReady.connect(self._on_fast_model)
        state.modelLoading.connect(lambda label: self._set_status(self.tr("Loading %1\u2026").replace("%1", label)))
        state.modelFailed.connect(self._on_model_failed)
        self.setAcceptDrops(True)
        self._on_model_changed()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.canvas = DrawingCanvas(self)
        self.canvas.set_aspect(CANVAS_ASPECT)
        self.canvas.pen_fraction = WIDE_PEN_FRACTION
        self.clear_btn = QPushButton(self.tr("Clear"))
        self.undo_btn = QPushButton(self.tr("Undo"))
        self.redo_btn = QPushButton(self.tr("Redo"))
        self.open_btn = QPushButton(self.tr("Open image\u2026"))
        self.clear_btn.setToolTip(self.tr("Clear the canvas (Delete / Esc)"))
        self.undo_btn.setToolTip(self.tr("Undo the last stroke or opened picture (Ctrl+Z)"))
        self.redo_btn.setToolTip(self.tr("Redo (Ctrl+Shift+Z)"))
        self.open_btn.setToolTip(self.tr("Classify a picture of a digit (Ctrl+O); you can also drop or paste one"))
        self.clear_btn.clicked.connect(self.canvas.clear)
        self.undo_btn.clicked.connect(self.canvas.undo)
        self.redo_btn.clicked.connect(self.canvas.redo)
        self.open_btn.clicked.connect(self.open_image_dialog)
        undo, redo, clear = self.tr("Undo the last stroke"), self.tr("Redo"), self.tr("Clear the canvas")
        for seq, slot, what in ((QKeySequence.StandardKey.Undo, self.canvas.undo, undo),
                                (QKeySequence.StandardKey.Redo, self.canvas.redo, redo),
                                (QKeySequence("Ctrl+Shift+Z"), self.canvas.redo, redo),
                                (QKeySequence(Qt.Key.Key_Delete), self.canvas.clear, clear),
                                (QKeySequence(Qt.Key.Key_Escape), self.canvas.clear, clear),
                                (QKeySequence(Qt.Key.Key_Backspace), self.canvas.clear, clear),
                                (QKeySequence.StandardKey.Paste, self.paste, self.tr("Paste a picture of a digit"))):
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.setWhatsThis(what)  # what the Help menu's shortcuts list says it does
            sc.activated.connect(slot)
        self.prepare_box = QCheckBox(self.tr("MNIST-style preparation"))
        self.prepare_box.setChecked(True)
        self.prepare_box.setToolTip(self.tr("Crop to the ink, scale into 20x20, centre by mass in 28x28 - as MNIST was made -\n"
                                    "with strokes as thick, for the digit's size, as MNIST's.\n"
                                    "Off: the whole canvas is simply shrunk to 28x28."))
        self.prepare_box.toggled.connect(self.predict_now)
        self.refuse_box = QCheckBox(self.tr("Refuse what is not a digit"))
        self.refuse_box.setChecked(True)
        self.refuse_box.setToolTip(self.tr("Say \u201cNot a digit\u201d for letters and scribbles, and \u201cunsure\u201d "
                                           "when two digits are close,\ninstead of always naming the most probable "
                                           "digit. The threshold is in the model's card."))
        self.refuse_box.toggled.connect(self._refusing_toggled)

        buttons = QHBoxLayout()
        for b in (self.clear_btn, self.undo_btn, self.redo_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.open_btn)
        left = self._left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        left.addLayout(buttons)
        hint = QLabel(self.tr("Write a digit or a whole number with the mouse or a pen; each digit gets a box "
                              "(right-click one to look at it). Drop or paste a picture to read it; "
                              "what you draw then goes on top of it."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b7280;")
        left.addWidget(hint)

        self.digit_label = QLabel(NO_DIGIT)
        f = QFont(self.font())
        f.setPointSize(64)
        f.setBold(True)
        self.digit_label.setFont(f)
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digit_label.setMinimumWidth(110)
        self.digit_label.setMinimumHeight(QFontMetrics(f).height())  # no jump when a digit appears
        self.confidence_label = QLabel("")
        cf = QFont(self.font())
        cf.setPointSize(13)
        self.confidence_label.setFont(cf)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("color: #6b7280;")
        head = QVBoxLayout()
        title = QLabel(self.tr("Prediction"))
        title.setStyleSheet("font-weight: 600; color: #374151;")
        head.addWidget(title)
        head.addWidget(self.confidence_label)
        head.addWidget(self.status_label)
        head.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.digit_label)
        top.addLayout(head, 1)

        self.bars = ProbabilityBars(large=True)
        self.sees = DigitView(placeholder=self.tr("Draw a digit"))
        self.sees.setToolTip(self.tr("The 28x28 picture the network actually receives"))
        sees_box = QVBoxLayout()
        self.sees_title = QLabel()
        self.sees_title.setStyleSheet("font-weight: 600; color: #374151;")
        sees_box.addWidget(self.sees_title)
        self.explain_panel = ExplainPanel()
        self.explain_panel.setToolTip(self.tr("Evidence map (integrated gradients): red pixels push the network toward\n"
                                      "the first digit, blue ones toward the second. Click a probability bar\n"
                                      "to see the evidence for that digit."))
        self.explain_panel.updated.connect(self.evidenceUpdated)
        self.sees_stack = QStackedWidget()
        self.sees_stack.addWidget(self.sees)
        self.sees_stack.addWidget(self.explain_panel)
        sees_box.addWidget(self.sees_stack, 1)
        sees_box.addWidget(self.prepare_box)
        sees_box.addWidget(self.refuse_box)
        self.evidence_box = QCheckBox(self.tr("Why? Show the evidence"))
        self.evidence_box.setToolTip(self.tr("Colour the pixels by how much they push toward the prediction (red)\n"
                                     "or toward the runner-up (blue)"))
        self.evidence_box.toggled.connect(self._on_evidence_toggled)
        self.for_prediction_btn = QPushButton(self.tr("For the prediction"))
        self.for_prediction_btn.setToolTip(self.tr("Show the evidence for the predicted digit again"))
        self.for_prediction_btn.setEnabled(False)
        self.for_prediction_btn.clicked.connect(lambda: self.choose_digit(None))
        self.features_btn = QPushButton(self.tr("Feature maps\u2026"))
        self.features_btn.setToolTip(self.tr("What every convolution layer of the network responds to, for this digit"))
        self.features_btn.clicked.connect(self.show_feature_maps)
        self.feature_panel = FeatureMapsPanel(self)
        self.feature_panel.setWindowFlag(Qt.WindowType.Window, True)
        self._feature_panel_placed = False
        ev_row = QHBoxLayout()
        ev_row.addWidget(self.evidence_box)
        ev_row.addStretch(1)
        ev_row.addWidget(self.for_prediction_btn)
        sees_box.addLayout(ev_row)
        sees_box.addWidget(self.features_btn)
        self._update_sees_title()
        self.bars.barClicked.connect(self.choose_digit)
        self.bars.setToolTip(self.tr("Click a digit's bar to see the evidence for it"))

        right = QGridLayout()
        right.addLayout(top, 0, 0, 1, 2)
        bars_title = QLabel(self.tr("Probability of each digit"))
        bars_title.setStyleSheet("font-weight: 600; color: #374151;")
        right.addWidget(bars_title, 1, 0)
        right.addWidget(self.bars, 2, 0)
        right.addLayout(sees_box, 1, 1, 2, 1)
        right.setColumnStretch(0, 3)
        right.setColumnStretch(1, 2)
        right.setRowStretch(2, 1)
        panel = QFrame()
        panel.setObjectName("predictionPanel")
        panel.setStyleSheet("#predictionPanel { background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 8px; }")
        panel.setLayout(right)
        panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        if self.my_digits is not None:
            from mnist_gui.gui.keep_row import KeepRow

            self.keep_row = KeepRow(self)
            left.addWidget(self.keep_row)
        root = QHBoxLayout(self)
        root.addLayout(left, 5)
        root.addWidget(panel, 6)
        self._update_buttons()

    def keep_as(self, label: int | None) -> bool:
        """Keep the current digit in My digits with ``label`` (None: the prediction is right)."""
        return self.keep_row.keep_as(label)

    @Slot()
    def _clear_note(self) -> None:
        if self.my_digits is not None:
            self.keep_label.setText(" ")

    # ------------------------------------------------------------------ actions
    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _update_buttons(self) -> None:
        self.undo_btn.setEnabled(self.canvas.can_undo())
        self.redo_btn.setEnabled(self.canvas.can_redo())
        self.clear_btn.setEnabled(self.canvas.has_content())

    @Slot()
    def _on_stroke_finished(self) -> None:
        self._debounce.stop()
        self.predict_now()
        self._update_buttons()

    @Slot()
    def _on_content_changed(self) -> None:
        self._clear_note()
        self._debounce.stop()
        self._update_buttons()
        self.predict_now()

    @Slot()
    def _on_model_changed(self) -> None:
        if self.state.model is None:
            self._set_status(self.tr("Loading the model\u2026"))
        else:
            card = self.state.model_card or {}
            src = card.get("adapted_from")
            if src:
                self._set_status(self.tr("<b style='color:#7c3aed'>Adapted to your handwriting</b> (%1 digits, from %2)")
                                 .replace("%1", str(card.get("adapted_on_digits", "?")))
                                 .replace("%2", str(src.get("label") or self.tr("a model"))))
            else:
                self._set_status(self.tr("Model: %1").replace("%1", self.state.display_label()))
        if self.isVisible():
            self.predict_now()
        else:
            # another tab is in front (the Errors tab may be evaluating the test set with this
            # model: a prediction here would wait for TensorFlow's threads, 100-170 ms of a
            # frozen window); the drawing is answered when this tab is shown again
            self._predict_when_shown = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if getattr(self, "_predict_when_shown", False):
            self._predict_when_shown = False
            self.predict_now()

    @Slot()
    def _on_fast_model(self) -> None:
        self._set_status(self.tr("Ready to draw • the full model (evidence maps, feature maps) is still loading…"))
        self.predict_now()

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self._set_status(self.tr("Could not load the model: %1").replace("%1", message))

    def current_picture_array(self) -> np.ndarray:
        """The picture being classified: the opened image (at full resolution, or with the strokes
        drawn over it), or the drawing."""
        pic = self.canvas.picture_array()
        return self.canvas.ink_array() if pic is None else pic

    def prepare(self) -> np.ndarray | None:
        """The 28x28 input for the current picture, exactly as the network gets it (None: no digit)."""
        if not self.canvas.has_content():
            return None
        if not self.prepare_box.isChecked():  # the naive baseline: shrink what is on the canvas
            return preprocess.plain_resize(self.current_picture_array())
        if self.canvas.has_picture():
            return preprocess.preprocess_picture(self.current_picture_array())
        return preprocess.preprocess(self.canvas.normalized_ink_array())

    @Slot()
    def predict_now(self) -> np.ndarray | None:
        """Prepare the picture, run the network, update the display; returns the probabilities.

        Ink of two strokes or more may be a number (:class:`DrawNumbers`). Ink no wider than one
        digit is read whole first, and only split when that reading is not sure; wider ink is
        split first, and read whole only when it turns out to be one digit."""
        t0 = time.perf_counter()
        if self.canvas.is_drawing() and self.numbers.active:
            return self.last_probabilities  # a number is being written: it is read when the stroke ends
        split_first = not self.canvas.is_drawing() and self.numbers.wide_ink()
        if split_first and self.numbers.update():
            return self._shown_number(t0)
        x, probs = self._read_whole()
        whole = None if probs is None else self.state.read(probs)
        if not split_first and not self.canvas.is_drawing() and self.numbers.update(whole=whole):
            return self._shown_number(t0)
        self._display(x, probs, reading=whole)
        self.last_latency_ms = (time.perf_counter() - t0) * 1000
        self.predicted.emit(probs)
        return probs

    def _read_whole(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The whole drawing as one digit: its 28x28 input and the ten probabilities."""
        x = self.prepare()
        model = self.state.predictor  # the Keras model, or its NumPy stand-in while it loads
        if x is None or model is None:
            return x, None
        from mnist_gui.core.evaluation import predict_one

        return x, predict_one(model, x)

    def _shown_number(self, t0: float) -> np.ndarray | None:
        """A number of two digits or more is shown (the chosen digit in the panels)."""
        self.last_latency_ms = (time.perf_counter() - t0) * 1000
        self.predicted.emit(self.last_probabilities)
        return self.last_probabilities

    def show_piece(self, piece: Any, text: str, index: int) -> None:
        """Show digit ``index`` of the number ``text`` in the panels; the number in place of the digit."""
        self._display(piece.image, piece.probabilities, reading=piece.reading)
        size = max(18, min(64, int(64 * 4 / max(4, len(text)))))
        self._set_big(text, size)
        self.confidence_label.setText(self.tr("Digit %1 of %2: %3").replace("%1", str(index + 1))
                                      .replace("%2", str(len(text))).replace("%3", self.confidence_label.text()))

    def _display(self, x: np.ndarray | None, probs: np.ndarray | None, reading: Any = None) -> None:
        """Show one digit's input and answer in the panels (the whole drawing, or a number's digit)."""
        self.last_input = x
        self.sees.set_image(None if x is None else (np.clip(x, 0, 1) * 255 + 0.5).astype(np.uint8))
        self.last_probabilities = probs
        self.last_reading = None if probs is None else (reading or self.state.read(probs))
        self.bars.set_probabilities(None if probs is None else self.last_reading.probabilities)
        if probs is not None:
            self._show_reading(self.last_reading)
        else:
            self._set_big(NO_DIGIT)
            if not self.canvas.has_content():
                self.confidence_label.setText(self.tr("Draw a digit"))
            elif x is None:
                self.confidence_label.setText(self.tr("No digit found"))
            else:
                self.confidence_label.setText(self.tr("Waiting for the model\u2026"))
        self._update_explanations(x, probs)

    def _set_big(self, text: str, size: int = 64) -> None:
        f = self.digit_label.font()
        if f.pointSize() != size:
            f.setPointSize(size)
            self.digit_label.setFont(f)
        self.digit_label.setText(text)

    def _show_reading(self, r: Any) -> None:
        """The answer in place of the big digit: the digit, "4 or 9" when unsure, or "Not a digit"."""
        p = r.probabilities
        if r.kind == "not_digit":
            self._set_big(self.tr("Not a\ndigit"), 26)
            self.confidence_label.setText(self.tr("Looks most like a %1 (%2), too little to be one")
                                          .replace("%1", str(r.digit)).replace("%2", percent(float(p[r.digit]))))
        elif r.kind == "unsure":
            self._set_big(self.tr("%1 or %2").replace("%1", str(r.digit)).replace("%2", str(r.second)), 36)
            self.confidence_label.setText(self.tr("Unsure: %1 (%2) or %3 (%4)")
                                          .replace("%1", str(r.digit)).replace("%2", percent(float(p[r.digit])))
                                          .replace("%3", str(r.second)).replace("%4", percent(float(p[r.second]))))
        else:
            self._set_big(str(r.digit))
            self.confidence_label.setText(self.tr("%1 sure").replace("%1", percent(float(p[r.digit]))))

    @Slot(bool)
    def _refusing_toggled(self, on: bool) -> None:
        self.state.refusing = bool(on)
        self.predict_now()

    # ------------------------------------------------------------------ explanations
    def _update_explanations(self, x: np.ndarray | None, probs: np.ndarray | None) -> None:
        if x is None:
            self._chosen = None
            self.for_prediction_btn.setEnabled(False)
        if self.evidence_box.isChecked():
            if x is None:
                self.explain_panel.clear(self.tr("Draw a digit") if not self.canvas.has_content() else self.tr("No digit found"))
            else:
                self.explain_panel.explain(self.state.model, x, probs, self._chosen)
        self.feature_panel.show_for(self.state.model, x)

    def _update_sees_title(self) -> None:
        """The heading says what the panel shows: the network's input, or the evidence over it."""
        self.sees_title.setText(self.tr("Where the evidence is (28\u00d728)") if self.evidence_box.isChecked()
                                else self.tr("What the network sees (28\u00d728)"))

    @Slot(bool)
    def _on_evidence_toggled(self, on: bool) -> None:
        self.sees_stack.setCurrentWidget(self.explain_panel if on else self.sees)
        self._update_sees_title()
        if on:
            self._update_explanations(self.last_input, self.last_probabilities)

    @Slot(int)
    def choose_digit(self, digit: int | None) -> None:
        """Show the evidence for ``digit`` (None: for the prediction)."""
        self._chosen = digit
        self.for_prediction_btn.setEnabled(digit is not None)
        if not self.evidence_box.isChecked():
            self.evidence_box.setChecked(True)  # shows it
        else:
            self._update_explanations(self.last_input, self.last_probabilities)

    @Slot()
    def show_feature_maps(self) -> None:
        first = not self.feature_panel.isVisible() and not self._feature_panel_placed
        self.feature_panel.show_for(self.state.model, self.last_input)
        self.feature_panel.show()
        if first and self.window().isVisible() and self.screen() is not None:
            # beside the main window, not on top of the digit being drawn
            from mnist_gui.gui.explain_views import beside

            self.feature_panel.move(beside(self.window().frameGeometry(), self.feature_panel.frameGeometry().size(),
                                           self.screen().availableGeometry()))
            self._feature_panel_placed = True
        self.feature_panel.raise_()

    # ------------------------------------------------------------------ settings
    def restore_settings(self, s: QSettings) -> None:
        """The switches as they were left (the main window calls this at start)."""
        self.prepare_box.setChecked(s.value("mnist_preparation", True, bool))
        self.evidence_box.setChecked(s.value("show_evidence", False, bool))

    def save_settings(self, s: QSettings) -> None:
        s.setValue("mnist_preparation", self.prepare_box.isChecked())
        s.setValue("show_evidence", self.evidence_box.isChecked())

    # ------------------------------------------------------------------ pictures
    def open_image_dialog(self) -> bool:
        """Ask for a picture (the dialog starts where the last one was opened from) and open it."""
        path = self.pictures.ask_path()
        return bool(path) and self.open_image(path)

    def open_image(self, path: str) -> bool:
        """Load and classify a picture file; a bad file gets a message and changes nothing."""
        image = self.pictures.read_file(path)
        if image is None:
            return False
        self.show_picture(image)
        return True

    def show_picture(self, image: QImage) -> None:
        """Open a picture on the canvas (Undo goes back to what was there); drawing adds to it."""
        self.canvas.set_picture(image)

    def show_array(self, arr: np.ndarray) -> None:
        """Put a 28x28 MNIST digit (uint8, ink bright) on the canvas as a picture."""
        self.show_picture(gray_qimage(np.asarray(arr, dtype=np.uint8)))

    def paste(self) -> None:
        img = self.pictures.from_clipboard()
        if img is not None:
            self.show_picture(img)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.pictures.can_take(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        img = self.pictures.from_mime(event.mimeData())
        if img is not None:
            self.show_picture(img)
            event.acceptProposedAction()


if __name__ == "__main__":  # a look at the tab on its own
    import sys

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    st = AppState()
    tab = DrawTab(st)
    tab.resize(900, 520)
    tab.show()
    st.load_model()
    sys.exit(app.exec())
