"""The Dataset tab: browse all 70,000 MNIST digits, filter them, look at one closely.

The grid is a :class:`~mnist_gui.gui.digit_views.DigitGridView` over a
:class:`~mnist_gui.gui.digit_models.DigitListModel`; filters hand the model a new numpy index
array. Selecting a digit shows it enlarged with its split, index and label and, when a model is
active, the model's prediction and probabilities (``predict_one`` on the GUI thread: a few ms).
"""
from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from mnist_gui.gui.digit_models import DigitListModel, DigitSource, IndexRole
from mnist_gui.gui.digit_views import DigitGridView, DigitView, ProbabilityBars
from mnist_gui.gui.explain_views import EvidenceSection
from mnist_gui.gui.missing_data import MissingDataPanel
from mnist_gui.session.state import AppState
from mnist_gui.gui.percent import number, percent, plural

logger = logging.getLogger(__name__)

SPLITS: list[tuple[str, str | None]] = [(QT_TRANSLATE_NOOP("DatasetTab", "All"), None),
                                        (QT_TRANSLATE_NOOP("DatasetTab", "Train"), "train"),
                                        (QT_TRANSLATE_NOOP("DatasetTab", "Test"), "test")]


class DatasetTab(QWidget):
    """Browse MNIST: a filterable thumbnail grid and a detail panel for the selected digit.

    Signals:
        sendToDraw(object): the selected digit as a (28, 28) uint8 array.
    """

    sendToDraw = Signal(object)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.source: DigitSource | None = None
        self._current_g: int | None = None
        self._current_probs: np.ndarray | None = None

        self.model = DigitListModel(self)
        self.view = DigitGridView(self, scale=2, corner_label=True)
        self.view.setModel(self.model)
        self.view.setMinimumWidth(self.view.minimum_width_for(4))

        # --- filter bar
        self.split_combo = QComboBox()
        self.split_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label_combo = QComboBox()
        self.label_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.label_combo.setMaxVisibleItems(11)
        self.index_spin = QSpinBox()
        self.index_spin.setKeyboardTracking(False)
        self.index_spin.setGroupSeparatorShown(True)
        self.index_spin.setMinimumWidth(90)
        self.index_spin.setToolTip(self.tr("Index of the digit within the chosen split "
                                   "(with All: train 0\u201359,999, then test 60,000\u201369,999)"))
        self.go_button = QPushButton(self.tr("Go"))
        self.go_button.setToolTip(self.tr("Show and select the digit with this index"))
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #6b7280;")
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(QLabel(self.tr("Split")))
        bar.addWidget(self.split_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Label")))
        bar.addWidget(self.label_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Index")))
        bar.addWidget(self.index_spin)
        bar.addWidget(self.go_button)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)
        bar.addStretch(1)

        # --- detail panel
        self.digit_view = DigitView(placeholder=self.tr("Select a digit to see it enlarged"))
        self.title_label = QLabel(self.tr("No digit selected"))
        tf = self.title_label.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.25)
        tf.setBold(True)
        self.title_label.setFont(tf)
        self.info_label = QLabel(" ")
        self.info_label.setStyleSheet("color: #4b5563;")
        self.prediction_label = QLabel(" ")
        self.prediction_label.setWordWrap(True)
        self.prob_bars = ProbabilityBars()
        self.send_button = QPushButton(self.tr("Send to Draw"))
        self.send_button.setToolTip(self.tr("Put this digit on the Draw tab's canvas"))
        self.send_button.setEnabled(False)
        self.send_button.clicked.connect(self._send)
        detail = QFrame()
        detail.setObjectName("digitDetail")
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail.setFixedWidth(300)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(16, 16, 16, 16)
        dl.setSpacing(8)
        dl.addWidget(self.digit_view, 0, Qt.AlignmentFlag.AlignHCenter)
        dl.addSpacing(4)
        dl.addWidget(self.title_label)
        dl.addWidget(self.info_label)
        dl.addSpacing(6)
        dl.addWidget(self.prediction_label)
        dl.addWidget(self.prob_bars)
        self.evidence_section = EvidenceSection(self.tr("Red pixels push the network toward its prediction, blue ones "
                                                        "toward the runner-up;\nclick a probability bar for another digit"))
        self.evidence_box, self.evidence = self.evidence_section.box, self.evidence_section.panel
        self.evidence_section.wanted.connect(self._update_evidence)
        self.prob_bars.barClicked.connect(self._choose_digit)
        dl.addWidget(self.evidence_section)
        dl.addStretch(1)
        dl.addWidget(self.send_button)
        self.detail_panel = detail

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(8)
        cl.addLayout(bar)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.view, 1)
        row.addWidget(detail)
        cl.addLayout(row, 1)

        self.missing_panel = MissingDataPanel(state, what=self.tr("to browse the digits"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.missing_panel)
        self.stack.addWidget(content)
        self.content = content
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.addWidget(self.stack)

        for text, split in SPLITS:
            self.split_combo.addItem(self.tr(text), split)
        self.split_combo.currentIndexChanged.connect(self._on_split_changed)
        self.label_combo.currentIndexChanged.connect(self._apply_filter)
        self.go_button.clicked.connect(self._go)
        self.index_spin.lineEdit().returnPressed.connect(self._go)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        state.datasetChanged.connect(self._on_dataset_changed)
        state.modelChanged.connect(self._on_model_changed)
        state.modelLoading.connect(self._on_model_loading)
        state.modelFailed.connect(self._on_model_changed)
        self._model_loading = False

        self._on_dataset_changed()
        self._show_digit(None)

    # ------------------------------------------------------------------ public
    def current_split(self) -> str | None:
        """"train", "test" or None (all)."""
        return self.split_combo.currentData()

    def current_label(self) -> int | None:
        return self.label_combo.currentData()

    def set_filter(self, split: str | None = None, label: int | None = None) -> None:
        """Show one split (None: all) and one label (None: any)."""
        i = next(k for k, (_t, s) in enumerate(SPLITS) if s == split)
        self.split_combo.setCurrentIndex(i)
        self.label_combo.setCurrentIndex(0 if label is None else int(label) + 1)

    def shown_count(self) -> int:
        return self.model.rowCount()

    def jump_to(self, index: int) -> bool:
        """Select digit ``index`` of the current split; clears the label filter if it hides it.

        Returns:
            False if there is no such digit.
        """
        if self.source is None:
            return False
        start, stop = self.source.split_range(self.current_split()) if self.current_split() else (0, len(self.source))
        if not 0 <= index < stop - start:
            return False
        return self.select_global(start + int(index))

    def select_global(self, g: int) -> bool:
        """Select global digit ``g`` (train first, then test), widening the label filter if needed."""
        if self.source is None:
            return False
        row = self.model.row_of(g)
        if row < 0:
            self.label_combo.setCurrentIndex(0)
            row = self.model.row_of(g)
        if row < 0:  # another split: show all
            self.split_combo.setCurrentIndex(0)
            row = self.model.row_of(g)
        if row < 0:
            return False
        idx = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def selected_global(self) -> int | None:
        return self._current_g

    def selected_image(self) -> np.ndarray | None:
        """The selected digit, (28, 28) uint8, or None."""
        if self.source is None or self._current_g is None:
            return None
        return np.array(self.source.image(self._current_g))

    def selected_probabilities(self) -> np.ndarray | None:
        return None if self._current_probs is None else self._current_probs.copy()

    # ------------------------------------------------------------------ data
    @Slot()
    def _on_dataset_changed(self) -> None:
        data = self.state.data
        if data is None:
            self.source = None
            self.model.set_source(None)
            self.stack.setCurrentWidget(self.missing_panel)
            return
        self.source = DigitSource.from_mnist(data)
        self._current_g = None
        self._update_split_labels()
        self._update_label_combo()
        self.model.set_source(self.source, self._filtered_rows())
        self._after_filter()
        self.stack.setCurrentWidget(self.content)

    def _update_split_labels(self) -> None:
        assert self.source is not None
        for i, (text, split) in enumerate(SPLITS):
            start, stop = self.source.split_range(split) if split else (0, len(self.source))
            self.split_combo.setItemText(i, f"{self.tr(text)} ({number(stop - start)})")

    def _update_label_combo(self) -> None:
        counts = self.source.counts(self.current_split()) if self.source is not None else np.zeros(10, int)
        keep = max(0, self.label_combo.currentIndex())
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        self.label_combo.addItem(self.tr("All labels (%1)").replace("%1", number(int(counts.sum()))), None)
        for d in range(10):
            self.label_combo.addItem(f"{d}  ({number(int(counts[d]))})", d)
        self.label_combo.setCurrentIndex(keep)
        self.label_combo.blockSignals(False)

    def _filtered_rows(self) -> np.ndarray:
        assert self.source is not None
        return self.source.select(self.current_split(), self.current_label())

    @Slot()
    def _on_split_changed(self) -> None:
        self._update_label_combo()
        self._apply_filter()

    @Slot()
    def _apply_filter(self) -> None:
        if self.source is None:
            return
        keep = self._current_g
        self.model.set_rows(self._filtered_rows())
        self._after_filter()
        if keep is not None:
            row = self.model.row_of(keep)
            if row >= 0:
                idx = self.model.index(row, 0)
                self.view.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
            else:
                self.view.scrollToTop()
        else:
            self.view.scrollToTop()

    def _after_filter(self) -> None:
        assert self.source is not None
        split = self.current_split()
        start, stop = self.source.split_range(split) if split else (0, len(self.source))
        self.index_spin.setRange(0, max(0, stop - start - 1))
        n = self.model.rowCount()
        what = [{"train": self.tr("train"), "test": self.tr("test")}.get(split or "", self.tr("train + test"))]
        if self.current_label() is not None:
            what.append(self.tr("label %1").replace("%1", str(self.current_label())))
        self.count_label.setText(plural(self.tr("%n digit(s)", "", n), n) + " \u00b7 " + self.tr(", ").join(what))

    @Slot()
    def _go(self) -> None:
        self.index_spin.interpretText()
        self.jump_to(self.index_spin.value())
        self.view.setFocus()

    # --------------------------------------------------------------- detail
    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            self._show_digit(None)
            return
        self._show_digit(int(current.data(IndexRole)))

    def _show_digit(self, g: int | None) -> None:
        self._current_g = g
        self.evidence_section.chosen = None
        if g is None or self.source is None:
            self.digit_view.set_image(None)
            self.title_label.setText(self.tr("No digit selected"))
            self.info_label.setText(" ")
            self.send_button.setEnabled(False)
            self._refresh_prediction()
            return
        split, local = self.source.locate(g)
        start = self.source.split_range(self.current_split())[0] if self.current_split() else 0
        if 0 <= g - start <= self.index_spin.maximum():
            self.index_spin.setValue(g - start)  # the Index box follows the selection
        self.digit_view.set_image(self.source.image(g))
        self.title_label.setText((self.tr("Train #%1") if split == "train" else self.tr("Test #%1"))
                                 .replace("%1", number(local)))
        self.info_label.setText(self.tr("Label %1").replace("%1", str(self.source.label(g))))
        self.send_button.setEnabled(True)
        self._refresh_prediction()

    @Slot(str)
    def _on_model_loading(self, _label: str) -> None:
        self._model_loading = True
        self._refresh_prediction()

    @Slot()
    def _on_model_changed(self, *_args: object) -> None:
        self._model_loading = False
        self._refresh_prediction()

    @Slot()
    def _refresh_prediction(self) -> None:
        self._current_probs = None
        g = self._current_g
        model = self.state.model
        if g is None or self.source is None:
            self.prediction_label.setText(" ")
            self.prob_bars.set_probabilities(None)
            self.prob_bars.hide()
            return
        label = self.source.label(g)
        if model is None:
            self.prediction_label.setText(self.tr("Loading the model\u2026") if self._model_loading
                                          else self.tr("No model loaded: no prediction."))
            self.prob_bars.set_probabilities(None)
            self.prob_bars.hide()
            return
        try:
            from mnist_gui.core.evaluation import predict_one

            probs = predict_one(model, self.source.image(g).astype(np.float32) / 255.0)
        except Exception as e:  # noqa: BLE001 - shown, not fatal
            logger.exception("prediction failed")
            self.prediction_label.setText(self.tr("Prediction failed: %1").replace("%1", str(e)))
            self.prob_bars.set_probabilities(None)
            self.prob_bars.hide()
            return
        self._current_probs = probs
        self.prob_bars.show()
        pred = int(probs.argmax())
        ok = pred == label
        colour = "#15803d" if ok else "#b91c1c"
        verdict = self.tr("correct") if ok else self.tr("wrong")
        self.prediction_label.setText(
            self.tr("Model says %1 (%2) \u2014 %3").replace("%1", f"<b style='color:{colour}'>{pred}</b>")
            .replace("%2", percent(probs[pred])).replace("%3", verdict))
        self.prob_bars.set_probabilities(probs, true_label=label)
        self._update_evidence()

    # ------------------------------------------------------------------ evidence
    @Slot()
    def _update_evidence(self) -> None:
        if not self.evidence_section.active():
            return
        g = self._current_g
        if g is None or self.source is None:
            self.evidence.clear(self.tr("Select a digit"))
            return
        self.evidence.explain(self.state.model, self.source.image(g).astype(np.float32) / 255.0,
                              self._current_probs, self.evidence_section.chosen)

    @Slot(int)
    def _choose_digit(self, digit: int) -> None:
        probs = self._current_probs
        self.evidence_section.choose(digit, None if probs is None else int(np.argmax(probs)))

    @Slot()
    def _send(self) -> None:
        img = self.selected_image()
        if img is not None:
            self.sendToDraw.emit(img)


def _main(argv: list[str] | None = None) -> int:
    """Run the tab alone: ``python -m mnist_gui.gui.dataset_tab [--data DIR] [--model FILE]``."""
    import argparse
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mnist_gui.paths import default_model_path

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", help="MNIST folder or mnist.npz (default: MNIST_DIR or the user folder)")
    ap.add_argument("--model", help="model file (default: the bundled one, if present)")
    ap.add_argument("--screenshot", metavar="PNG", help="save a picture of the tab once loaded, then quit")
    args = ap.parse_args(argv)
    app = QApplication(sys.argv[:1])
    state = AppState()
    tab = DatasetTab(state)
    tab.sendToDraw.connect(lambda img: print(f"sendToDraw: {img.shape} {img.dtype}"))
    tab.resize(1100, 720)
    tab.setWindowTitle(QCoreApplication.translate("dataset_tab", "MNIST \u2014 Dataset"))
    tab.show()
    if args.screenshot:
        def shoot() -> None:
            if tab._model_loading:  # wait for the model as well
                QTimer.singleShot(300, shoot)
                return
            tab.jump_to(0)
            tab.grab().save(args.screenshot)
            app.quit()

        state.datasetChanged.connect(lambda: QTimer.singleShot(300, shoot))
        state.datasetFailed.connect(lambda msg: QTimer.singleShot(300, shoot))
    state.load_dataset(args.data)
    model = args.model or (default_model_path() if default_model_path().exists() else None)
    if model:
        state.load_model(model)
    code = app.exec()
    from mnist_gui.session.tasks import Task

    Task.stop_all()
    return code


if __name__ == "__main__":
    raise SystemExit(_main())
