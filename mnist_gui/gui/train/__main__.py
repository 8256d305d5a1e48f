"""Show the Train tab alone: ``python -m mnist_gui.gui.train`` (a manual look)."""
from __future__ import annotations

import logging
import os
import sys
from typing import Any

from PySide6.QtWidgets import QMainWindow

from mnist_gui.gui.qapp import make_app

from mnist_gui.session.state import AppState
from mnist_gui.gui.train.tab import TrainTab
from mnist_gui.session.tasks import Task


def main() -> int:  # pragma: no cover - manual look
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = make_app(sys.argv)  # the window's names, so the Train tab reads the window's settings
    state = AppState()

    class Window(QMainWindow):
        def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
            if tab.confirm_close(self):
                tab.shutdown()
                state.cancel_dataset()
                Task.stop_all()
                event.accept()
            else:
                event.ignore()

    win = Window()
    tab = TrainTab(state)
    win.setCentralWidget(tab)
    win.setWindowTitle("MNIST – Train")
    win.resize(1280, 860)
    win.show()
    state.load_dataset(os.environ.get("MNIST_DIR") or None)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
