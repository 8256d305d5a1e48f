"""My digits: the person's corrected digits, their browser, and "Adapt to my handwriting".

Thin Qt layer over :mod:`mnist_gui.core.personal`. The collection is owned by the GUI thread
(:class:`MyDigitsStore`); the adaptation runs in a background task on a copy of the active
model made on the GUI thread (one model, one thread).
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget)

from mnist_gui.core import personal
from mnist_gui.gui.digit_models import ConfidenceRole, LabelRole, PredictionRole, digit_qimage
from mnist_gui.gui.digit_views import DigitGridView
from mnist_gui.session.state import AppState
from mnist_gui.session.tasks import Task, TaskState, run_task

logger = logging.getLogger(__name__)

ADAPTED_LABEL = "adapted to my handwriting"


class MyDigitsStore(QObject):
    """The collection, loaded once, and the signal that it changed.

    Signals:
        changed(): digits were added, relabelled, deleted, imported or undone.
        problem(str): a one-line message (unreadable file moved aside, full disk, ...).
    """

    changed = Signal()
    problem = Signal(str)

    def __init__(self, path: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._collection: personal.Collection | None = None
        self.load_message: str | None = None

    @property
    def collection(self) -> personal.Collection:
        if self._collection is None:
            self._collection, self.load_message = personal.Collection.load_or_recover(self._path)
            if self.load_message:
                logger.warning("%s", self.load_message)
                self.problem.emit(self.load_message)
        return self._collection

    def _do(self, fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            out = fn(*args, **kw)
        except OSError as e:
            self.problem.emit(f"Could not save My digits ({e.strerror or e}); nothing was changed.")
            return None
        except (personal.PersonalError, ValueError) as e:
            self.problem.emit(str(e))
            return None
        self.changed.emit()
        return out

    def add(self, label: int, image: np.ndarray, strokes: Any = None, source: str = "drawing") -> Any:
        return self._do(self.collection.add, label, image, strokes, source)

    def relabel(self, ids: list[str], label: int) -> None:
        self._do(self.collection.relabel, ids, label)

    def delete(self, ids: list[str]) -> Any:
        return self._do(self.collection.delete, ids)

    def undo(self) -> Any:
        return self._do(self.collection.undo)

    def import_file(self, path: str, render: Any = None) -> Any:
        return self._do(self.collection.import_file, path, render)


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
            said = "" if pred is None else f", the model reads {pred[0]} ({pred[1] * 100:.0f}%)"
            return f"{d.label}: {d.source}, {d.created[:16].replace('T', ' ')}{said}"
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


class Adapter(QObject):
    """Runs "Adapt to my handwriting" in the background and keeps the way back to the original.

    Signals:
        started(), progress(int, int, str), finished(dict) with the figures and the saved path,
        failed(str), availability(): whether switching back is possible changed.
    """

    started = Signal()
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    availability = Signal()

    MIN_DIGITS = 10

    def __init__(self, state: AppState, store: MyDigitsStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.store = store
        self.task: Task | None = None
        self.original: tuple[Any, str, str | None, dict | None] | None = None
        self.last_result: dict[str, Any] | None = None
        state.modelChanged.connect(self._on_model_changed)

    def is_running(self) -> bool:
        return self.task is not None and self.task.is_running()

    def is_adapted(self) -> bool:
        card = self.state.model_card or {}
        return bool(card.get("adapted_from"))

    def problem(self) -> str | None:
        """Why adapting is not possible now (None: it is)."""
        if self.is_running():
            return "An adaptation is already running."
        if self.state.model is None:
            return "No model is loaded yet."
        if self.state.data is None:
            return "Adapting needs the MNIST training digits (so the model does not forget them): load MNIST first."
        n = len(self.store.collection)
        if n < self.MIN_DIGITS:
            return f"Keep at least {self.MIN_DIGITS} of your digits first (you have {n}): correct or confirm predictions in the Draw tab."
        return None

    def start(self) -> bool:
        why = self.problem()
        if why:
            self.failed.emit(why)
            return False
        import keras

        base = self.state.model
        # the copy the worker trains from is made here, on the thread that owns the model
        copy = keras.models.clone_model(base)
        copy.set_weights(base.get_weights())
        x_me, y_me = self.store.collection.arrays()
        data = self.state.data
        source_label = self.state.model_label
        source_path = self.state.model_path
        source_card = dict(self.state.model_card or {})
        if not self.is_adapted():
            self.original = (base, self.state.model_label, self.state.model_path, self.state.model_card)

        def work(ts: TaskState) -> dict[str, Any]:
            import time as _time

            from mnist_gui.core import store
            from mnist_gui.core.evaluation import evaluate
            from mnist_gui.paths import user_data_dir

            t0 = _time.perf_counter()
            cfg = personal.AdaptConfig()
            folds = 3
            total = (folds + 1) * cfg.steps

            def prog(done: int, _t: int, text: str) -> None:
                ts.progress(done, total, text)

            before, after = personal.honest_gain(
                copy, x_me, y_me, data.x_train, data.y_train, folds=folds, config=cfg,
                on_progress=lambda s, t: prog(s, t, "checking on digits held out of the adaptation"),
                cancel=ts.cancel_event)
            res = personal.adapt(copy, x_me, y_me, data.x_train, data.y_train, cfg,
                                 on_progress=lambda s, t: prog(folds * cfg.steps + s, t, "adapting on all your digits"),
                                 cancel=ts.cancel_event)
            if res.cancelled:
                raise InterruptedError("stopped")
            ts.progress(total, total, "measuring on the MNIST test set")
            mnist_before = source_card.get("test_accuracy")
            if not isinstance(mnist_before, (int, float)):
                mnist_before = evaluate(copy, data.x_test, data.y_test).accuracy
            mnist_after = evaluate(res.model, data.x_test, data.y_test).accuracy
            elapsed = _time.perf_counter() - t0
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            out = user_data_dir() / "models" / f"adapted-{stamp}.keras"
            out.parent.mkdir(parents=True, exist_ok=True)
            card = store.make_card(
                arch=str(source_card.get("architecture") or getattr(copy, "name", "model")),
                hyperparameters={"adaptation_steps": cfg.steps, "batch_size": cfg.batch_size,
                                 "learning_rate": cfg.learning_rate, "mnist_share": 0.5},
                dataset_sha256=data.checksum(), epochs_completed=0, test_accuracy=mnist_after,
                training_time_s=res.time_s,
                extra={"adapted_from": {"label": source_label, "path": source_path,
                                        "test_accuracy": mnist_before},
                       "adapted_on_digits": int(len(y_me)),
                       "my_digits_accuracy": {"before": before, "after": after,
                                              "how": f"{folds}-fold: each digit scored by a copy adapted without it"}})
            saved = store.save_model(res.model, out, card)
            return {"model": res.model, "path": str(saved), "card": card, "before": before, "after": after,
                    "mnist_before": float(mnist_before), "mnist_after": float(mnist_after), "digits": int(len(y_me)),
                    "time_s": elapsed}

        def done(result: dict[str, Any]) -> None:
            self.last_result = result
            self.finished.emit(result)

        def error(msg: str, tb: str) -> None:
            self.failed.emit("Stopped: the model was not changed." if "stopped" in msg or "cancelled" in msg
                             else f"Adaptation failed: {msg}")

        self.task = run_task(work, name="adapt", on_done=done, on_error=error,
                             on_progress=self.progress.emit, parent=self)
        self.started.emit()
        return True

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def use_result(self) -> None:
        r = self.last_result
        if r is None:
            return
        self.state.set_model(r["model"], label=ADAPTED_LABEL, path=r["path"], card=r["card"])

    def can_switch_back(self) -> bool:
        return self.original is not None and self.is_adapted()

    def switch_back(self) -> None:
        if self.original is None:
            return
        model, label, path, card = self.original
        self.state.set_model(model, label=label, path=path, card=card)

    @Slot()
    def _on_model_changed(self) -> None:
        if not self.is_adapted() and self.state.model is not None:
            self.original = (self.state.model, self.state.model_label, self.state.model_path, self.state.model_card)
        self.availability.emit()


def summary_text(r: dict[str, Any]) -> str:
    return (f"Adapted on your {r['digits']} digits in {r['time_s']:.0f} s.\n\n"
            f"Your digits, each scored by a copy that never saw it: {r['before'] * 100:.1f}% read right before, "
            f"{r['after'] * 100:.1f}% after.\n"
            f"MNIST test set: {r['mnist_before'] * 100:.2f}% before, {r['mnist_after'] * 100:.2f}% after.\n\n"
            f"Saved as {Path(r['path']).name} (your original model is unchanged).")


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
        self.relabel_combo.addItems([f"Relabel as {d}" for d in range(10)])
        self.relabel_combo.activated.connect(self._relabel)
        self.delete_btn = QPushButton("Delete")
        self.delete_btn.clicked.connect(self._delete)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view, activated=self._delete)
        self.undo_btn = QPushButton("Undo")
        self.undo_btn.clicked.connect(self._undo)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self._undo)
        self.export_btn = QPushButton("Export\u2026")
        self.export_btn.clicked.connect(self.export_dialog)
        self.import_btn = QPushButton("Import\u2026")
        self.import_btn.clicked.connect(self.import_dialog)
        self.adapt_btn = QPushButton("Adapt to my handwriting")
        self.adapt_btn.setToolTip("Fine-tune a copy of the active model on your digits (mixed with MNIST so it\n"
                                  "does not forget), in the background; your model is not changed")
        self.adapt_btn.clicked.connect(self.adapter.start)
        self.stop_btn = QPushButton("Stop")
        self.stop_btn.clicked.connect(self.adapter.stop)
        self.back_btn = QPushButton("Use the original model")
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
        title = QLabel("My digits")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        lay.addWidget(title)
        lay.addWidget(self.counts_label)
        lay.addLayout(tools)
        lay.addWidget(self.view, 1)
        lay.addLayout(adapt)
        lay.addWidget(self.message)

        store.changed.connect(self._update)
        store.problem.connect(self._show_problem)
        adapter.started.connect(self._update)
        adapter.progress.connect(self._on_progress)
        adapter.finished.connect(self._on_finished)
        adapter.failed.connect(self._on_failed)
        adapter.availability.connect(self._update)
        state.modelChanged.connect(self._update)
        state.datasetChanged.connect(self._update)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        self._update()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        return [self.model.digit(r).id for r in rows]

    @Slot()
    def _update(self) -> None:
        c = self.store.collection
        counts = c.counts()
        self.counts_label.setText(f"<b>{len(c)}</b> digits \u00b7 " + " \u00b7 ".join(
            f"{d}: <b>{n}</b>" if n else f"<span style='color:#9ca3af'>{d}: 0</span>" for d, n in enumerate(counts)))
        sel = bool(self.selected_ids())
        self.relabel_combo.setEnabled(sel)
        self.delete_btn.setEnabled(sel)
        self.undo_btn.setEnabled(c.can_undo())
        self.export_btn.setEnabled(len(c) > 0)
        running = self.adapter.is_running()
        self.adapt_btn.setEnabled(not running)
        self.stop_btn.setVisible(running)
        self.progress.setVisible(running)
        self.back_btn.setVisible(self.adapter.can_switch_back())
        if not running and not self.message.text():
            why = self.adapter.problem()
            if why and len(c) < self.adapter.MIN_DIGITS:
                self.message.setText(why)

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)

    @Slot(int)
    def _relabel(self, label: int) -> None:
        ids = self.selected_ids()
        if ids:
            self.store.relabel(ids, label)
            self.message.setText(f"{len(ids)} digit(s) relabelled as {label}.")

    @Slot()
    def _delete(self) -> None:
        ids = self.selected_ids()
        if ids and self.store.delete(ids):
            self.message.setText(f"{len(ids)} digit(s) deleted (Undo brings them back).")

    @Slot()
    def _undo(self) -> None:
        if self.store.collection.can_undo() and self.store.undo():
            self.message.setText("Undone.")

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export my digits", "my-digits.json", "Digit strokes (*.json)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        try:
            n = self.store.collection.export(path)
        except OSError as e:
            self.message.setText(f"Could not export to {path} ({e.strerror or e}).")
            return False
        self.message.setText(f"{n} digits exported to {path}.")
        return True

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import digits", "", "Digit strokes (*.json);;All files (*)")
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> bool:
        n = self.store.import_file(path, render=_render_strokes)
        if n is None:
            return False
        self.message.setText(f"{n} digits imported from {Path(path).name}.")
        return True

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"%p% \u2014 {text}" if text else "%p%")

    @Slot(object)
    def _on_finished(self, r: dict[str, Any]) -> None:
        self._update()
        self.message.setText(summary_text(r).replace("\n\n", " ").replace("\n", " "))
        ask = QMessageBox.question(self, "Adapted to your handwriting", summary_text(r) + "\n\nUse the adapted model now?")
        if ask == QMessageBox.StandardButton.Yes:
            self.adapter.use_result()

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
