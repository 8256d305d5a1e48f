"""Tests for the Errors tab: confusion matrix, lists, sorting, exports, background evaluation."""
from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mnist_gui.core.evaluation import evaluate
from mnist_gui.gui.errors import ErrorsTab
from mnist_gui.session.state import AppState
from mnist_gui.session.tasks import Task
from tests.gui.digit_fakes import FakeModel, synthetic_evaluation, synthetic_mnist

N_TEST = 300


@pytest.fixture
def state() -> AppState:
    st = AppState()
    st.data = synthetic_mnist(n_train=20, n_test=N_TEST)
    return st


@pytest.fixture
def tab(qtbot, state: AppState):
    t = ErrorsTab(state)
    qtbot.addWidget(t)
    t.resize(1280, 760)
    t.show()
    qtbot.waitExposed(t)
    yield t
    t.cancel_evaluation(wait_ms=10_000)


@pytest.fixture
def ev(state: AppState):
    return synthetic_evaluation(state.data.y_test)


def _wait_idle(qtbot) -> None:
    qtbot.waitUntil(lambda: not Task.running(), timeout=20_000)


def test_pages_without_model_or_data(qtbot) -> None:
    st = AppState()
    t = ErrorsTab(st)
    qtbot.addWidget(t)
    assert t.stack.currentWidget() is t.missing_panel
    st.data = synthetic_mnist(n_test=30)
    st.datasetChanged.emit()
    assert t.stack.currentWidget() is t.no_model_label
    assert t.evaluation is None and not t.is_evaluating()


def test_set_evaluation_shows_figures(tab: ErrorsTab, ev, qtbot, qtmodeltester) -> None:
    with qtbot.waitSignal(tab.evaluated, timeout=1000):
        tab.set_evaluation(ev)
    assert tab.stack.currentWidget() is tab.content
    assert tab.evaluation is ev
    assert tab.accuracy_label.text() == f"Accuracy {ev.accuracy * 100:.2f}%"
    assert np.array_equal(tab.matrix.matrix(), ev.confusion)
    np.testing.assert_allclose(tab.matrix.per_class_accuracy(), ev.per_class_accuracy)
    # the default list: every error, most confidently wrong first
    assert np.array_equal(tab.current_indices(), ev.misclassified())
    assert tab.all_errors_button.text() == f"All errors ({ev.n_errors:,})"
    qtmodeltester.check(tab.list_model)
    t, p, n = ev.top_confusions(1)[0]
    assert tab.confusion_buttons[0].isVisible()
    tab.confusion_buttons[0].click()
    assert len(tab.current_indices()) == n
    tab.grab()


def test_clicking_a_cell_lists_exactly_its_digits(tab: ErrorsTab, ev, qtbot, qtmodeltester) -> None:
    tab.set_evaluation(ev)
    cm = ev.confusion
    checked = 0
    for t in range(10):
        for p in range(10):
            if cm[t, p] == 0 and (t + p) % 3:
                continue
            center = tab.matrix.cell_rect(t, p).center()
            with qtbot.waitSignal(tab.matrix.cellClicked, timeout=1000) as blocker:
                qtbot.mouseClick(tab.matrix, Qt.MouseButton.LeftButton, pos=QPoint(int(center.x()), int(center.y())))
            assert blocker.args == [t, p]
            got = tab.current_indices()
            assert np.array_equal(got, ev.indices(true=t, pred=p))
            assert len(got) == cm[t, p]
            assert np.array_equal(tab.list_model.rows(), got)
            assert tab.matrix.selected() == (t, p)
            checked += 1
    assert checked > 20
    tab.select_cell(3, 3)  # a diagonal cell: the correct ones
    assert np.array_equal(tab.current_indices(), ev.indices(true=3, pred=3))
    assert tab.list_title.text().startswith("Correctly classified 3s")
    qtmodeltester.check(tab.list_model)


def test_sorting_by_confidence(tab: ErrorsTab, ev) -> None:
    tab.set_evaluation(ev)
    t, p, _n = ev.top_confusions(1)[0]
    tab.select_cell(t, p)
    desc = tab.current_indices()
    assert np.all(np.diff(ev.confidence[desc]) <= 0)
    tab.set_sort_descending(False)
    asc = tab.current_indices()
    assert np.array_equal(asc, ev.indices(true=t, pred=p, most_confident_first=False))
    assert np.all(np.diff(ev.confidence[asc]) >= 0)
    assert np.array_equal(asc, desc[::-1])  # all confidences differ
    assert tab.sort_combo.currentIndex() == 1
    tab.show_all_errors()  # the order applies to every list
    assert np.array_equal(tab.current_indices(), ev.misclassified(most_confident_first=False))
    tab.sort_combo.setCurrentIndex(0)  # the combo box drives it too
    assert tab.sort_descending()
    assert np.array_equal(tab.current_indices(), ev.misclassified())
    first = tab.list_model.index(0, 0)
    assert first.data(Qt.ItemDataRole.DisplayRole).endswith(f"{ev.confidence[ev.misclassified()[0]] * 100:.0f}%")


def test_all_errors(tab: ErrorsTab, ev) -> None:
    tab.set_evaluation(ev)
    tab.select_cell(1, 2)
    tab.all_errors_button.click()
    idx = tab.current_indices()
    assert len(idx) == ev.n_errors == int((ev.y_pred != ev.y_true).sum())
    assert np.all(ev.y_pred[idx] != ev.y_true[idx])
    assert tab.matrix.selected() is None
    assert tab.list_title.text() == f"All errors \u00b7 {ev.n_errors:,} digits"


def test_select_digit_detail_and_send_to_draw(tab: ErrorsTab, ev, state: AppState, qtbot) -> None:
    tab.set_evaluation(ev)
    i = int(ev.misclassified()[1])
    tab.select_row(1)
    assert tab.selected_index() == i
    assert tab.digit_title.text() == f"Test #{i:,}"
    assert np.array_equal(tab.digit_view.image(), state.data.x_test[i])
    assert tab.top_bars.rows() == [int(d) for d in np.argsort(-ev.probs[i], kind="stable")[:3]]
    assert f"True <b>{ev.y_true[i]}</b>" in tab.digit_info.text()
    with qtbot.waitSignal(tab.sendToDraw, timeout=1000) as blocker:
        tab.send_button.click()
    assert np.array_equal(blocker.args[0], state.data.x_test[i])


def test_csv_export(tab: ErrorsTab, ev, tmp_path) -> None:
    tab.set_evaluation(ev)
    t, p, n = ev.top_confusions(1)[0]
    tab.select_cell(t, p)
    path = tmp_path / "errors.csv"
    assert tab.export_csv(path) == n
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["index", "true", "predicted", "confidence"] + [f"p{d}" for d in range(10)]
    assert len(rows) == n + 1
    assert [int(r[0]) for r in rows[1:]] == tab.current_indices().tolist()
    for r in rows[1:]:
        i = int(r[0])
        assert (int(r[1]), int(r[2])) == (t, p) == (ev.y_true[i], ev.y_pred[i])
        assert float(r[3]) == pytest.approx(ev.confidence[i], abs=1e-6)
        np.testing.assert_allclose([float(v) for v in r[4:]], ev.probs[i], atol=1e-6)


def test_png_export(tab: ErrorsTab, ev, tmp_path) -> None:
    tab.set_evaluation(ev)
    path = tmp_path / "sheet.png"
    tab.export_png(path)
    reader = QImageReader(str(path))
    assert reader.format().data() == b"png"
    img = QImage(str(path))
    assert not img.isNull()
    n = ev.n_errors
    cols = 10 if n <= 200 else 20
    assert img.width() >= cols * 84 and img.height() > 54 + (n // cols) * 98


def test_export_errors_show_a_message_box(tab: ErrorsTab, ev, tmp_path, monkeypatch) -> None:
    tab.set_evaluation(ev)
    bad = str(tmp_path / "no" / "such" / "folder" / "x")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (bad, "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    tab.export_csv_button.click()
    tab.export_png_button.click()
    assert len(shown) == 2 and all("Could not save" in s for s in shown)
    good = tmp_path / "ok.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(good), "")))
    tab.export_csv_button.click()
    assert good.exists() and len(shown) == 2


def test_matrix_hover_and_tooltip_text(tab: ErrorsTab, ev, qtbot) -> None:
    tab.set_evaluation(ev)
    c = tab.matrix.cell_rect(4, 9).center()
    # start from elsewhere: the cursor may still be where an earlier test left it
    qtbot.mouseMove(tab.matrix, QPoint(1, 1))
    with qtbot.waitSignal(tab.matrix.cellHovered, timeout=1000) as blocker:
        qtbot.mouseMove(tab.matrix, QPoint(int(c.x()), int(c.y())))
    assert blocker.args == [4, 9]
    assert tab.matrix.describe(4, 9).startswith(f"True 4, predicted 9: {ev.confusion[4, 9]}")
    assert tab.matrix.cell_at(tab.matrix.cell_rect(0, 0).topLeft() - QPoint(5, 5).toPointF()) is None
    tab.matrix.grab()


def test_background_evaluation_follows_the_model(qtbot) -> None:
    state = AppState()
    state.data = synthetic_mnist(n_train=10, n_test=2500)  # 5 batches of 500
    tab = ErrorsTab(state)
    qtbot.addWidget(tab)
    tab.show()
    slow = FakeModel(shift=0, delay=0.3)
    try:
        with qtbot.waitSignal(tab.evaluated, timeout=20_000) as blocker:
            state.set_model(slow, label="slow")
            assert tab.is_evaluating() and tab.progress.isVisible()
            qtbot.waitUntil(lambda: slow.batches >= 1, timeout=5000)
            qtbot.waitUntil(lambda: tab.progress.value() > 0, timeout=5000)  # progress reaches the bar
            state.set_model(FakeModel(shift=3), label="fast")  # cancels the first run, starts again
        assert blocker.signal_triggered
        expected = evaluate(FakeModel(shift=3), state.data.x_test, state.data.y_test)
        assert np.array_equal(tab.evaluation.y_pred, expected.y_pred)
        assert tab.summary_label.text().startswith("fast on 2,500 test digits")
        assert not tab.progress.isVisible()
        _wait_idle(qtbot)
        assert slow.batches < 5  # the cancelled run stopped early
    finally:
        tab.cancel_evaluation(wait_ms=10_000)


def test_lazy_evaluation_waits_until_shown(qtbot, state: AppState) -> None:
    t = ErrorsTab(state)  # never shown yet
    qtbot.addWidget(t)
    state.set_model(FakeModel(), label="fake")
    assert not t.is_evaluating() and t.evaluation is None
    with qtbot.waitSignal(t.evaluated, timeout=20_000):
        t.show()
    assert t.evaluation is not None
    _wait_idle(qtbot)


def test_evaluation_failure_is_reported(tab: ErrorsTab, state: AppState, qtbot) -> None:
    class Broken(FakeModel):
        def predict_on_batch(self, x):
            raise RuntimeError("model exploded")

    state.set_model(Broken(), label="broken")
    qtbot.waitUntil(lambda: tab.error_label.isVisible(), timeout=20_000)
    assert "model exploded" in tab.error_label.text()
    _wait_idle(qtbot)


@pytest.mark.slow
def test_real_background_evaluation_matches_core(qtbot, real_mnist) -> None:
    from mnist_gui.core import models

    model = models.build_model("small")  # untrained: the figures must match, not be good
    expected = evaluate(model, real_mnist.x_test, real_mnist.y_test)
    state = AppState()
    state.data = real_mnist
    tab = ErrorsTab(state)
    qtbot.addWidget(tab)
    tab.show()
    with qtbot.waitSignal(tab.evaluated, timeout=180_000):
        state.set_model(model, label="untrained small")
    _wait_idle(qtbot)
    assert tab.evaluation.accuracy == pytest.approx(expected.accuracy, abs=1e-4)
    assert np.abs(tab.evaluation.confusion - expected.confusion).sum() <= 2
    assert tab.accuracy_label.text() == f"Accuracy {tab.evaluation.accuracy * 100:.2f}%"
    assert len(tab.current_indices()) == tab.evaluation.n_errors


def test_a_keras_model_is_copied_on_the_worker_once_and_the_shared_model_is_never_lent(
        tab: ErrorsTab, state: AppState, qtbot, monkeypatch) -> None:
    import threading

    from mnist_gui.core import models

    model = models.build_model("small")
    built_on: list[str] = []
    cls = type(model)
    original = cls.from_config.__func__

    def recording(klass, config, custom_objects=None):  # type: ignore[no-untyped-def]
        built_on.append(threading.current_thread().name)
        return original(klass, config, custom_objects)

    monkeypatch.setattr(cls, "from_config", classmethod(recording))
    with qtbot.waitSignal(tab.evaluated, timeout=60_000, check_params_cb=lambda *a: tab.evaluation is not None):
        state.set_model(model, label="small")
    _wait_idle(qtbot)
    assert len(built_on) == 1 and built_on[0] != threading.main_thread().name  # built on the worker
    copy = tab.job.copy[1]
    assert copy is not None and copy is not model
    for a, b in zip(copy.get_weights(), model.get_weights()):
        assert np.array_equal(a, b)
    expected = evaluate(model, state.data.x_test, state.data.y_test)
    assert np.array_equal(tab.evaluation.y_pred, expected.y_pred)

    with qtbot.waitSignal(tab.evaluated, timeout=60_000, check_params_cb=lambda *a: tab.evaluation is not None):
        tab.evaluate_now()  # the same model again: its copy is reused, not built again
    _wait_idle(qtbot)
    assert len(built_on) == 1 and tab.job.copy[1] is copy


def test_a_model_that_cannot_be_copied_is_reported_and_not_evaluated_shared(
        tab: ErrorsTab, state: AppState, qtbot, monkeypatch) -> None:
    from mnist_gui.core import models

    model = models.build_model("small")

    def refuse(klass, config, custom_objects=None):  # type: ignore[no-untyped-def]
        raise ValueError("no copies of this one")

    monkeypatch.setattr(type(model), "from_config", classmethod(refuse))
    monkeypatch.setattr(type(model), "predict_on_batch", lambda *a, **k: pytest.fail("the shared model was used"))
    state.set_model(model, label="uncopyable")
    qtbot.waitUntil(lambda: tab.error_label.isVisible(), timeout=20_000)
    assert "cannot be copied for a background evaluation (no copies of this one)" in tab.error_label.text()
    _wait_idle(qtbot)


def test_a_model_loaded_from_an_unchanged_file_is_copied_by_loading_the_file_on_the_worker(
        tab: ErrorsTab, state: AppState, qtbot, monkeypatch, tmp_path) -> None:
    import os

    from mnist_gui.core import models, store
    from mnist_gui.session import copies as errors_tab  # where the worker copy is decided

    path = tmp_path / "m.keras"
    store.save_model(models.build_model("small"), path)
    snapshots: list[str] = []
    real_snapshot = errors_tab.inference_copy
    monkeypatch.setattr(errors_tab, "inference_copy", lambda m: snapshots.append("taken") or real_snapshot(m))
    evaluated: list[bool] = []
    tab.evaluated.connect(lambda: evaluated.append(tab.evaluation is not None))
    state.load_model(path)
    qtbot.waitUntil(lambda: any(evaluated), timeout=60_000)
    _wait_idle(qtbot)
    assert snapshots == []  # nothing taken from the shared model: the worker loaded the file
    assert tab.job.copy[1] is not None and tab.job.copy[1] is not state.model
    expected = evaluate(state.model, state.data.x_test, state.data.y_test)
    assert np.array_equal(tab.evaluation.y_pred, expected.y_pred)

    # the file changed since it was loaded: the copy is made from the model itself
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert not state.model_file_unchanged()
    # (another model object: the same object keeps the copy it already has, which is right)
    state.set_model(store.load_model(path), label="a model whose file changed", path=str(path),
                    file_key=("not", "the", "file"))
    # set_model may start an evaluation of its own: let it finish first, so that the evaluation
    # waited for below is the one asked for (and the copy is made once, whichever makes it)
    _wait_idle(qtbot)
    evaluated.clear()
    tab.evaluate_now()
    qtbot.waitUntil(lambda: any(evaluated), timeout=60_000)
    _wait_idle(qtbot)
    assert snapshots == ["taken"]
