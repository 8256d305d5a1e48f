"""`mnist-gui read IMAGE...` and `mnist-gui eval-numbers PATH`: whole numbers, read as the Draw
tab reads them (strokes replayed on its real canvas, pictures opened as Open opens them)."""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable

NUMBER_CANVAS = (960, 320)  # the offscreen canvas numbers are written on (width, height)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions) between two digit strings."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def describe_pieces(reading: Any) -> str:
    """Each digit with its confidence: "2 (99.1%) 0 (98.7%) 4|9 unsure (48.0%)"."""
    out = []
    for p in reading.pieces:
        r = p.reading
        if r.kind == "not_digit":
            out.append(f"? not a digit ({r.digit} {r.confidence * 100:.1f}%)")
        elif r.kind == "unsure":
            out.append(f"{r.digit}|{r.second} unsure ({r.confidence * 100:.1f}%)")
        else:
            out.append(f"{r.digit} ({r.confidence * 100:.1f}%)")
    return " ".join(out)


def cmd_read(args: argparse.Namespace) -> int:
    """Print each picture's number and each digit's confidence (no Qt, no TensorFlow for the
    bundled model)."""
    from mnist_gui.cli.cmdline import EXIT_BAD_INPUT
    from mnist_gui.cli.commands import load_predictor, predictor_policy, read_pictures
    from mnist_gui.core import numbers

    pictures, status = read_pictures(args.images)
    if not pictures:
        return status
    model = load_predictor(getattr(args, "model", None))
    policy = predictor_policy(getattr(args, "model", None)).switched(not args.no_refusal)
    predict = numbers.batch_predictor(model)
    for name, img in pictures:
        reading = numbers.read_picture(img, predict, policy)
        if not reading.pieces:
            print(f"mnist-gui: {name}: no digits found in the picture", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        print(f"{name}: {reading.text}  {describe_pieces(reading)}")
    return status


def _read_sample(tab: Any, app: Any, sample: Any) -> str:
    from mnist_gui.core.number_strokes import fit_to_canvas

    c = tab.canvas
    c.clear()
    o = c.origin()
    pts = fit_to_canvas(sample, c.area_width(), c.side(), margin=0.1)
    c.replay([[(o.x() + x, o.y() + y) for x, y in st] for st in pts], fractions=False)
    return tab.numbers.text()


def _read_picture(tab: Any, path: Path) -> str | None:
    from mnist_gui.gui.imageio import ImageLoadError, read_image

    try:
        image = read_image(str(path))
    except ImageLoadError:
        return None
    tab.show_picture(image)
    return tab.numbers.text()


def cmd_eval_numbers(args: argparse.Namespace) -> int:
    from mnist_gui.cli.cmdline import TerminalProgress, UserError, check_limit
    from mnist_gui.cli.drawtab import make_draw_tab
    from mnist_gui.core.imagefolder import ImageFolderError, numbers_csv, printable
    from mnist_gui.core.number_strokes import load_numbers
    from mnist_gui.core.strokes import StrokesError

    check_limit(args.limit, "numbers")
    path = Path(args.path)
    try:
        if path.is_dir():
            items: list[tuple[Any, str]] = [(p, t) for p, t in numbers_csv(path)]
            kind = "pictures"
        else:
            items = [(s, s.text) for s in load_numbers(path)]
            kind = "written numbers"
    except (ImageFolderError, StrokesError) as e:
        raise UserError(str(e)) from None
    if args.limit:
        items = items[: args.limit]
    if not items:
        raise UserError(f"{path}: holds no numbers")
    w, h = NUMBER_CANVAS
    tab, app = make_draw_tab(args.model, side=h, aspect=w / h)
    results: list[tuple[str, str]] = []
    problems: list[str] = []
    bar = TerminalProgress("reading numbers")
    t0 = time.perf_counter()
    try:
        for i, (item, truth) in enumerate(items):
            if kind == "pictures":
                got = _read_picture(tab, item)
                if got is None:
                    problems.append(f"{printable(str(item))}: cannot be opened")
                    got = ""
            else:
                got = _read_sample(tab, app, item)
            results.append((truth, got))
            if i % 20 == 0:
                app.processEvents()
                bar.update((i + 1) / len(items), f"{i + 1}/{len(items)}")
    finally:
        tab.close()
    bar.done(f"{len(items)}/{len(items)}")
    elapsed = time.perf_counter() - t0
    for p in problems[:20]:
        print(f"problem: {p}")
    print(f"{kind}: {len(items)} from {printable(str(path))}; {elapsed:.1f} s ({elapsed / len(items) * 1000:.0f} ms each)")
    _report(results)
    return 0


def _report(results: list[tuple[str, str]]) -> None:
    by_len: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    edits = digits = 0
    mistakes: Counter[tuple[str, str]] = Counter()
    for truth, got in results:
        ok = truth == got
        by_len[len(truth)][0] += ok
        by_len[len(truth)][1] += 1
        edits += edit_distance(truth, got)
        digits += len(truth)
        if not ok:
            if len(truth) == len(got):
                for a, b in zip(truth, got):
                    if a != b:
                        mistakes[(a, b)] += 1
            elif len(got) < len(truth):
                mistakes[("digits", "missed")] += len(truth) - len(got)
            else:
                mistakes[("digits", "extra")] += len(got) - len(truth)
    print("by length:")
    for n in sorted(by_len):
        ok, total = by_len[n]
        print(f"  {n} digits: {ok / total:.4f} ({ok}/{total})")
    print(f"digit error rate: {edits / max(1, digits):.4f} ({edits} edits over {digits} digits)")
    if mistakes:
        print("most frequent mistakes: " + ", ".join(
            (f"{a} read as {b}" if a != "digits" else f"{b} digits") + f" ({n})" for (a, b), n in mistakes.most_common(8)))
    correct = sum(t == g for t, g in results)
    print(f"number accuracy: {correct / len(results):.4f}")


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    r = add("read", cmd_read, "read the whole number in each picture (photo, scan, cheque amount)")
    r.add_argument("images", nargs="+", metavar="IMAGE")
    r.add_argument("--model", default=argparse.SUPPRESS, help="model file (default: the bundled model)")
    r.add_argument("--no-refusal", action="store_true", help="no \"not a digit\" or \"unsure\" answers")
    e = add("eval-numbers", cmd_eval_numbers,
            "read every number of a number-strokes/1 file (written on the real canvas) or of a folder "
            "with labels.csv (path,number) of pictures; ends with 'number accuracy: 0.XXXX'")
    e.add_argument("path", metavar="PATH")
    e.add_argument("--model", default=None, help="model file (default: the bundled model)")
    e.add_argument("--limit", type=int, help="only the first N numbers")
