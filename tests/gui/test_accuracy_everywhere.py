"""Issue 20 #2: after "Use this model" the status bar said "test accuracy unknown" even once the
Errors tab had measured it. A model's accuracy, once measured anywhere in the app, is shown
everywhere: the status bar, and the Train tab's run whose model it is."""
from __future__ import annotations

from mnist_gui.core.training import TrainConfig
from mnist_gui.gui.main_window import MainWindow
from mnist_gui.session import evaluation
from mnist_gui.session.state import AppState
from mnist_gui.session.tasks import Task
from tests.gui.digit_fakes import FakeModel, synthetic_mnist
from tests.gui.test_train_tab import _fake_process, fake_model_file  # noqa: F401 - a fixture

TIMEOUT_MS = 60_000


def test_a_whole_test_set_evaluation_makes_the_accuracy_known(qtbot) -> None:
    state = AppState()
    state.data = synthetic_mnist(60, 40)
    model = FakeModel()
    state.set_model(model, label="a model without a card")
    assert "test accuracy unknown" in state.model_summary()
    job = evaluation.TestSetEvaluation(state)
    with qtbot.waitSignal(state.accuracyMeasured, timeout=TIMEOUT_MS) as measured:
        assert job.start(model, state.data.x_test, state.data.y_test)
    qtbot.waitUntil(lambda: not job.is_running(), timeout=TIMEOUT_MS)
    assert measured.args[0] == state.measured_accuracy
    assert f"test accuracy {state.measured_accuracy * 100:.2f}%" in state.model_summary()
    # a part of the test set, or a model that is no longer the active one, says nothing
    with qtbot.assertNotEmitted(state.accuracyMeasured, wait=0):
        state.note_accuracy(FakeModel(), 0.5)
    state.set_model(FakeModel(shift=1), label="another")
    assert state.measured_accuracy is None and "test accuracy unknown" in state.model_summary()
    Task.stop_all(10_000)


def test_the_status_bar_and_the_run_show_an_accuracy_measured_after_use(qtbot, monkeypatch,
                                                                        fake_model_file) -> None:  # noqa: F811
    _fake_process(monkeypatch, batches=5, model_path=fake_model_file)
    w = MainWindow()
    w.show()
    try:
        w.state.data = synthetic_mnist(200, 40)
        w.state.datasetChanged.emit()
        w.train_tab.set_config(TrainConfig.for_arch("small", epochs=1, batch_size=16, seed=1), 200)
        with qtbot.waitSignal(w.train_tab.runFinished, timeout=TIMEOUT_MS):
            assert w.train_tab.start()
        qtbot.waitUntil(lambda: not w.train_tab.is_training(), timeout=TIMEOUT_MS)
        run = w.train_tab.runs[0]
        run.outcome.test_accuracy = None  # its own evaluation was cut short (Stop on a busy machine)
        model = FakeModel()
        w.state.set_model(model, label="trained small (run 1)", path=run.model)
        assert "test accuracy unknown" in w.model_status.text()
        w.state.note_accuracy(model, 0.9905)  # what the Errors tab does when it has read all test digits
        assert "test accuracy 99.05%" in w.model_status.text()
        assert run.test_accuracy == 0.9905 and "99.05" in w.train_tab.result_value.text()
    finally:
        w.train_tab.discard_unsaved()
        w.close()
        Task.stop_all(10_000)
        w.deleteLater()
