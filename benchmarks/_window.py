"""Shared by the training benchmarks: a shown (offscreen) window holding the Train tab, with the
given MNIST data handed to it as the app's state would."""
from __future__ import annotations

import sys
from typing import Any


def train_window(data: Any) -> tuple[Any, Any, Any, Any]:
    """(QApplication, AppState, QMainWindow, TrainTab), the window shown at 1280x860."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    from mnist_gui.gui.state import AppState
    from mnist_gui.gui.train import TrainTab

    app = QApplication.instance() or QApplication(sys.argv[:1])
    state = AppState()
    win = QMainWindow()
    tab = TrainTab(state)
    win.setCentralWidget(tab)
    win.resize(1280, 860)
    win.show()
    state.data = data
    state.datasetChanged.emit()
    app.processEvents()
    return app, state, win, tab
