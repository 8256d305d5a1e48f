"""Train `tutorial` and `default` on MNIST here and print test accuracy and samples per second.

Usage: python benchmarks/train_speed.py [--data DIR] [--tutorial-epochs 3] [--default-epochs 1]
       [--limit N]
The tutorial runs its full recipe by default (3 epochs on 60,000 digits); the default network
runs a reduced number of epochs (its full recipe takes much longer on a CPU); both are printed.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from mnist_gui.core import dataset, evaluation, training  # noqa: E402


def main() -> int:
    from mnist_gui.core.backend import import_keras

    import_keras()  # without TensorFlow's native start-up lines on stderr
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default=None)
    ap.add_argument("--tutorial-epochs", type=int, default=3)
    ap.add_argument("--default-epochs", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None, help="train on the first N training digits only")
    ap.add_argument("--archs", default="tutorial,default")
    args = ap.parse_args()
    data = dataset.load_or_download(args.data)
    x, y = data.x_train, data.y_train
    if args.limit:
        x, y = x[: args.limit], y[: args.limit]
    print(f"machine: {os.cpu_count()} CPUs; training digits: {len(x)}; test digits: {len(data.y_test)}")
    for arch in args.archs.split(","):
        epochs = args.tutorial_epochs if arch == "tutorial" else args.default_epochs
        cfg = training.TrainConfig.for_arch(arch, epochs=epochs)
        t0 = time.perf_counter()
        res = training.train(cfg, x, y)
        ev = evaluation.evaluate(res.model, data.x_test, data.y_test)
        print(f"{arch}: epochs {epochs} (recipe {training.TrainConfig.for_arch(arch).epochs}), batch {cfg.batch_size}, "
              f"augment {cfg.augment}: train {res.train_time_s:.1f} s, {res.samples_per_sec:.0f} samples/s, "
              f"test accuracy {ev.accuracy:.4f} (wall {time.perf_counter() - t0:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
