"""The Errors tab: how the active model does on the 10,000 test digits, and where it goes wrong.

The model is evaluated in a background :class:`~mnist_gui.session.tasks.Task` (on a copy of the
network, so the GUI thread may keep predicting with the original). A new model or data set
cancels a running evaluation and starts another. While the tab is hidden the evaluation waits
until it is shown (``lazy=True``), so switching models never steals the CPU from the Draw tab.

The result (a :class:`mnist_gui.core.evaluation.Evaluation`) feeds the accuracy line, a
confusion-matrix heat map with per-class accuracy, and a thumbnail list of the digits of one
cell or of every error, sorted by the network's confidence.
"""
from __future__ import annotations

import csv
import logging
import math
import os
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QRect, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QFrame, QHBoxLayout, QLabel,
                               QMessageBox, QProgressBar, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from mnist_gui.core.evaluation import Evaluation
from mnist_gui.gui.confusion import ConfusionMatrixWidget
from mnist_gui.gui.digit_models import DigitListModel, DigitSource, IndexRole, digit_qimage
from mnist_gui.gui.digit_views import DigitGridView, DigitView, ProbabilityBars
from mnist_gui.gui.explain_views import EvidenceSection
from mnist_gui.gui.missing_data import MissingDataPanel
from mnist_gui.session.state import AppState
from mnist_gui.session.evaluation import TestSetEvaluation
from mnist_gui.session.tasks import Task

logger = logging.getLogger(__name__)

TOP_CONFUSIONS = 4
"""How many of the most frequent confusions get a shortcut button under the matrix."""

PNG_MAX_TILES = 2000
"""A contact sheet shows at most this many digits (the first ones of the list)."""


class ErrorsTab(QWidget):
    """Test-set accuracy, confusion matrix and the misclassified digits of the active model.

    Args:
        state: the application state (model and data).
        lazy: evaluate only while the tab is visible (a change while hidden waits for ``show``).

    Signals:
        evaluated(): a new evaluation is shown (``evaluation`` is set).
        sendToDraw(object): the selected digit as a (28, 28) uint8 array.
    """

    evaluated = Signal()
    sendToDraw = Signal(object)

    def __init__(self, state: AppState, parent: QWidget | None = None, *, lazy: bool = True) -> None:
        super().__init__(parent)
        self.state = state
        self.lazy = lazy
        self.evaluation: Evaluation | None = None
        self._images: np.ndarray | None = None
        self.job = TestSetEvaluation(state, self)
        self.job.progress.connect(self._on_eval_progress)
        self.job.finished.connect(self._on_eval_done)
        self.job.failed.connect(self._on_eval_failed)
        self._stale = False
        self._list_kind: tuple[Any, ...] | None = None  # ("cell", t, p) | ("errors",)
        self._descending = True
        self._indices = np.zeros(0, dtype=np.int64)
        self._current: int | None = None

        # --- status line
        self.accuracy_label = QLabel()
        af = self.accuracy_label.font()
        af.setPointSizeF(af.pointSizeF() * 1.35)
        af.setBold(True)
        self.accuracy_label.setFont(af)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("color: #4b5563;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat("Evaluating on the test digits\u2026 %p%")
        self.progress.setFixedWidth(340)
        self.progress.hide()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.accuracy_label)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.progress)

        # --- left: confusion matrix
        self.matrix = ConfusionMatrixWidget()
        self.matrix.cellClicked.connect(self.select_cell)
        self.all_errors_button = QPushButton("All errors")
        self.all_errors_button.setToolTip("List every misclassified test digit")
        self.all_errors_button.clicked.connect(self.show_all_errors)
        hint = QLabel("Rows: true label \u00b7 columns: prediction. Click a cell to list its digits.")
        hint.setStyleSheet("color: #6b7280;")
        hint.setWordWrap(True)
        self.confusions_label = QLabel("Most frequent:")
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
            b.clicked.connect(lambda _c=False, b=b: self.select_cell(*b.property("cell")))
            self.confusion_buttons.append(b)
            crow.addWidget(b)
        crow.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.matrix)
        left.addWidget(hint)
        left.addLayout(crow)
        left.addStretch(1)
        left_w = QWidget()
        left_w.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)

        # --- middle: the list
        self.list_title = QLabel("Nothing listed")
        lf = self.list_title.font()
        lf.setBold(True)
        self.list_title.setFont(lf)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem("Most confident first", True)
        self.sort_combo.addItem("Least confident first", False)
        self.sort_combo.setToolTip("Order by the network's confidence in its prediction")
        self.sort_combo.currentIndexChanged.connect(lambda i: self.set_sort_descending(bool(self.sort_combo.itemData(i))))
        self.export_png_button = QPushButton("PNG\u2026")
        self.export_png_button.setToolTip("Save the listed digits as a contact sheet (PNG)")
        self.export_csv_button = QPushButton("CSV\u2026")
        self.export_csv_button.setToolTip("Save the listed digits with all ten probabilities (CSV)")
        self.export_png_button.clicked.connect(self._export_png_dialog)
        self.export_csv_button.clicked.connect(self._export_csv_dialog)
        head = QHBoxLayout()
        head.setSpacing(6)
        head.addWidget(self.sort_combo)
        head.addStretch(1)
        head.addWidget(QLabel("Export"))
        head.addWidget(self.export_png_button)
        head.addWidget(self.export_csv_button)
        self.list_model = DigitListModel(self)
        self.list_view = DigitGridView(self, scale=2, captions=True)
        self.list_view.setModel(self.list_model)
        self.list_view.setMinimumWidth(self.list_view.minimum_width_for(3))
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.empty_label = QLabel()
        mid = QVBoxLayout()
        mid.setSpacing(8)
        mid.setContentsMargins(0, 0, 0, 0)
        mid.addWidget(self.list_title)
        mid.addLayout(head)
        mid.addWidget(self.list_view, 1)
        mid_w = QWidget()
        mid_w.setLayout(mid)

        # --- right: the selected digit
        self.digit_view = DigitView(placeholder="Select a digit in the list")
        self.digit_title = QLabel("No digit selected")
        tf = self.digit_title.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.2)
        tf.setBold(True)
        self.digit_title.setFont(tf)
        self.digit_info = QLabel(" ")
        self.digit_info.setTextFormat(Qt.TextFormat.RichText)
        self.top_bars = ProbabilityBars(top_k=3)
        self.send_button = QPushButton("Send to Draw")
        self.send_button.setToolTip("Put this digit on the Draw tab's canvas")
        self.send_button.setEnabled(False)
        self.send_button.clicked.connect(self._send)
        detail = QFrame()
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail.setFixedWidth(260)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(14, 14, 14, 14)
        dl.setSpacing(8)
        dl.addWidget(self.digit_view, 0, Qt.AlignmentFlag.AlignHCenter)
        dl.addWidget(self.digit_title)
        dl.addWidget(self.digit_info)
        top3 = QLabel("Top 3 probabilities")
        top3.setStyleSheet("color: #6b7280;")
        dl.addSpacing(4)
        dl.addWidget(top3)
        dl.addWidget(self.top_bars)
        self.evidence_section = EvidenceSection(
            "Red pixels push the network toward its prediction, blue ones toward the runner-up\n"
            "(for a wrong prediction: why this and not the true digit?);\nclick a bar for another digit")
        self.evidence_box, self.evidence = self.evidence_section.box, self.evidence_section.panel
        self.evidence_section.wanted.connect(self._update_evidence)
        self.top_bars.barClicked.connect(self._choose_digit)
        dl.addWidget(self.evidence_section)
        dl.addStretch(1)
        dl.addWidget(self.send_button)

        body = QHBoxLayout()
        body.setSpacing(14)
        body.addWidget(left_w, 6)
        body.addWidget(mid_w, 5)
        body.addWidget(detail)

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(10)
        cl.addLayout(top)
        cl.addWidget(self.error_label)
        cl.addLayout(body, 1)
        self.content = content

        self.missing_panel = MissingDataPanel(state, what="to evaluate the model on its test digits")
        self.no_model_label = QLabel(
            "<h3>No model is active</h3><p>Load a model or train one on the Train tab; "
            "its accuracy on the 10,000 test digits and its mistakes will appear here.</p>")
        self.no_model_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_model_label.setWordWrap(True)
        self.no_model_label.setStyleSheet("color: #4b5563;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.missing_panel)
        self.stack.addWidget(self.no_model_label)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.addWidget(self.stack)

        state.modelChanged.connect(self._on_inputs_changed)
        state.datasetChanged.connect(self._on_inputs_changed)
        self._update_page()
        self._update_list_header()
        self._show_digit(None)
        if state.model is not None and state.data is not None:
            self._request_evaluation()

    # ================================================================ public API
    def set_evaluation(self, evaluation: Evaluation | None, images: np.ndarray | None = None) -> None:
        """Show ``evaluation`` (of the test digits ``images``, default ``state.data.x_test``).

        Keeps the selected confusion cell; otherwise lists all errors. Emits ``evaluated``.
        """
        if evaluation is not None:
            if images is None:
                if self.state.data is None:
                    raise ValueError("no images for this evaluation: pass images or load the data set")
                images = self.state.data.x_test
            if len(images) != len(evaluation.y_true):
                raise ValueError(f"{len(images)} images for an evaluation of {len(evaluation.y_true)} digits")
        self.evaluation = evaluation
        self._images = images
        self.error_label.hide()
        if evaluation is None:
            self.list_model.set_source(None)
            self.matrix.set_matrix(None)
            self.matrix.set_selected(None)
            self.accuracy_label.setText("")
            self.summary_label.setText("")
            self.all_errors_button.setText("All errors")
            self._update_confusion_buttons()
            self._indices = np.zeros(0, dtype=np.int64)
            self._update_list_header()
            self._show_digit(None)
            return
        source = DigitSource([("test", images, evaluation.y_true)])
        self.list_model.set_source(source, np.zeros(0, dtype=np.int64),
                                   predictions=evaluation.y_pred, confidence=evaluation.confidence)
        self.matrix.set_matrix(evaluation.confusion)
        n, errors = len(evaluation.y_true), evaluation.n_errors
        self.accuracy_label.setText(f"Accuracy {evaluation.accuracy * 100:.2f}%")
        who = self.state.model_label or "the model"
        self.summary_label.setText(f"{who} on {n:,} test digits \u00b7 {errors:,} error{'s' if errors != 1 else ''}")
        self.all_errors_button.setText(f"All errors ({errors:,})")
        self._update_confusion_buttons()
        kind = self._list_kind
        if kind is not None and kind[0] == "cell":
            self.select_cell(kind[1], kind[2])
        else:
            self.show_all_errors()
        self._update_page()
        self.evaluated.emit()

    def _update_confusion_buttons(self) -> None:
        tops = self.evaluation.top_confusions(TOP_CONFUSIONS) if self.evaluation is not None else []
        self.confusions_label.setVisible(bool(tops))
        for k, b in enumerate(self.confusion_buttons):
            if k < len(tops):
                t, p, n = tops[k]
                b.setText(f"{t}\u2192{p} \u00d7{n}")
                b.setToolTip(f"True {t} predicted as {p}: {n} digit{'s' if n != 1 else ''}")
                b.setProperty("cell", (t, p))
                b.show()
            else:
                b.hide()

    @Slot(int, int)
    def select_cell(self, true: int, pred: int) -> None:
        """List the test digits with this true label and this prediction."""
        self._list_kind = ("cell", int(true), int(pred))
        self.matrix.set_selected((int(true), int(pred)))
        self._refresh_list()

    @Slot()
    def show_all_errors(self) -> None:
        """List every misclassified test digit."""
        self._list_kind = ("errors",)
        self.matrix.set_selected(None)
        self._refresh_list()

    def current_indices(self) -> np.ndarray:
        """Test-set indices of the listed digits, in display order."""
        return self._indices.copy()

    def set_sort_descending(self, descending: bool) -> None:
        """True: most confident prediction first (most confidently wrong errors first)."""
        descending = bool(descending)
        if self.sort_combo.currentIndex() != (0 if descending else 1):
            self.sort_combo.blockSignals(True)
            self.sort_combo.setCurrentIndex(0 if descending else 1)
            self.sort_combo.blockSignals(False)
        if descending != self._descending:
            self._descending = descending
            self._refresh_list()

    def sort_descending(self) -> bool:
        return self._descending

    def select_row(self, row: int) -> None:
        """Select the ``row``-th listed digit (shows it in the detail panel)."""
        idx = self.list_model.index(row, 0)
        self.list_view.setCurrentIndex(idx)

    def selected_index(self) -> int | None:
        """Test-set index of the selected digit."""
        return self._current

    def evaluate_now(self) -> None:
        """Start (or restart) the evaluation now, visible or not."""
        self._start_evaluation()

    def is_evaluating(self) -> bool:
        return self.job.is_running()

    def cancel_evaluation(self, wait_ms: int = 0) -> None:
        """Cancel a running evaluation; optionally wait for its threads to end."""
        self.progress.hide()
        self.job.cancel(wait_ms)

    def export_csv(self, path: str | os.PathLike[str]) -> int:
        """Write the listed digits as CSV: index,true,predicted,confidence,p0..p9.

        Returns:
            Number of rows written.

        Raises:
            OSError: if the file cannot be written.
        """
        ev = self.evaluation
        idx = self._indices
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["index", "true", "predicted", "confidence"] + [f"p{d}" for d in range(10)])
            if ev is not None:
                for i in idx:
                    w.writerow([int(i), int(ev.y_true[i]), int(ev.y_pred[i]), f"{ev.confidence[i]:.6f}"]
                               + [f"{v:.6f}" for v in ev.probs[i]])
        return int(len(idx)) if ev is not None else 0

    def contact_sheet(self, max_tiles: int = PNG_MAX_TILES) -> QImage:
        """The listed digits as one image: a title, then a grid of captioned thumbnails."""
        ev = self.evaluation
        idx = self._indices[:max_tiles] if ev is not None else np.zeros(0, dtype=np.int64)
        n = len(idx)
        cols = 10 if n <= 200 else 20 if n <= 800 else 30
        cols = max(1, min(cols, n))
        rows = max(1, math.ceil(n / cols))
        scale, tile_w, tile_h, margin, head_h = 2, 84, 98, 16, 54
        width = max(cols * tile_w + 2 * margin, 560)
        height = head_h + rows * tile_h + margin
        img = QImage(width, height, QImage.Format.Format_RGB32)
        img.fill(QColor(255, 255, 255))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        title = QFont()
        title.setPixelSize(17)
        title.setBold(True)
        small = QFont()
        small.setPixelSize(11)
        cap = QFont()
        cap.setPixelSize(12)
        p.setFont(title)
        p.setPen(QColor(17, 24, 39))
        p.drawText(QRect(margin, 10, width - 2 * margin, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self._list_description())
        p.setFont(small)
        p.setPen(QColor(107, 114, 128))
        sub = ""
        if ev is not None:
            sub = (f"{self.state.model_label or 'model'} \u00b7 test accuracy {ev.accuracy * 100:.2f}% \u00b7 "
                   f"{'most' if self._descending else 'least'} confident first")
            if len(self._indices) > n:
                sub += f" \u00b7 first {n:,} of {len(self._indices):,}"
        p.drawText(QRect(margin, 32, width - 2 * margin, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, sub)
        for k, i in enumerate(idx):
            r, c = divmod(k, cols)
            x = margin + c * tile_w
            y = head_h + r * tile_h
            side = 28 * scale
            target = QRect(x + (tile_w - side) // 2, y + 4, side, side)
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            p.drawImage(target, digit_qimage(self._images[i]))
            t, pr, conf = int(ev.y_true[i]), int(ev.y_pred[i]), float(ev.confidence[i])
            p.setFont(cap)
            p.setPen(QColor(17, 24, 39))
            line = QRect(x + 2, target.bottom() + 3, tile_w - 4, 16)
            p.drawText(line, Qt.AlignmentFlag.AlignCenter,
                       f"{t} \u2192 {pr}  {conf * 100:.0f}%")
            p.setFont(small)
            p.setPen(QColor(185, 28, 28) if t != pr else QColor(107, 114, 128))
            p.drawText(QRect(x + 2, line.bottom() + 1, tile_w - 4, 14), Qt.AlignmentFlag.AlignCenter, f"#{int(i)}")
        p.end()
        return img

    def export_png(self, path: str | os.PathLike[str]) -> None:
        """Save the listed digits as a PNG contact sheet.

        Raises:
            OSError: if the image cannot be written.
        """
        img = self.contact_sheet()
        if not img.save(os.fspath(path), "PNG"):
            raise OSError(f"could not write {os.fspath(path)}")

    # ============================================================== evaluation
    @Slot()
    def _on_inputs_changed(self) -> None:
        self.cancel_evaluation()
        self.job.forget_copy_unless(self.state.model)  # let the old model and its copy go
        self.set_evaluation(None)  # the old figures belong to the old model / data
        self._update_page()
        if self.state.model is not None and self.state.data is not None:
            self._request_evaluation()

    def _request_evaluation(self) -> None:
        if self.lazy and not self.isVisible():
            self.cancel_evaluation()
            self._stale = True
            self.progress.setValue(0)
            self.progress.show()
            return
        self._start_evaluation()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._start_evaluation()

    def _start_evaluation(self) -> None:
        self.cancel_evaluation()
        self._stale = False
        model, data = self.state.model, self.state.data
        if model is None or data is None:
            return
        x, y = data.x_test, data.y_test
        self.progress.setValue(0)
        self.progress.show()
        self.error_label.hide()
        self.accuracy_label.setText("Evaluating\u2026")
        self.summary_label.setText(f"{self.state.model_label or 'the model'} on {len(y):,} test digits")
        self.matrix.placeholder = "Evaluating\u2026"
        self.matrix.update()
        self.job.start(model, x, y)

    @Slot(int, int)
    def _on_eval_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setValue(int(1000 * done / total))

    @Slot(object, object)
    def _on_eval_done(self, evaluation: Evaluation, images: np.ndarray) -> None:
        self.progress.hide()
        self.set_evaluation(evaluation, images)

    @Slot(str)
    def _on_eval_failed(self, message: str) -> None:
        self.progress.hide()
        self.matrix.placeholder = "Evaluation failed"
        self.matrix.update()
        self.error_label.setText(f"Evaluation failed: {message}")
        self.error_label.show()

    def _update_page(self) -> None:
        if self.state.data is None and self.evaluation is None:
            self.stack.setCurrentWidget(self.missing_panel)
        elif self.state.model is None and self.evaluation is None:
            self.stack.setCurrentWidget(self.no_model_label)
        else:
            self.stack.setCurrentWidget(self.content)

    # =================================================================== list
    def _refresh_list(self) -> None:
        ev = self.evaluation
        kind = self._list_kind
        if ev is None or kind is None:
            self._indices = np.zeros(0, dtype=np.int64)
        elif kind[0] == "cell":
            self._indices = ev.indices(true=kind[1], pred=kind[2], most_confident_first=self._descending)
        else:
            self._indices = ev.misclassified(most_confident_first=self._descending)
        keep = self._current
        if ev is not None:
            self.list_model.set_rows(self._indices)
        self._update_list_header()
        row = self.list_model.row_of(keep) if keep is not None else -1
        if row < 0 and len(self._indices):
            row = 0
        if row >= 0:
            self.select_row(row)
            self.list_view.scrollTo(self.list_model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        else:
            self._show_digit(None)

    def _list_description(self) -> str:
        kind = self._list_kind
        n = len(self._indices)
        count = f"{n:,} digit{'s' if n != 1 else ''}"
        if kind is None or self.evaluation is None:
            return "Nothing listed"
        if kind[0] == "errors":
            return f"All errors \u00b7 {count}"
        t, p = kind[1], kind[2]
        if t == p:
            return f"Correctly classified {t}s \u00b7 {count}"
        return f"True {t} predicted as {p} \u00b7 {count}"

    def _update_list_header(self) -> None:
        self.list_title.setText(self._list_description())
        has = len(self._indices) > 0
        self.export_png_button.setEnabled(has)
        self.export_csv_button.setEnabled(has)
        self.sort_combo.setEnabled(self.evaluation is not None)
        self.all_errors_button.setEnabled(self.evaluation is not None)

    # ================================================================= detail
    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_digit(int(current.data(IndexRole)) if current.isValid() else None)

    def _show_digit(self, i: int | None) -> None:
        ev = self.evaluation
        self._current = i
        self.evidence_section.chosen = None
        if i is None or ev is None or self._images is None:
            self.digit_view.set_image(None)
            self.digit_title.setText("No digit selected")
            self.digit_info.setText(" ")
            self.top_bars.set_probabilities(None)
            self.send_button.setEnabled(False)
            return
        t, pr = int(ev.y_true[i]), int(ev.y_pred[i])
        self.digit_view.set_image(self._images[i])
        self.digit_title.setText(f"Test #{i:,}")
        colour = "#15803d" if t == pr else "#b91c1c"
        self.digit_info.setText(f"True <b>{t}</b> \u00b7 predicted <b style='color:{colour}'>{pr}</b> "
                                f"({ev.confidence[i] * 100:.1f}%)")
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
        ev, i = self.evaluation, self._current
        if i is None or ev is None or self._images is None:
            self.evidence.clear("Select a digit")
            return
        model = self.state.model
        image = self._images[i].astype(np.float32) / 255.0
        if model is None:
            self.evidence.clear("No model loaded")
            return
        from mnist_gui.core.evaluation import predict_one

        probs = predict_one(model, image)
        pred, true = int(np.argmax(probs)), int(ev.y_true[i])
        chosen = self.evidence_section.chosen
        if chosen is None and pred != true:  # a mistake: why the prediction and not the true digit?
            self.evidence.show_pair(model, image, pred, true, " (true)")
            return
        self.evidence.explain(model, image, probs, chosen)

    @Slot(int)
    def _choose_digit(self, digit: int) -> None:
        ev, i = self.evaluation, self._current
        self.evidence_section.choose(digit, None if ev is None or i is None else int(np.argmax(ev.probs[i])))

    @Slot()
    def _send(self) -> None:
        if self._current is not None and self._images is not None:
            self.sendToDraw.emit(np.array(self._images[self._current], dtype=np.uint8))

    # ================================================================= export
    def _default_name(self, ext: str) -> str:
        kind = self._list_kind
        stem = "mnist-errors" if not kind or kind[0] == "errors" else f"mnist-true{kind[1]}-pred{kind[2]}"
        return f"{stem}.{ext}"

    @Slot()
    def _export_png_dialog(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, "Save contact sheet", self._default_name("png"),
                                               "PNG images (*.png)")
        if not path:
            return
        try:
            self.export_png(path)
        except OSError as e:
            QMessageBox.warning(self, "Export failed", f"Could not save the contact sheet:\n{e}")

    @Slot()
    def _export_csv_dialog(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, "Save as CSV", self._default_name("csv"),
                                               "CSV files (*.csv)")
        if not path:
            return
        try:
            self.export_csv(path)
        except OSError as e:
            QMessageBox.warning(self, "Export failed", f"Could not save the CSV file:\n{e}")


def _main(argv: list[str] | None = None) -> int:
    """Run the tab alone: ``python -m mnist_gui.gui.errors_tab [--data DIR] [--model FILE]``."""
    import argparse
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mnist_gui.paths import default_model_path

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", help="MNIST folder or mnist.npz (default: MNIST_DIR or the user folder)")
    ap.add_argument("--model", help="model file (default: the bundled one)")
    ap.add_argument("--screenshot", metavar="PNG", help="save a picture of the tab once evaluated, then quit")
    args = ap.parse_args(argv)
    app = QApplication(sys.argv[:1])
    state = AppState()
    tab = ErrorsTab(state)
    tab.resize(1280, 760)
    tab.setWindowTitle("MNIST \u2014 Errors")
    tab.show()
    if args.screenshot:
        def shoot() -> None:
            ev = tab.evaluation
            if ev is not None and ev.top_confusions(1):
                tab.select_cell(*ev.top_confusions(1)[0][:2])
            tab.grab().save(args.screenshot)
            app.quit()

        tab.evaluated.connect(lambda: QTimer.singleShot(300, shoot))
        state.datasetFailed.connect(lambda msg: QTimer.singleShot(300, shoot))
        state.modelFailed.connect(lambda msg: QTimer.singleShot(300, shoot))
    state.load_dataset(args.data)
    if args.model or default_model_path().exists():
        state.load_model(args.model)
    code = app.exec()
    tab.cancel_evaluation(wait_ms=10000)
    Task.stop_all()
    return code


if __name__ == "__main__":
    raise SystemExit(_main())
