"""Make test sets of whole numbers from single digits (for ``mnist-gui eval-numbers``).

    python tools/compose_numbers.py pen STROKES.json OUT.json [--writers held-out|trained|all] [--n 300]
    python tools/compose_numbers.py scans SCANS_DIR OUT_DIR [--n 300]
    python tools/compose_numbers.py orand ORAND_DIR OUT_DIR --part tune|check
    python tools/compose_numbers.py orand-digits ORAND_DIR OUT_DIR --part tune|check

``pen``: each number is written with one writer's digits (``core.number_strokes.compose``: varied
gaps, touching and overlapping neighbours, slant, baseline wobble); ``--writers held-out`` takes
only the writers the bundled model's card says it never trained on. ``scans``: scanned digits
cropped to their ink and set side by side on white paper at slightly varied sizes, gaps and
baselines (the scans name no writers, so a number mixes writers). ``orand``: a ``labels.csv`` of
the tuning half (rows 1-273 of the set's ``labels.csv``) or the checking half (the rest) pointing
at the original pictures; ``orand-digits``: each digit of that half cut out by its box
(``core.cheque_digits.cut_digits``: a margin painted as paper) as a grey PNG with ``labels.csv`` for
``eval-images``. Nothing is copied into the repository: write OUT under /tmp or build/.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pen(args: argparse.Namespace) -> None:
    from mnist_gui.core import number_strokes, strokes

    samples = strokes.load_strokes(args.source)
    if args.writers != "all":
        card = json.loads((ROOT / "resources" / "default_model.card.json").read_text())
        held = set(card["data"]["pen_strokes"]["held_out_writers"])
        samples = [s for s in samples if (s.writer in held) == (args.writers == "held-out")]
    nums = number_strokes.compose_many(samples, args.n, seed=args.seed, lengths=(1, args.max_len))
    number_strokes.save_numbers(args.out, nums)
    print(f"{len(nums)} numbers of {len({n.writer for n in nums})} writers -> {args.out}")


def scans(args: argparse.Namespace) -> None:
    from PIL import Image

    src = Path(args.source)
    by_label: dict[int, list[Path]] = {}
    with open(src / "labels.csv", newline="") as f:
        for row in csv.DictReader(f):
            by_label.setdefault(int(row["label"]), []).append(src / row["path"])
    rng = np.random.default_rng(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = ["path,number"]
    h = 64
    for i in range(args.n):
        text = "".join(str(int(d)) for d in rng.integers(0, 10, int(rng.integers(1, args.max_len + 1))))
        pieces = []
        for c in text:
            paths = by_label[int(c)]
            g = np.asarray(Image.open(paths[int(rng.integers(len(paths)))]).convert("L"))
            ys, xs = np.nonzero(g < 128)
            g = g[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
            k = h * rng.uniform(0.9, 1.1) / g.shape[0]
            pieces.append(np.asarray(Image.fromarray(g).resize((max(1, int(g.shape[1] * k)), max(1, int(g.shape[0] * k))),
                                                               Image.Resampling.BILINEAR)))
        gaps = [int(rng.uniform(-0.04, 0.35) * h) for _ in pieces]
        width = sum(p.shape[1] for p in pieces) + sum(gaps) + 2 * h
        page = np.full((2 * h, max(width, h)), 255, np.uint8)
        x = h // 2
        for p, gap in zip(pieces, gaps):
            y = h // 2 + int(rng.uniform(-0.08, 0.08) * h) + (h - p.shape[0]) // 2
            y = max(0, min(page.shape[0] - p.shape[0], y))
            region = page[y:y + p.shape[0], x:x + p.shape[1]]
            np.minimum(region, p[:, :region.shape[1]], out=region)
            x += p.shape[1] + gap
        page = page[:, :max(x + h // 2, h)]
        Image.fromarray(page).save(out / f"{i:04d}.png")
        rows.append(f"{i:04d}.png,{text}")
    (out / "labels.csv").write_text("\n".join(rows) + "\n")
    print(f"{args.n} scanned numbers -> {out}")


def orand(args: argparse.Namespace) -> None:
    from mnist_gui.core.cheque_digits import part_rows

    src = Path(args.source).resolve()
    with open(src / "labels.csv", newline="") as f:
        rows = part_rows(list(csv.DictReader(f)), args.part)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = ["path,number"]
    for r in rows:
        link = out / Path(r["path"]).name
        if not link.exists():
            link.symlink_to(src / r["path"])
        lines.append(f"{link.name},{r['number']}")
    (out / "labels.csv").write_text("\n".join(lines) + "\n")
    print(f"{len(rows)} cheque amounts ({args.part}) -> {out}")


def orand_digits(args: argparse.Namespace) -> None:
    """Each digit of one half cut out (core.cheque_digits.cut_digits) as a grey PNG, for eval-images."""
    from PIL import Image

    from mnist_gui.core import cheque_digits

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = ["path,label"]
    for path, k, crop, digit in cheque_digits.cut_digits(Path(args.source).resolve(), args.part):
        if crop is not None:
            name = f"{path.stem}-{k}.png"
            Image.fromarray((crop * 255 + 0.5).astype(np.uint8)).save(out / name)
            lines.append(f"{name},{digit}")
    (out / "labels.csv").write_text("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} cheque digits ({args.part}) -> {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["pen", "scans", "orand", "orand-digits"])
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--max-len", type=int, default=10)
    ap.add_argument("--writers", choices=["all", "held-out", "trained"], default="held-out")
    ap.add_argument("--part", choices=["tune", "check"], default="check")
    args = ap.parse_args()
    {"pen": pen, "scans": scans, "orand": orand, "orand-digits": orand_digits}[args.kind](args)


if __name__ == "__main__":
    main()
