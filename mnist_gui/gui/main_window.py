"""The main window: one tab per capability, menus, status bar, remembered settings."""
from __future__ import annotations

import logging
import platform
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from mnist_gui import APP_NAME, __version__
from mnist_gui.gui.dataset_tab import DatasetTab
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.gui.errors import ErrorsTab
from mnist_gui.gui.help import GuideWindow, ShortcutsWindow
from mnist_gui.gui.percent import number
from mnist_gui.session.settings import app_settings, model_path_to_remember, set_language_setting
from mnist_gui.session.state import AppState
from mnist_gui.gui.train import TrainTab
from mnist_gui.session.tasks import Task
from mnist_gui.paths import resource_dir

logger = logging.getLogger(__name__)

settings = app_settings  # the one settings owner lives in the session layer


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("icon-256.png", "icon-64.png", "icon-32.png"):
        p = resource_dir() / name
        if p.exists():
            icon.addFile(str(p))
    return icon


W = TypeVar("W", bound=QWidget)

# Shown in both languages on purpose: whoever picked the wrong one can still read it.
RESTART_MESSAGE = ("The new language takes effect when the app is started again.\n"
                   "新的语言将在重新启动程序后生效。")


def _show_window(w: W) -> W:
    """Show a separate window, or bring it to the front if it is already shown."""
    w.show()
    w.raise_()
    w.activateWindow()
    return w


class MainWindow(QMainWindow):
    """Draw, Dataset, Train, Errors, My digits and Map tabs over one shared AppState."""

    def __init__(self, state: AppState | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state or AppState(self)
        self._close_state = "open"  # "waiting": hidden, background work still ending; "done"
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        from mnist_gui.gui.my_digits import MyDigitsTab
        from mnist_gui.session.my_digits import Adapter, MyDigitsStore

        self.my_digits = MyDigitsStore(parent=self)
        self.adapter = Adapter(self.state, self.my_digits, self)
        self.draw_tab = DrawTab(self.state, my_digits=self.my_digits)
        self.dataset_tab = DatasetTab(self.state)
        self.train_tab = TrainTab(self.state)
        self.errors_tab = ErrorsTab(self.state)
        self.my_digits_tab = MyDigitsTab(self.state, self.my_digits, self.adapter)
        from mnist_gui.gui.map_tab import MapTab

        self.map_tab = MapTab(self.state)
        self.tabs.addTab(self.draw_tab, self.tr("Draw"))
        self.tabs.addTab(self.dataset_tab, self.tr("Dataset"))
        self.tabs.addTab(self.train_tab, self.tr("Train"))
        self.tabs.addTab(self.errors_tab, self.tr("Errors"))
        self.tabs.addTab(self.my_digits_tab, self.tr("My digits"))
        self.tabs.addTab(self.map_tab, self.tr("Map"))
        # the drawn digit goes on the map (placed when the Map tab is shown: nothing while drawing)
        self.draw_tab.predicted.connect(lambda _probs: self.map_tab.note_drawn(self.draw_tab.last_input))
        self.draw_tab.adaptRequested.connect(self._adapt_from_draw)
        self.adapter.failed.connect(self.draw_tab.keep_label.setText)
        self.setCentralWidget(self.tabs)
        for tab in (self.dataset_tab, self.errors_tab, self.map_tab):
            tab.sendToDraw.connect(self.send_to_draw)
        self._build_menus()
        self.model_status = QLabel()
        self.data_status = QLabel()
        self.statusBar().addPermanentWidget(self.data_status)
        self.statusBar().addWidget(self.model_status, 1)
        self.state.modelChanged.connect(self._update_status)
        self.state.accuracyMeasured.connect(self._update_status)
        self.state.modelLoading.connect(lambda label: self.model_status.setText(self.tr("Loading %1\u2026").replace("%1", label)))
        self.state.modelFailed.connect(self._on_model_failed)
        self.state.datasetChanged.connect(self._update_status)
        self.state.datasetFailed.connect(lambda msg: self.data_status.setText(self.tr("MNIST not loaded")))
        self.state.datasetLoading.connect(lambda: self.data_status.setText(self.tr("Loading MNIST\u2026")))
        self._update_status()
        self.resize(1180, 760)
        self._restore_settings()

    @Slot()
    def _adapt_from_draw(self) -> None:
        self.tabs.setCurrentWidget(self.my_digits_tab)
        self.adapter.start()

    # ------------------------------------------------------------------ menus
    def _build_menus(self) -> None:
        m = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open image\u2026"), self, shortcut=QKeySequence.StandardKey.Open,
                                   triggered=self.open_image)
        self.paste_action = QAction(self.tr("&Paste image"), self, triggered=self._paste)
        self.load_model_action = QAction(self.tr("&Load model\u2026"), self, shortcut=QKeySequence("Ctrl+L"),
                                         triggered=self.load_model_dialog)
        self.bundled_action = QAction(self.tr("Use the &bundled model"), self, triggered=lambda: self.state.load_model(None))
        self.data_action = QAction(self.tr("Choose &MNIST folder\u2026"), self, triggered=self.choose_data_folder)
        self.quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        for a in (self.open_action, self.paste_action, None, self.load_model_action, self.bundled_action, None,
                  self.data_action, None, self.quit_action):
            m.addSeparator() if a is None else m.addAction(a)
        self._build_language_menu()
        h = self.menuBar().addMenu(self.tr("&Help"))
        self.guide_action = QAction(self.tr("&Guide"), self, shortcut=QKeySequence(Qt.Key.Key_F1),
                                    triggered=self.show_guide)
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self, triggered=self.show_shortcuts)
        self.about_action = QAction(self.tr("&About"), self, triggered=self.about)
        for a in (self.guide_action, self.shortcuts_action, None, self.about_action):
            h.addSeparator() if a is None else h.addAction(a)
        # Ctrl+PageDown/PageUp switch tabs as QTabWidget's own Ctrl+Tab/Ctrl+Shift+Tab do; actions of
        # the window (in no menu) so that they work wherever the focus is and the shortcuts list shows them
        self.next_tab_action = QAction(self.tr("Next tab"), self, shortcut=QKeySequence("Ctrl+PgDown"),
                                       triggered=lambda: self.step_tab(1))
        self.previous_tab_action = QAction(self.tr("Previous tab"), self, shortcut=QKeySequence("Ctrl+PgUp"),
                                           triggered=lambda: self.step_tab(-1))
        self.addActions([self.next_tab_action, self.previous_tab_action])
        self._guide: GuideWindow | None = None
        self._shortcuts: ShortcutsWindow | None = None

    def _build_language_menu(self) -> None:
        """View > Language: English / 简体中文, remembered; it takes effect at the next start."""
        from mnist_gui.gui.i18n import LANGUAGE_NAMES, chosen_language

        view = self.menuBar().addMenu(self.tr("&View"))
        lang_menu = view.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        current = chosen_language()
        for code, name in LANGUAGE_NAMES.items():
            a = QAction(name, self, checkable=True, checked=(code == current))
            a.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            self.language_group.addAction(a)
            lang_menu.addAction(a)
            self.language_actions[code] = a

    def choose_language(self, language: str, ask: bool = True) -> None:
        """Remember ``language`` for the next start and say so, in both languages."""
        from mnist_gui.gui.i18n import chosen_language

        before = chosen_language()
        set_language_setting(language)
        self.language_actions[language].setChecked(True)
        if ask and language != before:
            QMessageBox.information(self, self.tr("Language"), RESTART_MESSAGE)

    def step_tab(self, step: int) -> None:
        """Show the next (1) or previous (-1) enabled tab, wrapping around as Ctrl+Tab does."""
        n = self.tabs.count()
        i = self.tabs.currentIndex()
        for _ in range(n):
            i = (i + step) % n
            if self.tabs.isTabEnabled(i):
                self.tabs.setCurrentIndex(i)
                return

    @Slot()
    def show_guide(self) -> GuideWindow:
        """Help > Guide (F1): the guide, non-modal, one window however often it is asked for."""
        if self._guide is None:
            self._guide = GuideWindow(self.tabs, self)
            self._guide.shortcutsRequested.connect(self.show_shortcuts)
        return _show_window(self._guide)

    @Slot()
    def show_shortcuts(self) -> ShortcutsWindow:
        """Help > Keyboard shortcuts: every shortcut of this window, read from its actions."""
        if self._shortcuts is None:
            self._shortcuts = ShortcutsWindow(self, self.tabs, self)
        return _show_window(self._shortcuts)

    @Slot()
    def open_image(self) -> None:
        path = self.draw_tab.pictures.ask_path()  # the same dialog, and folder, as the tab's button
        if path:
            self.tabs.setCurrentWidget(self.draw_tab)
            self.draw_tab.open_image(path)

    def _paste(self) -> None:
        self.tabs.setCurrentWidget(self.draw_tab)
        self.draw_tab.paste()

    @Slot()
    def load_model_dialog(self) -> None:
        start = settings().value("last_model_dir", "", str)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load a model"), start,
                                              self.tr("Keras models (*.keras);;All files (*)"))
        if path:
            self.load_model(path)

    def load_model(self, path: str) -> None:
        settings().setValue("last_model_dir", str(Path(path).parent))
        self.state.load_model(path)

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self._update_status()
        QMessageBox.warning(self, self.tr("Cannot load the model"),
                            self.tr("%1\n\nThe model in use stays active: %2.").replace("%1", message)
                            .replace("%2", self.state.display_label() or self.tr("none")))

    @Slot()
    def choose_data_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder with the MNIST files"))
        if path:
            self.state.load_dataset(path)

    @Slot(object)
    def send_to_draw(self, arr: object) -> None:
        self.tabs.setCurrentWidget(self.draw_tab)
        self.draw_tab.show_array(arr)

    def about(self) -> None:
        import matplotlib
        import numpy
        from PySide6 import __version__ as pyside_version

        try:
            import keras

            keras_v = keras.__version__
        except Exception:  # noqa: BLE001
            keras_v = self.tr("not loaded")
        QMessageBox.about(
            self,
            self.tr("About %1").replace("%1", APP_NAME),
            f"<h3>{APP_NAME} {__version__}</h3><p>"
            + self.tr("Draw digits and see what a convolutional network thinks; train your own network and "
                      "walk through the digits it gets wrong.")
            + f"</p><p>Python {platform.python_version()} &bull; Qt for Python {pyside_version} &bull; Keras {keras_v} "
            f"&bull; NumPy {numpy.__version__} &bull; matplotlib {matplotlib.__version__}</p><p>"
            + self.tr("<b>Data licences.</b> MNIST database by Y. LeCun, C. Cortes and C. J. C. Burges, CC BY-SA 3.0. "
                      "Pen-Based Recognition of Handwritten Digits, E. Alpaydin and F. Alimoglu, UCI Machine Learning "
                      "Repository, CC BY 4.0 (sample drawings).") + "</p>",
        )

    # ------------------------------------------------------------------ status
    @Slot()
    def _update_status(self) -> None:
        self.model_status.setText(self.tr("Model: %1").replace("%1", self.state.model_summary())
                                  if self.state.model is not None else self.tr("Loading the model\u2026"))
        if self.state.data is not None:
            d = self.state.data
            self.data_status.setText(self.tr("MNIST: %1 train + %2 test digits")
                                     .replace("%1", number(len(d.y_train))).replace("%2", number(len(d.y_test))))
        elif not self.data_status.text():
            self.data_status.setText(self.tr("MNIST not loaded"))

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        s = settings()
        geo = s.value("geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        idx = s.value("tab", 0, int)
        if 0 <= idx < self.tabs.count():
            self.tabs.setCurrentIndex(idx)
        self.draw_tab.restore_settings(s)

    def save_settings(self) -> None:
        s = settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("tab", self.tabs.currentIndex())
        self.draw_tab.save_settings(s)
        path = self.train_tab.saved_copy_of(self.state.model_path) or self.state.model_path
        discarded = path in self.train_tab.discarded  # the user said so when closing
        remembered = None if discarded else model_path_to_remember(path, self.state.model_label)
        if remembered:
            s.setValue("model_path", remembered)
        else:
            s.remove("model_path")
        if self.state.data_path:
            s.setValue("data_path", self.state.data_path)
        s.sync()

    CLOSE_WAIT_MS = 10000  # how long close waits for background work before hiding to let it end

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._close_state == "done":
            event.accept()
            return
        if self._close_state == "waiting":  # already closing: the stragglers are being waited for
            event.ignore()
            return
        if not self.train_tab.confirm_close(self):
            event.ignore()
            return
        if not self.train_tab.confirm_unsaved(self, self.state.model_path):
            event.ignore()
            return
        self.save_settings()
        self.train_tab.shutdown(self.CLOSE_WAIT_MS)
        if Task.stop_all(self.CLOSE_WAIT_MS):
            self._close_state = "done"
            event.accept()
            return
        # Something still runs (a stalled download, a slow evaluation step). A QThread destroyed
        # while running aborts the process, so the window goes away now and the application ends
        # when the last background task has ended, never before.
        logger.warning("background work still running at close: %s; waiting for it",
                       ", ".join(t.name for t in Task.running()))
        self._close_state = "waiting"
        event.ignore()
        self.hide()
        self._finish_close_when_idle()

    def _finish_close_when_idle(self) -> None:
        if Task.running():
            for t in Task.running():
                t.cancel()
            QTimer.singleShot(100, self._finish_close_when_idle)
            return
        self.train_tab.shutdown(1000)
        self._close_state = "done"
        self.close()
