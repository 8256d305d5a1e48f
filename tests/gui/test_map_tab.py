"""The Map tab: the view's rectangle selection, click and zoom; the tab's detail panel, grids,
the drawn digit's star and the exports."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from mnist_gui.gui.map_view import MapView


def mouse(widget, kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
    ev = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def drag(widget, a: QPointF, b: QPointF, button=Qt.MouseButton.LeftButton) -> None:
    mouse(widget, QEvent.Type.MouseButtonPress, a, button, button)
    for t in np.linspace(0, 1, 5)[1:]:
        mouse(widget, QEvent.Type.MouseMove, a + (b - a) * float(t), Qt.MouseButton.NoButton, button)
    mouse(widget, QEvent.Type.MouseButtonRelease, b, button, Qt.MouseButton.NoButton)


@pytest.fixture()
def view(qtbot) -> MapView:
    v = MapView()
    qtbot.addWidget(v)
    v.resize(600, 400)
    v.show()
    qtbot.waitExposed(v)
    rng = np.random.default_rng(1)
    coords = rng.normal(size=(3000, 2)) * 10
    labels = rng.integers(0, 10, 3000)
    preds = labels.copy()
    preds[:50] = (labels[:50] + 1) % 10
    v.set_map(coords, labels, preds, rng.integers(0, 255, (3000, 28, 28)).astype(np.uint8))
    return v


def test_a_dragged_rectangle_selects_exactly_the_digits_inside_it(view: MapView) -> None:
    got = []
    view.selected.connect(got.append)
    a, b = QPointF(180, 90), QPointF(420, 310)
    drag(view, a, b)
    assert len(got) == 1
    s = view.to_screen(view.coords)
    want = np.flatnonzero((s[:, 0] >= a.x() - 1e-6) & (s[:, 0] <= b.x() + 1e-6)
                          & (s[:, 1] >= a.y() - 1e-6) & (s[:, 1] <= b.y() + 1e-6))
    assert 0 < len(want) < len(view.coords)
    assert got[0].tolist() == want.tolist()
    drag(view, b, a)  # the other way round: the same digits
    assert got[1].tolist() == want.tolist()


def test_click_picks_the_nearest_point_and_right_drag_pans(view: MapView) -> None:
    clicked = []
    view.clicked.connect(clicked.append)
    s = view.to_screen(view.coords[7])[0]
    at = QPointF(s[0] + 1, s[1])
    mouse(view, QEvent.Type.MouseButtonPress, at, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
    mouse(view, QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
    nearest = int(np.argmin(((view.to_screen(view.coords) - (at.x(), at.y())) ** 2).sum(1)))
    assert clicked == [nearest]
    before = view.to_screen(view.coords[7])[0]
    drag(view, QPointF(300, 200), QPointF(340, 230), Qt.MouseButton.RightButton)
    np.testing.assert_allclose(view.to_screen(view.coords[7])[0], before + (40, 30), atol=1e-6)
    scale = view.scale
    view.zoom(2.0, QPointF(*before + (40, 30)))  # zoom keeps the point under the pointer
    assert view.scale == pytest.approx(2 * scale)
    np.testing.assert_allclose(view.to_screen(view.coords[7])[0], before + (40, 30), atol=1e-6)
    view.repaint()
    assert view.frames >= 1


def test_hover_shows_the_digits_card(view: MapView) -> None:
    s = view.to_screen(view.coords[3])[0]
    mouse(view, QEvent.Type.MouseMove, QPointF(s[0], s[1]), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    assert view.hover >= 0
    assert "read as" in view.card_text(view.hover)
    view.grab()  # the card paints


def test_the_map_tab_opens_digits_lists_selections_places_the_drawn_digit_and_exports(qtbot, tmp_path: Path) -> None:
    from mnist_gui.core import store
    from mnist_gui.gui.map_tab import MapTab
    from mnist_gui.session.state import AppState
    from tests.core.test_digitmap import tiny_ensemble
    from tests.synthetic import digits

    state = AppState()
    x, y = digits(120, seed=5)
    state.data = SimpleNamespace(x_test=x, y_test=y, x_train=x, y_train=y)
    path = tmp_path / "e.keras"
    store.save_model(tiny_ensemble(), path)
    state.set_model(store.load_model(path), label="ensemble", path=str(path))
    tab = MapTab(state)
    qtbot.addWidget(tab)
    tab.resize(1100, 750)
    tab.show()  # shown: the map is made
    qtbot.waitUntil(lambda: tab.job.current(), timeout=60_000)
    assert tab.png_button.isEnabled() and "120 test digits" in tab.status.text()
    tab.show_digit(3)
    assert tab.detail.digit_title.text() == "Test #3"
    tab.show_selection(np.array([1, 2, 5]))
    assert tab.selection_model.rowCount() == 3
    tab.note_drawn(x[4].astype(np.float32) / 255.0)
    assert tab.placed is not None and tab.view.placed is not None
    assert tab.neighbour_model.rowCount() == 8 and tab.neighbour_model.global_index(0) == 4
    png, csv = tab.export_png(str(tmp_path / "m.png")), tab.export_csv(str(tmp_path / "m.csv"))
    assert Path(png).read_bytes()[:4] == b"\x89PNG"
    assert len(Path(csv).read_text().splitlines()) == 121
    qtbot.waitUntil(lambda: not tab.job.is_running(), timeout=10_000)


def test_a_map_tab_shown_before_the_model_makes_the_map_when_the_model_comes(qtbot, tmp_path: Path) -> None:
    from mnist_gui.core import store
    from mnist_gui.gui.map_tab import MapTab
    from mnist_gui.session.state import AppState
    from tests.core.test_digitmap import tiny
    from tests.synthetic import digits

    state = AppState()
    tab = MapTab(state)
    qtbot.addWidget(tab)
    tab.show()  # e.g. the tab remembered from the last session, before anything has loaded
    qtbot.waitExposed(tab)
    assert not tab.job.is_running()
    x, y = digits(60, seed=2)
    state.data = SimpleNamespace(x_test=x, y_test=y, x_train=x, y_train=y)
    state.datasetChanged.emit()
    path = tmp_path / "t.keras"
    store.save_model(tiny(), path)
    state.set_model(store.load_model(path), label="t", path=str(path))
    qtbot.waitUntil(lambda: tab.job.current(), timeout=60_000)
    qtbot.waitUntil(lambda: not tab.job.is_running(), timeout=10_000)
