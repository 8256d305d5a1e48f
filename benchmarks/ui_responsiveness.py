"""Does the window stay responsive while the Train tab trains? Timer lateness on the GUI thread.

Shows the Train tab (offscreen), clicks Start and, for the whole run (from just before the click
until the worker thread has ended, test-set evaluation included), runs a 10 ms QTimer on the GUI
thread, recording how late each tick fires: the gap between two ticks minus 10 ms is how long
the GUI thread could not respond (a stall).

TensorFlow is imported before the measurement, as it is in the app (which loads its model at
start-up); ``--cold`` leaves it to the run, to see what a first run in a fresh process costs.

Usage: python benchmarks/ui_responsiveness.py [--data DIR] [--arch small] [--epochs 2]
       [--digits 60000] [--validation 10] [--cold]
Prints the median, 99th percentile and worst lateness; the last line is ``max stall ms: N``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

from mnist_gui.core import dataset, models, training  # noqa: E402

TICK_MS = 10


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="MNIST folder (default: MNIST_DIR)")
    ap.add_argument("--arch", default="small", choices=models.architecture_names())
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--digits", type=int, default=60_000)
    ap.add_argument("--batch", type=int, default=None, help="default: the architecture's")
    ap.add_argument("--validation", type=int, default=10, help="validation split in percent")
    ap.add_argument("--cold", action="store_true", help="do not import TensorFlow before measuring")
    args = ap.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    from mnist_gui.gui.state import AppState
    from mnist_gui.gui.train_tab import TrainTab

    app = QApplication.instance() or QApplication(sys.argv[:1])
    data = dataset.load_or_download(args.data, allow_download=False)
    if not args.cold:
        import keras  # noqa: F401

    state = AppState()
    win = QMainWindow()
    tab = TrainTab(state)
    win.setCentralWidget(tab)
    win.resize(1280, 860)
    win.show()
    state.data = data
    state.datasetChanged.emit()
    n = min(args.digits, data.num_train)
    cfg = training.TrainConfig.for_arch(args.arch, epochs=args.epochs, batch_size=args.batch,
                                        validation_split=args.validation / 100.0, seed=1)
    tab.set_config(cfg, n)
    app.processEvents()

    clock = QElapsedTimer()
    ticks: list[float] = []
    phases: list[str] = []

    def phase() -> str:
        run = tab.runs[-1] if tab.runs else None
        if run is None or run.status == "starting":
            return "start-up (importing, building and tracing the network)"
        if tab.epoch_bar_label.text() == "Test set" or run.status != "running":
            return "test-set evaluation and hand-over"
        return "training"

    def tick() -> None:
        ticks.append(clock.nsecsElapsed() / 1e6)
        phases.append(phase())

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; arch {cfg.arch}, "
          f"{cfg.epochs} epoch(s) on {n:,} digits, batch {cfg.batch_size}, validation {args.validation}%, "
          f"TensorFlow {'not ' if args.cold else ''}imported beforehand", flush=True)
    loop = QEventLoop()
    tab.runFinished.connect(lambda _r: loop.quit())
    clock.start()
    timer.start()
    t0 = time.perf_counter()
    # click Start from inside the event loop, so the click's own work counts as well
    QTimer.singleShot(30, tab.start_button.click)
    loop.exec()
    while tab._task is not None:  # until the worker thread has ended and been handed over
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    timer.stop()
    wall = time.perf_counter() - t0
    run = tab.runs[-1]

    gaps = np.diff(np.asarray(ticks))
    late = np.maximum(gaps - TICK_MS, 0.0)
    order = np.argsort(-late)[:5]
    print(f"run {run.status} in {wall:.1f} s; test accuracy "
          f"{run.test_accuracy if run.test_accuracy is not None else float('nan'):.4f}; "
          f"{len(ticks)} ticks; {tab.plots.draw_count} plot redraws ({tab.plots.full_draw_count} full)")
    print("worst stalls: " + "; ".join(f"{late[i]:.0f} ms at {ticks[i] / 1000:.1f} s ({phases[i]})"
                                       for i in order))
    tick_phase = np.asarray(phases[:-1])  # a gap belongs to the phase it began in
    for name in dict.fromkeys(phases[:-1]):
        sel = late[tick_phase == name]
        print(f"  {name}: {len(sel)} ticks, median {np.median(sel):.2f} ms, p99 {np.percentile(sel, 99):.1f} ms, "
              f"max {sel.max():.0f} ms")
    print(f"load average now {os.getloadavg()[0]:.2f}")
    print(f"median lateness ms: {np.median(late):.2f}")
    print(f"p99 lateness ms: {np.percentile(late, 99):.1f}")
    print(f"max stall ms: {late.max():.0f}")
    tab.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
