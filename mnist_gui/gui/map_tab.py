"""The Map tab: the 10,000 test digits laid out by the active model's features.

The map itself is drawn by :class:`~mnist_gui.gui.map_view.MapView`; the job that makes it is
:class:`~mnist_gui.session.digitmap.DigitMapJob`. A click opens the digit in the Errors tab's
detail panel; a dragged rectangle lists its digits in a grid; the Draw tab's current digit is
placed on the map (a star) with its nearest test digits, whenever the tab is shown.
"""
from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from mnist_gui.gui.digit_models import DigitListModel, DigitSource
from mnist_gui.gui.digit_views import DigitGridView
from mnist_gui.gui.errors.detail import DigitDetail
from mnist_gui.gui.map_view import MapView
from mnist_gui.session.digitmap import DigitMapJob
from mnist_gui.session.state import AppState

logger = logging.getLogger(__name__)

NEIGHBOURS_SHOWN = 8


class MapTab(QWidget):
    """Map of the test digits, with the selected digit, the selection and the drawn digit's neighbours.

    Signals:
        sendToDraw(object): a digit to put on the Draw tab's canvas ((28, 28) uint8).
    """

    sendToDraw = Signal(object)

    def __init__(self, state: AppState, parent: QWidget | None = None, *, job: DigitMapJob | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.job = job or DigitMapJob(state, self)
        self.drawn: np.ndarray | None = None  # the Draw tab's current 28x28 input
        self._drawn_placed: np.ndarray | None = None  # the picture that is placed now
        self.placed: tuple[np.ndarray, np.ndarray] | None = None

        self.status = QLabel(self.tr("The map appears when this tab is first shown."))
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.compute_button = QPushButton(self.tr("Stop"))
        self.compute_button.clicked.connect(self._compute_or_stop)
        self.fit_button = QPushButton(self.tr("Whole map"))
        self.fit_button.setToolTip(self.tr("Show the whole map again (or double-click it)"))
        self.png_button = QPushButton(self.tr("Export PNG\u2026"))
        self.csv_button = QPushButton(self.tr("Export CSV\u2026"))
        self.png_button.clicked.connect(self.export_png)
        self.csv_button.clicked.connect(self.export_csv)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.progress)
        for b in (self.compute_button, self.fit_button, self.png_button, self.csv_button):
            top.addWidget(b)

        self.view = MapView()
        self.view.set_message(self.tr("No map yet"))
        self.view.clicked.connect(self.show_digit)
        self.view.selected.connect(self.show_selection)
        self.fit_button.clicked.connect(self.view.reset_view)
        hint = QLabel(self.tr("Wheel: zoom \u2022 right or middle drag: pan \u2022 left drag: select "
                              "\u2022 click: open a digit \u2022 double-click: whole map"))
        hint.setStyleSheet("color: #6b7280;")

        self.selection_model = DigitListModel(self)
        self.selection_grid = DigitGridView(scale=1, captions=True)
        self.selection_grid.setModel(self.selection_model)
        self.selection_grid.clicked.connect(lambda ix: self.show_digit(self.selection_model.global_index(ix.row())))
        self.selection_label = QLabel(self.tr("Drag a rectangle on the map to list its digits here."))
        self.neighbour_model = DigitListModel(self)
        self.neighbour_grid = DigitGridView(scale=1, captions=True)
        self.neighbour_grid.setModel(self.neighbour_model)
        self.neighbour_grid.clicked.connect(lambda ix: self.show_digit(self.neighbour_model.global_index(ix.row())))
        self.neighbour_label = QLabel(self.tr("Draw a digit on the Draw tab: it is placed here as a star."))
        self.neighbour_label.setWordWrap(True)
        bottom = QHBoxLayout()
        for label, grid, stretch in ((self.selection_label, self.selection_grid, 3),
                                     (self.neighbour_label, self.neighbour_grid, 2)):
            col = QVBoxLayout()
            col.addWidget(label)
            col.addWidget(grid, 1)
            bottom.addLayout(col, stretch)
        bottom_w = QWidget()
        bottom_w.setLayout(bottom)
        map_w = QWidget()
        ml = QVBoxLayout(map_w)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(self.view, 1)
        ml.addWidget(hint)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(map_w)
        split.addWidget(bottom_w)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 170])

        self.detail = DigitDetail(state)
        self.detail.digit_view.placeholder = self.tr("Click a digit on the map")
        self.detail.sendToDraw.connect(self.sendToDraw)
        body = QHBoxLayout()
        body.addWidget(split, 1)
        body.addWidget(self.detail)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.addLayout(top)
        outer.addLayout(body, 1)

        self.job.started.connect(self._on_started)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self.job.cleared.connect(self._on_cleared)
        # shown before the model or MNIST was there (the tab remembered from the last session):
        # the map starts when they come (connected after the job's own handler)
        state.modelChanged.connect(self._start_if_shown)
        state.datasetChanged.connect(self._start_if_shown)
        self._stopped = False
        self._update_buttons()

    # ------------------------------------------------------------------ the job
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._start_if_shown()
        self.place_drawn()

    @Slot()
    def _start_if_shown(self) -> None:
        if self.isVisible() and not self.job.current() and not self.job.is_running() \
                and self.state.model is not None and self.state.data is not None and not self._stopped:
            self.job.start()

    @Slot()
    def _compute_or_stop(self) -> None:
        if self.job.is_running():
            self._stopped = True  # until Compute map is pressed
            self.job.stop()
            self.progress.hide()
            self.status.setText(self.tr("Stopped. Press Compute map to make it."))
        else:
            self._stopped = False
            self.job.start()
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.job.is_running()
        self.compute_button.setText(self.tr("Stop") if running else self.tr("Compute map"))
        self.compute_button.setEnabled(running or not self.job.current())
        has = self.job.current()
        for b in (self.png_button, self.csv_button, self.fit_button):
            b.setEnabled(has)

    @Slot()
    def _on_started(self) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(self.tr("Making the map of the 10,000 test digits\u2026"))
        self.view.set_message(self.tr("Making the map\u2026"))
        self._update_buttons()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        self.progress.setValue(int(1000 * done / max(1, total)))
        words = {"reading the digits' features": self.tr("Reading the digits' features\u2026"),
                 "laying the map out": self.tr("Laying the map out\u2026")}
        if what in words:
            self.status.setText(words[what])

    @Slot(object)
    def _on_finished(self, m: Any) -> None:
        self.progress.hide()
        images = self.job.images
        self.view.set_map(m.coords, m.labels, m.predictions, images)
        wrong = int(m.misread.sum())
        if m.from_cache:
            how = self.tr("from the cache")
        else:
            how = self.tr("made in %1 s").replace("%1", f"{sum(m.seconds.values()):.0f}")
        self.status.setText(self.tr("%1 test digits as the network sees them (its last hidden layer), "
                                    "%2 misread (ringed); %3.")
                            .replace("%1", f"{len(m.labels):,}").replace("%2", str(wrong)).replace("%3", how))
        self.source = DigitSource([("test", images, m.labels)])
        self.selection_model.set_source(self.source, np.zeros(0, np.int64), predictions=m.predictions)
        self.neighbour_model.set_source(self.source, np.zeros(0, np.int64), predictions=m.predictions)
        self._drawn_placed = None
        self.place_drawn()
        self._update_buttons()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(self.tr("No map: %1").replace("%1", message))
        self.view.set_message(message)
        self._update_buttons()

    @Slot()
    def _on_cleared(self) -> None:
        self.view.set_map(None)
        self.view.set_message(self.tr("No map yet"))
        self.selection_model.set_source(None)
        self.neighbour_model.set_source(None)
        self.placed, self._drawn_placed = None, None
        self.detail.show_digit(None, None, None)
        self._update_buttons()

    # ------------------------------------------------------------------ digits
    @Slot(int)
    def show_digit(self, i: int) -> None:
        """Open test digit ``i`` in the detail panel (with its probabilities and evidence)."""
        m, images = self.job.map, self.job.images
        if m is None or images is None or not 0 <= i < len(m.labels):
            self.detail.show_digit(None, None, None)
            return
        probs = np.full(10, np.nan, np.float32)
        model = self.state.model
        if model is not None:
            from mnist_gui.core.evaluation import predict_one

            probs = predict_one(model, images[i].astype(np.float32) / 255.0)
        one = SimpleNamespace(y_true=m.labels, y_pred={i: int(np.argmax(probs)) if model is not None else int(m.predictions[i])},
                              probs={i: probs}, confidence={i: float(np.nanmax(probs)) if model is not None else float("nan")})
        self.detail.show_digit(one, images, i)  # type: ignore[arg-type] - the fields it reads
        self.shown = i

    @Slot(object)
    def show_selection(self, idx: np.ndarray) -> None:
        """List these test digits (misread first) under the map."""
        m = self.job.map
        if m is None:
            return
        idx = np.asarray(idx, np.int64)
        wrong = m.misread[idx]
        ordered = np.concatenate([idx[wrong], idx[~wrong]])
        self.selection_model.set_rows(ordered)
        counts = np.bincount(m.labels[idx], minlength=10)
        common = ", ".join(f"{d}: {c}" for d, c in sorted(enumerate(counts), key=lambda t: -t[1]) if c)[:80]
        self.selection_label.setText(self.tr("%1 digits selected, %2 misread (first) \u2022 %3")
                                     .replace("%1", f"{len(idx):,}").replace("%2", str(int(wrong.sum())))
                                     .replace("%3", common))

    # ------------------------------------------------------------------ the drawn digit
    def note_drawn(self, image: np.ndarray | None) -> None:
        """The Draw tab's current input (28x28 float, or None); placed now if the tab is shown."""
        self.drawn = None if image is None else np.array(image, np.float32)
        if self.isVisible():
            self.place_drawn()

    def place_drawn(self) -> None:
        """Place the Draw tab's digit on the map (once per picture) and list its nearest test digits."""
        if self.drawn is self._drawn_placed and self.placed is not None:
            return
        if self.drawn is None or not self.job.current():
            if self.drawn is None:
                self.placed = None
                self.view.set_placed(None)
                if self.job.current():
                    self.neighbour_model.set_rows(np.zeros(0, np.int64))
                self.neighbour_label.setText(self.tr("Draw a digit on the Draw tab: it is placed here as a star."))
            return
        result = self.job.place(self.drawn, NEIGHBOURS_SHOWN)
        self._drawn_placed = self.drawn
        self.placed = result
        if result is None:
            return
        point, near = result
        self.view.set_placed(point, near)
        self.neighbour_model.set_rows(near)
        m = self.job.map
        assert m is not None
        counts = np.bincount(m.labels[near], minlength=10)
        self.neighbour_label.setText(self.tr("Your digit (the star): its %1 nearest test digits are mostly %2s")
                                     .replace("%1", str(len(near))).replace("%2", str(int(np.argmax(counts)))))

    # ------------------------------------------------------------------ export
    def export_png(self, path: str | None = None) -> str | None:
        m = self.job.map
        if m is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the map as PNG"), "digit-map.png",
                                                  self.tr("PNG images (*.png)"))
        if not path:
            return None
        from mnist_gui.core.digitmap_export import write_png

        words = {"digit": self.tr("digit %1").replace("%1", "{d}"), "misread": self.tr("misread"),
                 "placed": self.tr("your digit")}
        write_png(m, path, placed=None if self.placed is None else self.placed[0], labels=words,
                  title=self.tr("The test digits as %1 sees them").replace("%1", self.state.model_label))
        self.status.setText(self.tr("Saved %1").replace("%1", path))
        return path

    def export_csv(self, path: str | None = None) -> str | None:
        m = self.job.map
        if m is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the map's coordinates as CSV"),
                                                  "digit-map.csv", self.tr("CSV files (*.csv)"))
        if not path:
            return None
        from mnist_gui.core.digitmap_export import write_csv

        write_csv(m, path)
        self.status.setText(self.tr("Saved %1").replace("%1", path))
        return path
