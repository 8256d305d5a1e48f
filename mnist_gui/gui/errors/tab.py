"""The Errors tab: how the active model does on the 10,000 test digits, and where it goes wrong.

The model is evaluated in a background :class:`~mnist_gui.session.tasks.Task` (on a copy of the
network, so the GUI thread may keep predicting with the original). A new model or data set
cancels a running evaluation and starts another. While the tab is hidden the evaluation waits
until it is shown (``lazy=True``), so switching models never steals the CPU from the Draw tab.

The result (a :class:`mnist_gui.core.evaluation.Evaluation`) feeds the accuracy line, a
confusion-matrix heat map with per-class accuracy, and a thumbnail list of the digits of one
cell or of every error, sorted by the network's confidence.

Parts: the confusion matrix with its shortcuts (``confusions``), the selected digit
(``detail``), the CSV and PNG exports (``export``); the evaluation itself runs in
:class:`mnist_gui.session.evaluation.TestSetEvaluation`. This module wires them, shows the
status line and owns the list of digits. Run alone: ``python -m mnist_gui.gui.errors``.
"""
from __future__ import annotations

import logging
import os
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from mnist_gui.core.evaluation import Evaluation
from mnist_gui.gui.digit_models import DigitListModel, DigitSource, IndexRole
from mnist_gui.gui.digit_views import DigitGridView
from mnist_gui.gui.errors.confusions import TOP_CONFUSIONS, ConfusionsPanel
from mnist_gui.gui.errors.detail import DigitDetail
from mnist_gui.gui.errors.export import PNG_MAX_TILES, contact_sheet, default_name, save_with_dialog, write_csv
from mnist_gui.gui.missing_data import MissingDataPanel
from mnist_gui.gui.percent import number, plural
from mnist_gui.session.state import AppState
from mnist_gui.session.evaluation import TestSetEvaluation

__all__ = ["PNG_MAX_TILES", "TOP_CONFUSIONS", "ErrorsTab"]

logger = logging.getLogger(__name__)


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
        self.progress.setFormat(self.tr("Evaluating on the test digits\u2026 %p%"))
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
        self.confusions = ConfusionsPanel()
        self.confusions.cellChosen.connect(self.select_cell)
        self.matrix, self.all_errors_button = self.confusions.matrix, self.confusions.all_errors_button
        self.confusion_buttons = self.confusions.confusion_buttons
        self.all_errors_button.clicked.connect(self.show_all_errors)
        left_w = self.confusions

        # --- middle: the list
        self.list_title = QLabel(self.tr("Nothing listed"))
        lf = self.list_title.font()
        lf.setBold(True)
        self.list_title.setFont(lf)
        self.sort_combo = QComboBox()
        self.sort_combo.addItem(self.tr("Most confident first"), True)
        self.sort_combo.addItem(self.tr("Least confident first"), False)
        self.sort_combo.setToolTip(self.tr("Order by the network's confidence in its prediction"))
        self.sort_combo.currentIndexChanged.connect(lambda i: self.set_sort_descending(bool(self.sort_combo.itemData(i))))
        self.export_png_button = QPushButton(self.tr("PNG\u2026"))
        self.export_png_button.setToolTip(self.tr("Save the listed digits as a contact sheet (PNG)"))
        self.export_csv_button = QPushButton(self.tr("CSV\u2026"))
        self.export_csv_button.setToolTip(self.tr("Save the listed digits with all ten probabilities (CSV)"))
        self.export_png_button.clicked.connect(self._export_png_dialog)
        self.export_csv_button.clicked.connect(self._export_csv_dialog)
        head = QHBoxLayout()
        head.setSpacing(6)
        head.addWidget(self.sort_combo)
        head.addStretch(1)
        head.addWidget(QLabel(self.tr("Export")))
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
        detail = self.detail = DigitDetail(state)
        detail.sendToDraw.connect(self.sendToDraw)
        # its parts, reached through the tab (tests, screenshots)
        self.digit_view, self.digit_title, self.digit_info = detail.digit_view, detail.digit_title, detail.digit_info
        self.top_bars, self.send_button = detail.top_bars, detail.send_button
        self.evidence_section, self.evidence_box, self.evidence = (
            detail.evidence_section, detail.evidence_box, detail.evidence)

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

        self.missing_panel = MissingDataPanel(state, what=self.tr("to evaluate the model on its test digits"))
        self.no_model_label = QLabel(
            self.tr("<h3>No model is active</h3><p>Load a model or train one on the Train tab; "
            "its accuracy on the 10,000 test digits and its mistakes will appear here.</p>"))
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
            self.all_errors_button.setText(self.tr("All errors"))
            self.confusions.update_buttons(self.evaluation)
            self._indices = np.zeros(0, dtype=np.int64)
            self._update_list_header()
            self._show_digit(None)
            return
        source = DigitSource([("test", images, evaluation.y_true)])
        self.list_model.set_source(source, np.zeros(0, dtype=np.int64),
                                   predictions=evaluation.y_pred, confidence=evaluation.confidence)
        self.matrix.set_matrix(evaluation.confusion)
        n, errors = len(evaluation.y_true), evaluation.n_errors
        self.accuracy_label.setText(self.tr("Accuracy %1").replace("%1", number(evaluation.accuracy * 100, 2) + "%"))
        who = self.state.display_label() or self.tr("the model")
        self.summary_label.setText(self.tr("%1 on %2 test digits").replace("%1", who).replace("%2", number(n))
                                   + " \u00b7 " + plural(self.tr("%n error(s)", "", errors), errors))
        self.all_errors_button.setText(self.tr("All errors (%1)").replace("%1", number(errors)))
        self.confusions.update_buttons(self.evaluation)
        kind = self._list_kind
        if kind is not None and kind[0] == "cell":
            self.select_cell(kind[1], kind[2])
        else:
            self.show_all_errors()
        self._update_page()
        self.evaluated.emit()

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
        return write_csv(path, self.evaluation, self._indices)

    def contact_sheet(self, max_tiles: int = PNG_MAX_TILES) -> QImage:
        """The listed digits as one image: a title, then a grid of captioned thumbnails."""
        return contact_sheet(self.evaluation, self._images, self._indices, title=self._list_description(),
                             model_label=self.state.display_label(), descending=self._descending,
                             max_tiles=max_tiles)

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
        self.accuracy_label.setText(self.tr("Evaluating\u2026"))
        self.summary_label.setText(self.tr("%1 on %2 test digits").replace("%1", self.state.display_label() or self.tr("the model"))
                                   .replace("%2", number(len(y))))
        self.matrix.placeholder = self.tr("Evaluating\u2026")
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
        self.matrix.placeholder = self.tr("Evaluation failed")
        self.matrix.update()
        self.error_label.setText(self.tr("Evaluation failed: %1").replace("%1", message))
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
        count = plural(self.tr("%n digit(s)", "", n), n)
        if kind is None or self.evaluation is None:
            return self.tr("Nothing listed")
        if kind[0] == "errors":
            return self.tr("All errors") + " \u00b7 " + count
        t, p = kind[1], kind[2]
        if t == p:
            return self.tr("Correctly classified %1s").replace("%1", str(t)) + " \u00b7 " + count
        return self.tr("True %1 predicted as %2").replace("%1", str(t)).replace("%2", str(p)) + " \u00b7 " + count

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
        self._current = i
        self.detail.show_digit(self.evaluation, self._images, i)

    # ================================================================= export
    @Slot()
    def _export_png_dialog(self) -> None:
        save_with_dialog(self, self.tr("Save contact sheet"), default_name(self._list_kind, "png"),
                         self.tr("PNG images (*.png)"), self.tr("the contact sheet"), self.export_png)

    @Slot()
    def _export_csv_dialog(self) -> None:
        save_with_dialog(self, self.tr("Save as CSV"), default_name(self._list_kind, "csv"),
                         self.tr("CSV files (*.csv)"), self.tr("the CSV file"), self.export_csv)
