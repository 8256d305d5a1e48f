"""Do the other long jobs stall the window? Timer lateness on the GUI thread while a model file is
loaded and while the Errors tab evaluates the test set.

The main window as the app shows it (offscreen), with MNIST and the bundled model loaded and a
digit drawn on the canvas, then ``--runs`` times each:

  load    File > Open model of a model file not loaded before (a copy of the bundled model under
          a new name, so that nothing is reused), the Draw tab shown: from the request until the
          new model is the active one and every tab has reacted (the Draw tab answers the drawing
          with it), plus 0.3 s.
  errors  the same with the Errors tab shown: the tab copies the new model and evaluates the
          10,000 test digits in the background; until it shows the result, plus 0.3 s.
  again   the Errors tab's evaluation again, same model (its copy is kept): until shown, + 0.3 s.

What is timed: a 10 ms QTimer on the GUI thread records how late each tick fires; the gap
between two ticks minus 10 ms is how long the window could not respond. The handlers of the
tabs are also timed, to say what the window's thread did during the worst stalls.

Usage: python benchmarks/ui_other_jobs.py [--data DIR] [--runs 3]
The last lines are ``max stall ms (JOB): N`` for each job, the worst of its runs.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

TICK_MS = 10
SETTLE_S = 0.3


def _trace() -> list:
    """Time the handlers that react to a new model or an evaluation (``_window.trace_methods``)."""
    from _window import trace_methods

    from mnist_gui.gui import dataset_tab, draw_tab, main_window, my_digits
    from mnist_gui.gui.errors import ErrorsTab
    from mnist_gui.session import evaluation, state
    from mnist_gui.session import my_digits as session_my_digits

    return trace_methods([
        (draw_tab.DrawTab, ("_on_model_changed", "predict_now")),
        (dataset_tab.DatasetTab, ("_on_model_changed",)),
        (ErrorsTab, ("_on_inputs_changed", "_start_evaluation", "set_evaluation",
                     "_on_eval_done", "_on_eval_progress")),
        (evaluation.TestSetEvaluation, ("start", "_worker_copy")),
        (main_window.MainWindow, ("_update_status",)),
        (state.AppState, ("set_model",)),
        (my_digits.MyDigitsTab, ("_update",)),
        (session_my_digits.Adapter, ("_on_model_changed",)),
    ])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="MNIST folder (default: MNIST_DIR)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from mnist_gui.core import dataset
    from mnist_gui.core.samples import sample_drawings
    from mnist_gui.gui.harness import classify_strokes
    from mnist_gui.session.tasks import Task
    from mnist_gui.paths import default_model_path

    from _window import ops_during

    ops = _trace()
    from mnist_gui.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = MainWindow()
    win.resize(1280, 860)
    win.show()
    state = win.state

    def wait_until(cond: Callable[[], bool], timeout_s: float = 300.0) -> None:
        t = time.perf_counter()
        while not cond():
            if time.perf_counter() - t > timeout_s:
                raise SystemExit("timed out")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def loading() -> bool:
        task = state._model_task
        return task is not None and task.is_running()

    data = dataset.load_or_download(args.data, allow_download=False)
    state.data = data
    state.datasetChanged.emit()
    state.load_model(None)
    wait_until(lambda: state.model is not None and not loading())
    classify_strokes(win.draw_tab, sample_drawings()[0].strokes)
    tmp = Path(tempfile.mkdtemp(prefix="ui-other-jobs-"))
    copies = iter(range(10**6))

    def fresh_model_file() -> Path:
        path = tmp / f"model-{next(copies)}.keras"
        shutil.copyfile(default_model_path(), path)
        return path

    # everything used once before timing (first-time imports and graph tracing are start-up's)
    win.tabs.setCurrentWidget(win.errors_tab)
    wait_until(lambda: win.errors_tab.evaluation is not None and not win.errors_tab.is_evaluating())
    win.tabs.setCurrentWidget(win.draw_tab)
    app.processEvents()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)

    def measure(job: str, act: Callable[[], None], finished: Callable[[], bool]) -> np.ndarray:
        clock = QElapsedTimer()
        ticks: list[float] = []
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(lambda: ticks.append(clock.nsecsElapsed() / 1e6))
        ops.clear()
        clock.start()
        timer.start()
        t0 = time.perf_counter()
        QTimer.singleShot(30, act)
        wait_until(lambda: time.perf_counter() - t0 > 0.05 and finished())
        t_done = time.perf_counter() - t0
        t_end = time.perf_counter() + SETTLE_S
        wait_until(lambda: time.perf_counter() > t_end)
        timer.stop()
        late = np.maximum(np.diff(np.asarray(ticks)) - TICK_MS, 0.0)
        i = int(np.argmax(late))
        a, b = t0 + ticks[i] / 1000, t0 + ticks[i + 1] / 1000
        print(f"{job}: done in {t_done:.2f} s; {len(ticks)} ticks; median {np.median(late):.2f} ms, "
              f"p99 {np.percentile(late, 99):.1f} ms, max {late.max():.0f} ms at {ticks[i] / 1000:.2f} s"
              f" ({ops_during(ops, a, b)})", flush=True)
        return late

    results: dict[str, list[np.ndarray]] = {"load": [], "errors": [], "again": []}
    for _ in range(args.runs):
        win.tabs.setCurrentWidget(win.draw_tab)
        app.processEvents()
        gen = state.model_generation
        path = fresh_model_file()
        results["load"].append(measure("load", lambda: win.load_model(str(path)),
                                       lambda: state.model_generation > gen and not loading()))

        win.tabs.setCurrentWidget(win.errors_tab)
        errors = win.errors_tab
        wait_until(lambda: not Task.running())  # the evaluation of the model shown meanwhile
        app.processEvents()
        path = fresh_model_file()
        evaluated: list[bool] = []
        # (the tab also says "evaluated" when it clears the old model's figures)
        errors.evaluated.connect(lambda: evaluated.append(errors.evaluation is not None))
        results["errors"].append(measure("errors", lambda: win.load_model(str(path)),
                                         lambda: any(evaluated) and not Task.running()))
        evaluated.clear()
        results["again"].append(measure("again", errors.evaluate_now,
                                        lambda: any(evaluated) and not Task.running()))
        errors.evaluated.disconnect()
    win.train_tab.discard_unsaved()  # a benchmark: its runs' models are not kept
    win.close()
    shutil.rmtree(tmp, ignore_errors=True)
    for job, lates in results.items():
        late = np.concatenate(lates)
        print(f"{job}: p99 lateness ms: {np.percentile(late, 99):.1f}")
    for job, lates in results.items():
        print(f"max stall ms ({job}): {max(float(x.max()) for x in lates):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
