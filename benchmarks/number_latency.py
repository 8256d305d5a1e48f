"""Stroke end to the updated number on screen, for 6-digit numbers written on the Draw tab.

What is timed: the last stroke's pen-up event (a real QMouseEvent into the canvas) until the tab
has read the whole ink again (the one-digit prediction, the split into digits, one batched
forward pass for the new candidates, the boxes, the strip) and the canvas and the number label
have been repainted (``repaint()``, synchronous). The strokes before it are written first,
untimed, as a person writes them. Two ways, interleaved number by number (paired): "live" keeps
the candidates read after earlier strokes (what the tab does); "cold" forgets them first (every
candidate drawn and read again). Numbers: composed from the held-out pen writers' digits
(``core.number_strokes.compose``), bundled model (Keras, compiled), canvas 960x320.

    python benchmarks/number_latency.py [--numbers 40] [--repeats 5] [--strokes FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--numbers", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--strokes", default=str(ROOT.parent / "shared" / "strokes" / "pendigits-train-writers.json"))
    args = ap.parse_args()

    import numpy as np
    from PySide6.QtCore import QEvent, QPointF, Qt

    from mnist_gui.core import number_strokes, strokes
    from mnist_gui.gui.harness import make_draw_tab

    card = json.loads((ROOT / "resources" / "default_model.card.json").read_text())
    held = set(card["data"]["pen_strokes"]["held_out_writers"])
    pool = [s for s in strokes.load_strokes(args.strokes) if s.writer in held]
    rng = np.random.default_rng(7)
    by_writer: dict[str, list] = {}
    for s in pool:
        by_writer.setdefault(s.writer, []).append(s)
    writers = sorted(by_writer)
    nums = []
    for i in range(args.numbers):
        digits = by_writer[writers[i % len(writers)]]
        nums.append(number_strokes.compose([digits[int(k)] for k in rng.integers(0, len(digits), 6)], rng))
    tab, app = make_draw_tab(None, side=320, aspect=3.0)
    c = tab.canvas

    def write(sample, timed_cold: bool) -> float:
        tab.numbers._cache.clear()  # nothing of an earlier replay of this number is known
        c.clear()
        o = c.origin()
        pts = [[(o.x() + x, o.y() + y) for x, y in st]
               for st in number_strokes.fit_to_canvas(sample, c.area_width(), c.side(), margin=0.1)]
        c.replay(pts[:-1], fractions=False)
        last = pts[-1]
        c._send(QEvent.Type.MouseButtonPress, QPointF(*last[0]), Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        for p in last[1:]:
            c._send(QEvent.Type.MouseMove, QPointF(*p), Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
        app.processEvents()
        if timed_cold:
            tab.numbers._cache.clear()
        t0 = time.perf_counter()
        c._send(QEvent.Type.MouseButtonRelease, QPointF(*last[-1]), Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
        c.repaint()
        tab.digit_label.repaint()
        tab.numbers.strip.repaint()
        return (time.perf_counter() - t0) * 1000

    for s in nums[:3]:  # warm-up: compiled shapes, caches of Qt
        write(s, False)
        write(s, True)
    live_medians, cold_medians, read_ok = [], [], 0
    for rep in range(args.repeats):
        live, cold = [], []
        for s in nums:
            if rep % 2 == 0:
                live.append(write(s, False))
                cold.append(write(s, True))
            else:
                cold.append(write(s, True))
                live.append(write(s, False))
            read_ok += rep == 0 and tab.numbers.text() == s.text
        live_medians.append(statistics.median(live))
        cold_medians.append(statistics.median(cold))
        print(f"repeat {rep + 1}: live median {live_medians[-1]:.1f} ms, cold median {cold_medians[-1]:.1f} ms", flush=True)
    tab.close()
    print(f"numbers: {len(nums)} of 6 digits ({read_ok} read exactly); model: bundled (Keras)")
    print(f"stroke end to number on screen, live (the tab as it is): median {statistics.median(live_medians):.1f} ms")
    print(f"same with every candidate read again (cold): median {statistics.median(cold_medians):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
