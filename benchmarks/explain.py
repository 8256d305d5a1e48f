"""Sanity figures and speed of the evidence maps (core.explain), on the first N MNIST test digits.

What is measured:
- deletion test: for each digit, the map shown for the prediction (integrated gradients of
  log p(predicted) - log p(runner-up)) ranks the pixels; setting the top 10% of the digit's ink
  pixels to black lowers p(predicted) by some amount; setting as many random ink pixels to black
  lowers it by another. Printed: both mean drops and their ratio (last line).
- model-randomisation test (Adebayo et al. 2018): the same network with re-initialised weights;
  Spearman rank correlation between its map and the trained model's map of each digit (signed and
  absolute values), mean over the digits. Target: under 0.3.
- time to compute one map (one digit, compiled path): median of N single calls, after a warm-up.
- with --draw: stroke end -> updated evidence map in the real Draw tab, replaying pen digits
  (median and p95).

Usage: python benchmarks/explain.py [--n 1000] [--model FILE] [--draw --strokes FILE --digits 200]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STROKES = ROOT.parent / "shared" / "strokes" / "pendigits-train-writers.json"


def main() -> int:
    from mnist_gui.core.backend import import_keras

    keras = import_keras()
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--model", default=None)
    ap.add_argument("--data", default=os.environ.get("MNIST_DIR", str(ROOT.parent / "shared" / "mnist")))
    ap.add_argument("--draw", action="store_true", help="also time stroke end -> evidence map in the Draw tab")
    ap.add_argument("--strokes", default=os.environ.get("STROKES_FILE", str(DEFAULT_STROKES)))
    ap.add_argument("--digits", type=int, default=200)
    args = ap.parse_args()

    from mnist_gui.core import dataset, explain, store
    from mnist_gui.core.evaluation import predict_proba
    from mnist_gui.paths import default_model_path

    model = store.load_model(args.model or default_model_path())
    data = dataset.load_mnist(args.data)
    x = data.x_test[: args.n].astype(np.float32) / 255.0
    probs = predict_proba(model, x)
    order = np.argsort(probs, axis=1)[:, ::-1]
    pred, runner = order[:, 0], order[:, 1]

    def maps_for(m, xs, ps, rs):
        out = np.empty(xs.shape, np.float32)
        for t in range(10):  # one batch per predicted class and runner-up pair
            for v in range(10):
                sel = np.flatnonzero((ps == t) & (rs == v))
                for start in range(0, len(sel), 64):
                    chunk = sel[start:start + 64]
                    out[chunk] = explain.evidence_maps(m, xs[chunk], t, v)
        return out

    maps = maps_for(model, x, pred, runner)
    d_map, d_rand = explain.deletion_drops(model, x, maps, pred, fraction=0.1, seed=0)
    print(f"digits: {len(x)}; method: integrated gradients, {explain.STEPS} steps, black baseline, "
          f"log p(predicted) - log p(runner-up)")
    print(f"deletion (top 10% of ink pixels by the map): mean drop of p(predicted) {d_map.mean():.4f}")
    print(f"deletion (10% random ink pixels):             mean drop of p(predicted) {d_rand.mean():.4f}")

    random_model = keras.models.clone_model(model)  # same network, freshly initialised weights
    rmaps = maps_for(random_model, x, pred, runner)
    signed = np.array([explain.spearman(a, b) for a, b in zip(maps, rmaps)])
    absolute = np.array([explain.spearman(np.abs(a), np.abs(b)) for a, b in zip(maps, rmaps)])
    print(f"model randomisation: Spearman(trained map, re-initialised map) mean {np.nanmean(signed):.3f} "
          f"(absolute values: {np.nanmean(absolute):.3f})")

    times = []
    for i in range(min(200, len(x))):
        t0 = time.perf_counter()
        explain.evidence_map(model, x[i], int(pred[i]), int(runner[i]))
        times.append((time.perf_counter() - t0) * 1000)
    print(f"one map: median {np.median(times):.2f} ms, p95 {np.percentile(times, 95):.2f} ms ({len(times)} digits)")

    if args.draw:
        draw_latency(args)
    print(f"deletion drop ratio (map/random): {d_map.mean() / max(d_rand.mean(), 1e-9):.2f}")
    return 0


def draw_latency(args: argparse.Namespace) -> None:
    """Stroke end (mouse release) -> the Draw tab's evidence map updated, replaying pen digits."""
    from mnist_gui.core.strokes import load_strokes
    from mnist_gui.gui.harness import make_draw_tab

    samples = load_strokes(args.strokes)
    rng = np.random.default_rng(0)
    chosen = [samples[i] for i in rng.choice(len(samples), size=min(args.digits, len(samples)), replace=False)]
    tab, app = make_draw_tab(args.model)
    tab.evidence_box.setChecked(True)
    canvas = tab.canvas
    released: list[float] = []
    lat: list[float] = []
    original_release = canvas.mouseReleaseEvent

    def timed_release(event):
        released.append(time.perf_counter())
        original_release(event)

    canvas.mouseReleaseEvent = timed_release
    tab.evidenceUpdated.connect(lambda: lat.append((time.perf_counter() - released[-1]) * 1000) if released else None)
    for s in chosen[:5]:
        canvas.clear()
        canvas.replay(s.strokes)
        app.processEvents()
    lat.clear()
    for s in chosen:
        canvas.clear()
        released.clear()
        canvas.replay(s.strokes)
        app.processEvents()
    a = np.array(lat)
    print(f"Draw tab, stroke end -> evidence map updated: median {np.median(a):.1f} ms, "
          f"p95 {np.percentile(a, 95):.1f} ms ({len(a)} stroke ends, {len(chosen)} pen digits)")


if __name__ == "__main__":
    sys.exit(main())
