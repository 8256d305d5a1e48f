"""Cold-start time: from launching the app to the window being shown, and to the model being ready.

Usage: python benchmarks/startup.py [--runs 3] [--exe dist/mnist-gui/mnist-gui]
Without --exe it measures the source install (`python -m mnist_gui`); with it, the bundle too.
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


def measure(cmd: list[str], runs: int) -> tuple[list[float], list[float]]:
    shown, ready = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "probe.txt"
            env = dict(os.environ, MNIST_GUI_STARTUP_PROBE=str(probe), MNIST_GUI_HOME=str(Path(tmp) / "home"),
                       XDG_CONFIG_HOME=str(Path(tmp) / "config"))
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
            t0 = time.time()
            subprocess.run(cmd, env=env, cwd=ROOT, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            events = dict(line.split() for line in probe.read_text().splitlines()) if probe.exists() else {}
            if "window_shown" not in events:
                raise SystemExit(f"{cmd[0]}: the window never showed")
            shown.append(float(events["window_shown"]) - t0)
            ready.append(float(events.get("model_ready", "nan")) - t0)
    return shown, ready


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--exe", default=None, help="path of the built executable to measure too")
    args = ap.parse_args()
    targets = [("source install", [sys.executable, "-m", "mnist_gui"])]
    if args.exe:
        targets.append(("bundle", [str(Path(args.exe).resolve())]))
    for name, cmd in targets:
        shown, ready = measure(cmd, args.runs)
        print(f"{name}: window shown after median {statistics.median(shown):.2f} s "
              f"(runs: {', '.join(f'{s:.2f}' for s in shown)}); model ready after median "
              f"{statistics.median(ready):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
