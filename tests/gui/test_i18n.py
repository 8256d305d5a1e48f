"""The Chinese interface: the committed translation is complete and built, every visible text of the
window and its dialogs is Chinese under zh_CN, and View > Language is remembered."""
from __future__ import annotations

import html
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QLineEdit, QMenu,
                               QMessageBox, QTableWidget, QTabWidget, QTreeWidget, QWidget)

from mnist_gui.paths import resource_dir

ROOT = Path(__file__).resolve().parents[2]
TS = resource_dir() / "i18n" / "mnist_gui_zh_CN.ts"
QM = resource_dir() / "i18n" / "mnist_gui_zh_CN.qm"


def _tool_module():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def _messages(ts: Path) -> set[tuple[str, str]]:
    text = ts.read_text(encoding="utf-8")
    found = set()
    for ctx in re.finditer(r"<context>\s*<name>(.*?)</name>(.*?)</context>", text, re.S):
        for m in re.finditer(r"<source>(.*?)</source>", ctx.group(2), re.S):
            found.add((ctx.group(1), html.unescape(m.group(1))))
    return found


# ---------------------------------------------------------------------------- the files
def test_the_committed_qm_is_built_from_the_committed_ts(tmp_path: Path) -> None:
    tools = _tool_module()
    out = tmp_path / "rebuilt.qm"
    tools.lrelease(TS, out)
    assert out.read_bytes() == QM.read_bytes(), "run tools/update_translations.py and commit the .qm"


def test_lupdate_finds_no_message_missing_from_the_ts(tmp_path: Path) -> None:
    tools = _tool_module()
    probe = tmp_path / TS.name
    shutil.copyfile(TS, probe)
    report = tools.lupdate(probe)
    assert "0 new" in report, report
    assert tools.unfinished(probe) == []
    assert tools.unfinished(TS) == []
    assert _messages(probe) == _messages(TS)
    assert len(_messages(TS)) > 150


def test_the_architectures_and_presets_have_their_texts_in_the_ts() -> None:
    from mnist_gui.core import models
    from mnist_gui.gui.train.settings import CUSTOM, PRESETS, SCHEDULES

    have = _messages(TS)
    for name in models.architecture_names():
        a = models.get_architecture(name)
        assert ("architectures", a.title) in have and ("architectures", a.description) in have, name
    for p in PRESETS:
        assert ("Presets", p.title) in have and ("Presets", p.tooltip) in have
    assert all(("Presets", t) in have for _k, t in SCHEDULES) and ("Presets", CUSTOM) in have


# ---------------------------------------------------------------------------- the window
# Names, units and codes that stay as they are in Chinese text.
ALLOWED = re.compile(
    r"MNIST Digit Studio|Qt for Python|(?:train|t10k)-(?:images|labels)-idx\d-ubyte|CPU|"
    r"MNIST(?:_DIR)?|Keras|TensorFlow|NumPy|Python|Qt|PySide6|matplotlib|Adam|LeNet|VGG|CNN|Conv|Dense|Flatten|"
    r"dropout|BN|PNG|CSV|IDX|SHA-256|MB|MP|UCI|CC BY(?:-SA)?|LeCun|Cortes|Burges|Alpaydin|Alimoglu|"
    r"Pen-Based Recognition of Handwritten Digits|Machine Learning Repository|Y\.|C\.|J\.|E\.|F\.|"
    r"Ctrl|Shift|Alt|Meta|Esc|Delete|Del|Enter|Return|Tab|PgDown|PgUp|Page ?Down|Page ?Up|Backspace|F\d+|"
    r"English|ubyte|idx\d|t10k|gz|npz|keras|json|png|csv|mnist-gui|benchmarks/time_to_accuracy\.py|"
    r"MNIST Digit Studio|integrated gradients|recipe|bundled|train|x\d+|[a-z]+\.(?:py|json|keras|npz|png)|%p")


def english_left(text: str) -> list[str]:
    """The English words of ``text`` once its names, keys, numbers and markup are taken out."""
    t = re.sub(r"<[^>]+>", " ", text)
    t = html.unescape(t)
    t = re.sub(r"\{\w*\}|%\d|%n", " ", t)  # an untranslated placeholder would show as itself
    t = re.sub(r"(?:[\w.-]*/)+[\w.-]+", " ", t)  # paths
    t = ALLOWED.sub(" ", t)
    return re.findall(r"[A-Za-z]{2,}", t)


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person can see or hover in ``root`` and its children."""
    out: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if text and text.strip():
            out.append((where, text))

    widgets = [root] + root.findChildren(QWidget)
    for w in widgets:
        name = f"{type(w).__name__}({w.objectName()})"
        add(f"{name}.toolTip", w.toolTip())
        if isinstance(w, QLabel):
            add(name, w.text())
        elif isinstance(w, QAbstractButton):
            add(name, w.text())
        elif isinstance(w, QGroupBox):
            add(name, w.title())
        elif isinstance(w, QLineEdit):
            add(f"{name}.placeholder", w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(f"{name}[{i}]", w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(f"{name}.tab[{i}]", w.tabText(i))
                add(f"{name}.tabToolTip[{i}]", w.tabToolTip(i))
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                item = w.horizontalHeaderItem(c)
                add(f"{name}.header[{c}]", item.text() if item else "")
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    item = w.item(r, c)
                    add(f"{name}[{r},{c}]", item.text() if item else "")
        elif isinstance(w, QTreeWidget):
            head = w.headerItem()
            for c in range(w.columnCount()):
                add(f"{name}.header[{c}]", head.text(c))
        elif isinstance(w, QMenu):
            add(f"{name}.title", w.title())
        for a in w.actions():
            add(f"{name}.action", a.text())
            add(f"{name}.action.toolTip", a.toolTip() if a.toolTip() != a.text().replace("&", "") else "")
            if a.menu() is not None:
                add(f"{name}.submenu", a.menu().title())
                for sub in a.menu().actions():
                    add(f"{name}.submenu.action", sub.text())
    return out


@pytest.fixture
def chinese(qapp):
    from mnist_gui.gui.i18n import install_language, remove_language

    assert install_language("zh_CN") == "zh_CN"
    yield
    remove_language()


def untranslated(texts: list[tuple[str, str]]) -> list[str]:
    language_names = {"English", "简体中文"}
    return [f"{where}: {text!r} -> {english_left(text)}" for where, text in texts
            if text not in language_names and english_left(text)]


def test_every_visible_text_of_the_window_is_chinese(chinese, qtbot, monkeypatch) -> None:
    from mnist_gui.gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.train_tab._prestarted = True  # the training process is not needed to read the tab's texts
    w.show()
    texts: list[tuple[str, str]] = []
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        texts += visible_texts(w)
    for menu in w.menuBar().findChildren(QMenu):
        texts.append(("menu", menu.title()))
        texts += [("menu action", a.text()) for a in menu.actions()]
    texts += [("window action", a.text()) for a in w.actions()]
    # the dialogs of the Help menu, and the About box's text
    texts += visible_texts(w.show_guide())
    texts.append(("guide", w._guide.text()))
    texts += visible_texts(w.show_shortcuts())
    about: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda _parent, title, text: about.extend([title, text])))
    w.about()
    texts += [("about", t) for t in about]
    w.draw_tab.show_feature_maps()
    texts += visible_texts(w.draw_tab.feature_panel)
    w.draw_tab.feature_panel.close()
    bad = untranslated(texts)
    assert len(texts) > 200
    assert bad == [], "\n".join(bad)
    # Qt's own texts come from qtbase_zh_CN.qm (the guide's Close button)
    buttons = [b.text() for b in w._guide.findChildren(QAbstractButton)]
    assert "关闭" in buttons or any("关闭" in b for b in buttons), buttons
    for d in (w._guide, w._shortcuts):
        d.close()
    w.close()


def test_the_unsaved_runs_question_is_chinese(chinese, qapp) -> None:
    from mnist_gui.gui.train.unsaved import unsaved_box

    box = unsaved_box(None, [], None)
    texts = [("box", box.windowTitle()), ("box", box.text()), ("box", box.informativeText())]
    texts += [("button", b.text()) for b in box.buttons()]
    assert untranslated(texts) == []
    box.deleteLater()


def test_numbers_and_percentages_follow_the_interface_locale(chinese) -> None:
    from mnist_gui.gui.percent import number, percent

    assert percent(0.9876) == "98.7%" and number(60000) == "60,000"


def test_english_words_are_caught() -> None:
    assert english_left("Draw a digit") == ["Draw", "digit"]
    assert english_left("MNIST：训练集 60,000 + 测试集 10,000 个数字") == []
    assert english_left("撤销上一笔（Ctrl+Z）") == []


# ---------------------------------------------------------------------------- the choice
def test_the_language_follows_the_system_until_one_is_chosen(qapp, monkeypatch) -> None:
    from mnist_gui.gui.i18n import chosen_language
    from mnist_gui.session.settings import language_setting, set_language_setting

    set_language_setting(None)
    monkeypatch.setenv("MNIST_GUI_LANG", "zh_CN")  # as QLocale.system() would say on a Chinese desktop
    assert language_setting() is None and chosen_language() == "zh_CN"
    set_language_setting("en")
    assert chosen_language() == "en"
    set_language_setting(None)


def test_choosing_a_language_in_the_view_menu_is_remembered(qapp, qtbot, monkeypatch) -> None:
    from mnist_gui.gui.main_window import RESTART_MESSAGE, MainWindow
    from mnist_gui.session.settings import language_setting, set_language_setting

    monkeypatch.setenv("MNIST_GUI_LANG", "en")
    set_language_setting(None)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, _t, text, *a: shown.append(text)))
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.language_actions["en"].isChecked()
    w.language_actions["zh_CN"].trigger()
    assert language_setting() == "zh_CN"
    assert shown == [RESTART_MESSAGE] and "重新启动" in RESTART_MESSAGE and "started again" in RESTART_MESSAGE
    w.close()
    again = MainWindow()  # the next start
    qtbot.addWidget(again)
    assert again.language_actions["zh_CN"].isChecked() and not again.language_actions["en"].isChecked()
    again.close()
    set_language_setting(None)


def test_the_bundle_carries_the_translations() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec  # resources/i18n travels with resources/
    assert QM.exists() and QM.stat().st_size > 1000


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig to ask")
def test_a_cjk_font_is_known_to_fontconfig_or_the_readme_says_which_to_install() -> None:
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert out.strip() or "fonts-noto-cjk" in readme
    assert "fonts-noto-cjk" in readme, sys.platform
