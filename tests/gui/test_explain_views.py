"""Evidence maps and feature maps in the window: Draw tab, panels, a dense-only model."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QScrollArea

from mnist_gui.core.samples import sample_drawings
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.gui.explain_views import ExplainPanel, FeatureMapsPanel, beside, evidence_rgb
from mnist_gui.session.state import AppState
from tests.gui.test_draw_tab import bundled_model, draw_with_mouse  # noqa: F401 - fixture


def dense_only():
    import keras

    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                             keras.layers.Dense(10, activation="softmax")])


@pytest.fixture
def tab(qtbot, bundled_model):  # noqa: F811
    state = AppState()
    state.set_model(bundled_model, label="bundled default model")
    t = DrawTab(state)
    t.canvas.setFixedSize(300, 300)
    t.resize(1000, 520)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitExposed(t)
    return t


def test_evidence_rgb_colours() -> None:
    img = np.zeros((28, 28), np.float32)
    m = np.zeros((28, 28), np.float32)
    m[3, 3], m[5, 5] = 1.0, -0.25
    rgb = evidence_rgb(img, m)
    assert rgb.shape == (28, 28, 3) and rgb.dtype == np.uint8
    assert tuple(rgb[0, 0]) == (255, 255, 255)  # no evidence, no ink: paper
    assert tuple(rgb[3, 3]) == (220, 38, 38)  # strongest positive: full red
    r, g, b = rgb[5, 5]
    assert b > r and b > g  # negative: blue


def test_evidence_follows_the_drawing_and_bar_clicks(qtbot, tab) -> None:
    tab.evidence_box.setChecked(True)
    sample = [s for s in sample_drawings() if s.label == 3][0]
    with qtbot.waitSignal(tab.evidenceUpdated, timeout=5000):
        draw_with_mouse(qtbot, tab.canvas, sample.strokes)
    panel = tab.explain_panel
    top = int(np.argmax(tab.last_probabilities))
    assert panel.target == top and panel.view.map is not None
    assert panel.view.map.shape == (28, 28) and np.isfinite(panel.view.map).all()
    assert f"for {top}" in panel.legend.text()
    # click the bar of another digit: evidence for that digit, against the prediction
    other = (top + 1) % 10
    h = tab.bars.height() / 10
    with qtbot.waitSignal(tab.evidenceUpdated, timeout=3000):
        qtbot.mouseClick(tab.bars, Qt.MouseButton.LeftButton, pos=QPoint(tab.bars.width() // 2, int((other + 0.5) * h)))
    assert (panel.target, panel.versus) == (other, top)
    assert tab.for_prediction_btn.isEnabled()
    tab.for_prediction_btn.click()
    assert panel.target == top
    tab.canvas.clear()
    assert panel.view.message() == "Draw a digit"


def test_feature_maps_are_lazy_and_name_the_layers(qtbot, tab) -> None:
    sample = sample_drawings()[0]
    draw_with_mouse(qtbot, tab.canvas, sample.strokes)
    assert tab.feature_panel.computed == 0  # hidden: nothing computed
    tab.show_feature_maps()
    qtbot.waitUntil(lambda: tab.feature_panel.computed == 1, timeout=3000)
    from mnist_gui.core.explain import _conv_owner

    owner, convs = _conv_owner(tab.state.model)
    assert len(convs) >= 2
    assert [n.split(" / ")[-1] for n in tab.feature_panel.layer_names] == [c.name for c in convs]
    with qtbot.waitSignal(tab.feature_panel.updated, timeout=3000):
        draw_with_mouse(qtbot, tab.canvas, [[(0.5, 0.2), (0.5, 0.8)]])
    assert tab.feature_panel.computed == 2
    # issue 20 #9: it opened too narrow (a horizontal scroll bar) and on top of the main window
    qtbot.waitUntil(lambda: tab.feature_panel.findChild(QScrollArea).horizontalScrollBar().maximum() == 0
                    or tab.feature_panel.width() >= tab.feature_panel.screen().availableGeometry().width())
    tab.feature_panel.close()


def test_a_tool_window_goes_beside_the_main_window_not_on_it() -> None:
    screen = QRect(0, 0, 1920, 1080)
    assert beside(QRect(100, 50, 1000, 700), QSize(760, 640), screen) == QPoint(1100, 50)  # right
    assert beside(QRect(900, 50, 1000, 700), QSize(760, 640), screen) == QPoint(140, 50)  # left
    spot = beside(QRect(0, 0, 1366, 700), QSize(760, 640), QRect(0, 0, 1366, 768))  # no room
    assert spot == QPoint(606, 0)  # on the screen, at its right edge
    assert beside(QRect(100, 900, 800, 100), QSize(400, 500), screen).y() == 580  # kept on the screen


def test_dense_only_model_gets_a_message_not_a_crash(qtbot) -> None:
    panel = FeatureMapsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_for(dense_only(), np.zeros((28, 28), np.float32))
    assert "no convolution layers" in panel.message.text()
    ev = ExplainPanel()
    qtbot.addWidget(ev)
    probs = np.full(10, 0.1, np.float32)
    probs[4] = 0.2
    ev.explain(dense_only(), np.ones((28, 28), np.float32) * 0.5, probs)
    assert ev.view.map is not None and ev.target == 4


def test_model_of_another_shape_gets_a_message(qtbot) -> None:
    import keras

    other = keras.Sequential([keras.Input((32, 32, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    ev = ExplainPanel()
    qtbot.addWidget(ev)
    ev.explain(other, np.zeros((28, 28), np.float32), np.full(10, 0.1, np.float32))
    assert ev.view.map is None and "28x28x1" in (ev.view.message() or "")
    panel = FeatureMapsPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_for(other, np.zeros((28, 28), np.float32))
    assert "28x28" in panel.message.text()


def test_dataset_tab_evidence_for_the_selected_digit(qtbot) -> None:
    from mnist_gui.gui.dataset_tab import DatasetTab
    from tests.gui.digit_fakes import synthetic_mnist

    st = AppState()
    st.data = synthetic_mnist(n_train=20, n_test=20)
    st.model = dense_only()
    t = DatasetTab(st)
    qtbot.addWidget(t)
    t.resize(1000, 700)
    t.show()
    assert t.jump_to(3)
    assert not t.evidence.isVisible()
    t.evidence_box.setChecked(True)
    assert t.evidence.isVisible() and t.evidence.view.map is not None
    top = int(np.argmax(t.selected_probabilities()))
    assert t.evidence.target == top
    other = (top + 3) % 10
    t._choose_digit(other)
    assert (t.evidence.target, t.evidence.versus) == (other, top)
    assert t.jump_to(4)  # a new digit: back to the prediction
    assert t.evidence.target == int(np.argmax(t.selected_probabilities()))


def test_errors_tab_mistake_is_explained_against_the_true_digit(qtbot) -> None:
    from mnist_gui.gui.errors import ErrorsTab
    from tests.gui.digit_fakes import synthetic_evaluation, synthetic_mnist

    st = AppState()
    st.data = synthetic_mnist(n_train=20, n_test=60)
    model = dense_only()
    st.model = model
    t = ErrorsTab(st)
    qtbot.addWidget(t)
    t.resize(1280, 760)
    t.show()
    ev = synthetic_evaluation(st.data.y_test)
    t.set_evaluation(ev)
    t.evidence_box.setChecked(True)
    from mnist_gui.core.evaluation import predict_one

    for i in range(len(ev.y_true)):
        p = int(np.argmax(predict_one(model, st.data.x_test[i] / 255.0)))
        if p != int(ev.y_true[i]):
            break
    t._show_digit(i)
    assert (t.evidence.target, t.evidence.versus) == (p, int(ev.y_true[i]))
    assert "(true)" in t.evidence.legend.text()
    # issue 20 #9: while re-evaluating no digit is selected, and no old map stays beside that
    t._show_digit(None)
    assert t.digit_title.text() == "No digit selected"
    assert t.evidence.target is None and t.evidence.legend.text().strip() == ""
    t.cancel_evaluation(wait_ms=10_000)
