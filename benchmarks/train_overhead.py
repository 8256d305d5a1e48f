"""How much throughput the Train tab costs: the same training two ways, samples per second.

1. plain Keras: ``model.fit(verbose=0)`` in a fresh child process (spawned like the app's
   training process), with exactly the app's input pipeline: the network from
   ``core.models.build_model`` behind the same training-only front (uint8 digits scaled inside
   the graph, ``core.training._training_model``), compiled as ``core.training.train`` compiles it;
2. the Train tab: Start in a shown (offscreen) window with live plots, progress bars and log; the
   run goes through the app's pre-started training process (``core.training.train`` with its
   per-batch progress reports, cancel checks and per-epoch checkpoints), the GUI process drawing
   meanwhile on the same CPUs.

Same network, batch size, data (the first N MNIST training digits), seed and learning-rate
schedule. What is timed: from the end of epoch 1 to the end of epoch E (graph building and
tracing are left out the same way in both), inside the training process, at Keras's
``on_epoch_end``.

Each repeat is an ABBA block: plain, Train tab, Train tab, plain (the next block starts with the
Train tab: BAAB), so both ways take the first and the second place of a pair equally often. On
this machine the second run of a pair is often 20-30% faster than the first whichever it is
(seen in the figures: pairs alternating A-B, B-A gave ratios 1.19, 0.89, 1.19, 0.73), so a
repeat's ratio is the geometric mean of its two pairs' ratios, in which that order effect
cancels; the last line is the median of the repeats' ratios.

Usage: python benchmarks/train_overhead.py [--data DIR] [--arch tutorial] [--batch 128]
       [--digits 30000] [--epochs 3] [--repeats 3]
The last line is ``throughput ratio (gui/plain): X.XX``.
"""
from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import numpy as np  # noqa: E402

from mnist_gui.core import dataset, models, trainproc, training  # noqa: E402


def _rate(epoch_ends: list[float], n: int) -> float:
    """Samples/s over epochs 2..E from the elapsed times at the end of each epoch."""
    if len(epoch_ends) < 2:
        raise SystemExit("need at least 2 epochs to leave the first (graph compilation) out")
    return (len(epoch_ends) - 1) * n / (epoch_ends[-1] - epoch_ends[0])


def _plain_child(cfg_dict: dict, data_path: str, out) -> None:
    """In a fresh process: plain model.fit with the app's input pipeline; sends the epoch ends."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    cfg = training.TrainConfig(**cfg_dict)
    x, y, _, _ = trainproc.read_job_data(data_path)
    x, y = np.asarray(x), np.asarray(y).astype(np.int32)
    keras.utils.set_random_seed(int(cfg.seed))
    steps = int(np.ceil(len(x) / cfg.batch_size))
    net = models.build_model(cfg.arch)
    model = training._training_model(net, cfg, raw_bytes=True)
    model.compile(optimizer=training.make_optimizer(cfg, steps), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    ends: list[float] = []
    t0 = time.perf_counter()
    stamp = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: ends.append(time.perf_counter() - t0))
    model.fit(x[..., None], y, batch_size=cfg.batch_size, epochs=cfg.epochs, shuffle=True, verbose=0,
              callbacks=[stamp])
    out.send(ends)


def run_plain(cfg: training.TrainConfig, data_path: str, n: int) -> float:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_plain_child, args=(cfg.to_dict(), data_path, send))
    p.start()
    ends = recv.recv()
    p.join()
    return _rate(ends, n)


class GuiRunner:
    """A shown window with the Train tab; runs go through its Start button path."""

    def __init__(self, data: dataset.MnistData) -> None:
        from _window import train_window

        self.app, self.state, self.win, self.tab = train_window(data)

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
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR"), help="MNIST folder (default: MNIST_DIR)")
    ap.add_argument("--arch", default="tutorial", choices=models.architecture_names())
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--digits", type=int, default=30_000, help="train on the first N training digits")
    ap.add_argument("--epochs", type=int, default=3, help="epochs per run; the first one is not timed")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    import tempfile

    data = dataset.load_or_download(args.data, allow_download=False)
    n = min(args.digits, data.num_train)
    x, y = data.x_train[:n], data.y_train[:n]
    cfg = training.TrainConfig.for_arch(args.arch, epochs=args.epochs, batch_size=args.batch, augment=False,
                                        validation_split=0.0, seed=1)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; "
          f"arch {cfg.arch}, batch {cfg.batch_size}, lr {cfg.learning_rate:g} ({cfg.lr_schedule}), "
          f"{n:,} digits, {cfg.epochs} epochs per run (epochs 2..{cfg.epochs} timed), {args.repeats} pairs",
          flush=True)
    folder = tempfile.mkdtemp(prefix="train-overhead-")
    data_path = str(trainproc.write_job_data(Path(folder), x, y, x[:0], y[:0]))
    gui = GuiRunner(data)
    trainproc.prestart().wait_ready()
    results: dict[str, list[float]] = {"plain": [], "gui": []}
    blocks: list[float] = []
    for rep in range(1, args.repeats + 1):
        first, second = ("plain", "gui") if rep % 2 else ("gui", "plain")  # ABBA, then BAAB
        got: list[tuple[str, float]] = []
        for method in (first, second, second, first):
            gc.collect()
            if method == "plain":
                r = run_plain(cfg, data_path, n)
                print(f"repeat {rep}: plain model.fit (own process)   {r:8.0f} samples/s", flush=True)
            else:
                r, draws, full = gui.run(cfg, n)
                print(f"repeat {rep}: Train tab (training process) {r:8.0f} samples/s  ({draws} plot redraws, "
                      f"{full} of them full; GUI thread busy {100 * gui.gui_cpu_share:.1f}% of one core)", flush=True)
            results[method].append(r)
            got.append((method, r))
        pair_ratios = []
        for a, b in (got[:2], got[2:]):
            g = a[1] if a[0] == "gui" else b[1]
            p = a[1] if a[0] == "plain" else b[1]
            pair_ratios.append(g / p)
        block = math.sqrt(pair_ratios[0] * pair_ratios[1])
        blocks.append(block)
        print(f"repeat {rep}: gui/plain {pair_ratios[0]:.3f} ({got[0][0]} first), {pair_ratios[1]:.3f} "
              f"({got[2][0]} first); order effect cancelled: {block:.3f}", flush=True)
    gui.close()
    trainproc.remove_job_folder(folder)
    print(f"load average now {os.getloadavg()[0]:.2f}")
    print(f"median samples/s: plain {statistics.median(results['plain']):.0f}, gui {statistics.median(results['gui']):.0f}")
    print(f"gui/plain per repeat: {', '.join(f'{r:.3f}' for r in blocks)}")
    print(f"throughput ratio (gui/plain): {statistics.median(blocks):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
