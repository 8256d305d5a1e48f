"""What the command line and the Qt-backed commands both need: one-line user errors, a terminal
progress bar, loading data and models with those errors. No Qt, and no argument parsing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any


EXIT_BAD_INPUT = 2


class UserError(Exception):
    """Bad input from the user: reported in one line, exit status 2."""


class TerminalProgress:
    """A one-line progress bar on stderr (redrawn in place on a terminal, sparse lines otherwise)."""

    def __init__(self, label: str, stream: Any = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.tty = bool(self.stream and getattr(self.stream, "isatty", lambda: False)())
        self.last = -1.0
        self.last_time = 0.0

    def update(self, fraction: float, text: str = "") -> None:
        if self.stream is None:
            return
        fraction = max(0.0, min(1.0, fraction))
        now = time.monotonic()
        if self.tty:
            if now - self.last_time < 0.1 and fraction < 1.0:
                return
            filled = int(round(self.width * fraction))
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {fraction * 100:5.1f}% {text}\033[K")
        else:
            if fraction < 1.0 and (fraction - self.last < 0.1 and now - self.last_time < 30):
                return
            self.stream.write(f"{self.label}: {fraction * 100:5.1f}% {text}\n")
            self.last = fraction
        self.last_time = now
        self.stream.flush()

    def done(self, text: str = "") -> None:
        self.update(1.0, text)
        if self.tty and self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


def training_printer(label: str, prefix: str = "") -> Any:
    """The on_progress of a training on the command line: a bar per epoch on stderr, one line
    per finished epoch on stdout (``mnist-gui train`` and each member of ``train --recipe``)."""
    bar = TerminalProgress(label)

    def on_progress(p: Any) -> None:
        if p.kind == "batch":
            bar.update(p.fraction, f"epoch {p.epoch}/{p.epochs} loss {p.loss:.4f} acc {p.accuracy:.4f} "
                                   f"{p.samples_per_sec:.0f}/s ETA {fmt_eta(p.eta_s)}")
        elif p.kind == "epoch":
            bar.done(f"epoch {p.epoch}/{p.epochs}")
            val = f" val_loss {p.val_loss:.4f} val_acc {p.val_accuracy:.4f}" if p.val_loss == p.val_loss else ""
            print(f"{prefix}epoch {p.epoch}/{p.epochs}: loss {p.loss:.4f} acc {p.accuracy:.4f}{val} "
                  f"({p.elapsed_s:.0f} s, {p.samples_per_sec:.0f} samples/s)", flush=True)
            bar.last = -1.0

    return on_progress


def check_limit(limit: int | None, what: str) -> None:
    """``--limit N``: absent, or a positive count (0 or -1 would quietly mean all, or all but one)."""
    if limit is not None and limit < 1:
        raise UserError(f"--limit must be a positive number of {what}, not {limit}")


def fmt_eta(seconds: float) -> str:
    if seconds != seconds or seconds < 0:  # nan
        return "--:--"
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def load_data(data_dir: str | None) -> Any:
    from mnist_gui.core import dataset

    bar = TerminalProgress("downloading MNIST")

    def progress(done: int, total: int) -> None:
        bar.update(done / total if total > 0 else 0.0, f"{done / 1e6:.1f} MB")

    try:
        data = dataset.load_or_download(data_dir, allow_download=True, progress=progress)
    except dataset.DatasetError as e:
        raise UserError(str(e)) from None
    return data


def load_model(model_path: str | None) -> tuple[Any, str]:
    from mnist_gui.core import store
    from mnist_gui.paths import default_model_path

    path = Path(model_path) if model_path else default_model_path()
    if not model_path and not path.exists():
        raise UserError(f"{path}: the bundled default model is missing; reinstall or pass a model file")
    try:
        return store.load_model(path), str(path)
    except store.ModelFileError as e:
        raise UserError(str(e)) from None
