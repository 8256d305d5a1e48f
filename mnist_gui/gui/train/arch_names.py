"""The architectures' titles and descriptions (defined in core, which has no Qt) for the translation
tools: lupdate finds them here, and the window shows them through :func:`arch_title` and
:func:`arch_description`."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "architectures"

TEXTS = (
    QT_TRANSLATE_NOOP("architectures", 'Default (best)'),
    QT_TRANSLATE_NOOP("architectures", 'Batch-normalised VGG-style CNN with dropout, augmentation and cosine learning rate; ~99.6%.'),
    QT_TRANSLATE_NOOP("architectures", 'Robust (bundled)'),
    QT_TRANSLATE_NOOP("architectures", 'The default network with a second 128-filter stage, as trained for the bundled model (mnist-gui train --recipe bundled: MNIST plus pen digits, style augmentation).'),
    QT_TRANSLATE_NOOP("architectures", 'Tutorial (original)'),
    QT_TRANSLATE_NOOP("architectures", 'The classic Keras tutorial: Conv 64, Conv 32, Flatten, Dense 10; Adam, batch 32, 3 epochs; ~97.7%.'),
    QT_TRANSLATE_NOOP("architectures", 'Quick (LeNet-like, batch norm)'),
    QT_TRANSLATE_NOOP("architectures", 'Two 5x5 conv-BN stages of 16 and 32 filters with pooling and dropout (29 k parameters); with a one-cycle learning rate, 99.2% after three epochs in well under a minute on a CPU.'),
    QT_TRANSLATE_NOOP("architectures", 'LeNet-like, wide (batch norm)'),
    QT_TRANSLATE_NOOP("architectures", 'Two 5x5 conv-BN stages of 32 and 64 filters with pooling, a dense layer of 128 and dropout (0.45 M parameters); trained with augmentation and a one-cycle learning rate (the Best preset).'),
    QT_TRANSLATE_NOOP("architectures", 'Small (quick)'),
    QT_TRANSLATE_NOOP("architectures", 'Two small conv+pool stages: trains in about a minute on a CPU; ~98.5%.'),
)


def arch_title(arch: Any) -> str:
    return QCoreApplication.translate(CONTEXT, arch.title)


def arch_description(arch: Any) -> str:
    return QCoreApplication.translate(CONTEXT, arch.description)
