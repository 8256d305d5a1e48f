"""Time from a stroke's end (mouse release) to updated probabilities in the Draw tab.

Replays pen-written digits from a digit-strokes/1 file onto the real canvas offscreen (the same
mouse-event path as a person drawing) and times every stroke end until the Draw tab has new
probabilities. Prints median and 95th percentile.

Usage: python benchmarks/draw_latency.py [--strokes FILE] [--digits 300] [--model FILE]
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

DEFAULT_STROKES = Path(__file__).resolve().parents[2] / "shared" / "strokes" / "pendigits-train-writers.json"


def main() -> int:
    from mnist_gui.core.backend import import_keras

    import_keras()  # without TensorFlow's native start-up lines on stderr
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--strokes", default=os.environ.get("STROKES_FILE", str(DEFAULT_STROKES)))
    ap.add_argument("--digits", type=int, default=300)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()

    from mnist_gui.core.strokes import load_strokes
    from mnist_gui.gui.harness import make_draw_tab

    samples = load_strokes(args.strokes)
    rng = np.random.default_rng(0)
    chosen = [samples[i] for i in rng.choice(len(samples), size=min(args.digits, len(samples)), replace=False)]
    tab, app = make_draw_tab(args.model)
    canvas = tab.canvas
    released: list[float] = []
    latencies: list[float] = []
    original_release = canvas.mouseReleaseEvent

    def timed_release(event):  # the moment the pen goes up
        released.append(time.perf_counter())
        original_release(event)

    canvas.mouseReleaseEvent = timed_release
    tab.predicted.connect(lambda probs: latencies.append((time.perf_counter() - released[-1]) * 1000)
                          if released and probs is not None else None)
    # warm-up digits (first calls build the graph)
    for s in chosen[:5]:
        canvas.clear()
        canvas.replay(s.strokes)
    released.clear()
    latencies.clear()
    correct = 0
    for s in chosen:
        canvas.clear()
        released.clear()
        canvas.replay(s.strokes)
        app.processEvents()  # let paint events run, as in the live app
        correct += tab.last_probabilities is not None and int(np.argmax(tab.last_probabilities)) == s.label
    lat = np.array(latencies)
    print(f"digits replayed: {len(chosen)}; stroke ends timed: {len(lat)}; canvas {canvas.side()} px; "
          f"correct: {correct}/{len(chosen)}")
    # the forward pass alone: the compiled path the Draw tab uses, and an eager call for comparison
    from mnist_gui.core.evaluation import predict_one

    model = tab.state.model
    x = tab.last_input if tab.last_input is not None else np.zeros((28, 28), np.float32)
    compiled, eager = [], []
    for _ in range(100):  # interleaved, so both see the same machine load
        t0 = time.perf_counter()
        predict_one(model, x)
        compiled.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        model(x[None, ..., None], training=False)
        eager.append((time.perf_counter() - t0) * 1000)
    print(f"forward pass for one digit: compiled median {np.median(compiled):.2f} ms, "
          f"eager median {np.median(eager):.2f} ms (100 interleaved calls each)")
    print(f"stroke end -> probabilities: median {np.median(lat):.1f} ms, p95 {np.percentile(lat, 95):.1f} ms, "
          f"max {lat.max():.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
