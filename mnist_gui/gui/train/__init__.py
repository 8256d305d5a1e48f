"""The Train tab, in parts that each have one job (see :mod:`mnist_gui.gui.train.tab`)."""
from __future__ import annotations

from mnist_gui.session.training import RunController, RunOutcome, RunRecord, make_train_job
from mnist_gui.gui.train.settings import CUSTOM, PRESETS, SCHEDULES, Preset, SettingsForm
from mnist_gui.gui.train.tab import TrainTab

__all__ = ["CUSTOM", "PRESETS", "SCHEDULES", "Preset", "RunController", "RunOutcome", "RunRecord", "SettingsForm",
           "TrainTab", "make_train_job"]
