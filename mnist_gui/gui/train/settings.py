"""The Train tab's settings form: presets, network, hyperparameters, Start and Stop.

The form only ever holds valid values (the widgets' ranges), remembers itself between sessions
(QSettings group "train") and describes one run as a :class:`~mnist_gui.core.training.TrainConfig`
plus a number of training digits.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from mnist_gui.core import models
from mnist_gui.core.training import TrainConfig
from mnist_gui.gui.elided_combo import ElidedComboBox
from mnist_gui.gui.percent import number
from mnist_gui.gui.train.arch_names import arch_description, arch_title
from mnist_gui.gui.train.widgets import LogStepSpinBox, PowerOfTwoSpinBox
from mnist_gui.session.settings import app_settings

SCHEDULES = [("constant", QT_TRANSLATE_NOOP("Presets", "Constant")),
             ("cosine", QT_TRANSLATE_NOOP("Presets", "Cosine decay (with warm-up)")),
             ("onecycle", QT_TRANSLATE_NOOP("Presets", "One-cycle (rise, then fall)"))]


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    arch: str
    tooltip: str
    overrides: dict[str, Any] = field(default_factory=dict)
    digits: int | None = None  # None: the whole training set


PRESETS = [
    Preset("quick", QT_TRANSLATE_NOOP("Presets", "Quick (under a minute, 99.2%)"), "quick",
           QT_TRANSLATE_NOOP("Presets", "A LeNet-like network with batch norm: 3 epochs on all 60,000 digits, "
                             "one-cycle learning rate. Measured here (2-core CPU, benchmarks/time_to_accuracy.py, "
                             "from Start): 99.0% test accuracy after 27-36 s, 99.16% at the end of the run (45-51 s).")),
    Preset("tutorial", QT_TRANSLATE_NOOP("Presets", "Tutorial (exact)"), "tutorial",
           QT_TRANSLATE_NOOP("Presets", "The classic Keras tutorial unchanged: its network, Adam 0.001, batch 32, "
                             "3 epochs on all 60,000 digits. Measured here: 97.7% after 26 s, 98.08% at the end (89 s).")),
    Preset("best", QT_TRANSLATE_NOOP("Presets", "Best (99.6% in under 10 min)"), "lenet",
           QT_TRANSLATE_NOOP("Presets", "The wide LeNet-like network with a dense layer: 15 epochs on all 60,000 "
                             "digits, half of every batch distorted (rotation, slant, aspect, elastic), one-cycle "
                             "learning rate. Measured here: 99.6% test accuracy after 508 s (epoch 14), 99.61% at "
                             "the end (545 s).")),
]
CUSTOM = QT_TRANSLATE_NOOP("Presets", "Custom")


def schedule_title(key: str) -> str:
    """A learning-rate schedule's name in the interface language ("onecycle" -> "One-cycle ...")."""
    return _tr(dict(SCHEDULES).get(key, key))


def _tr(text: str) -> str:
    """A preset's or schedule's text in the interface language (the constants keep the source)."""
    return QCoreApplication.translate("Presets", text)




class SettingsForm(QGroupBox):
    """Preset, network and hyperparameters, with the Start and Stop buttons under them.

    ``num_train`` (set when a data set arrives) caps the number of training digits.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("SettingsForm", "Settings"), parent)
        self._applying = False
        self.num_train: int | None = None
        self._build()

    def _build(self) -> None:
        self.setMinimumWidth(300)
        v = QVBoxLayout(self)
        v.setSpacing(8)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(7)

        self.preset_combo = ElidedComboBox()
        for p in PRESETS:
            self.preset_combo.addItem(_tr(p.title), p.key)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, _tr(p.tooltip), Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.addItem(_tr(CUSTOM), "custom")
        self.preset_combo.setItemData(self.preset_combo.count() - 1, self.tr("Your own settings"),
                                      Qt.ItemDataRole.ToolTipRole)
        self.preset_combo.activated.connect(self._on_preset_activated)
        form.addRow(self.tr("Preset"), self.preset_combo)

        self.arch_combo = ElidedComboBox()
        for name in models.architecture_names():
            a = models.get_architecture(name)
            self.arch_combo.addItem(arch_title(a), name)
            self.arch_combo.setItemData(self.arch_combo.count() - 1, arch_description(a), Qt.ItemDataRole.ToolTipRole)
        self.arch_combo.currentIndexChanged.connect(self._on_arch_changed)
        form.addRow(self.tr("Network"), self.arch_combo)
        self.arch_description = QLabel()
        self.arch_description.setWordWrap(True)
        self.arch_description.setStyleSheet("color: palette(placeholder-text);")
        small = self.arch_description.font()
        small.setPointSizeF(small.pointSizeF() * 0.92)
        self.arch_description.setFont(small)
        form.addRow("", self.arch_description)

        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, 1000)
        self.epochs_spin.setToolTip(self.tr("Passes over the training digits (1 to 1000)"))
        form.addRow(self.tr("Epochs"), self.epochs_spin)

        self.batch_spin = PowerOfTwoSpinBox()
        self.batch_spin.setRange(1, 8192)
        self.batch_spin.setToolTip(self.tr("Digits per gradient step (1 to 8192); the arrows step through powers of two"))
        form.addRow(self.tr("Batch size"), self.batch_spin)

        self.lr_spin = LogStepSpinBox()
        self.lr_spin.setToolTip(self.tr("Adam learning rate (0.00001 to 1); the arrows step 1, 2, 3, 5, 10, …"))
        form.addRow(self.tr("Learning rate"), self.lr_spin)

        self.schedule_combo = ElidedComboBox()
        for key, title in SCHEDULES:
            self.schedule_combo.addItem(_tr(title), key)
        form.addRow(self.tr("Rate schedule"), self.schedule_combo)

        self.val_spin = QSpinBox()
        self.val_spin.setRange(0, 50)
        self.val_spin.setSingleStep(5)
        self.val_spin.setSuffix(" %")
        self.val_spin.setSpecialValueText("none")
        self.val_spin.setToolTip(self.tr("Share of the training digits held out to validate after every epoch (0 to 50 %)"))
        form.addRow(self.tr("Validation"), self.val_spin)

        self.augment_check = QCheckBox(self.tr("on"))
        self.augment_check.setToolTip(self.tr("Random small rotations, zooms and shifts of the training digits"))
        form.addRow(self.tr("Augmentation"), self.augment_check)

        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(-1, 2_147_483_647)
        self.seed_spin.setSpecialValueText("random")
        self.seed_spin.setValue(1)
        self.seed_spin.setToolTip(self.tr("Random seed for a repeatable run; 'random' (below 0) for a different run each time"))
        form.addRow(self.tr("Seed"), self.seed_spin)

        self.digits_spin = QSpinBox()
        self.digits_spin.setRange(10, 60_000)
        self.digits_spin.setSingleStep(1000)
        self.digits_spin.setGroupSeparatorShown(True)
        self.digits_spin.setValue(60_000)
        self.digits_spin.setToolTip(self.tr("Train on the first N training digits only (a quicker, less accurate run)"))
        self.digits_of = QLabel(self.tr("of 60,000"))
        digits_row = QHBoxLayout()
        digits_row.addWidget(self.digits_spin, 1)
        digits_row.addWidget(self.digits_of)
        form.addRow(self.tr("Training digits"), digits_row)
        v.addLayout(form)

        for w in (self.epochs_spin, self.batch_spin, self.lr_spin, self.val_spin, self.seed_spin, self.digits_spin):
            w.valueChanged.connect(self._on_setting_edited)
        self.schedule_combo.currentIndexChanged.connect(self._on_setting_edited)
        self.augment_check.toggled.connect(self._on_setting_edited)

        self.estimate_label = QLabel()
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setStyleSheet("color: palette(placeholder-text);")
        v.addWidget(self.estimate_label)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start training"))
        self.start_button.setDefault(True)
        bf = self.start_button.font()
        bf.setBold(True)
        self.start_button.setFont(bf)
        self.start_button.setMinimumHeight(32)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setMinimumHeight(32)
        self.stop_button.setToolTip(self.tr("Finish the current batch and keep the weights trained so far"))
        buttons.addWidget(self.start_button, 2)
        buttons.addWidget(self.stop_button, 1)
        v.addLayout(buttons)
        self._settings_widgets = [self.preset_combo, self.arch_combo, self.epochs_spin, self.batch_spin,
                                  self.lr_spin, self.schedule_combo, self.val_spin, self.augment_check,
                                  self.seed_spin, self.digits_spin]
        self.apply_preset(PRESETS[0])


    def config(self) -> TrainConfig:
        """The run the form describes (always valid: the widgets only hold valid values)."""
        seed = self.seed_spin.value()
        return TrainConfig(
            arch=self.arch_combo.currentData(),
            epochs=self.epochs_spin.value(),
            batch_size=self.batch_spin.value(),
            learning_rate=float(self.lr_spin.value()),
            augment=self.augment_check.isChecked(),
            lr_schedule=self.schedule_combo.currentData(),
            validation_split=self.val_spin.value() / 100.0,
            seed=None if seed < 0 else seed,
        )

    def training_digits(self) -> int:
        n = self.digits_spin.value()
        return min(n, self.num_train) if self.num_train is not None else n

    def set_data_size(self, num_train: int) -> None:
        """A data set of ``num_train`` training digits is there: cap the digits box at it (and
        keep "all of them" selected if it was)."""
        self.num_train = num_train
        was_all = self.digits_spin.value() >= self.digits_spin.maximum()
        with QSignalBlocker(self.digits_spin):
            self.digits_spin.setMaximum(max(10, num_train))
            if was_all:
                self.digits_spin.setValue(self.digits_spin.maximum())
        self.digits_of.setText(self.tr("of %1").replace("%1", number(num_train)))
        self._update_estimate()

    def set_editable(self, editable: bool) -> None:
        """Freeze the settings while a run uses them."""
        for w in self._settings_widgets:
            w.setEnabled(editable)

    def set_config(self, config: TrainConfig, digits: int | None = None) -> None:
        """Fill the form (used by presets, restored settings and scripts)."""
        self._applying = True
        try:
            i = self.arch_combo.findData(config.arch)
            if i >= 0:
                self.arch_combo.setCurrentIndex(i)
            self._show_description()
            self.epochs_spin.setValue(config.epochs)
            self.batch_spin.setValue(config.batch_size)
            self.lr_spin.setValue(config.learning_rate)
            j = self.schedule_combo.findData(config.lr_schedule)
            self.schedule_combo.setCurrentIndex(max(j, 0))
            self.val_spin.setValue(int(round(config.validation_split * 100)))
            self.augment_check.setChecked(config.augment)
            self.seed_spin.setValue(-1 if config.seed is None else int(config.seed))
            if digits is not None:
                self.digits_spin.setValue(digits)
        finally:
            self._applying = False
        self._mark_custom()  # a preset re-selects itself after filling the form
        self._update_estimate()

    def apply_preset(self, preset: Preset) -> None:
        digits = preset.digits if preset.digits is not None else self.digits_spin.maximum()
        cfg = TrainConfig.for_arch(preset.arch, seed=self.config().seed, **preset.overrides)
        self.set_config(cfg, digits)
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(preset.key))

    @Slot(int)
    def _on_preset_activated(self, index: int) -> None:
        key = self.preset_combo.itemData(index)
        for p in PRESETS:
            if p.key == key:
                self.apply_preset(p)
                return

    @Slot(int)
    def _on_arch_changed(self, _index: int) -> None:
        self._show_description()
        if self._applying:
            return
        # the architecture's own defaults; seed and digits stay as they are
        cur = self.config()
        self.set_config(TrainConfig.for_arch(cur.arch, seed=cur.seed))
        self._mark_custom()

    def _show_description(self) -> None:
        name = self.arch_combo.currentData()
        if name:
            a = models.get_architecture(name)
            self.arch_description.setText(arch_description(a))

    @Slot()
    def _on_setting_edited(self, *_args: Any) -> None:
        if not self._applying:
            self._mark_custom()
        self._update_estimate()

    def _mark_custom(self) -> None:
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData("custom"))

    def _update_estimate(self) -> None:
        if not hasattr(self, "estimate_label"):
            return
        cfg = self.config()
        n = self.training_digits()
        n_train = n - int(round(n * cfg.validation_split)) if cfg.validation_split else n
        steps = math.ceil(max(n_train, 1) / cfg.batch_size)
        self.estimate_label.setText(
            self.tr("%1 × %2 batches of %3 on %4 digits").replace("%1", str(cfg.epochs)).replace("%2", number(steps))
            .replace("%3", str(cfg.batch_size)).replace("%4", number(n_train))
            + (self.tr(", validating on %1").replace("%1", number(n - n_train)) if n_train != n else ""))

    def restore_settings(self) -> None:
        s = app_settings()
        s.beginGroup("train")
        try:
            arch = s.value("arch")
            if not arch or arch not in models.ARCHITECTURES:
                return
            defaults = TrainConfig.for_arch(arch)

            def num(key: str, cast: Callable[[Any], Any], fallback: Any) -> Any:
                try:
                    return cast(s.value(key, fallback))
                except (TypeError, ValueError):
                    return fallback

            seed = num("seed", int, 1)
            cfg = TrainConfig(
                arch=arch,
                epochs=num("epochs", int, defaults.epochs),
                batch_size=num("batch_size", int, defaults.batch_size),
                learning_rate=num("learning_rate", float, defaults.learning_rate),
                augment=str(s.value("augment", defaults.augment)).lower() in ("true", "1"),
                lr_schedule=str(s.value("lr_schedule", defaults.lr_schedule)),
                validation_split=num("validation_split", float, defaults.validation_split),
                seed=None if seed < 0 else seed,
            )
            try:
                cfg.validate()
            except ValueError:
                return
            self.set_config(cfg, num("digits", int, 60_000))
            preset = s.value("preset", "custom")
            with QSignalBlocker(self.preset_combo):
                i = self.preset_combo.findData(preset)
                self.preset_combo.setCurrentIndex(i if i >= 0 else self.preset_combo.findData("custom"))
        finally:
            s.endGroup()

    def save_settings(self) -> None:
        """Remember the form for the next session."""
        cfg = self.config()
        s = app_settings()
        s.beginGroup("train")
        for key, value in cfg.to_dict().items():
            s.setValue(key, -1 if key == "seed" and value is None else value)
        s.setValue("digits", self.digits_spin.value())
        s.setValue("preset", self.preset_combo.currentData())
        s.endGroup()
