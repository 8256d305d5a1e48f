"""The Help menu (guide, keyboard shortcuts, about) and the tab-switching keys, on the real window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from mnist_gui.gui.help import plain_text
from mnist_gui.gui.main_window import MainWindow
from mnist_gui.session.tasks import Task

NATIVE = QKeySequence.SequenceFormat.NativeText
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.tabs.setCurrentIndex(0)  # the remembered tab could be Train, which pre-starts its process
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()  # window shortcuts need an active window
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    for dialog in (w._guide, w._shortcuts):
        if dialog is not None:
            dialog.close()
    Task.stop_all(10000)


def help_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if plain_text(a.text()) == "Help")


def test_the_help_menu_has_guide_keyboard_shortcuts_and_about(window) -> None:
    items = [plain_text(a.text()) for a in help_menu(window).actions() if not a.isSeparator()]
    assert items == ["Guide", "Keyboard shortcuts", "About"]
    assert window.guide_action.shortcut() == QKeySequence(Qt.Key.Key_F1)


def test_f1_opens_a_non_modal_guide_naming_every_tab_and_its_real_buttons(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window._guide is not None and window._guide.isVisible())
    guide = window._guide
    assert not guide.isModal()
    assert guide.isSizeGripEnabled()
    text = guide.text()
    tabs = window.tabs
    for i in range(tabs.count()):
        assert plain_text(tabs.tabText(i)) in text
    # every tab has its own section, found by the tab's class (a new tab without one fails here)
    assert {type(tabs.widget(i)).__name__ for i in range(tabs.count())} <= set(guide._tab_sections())
    # the guide names buttons as they really read: a renamed button fails here
    d, ds, t, e, m = (window.draw_tab, window.dataset_tab, window.train_tab, window.errors_tab,
                      window.my_digits_tab)
    for w in (d.clear_btn, d.undo_btn, d.redo_btn, d.open_btn, d.prepare_box, d.evidence_box, d.features_btn,
              d.correct_btn, d.adapt_btn, ds.go_button, ds.send_button, ds.missing_panel.download_button,
              ds.missing_panel.choose_button, t.settings.start_button, t.settings.stop_button,
              t.result_box.use_button, t.result_box.save_button, e.all_errors_button, e.export_png_button,
              e.export_csv_button, e.send_button, m.delete_btn, m.undo_btn, m.export_btn, m.import_btn,
              m.adapt_btn, m.back_btn):
        assert w.text() in text, w.text()
    assert not guide.browser.horizontalScrollBar().isVisible()
    assert window.show_guide() is guide  # asked again: the same window, raised


def test_the_shortcuts_window_lists_every_shortcut_of_the_window(qtbot, window) -> None:
    help_menu(window)  # the action is the menu's
    window.shortcuts_action.trigger()
    shortcuts = window._shortcuts
    qtbot.waitUntil(shortcuts.isVisible)
    listed = shortcuts.text()
    keys_column = [shortcuts.table.item(r, 0).text() for r in range(shortcuts.table.rowCount())]
    actions = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert {a.text() for a in actions} >= {window.open_action.text(), window.guide_action.text(),
                                           window.next_tab_action.text()}
    for a in actions:
        for seq in a.shortcuts():
            assert any(seq.toString(NATIVE) in k.split(", ") for k in keys_column), seq.toString(NATIVE)
    row_keys = [k for row in shortcuts.rows for k in row.keys]
    for sc in window.findChildren(QShortcut):
        assert sc.key().toString(NATIVE) in row_keys
    assert all(row.what and row.where for row in shortcuts.rows)
    for key in ("Ctrl+PgDown", "Ctrl+PgUp", "Ctrl+Tab", "Ctrl+Shift+Tab"):
        assert QKeySequence(key).toString(NATIVE) in listed
    assert "0\u20139" in keys_column  # the Draw tab's ten digit keys, in one row
    assert not shortcuts.table.horizontalScrollBar().isVisible()
    assert not shortcuts.table.verticalScrollBar().isVisible()


def test_a_new_shortcut_is_listed_without_touching_the_help(qtbot, window) -> None:
    window.addAction(QAction("Do something new", window, shortcut=QKeySequence("Ctrl+Alt+J")))
    shortcuts = window.show_shortcuts()
    assert "Do something new" in shortcuts.text()
    assert QKeySequence("Ctrl+Alt+J").toString(NATIVE) in shortcuts.text()


def test_the_guide_opens_the_shortcuts_window(qtbot, window) -> None:
    guide = window.show_guide()
    qtbot.mouseClick(guide.shortcuts_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window._shortcuts is not None and window._shortcuts.isVisible())


def test_ctrl_page_down_and_up_switch_tabs_and_wrap_around(qtbot, window) -> None:
    tabs = window.tabs
    last = tabs.count() - 1
    # (Dataset, Draw and My digits only: showing Train pre-starts its training process)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    assert tabs.currentIndex() == 1
    qtbot.keyClick(window, Qt.Key.Key_PageUp, CTRL)
    assert tabs.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_PageUp, CTRL)  # wraps to the last tab
    assert tabs.currentIndex() == last
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)  # and back to the first
    assert tabs.currentIndex() == 0
    # from inside a tab too, as Ctrl+Tab does
    window.draw_tab.canvas.setFocus()
    qtbot.keyClick(window.draw_tab.canvas, Qt.Key.Key_PageUp, CTRL)
    assert tabs.currentIndex() == last
    qtbot.keyClick(tabs, Qt.Key.Key_Tab, CTRL)  # Qt's own key wraps the same way
    assert tabs.currentIndex() == 0
