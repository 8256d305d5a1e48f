"""How much throughput the Train tab costs: the same training three ways, samples per second.

1. plain Keras: ``model.fit(verbose=0)`` on a model from ``core.models.build_model``, compiled
   exactly as ``core.training.train`` compiles it;
2. ``core.training.train`` (its per-batch progress callback, throttled reports, cancel checks);
3. the Train tab's worker in its QThread, with the live plots, progress bars and log running in
   a shown (offscreen) window on a real Qt event loop.

Same network, batch size, data (the first N MNIST training digits), seed and learning-rate
schedule everywhere. Graph compilation is left out fairly: each run trains E epochs and only
epochs 2..E are timed (from the end of epoch 1 to the end of epoch E, taken the same way in all
three, at Keras's ``on_epoch_end``). The three are run interleaved, in a rotating order, after a
``keras.backend.clear_session()`` each, ``--repeats`` times, and the best of each is compared
(best-of-N is least disturbed by other work on the machine).

Usage: python benchmarks/train_overhead.py [--data DIR] [--arch tutorial] [--batch 128]
       [--digits 12000] [--epochs 3] [--repeats 3]
The last line is ``throughput ratio (gui/plain): X.XX``.
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

from mnist_gui.core import dataset, models, training  # noqa: E402


def _rate(epoch_ends: list[float], n: int) -> float:
    """Samples/s over epochs 2..E from the elapsed times at the end of each epoch."""
    if len(epoch_ends) < 2:
        raise SystemExit("need at least 2 epochs to leave the first (graph compilation) out")
    return (len(epoch_ends) - 1) * n / (epoch_ends[-1] - epoch_ends[0])


def run_plain(cfg: training.TrainConfig, x: np.ndarray, y: np.ndarray) -> float:
    import keras

    keras.utils.set_random_seed(int(cfg.seed))
    xi, yi = training.to_input(x), np.asarray(y).astype(np.int32)
    steps = int(np.ceil(len(xi) / cfg.batch_size))
    model = models.build_model(cfg.arch, augment=cfg.augment)
    model.compile(optimizer=training.make_optimizer(cfg, steps), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    ends: list[float] = []
    t0 = time.perf_counter()
    stamp = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: ends.append(time.perf_counter() - t0))
    model.fit(xi, yi, batch_size=cfg.batch_size, epochs=cfg.epochs, shuffle=True, verbose=0, callbacks=[stamp])
    return _rate(ends, len(xi))


def run_core(cfg: training.TrainConfig, x: np.ndarray, y: np.ndarray) -> float:
    ends: list[float] = []

    def on_progress(p: training.Progress) -> None:
        if p.kind == "epoch":
            ends.append(p.elapsed_s)

    training.train(cfg, x, y, on_progress=on_progress, progress_interval=0.1)
    return _rate(ends, len(x))


class GuiRunner:
    """A shown window with the Train tab; runs go through its Start button path."""

    def __init__(self, data: dataset.MnistData) -> None:
        from PySide6.QtWidgets import QApplication, QMainWindow

        from mnist_gui.gui.state import AppState
        from mnist_gui.gui.train_tab import TrainTab

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.state = AppState()
        self.win = QMainWindow()
        self.tab = TrainTab(self.state)
        self.win.setCentralWidget(self.tab)
        self.win.resize(1280, 860)
        self.win.show()
        self.state.data = data
        self.state.datasetChanged.emit()
        self.app.processEvents()

    def run(self, cfg: training.TrainConfig, n: int) -> tuple[float, int, int]:
        from PySide6.QtCore import QEventLoop

        self.tab.set_config(cfg, n)
        loop = QEventLoop()
        done: list = []
        self.tab.runFinished.connect(lambda r: (done.append(r), loop.quit()))
        draws0 = self.tab.plots.draw_count
        full0 = self.tab.plots.full_draw_count
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        if not self.tab.start():
            raise SystemExit("the Train tab refused to start")
        loop.exec()
        self.gui_cpu_share = (time.thread_time() - cpu0) / (time.perf_counter() - wall0)
        while self.tab.is_training() or self.tab._task is not None:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        self.tab.runFinished.disconnect()
        run = done[0]
        if run.status != "finished":
            raise SystemExit(f"GUI run ended {run.status}: {run.error}")
        return (_rate(run.epoch_elapsed, n), self.tab.plots.draw_count - draws0,
                self.tab.plots.full_draw_count - full0)

    def close(self) -> None:
        self.tab.shutdown()
        self.win.close()


def main() -> int:
    from mnist_gui.core.backend import import_keras

    import_keras()  # without TensorFlow's native start-up lines on stderr
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="MNIST folder (default: MNIST_DIR)")
    ap.add_argument("--arch", default="tutorial", choices=models.architecture_names())
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--digits", type=int, default=12_000, help="train on the first N training digits")
    ap.add_argument("--epochs", type=int, default=3, help="epochs per run; the first one is not timed")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    data = dataset.load_or_download(args.data, allow_download=False)
    n = min(args.digits, data.num_train)
    x, y = data.x_train[:n], data.y_train[:n]
    cfg = training.TrainConfig.for_arch(args.arch, epochs=args.epochs, batch_size=args.batch, augment=False,
                                        validation_split=0.0, seed=1)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; "
          f"arch {cfg.arch}, batch {cfg.batch_size}, lr {cfg.learning_rate:g} ({cfg.lr_schedule}), "
          f"{n:,} digits, {cfg.epochs} epochs per run (epochs 2..{cfg.epochs} timed), {args.repeats} repeats",
          flush=True)
    import keras  # noqa: F401 - import TensorFlow before any timing

    gui = GuiRunner(data)
    results: dict[str, list[float]] = {"plain": [], "core": [], "gui": []}
    orders = [("plain", "core", "gui"), ("gui", "core", "plain"), ("core", "gui", "plain")]
    for rep in range(1, args.repeats + 1):
        for method in orders[(rep - 1) % len(orders)]:  # rotate the order: no method always goes first
            keras.backend.clear_session()  # the same clean slate before every run
            gc.collect()
            if method == "plain":
                r = run_plain(cfg, x, y)
                print(f"repeat {rep}: plain model.fit      {r:8.0f} samples/s", flush=True)
            elif method == "core":
                r = run_core(cfg, x, y)
                print(f"repeat {rep}: core.training.train  {r:8.0f} samples/s", flush=True)
            else:
                r, draws, full = gui.run(cfg, n)
                print(f"repeat {rep}: Train tab (GUI)      {r:8.0f} samples/s  ({draws} plot redraws, {full} of "
                      f"them full; GUI thread busy {100 * gui.gui_cpu_share:.1f}% of one core)", flush=True)
            results[method].append(r)
    gui.close()
    best = {k: max(v) for k, v in results.items()}
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"load average now {os.getloadavg()[0]:.2f}")
    for k, title in (("plain", "plain model.fit"), ("core", "core.training.train"), ("gui", "Train tab worker + live plots")):
        print(f"{title:32s} best {best[k]:8.0f}  median {med[k]:8.0f} samples/s")
    paired = [g / p for g, p in zip(results["gui"], results["plain"])]
    print(f"gui/plain within each repeat: {', '.join(f'{r:.2f}' for r in paired)} "
          f"(median {statistics.median(paired):.2f})")
    print(f"throughput ratio (core/plain): {best['core'] / best['plain']:.2f}")
    print(f"throughput ratio (gui/plain, medians): {med['gui'] / med['plain']:.2f}")
    print(f"throughput ratio (gui/plain): {best['gui'] / best['plain']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
