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
    from mnist_gui.core import recipe as recipes
    from mnist_gui.core.strokes import StrokesError, load_strokes
    from mnist_gui.cli.drawtab import make_draw_tab
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
    cache = Path(args.cache) if args.cache else None
    t_start = time.perf_counter()
    data = load_data(getattr(args, "data", None))
    try:
        samples = load_strokes(strokes_path)
    except StrokesError as e:
        raise UserError(str(e)) from None
    strokes_sha = recipes.file_sha256(strokes_path)
    train_w, held_w = recipes.split_writers([s.writer for s in samples], rec.holdout_mod)
    train_samples = [s for s in samples if s.writer in set(train_w)]
    held_samples = [s for s in samples if s.writer not in set(train_w)]
    x_mnist, y_mnist = data.x_train, data.y_train
    if args.limit:
        x_mnist, y_mnist = x_mnist[: args.limit], y_mnist[: args.limit]
        train_samples = train_samples[: max(1, args.limit // 10)]
        held_samples = held_samples[: max(1, args.limit // 10)]
    print(f"recipe '{rec.name}': {len(rec.members)} network(s) (seeds {', '.join(map(str, rec.members))}), each on "
          f"{len(x_mnist)} MNIST digits + {len(train_samples)} pen digits from {len(train_w)} writers x "
          f"{rec.pen_variants} renders; held out: {len(held_w)} writers ({', '.join(held_w)})", flush=True)

    tab, app = make_draw_tab(load_model=False)
    try:
        return _build(args, rec, tab, app, data, samples, train_samples, held_samples, train_w, held_w,
                      x_mnist, y_mnist, strokes_path, strokes_sha, scans_path, cache, out, t_start)
    finally:
        tab.close()


def _build(args: argparse.Namespace, rec: Any, tab: Any, app: Any, data: Any, samples: list[Any],
           train_samples: list[Any], held_samples: list[Any], train_w: list[str], held_w: list[str],
           x_mnist: Any, y_mnist: Any, strokes_path: Path, strokes_sha: str, scans_path: Path | None,
           cache: Path | None, out: Path, t_start: float) -> int:
    """Train (or reuse) the members, build the ensemble, measure it, save it with its card."""
    from mnist_gui.cli.cmdline import UserError
    from mnist_gui.core import evaluation, recipe as recipes, store

    members: list[Any] = []
    member_info: list[dict[str, Any]] = []
    for seed in rec.members:
        mrec = recipes.member(rec, seed)
        fp = recipes.member_fingerprint(mrec, data.checksum(), strokes_sha, limit=args.limit)
        cached = None if cache is None else cache / f"{rec.name}-seed{seed}-{fp}.keras"
        if cached is not None and cached.exists():
            try:
                model = store.load_model(cached)
            except store.ModelFileError as e:
                print(f"member seed {seed}: cached file unusable ({e}); training it again", flush=True)
            else:
                info = dict((store.read_card(cached) or {}).get("member") or {})
                info["reused_from_cache"] = cached.name
                print(f"member seed {seed}: reusing {cached} (same recipe, data and seed)", flush=True)
                members.append(model)
                member_info.append(info)
                continue
        model, info = _train_member(mrec, tab, app, train_samples, x_mnist, y_mnist)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            store.save_model(model, cached, {"member": info})
        members.append(model)
        member_info.append(info)
    for seed, model, info in zip(rec.members, members, member_info):
        info["mnist_test_accuracy"] = round(evaluation.evaluate(model, data.x_test, data.y_test).accuracy, 6)
        print(f"member seed {seed}: MNIST test accuracy {info['mnist_test_accuracy']:.4f}", flush=True)
    final = recipes.ensemble(members)

    figures = measure_figures(tab, final, data, samples if not args.limit else train_samples + held_samples,
                              held_samples, len(held_w), len(train_w) + len(held_w), scans_path,
                              scan_limit=args.limit // 10 if args.limit else None)
    ev_acc = figures["mnist_test_accuracy"]
    total_s = time.perf_counter() - t_start
    argv = [a for a in getattr(args, "argv", sys.argv[1:]) if not a.startswith("--command-line")]
    command = args.command_line or "mnist-gui " + " ".join(shlex.quote(a) for a in argv)
    card = store.make_card(
        arch=rec.arch if len(members) == 1 else f"{rec.arch} x{len(members)} (mean of probabilities)",
        hyperparameters=rec.to_dict(),
        dataset_sha256=data.checksum(),
        epochs_completed=min(int(i.get("epochs_completed", 0)) for i in member_info),
        test_accuracy=ev_acc,
        training_time_s=sum(float(i.get("train_time_s", 0.0)) for i in member_info),
        samples_trained=sum(int(i.get("samples_trained", 0)) for i in member_info),
        cancelled=False,
        extra={
            "recipe": rec.name,
            "command": command,
            "members": [{"seed": sd, **i} for sd, i in zip(rec.members, member_info)],
            "data": {
                "mnist": {"source": "MNIST (Y. LeCun, C. Cortes, C. J. C. Burges), CC BY-SA 3.0",
                          "sha256": data.checksum(), "train_images": int(len(x_mnist))},
                "pen_strokes": {"file": strokes_path.name, "sha256": strokes_sha,
                                "source": "UCI Pen-Based Recognition of Handwritten Digits (Alpaydin, Alimoglu), CC BY 4.0",
                                "training_writers": train_w, "held_out_writers": held_w,
                                "training_samples": len(train_samples),
                                "renders": int(len(train_samples) * rec.pen_variants)},
            },
            "figures": figures,
            "total_time_s": round(total_s, 1),
        },
    )
    try:
        saved = store.save_model(final, out, card)
    except store.ModelFileError as e:
        raise UserError(str(e)) from None
    print(f"total time: {total_s:.0f} s")
    print(f"saved: {saved}")
    print(f"accuracy: {ev_acc:.4f}")
    return 0


def _train_member(rec: Any, tab: Any, app: Any, train_samples: list[Any], x_mnist: Any, y_mnist: Any
                  ) -> tuple[Any, dict[str, Any]]:
    """Render the pen digits with the member's seed and train one network."""
    from mnist_gui.cli.cmdline import TerminalProgress, fmt_eta
    from mnist_gui.core import recipe as recipes
    from mnist_gui.core.training import Progress
    from mnist_gui.gui.harness import prepared_strokes

    bar = TerminalProgress(f"seed {rec.seed}: rendering pen digits")
    t0 = time.perf_counter()
    x_pen, y_pen = recipes.render_pen_digits(
        train_samples, lambda st: prepared_strokes(tab, st), rec.pen_variants, rec.seed,
        progress=lambda d, t: (app.processEvents(), bar.update(d / t, f"{d}/{t}")))
    bar.done(f"{len(x_pen)} pictures")
    render_s = time.perf_counter() - t0
    print(f"seed {rec.seed}: rendered {len(x_pen)} pen pictures through the Draw tab in {render_s:.0f} s", flush=True)
    bar = TerminalProgress(f"seed {rec.seed}: training")

    def on_progress(p: Progress) -> None:
        if p.kind == "batch":
            bar.update(p.fraction, f"epoch {p.epoch}/{p.epochs} loss {p.loss:.4f} acc {p.accuracy:.4f} "
                                   f"{p.samples_per_sec:.0f}/s ETA {fmt_eta(p.eta_s)}")
        elif p.kind == "epoch":
            print(f"seed {rec.seed}: epoch {p.epoch}/{p.epochs}: loss {p.loss:.4f} acc {p.accuracy:.4f} "
                  f"({p.elapsed_s:.0f} s, {p.samples_per_sec:.0f} samples/s)", flush=True)
            bar.last = -1.0

    result = recipes.train_recipe(rec, x_mnist, y_mnist, x_pen, y_pen, on_progress=on_progress)
    print(f"seed {rec.seed}: training time {result.train_time_s:.0f} s", flush=True)
    return result.model, {"epochs_completed": result.epochs_completed, "train_time_s": round(result.train_time_s, 1),
                          "render_time_s": round(render_s, 1), "samples_trained": result.samples_trained,
                          "renders": int(len(x_pen))}


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
    t.add_argument("--cache", metavar="DIR",
                   help="for --recipe: keep each trained member network here and reuse it when the recipe, "
                        "data and seed are the same (an interrupted rebuild does not start over)")
    t.add_argument("--command-line", default=None, help=argparse.SUPPRESS)
