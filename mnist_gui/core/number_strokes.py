"""Whole numbers as pen strokes: the ``number-strokes/1`` format, and numbers composed from one
writer's digits for measuring the number reader (no Qt).

The format (``docs/design.md`` section 4b) is JSON::

    {"format": "number-strokes/1",
     "coordinates": "x, y in units of the sample's writing box ...",
     "samples": [{"text": "2026", "writer": "pendigits-12", "box": [width, height],
                  "strokes": [[[x, y], ...], ...]}, ...]}

A sample's points lie in its writing box (x from 0 to width, y from 0 to height, y downwards); a
replay fits the box into the canvas keeping its aspect ratio. The caps of ``digit-strokes/1``
apply to the file; a number has at most :data:`MAX_DIGITS` characters and
``MAX_DIGITS x 2,000`` points.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from mnist_gui.core.strokes import (MAX_POINTS, MAX_POINTS_PER_SAMPLE, MAX_SAMPLES, MAX_WRITER_CHARS, StrokeSample,
                                    StrokesError, _fail, _is_number, _short, read_document)

FORMAT = "number-strokes/1"
MAX_DIGITS = 40
MAX_BOX = 1e6  # a writing box larger than this (in its own units) is not a real one
_COORDINATES_NOTE = ("x, y in units of the sample's writing box (x from 0 to width, y from 0 to height, "
                     "y downwards); a replay fits the box into the canvas keeping its aspect ratio")

Point = tuple[float, float]


@dataclass(frozen=True)
class NumberSample:
    """One written number: its text, who wrote it, its writing box and its strokes."""

    text: str
    writer: str
    box: tuple[float, float]
    strokes: tuple[tuple[Point, ...], ...]


def _parse(path: Any, index: int, raw: Any) -> NumberSample:
    where = f"sample {index}"
    if not isinstance(raw, dict):
        raise _fail(path, where, f"expected an object, got {type(raw).__name__}")
    text = raw.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= MAX_DIGITS or not text.isascii() or not text.isdigit():
        raise _fail(path, where, f"text {_short(text)} is not a number of 1-{MAX_DIGITS} digits")
    writer = raw.get("writer", "")
    if not isinstance(writer, str) or len(writer) > MAX_WRITER_CHARS:
        raise _fail(path, where, f"writer {_short(writer)} is not a text of at most {MAX_WRITER_CHARS} characters")
    box = raw.get("box")
    if (not isinstance(box, list) or len(box) != 2 or not all(_is_number(v) for v in box)
            or not all(0 < v <= MAX_BOX for v in box)):
        raise _fail(path, where, f"box {_short(box)} is not [width, height] with positive sizes")
    w, h = float(box[0]), float(box[1])
    strokes_raw = raw.get("strokes")
    if not isinstance(strokes_raw, list) or not strokes_raw:
        raise _fail(path, where, "strokes must be a non-empty list of strokes")
    n_points = sum(len(s) if isinstance(s, list) else 1 for s in strokes_raw)
    if n_points > MAX_POINTS_PER_SAMPLE * len(text):
        raise _fail(path, where, f"{n_points:,} points; a number has at most {MAX_POINTS_PER_SAMPLE:,} a digit")
    strokes = []
    for s_index, stroke in enumerate(strokes_raw):
        s_where = f"{where}, stroke {s_index}"
        if not isinstance(stroke, list) or not stroke:
            raise _fail(path, s_where, "a stroke must be a non-empty list of [x, y] points")
        pts = []
        for p_index, pt in enumerate(stroke):
            if not isinstance(pt, list) or len(pt) != 2 or not _is_number(pt[0]) or not _is_number(pt[1]):
                raise _fail(path, f"{s_where}, point {p_index}", f"expected [x, y] numbers, got {_short(pt)}")
            # compared before float(): a 400-digit integer compares exactly; NaN fails the test
            if not (-0.05 * w <= pt[0] <= 1.05 * w and -0.05 * h <= pt[1] <= 1.05 * h):
                raise _fail(path, f"{s_where}, point {p_index}",
                            f"({_short(pt[0])}, {_short(pt[1])}) is not a finite position in the box {w:g} x {h:g}")
            pts.append((min(w, max(0.0, float(pt[0]))), min(h, max(0.0, float(pt[1])))))
        strokes.append(tuple(pts))
    return NumberSample(text, writer, (w, h), tuple(strokes))


def load_numbers(path: str | os.PathLike[str]) -> list[NumberSample]:
    """Read and validate a ``number-strokes/1`` file.

    Raises:
        StrokesError: one line naming the file (and sample) and the problem.
    """
    p = Path(path)
    _, samples_raw = read_document(p, "a number-strokes file", (FORMAT,), (b'"text"',),
                                   1 + 2 * MAX_SAMPLES + 2 * MAX_POINTS)
    out, n_points = [], 0
    for i, item in enumerate(samples_raw):
        s = _parse(p, i, item)
        n_points += sum(len(st) for st in s.strokes)
        if n_points > MAX_POINTS:
            raise _fail(p, f"sample {i}", f"more than {MAX_POINTS:,} points in the file")
        out.append(s)
    return out


def save_numbers(path: str | os.PathLike[str], samples: Iterable[NumberSample], decimals: int = 4) -> None:
    """Write samples as a ``number-strokes/1`` file (atomically)."""
    p = Path(path)
    doc_samples = []
    for i, s in enumerate(samples):
        if not s.text.isdigit() or not s.strokes:
            raise _fail(p, f"sample {i}", "a sample needs digits as text and strokes")
        strokes = []
        for st in s.strokes:
            pts = []
            for x, y in st:
                if not (math.isfinite(x) and math.isfinite(y)):
                    raise _fail(p, f"sample {i}", f"non-finite point ({x}, {y})")
                pts.append([round(float(x), decimals), round(float(y), decimals)])
            strokes.append(pts)
        doc_samples.append({"text": s.text, "writer": s.writer, "box": [float(s.box[0]), float(s.box[1])],
                            "strokes": strokes})
    text = json.dumps({"format": FORMAT, "coordinates": _COORDINATES_NOTE, "samples": doc_samples},
                      separators=(",", ":"), allow_nan=False)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=p.name + ".", suffix=".part", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def fit_to_canvas(sample: NumberSample, width: float, height: float, margin: float = 0.05) -> list[list[Point]]:
    """The sample's strokes in pixels of a ``width`` x ``height`` canvas: its box fitted and
    centred, aspect kept, with a margin of ``margin`` of the canvas height around it."""
    bw, bh = sample.box
    m = margin * height
    k = min((width - 2 * m) / bw, (height - 2 * m) / bh)
    ox, oy = (width - bw * k) / 2, (height - bh * k) / 2
    return [[(ox + x * k, oy + y * k) for x, y in st] for st in sample.strokes]


# ---------------------------------------------------------------------------- composing
def compose(digits: Sequence[StrokeSample], rng: np.random.Generator, *, gap: tuple[float, float] = (-0.12, 0.35),
            slant: float = 0.15, wobble: float = 0.08, size: float = 0.12) -> NumberSample:
    """A number written with these digits of one writer, left to right, as a person writes one:
    a random gap between neighbours (negative: they overlap, touching or crossing), a common
    slant, a baseline that wobbles and sizes that vary a little. Units: the digits' height is 1.
    """
    shear = rng.uniform(-slant, slant)
    strokes: list[tuple[Point, ...]] = []
    x = 0.0
    top, bottom = math.inf, -math.inf
    for d in digits:
        pts = [p for st in d.strokes for p in st]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, y0 = min(xs), min(ys)
        h = max(max(ys) - y0, 1e-3)
        k = (1.0 + rng.uniform(-size, size)) / h
        dy = rng.uniform(-wobble, wobble)
        w = (max(xs) - x0) * k
        for st in d.strokes:
            moved = []
            for px, py in st:
                yy = (py - y0) * k + dy
                moved.append((x + (px - x0) * k + shear * (1.0 - yy), yy))
            strokes.append(tuple(moved))
            top = min(top, min(p[1] for p in moved))
            bottom = max(bottom, max(p[1] for p in moved))
        x += w + rng.uniform(*gap) * (0.3 if w < 0.25 else 1.0)  # a 1 is narrow: its gaps are too
    left = min(p[0] for st in strokes for p in st)
    right = max(p[0] for st in strokes for p in st)
    pad = 0.15
    shifted = tuple(tuple((px - left + pad, py - top + pad) for px, py in st) for st in strokes)
    return NumberSample("".join(str(d.label) for d in digits), digits[0].writer,
                        (right - left + 2 * pad, bottom - top + 2 * pad), shifted)


def compose_many(samples: Sequence[StrokeSample], n: int, seed: int = 0, lengths: tuple[int, int] = (1, 10)
                 ) -> list[NumberSample]:
    """``n`` numbers, each of one writer's digits, lengths uniform in ``lengths`` (inclusive)."""
    rng = np.random.default_rng(seed)
    by_writer: dict[str, list[StrokeSample]] = {}
    for s in samples:
        if s.label >= 0:
            by_writer.setdefault(s.writer, []).append(s)
    writers = sorted(by_writer)
    if not writers:
        raise StrokesError("no digits to compose numbers from")
    out = []
    for _ in range(n):
        pool = by_writer[writers[int(rng.integers(len(writers)))]]
        k = int(rng.integers(lengths[0], lengths[1] + 1))
        out.append(compose([pool[int(i)] for i in rng.integers(0, len(pool), k)], rng))
    return out
