"""Tests for the digit item models, the grid view and its delegate."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage

from mnist_gui.gui.digit_models import (ConfidenceRole, DigitListModel, DigitSource, ImageRole, IndexRole,
                                        LabelRole, PredictionRole, SplitIndexRole, SplitRole, digit_qimage)
from mnist_gui.gui.digit_views import DigitGridView, DigitView, ProbabilityBars
from tests.gui.digit_fakes import synthetic_mnist


@pytest.fixture
def source() -> DigitSource:
    return DigitSource.from_mnist(synthetic_mnist(n_train=60, n_test=40))


def test_digit_qimage_keeps_pixels() -> None:
    a = np.arange(28 * 28, dtype=np.uint32).reshape(28, 28).astype(np.uint8)
    img = digit_qimage(a)
    del a  # the image owns a copy of the pixels
    assert img.format() == QImage.Format.Format_Grayscale8
    assert (img.width(), img.height()) == (28, 28)
    assert img.pixelColor(5, 3).red() == (3 * 28 + 5) % 256
    with pytest.raises(ValueError):
        digit_qimage(np.zeros((2, 28, 28), np.uint8))


def test_source_select_counts_locate(source: DigitSource) -> None:
    assert len(source) == 100
    assert source.split_range("train") == (0, 60) and source.split_range("test") == (60, 100)
    assert len(source.select()) == 100
    assert len(source.select("train")) == 60 and len(source.select("test")) == 40
    rows = source.select("test", 3)
    assert np.all(rows >= 60) and np.all(source.labels[rows] == 3)
    assert len(rows) == int(source.counts("test")[3]) == 4
    assert source.counts().sum() == 100
    assert source.locate(0) == ("train", 0) and source.locate(59) == ("train", 59)
    assert source.locate(60) == ("test", 0) and source.locate(99) == ("test", 39)
    with pytest.raises(IndexError):
        source.locate(100)
    data = synthetic_mnist(n_train=60, n_test=40)
    assert np.array_equal(source.image(61), data.x_test[1])


def test_model_roles_and_modeltester(qtmodeltester, source: DigitSource) -> None:
    model = DigitListModel()
    qtmodeltester.check(model)  # empty
    model.set_source(source)
    assert model.rowCount() == 100
    assert model.rowCount(model.index(0, 0)) == 0
    qtmodeltester.check(model)
    idx = model.index(65, 0)
    assert idx.data(IndexRole) == 65
    assert idx.data(SplitRole) == "test" and idx.data(SplitIndexRole) == 5
    assert idx.data(LabelRole) == int(source.labels[65])
    assert idx.data(PredictionRole) is None and idx.data(ConfidenceRole) is None
    assert np.array_equal(idx.data(ImageRole), source.image(65))
    assert idx.data(Qt.ItemDataRole.DisplayRole) == str(source.labels[65])
    assert "Test #5" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert model.data(QModelIndex()) is None
    assert not model.flags(QModelIndex())
    assert model.flags(idx) & Qt.ItemFlag.ItemIsSelectable

    model.set_rows(source.select("test", 7))  # filtered
    assert model.rowCount() == 4
    qtmodeltester.check(model)
    assert all(source.labels[model.index(r, 0).data(IndexRole)] == 7 for r in range(4))
    assert model.row_of(int(model.rows()[2])) == 2 and model.row_of(0) == -1
    model.set_rows(np.zeros(0, dtype=np.int64))
    qtmodeltester.check(model)
    with pytest.raises(IndexError):
        model.set_rows(np.array([100]))


def test_model_with_predictions(qtmodeltester, source: DigitSource) -> None:
    pred = (source.labels + 1) % 10
    conf = np.linspace(0.1, 0.9, len(source)).astype(np.float32)
    model = DigitListModel()
    model.set_source(source, np.array([5, 3, 90]), predictions=pred, confidence=conf)
    qtmodeltester.check(model)
    idx = model.index(2, 0)
    assert idx.data(IndexRole) == 90
    assert idx.data(PredictionRole) == int(pred[90])
    assert idx.data(ConfidenceRole) == pytest.approx(float(conf[90]))
    assert "\u2192" in idx.data(Qt.ItemDataRole.DisplayRole)
    with pytest.raises(ValueError):
        model.set_source(source, predictions=pred[:5])


def test_thumbnails_lazy_and_lru_cached(source: DigitSource) -> None:
    model = DigitListModel(cache_size=10)
    model.set_source(source)
    assert model.thumbnails_made == 0  # nothing rendered until asked
    img = model.index(61, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(img, QImage) and img.width() == 28
    assert img.pixelColor(4, 7).red() == int(source.image(61)[7, 4])
    again = model.index(61, 0).data(Qt.ItemDataRole.DecorationRole)
    assert model.thumbnails_made == 1 and again.cacheKey() == img.cacheKey()
    for r in range(30):
        model.index(r, 0).data(Qt.ItemDataRole.DecorationRole)
    assert model.cached_count() == 10
    assert model.thumbnails_made == 31
    model.set_rows(source.select("train"))  # re-filtering keeps the cache (keyed by digit)
    model.index(29, 0).data(Qt.ItemDataRole.DecorationRole)
    assert model.thumbnails_made == 31


def test_view_asks_only_for_visible_rows(qtbot) -> None:
    big = synthetic_mnist(n_train=5000, n_test=10)
    model = DigitListModel()
    model.set_source(DigitSource.from_mnist(big))
    view = DigitGridView(corner_label=True)
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    visible = model.thumbnails_made
    assert 0 < visible < 200  # a screenful, not 5,010
    sb = view.verticalScrollBar()
    assert sb.maximum() > 0
    sb.setValue(sb.maximum())
    view.grab()
    assert model.thumbnails_made < 2 * visible + 50
    # the last row can be reached and is painted
    last = model.index(model.rowCount() - 1, 0)
    assert view.viewport().rect().intersects(view.visualRect(last))
    # columns are spread over the whole width
    cols = (view.maximumViewportSize().width() - 20) // view.gridSize().width()
    assert cols >= 4


def test_digit_view_and_bars(qtbot) -> None:
    v = DigitView()
    qtbot.addWidget(v)
    v.resize(200, 200)
    v.grab()  # placeholder paints
    a = np.zeros((28, 28), np.uint8)
    a[10:18, 12:14] = 255
    v.set_image(a)
    assert np.array_equal(v.image(), a)
    v.grab()
    bars = ProbabilityBars(top_k=3)
    qtbot.addWidget(bars)
    p = np.array([0.05, 0.6, 0.02, 0.2, 0.03, 0.02, 0.02, 0.02, 0.02, 0.02], np.float32)
    bars.set_probabilities(p, true_label=3)
    assert bars.rows() == [1, 3, 0]
    bars.resize(240, 80)
    bars.grab()
    full = ProbabilityBars()
    full.set_probabilities(None)
    assert full.rows() == list(range(10))


@pytest.mark.slow
def test_real_mnist_filters_and_modeltester(qtmodeltester, real_mnist) -> None:
    src = DigitSource.from_mnist(real_mnist)
    assert len(src.select()) == 70_000
    assert len(src.select("train")) == 60_000
    assert len(src.select("test")) == 10_000
    assert len(src.select("test", 1)) == 1_135
    assert len(src.select("train", 1)) == 6_742
    assert len(src.select(None, 1)) == 7_877
    assert len(src.select("test", 5)) == 892
    assert src.counts("test").tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    model = DigitListModel()
    model.set_source(src, src.select("test", 1))
    assert model.rowCount() == 1_135
    qtmodeltester.check(model)
    g = int(model.rows()[0])
    assert src.locate(g)[0] == "test" and int(real_mnist.y_test[src.locate(g)[1]]) == 1
