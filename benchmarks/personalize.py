"""How much "Adapt to my handwriting" helps: per writer, adapt the bundled model on K digits of
each class from that writer and measure on the writer's other digits.

What is measured, for every writer of the stroke file:
- every digit is replayed through the real Draw tab canvas and preparation (offscreen), once;
- K digits of each class (seeded choice) are the writer's "corrections"; the rest are the test;
- error before = the bundled model on the test digits; error after = the adapted copy
  (core.adaptation.adapt, the app's own adaptation with its default settings) on the same digits;
- MNIST test accuracy of every adapted copy (mean, and the worst), and of the bundled model;
- adaptation time per writer (median; wall time of core.adaptation.adapt only).
Last line exactly: "writer error reduction: 0.XX" = 1 - mean(error after) / mean(error before).

Usage: python benchmarks/personalize.py STROKES_FILE [--per-digit 5] [--model FILE] [--writers N]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    from mnist_gui.core.backend import import_keras

    import_keras()
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("strokes")
    ap.add_argument("--per-digit", type=int, default=5)
    ap.add_argument("--model", default=None)
    ap.add_argument("--writers", type=int, default=0, help="only the first N writers (0: all)")
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR", str(ROOT.parent / "shared" / "mnist")))
    args = ap.parse_args()

    from mnist_gui.core import adaptation, dataset, store
    from mnist_gui.core.strokes import load_strokes
    from mnist_gui.gui.harness import make_draw_tab, prepared_strokes
    from mnist_gui.paths import default_model_path

    model = store.load_model(args.model or default_model_path())
    data = dataset.load_mnist(args.data)
    samples = load_strokes(args.strokes)
    by_writer: dict[str, list] = defaultdict(list)
    for s in samples:
        by_writer[s.writer].append(s)
    writers = sorted(by_writer, key=lambda w: (len(w), w))
    if args.writers:
        writers = writers[: args.writers]
    tab, app = make_draw_tab(load_model=False)
    mnist_before = adaptation.accuracy(model, data.x_test, data.y_test)
    rng = np.random.default_rng(0)
    rows = []
    for w in writers:
        xs, ys = [], []
        for s in by_writer[w]:
            x = prepared_strokes(tab, s.strokes)
            if x is not None:
                xs.append(np.clip(x * 255 + 0.5, 0, 255).astype(np.uint8))
                ys.append(s.label)
        app.processEvents()
        x, y = np.stack(xs), np.array(ys)
        pick = np.concatenate([rng.permutation(np.flatnonzero(y == d))[: args.per_digit] for d in range(10)])
        test = np.setdiff1d(np.arange(len(y)), pick)
        before = 1 - adaptation.accuracy(model, x[test], y[test])
        t0 = time.perf_counter()
        res = adaptation.adapt(model, x[pick], y[pick], data.x_train, data.y_train)
        t_adapt = time.perf_counter() - t0
        after = 1 - adaptation.accuracy(res.model, x[test], y[test])
        mnist_after = adaptation.accuracy(res.model, data.x_test, data.y_test)
        rows.append((w, len(pick), len(test), before, after, mnist_after, t_adapt))
        print(f"{w}: adapted on {len(pick)}, tested on {len(test)}: error {before:.4f} -> {after:.4f}; "
              f"MNIST {mnist_after:.4f}; {t_adapt:.1f} s", flush=True)
    b = np.mean([r[3] for r in rows])
    a = np.mean([r[4] for r in rows])
    m = np.array([r[5] for r in rows])
    t = np.array([r[6] for r in rows])
    print(f"writers: {len(rows)}; {args.per_digit} digits of each class adapted on, the rest tested")
    print(f"error before (mean over writers): {b:.4f}; after: {a:.4f}")
    print(f"MNIST test accuracy: before {mnist_before:.4f}; after (mean over adapted copies) {m.mean():.4f}, "
          f"worst {m.min():.4f}")
    print(f"adaptation time: median {np.median(t):.1f} s, max {t.max():.1f} s "
          f"({adaptation.AdaptConfig().steps} steps of {adaptation.AdaptConfig().batch_size})")
    print(f"writer error reduction: {1 - a / b if b > 0 else 0.0:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
