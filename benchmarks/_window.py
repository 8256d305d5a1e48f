"""Shared by the window benchmarks: a shown (offscreen) window holding the Train tab, with the
given MNIST data handed to it as the app's state would; timing of the window's handlers."""
from __future__ import annotations

import functools
import sys
import time
from typing import Any, Iterable

Op = tuple[str, float, float]  # (Class.method, start, duration) in perf_counter seconds


def trace_methods(targets: Iterable[tuple[type, Iterable[str]]]) -> list[Op]:
    """Time the given methods of the given classes from now on; returns the list each call
    appends to. Wrap before the widgets are built, so that signal connections take the
    wrappers. Only to say what the window's thread was doing during the worst stalls."""
    ops: list[Op] = []

    def wrap(cls: type, name: str) -> None:
        fn = getattr(cls, name)
        label = f"{cls.__name__}.{name}"

        @functools.wraps(fn)
        def timed(self, *a, **k):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return fn(self, *a, **k)
            finally:
                ops.append((label, t, time.perf_counter() - t))

        setattr(cls, name, timed)

    for cls, names in targets:
        for name in names:
            wrap(cls, name)
    return ops


def ops_during(ops: Iterable[Op], start: float, end: float) -> str:
    """The traced calls that overlap [start, end], as "Class.method N ms, ..."."""
    inside = [f"{name} {dur * 1000:.0f} ms" for name, t, dur in ops if t < end and t + dur > start]
    return ", ".join(inside) or "none of the traced handlers"


def train_window(data: Any) -> tuple[Any, Any, Any, Any]:
    """(QApplication, AppState, QMainWindow, TrainTab), the window shown at 1280x860."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    from mnist_gui.session.state import AppState
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
