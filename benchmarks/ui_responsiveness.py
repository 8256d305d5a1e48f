"""Does the window stay responsive while the Train tab trains? Timer lateness on the GUI thread.

Shows the Train tab (offscreen) with the training process pre-started (as when the tab is
shown), then, ``--runs`` times: clicks Start, lets the run train until ``--stop-at`` of it is
done, clicks Stop, and waits until the run has fully ended (the process stopped, evaluated and
handed its model back). For each whole run, from just before the Start click until the
supervising thread has ended, a 10 ms QTimer on the GUI thread records how late each tick fires:
the gap between two ticks minus 10 ms is how long the GUI thread could not respond (a stall).
``--stop-at 0`` lets runs finish instead.

TensorFlow is imported in the window's process beforehand, as in the app (which loads its
model at start-up); the training itself runs in the training process.

Usage: python benchmarks/ui_responsiveness.py [--data DIR] [--arch quick] [--epochs 2]
       [--digits 60000] [--validation 10] [--runs 3] [--stop-at 0.6] [--screenshot PNG]
Prints, per run and over all runs, the median, 99th percentile and worst lateness; the last
two lines are ``p99 lateness ms: N`` and ``max stall ms: N`` (the worst of all runs).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

from mnist_gui.core import dataset, models, training  # noqa: E402

TICK_MS = 10


def _time_garbage_collections() -> list[tuple[int, float]]:
    """(generation, seconds) of every garbage collection from now on."""
    import gc

    times: list[tuple[int, float]] = []
    started: dict[str, float] = {}

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started["t"] = time.perf_counter()
        elif "t" in started:
            times.append((int(info["generation"]), time.perf_counter() - started.pop("t")))

    gc.callbacks.append(callback)
    return times


def _trace_gui_work() -> list:
    """Time the Train tab's and the plots' handlers (see ``_window.trace_methods``)."""
    from _window import trace_methods

    from mnist_gui.gui.plots import TrainingPlots
    from mnist_gui.gui.train import tab as tab_module

    return trace_methods([
        (TrainingPlots, ("_next_stage", "_blit_curves", "_on_timer", "draw")),
        (tab_module.TrainTab, ("_on_progress", "_on_finished", "_on_eval_progress", "start", "request_stop")),
    ])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="MNIST folder (default: MNIST_DIR)")
    ap.add_argument("--arch", default="quick", choices=models.architecture_names())
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--digits", type=int, default=60_000)
    ap.add_argument("--batch", type=int, default=None, help="default: the architecture's")
    ap.add_argument("--validation", type=int, default=10, help="validation split in percent")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-freeze", action="store_true", help="leave the imported objects to the garbage collector")
    ap.add_argument("--stop-at", type=float, default=0.6, help="click Stop at this fraction of the run (0: never)")
    ap.add_argument("--screenshot", default=None, help="save the Train tab as this PNG after each run (-N added)")
    args = ap.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    from _window import train_window
    from mnist_gui.core import trainproc

    data = dataset.load_or_download(args.data, allow_download=False)
    import keras  # noqa: F401 - as in the app, whose model is loaded at start-up

    from mnist_gui.core.backend import freeze_imported_objects

    if not args.no_freeze:
        freeze_imported_objects()  # as the app does when it loads its model
    gc_times = _time_garbage_collections()

    from _window import ops_during

    ops = _trace_gui_work()
    app, state, win, tab = train_window(data)
    n = min(args.digits, data.num_train)
    cfg = training.TrainConfig.for_arch(args.arch, epochs=args.epochs, batch_size=args.batch,
                                        validation_split=args.validation / 100.0, seed=1)
    tab.set_config(cfg, n)
    app.processEvents()
    trainproc.prestart().wait_ready()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; arch {cfg.arch}, "
          f"{cfg.epochs} epoch(s) on {n:,} digits, batch {cfg.batch_size}, validation {args.validation}%, "
          + (f"Stop at {args.stop_at:.0%} of each run" if args.stop_at else "runs to the end"), flush=True)

    all_late: list[np.ndarray] = []
    starts: list[float] = []  # seconds from the Start click to the first progress report
    clicks: list[tuple[str, float]] = []  # how long each click's own handler took
    for r in range(1, args.runs + 1):
        clock = QElapsedTimer()
        ticks: list[float] = []
        phases: list[str] = []

        def phase() -> str:
            run = tab.runs[-1] if len(tab.runs) >= r else None
            if run is None or run.status == "starting":
                return "start (data to the process, first batches)"
            if tab._stop_requested:
                return "stopping (stop, evaluation, hand-over)"
            if tab.epoch_bar_label.text() == "Test set" or run.status != "running":
                return "test-set evaluation and hand-over"
            return "training"

        def tick() -> None:
            ticks.append(clock.nsecsElapsed() / 1e6)
            phases.append(phase())
            if args.stop_at and tab._task is not None and not tab._stop_requested and \
                    tab.run_bar.value() >= args.stop_at * tab.run_bar.maximum():
                t = time.perf_counter()
                tab.stop_button.click()  # from inside the event loop, like a person's click
                clicks.append(("Stop", time.perf_counter() - t))

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        loop = QEventLoop()
        tab.runFinished.connect(lambda _r: loop.quit())
        clock.start()
        timer.start()
        t0 = time.perf_counter()
        def start_click() -> None:
            t = time.perf_counter()
            tab.start_button.click()
            clicks.append(("Start", time.perf_counter() - t))

        QTimer.singleShot(30, start_click)  # the click's own work counts as well
        loop.exec()
        while tab._task is not None:  # until the supervising thread has ended and been handed over
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        timer.stop()
        tab.runFinished.disconnect()
        wall = time.perf_counter() - t0
        run = tab.runs[-1]
        late = np.maximum(np.diff(np.asarray(ticks)) - TICK_MS, 0.0)
        all_late.append(late)
        first = next((t for t, ph in zip(ticks, phases) if ph == "training"), None)
        starts.append(first / 1000 - 0.03 if first is not None else float("nan"))  # the click came at 30 ms
        order = np.argsort(-late)[:3]
        run_ops = [(name, start - t0, dur) for name, start, dur in ops if start >= t0]  # from the run's start
        ops.clear()
        print(f"run {r}: {run.status} in {wall:.1f} s; test accuracy "
              f"{run.test_accuracy if run.test_accuracy is not None else float('nan'):.4f}; {len(ticks)} ticks; "
              f"median {np.median(late):.2f} ms, p99 {np.percentile(late, 99):.1f} ms, max {late.max():.0f} ms", flush=True)
        print("  worst: " + "; ".join(f"{late[i]:.0f} ms at {ticks[i] / 1000:.1f} s ({phases[i]})" for i in order))
        for i in order[:2]:  # what the window's thread did during the two worst stalls
            a, b = ticks[i] / 1000, ticks[i + 1] / 1000
            print(f"    during the {late[i]:.0f} ms at {a:.2f} s: {ops_during(run_ops, a, b)}")
        if args.screenshot:  # what the user sees once the run has ended (the stopped run's result)
            app.processEvents()
            shot = Path(args.screenshot)
            win.grab().save(str(shot.with_name(f"{shot.stem}-{r}{shot.suffix}")))
        tick_phase = np.asarray(phases[:-1])  # a gap belongs to the phase it began in
        for name in dict.fromkeys(phases[:-1]):
            sel = late[tick_phase == name]
            print(f"  {name}: {len(sel)} ticks, p99 {np.percentile(sel, 99):.1f} ms, max {sel.max():.0f} ms")
    late = np.concatenate(all_late)
    for name in ("Start", "Stop"):
        ms = [dt * 1000 for n, dt in clicks if n == name]
        if ms:
            print(f"{name} click handled in {', '.join(f'{m:.0f}' for m in ms)} ms")
    for gen in range(3):
        ms = [d * 1000 for g, d in gc_times if g == gen]
        if ms:
            print(f"garbage collections of generation {gen}: {len(ms)}, {sum(ms):.0f} ms in all, longest {max(ms):.1f} ms")
    pl = tab.plots
    print(f"plots: {pl.full_draw_count} full redraws ({pl.stage_count} steps, longest {pl.max_stage_s * 1000:.0f} ms), "
          f"{pl.blit_count} curve updates")
    print(f"load average now {os.getloadavg()[0]:.2f}")
    print(f"Start click to first progress report (training process pre-started): "
          f"{', '.join(f'{s:.2f}' for s in starts)} s")
    print(f"median lateness ms: {np.median(late):.2f}")
    print(f"p99 lateness ms: {np.percentile(late, 99):.1f}")
    print(f"max stall ms: {late.max():.0f}")
    tab.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
