"""The Train tab's list of this session's runs (select one to show it, two to compare)."""
from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from mnist_gui.core import models
from mnist_gui.session.training import RunRecord
from mnist_gui.gui.percent import number
from mnist_gui.gui.train.arch_names import arch_title
from mnist_gui.gui.train.widgets import fmt_duration, pct


class RunHistory(QGroupBox):
    """One row per run: network, settings, validation and test accuracy, time, status.

    Signals:
        selectionChanged(): the selected runs changed (see :meth:`selected`).
    """

    selectionChanged = Signal()
    COLUMNS = [QT_TRANSLATE_NOOP("RunHistory", "Run"), QT_TRANSLATE_NOOP("RunHistory", "Network"),
               QT_TRANSLATE_NOOP("RunHistory", "Epochs"), QT_TRANSLATE_NOOP("RunHistory", "Batch"),
               QT_TRANSLATE_NOOP("RunHistory", "Learning rate"), QT_TRANSLATE_NOOP("RunHistory", "Digits"),
               QT_TRANSLATE_NOOP("RunHistory", "Aug."), QT_TRANSLATE_NOOP("RunHistory", "Val. acc."),
               QT_TRANSLATE_NOOP("RunHistory", "Test acc."), QT_TRANSLATE_NOOP("RunHistory", "Time"),
               QT_TRANSLATE_NOOP("RunHistory", "Status")]

    def __init__(self, runs: list[RunRecord], parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("RunHistory", "Runs this session"), parent)
        self.runs = runs  # shared with the tab: run n is runs[n - 1]
        self._items: dict[int, QTreeWidgetItem] = {}  # run (by id) -> its row
        v = QVBoxLayout(self)
        v.setSpacing(6)
        self.view = QTreeWidget()
        self.view.setColumnCount(len(self.COLUMNS))
        self.view.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setToolTip(self.tr("Select a run to show its curves; select two to compare them (the older one dashed)"))
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.itemSelectionChanged.connect(self.selectionChanged)
        v.addWidget(self.view, 1)

    def add(self, run: RunRecord) -> None:
        item = QTreeWidgetItem()
        item.setData(0, Qt.ItemDataRole.UserRole, run.number)
        self._items[id(run)] = item
        self.view.addTopLevelItem(item)
        self.refresh(run)

    def refresh(self, run: RunRecord) -> None:
        """Refresh a run's row (figures, status)."""
        item = self._items.get(id(run))
        if item is None:
            return
        cfg = run.config
        val = run.last_epoch.val_accuracy if run.last_epoch is not None else math.nan
        r = run.outcome.result if run.outcome is not None else None
        values = [
            str(run.number),
            arch_title(models.get_architecture(cfg.arch)),
            (f"{run.epochs_done_text()}/{cfg.epochs}" if r is not None else f"{cfg.epochs}"),
            str(cfg.batch_size),
            f"{cfg.learning_rate:g}" + {"cosine": " cos", "onecycle": " 1cyc"}.get(cfg.lr_schedule, ""),
            number(run.digits),
            self.tr("yes") if cfg.augment else self.tr("no"),
            pct(val) if math.isfinite(val) else "–",
            pct(run.test_accuracy),
            fmt_duration(r.train_time_s) if r is not None else "",
            {"starting": self.tr("starting…"), "running": self.tr("training…"), "stopped": self.tr("stopped"),
             "finished": self.tr("finished"), "failed": self.tr("failed")}.get(run.status, run.status)
            + (f": {run.error}" if run.error else ""),
        ]
        for col, v in enumerate(values):
            item.setText(col, v)
            if col not in (1, 10):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = "\n".join(f"{k}: {v}" for k, v in {**cfg.to_dict(), "training_digits": run.digits}.items())
        for col in range(len(values)):
            item.setToolTip(col, tip)
        if run.test_accuracy is not None:
            f = item.font(8)
            f.setBold(True)
            item.setFont(8, f)

    def selected(self) -> list[RunRecord]:
        nums = [it.data(0, Qt.ItemDataRole.UserRole) for it in self.view.selectedItems()]
        return [self.runs[n - 1] for n in sorted(nums)]

    def current(self) -> RunRecord | None:
        """The run "Use this model" and "Save as…" act on: the (last) selected one, else the
        latest with a model."""
        sel = self.selected()
        if sel:
            return sel[-1]
        return next((run for run in reversed(self.runs) if run.model is not None), None)

    def show_in(self, plots: Any, live: RunRecord | None) -> None:
        """Which runs the plots show: two selected ones (the older dashed), else the live run
        (with a selected other one dashed), else the selected or the latest run."""
        sel = self.selected()
        if len(sel) >= 2:
            plots.set_runs(sel[-1].curves, sel[-2].curves)
        elif live is not None:
            plots.set_runs(live.curves, sel[0].curves if sel and sel[0] is not live else None)
        elif sel:
            plots.set_runs(sel[0].curves)
        else:
            plots.set_runs(self.runs[-1].curves if self.runs else None)

    def select(self, *numbers: int) -> None:
        """Select runs by number (scripts and tests)."""
        with QSignalBlocker(self.view):
            self.view.clearSelection()
            for n in numbers:
                self._items[id(self.runs[n - 1])].setSelected(True)
        self.selectionChanged.emit()
