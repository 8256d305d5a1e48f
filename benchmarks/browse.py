"""Time the Dataset tab (open with all 70,000 digits, scroll through them) and the Errors tab
(evaluate the test set in the background and fill the tab). Prints figures, asserts nothing.

Usage: python benchmarks/browse.py [--data DIR] [--model FILE] [--width 1200 --height 760]
MNIST comes from --data, else MNIST_DIR, else ../shared/mnist, else the per-user folder.
The model is --model, else resources/default_model.keras if present, else a freshly built
(untrained) network of --arch (default 'small'); the output says which.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mnist_gui.core import dataset  # noqa: E402
from mnist_gui.gui.dataset_tab import DatasetTab  # noqa: E402
from mnist_gui.gui.errors import ErrorsTab  # noqa: E402
from mnist_gui.session.state import AppState  # noqa: E402
from mnist_gui.session.tasks import Task  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def load_data(explicit: str | None) -> dataset.MnistData:
    if explicit:
        return dataset.load_mnist(explicit)
    if os.environ.get("MNIST_DIR"):
        return dataset.load_mnist(os.environ["MNIST_DIR"])
    shared = ROOT.parent / "shared" / "mnist"
    if shared.is_dir():
        return dataset.load_mnist(shared)
    return dataset.load_or_download(allow_download=False)


def bench_dataset_tab(app: QApplication, data: dataset.MnistData, size: tuple[int, int]) -> None:
    state = AppState()
    state.data = data
    t0 = time.perf_counter()
    tab = DatasetTab(state)
    tab.resize(*size)
    tab.show()
    app.processEvents()
    tab.grab()  # forces a complete paint of the visible tiles
    app.processEvents()
    opened = time.perf_counter() - t0
    print(f"Dataset tab: open with {tab.shown_count():,} digits (construct + show + first paint): "
          f"{_ms(opened)}; thumbnails made: {tab.model.thumbnails_made}")

    view = tab.view
    sb = view.verticalScrollBar()
    cols = max(1, view.viewport().width() // view.gridSize().width())
    rows_per_page = view.viewport().height() / view.gridSize().height()
    steps: list[float] = []
    t0 = time.perf_counter()
    while sb.value() < sb.maximum():
        s0 = time.perf_counter()
        sb.setValue(min(sb.maximum(), sb.value() + sb.pageStep()))
        view.viewport().repaint()
        app.processEvents()
        steps.append(time.perf_counter() - s0)
    total = time.perf_counter() - t0
    last = tab.model.index(tab.model.rowCount() - 1, 0)
    assert view.viewport().rect().intersects(view.visualRect(last)), "did not reach the last row"
    print(f"Dataset tab: scroll first -> last row: {total:.2f} s for {len(steps)} pages "
          f"({cols} columns x {rows_per_page:.1f} rows = ~{cols * rows_per_page:.0f} digits a page); "
          f"per page mean {_ms(statistics.mean(steps))}, median {_ms(statistics.median(steps))}, "
          f"95th pct {_ms(float(np.percentile(steps, 95)))}, max {_ms(max(steps))}; "
          f"thumbnails made {tab.model.thumbnails_made:,}, cached {tab.model.cached_count():,}")

    t0 = time.perf_counter()
    tab.set_filter("test", 1)
    tab.grab()
    print(f"Dataset tab: filter to test digits labelled 1 ({tab.shown_count():,}) and repaint: "
          f"{_ms(time.perf_counter() - t0)}")
    tab.set_filter(None, None)
    t0 = time.perf_counter()
    tab.jump_to(69_999)
    tab.grab()
    print(f"Dataset tab: jump to digit 69,999 of all and repaint: {_ms(time.perf_counter() - t0)}")
    tab.close()


def bench_errors_tab(app: QApplication, data: dataset.MnistData, model_arg: str | None,
                     size: tuple[int, int], arch: str = "small") -> None:
    from mnist_gui.core import evaluation, models, store
    from mnist_gui.paths import default_model_path

    path = Path(model_arg) if model_arg else default_model_path()
    t0 = time.perf_counter()
    if path.exists():
        model = store.load_model(path)
        which = f"{path.name} ({'given' if model_arg else 'bundled default'})"
    else:
        model = models.build_model(arch)
        which = f"a freshly built, untrained '{arch}' network (no {path.name} found)"
    evaluation.predict_one(model, np.zeros((28, 28), np.float32))  # warm up, as AppState.load_model does
    print(f"Errors tab: model: {which}; loaded and warmed up in {time.perf_counter() - t0:.2f} s")

    state = AppState()
    state.data = data
    tab = ErrorsTab(state)
    tab.resize(*size)
    tab.show()
    app.processEvents()

    # responsiveness: a 10 ms timer on the GUI thread; the longest gap is the worst stall
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append((now - last[0]) / 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    done: list[float] = []
    tab.evaluated.connect(lambda: done.append(time.perf_counter()))
    timer.start()
    t0 = time.perf_counter()
    state.set_model(model, label=path.name if path.exists() else f"{arch} (untrained)")
    while not done:
        app.processEvents()
        time.sleep(0.002)
    timer.stop()
    tab.select_cell(*(tab.evaluation.top_confusions(1) or [(0, 0, 0)])[0][:2])
    tab.select_row(0)
    tab.grab()
    filled = time.perf_counter() - t0
    while Task.running():
        app.processEvents()
        time.sleep(0.01)
    ev = tab.evaluation
    print(f"Errors tab: evaluate {len(ev.y_true):,} test digits in the background and fill the tab: "
          f"{filled:.2f} s (evaluated signal after {done[0] - t0:.2f} s); accuracy {ev.accuracy * 100:.2f}%, "
          f"{ev.n_errors:,} errors; GUI-thread timer: {len(gaps)} ticks, longest gap {_ms(max(gaps or [0]))}")
    t0 = time.perf_counter()
    ref = evaluation.evaluate(model, data.x_test, data.y_test)
    print(f"Errors tab: for comparison, core.evaluation.evaluate on the GUI thread: "
          f"{time.perf_counter() - t0:.2f} s; same accuracy: {abs(ref.accuracy - ev.accuracy) < 1e-4}")
    t0 = time.perf_counter()
    tab.show_all_errors()
    tab.grab()
    print(f"Errors tab: list all {ev.n_errors:,} errors and repaint: {_ms(time.perf_counter() - t0)}")
    tab.close()


def main() -> int:
    from mnist_gui.core.backend import import_keras

    import_keras()  # without TensorFlow's native start-up lines on stderr
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=None, help="MNIST folder or mnist.npz")
    ap.add_argument("--model", default=None, help="model file (.keras)")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=760)
    ap.add_argument("--arch", default="small", help="architecture to build when there is no model file")
    ap.add_argument("--skip-errors", action="store_true", help="only time the Dataset tab")
    args = ap.parse_args()
    app = QApplication(sys.argv[:1])
    t0 = time.perf_counter()
    data = load_data(args.data)
    print(f"machine: {os.cpu_count()} CPUs, Qt platform {app.platformName()}, window {args.width}x{args.height}; "
          f"MNIST from {data.source} read in {time.perf_counter() - t0:.2f} s")
    bench_dataset_tab(app, data, (args.width, args.height))
    if not args.skip_errors:
        bench_errors_tab(app, data, args.model, (args.width, args.height), args.arch)
    Task.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
