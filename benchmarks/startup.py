"""Cold start: from launching the app to its window being painted, to the first drawn digit getting
probabilities, and to the full Keras model being ready.

Usage: python benchmarks/startup.py [--runs 5] [--exe dist/mnist-gui/mnist-gui]
Without --exe it measures the source install (`python -m mnist_gui`); with it, the bundle too,
and the last line is then exactly `bundle first prediction s: X` (median).

What is timed, per run, from just before the process is started (wall clock):
  - window painted: the main window's first paint event has been handled;
  - first prediction: a built-in sample drawing replayed onto the Draw tab's canvas got
    probabilities (as soon as a model can answer: the NumPy fast path of core/lite.py while
    TensorFlow loads, or the Keras model) - "the first stroke gets an answer";
  - model ready: the Keras model is loaded and warmed up (evidence maps, training, Errors tab).
The app writes these moments to the file named by MNIST_GUI_STARTUP_PROBE and quits when the
model is ready. Each run uses a fresh per-user folder (no saved settings). A run in which the
model never became ready is reported as such, never as a number.
Runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set up.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ("window_painted", "first_prediction", "model_ready")


def one_run(cmd: list[str]) -> dict[str, float | None]:
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.txt"
        env = dict(os.environ, MNIST_GUI_STARTUP_PROBE=str(probe), MNIST_GUI_HOME=str(Path(tmp) / "home"),
                   XDG_CONFIG_HOME=str(Path(tmp) / "config"))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        t0 = time.time()
        try:
            subprocess.run(cmd, env=env, cwd=ROOT, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            pass
        raw = dict(line.split() for line in probe.read_text().splitlines()) if probe.exists() else {}
    out: dict[str, float | None] = {e: None for e in EVENTS}
    for name, value in raw.items():
        key = "first_prediction" if name.startswith("first_prediction") else name
        if key in out:
            out[key] = float(value) - t0
    out["fast_path"] = 1.0 if "first_prediction_fast" in raw else 0.0
    out["failed"] = 1.0 if "model_failed" in raw else 0.0
    return out


def summary(runs: list[dict[str, float | None]], event: str) -> str:
    values = [r[event] for r in runs]
    got = [v for v in values if v is not None]
    listing = ", ".join("never" if v is None else f"{v:.2f}" for v in values)
    if not got:
        return f"{event.replace('_', ' ')}: NEVER in any run"
    missing = len(values) - len(got)
    note = f"; did not happen in {missing} of {len(values)} runs" if missing else ""
    return f"{event.replace('_', ' ')}: median {statistics.median(got):.2f} s (runs: {listing}){note}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--exe", default=None, help="path of the built executable to measure too")
    args = ap.parse_args()
    targets = [("source install", [sys.executable, "-m", "mnist_gui"])]
    if args.exe:
        targets.append(("bundle", [str(Path(args.exe).resolve())]))
    results: dict[str, list[dict[str, float | None]]] = {name: [] for name, _ in targets}
    for _ in range(args.runs):  # interleaved, so that both see the same machine load
        for name, cmd in targets:
            results[name].append(one_run(cmd))
    last_bundle = None
    for name, _ in targets:
        runs = results[name]
        print(f"{name} ({len(runs)} runs):")
        for event in EVENTS:
            print("  " + summary(runs, event))
        fast = sum(1 for r in runs if r["fast_path"])
        print(f"  first prediction came from the NumPy fast path in {fast} of {len(runs)} runs")
        if any(r["failed"] for r in runs):
            print("  the model FAILED to load in some runs")
        if name == "bundle":
            got = [r["first_prediction"] for r in runs if r["first_prediction"] is not None]
            last_bundle = f"{statistics.median(got):.2f}" if len(got) == len(runs) else "never (model not ready)"
    if last_bundle is not None:
        print(f"bundle first prediction s: {last_bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
