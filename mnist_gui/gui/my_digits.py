"""My digits: the person's corrected digits, their browser, and "Adapt to my handwriting".

Thin Qt layer over :mod:`mnist_gui.core.personal`. The collection is owned by the GUI thread
(:class:`MyDigitsStore`); the adaptation runs in a background task on a copy of the active
model made on the GUI thread (one model, one thread).
"""
from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from mnist_gui.core import adaptation, personal
from mnist_gui.gui.digit_models import ConfidenceRole, LabelRole, PredictionRole, digit_qimage
from mnist_gui.gui.digit_views import DigitGridView
from mnist_gui.session.my_digits import Adapter, MyDigitsStore
from mnist_gui.session.state import AppState
from mnist_gui.gui.percent import percent, plural

logger = logging.getLogger(__name__)

class MyDigitsModel(QAbstractListModel):
    """The person's digits as grid tiles: picture, label, and the active model's prediction."""

    def __init__(self, store: MyDigitsStore, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state
        self._preds: np.ndarray | None = None
        self._thumbs: dict[str, Any] = {}
        store.changed.connect(self.refresh)
        state.modelChanged.connect(self.refresh)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.store.collection.digits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        d = self.store.collection.digits[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            img = self._thumbs.get(d.id)
            if img is None:
                img = self._thumbs[d.id] = digit_qimage(d.image)
            return img
        if role == LabelRole:
            return d.label
        if role == Qt.ItemDataRole.DisplayRole:
            return str(d.label)
        if role == Qt.ItemDataRole.ToolTipRole:
            pred = self.prediction(index.row())
            said = "" if pred is None else (self.tr(", the model reads %1 (%2)").replace("%1", str(pred[0]))
                                             .replace("%2", percent(pred[1], 0)))
            source = {"drawing": self.tr("drawing"), "picture": self.tr("picture"), "import": self.tr("import")}
            return f"{d.label}: {source.get(d.source, d.source)}, {d.created[:16].replace('T', ' ')}{said}"
        if role in (PredictionRole, ConfidenceRole):
            pred = self.prediction(index.row())
            if pred is None:
                return None
            return pred[0] if role == PredictionRole else pred[1]
        return None

    def prediction(self, row: int) -> tuple[int, float] | None:
        if self._preds is None or row >= len(self._preds):
            return None
        p = self._preds[row]
        return int(p.argmax()), float(p.max())

    def digit(self, row: int) -> personal.MyDigit:
        return self.store.collection.digits[row]

    @Slot()
    def refresh(self) -> None:
        self.beginResetModel()
        x, _ = self.store.collection.arrays()
        ids = {d.id for d in self.store.collection.digits}
        self._thumbs = {k: v for k, v in self._thumbs.items() if k in ids}
        self._preds = None
        if len(x) and self.state.model is not None:
            try:
                from mnist_gui.core.evaluation import predict_proba

                self._preds = predict_proba(self.state.model, x)
            except Exception:  # noqa: BLE001 - predictions are extra, the grid still works
                logger.exception("predicting my digits failed")
        self.endResetModel()


class AdaptResultBox(QMessageBox):
    """What an adaptation brought, and the offer to use it: "Use the adapted model" is the default
    button only when :func:`mnist_gui.core.adaptation.verdict` recommends it; when the adapted
    model is worse on MNIST or on the person's held-out digits the box says so first and
    "Keep the current model" is the default (and Esc)."""

    def __init__(self, r: dict[str, Any], parent: QWidget | None = None) -> None:
        self.verdict = v = adaptation.verdict(r)
        super().__init__(QMessageBox.Icon.Question if v.recommended else QMessageBox.Icon.Warning,
                         "", "", parent=parent)
        self.setWindowTitle(self.tr("Adapted to your handwriting"))
        self.headline, self.question, self.details = self.texts(r, v)
        self.setText(f"{self.headline}\n{self.question}")
        self.setInformativeText(self.details)
        # wide enough for the verdict's line with its two figures, and the question under it
        self.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 34em; }")
        self.use_btn = self.addButton(self.tr("Use the adapted model"), QMessageBox.ButtonRole.AcceptRole)
        self.keep_btn = self.addButton(self.tr("Keep the current model"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.use_btn if v.recommended else self.keep_btn)
        self.setEscapeButton(self.keep_btn)

    def use_chosen(self) -> bool:
        return self.clickedButton() is self.use_btn

    def texts(self, r: dict[str, Any], v: adaptation.Verdict) -> tuple[str, str, str]:
        """(what the verdict is, the question, the figures), in words."""
        def pct2(a: float) -> str:
            return f"{a * 100:.2f}%"

        def pct1(a: float) -> str:
            return f"{a * 100:.1f}%"

        heads = []
        if v.worse_on_mnist:
            if math.isfinite(v.error_ratio):
                heads.append(self.tr("The adapted model is worse on MNIST: {before}\u00a0\u2192\u00a0{after} ({ratio}\u00d7 the errors).").format(
                    before=pct2(v.mnist_before), after=pct2(v.mnist_after), ratio=f"{v.error_ratio:.2f}"))
            else:
                heads.append(self.tr("The adapted model is worse on MNIST: {before}\u00a0\u2192\u00a0{after}.").format(
                    before=pct2(v.mnist_before), after=pct2(v.mnist_after)))
        if v.worse_on_mine:
            heads.append(self.tr("It reads your held-out digits worse: {before}\u00a0\u2192\u00a0{after}.").format(
                before=pct1(v.mine_before), after=pct1(v.mine_after)))
        elif v.better_on_mine and not v.worse_on_mnist:
            heads.append(self.tr("The adapted model reads your held-out digits better: {before}\u00a0\u2192\u00a0{after}.").format(
                before=pct1(v.mine_before), after=pct1(v.mine_after)))
        elif not heads:
            heads.append(self.tr("The adapted model reads your held-out digits no better than before ({before}).").format(
                before=pct1(v.mine_before)))
        question = self.tr("Use the adapted model now?") if v.recommended else self.tr("Keep the current model?")
        details = [
            self.tr("Adapted on your {n} digits in {s} s.").format(n=r["digits"], s=f"{r['time_s']:.0f}"),
            self.tr("Your digits, each scored by a copy that never saw it: {before} read right before, {after} after.").format(
                before=pct1(r["before"]), after=pct1(r["after"])),
            self.tr("MNIST test set: {before} before, {after} after.").format(
                before=pct2(r["mnist_before"]), after=pct2(r["mnist_after"])),
        ]
        details.append("")
        if not v.recommended and r["digits"] < 50:
            details.append(self.tr("With few digits an adaptation easily overfits them: keep more digits and try again."))
        details.append(self.tr("Saved as {name} (your original model is unchanged).").format(name=Path(r["path"]).name))
        return " ".join(heads), question, "\n".join(details)


class MyDigitsTab(QWidget):
    """Grid of the person's digits with counts, relabel, delete/undo, export/import and Adapt."""

    def __init__(self, state: AppState, store: MyDigitsStore, adapter: Adapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store
        self.adapter = adapter
        self.model = MyDigitsModel(store, state, self)
        self.view = DigitGridView(scale=2, captions=True, corner_label=True)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.counts_label = QLabel()
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #4b5563;")
        self.relabel_combo = QComboBox()
        self.relabel_combo.addItems([self.tr("Relabel as %1").replace("%1", str(d)) for d in range(10)])
        self.relabel_combo.activated.connect(self._relabel)
        self.delete_btn = QPushButton(self.tr("Delete"))
        self.delete_btn.clicked.connect(self._delete)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view, activated=self._delete,
                  whatsThis=self.tr("Delete the selected digits"))
        self.undo_btn = QPushButton(self.tr("Undo"))
        self.undo_btn.clicked.connect(self._undo)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self._undo,
                  whatsThis=self.tr("Undo the last change (add, relabel, delete, import)"))
        self.export_btn = QPushButton(self.tr("Export\u2026"))
        self.export_btn.clicked.connect(self.export_dialog)
        self.import_btn = QPushButton(self.tr("Import\u2026"))
        self.import_btn.clicked.connect(self.import_dialog)
        self.adapt_btn = QPushButton(self.tr("Adapt to my handwriting"))
        self.adapt_btn.clicked.connect(self.adapter.start)
        self.hint = QLabel()  # what Adapt would do now, or why it cannot (follows the state)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #4b5563;")
        self.result_box: AdaptResultBox | None = None
        self.stop_btn = QPushButton(self.tr("Stop"))
        self.stop_btn.clicked.connect(self.adapter.stop)
        self.back_btn = QPushButton(self.tr("Use the original model"))
        self.back_btn.clicked.connect(self.adapter.switch_back)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)

        tools = QHBoxLayout()
        for w in (self.relabel_combo, self.delete_btn, self.undo_btn):
            tools.addWidget(w)
        tools.addStretch(1)
        tools.addWidget(self.import_btn)
        tools.addWidget(self.export_btn)
        adapt = QHBoxLayout()
        adapt.addWidget(self.adapt_btn)
        adapt.addWidget(self.progress, 1)
        adapt.addWidget(self.stop_btn)
        adapt.addWidget(self.back_btn)
        lay = QVBoxLayout(self)
        title = QLabel(self.tr("My digits"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        lay.addWidget(title)
        lay.addWidget(self.counts_label)
        lay.addLayout(tools)
        lay.addWidget(self.view, 1)
        lay.addLayout(adapt)
        lay.addWidget(self.hint)
        lay.addWidget(self.message)

        store.changed.connect(self._update)
        store.problem.connect(self._show_problem)
        adapter.started.connect(self._update)
        adapter.progress.connect(self._on_progress)
        adapter.finished.connect(self._on_finished)
        adapter.failed.connect(self._on_failed)
        adapter.availability.connect(self._update)
        for sig in (state.modelChanged, state.modelLoading, state.modelFailed, state.datasetChanged,
                    state.datasetLoading, state.datasetFailed):
            sig.connect(self._update)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._update()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        return [self.model.digit(r).id for r in rows]

    @Slot()
    def _update(self) -> None:
        c = self.store.collection
        counts = c.counts()
        self.counts_label.setText(plural(self.tr("%n digit(s)", "", len(c)), len(c)).replace(str(len(c)), f"<b>{len(c)}</b>", 1)
                                  + " \u00b7 " + " \u00b7 ".join(
            f"{d}: <b>{n}</b>" if n else f"<span style='color:#9ca3af'>{d}: 0</span>" for d, n in enumerate(counts)))
        sel = bool(self.selected_ids())
        self.relabel_combo.setEnabled(sel)
        self.delete_btn.setEnabled(sel)
        self.undo_btn.setEnabled(c.can_undo())
        self.export_btn.setEnabled(len(c) > 0)
        running = self.adapter.is_running()
        why = self.adapter.problem()
        self.adapt_btn.setEnabled(why is None)
        self.stop_btn.setVisible(running)
        self.progress.setVisible(running)
        self.back_btn.setVisible(self.adapter.can_switch_back())
        n = self.adapter.digits_to_adapt()
        if running:
            hint = self.tr("Adapting on your {n} digits (digits kept now count next time).").format(n=n)
        elif why is None:
            hint = self.tr("Adapt will fine-tune a copy of the model on your {n} digits, mixed with MNIST so it does not forget, and check it on digits held out of it; your model is not changed.").format(n=n)
        else:
            hint = why
        self.hint.setText(hint)
        self.adapt_btn.setToolTip(hint)

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)

    @Slot(int)
    def _relabel(self, label: int) -> None:
        ids = self.selected_ids()
        if ids:
            self.store.relabel(ids, label)
            self.message.setText(plural(self.tr("%n digit(s) relabelled as %1.", "", len(ids)), len(ids)).replace("%1", str(label)))

    @Slot()
    def _delete(self) -> None:
        ids = self.selected_ids()
        if ids and self.store.delete(ids):
            self.message.setText(plural(self.tr("%n digit(s) deleted (Undo brings them back).", "", len(ids)), len(ids)))

    @Slot()
    def _undo(self) -> None:
        if self.store.collection.can_undo() and self.store.undo():
            self.message.setText(self.tr("Undone."))

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export my digits"), "my-digits.json", self.tr("Digit strokes (*.json)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        try:
            n = self.store.collection.export(path)
        except OSError as e:
            self.message.setText(self.tr("Could not export to %1 (%2).").replace("%1", path).replace("%2", str(e.strerror or e)))
            return False
        self.message.setText(plural(self.tr("%n digit(s) exported to %1.", "", n), n).replace("%1", path))
        return True

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import digits"), "", self.tr("Digit strokes (*.json);;All files (*)"))
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> bool:
        n = self.store.import_file(path, render=_render_strokes)
        if n is None:
            return False
        self.message.setText(plural(self.tr("%n digit(s) imported from %1.", "", n), n).replace("%1", Path(path).name))
        return True

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"%p% \u2014 {text}" if text else "%p%")

    @Slot(object)
    def _on_finished(self, r: dict[str, Any]) -> None:
        self._update()
        box = AdaptResultBox(r, self)
        self.message.setText(" ".join([box.headline, *filter(None, box.details.splitlines())]))
        if self.result_box is not None:
            self.result_box.deleteLater()
        self.result_box = box
        box.finished.connect(lambda _=0, box=box: self.adapter.use_result() if box.use_chosen() else None)
        box.open()

    @Slot(str)
    def _on_failed(self, text: str) -> None:
        self._update()
        self.message.setText(text)


def _render_strokes(strokes: Any) -> np.ndarray | None:
    """Strokes -> the 28x28 the Draw tab would prepare (for importing stroke-only files)."""
    from mnist_gui.core import preprocess
    from mnist_gui.gui.canvas import DrawingCanvas

    canvas = DrawingCanvas()
    canvas.resize(320, 320)
    canvas.replay(strokes)
    x = preprocess.preprocess(canvas.normalized_ink_array())
    canvas.deleteLater()
    return None if x is None else np.clip(x * 255 + 0.5, 0, 255).astype(np.uint8)
