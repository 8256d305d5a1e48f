"""Command-line sub-commands that need Qt: eval-strokes, screenshots, self-test.

They run the real widgets offscreen (QT_QPA_PLATFORM=offscreen unless a platform is set).
"""
from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

EVAL_CANVAS_SIDE = 320


def _offscreen_app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from mnist_gui.gui.app import make_app

    return make_app()


def _load_model_into(state: Any, model_path: str | None) -> None:
    from mnist_gui.cmdline import load_model
    from mnist_gui.core import store

    model, path = load_model(model_path)
    label = "bundled default model" if not model_path else Path(path).name
    state.set_model(model, label=label, path=path, card=store.read_card(path))


def make_draw_tab(model_path: str | None = None, side: int = EVAL_CANVAS_SIDE, *,
                  load_model: bool = True) -> tuple[Any, Any]:
    """An offscreen Draw tab with the model loaded and a square canvas of ``side`` pixels.

    With ``load_model=False`` the tab has no model: it only prepares inputs (``last_input``).
    """
    app = _offscreen_app()
    from mnist_gui.gui.draw_tab import DrawTab
    from mnist_gui.gui.state import AppState

    state = AppState()
    if load_model:
        _load_model_into(state, model_path)
    tab = DrawTab(state)
    tab.canvas.setFixedSize(side, side)
    tab.resize(side + 520, side + 80)
    tab.show()
    app.processEvents()
    return tab, app


def classify_strokes(tab: Any, strokes: Any) -> Any:
    """Replay one sample onto the canvas and return the Draw tab's probabilities (or None)."""
    tab.canvas.clear()
    tab.canvas.replay(strokes)
    return tab.last_probabilities


def prepared_strokes(tab: Any, strokes: Any) -> Any:
    """Replay one sample onto the canvas and return the 28x28 input the Draw tab prepared (or None)."""
    tab.canvas.clear()
    tab.canvas.replay(strokes)
    return tab.last_input


def evaluate_strokes(tab: Any, samples: list[Any], *, random_place: bool = False, seed: int = 0,
                     progress: Any = None) -> dict[str, Any]:
    """Replay samples on the tab's canvas; per-class and per-writer [correct, total] and misses."""
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from mnist_gui.core.recipe import random_placement

    per_class: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_writer: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    none_count = 0
    rng = np.random.default_rng(seed)
    app = QApplication.instance()
    for i, s in enumerate(samples):
        probs = classify_strokes(tab, random_placement(s.strokes, rng) if random_place else s.strokes)
        ok = probs is not None and int(np.argmax(probs)) == s.label
        none_count += probs is None
        for d, key in ((per_class, s.label), (per_writer, s.writer)):
            d[key][0] += ok
            d[key][1] += 1
        if i % 50 == 0:
            app.processEvents()
            if progress is not None:
                progress(i + 1, len(samples))
    correct = sum(v[0] for v in per_class.values())
    return {"per_class": dict(per_class), "per_writer": dict(per_writer), "none": none_count,
            "correct": correct, "total": len(samples), "accuracy": correct / max(1, len(samples))}


def cmd_eval_strokes(args: argparse.Namespace) -> int:
    from mnist_gui.cmdline import UserError
    from mnist_gui.core.strokes import StrokesError, load_strokes

    try:
        samples = load_strokes(args.file)
    except StrokesError as e:
        raise UserError(str(e)) from None
    tab, app = make_draw_tab(args.model)
    try:
        return _eval_strokes_on(tab, app, samples, args)
    finally:
        tab.close()  # also when the command ends with an error: no window left open


def _eval_strokes_on(tab: Any, app: Any, samples: list[Any], args: argparse.Namespace) -> int:
    from mnist_gui.cmdline import TerminalProgress, UserError

    if args.writers != "all":
        card = tab.state.model_card or {}
        held = set(((card.get("data") or {}).get("pen_strokes") or {}).get("held_out_writers") or [])
        if not held:
            raise UserError("the model's card names no held-out writers (only models made by a recipe do)")
        samples = [s for s in samples if (s.writer in held) == (args.writers == "held-out")]
    if args.limit:
        samples = samples[: args.limit]
    if not samples:
        raise UserError(f"{args.file}: holds no samples" + ("" if args.writers == "all" else f" of {args.writers} writers"))
    tab.prepare_box.setChecked(not args.no_preprocess)
    bar = TerminalProgress("replaying")
    t0 = time.perf_counter()
    result = evaluate_strokes(tab, samples, random_place=args.random_placement, seed=args.seed,
                              progress=lambda d, t: bar.update(d / t, f"{d}/{t}"))
    bar.done(f"{len(samples)}/{len(samples)}")
    elapsed = time.perf_counter() - t0
    per_class, per_writer, none_count = result["per_class"], result["per_writer"], result["none"]
    mode = "plain resize to 28x28 (preparation off)" if args.no_preprocess else "MNIST-style preparation"
    if args.writers != "all":
        mode += f"; {args.writers} writers only"
    if args.random_placement:
        mode += f"; each drawing rescaled 0.3-1.0x and moved at random (seed {args.seed})"
    print(f"samples: {len(samples)} from {args.file}; canvas {EVAL_CANVAS_SIDE}x{EVAL_CANVAS_SIDE}; {mode}; "
          f"{elapsed:.1f} s ({elapsed / len(samples) * 1000:.1f} ms per digit)")
    print("per class:")
    for c in sorted(per_class):
        ok, n = per_class[c]
        print(f"  {c}: {ok / n:.4f} ({ok}/{n})")
    print("per writer:")
    for w in sorted(per_writer, key=lambda k: (len(k), k)):
        ok, n = per_writer[w]
        print(f"  {w}: {ok / n:.4f} ({ok}/{n})")
    if none_count:
        print(f"no digit found: {none_count}")
    print(f"accuracy: {result['accuracy']:.4f}")
    return 0


def cmd_screenshots(args: argparse.Namespace) -> int:
    from mnist_gui.cmdline import UserError
    from mnist_gui.gui.screenshots import take_screenshots

    out = Path(args.outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{out}: cannot create the folder ({e.strerror or e})") from None
    _offscreen_app()
    for path in take_screenshots(out, model_path=args.model, data=getattr(args, "data", None)):
        print(path)
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from mnist_gui.gui.selftest import run_self_test

    return run_self_test(data=getattr(args, "data", None))


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("eval-strokes", cmd_eval_strokes,
            "replay every sample of a digit-strokes/1 file onto the real canvas and report the accuracy")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--model", default=None, help="model file (default: the bundled model)")
    p.add_argument("--no-preprocess", action="store_true", help="plain resize of the canvas to 28x28 instead")
    p.add_argument("--limit", type=int, help="only the first N samples")
    p.add_argument("--random-placement", action="store_true",
                   help="draw each digit at a random size and place, as people do (seeded)")
    p.add_argument("--seed", type=int, default=0, help="seed for --random-placement (default 0)")
    p.add_argument("--writers", choices=["all", "held-out", "trained"], default="all",
                   help="only the writers the model's recipe held out of (or used in) its training, "
                        "as its card records (default: all)")
    s = add("screenshots", cmd_screenshots, "save a PNG of each tab of the real window in a meaningful state")
    s.add_argument("outdir", metavar="OUTDIR")
    s.add_argument("--model", default=None, help="model file (default: the bundled model)")
    from mnist_gui.gui import recipe_command

    recipe_command.register(add)
    add("self-test", cmd_self_test, "offscreen check: bundled model, sample drawings, MNIST slice; exit 0 if all pass")
