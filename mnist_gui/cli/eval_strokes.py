"""`mnist-gui eval-strokes`: replay a stroke file on the real Draw tab and report the accuracy.

They run the real widgets offscreen (QT_QPA_PLATFORM=offscreen unless a platform is set).
"""
from __future__ import annotations

import argparse
import time
from typing import Any, Callable

from mnist_gui.cli.drawtab import make_draw_tab
from mnist_gui.gui.harness import EVAL_CANVAS_SIDE, evaluate_strokes

def cmd_eval_strokes(args: argparse.Namespace) -> int:
    from mnist_gui.cli.cmdline import UserError, check_limit
    from mnist_gui.core.strokes import StrokesError, load_strokes

    check_limit(args.limit, "samples")
    try:
        samples = load_strokes(args.file, chars=True)
    except StrokesError as e:
        raise UserError(str(e)) from None
    tab, app = make_draw_tab(args.model)
    try:
        return _eval_strokes_on(tab, app, samples, args)
    finally:
        tab.close()  # also when the command ends with an error: no window left open


def _eval_strokes_on(tab: Any, app: Any, samples: list[Any], args: argparse.Namespace) -> int:
    from mnist_gui.cli.cmdline import TerminalProgress, UserError
    from mnist_gui.core.imagefolder import printable

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
    print(f"samples: {len(samples)} from {printable(str(args.file))}; canvas {EVAL_CANVAS_SIDE}x{EVAL_CANVAS_SIDE}; {mode}; "
          f"{elapsed:.1f} s ({elapsed / len(samples) * 1000:.1f} ms per digit)")
    if any(s.label < 0 for s in samples):
        return _report_chars(result, per_writer)
    print("per class:")
    for c in sorted(per_class):
        ok, n = per_class[c]
        print(f"  {c}: {ok / n:.4f} ({ok}/{n})")
    print("per writer:")
    for w in sorted(per_writer, key=lambda k: (len(k), k)):
        ok, n = per_writer[w]
        print(f"  {printable(w)}: {ok / n:.4f} ({ok}/{n})")
    if none_count:
        print(f"no digit found: {none_count}")
    print(f"rejected: {result['rejected']:.4f}")
    print(f"accuracy: {result['accuracy']:.4f}")
    return 0


def _report_chars(result: dict[str, Any], per_writer: dict[str, list[int]]) -> int:
    """A char-strokes/1 file: per character the share refused as "not a digit"; the last line is
    the share refused of the characters nobody reads as digits (core.refusal.DIGIT_LIKE aside)."""
    from mnist_gui.core.imagefolder import printable
    from mnist_gui.core.refine import is_negative

    counts, refused_by = result["per_class"], result["refused_by"]
    print("refused as not a digit, per character:")
    for c in sorted(counts, key=str):
        n = counts[c][1]
        note = "" if is_negative(str(c)) else "  (also read as a digit by people: not counted)"
        print(f"  {printable(str(c))}: {refused_by.get(c, 0) / n:.4f} ({refused_by.get(c, 0)}/{n}){note}")
    print(f"writers: {len(per_writer)}")
    neg = [c for c in counts if is_negative(str(c))]
    n_neg = sum(counts[c][1] for c in neg)
    r_neg = sum(refused_by.get(c, 0) for c in neg)
    print(f"characters counted: {n_neg} of {result['total']}")
    print(f"rejected: {r_neg / max(1, n_neg):.4f}")
    return 0


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    p = add("eval-strokes", cmd_eval_strokes,
            "replay every sample of a digit-strokes/1 file onto the real canvas and report the accuracy "
            "(a char-strokes/1 file of letters: the share refused as not a digit)")
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
