from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from mnist_gui.gui.canvas import DrawingCanvas


@pytest.fixture
def canvas(qtbot):
    c = DrawingCanvas()
    c.setFixedSize(280, 280)
    qtbot.addWidget(c)
    c.show()
    qtbot.waitExposed(c)
    return c


def drag(qtbot, widget, points):
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for p in points[1:]:
        qtbot.mouseMove(widget, QPoint(*p))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_mouse_stroke_draws_antialiased_ink(qtbot, canvas):
    with qtbot.waitSignal(canvas.strokeFinished, timeout=1000):
        drag(qtbot, canvas, [(40, 140), (100, 140), (240, 140)])
    ink = canvas.ink_array()
    assert ink.shape == (280, 280)
    assert ink[140, 140] > 0.9  # on the stroke
    assert ink[20, 20] == 0  # paper stays clean
    # antialiased edges: intermediate grey values exist
    assert ((ink > 0.05) & (ink < 0.95)).sum() > 50
    # pen width matches the configured fraction of the side
    column = ink[:, 140] > 0.5
    assert abs(column.sum() - canvas.pen_width()) <= 3


def test_round_caps_extend_past_the_end_points(qtbot, canvas):
    drag(qtbot, canvas, [(100, 140), (180, 140)])
    ink = canvas.ink_array()
    r = canvas.pen_width() / 2
    assert ink[140, int(180 + r * 0.6)] > 0.5
    assert ink[140, int(100 - r * 0.6)] > 0.5


def test_undo_redo_clear_per_stroke(qtbot, canvas):
    drag(qtbot, canvas, [(40, 60), (240, 60)])
    drag(qtbot, canvas, [(40, 200), (240, 200)])
    assert len(canvas.strokes()) == 2
    canvas.undo()
    assert len(canvas.strokes()) == 1 and canvas.ink_array()[200, 140] == 0
    assert canvas.ink_array()[60, 140] > 0.9
    canvas.redo()
    assert canvas.ink_array()[200, 140] > 0.9
    canvas.clear()
    assert not canvas.has_content() and canvas.ink_array().max() == 0
    assert not canvas.can_undo() and not canvas.can_redo()


def test_new_stroke_drops_the_redo_history(qtbot, canvas):
    drag(qtbot, canvas, [(40, 60), (240, 60)])
    canvas.undo()
    assert canvas.can_redo()
    drag(qtbot, canvas, [(40, 200), (240, 200)])
    assert not canvas.can_redo()


def test_replay_goes_through_the_mouse_path_and_matches_mouse_drawing(qtbot, canvas):
    pts = [(40, 140), (140, 60), (240, 140)]
    drag(qtbot, canvas, pts)
    by_mouse = canvas.ink_array()
    canvas.clear()
    seen = []
    canvas.strokeFinished.connect(lambda: seen.append(1))
    canvas.replay([[(x / 280, y / 280) for x, y in pts]])
    assert seen == [1]
    assert np.abs(canvas.ink_array() - by_mouse).max() < 0.02
    # the stroke is stored as fractions of the canvas side
    assert canvas.strokes()[0][0] == pytest.approx((40 / 280, 140 / 280), abs=1e-6)


def test_drawing_survives_a_resize(qtbot, canvas):
    canvas.replay([[(0.2, 0.5), (0.8, 0.5)]])
    canvas.setFixedSize(400, 400)
    qtbot.waitUntil(lambda: canvas.ink_array().shape == (400, 400), timeout=2000)
    assert canvas.ink_array()[200, 200] > 0.9


def test_single_click_leaves_a_dot(qtbot, canvas):
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 140))
    assert canvas.ink_array()[140, 140] > 0.5


def test_network_copy_has_mnist_stroke_width_for_the_digits_size(qtbot, canvas):
    from mnist_gui.gui.canvas import STROKE_TO_SIZE

    # a small vertical bar drawn with the (thick) canvas pen
    canvas.replay([[(0.5, 0.4), (0.5, 0.6)]])
    shown = canvas.ink_array()[:, :][140] > 0.5
    net = canvas.normalized_ink_array()[140] > 0.5
    assert abs(shown.sum() - canvas.pen_width()) <= 3
    expected = STROKE_TO_SIZE * 0.2 * 280  # 0.13 of the bar's 56 px length
    assert abs(net.sum() - expected) <= 2.5
    assert net.sum() < shown.sum() / 2
