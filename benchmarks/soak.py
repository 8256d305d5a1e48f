"""Soak test: a long session in one window; does memory grow, is anything left running?

In one main window (offscreen), with the bundled model and MNIST loaded:
  1. replays 5,000 pen digits (``STROKES_FILE`` or ../shared/strokes/...) through the Draw tab's
     canvas, as drawing does;
  2. switches the active model 50 times (the bundled model and a small saved one, alternately,
     each loaded in the background as File > Open model does);
  3. runs 20 start/stop training cycles in the Train tab (the Quick network on 6,000 digits:
     Start, a few batches, Stop, wait until the run has ended and been handed back);
  4. runs 10 Errors-tab evaluations of the 10,000 test digits.
Then closes the window as a person does.

What is measured: the resident memory (VmRSS) of this process when everything is loaded and has
been used once (start) and after all of it (end, after a garbage collection), the threads alive
and the child processes left after the window has closed. Each phase's time is printed too.

Usage: python benchmarks/soak.py [--data DIR] [--strokes FILE] [--digits 5000] [--switches 50]
       [--cycles 20] [--evaluations 10]
The last line is exactly ``rss growth MB: N`` (target: under 150, nothing left running).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def children() -> list[str]:
    """This process's living children, as "pid (command)"."""
    me, out = os.getpid(), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == me and fields[0] != "Z":
                    with open(f"/proc/{entry}/cmdline", "rb") as c:
                        cmd = c.read().replace(b"\0", b" ").decode(errors="replace").strip()
                    out.append(f"{entry} ({cmd[:120]})")
            except (OSError, IndexError, ValueError):
                pass
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR") or str(ROOT.parent / "shared" / "mnist"))
    ap.add_argument("--strokes", default=os.environ.get("STROKES_FILE")
                    or str(ROOT.parent / "shared" / "strokes" / "pendigits-train-writers.json"))
    ap.add_argument("--digits", type=int, default=5000)
    ap.add_argument("--switches", type=int, default=50)
    ap.add_argument("--cycles", type=int, default=20)
    ap.add_argument("--evaluations", type=int, default=10)
    args = ap.parse_args()

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from mnist_gui.core import models, strokes
    from mnist_gui.core.training import TrainConfig
    from mnist_gui.gui.harness import classify_strokes
    from mnist_gui.gui.main_window import MainWindow
    from mnist_gui.session.tasks import Task

    from mnist_gui.gui.app import limit_malloc_arenas

    limit_malloc_arenas()  # as the app does at start-up (run_app)
    os.environ.setdefault("MNIST_GUI_HOME", tempfile.mkdtemp(prefix="soak-home-"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    win = MainWindow()
    win.resize(1280, 820)
    win.show()

    def wait(cond, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise SystemExit("timed out waiting")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.002)

    win.state.load_model(None)
    wait(lambda: win.state.model is not None)
    win.state.load_dataset(args.data)
    wait(lambda: win.state.data is not None)
    samples = strokes.load_strokes(args.strokes)
    small = Path(tempfile.mkdtemp(prefix="soak-")) / "small.keras"
    models.build_model("small").save(small)
    tab = win.train_tab
    win.tabs.setCurrentWidget(tab)
    tab.set_config(TrainConfig.for_arch("quick", epochs=1, seed=1), 6000)

    def switch(i: int) -> None:
        before = win.state.model_generation
        win.state.load_model(small if i % 2 == 0 else None)
        wait(lambda: win.state.model_generation != before)

    def cycle() -> None:
        n = len(tab.runs)
        assert tab.start()
        wait(lambda: len(tab.runs) > n and tab.run_bar.value() > 0)
        tab.request_stop()
        wait(lambda: tab._task is None)

    def evaluate() -> None:
        win.tabs.setCurrentWidget(win.errors_tab)
        win.errors_tab.evaluation = None
        done: list[bool] = []
        win.errors_tab.evaluated.connect(lambda: done.append(True))
        win.errors_tab._start_evaluation()
        wait(lambda: bool(done))
        win.errors_tab.evaluated.disconnect()

    # once each, so that "start" is after every feature has been used (caches, graphs, pools)
    for s in samples[:50]:
        classify_strokes(win.draw_tab, s.strokes)
    switch(0)
    switch(1)
    win.tabs.setCurrentWidget(tab)
    cycle()
    evaluate()
    gc.collect()
    start = rss_mb()
    print(f"resident memory at start: {start:.0f} MB (window, bundled model, MNIST loaded; each feature used once)",
          flush=True)

    t = time.perf_counter()
    win.tabs.setCurrentWidget(win.draw_tab)
    chosen = [samples[i % len(samples)] for i in range(args.digits)]
    correct = 0
    for i, s in enumerate(chosen):
        probs = classify_strokes(win.draw_tab, s.strokes)
        correct += probs is not None and int(probs.argmax()) == s.label
        if i % 500 == 0:
            app.processEvents()
    print(f"{len(chosen)} pen digits replayed in {time.perf_counter() - t:.0f} s ({correct} read right); "
          f"{rss_mb():.0f} MB", flush=True)
    t = time.perf_counter()
    for i in range(args.switches):
        switch(i)
    print(f"{args.switches} model switches in {time.perf_counter() - t:.0f} s; {rss_mb():.0f} MB", flush=True)
    win.tabs.setCurrentWidget(tab)
    t = time.perf_counter()
    for _ in range(args.cycles):
        cycle()
    print(f"{args.cycles} training start/stop cycles in {time.perf_counter() - t:.0f} s "
          f"({len(tab.runs)} runs in the list); {rss_mb():.0f} MB", flush=True)
    t = time.perf_counter()
    for _ in range(args.evaluations):
        evaluate()
    print(f"{args.evaluations} Errors-tab evaluations in {time.perf_counter() - t:.0f} s; {rss_mb():.0f} MB", flush=True)
    gc.collect()
    app.processEvents()
    end = rss_mb()
    print(f"resident memory at end: {end:.0f} MB", flush=True)

    win.train_tab.discard_unsaved()  # a benchmark: its runs' models are not kept
    win.close()
    wait(lambda: not Task.running(), 60)
    app.processEvents()
    time.sleep(0.5)
    left = children()
    training = [c for c in left if "resource_tracker" not in c]
    threads = [th.name for th in threading.enumerate()
               if th is not threading.main_thread() and not isinstance(th, threading._DummyThread)]
    print(f"after closing: {len(Task.running())} background tasks (QThreads) running; "
          f"Python threads left: {threads or 'none'}; child processes left: {training or 'none'}"
          + (" (besides multiprocessing's resource tracker, which lives as long as this process)"
             if len(training) < len(left) else ""))
    print(f"rss growth MB: {end - start:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
