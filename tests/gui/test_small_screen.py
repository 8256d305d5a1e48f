"""Issue 20 #5: the window could not be smaller than 1138x765, more than a 1366x768 laptop shows
with a title bar and a taskbar. Every tab is usable at 1024x640: the window gets that size, and no
button, label or field of any tab is cut (what is longer scrolls)."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QAbstractSpinBox, QComboBox, QLabel, QWidget

from mnist_gui.gui.main_window import MainWindow
from mnist_gui.session.tasks import Task
from tests.gui.digit_fakes import FakeModel, synthetic_mnist

SMALL = (1024, 640)


def _in_scroll_area(widget: QWidget, tab: QWidget) -> bool:
    p = widget.parentWidget()
    while p is not None and p is not tab:
        if isinstance(p, QAbstractScrollArea):
            return True
        p = p.parentWidget()
    return False


def _needed(widget: QWidget) -> tuple[int, int]:
    """The room a widget's text needs (its size hint where the text is rich, wrapped or absent)."""
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    rich = isinstance(widget, QLabel) and (widget.wordWrap() or "<" in text)
    if not text or rich or "\n" in text:
        hint = widget.minimumSizeHint()
        return hint.width(), hint.height()
    fm = widget.fontMetrics()
    return fm.horizontalAdvance(text.replace("&", "")) + (8 if isinstance(widget, QAbstractButton) else 0), fm.height()


def clipped_widgets(tab: QWidget) -> list[str]:
    out = []
    for w in tab.findChildren(QWidget):
        if not w.isVisible() or not isinstance(w, (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox)):
            continue
        if isinstance(w, QLabel) and w.wordWrap() and w.text() and w.height() + 1 < w.heightForWidth(w.width()):
            out.append(f"wrapped QLabel {w.text()[:40]!r}: {w.height()} px high < {w.heightForWidth(w.width())}")
            continue
        if _in_scroll_area(w, tab):
            continue  # reachable by scrolling
        need_w, need_h = _needed(w)
        if w.width() + 1 < need_w or w.height() + 1 < need_h:
            out.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}: {w.width()}x{w.height()} "
                       f"< {need_w}x{need_h}")
    return out


def test_every_tab_is_usable_at_1024x640(qtbot, tmp_path) -> None:
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.state.data = synthetic_mnist(600, 200)
    w.state.datasetChanged.emit()
    w.state.set_model(FakeModel(), label="a model")
    assert w.minimumSizeHint().width() <= SMALL[0] and w.minimumSizeHint().height() <= SMALL[1]
    w.resize(*SMALL)
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        tab = w.tabs.widget(i)
        qtbot.waitUntil(lambda: tab.isVisible())
        qtbot.waitUntil(lambda: w.size().toTuple() == SMALL)
        try:  # a label that just changed its text is laid out on the next pass of the event loop
            qtbot.waitUntil(lambda: clipped_widgets(tab) == [], timeout=5_000)
        except Exception:  # noqa: BLE001 - pytest-qt's TimeoutError: say what is cut
            assert clipped_widgets(tab) == [], w.tabs.tabText(i)
        w.grab().save(str(tmp_path / f"{i}-{w.tabs.tabText(i)}.png"))
    w.train_tab.discard_unsaved()
    Task.stop_all(10_000)


def _text_room(combo: QComboBox) -> int:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    rect = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)
    return rect.width()


def test_long_preset_and_network_names_end_with_an_ellipsis_not_cut(qtbot) -> None:
    """Issue 20 #9: at 1024x640 the Train tab's closed combo boxes cut "Quick (LeNet-like, batch
    norm)" mid-letter. Every name of every combo box there is shown whole or ends with "…" inside
    the room the style gives it, and an elided name is whole in the tooltip."""
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.resize(*SMALL)
    w.tabs.setCurrentWidget(w.train_tab)
    qtbot.waitUntil(lambda: w.train_tab.isVisible() and w.size().toTuple() == SMALL)
    combos = [c for c in w.train_tab.findChildren(QComboBox) if c.isVisible()]
    assert len(combos) >= 3
    elided = 0
    for combo in combos:
        for i in range(combo.count()):
            combo.setCurrentIndex(i)
            full = combo.currentText()
            shown = combo.shown_text() if hasattr(combo, "shown_text") else full
            assert combo.fontMetrics().horizontalAdvance(shown) <= _text_room(combo), (full, shown)
            if shown != full:
                elided += 1
                assert shown.endswith("\u2026") and full.startswith(shown[:-1].rstrip())
                assert full in combo.toolTip()
    assert elided >= 1  # the long names of this window are the case under test
    w.train_tab.discard_unsaved()
    Task.stop_all(10_000)
