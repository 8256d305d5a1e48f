"""Start-up of the windowed application: logging, crash dialogs, window first, model after."""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from mnist_gui import APP_NAME, __version__
from mnist_gui.gui.qapp import make_app
from mnist_gui.paths import user_data_dir

logger = logging.getLogger(__name__)


def log_file() -> Path:
    return user_data_dir() / "logs" / "mnist-gui.log"


def setup_logging() -> Path | None:
    """Log to a rotating file in the per-user folder (and to stderr when there is one)."""
    root = logging.getLogger()
    if any(getattr(h, "_mnist_gui", False) for h in root.handlers):
        return log_file()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    path: Path | None = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
        fh.setFormatter(fmt)
        fh._mnist_gui = True  # type: ignore[attr-defined]
        root.addHandler(fh)
    except OSError:
        path = None
    if sys.stderr is not None:  # None in a windowed PyInstaller build
        sh = logging.StreamHandler(sys.stderr)
        sh.setLevel(logging.WARNING)
        sh.setFormatter(fmt)
        sh._mnist_gui = True  # type: ignore[attr-defined]
        root.addHandler(sh)
    return path


class _ErrorBridge(QObject):
    """Carries uncaught exceptions from any thread to a dialog on the GUI thread."""

    error = Signal(str, str)

    @Slot(str, str)
    def show(self, summary: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical,
                          self.tr("%1 - unexpected error").replace("%1", APP_NAME),
                          self.tr("Something went wrong: %1\n\nThe app keeps running. Details were written to "
                                  "%2.").replace("%1", summary).replace("%2", str(log_file())))
        box.setDetailedText(details)
        box.exec()


def install_excepthooks(bridge: _ErrorBridge) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        logger.error("uncaught exception:\n%s", details)
        bridge.error.emit(f"{exc_type.__name__}: {exc}", details)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Cap glibc's malloc arenas (``mallopt(M_ARENA_MAX)``), before the first thread starts.

    Every background task runs in a new QThread, and glibc gives threads their own arenas (up
    to eight per core) whose freed memory stays with the process: over a long session of model
    loads and evaluations the resident memory grows for no use. Two arenas keep it flat at no
    measurable cost here. Does nothing where the C library is not glibc.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(-8, int(arenas)))  # M_ARENA_MAX
    except (OSError, AttributeError):
        return False


def start_stale_folder_cleanup() -> threading.Thread:
    """Remove, in a background thread, the training folders a killed window left in the
    temporary folder (see :func:`mnist_gui.core.jobdata.remove_stale_folders`): the window's
    first paint does not wait for it."""
    def clean() -> None:
        try:
            from mnist_gui.core.jobdata import remove_stale_folders

            remove_stale_folders()
        except Exception:  # noqa: BLE001 - tidying up must never disturb the start
            logger.warning("could not remove stale training folders", exc_info=True)

    thread = threading.Thread(target=clean, name="stale-folders", daemon=True)
    thread.start()
    return thread


def run_app(model: str | None = None, data: str | None = None) -> int:
    """Show the window at once; load TensorFlow, the model and MNIST in the background."""
    limit_malloc_arenas()
    setup_logging()
    app = make_app()
    from mnist_gui.gui.i18n import install_language

    install_language()  # the window's language: View > Language, else the system's
    bridge = _ErrorBridge()
    bridge.error.connect(bridge.show)
    install_excepthooks(bridge)
    from mnist_gui.gui.main_window import MainWindow, app_icon, settings

    app.setWindowIcon(app_icon())
    window = MainWindow()
    window.show()
    QTimer.singleShot(0, start_stale_folder_cleanup)
    s = settings()
    model_path = model or s.value("model_path", "", str) or None
    data_path = data or s.value("data_path", "", str) or None
    if data_path and not Path(data_path).exists():
        data_path = None
    QTimer.singleShot(0, lambda: window.state.load_first_model(model_path))
    probe = os.environ.get("MNIST_GUI_STARTUP_PROBE")
    if probe:
        from mnist_gui.gui.startup_probe import install_startup_probe

        install_startup_probe(window, Path(probe))
    # The dataset (reading 70,000 digits) waits until a model can answer, so that it does not
    # compete with the model load for the first seconds.
    dataset_started: list[bool] = []

    def start_dataset(*_args: object) -> None:
        if not dataset_started:
            dataset_started.append(True)
            window.state.load_dataset(data_path)

    for signal in (window.state.fastModelReady, window.state.modelChanged, window.state.modelFailed):
        signal.connect(start_dataset)
    logger.info("%s %s started (pid %d)", APP_NAME, __version__, os.getpid())
    return app.exec()
