"""The Draw tab with an opened picture, and its small things: drawing over a picture is an edit of
it (Undo gives it back), the "Kept as" note, the panel's heading, remembered switches and folders,
no black bar without a prediction, and a refusal in the user's words."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mnist_gui.core.samples import sample_drawings
from mnist_gui.core.strokes import StrokeSample, rasterize
from mnist_gui.gui.canvas import qimage_to_array
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.paths import default_model_path
from mnist_gui.session.state import AppState


@pytest.fixture(scope="module")
def bundled_model():
    from mnist_gui.core import store

    return store.load_model(default_model_path())


def make_tab(qtbot, model, **kw) -> DrawTab:
    state = AppState()
    if model is not None:
        state.set_model(model, label="bundled default model")
    t = DrawTab(state, **kw)
    t.canvas.setFixedSize(320, 320)
    t.resize(1000, 560)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitExposed(t)
    return t


@pytest.fixture
def tab(qtbot, bundled_model):
    return make_tab(qtbot, bundled_model)


@pytest.fixture
def warnings_shown(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    return shown


def draw_with_mouse(qtbot, canvas, strokes):
    side = canvas.side()
    for stroke in strokes:
        pts = [QPoint(round(x * side), round(y * side)) for x, y in stroke]
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=pts[0])
        for p in pts[1:]:
            qtbot.mouseMove(canvas, p)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=pts[-1])


def write_strokes_png(path: Path, strokes, size: int = 200) -> Path:
    """A scan-like picture of ``strokes``: dark ink on white paper."""
    ink = rasterize(StrokeSample(0, "test", tuple(tuple(s) for s in strokes)), size)
    Image.fromarray(((1 - ink) * 255).astype(np.uint8)).convert("RGB").save(path)
    return path


def canvas_pixels(tab) -> np.ndarray:
    return qimage_to_array(tab.canvas.image())


FOUR = sample_drawings()[4]  # two strokes: the open angle, then the down stroke
STEM, DOWN = FOUR.strokes[0], FOUR.strokes[1]


# ---------------------------------------------------------------- (a) drawing over a picture
def test_drawing_after_opening_a_picture_keeps_the_picture(qtbot, tab, tmp_path):
    assert tab.open_image(str(write_strokes_png(tmp_path / "half-four.png", [STEM])))
    before = canvas_pixels(tab)
    picture_input = tab.last_input.copy()
    with qtbot.waitSignal(tab.predicted, timeout=3000):
        draw_with_mouse(qtbot, tab.canvas, [DOWN])
    assert tab.canvas.has_picture() and len(tab.canvas.strokes()) == 1
    after = canvas_pixels(tab)
    # the picture's ink is still on the canvas, untouched away from the new stroke ...
    s = tab.canvas.side()
    stroke_mask = rasterize(StrokeSample(0, "t", (tuple(DOWN),)), s) > 0.02
    picture_ink = (before < 128) & ~stroke_mask
    assert picture_ink.sum() > 200
    np.testing.assert_array_equal(after[picture_ink], before[picture_ink])
    # ... and the stroke went on top of it, in the picture's ink
    assert (after[stroke_mask & (before > 200)] < 128).mean() > 0.5
    # the network reads both: the 28x28 input (plain resize keeps the geometry) has ink where the
    # picture's stroke is and where the new one is
    tab.prepare_box.setChecked(False)
    both = tab.last_input
    cells = lambda mask: np.array(Image.fromarray(mask.astype(np.uint8) * 255).resize((28, 28), Image.Resampling.BOX)) > 200  # noqa: E731
    assert both[cells(picture_ink)].mean() > 0.4 and both[cells(stroke_mask)].mean() > 0.4
    tab.prepare_box.setChecked(True)
    assert not np.array_equal(tab.last_input, picture_input)
    assert int(np.argmax(tab.last_probabilities)) == 4  # half a four on paper plus the pen's half


def test_strokes_over_a_light_on_dark_picture_are_in_its_ink(qtbot, tab):
    from mnist_gui.core.preprocess import preprocess

    tab.show_array((preprocess(rasterize(sample_drawings()[1], 280)) * 255).astype(np.uint8))  # MNIST-like: white on black
    before = canvas_pixels(tab)
    assert np.median(before) < 30  # black paper all round, also outside the 28x28 picture
    draw_with_mouse(qtbot, tab.canvas, [[(0.1, 0.9), (0.4, 0.9)]])
    after = canvas_pixels(tab)
    y, x0, x1 = int(0.9 * tab.canvas.side()), int(0.15 * tab.canvas.side()), int(0.35 * tab.canvas.side())
    assert after[y, x0:x1].min() > 200  # drawn in the picture's bright ink, not black on black
    assert tab.last_input is not None and tab.canvas.has_picture()


def test_undo_after_drawing_on_a_picture_gives_back_the_picture(qtbot, tab, tmp_path):
    draw_with_mouse(qtbot, tab.canvas, sample_drawings()[1].strokes)  # a drawing first
    drawing, drawn = canvas_pixels(tab), tab.canvas.strokes()
    assert tab.open_image(str(write_strokes_png(tmp_path / "seven.png", sample_drawings()[7].strokes)))
    picture, picture_input, picture_probs = canvas_pixels(tab), tab.last_input.copy(), tab.last_probabilities.copy()
    draw_with_mouse(qtbot, tab.canvas, [DOWN, [(0.2, 0.2), (0.3, 0.25)]])
    assert not np.array_equal(canvas_pixels(tab), picture)
    tab.undo_btn.click()
    tab.undo_btn.click()
    assert tab.canvas.has_picture() and tab.canvas.strokes() == []
    np.testing.assert_array_equal(canvas_pixels(tab), picture)  # exactly the picture, not a blank canvas
    np.testing.assert_array_equal(tab.last_input, picture_input)
    np.testing.assert_array_equal(tab.last_probabilities, picture_probs)
    tab.redo_btn.click()  # the strokes come back on the picture
    assert tab.canvas.has_picture() and len(tab.canvas.strokes()) == 1
    tab.undo_btn.click()
    tab.undo_btn.click()  # opening the picture was a step too: the drawing before it is back
    assert not tab.canvas.has_picture() and tab.canvas.strokes() == drawn
    # (re-rendered in one go, where the pen painted segment by segment: the joints differ a little)
    assert np.abs(canvas_pixels(tab).astype(int) - drawing).mean() < 1
    assert int(np.argmax(tab.last_probabilities)) == 1
    tab.clear_btn.click()  # Clear empties the canvas and its history, as for a drawing
    assert not tab.canvas.has_content() and not tab.undo_btn.isEnabled()


def test_replay_on_a_blank_canvas_is_as_before(qtbot, tab):
    """The offscreen harness replays strokes on a cleared canvas: ink as before, black on white."""
    tab.canvas.replay(sample_drawings()[3].strokes)
    ink = tab.canvas.ink_array()
    assert ink.min() == 0.0 and ink.max() > 0.9 and not tab.canvas.has_picture()
    assert int(np.argmax(tab.last_probabilities)) == 3
    tab.canvas.undo()
    assert not tab.canvas.has_content() and not tab.canvas.can_undo()


# ---------------------------------------------------------------- (b) the small ones
def test_no_prediction_shows_no_black_bar(qtbot, tab):
    def dark_pixels(widget) -> int:
        a = qimage_to_array(widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8))
        return int((a < 90).sum())

    def filled_bar_pixels() -> int:
        rgba = qimage_to_array(tab.bars.grab().toImage())
        r, g, b = (rgba[..., i].astype(int) for i in range(3))
        return int(((b - r > 60) & (b > 150)).sum())  # the accent blue or the blue-grey of the others

    assert tab.last_probabilities is None
    assert dark_pixels(tab.digit_label) == 0 and tab.digit_label.text() == ""
    assert filled_bar_pixels() == 0
    tab.canvas.replay(sample_drawings()[2].strokes)
    assert dark_pixels(tab.digit_label) > 50 and filled_bar_pixels() > 50  # what the two measure
    tab.canvas.clear()
    assert dark_pixels(tab.digit_label) == 0 and filled_bar_pixels() == 0


def test_kept_as_note_clears_on_the_next_stroke(qtbot, bundled_model, tmp_path):
    from mnist_gui.session.my_digits import MyDigitsStore

    t = make_tab(qtbot, bundled_model, my_digits=MyDigitsStore(tmp_path / "my.json"))
    t.canvas.replay(FOUR.strokes)
    t.label_btns[4].click()
    assert "Kept as a 4" in t.keep_label.text()
    side = t.canvas.side()
    qtbot.mousePress(t.canvas, Qt.MouseButton.LeftButton, pos=QPoint(side // 2, side // 4))
    assert "Kept" not in t.keep_label.text()  # gone as the next digit begins
    qtbot.mouseRelease(t.canvas, Qt.MouseButton.LeftButton, pos=QPoint(side // 2, side * 3 // 4))
    t.canvas.clear()
    t.canvas.replay(FOUR.strokes)
    t.label_btns[4].click()
    assert "Kept as a 4" in t.keep_label.text()
    t.show_array(np.zeros((28, 28), np.uint8))  # any change of the canvas
    assert "Kept" not in t.keep_label.text()


def test_the_heading_follows_the_evidence_switch(qtbot, tab):
    assert tab.sees_title.text().startswith("What the network sees")
    tab.canvas.replay(sample_drawings()[5].strokes)
    with qtbot.waitSignal(tab.evidenceUpdated, timeout=10000):
        tab.evidence_box.setChecked(True)
    assert tab.sees_stack.currentWidget() is tab.explain_panel
    assert "evidence" in tab.sees_title.text().lower() and "sees" not in tab.sees_title.text()
    tab.evidence_box.setChecked(False)
    assert tab.sees_title.text().startswith("What the network sees")


def test_the_why_switch_survives_a_restart(qtbot):
    from mnist_gui.gui.main_window import MainWindow
    from mnist_gui.session.tasks import Task

    w = MainWindow()
    qtbot.addWidget(w)
    assert not w.draw_tab.evidence_box.isChecked()
    w.draw_tab.evidence_box.setChecked(True)
    w.close()
    Task.stop_all(10000)
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.draw_tab.evidence_box.isChecked()
    assert w2.draw_tab.sees_title.text().startswith("Where the evidence is")
    assert w2.draw_tab.sees_stack.currentWidget() is w2.draw_tab.explain_panel
    Task.stop_all(10000)


def test_the_open_dialogs_folder_survives_a_new_tab_and_window(qtbot, tmp_path, monkeypatch):
    from mnist_gui.gui.main_window import MainWindow
    from mnist_gui.session.tasks import Task

    pictures = tmp_path / "scans"
    pictures.mkdir()
    picture = write_strokes_png(pictures / "three.png", sample_drawings()[3].strokes)
    starts: list[str] = []

    def dialog(parent, caption, start, kinds, *a, **k):
        starts.append(start)
        return str(picture), kinds

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    first = DrawTab(AppState())
    qtbot.addWidget(first)
    first.open_btn.click()
    assert first.canvas.has_picture()
    fresh = DrawTab(AppState())  # the tab's own Open button starts where the last picture came from
    qtbot.addWidget(fresh)
    fresh.open_btn.click()
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_image()  # and so does File > Open
    assert starts == ["", str(pictures), str(pictures)]
    assert w.draw_tab.canvas.has_picture()
    Task.stop_all(10000)


def test_a_picture_the_app_cannot_open_is_told_in_the_users_words(qtbot, tab, tmp_path, monkeypatch,
                                                                    warnings_shown):
    from mnist_gui.gui import imageio

    p = write_strokes_png(tmp_path / "seven.png", sample_drawings()[7].strokes)
    monkeypatch.setattr(imageio.QImageReader, "canRead", lambda self: False)  # Qt lacks the reader
    assert not tab.open_image(str(p))
    (text,) = warnings_shown
    assert "Qt" not in text and "not a picture the app can open" in text
    assert all(name in text for name in ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WebP"))
    assert not tab.canvas.has_content()
