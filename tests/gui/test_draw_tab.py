from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from mnist_gui.core.samples import sample_drawings
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.session.state import AppState
from mnist_gui.paths import default_model_path


@pytest.fixture(scope="session")
def bundled_model():
    from mnist_gui.core import store

    path = default_model_path()
    assert path.exists(), f"bundled model missing: {path}"
    return store.load_model(path)


@pytest.fixture
def tab(qtbot, bundled_model):
    state = AppState()
    state.set_model(bundled_model, label="bundled default model")
    t = DrawTab(state)
    t.canvas.setFixedSize(320, 320)
    t.resize(900, 420)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitExposed(t)
    return t


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


@pytest.mark.parametrize("sample", sample_drawings(), ids=lambda s: f"digit{s.label}")
def test_mouse_drawn_digit_is_recognised(qtbot, tab, sample):
    with qtbot.waitSignal(tab.predicted, timeout=3000):
        draw_with_mouse(qtbot, tab.canvas, sample.strokes)
    probs = tab.last_probabilities
    assert probs is not None
    assert int(np.argmax(probs)) == sample.label
    assert tab.digit_label.text() == str(sample.label)
    assert probs.sum() == pytest.approx(1.0, abs=1e-3)
    assert tab.bars.probabilities() is not None
    # the network's-eye view shows the prepared 28x28 input
    assert tab.sees.image() is not None and tab.sees.image().shape == (28, 28)


def test_live_prediction_while_drawing(qtbot, tab):
    side = tab.canvas.side()
    qtbot.mousePress(tab.canvas, Qt.MouseButton.LeftButton, pos=QPoint(side // 2, side // 5))
    with qtbot.waitSignal(tab.predicted, timeout=2000):  # debounced, before the pen goes up
        for i in range(1, 20):
            qtbot.mouseMove(tab.canvas, QPoint(side // 2, side // 5 + i * side // 32))
    assert tab.last_input is not None
    qtbot.mouseRelease(tab.canvas, Qt.MouseButton.LeftButton, pos=QPoint(side // 2, side * 4 // 5))


def test_empty_canvas_is_no_digit_not_a_guess(qtbot, tab):
    assert tab.predict_now() is None
    assert tab.confidence_label.text() == "Draw a digit"
    draw_with_mouse(qtbot, tab.canvas, sample_drawings()[7].strokes)
    assert tab.last_probabilities is not None
    tab.canvas.clear()
    assert tab.last_probabilities is None and tab.digit_label.text() == ""  # no digit, no dash


def test_undo_updates_the_prediction(qtbot, tab):
    four = sample_drawings()[4]
    draw_with_mouse(qtbot, tab.canvas, four.strokes)
    assert int(np.argmax(tab.last_probabilities)) == 4
    tab.canvas.undo()  # only the first stroke of the 4 is left
    assert tab.last_probabilities is not None
    tab.canvas.undo()
    assert tab.last_probabilities is None


def test_preparation_toggle_changes_what_the_network_sees(qtbot, tab):
    # a small digit in a corner: preparation centres and enlarges it, plain resize does not
    draw_with_mouse(qtbot, tab.canvas, [[(0.05 + x * 0.3, 0.05 + y * 0.3) for x, y in s]
                                       for s in sample_drawings()[3].strokes])
    prepared = tab.last_input.copy()
    tab.prepare_box.setChecked(False)
    plain = tab.last_input
    ys, xs = np.nonzero(prepared > 0.1)
    assert 10 <= ys.mean() <= 18 and 10 <= xs.mean() <= 18
    ys, xs = np.nonzero(plain > 0.1)
    assert ys.mean() < 8 and xs.mean() < 8
    tab.prepare_box.setChecked(True)
    assert int(np.argmax(tab.last_probabilities)) == 3


def _write_digit_png(path, digit_strokes, dark_on_light=True, size=200):
    from PIL import Image

    from mnist_gui.core.strokes import rasterize

    ink = rasterize(digit_strokes, size)
    arr = ((1 - ink) if dark_on_light else ink) * 255
    Image.fromarray(arr.astype(np.uint8)).convert("RGB").save(path)


def test_open_image_file_is_classified(qtbot, tab, tmp_path):
    p = tmp_path / "seven.png"
    _write_digit_png(p, sample_drawings()[7])
    assert tab.open_image(str(p))
    assert int(np.argmax(tab.last_probabilities)) == 7
    # a file named like a JPEG holding PNG bytes still works: format comes from content
    q = tmp_path / "two.jpg"
    _write_digit_png(q, sample_drawings()[2], dark_on_light=False)
    q.write_bytes(q.read_bytes())
    assert tab.open_image(str(q))
    assert int(np.argmax(tab.last_probabilities)) == 2


def test_bad_files_get_a_message_and_change_nothing(qtbot, tab, tmp_path, warnings_shown):
    draw_with_mouse(qtbot, tab.canvas, sample_drawings()[8].strokes)
    before = tab.last_probabilities.copy()
    junk = tmp_path / "notes.png"
    junk.write_bytes(b"this is not a picture at all" * 10)
    truncated = tmp_path / "cut.png"
    _write_digit_png(truncated, sample_drawings()[1])
    truncated.write_bytes(truncated.read_bytes()[:120])
    # a valid PNG header announcing 60000 x 60000 pixels: refused before decoding
    huge = tmp_path / "huge.png"

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    huge.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
                     + chunk(b"IEND", b""))
    missing = tmp_path / "missing.png"
    for bad in (junk, truncated, huge, missing, tmp_path):
        assert not tab.open_image(str(bad))
    assert len(warnings_shown) == 5
    assert any("too large" in w for w in warnings_shown)
    assert np.allclose(tab.last_probabilities, before)
    assert len(tab.canvas.strokes()) == len(sample_drawings()[8].strokes)


def test_send_mnist_digit_to_draw(qtbot, tab):
    from mnist_gui.core.strokes import rasterize
    from mnist_gui.core.preprocess import preprocess

    x = preprocess(rasterize(sample_drawings()[6], 280))
    tab.show_array((x * 255).astype(np.uint8))
    assert int(np.argmax(tab.last_probabilities)) == 6
    assert tab.canvas.has_picture()
    # drawing on top of a picture edits it (tests/gui/test_draw_picture.py); Clear starts afresh
    draw_with_mouse(qtbot, tab.canvas, sample_drawings()[1].strokes)
    assert tab.canvas.has_picture() and len(tab.canvas.strokes()) == 1
    tab.canvas.clear()
    draw_with_mouse(qtbot, tab.canvas, sample_drawings()[1].strokes)
    assert not tab.canvas.has_picture()
    assert int(np.argmax(tab.last_probabilities)) == 1


def test_waiting_for_the_model(qtbot):
    state = AppState()
    t = DrawTab(state)
    qtbot.addWidget(t)
    t.canvas.setFixedSize(280, 280)
    t.show()
    t.canvas.replay(sample_drawings()[0].strokes)
    assert t.last_probabilities is None
    assert "model" in t.confidence_label.text().lower()


def test_a_new_model_answers_the_drawing_when_the_tab_is_shown_not_behind_another_tab(qtbot, bundled_model):
    from PySide6.QtWidgets import QTabWidget, QWidget

    from tests.gui.digit_fakes import FakeModel

    state = AppState()
    state.set_model(bundled_model, label="bundled default model")
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    draw = DrawTab(state)
    tabs.addTab(draw, "Draw")
    tabs.addTab(QWidget(), "Other")
    tabs.resize(900, 500)
    tabs.show()
    qtbot.waitExposed(tabs)
    draw.canvas.replay(sample_drawings()[0].strokes)
    qtbot.waitUntil(lambda: draw.last_probabilities is not None)
    before = draw.last_probabilities.copy()

    class Counting(FakeModel):
        calls = 0

        def __call__(self, x, training=False):
            Counting.calls += 1
            return super().__call__(x, training)

    tabs.setCurrentIndex(1)  # another tab in front
    state.set_model(Counting(shift=5), label="fake")
    QApplication.sendPostedEvents()  # whatever the change queued has run
    QApplication.processEvents()
    assert Counting.calls == 0 and np.array_equal(draw.last_probabilities, before)
    tabs.setCurrentIndex(0)  # shown again: answered with the new model at once
    assert Counting.calls == 1
    assert not np.array_equal(draw.last_probabilities, before)
    assert draw.status_label.text() == "Model: fake"
