"""The one QApplication: its names (which QSettings uses too) and Qt's messages routed into logging."""
from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from mnist_gui import APP_NAME, __version__

_QT_NOISE = ("propagateSizeHints",)  # the offscreen platform's harmless complaint


def _qt_message(kind: QtMsgType, context: object, message: str) -> None:
    """Route Qt's own messages into logging (a windowed build has no stderr)."""
    if any(n in message for n in _QT_NOISE):
        return
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def keep_every_pen_move() -> None:
    """Ask Qt to deliver every mouse and tablet move instead of merging those that wait while the
    window's thread is busy (Qt's X11 backend does so by default: a 7 drawn while the model was
    still loading lost its top bar and read as a chevron). The canvas paints each move at once and
    the reading is debounced, so a backlog of moves costs little. Qt checks the attribute when it
    reads the events, so it holds for an application that exists already, too; and it must be set
    again after the QApplication is made, because the xcb platform plugin switches compression
    back on while it starts (set only before, the attribute read False here and True in the
    window: a 7 drawn at once lost 96 of its 129 moves under X11)."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents, False)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_CompressTabletEvents, False)


def make_app(argv: list[str] | None = None) -> QApplication:
    qInstallMessageHandler(_qt_message)
    keep_every_pen_move()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("mnist-gui")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("mnist-gui")
    keep_every_pen_move()  # again: the xcb plugin re-enables compression during construction
    return app  # type: ignore[return-value]


