"""`mnist-gui eval-images DIR` and `mnist-gui train --recipe NAME`: the commands that judge and
build the bundled model through the Draw tab's own input path (real canvas, real reader, real
preparation), offscreen.
"""
from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_STROKES = Path("..") / "shared" / "strokes" / "pendigits-train-writers.json"
DEFAULT_SCANS = Path("..") / "shared" / "scans" / "optdigits-train"
DEFAULT_LETTERS = Path("..") / "shared" / "strokes" / "unipen-letters.json"
DEFAULT_MORE_STROKES = Path("..") / "shared" / "strokes" / "unipen-digits.json"
DEFAULT_DOCUMENTS = Path("..") / "shared" / "numbers" / "orand-car-a"


# ----------------------------------------------------------------------------- evaluations
def evaluate_images(tab: Any, items: list[tuple[Path, int]], progress: Any = None) -> tuple[Any, list[str]]:
    """Open each picture the way the Draw tab's Open/drop/paste does; returns the report and problems."""
    from mnist_gui.core.imagefolder import NO_DIGIT, UNREADABLE, AccuracyReport
    from mnist_gui.gui.imageio import ImageLoadError, read_image

    report = AccuracyReport()
    problems: list[str] = []
    app = _app()
    for i, (path, label) in enumerate(items):
        try:
            image = read_image(str(path))
        except ImageLoadError as e:
            problems.append(str(e))
            report.add(label, UNREADABLE)
            continue
        tab.show_picture(image)
        probs = tab.last_probabilities
        if probs is None:
            problems.append(f"{path}: no digit found")
            report.add(label, NO_DIGIT)
        else:
            report.add(label, int(np.argmax(probs)))
            report.refused += tab.last_reading is not None and tab.last_reading.kind == "not_digit"
        if i % 50 == 0:
            app.processEvents()
            if progress is not None:
                progress(i + 1, len(items))
    tab.canvas.clear()
    return report, problems


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def cmd_eval_images(args: argparse.Namespace) -> int:
    from mnist_gui.cli.cmdline import TerminalProgress, UserError, check_limit
    from mnist_gui.core.imagefolder import ImageFolderError, printable, scan_labelled_images
    from mnist_gui.cli.drawtab import make_draw_tab

    check_limit(args.limit, "pictures")
    try:
        items, skipped = scan_labelled_images(args.folder, strict=args.strict)
    except ImageFolderError as e:
        raise UserError(str(e)) from None
    if args.limit:
        items = items[: args.limit]
    tab, _ = make_draw_tab(args.model)
    try:
        tab.prepare_box.setChecked(not args.no_preprocess)
        bar = TerminalProgress("reading pictures")
        t0 = time.perf_counter()
        report, problems = evaluate_images(tab, items, progress=lambda d, t: bar.update(d / t, f"{d}/{t}"))
    finally:
        tab.close()
    bar.done(f"{len(items)}/{len(items)}")
    elapsed = time.perf_counter() - t0
    for p in problems:
        print(f"problem: {printable(p)}")
    if skipped:
        print(f"skipped: {len(skipped)} file(s) whose names are not UTF-8 (cannot be opened; --strict refuses "
              f"the folder), first {skipped[0]}")
    mode = "plain resize to 28x28 (preparation off)" if args.no_preprocess else "MNIST-style preparation"
    print(f"pictures: {len(items)} from {printable(str(args.folder))}; {mode}; {elapsed:.1f} s "
          f"({elapsed / len(items) * 1000:.1f} ms per picture)")
    for line in report.lines():
        print(line)
    return 0


# ----------------------------------------------------------------------------- the recipe
def _resolve(path: str | None, default: Path, what: str, required: bool) -> Path | None:
    from mnist_gui.cli.cmdline import UserError

    p = Path(path) if path else default
    if p.exists():
        return p
    if required or path:
        raise UserError(f"{p}: {what} not found (pass its path)")
    return None


def cmd_train_recipe(args: argparse.Namespace) -> int:
    """Train the bundled model by its recipe, evaluate it on every kind of input, save it with a card."""
    from dataclasses import replace

    from mnist_gui.cli.cmdline import UserError, load_data
    from mnist_gui.cli.drawtab import make_draw_tab
    from mnist_gui.core import recipe as recipes, recipe_build, store
    from mnist_gui.core.strokes import StrokesError, load_strokes
    from mnist_gui.paths import user_data_dir

    try:
        rec = recipes.get_recipe(args.recipe)
        if args.epochs is not None:
            if not 1 <= args.epochs <= 1000:
                raise ValueError(f"epochs must be between 1 and 1000, not {args.epochs}")
            rec = replace(rec, epochs=args.epochs)
        n_members = len(rec.members) if args.members is None else args.members
        if not 1 <= n_members <= 5:
            raise ValueError(f"--members must be between 1 and 5, not {n_members}")
        first = rec.members[0] if args.seed is None else args.seed
        rec = replace(rec, members=tuple(first + i for i in range(n_members)))
    except ValueError as e:
        raise UserError(str(e)) from None
    strokes_path = _resolve(args.strokes, DEFAULT_STROKES, "pen-stroke file", required=True)
    scans_path = _resolve(args.scans, DEFAULT_SCANS, "folder of labelled scans", required=False)
    out = Path(args.out) if args.out else user_data_dir() / "models" / f"{rec.name}-{time.strftime('%Y%m%d-%H%M%S')}.keras"
    out.parent.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    data = load_data(getattr(args, "data", None))
    try:
        samples = load_strokes(strokes_path)
    except StrokesError as e:
        raise UserError(str(e)) from None
    extra = _extra(args)
    argv = [a for a in getattr(args, "argv", sys.argv[1:]) if not a.startswith("--command-line")]
    plan = recipe_build.Plan(rec, data, samples, strokes_path, limit=args.limit, extra=extra,
                             cache=Path(args.cache) if args.cache else None,
                             command=args.command_line or "mnist-gui " + " ".join(shlex.quote(a) for a in argv))
    print(plan.describe(), flush=True)
    tab, app = make_draw_tab(load_model=False)
    try:
        final, card = recipe_build.build(plan, _hooks(tab, app, plan, scans_path))
    finally:
        tab.close()
    try:
        saved = store.save_model(final, out, card)
    except store.ModelFileError as e:
        raise UserError(str(e)) from None
    print(f"total time: {time.perf_counter() - t_start:.0f} s")
    print(f"saved: {saved}")
    print(f"accuracy: {card['test_accuracy']:.4f}")
    return 0


def _extra(args: argparse.Namespace) -> Any:
    """The outlier-exposure stage's data (letters + more pen digits), or None with --no-refusal."""
    from mnist_gui.cli.cmdline import UserError
    from mnist_gui.core import refine_build
    from mnist_gui.core.strokes import StrokesError, load_strokes

    if getattr(args, "no_refusal", False):
        return None
    letters_path = _resolve(getattr(args, "letters", None), DEFAULT_LETTERS, "letters file (char-strokes/1)", True)
    more_path = _resolve(getattr(args, "more_strokes", None), DEFAULT_MORE_STROKES, "second pen-digit file", True)
    try:
        letters = load_strokes(letters_path, chars=True)
        more = load_strokes(more_path)
    except StrokesError as e:
        raise UserError(str(e)) from None
    if not any(s.label < 0 for s in letters):
        raise UserError(f"{letters_path}: no characters other than digits (expected a char-strokes/1 file)")
    documents = _resolve(getattr(args, "documents", None), DEFAULT_DOCUMENTS, "folder of document digits", False)
    if documents is not None and not (documents / "boxes.json").is_file():
        raise UserError(f"{documents}: no boxes.json (expected labels.csv path,number and each digit's box)")
    return refine_build.Extra(letters, letters_path, more, more_path, limit=args.limit, documents=documents)


def _hooks(tab: Any, app: Any, plan: Any, scans_path: Path | None) -> Any:
    """The Draw tab's part of a build: its canvas renders the pen digits, it measures the result."""
    from mnist_gui.cli.cmdline import TerminalProgress, training_printer
    from mnist_gui.core import recipe_build
    from mnist_gui.gui.harness import prepared_strokes

    def render_progress(seed: int) -> Any:
        bar = TerminalProgress(f"seed {seed}: rendering pen digits")

        def progress(done: int, total: int) -> None:
            app.processEvents()
            if done >= total:
                bar.done(f"{done} pictures")
            else:
                bar.update(done / total, f"{done}/{total}")
        return progress

    n_writers = len(plan.train_writers) + len(plan.held_writers)
    return recipe_build.Hooks(
        render=lambda st: prepared_strokes(tab, st),
        measure=lambda model, samples, held: measure_figures(
            tab, model, plan.data, samples, held, len(plan.held_writers), n_writers, scans_path,
            scan_limit=plan.limit // 10 if plan.limit else None),
        say=lambda text: print(text, flush=True),
        render_progress=render_progress,
        train_progress=lambda seed: training_printer(f"seed {seed}: training", f"seed {seed}: "))


def measure_figures(tab: Any, model: Any, data: Any, samples: list[Any], held_samples: list[Any],
                    n_held: int, n_writers: int, scans_path: Path | None,
                    scan_limit: int | None = None) -> dict[str, Any]:
    """The card's figures, measured the way a person meets the model (printed as they come)."""
    from mnist_gui.cli.cmdline import UserError
    from mnist_gui.core import evaluation
    from mnist_gui.core.imagefolder import ImageFolderError, list_labelled_images

    figures: dict[str, Any] = {}
    ev = evaluation.evaluate(model, data.x_test, data.y_test)
    figures["mnist_test_accuracy"] = round(ev.accuracy, 6)
    print(f"MNIST test accuracy: {ev.accuracy:.4f}", flush=True)
    tab.state.set_model(model, label="new model")
    tab.prepare_box.setChecked(True)
    from mnist_gui.gui.harness import evaluate_strokes

    every = evaluate_strokes(tab, samples)  # the held-out writers' figure is read off the same pass
    held_counts = [every["per_writer"][w] for w in {s.writer for s in held_samples}]
    held_ok, held_n = sum(c[0] for c in held_counts), sum(c[1] for c in held_counts)
    held_acc = held_ok / max(1, held_n)
    figures["pen_heldout_writers_accuracy"] = round(held_acc, 6)
    figures["pen_all_writers_accuracy"] = round(every["accuracy"], 6)
    print(f"pen digits, {n_held} held-out writers ({held_n} digits): {held_acc:.4f}")
    print(f"pen digits, all {n_writers} writers ({every['total']} digits): {every['accuracy']:.4f}", flush=True)
    if scans_path is not None:
        try:
            items = list_labelled_images(scans_path)
        except ImageFolderError as e:
            raise UserError(str(e)) from None
        if scan_limit:
            items = items[:scan_limit]
        rep, _ = evaluate_images(tab, items)
        tab.prepare_box.setChecked(False)
        rep_plain, _ = evaluate_images(tab, items)
        tab.prepare_box.setChecked(True)
        figures["scans_accuracy"] = round(rep.accuracy, 6)
        figures["scans_accuracy_preparation_off"] = round(rep_plain.accuracy, 6)
        print(f"scans ({len(items)} pictures): {rep.accuracy:.4f} (preparation off: {rep_plain.accuracy:.4f})",
              flush=True)
    return figures


def cmd_refresh_figures(args: argparse.Namespace) -> int:
    """Measure a recipe-made model's figures again with today's code and rewrite them in its card."""
    import datetime as dt

    from mnist_gui.cli.cmdline import UserError, load_data, load_model
    from mnist_gui.core import recipe as recipes, store
    from mnist_gui.core.strokes import StrokesError, load_strokes
    from mnist_gui.cli.drawtab import make_draw_tab

    model, path = load_model(args.model)
    card = store.read_card(path)
    pen = ((card or {}).get("data") or {}).get("pen_strokes") or {}
    if not card or not pen.get("held_out_writers"):
        raise UserError(f"{path}: its card does not come from a recipe (no held-out writers recorded)")
    strokes_path = _resolve(args.strokes, DEFAULT_STROKES, "pen-stroke file", required=True)
    scans_path = _resolve(args.scans, DEFAULT_SCANS, "folder of labelled scans", required=False)
    if recipes.file_sha256(strokes_path) != pen.get("sha256"):
        raise UserError(f"{strokes_path}: not the pen-stroke file this model was trained with (SHA-256 differs)")
    data = load_data(getattr(args, "data", None))
    try:
        samples = load_strokes(strokes_path)
    except StrokesError as e:
        raise UserError(str(e)) from None
    held_w = set(pen["held_out_writers"])
    tab, _ = make_draw_tab(load_model=False)
    try:
        figures = measure_figures(tab, model, data, samples, [s for s in samples if s.writer in held_w],
                                  len(held_w), len({s.writer for s in samples}), scans_path)
    finally:
        tab.close()
    card["figures"] = figures
    card["test_accuracy"] = figures["mnist_test_accuracy"]
    card["figures_measured"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        store.write_card(path, card)
    except store.ModelFileError as e:
        raise UserError(str(e)) from None
    print(f"card updated: {store.card_path(path)}")
    print(f"accuracy: {figures['mnist_test_accuracy']:.4f}")
    return 0


def register(add: Any) -> None:
    p = add("eval-images", cmd_eval_images,
            "classify a folder of labelled pictures the way the Draw tab's Open does, and report the accuracy")
    p.add_argument("folder", metavar="DIR", help="DIR/labels.csv (path,label) or DIR/<label>/<file>")
    p.add_argument("--model", default=None, help="model file (default: the bundled model)")
    p.add_argument("--no-preprocess", action="store_true", help="plain resize to 28x28 instead (preparation off)")
    p.add_argument("--limit", type=int, help="only the first N pictures")
    p.add_argument("--strict", action="store_true",
                   help="refuse a folder holding files whose names are not UTF-8 (default: skip and count them)")
    r = add("refresh-figures", cmd_refresh_figures,
            "measure a recipe-made model's figures again (MNIST, pen writers, scans) and update its card")
    r.add_argument("model", nargs="?", default=None, help="model file (default: the bundled model)")
    r.add_argument("--strokes", metavar="FILE", help=f"pen-stroke file (default: {DEFAULT_STROKES})")
    r.add_argument("--scans", metavar="DIR", help=f"labelled scans (default: {DEFAULT_SCANS} if present)")


def add_recipe_arguments(t: argparse.ArgumentParser) -> None:
    """Options of `train` that only the recipe uses."""
    from mnist_gui.core.recipe import RECIPES

    t.add_argument("--recipe", choices=list(RECIPES),
                   help="train by a named recipe instead (bundled: MNIST + pen digits, style augmentation)")
    t.add_argument("--strokes", metavar="FILE", help=f"pen-stroke file for --recipe (default: {DEFAULT_STROKES})")
    t.add_argument("--scans", metavar="DIR", help=f"labelled scans to report on, for --recipe (default: {DEFAULT_SCANS} if present)")
    t.add_argument("--members", type=int, help="networks in the ensemble for --recipe (default: the recipe's)")
    t.add_argument("--letters", metavar="FILE",
                   help=f"for --recipe: handwritten letters (char-strokes/1) taught as 'not a digit' (default: {DEFAULT_LETTERS})")
    t.add_argument("--more-strokes", metavar="FILE",
                   help=f"for --recipe: a second pen-digit file from other writers and tablets (default: {DEFAULT_MORE_STROKES})")
    t.add_argument("--documents", metavar="DIR",
                   help=f"for --recipe: pictures of numbers with labels.csv and boxes.json whose digits are cut out "
                        f"(first half trained on, second half checked; default: {DEFAULT_DOCUMENTS} if present)")
    t.add_argument("--no-refusal", action="store_true",
                   help="for --recipe: skip the outlier-exposure stage (no letters, no 'not a digit' threshold)")
    t.add_argument("--cache", metavar="DIR",
                   help="for --recipe: keep each trained member network here and reuse it when the recipe, "
                        "data and seed are the same (an interrupted rebuild does not start over)")
    t.add_argument("--command-line", default=None, help=argparse.SUPPRESS)
