"""For benchmarks/startup.py: notes when the window is first painted, answers a drawn digit, and is ready."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

class _FirstPaint(QObject):
    """Calls ``callback`` once, when the watched widget is first painted."""

    def __init__(self, callback: Any, parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            QTimer.singleShot(0, callback)  # after this paint has been done
        return False


def install_startup_probe(window: Any, path: Path) -> None:
    """For benchmarks/startup.py: note when the window is first painted, when a drawn digit first
    gets probabilities (from the fast NumPy path or the Keras model, whichever is first), and when
    the Keras model is ready; then quit."""
    import time

    def note(event: str) -> None:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{event} {time.time():.4f}\n")

    window.installEventFilter(_FirstPaint(lambda: note("window_painted"), window))
    QTimer.singleShot(0, lambda: note("window_shown"))
    predicted: list[bool] = []

    def try_predict() -> None:
        if predicted:
            return
        from mnist_gui.core.samples import sample_drawings
        from mnist_gui.gui.harness import classify_strokes

        if classify_strokes(window.draw_tab, sample_drawings()[0].strokes) is not None:
            predicted.append(True)
            note("first_prediction" + ("_fast" if window.state.model is None else ""))
            window.draw_tab.canvas.clear()

    def ready() -> None:
        try_predict()
        note("model_ready")
        QTimer.singleShot(0, window.close)

    window.state.fastModelReady.connect(try_predict)
    window.state.modelChanged.connect(ready)
    window.state.modelFailed.connect(lambda msg: (note("model_failed"), window.close()))


