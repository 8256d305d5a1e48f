"""The Help menu's windows: the guide (F1) and the keyboard shortcuts, read from the window's own keys.

The shortcuts table is not written by hand: :func:`shortcut_rows` walks the window's QActions and
QShortcuts (a QShortcut says what it does with ``setWhatsThis``) and adds the keys Qt's tab widget
handles itself, so a new shortcut is listed the day it is added. Every user-facing string goes
through ``self.tr`` (contexts ``GuideWindow`` and ``ShortcutsWindow``) or ``QT_TRANSLATE_NOOP``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QTableWidget,
                               QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from mnist_gui import APP_NAME

NATIVE = QKeySequence.SequenceFormat.NativeText

# Keys QTabWidget handles in its own keyPressEvent (no QAction or QShortcut to find).
BUILT_IN_KEYS: list[tuple[str, str]] = [
    ("Ctrl+Tab", QT_TRANSLATE_NOOP("ShortcutsWindow", "Next tab")),
    ("Ctrl+Shift+Tab", QT_TRANSLATE_NOOP("ShortcutsWindow", "Previous tab")),
]


def plain_text(label: str) -> str:
    """A menu or button label without its mnemonic ``&`` and its trailing ellipsis."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("\u2026").rstrip(".").strip()


@dataclass
class ShortcutRow:
    """Keys that do one thing in one place (``where`` is a tab's name, or "Anywhere")."""

    what: str
    where: str
    keys: list[str] = field(default_factory=list)  # each sequence as the user's platform writes it

    def keys_text(self) -> str:
        """The keys for reading: "0\u20139" for the ten digit keys, else comma-separated."""
        if len(self.keys) >= 3 and all(len(k) == 1 and k.isdigit() for k in self.keys):
            ds = sorted(int(k) for k in self.keys)
            if ds == list(range(ds[0], ds[-1] + 1)):
                return f"{ds[0]}\u2013{ds[-1]}"
        return ", ".join(self.keys)


def _tab_index(widget: QWidget | None, tabs: QTabWidget) -> int:
    """The index of the tab page holding ``widget``; -1: not in a tab (the whole window)."""
    while widget is not None:
        i = tabs.indexOf(widget)
        if i >= 0:
            return i
        widget = widget.parentWidget()
    return -1


def shortcut_rows(root: QWidget, tabs: QTabWidget) -> list[ShortcutRow]:
    """Every shortcut under ``root`` (QActions and QShortcuts), with Qt's tab keys, grouped by
    what they do and where; window-wide ones first, then tab by tab in the tabs' order."""
    anywhere = QCoreApplication.translate("ShortcutsWindow", "Anywhere")
    groups: dict[tuple[int, str], ShortcutRow] = {}

    def add(index: int, what: str, seqs: list[QKeySequence]) -> None:
        where = anywhere if index < 0 else plain_text(tabs.tabText(index))
        row = groups.setdefault((index, what), ShortcutRow(what, where))
        for s in seqs:
            text = s.toString(NATIVE)
            if text and text not in row.keys:
                row.keys.append(text)

    def owner(o: QObject) -> QWidget | None:
        p = o.parent()
        return p if isinstance(p, QWidget) else None

    for a in root.findChildren(QAction):
        seqs = [s for s in a.shortcuts() if not s.isEmpty()]
        if seqs:
            add(_tab_index(owner(a), tabs), a.whatsThis() or plain_text(a.text()), seqs)
    for sc in root.findChildren(QShortcut):
        # a QShortcut made from a StandardKey also binds the platform's alternatives (Alt+Backspace,
        # the Undo key): its primary key is the one to read, as a menu shows an action's
        if not sc.key().isEmpty():
            add(_tab_index(owner(sc), tabs), sc.whatsThis(), [sc.key()])
    for key, what in BUILT_IN_KEYS:
        add(-1, QCoreApplication.translate("ShortcutsWindow", what), [QKeySequence(key)])
    return [groups[k] for k in sorted(groups, key=lambda k: k[0])]  # stable: creation order within a place


class ShortcutsWindow(QDialog):
    """Help > Keyboard shortcuts: a table of :func:`shortcut_rows`, rebuilt each time it is shown."""

    def __init__(self, root: QWidget, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root, self.tabs = root, tabs
        self.rows: list[ShortcutRow] = []
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setSizeGripEnabled(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Does"), self.tr("Where")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the shortcuts again and size the window so that the whole table shows."""
        self.rows = shortcut_rows(self.root, self.tabs)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, text in enumerate((row.keys_text(), row.what, row.where)):
                item = QTableWidgetItem(text)
                if c == 0:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        for c in range(2):  # a little air between the columns
            self.table.setColumnWidth(c, self.table.columnWidth(c) + 16)
        width = sum(self.table.columnWidth(c) for c in range(3)) + 16 + 2 * self.table.frameWidth()
        height = (self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
                  + sum(self.table.rowHeight(r) for r in range(len(self.rows))))
        self.table.setMinimumWidth(width)
        self.table.setMinimumHeight(min(height, 520))
        self.adjustSize()

    def text(self) -> str:
        """The table as plain text, a row a line (for tests and for copying)."""
        return "\n".join("\t".join(self.table.item(r, c).text() for c in range(3))
                         for r in range(self.table.rowCount()))

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)


class GuideWindow(QDialog):
    """Help > Guide (F1): a short, non-modal guide to the tabs, to writing a digit that reads
    well, and to the confidence; its tab sections follow the window's real tabs.

    Signals:
        shortcutsRequested(): the "Keyboard shortcuts" button was pressed.
    """

    shortcutsRequested = Signal()

    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.setWindowTitle(self.tr("Guide \u2014 {app}").format(app=APP_NAME))
        self.setSizeGripEnabled(True)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.document().setDocumentMargin(12)
        self.browser.document().setDefaultStyleSheet(
            "h2 { margin-bottom: 4px; } h3 { margin-top: 14px; margin-bottom: 2px; }"
            " h4 { margin-top: 10px; margin-bottom: 0px; } p, li { margin-top: 3px; margin-bottom: 3px; }")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.shortcuts_button = buttons.addButton(self.tr("Keyboard shortcuts\u2026"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.shortcuts_button.clicked.connect(self.shortcutsRequested)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.refresh()
        self.resize(660, 620)

    def refresh(self) -> None:
        self.browser.setHtml(self.html())

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)

    def text(self) -> str:
        return self.browser.toPlainText()

    # ------------------------------------------------------------------ the text
    def html(self) -> str:
        # the headings are translated outside the f-strings: lupdate does not look inside them
        guide, tabs_h = self.tr("Guide"), self.tr("The tabs")
        writing, confidence, keys = self.tr("Writing a digit that reads well"), self.tr("What the confidence means"), self.tr("Keys")
        parts = [f"<h2>{html.escape(guide)}</h2>", self._intro()]
        parts.append(f"<h3>{html.escape(tabs_h)}</h3>")
        sections = self._tab_sections()
        for i in range(self.tabs.count()):
            name = html.escape(plain_text(self.tabs.tabText(i)))
            parts.append(f"<h4>{name}</h4>{sections.get(type(self.tabs.widget(i)).__name__, '')}")
        parts.append(f"<h3>{html.escape(writing)}</h3>")
        parts.append(self._writing())
        parts.append(f"<h3>{html.escape(confidence)}</h3>")
        parts.append(self._confidence())
        parts.append(f"<h3>{html.escape(keys)}</h3>")
        parts.append(self._keys())
        return "\n".join(parts)

    def _intro(self) -> str:
        return self.tr(
            "<p>Draw a digit and a convolutional network trained on MNIST reads it as you draw. You can "
            "also browse the MNIST digits, train your own network, see where a network goes wrong, and "
            "teach it your handwriting. Each tab below does one of these; the status bar shows the model "
            "in use and the MNIST data.</p>")

    def _tab_sections(self) -> dict[str, str]:
        """One short section per tab, keyed by the tab's class (the names come from the tabs)."""
        return {
            "DrawTab": self.tr(
                "<p>Draw one digit on the square with the mouse or a pen: the prediction updates while you "
                "draw. On the right: the digit read, how sure the network is, a bar for each of the ten "
                "digits, and <b>What the network sees</b> (the 28\u00d728 picture it gets). <b>Clear</b>, "
                "<b>Undo</b> and <b>Redo</b> work stroke by stroke; <b>Open image\u2026</b> reads a photo or "
                "scan of a digit, and you can also drop or paste one.</p>"
                "<p><b>Why? Show the evidence</b> colours the pixels that push toward the prediction (red) "
                "or the runner-up (blue); click a probability bar to see the evidence for that digit. "
                "<b>Feature maps\u2026</b> shows what each convolution layer responds to.</p>"
                "<p>Under the canvas, <i>Teach it your handwriting</i>: if the reading is wrong, press the "
                "right digit (0\u20139); if it is right, press <b>Correct \u2713</b>. The digit is kept in My "
                "digits and the canvas is cleared for the next one. <b>Adapt\u2026</b> goes to My digits "
                "and adapts the model to the digits kept.</p>"),
            "DatasetTab": self.tr(
                "<p>All 70,000 MNIST digits (60,000 for training, 10,000 for testing). Choose the "
                "<b>Split</b> and the <b>Label</b>, or type an <b>Index</b> and press <b>Go</b>. Click a "
                "digit to see it enlarged with its label and what the model in use reads in it; "
                "<b>Send to Draw</b> puts it on the Draw tab's canvas. Without MNIST the tab offers "
                "<b>Download MNIST</b> or <b>Choose folder\u2026</b>.</p>"),
            "TrainTab": self.tr(
                "<p>Train a network of your own. Pick a <b>Preset</b> (Quick, Tutorial, Best) or set the "
                "network, epochs, batch size, learning rate and the rest yourself, then press <b>Start "
                "training</b>: the loss and accuracy curves draw themselves as it learns. <b>Stop</b> "
                "keeps the weights trained so far. Every run is listed under <i>Runs this session</i>: "
                "select one to show its curves, two to compare them. <b>Use this model</b> makes a run's "
                "network the one every tab uses; <b>Save as\u2026</b> writes it to a file. Closing the app "
                "asks about runs never saved.</p>"),
            "ErrorsTab": self.tr(
                "<p>The model in use reads the 10,000 test digits, and the tab shows its accuracy and a "
                "confusion matrix (rows: the true digit, columns: the digit read). Click a cell, one of "
                "the most frequent confusions, or <b>All errors</b> to list those digits, most confident "
                "first or last. Click one to see it enlarged with its three likeliest digits and the "
                "evidence for the digit read against the true one; <b>Send to Draw</b> puts it on the canvas. <b>PNG\u2026</b> and <b>CSV\u2026</b> save the list.</p>"),
            "MyDigitsTab": self.tr(
                "<p>The digits you kept from the Draw tab, each with its label and what the model in "
                "use reads. Select digits to relabel them (<b>Relabel as</b> a digit) or <b>Delete</b> them "
                "(<b>Undo</b> takes the last change back); <b>Export\u2026</b> saves the collection to a file, <b>Import\u2026</b> adds one. From 10 "
                "digits on, <b>Adapt to my handwriting</b> fine-tunes a copy of the model on them, mixed "
                "with MNIST so that it does not forget, says how much better (or worse) the copy reads "
                "your digits and MNIST's, and offers to use it. <b>Use the original model</b> goes "
                "back.</p>"),
            "MapTab": self.tr(
                "<p>The 10,000 test digits laid out as the model in use sees them: digits that its last "
                "hidden layer finds alike lie close together, coloured by their true digit; misread ones "
                "are ringed in black. The map is made in the background the first time the tab is shown "
                "(<b>Stop</b> stops it, <b>Compute map</b> starts it again) and kept per model file, so it "
                "opens at once the next time. The wheel zooms, a right or middle drag pans, the pointer "
                "shows a digit's picture and reading, a click opens it beside the map with its evidence, "
                "and a left drag lists the digits in a rectangle. The digit on the Draw tab appears as a "
                "star, with its nearest test digits listed under the map. <b>Export PNG…</b> and "
                "<b>Export CSV…</b> save the map and its coordinates.</p>"),
        }

    def _writing(self) -> str:
        return self.tr(
            "<ul>"
            "<li><b>One digit at a time.</b> Everything on the canvas is read as one digit; clear it "
            "(Delete or Esc) before the next.</li>"
            "<li><b>Large, filling most of the square.</b> Big strokes keep their shape; a tiny digit "
            "drawn with a mouse comes out jagged.</li>"
            "<li><b>Where you draw it and how thick the strokes are matter little.</b> With "
            "<b>MNIST-style preparation</b> on (under the 28\u00d728 picture), the app prepares your "
            "drawing the way MNIST's digits were made: it crops to the ink, scales the digit into a "
            "20\u00d720 box, centres it by its mass in 28\u00d728, and redraws the strokes as thick, for "
            "the digit's size, as MNIST's. Turned off, the whole canvas is simply shrunk to 28\u00d728, "
            "and a small or off-centre digit reads badly. <i>What the network sees</i> shows the "
            "result either way.</li>"
            "<li><b>Write it as on paper, upright.</b> Close the loops of 0, 6, 8 and 9, and join the "
            "strokes that meet. MNIST was written by American census staff and students: a 1 as one "
            "plain stroke and a 7 without a bar read most surely; other styles usually work, and "
            "teaching it your own (My digits) helps where they do not.</li>"
            "<li><b>Pictures</b> (Open, drop, paste): one digit, dark on light or light on dark, cut "
            "roughly to the digit. Bold or thin pen strokes are brought to MNIST's thickness.</li>"
            "</ul>")

    def _confidence(self) -> str:
        return self.tr(
            "<p>\u201c97.3% sure\u201d is the probability the network gives the digit it reads; the ten "
            "bars share 100% between the digits. It is how sure the network is, not how often it is "
            "right: a network can be sure and wrong (the Errors tab lists such digits first). A low "
            "value, or two long bars, means the drawing looks like both digits: draw it again more "
            "clearly, or press the right digit to keep it in My digits.</p>")

    def _keys(self) -> str:
        key = {name: QKeySequence(k).toString(NATIVE) for name, k in (
            ("guide", "F1"), ("next", "Ctrl+PgDown"), ("previous", "Ctrl+PgUp"), ("next2", "Ctrl+Tab"),
            ("previous2", "Ctrl+Shift+Tab"))}
        return self.tr(
            "<p>{guide} opens this guide. {next} and {previous} (or {next2} and {previous2}) go to the "
            "next and the previous tab. <b>Help \u25b8 Keyboard shortcuts</b> lists every key.</p>").format(**key)
