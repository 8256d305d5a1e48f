"""Time to accuracy of the Train tab's presets: from Start to the test accuracy each one promises.

For each preset (Quick: 99.0%, Best: 99.6%, Tutorial: its 97.7%), in a shown (offscreen) window
with the Train tab: the preset is chosen, the training process has been pre-started (as when the
tab is shown), Start is clicked, and the run goes to its end through the real training process
on all 60,000 MNIST training digits.

What is timed: wall-clock seconds from the Start click to the end of the first epoch after which
the test accuracy (all 10,000 test digits) reaches the preset's target. Measuring the test
accuracy after every epoch is something only this benchmark asks for (the tab's
``test_each_epoch``); the seconds those measurements take are subtracted, so the figure is what a
normal run needs to get there. Also printed: each epoch's test accuracy and the final one.

Usage: python benchmarks/time_to_accuracy.py [--data DIR] [--presets quick,best,tutorial]
The last line is exactly ``quick seconds to 99.0%: N`` (``never`` if it did not get there).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from mnist_gui.core import dataset  # noqa: E402

TARGETS = {"quick": 0.990, "best": 0.996, "tutorial": 0.977}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="MNIST folder (default: MNIST_DIR)")
    ap.add_argument("--presets", default="quick,best,tutorial")
    args = ap.parse_args()

    from PySide6.QtCore import QEventLoop, QTimer

    from _window import train_window
    from mnist_gui.core import trainproc
    from mnist_gui.gui.train import PRESETS

    data = dataset.load_or_download(args.data, allow_download=False)
    app, state, win, tab = train_window(data)
    tab.test_each_epoch = True
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
    results: dict[str, str] = {}
    for key in [k.strip() for k in args.presets.split(",") if k.strip()]:
        preset = next(p for p in PRESETS if p.key == key)
        tab.settings.apply_preset(preset)
        cfg = tab.config()
        trainproc.prestart().wait_ready()  # as after showing the tab: TensorFlow already loaded
        target = TARGETS[key]
        epochs: list[tuple[int, float, float]] = []  # epoch, accuracy, seconds since Start (measurements out)
        measuring = [0.0]
        t0 = [0.0]

        def tested(epoch: int, acc: float, eval_s: float) -> None:
            measuring[0] += eval_s
            epochs.append((epoch, acc, time.perf_counter() - t0[0] - measuring[0]))

        tab.epochTested.connect(tested)
        loop = QEventLoop()
        finished: list = []
        tab.runFinished.connect(lambda r: (finished.append(r), loop.quit()))

        def click() -> None:
            t0[0] = time.perf_counter()
            tab.start_button.click()

        QTimer.singleShot(10, click)
        loop.exec()
        while tab._task is not None:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        tab.epochTested.disconnect()
        tab.runFinished.disconnect()
        run = finished[0]
        reached = next((t for e, a, t in epochs if a >= target), None)
        print(f"{key}: {cfg.arch}, {cfg.epochs} epochs, batch {cfg.batch_size}, lr {cfg.learning_rate:g} "
              f"({cfg.lr_schedule}), augmentation {'on' if cfg.augment else 'off'}; "
              f"run {run.status}, final test accuracy {100 * (run.test_accuracy or float('nan')):.2f}%", flush=True)
        for e, a, t in epochs:
            print(f"  epoch {e}: test accuracy {100 * a:.2f}% at {t:.1f} s", flush=True)
        verdict = f"{reached:.0f}" if reached is not None else "never"
        print(f"  {key} seconds to {100 * target:.1f}%: {verdict}", flush=True)
        results[key] = verdict
    tab.shutdown()
    if "quick" in results:
        print(f"quick seconds to 99.0%: {results['quick']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
