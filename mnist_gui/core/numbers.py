"""Reading a whole number: group the units of :mod:`core.segment` into digits, read each (no Qt).

Every way of grouping neighbouring units into digits is a path through a small graph; each
candidate digit is prepared exactly as a single digit is (cropped, 20-px box, centre of mass)
and all candidates are read by the network in **one batched call**. The best path maximises the
sum of the candidates' log-probabilities plus simple priors: a digit is about as wide as the line
is high, its strokes have no wide gap between them, the strokes of two neighbouring digits seldom
lie above one another, and a cut through ink (touching digits) costs the ink it crosses. Where
the model's card has a "not a digit" threshold, a candidate refused by it (a wrong cut, half a
digit, two digits together) is penalised, so the path avoids it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections import OrderedDict
from typing import Any, Callable, Hashable, Sequence

import numpy as np

from mnist_gui.core import refusal
from mnist_gui.core.preprocess import preprocess
from mnist_gui.core.segment import Unit, Units, picture_units, stroke_units

Predict = Callable[[np.ndarray], np.ndarray]  # (N, 28, 28) float32 -> (N, 10) probabilities
Box = tuple[float, float, float, float]

#: At most this many units form one digit (a 4 in three strokes, a 5 with a broken hat).
MAX_UNITS = 4
#: The most digits read in one number (more ink than this is read as the first ones).
MAX_DIGITS = 40
#: Pieces spanning at least this many line heights are several digits, not one digit in pieces.
NUMBER_WIDTH = 1.0
#: Narrower: several digits when each piece is read with this confidence and the whole ink as one
#: digit with less than WHOLE (tuned on multi-stroke pen digits and short numbers of trained writers)
SURE = 0.8
WHOLE = 0.95


@dataclass(frozen=True)
class Costs:
    """The priors of the grouping search (log-probability units), tuned per source on tuning
    writers and tuning cheques (see the README for the figures on the others)."""

    digit_bonus: float = 0.35  # what each digit of the path earns (else few merged pieces win)
    overlap_cost: float = 4.0  # per line height that the middle of one digit lies in the other's columns ...
    overlap_slack: float = -0.1  # ... beyond this (negative: a middle close to the other's edge costs too)
    gap_cost: float = 8.0  # per line height of empty gap inside one digit
    wide_cost: float = 5.0  # per line height of width beyond wide_digit
    wide_digit: float = 1.15
    short_cost: float = 8.0  # per line height of height below short_digit (even a 1 is tall)
    short_digit: float = 0.6
    cut_cost: float = 5.0  # per line height of ink a cut crosses (touching digits in pictures)
    refused_cost: float = 3.0  # a candidate the model's policy calls "not a digit"
    # a unit may be left out of the number (a dash, a stray mark, a stroke of a currency sign):
    # it costs skip_base, plus skip_cost per line height it is taller than skip_height
    skip_base: float = 1.0
    skip_cost: float = 8.0
    skip_height: float = 0.45


PEN = Costs(digit_bonus=0.35, overlap_cost=4.0, overlap_slack=0.0, short_cost=15.0, short_digit=0.7)
PICTURE = Costs(overlap_cost=1.0)


class Cache:
    """The most recent candidates' inputs and probabilities, by what they are made of (LRU)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._d: OrderedDict[Hashable, tuple[np.ndarray | None, np.ndarray | None]] = OrderedDict()

    def get(self, k: Hashable) -> tuple[np.ndarray | None, np.ndarray | None] | None:
        v = self._d.get(k)
        if v is not None:
            self._d.move_to_end(k)
        return v

    def put(self, k: Hashable, v: tuple[np.ndarray | None, np.ndarray | None]) -> None:
        self._d[k] = v
        self._d.move_to_end(k)
        while len(self._d) > self.size:
            self._d.popitem(last=False)

    def clear(self) -> None:
        self._d.clear()


@dataclass
class Piece:
    """One digit of a number: where it is, what it is made of, the network's input and answer."""

    box: Box  # x0, y0, x1, y1 in the source's coordinates
    units: tuple[int, ...]
    strokes: tuple[int, ...]
    image: np.ndarray = field(repr=False)  # the 28x28 input
    probabilities: np.ndarray = field(repr=False)  # the model's ten (uncalibrated)
    reading: refusal.Reading = field(repr=False)

    @property
    def char(self) -> str:
        return "?" if self.reading.kind == "not_digit" else str(self.reading.digit)


@dataclass
class NumberReading:
    """The digits of a number, left to right, and the separators left out."""

    pieces: list[Piece]
    separators: list[Box] = field(default_factory=list)
    # the calibrated top probability of all the ink read as one digit (None: too wide to be one)
    whole: float | None = None

    @property
    def text(self) -> str:
        return "".join(p.char for p in self.pieces)

    @property
    def confidence(self) -> float:
        """The probability that every digit is right (product of the digits' confidences)."""
        return float(np.prod([p.reading.confidence for p in self.pieces])) if self.pieces else 0.0


def looks_like_a_number(reading: NumberReading) -> bool:
    """Whether a reading holds two digits or more rather than one digit in several pieces: the
    pieces together are wider than one digit, or each is read as a digit with confidence."""
    pieces = reading.pieces
    if len(pieces) < 2:
        return False
    x0, y0 = min(p.box[0] for p in pieces), min(p.box[1] for p in pieces)
    x1, y1 = max(p.box[2] for p in pieces), max(p.box[3] for p in pieces)
    if (x1 - x0) >= NUMBER_WIDTH * (y1 - y0):
        return True
    # narrow: several digits only if each is read with confidence and all of it is not one digit
    # (a 4 or a 5 in two strokes reads well whole; "11" does not)
    sure = all(p.reading.kind == "digit" and p.reading.confidence >= SURE for p in pieces)
    return sure and (reading.whole is None or reading.whole < WHOLE)


def one_digit_wide(strokes: Sequence[Sequence[tuple[float, float]]]) -> bool:
    """Whether written ink spans at most one line height (as :func:`looks_like_a_number` measures
    its pieces): such ink that the whole-drawing reading calls a digit with at least ``WHOLE``
    confidence is one digit, and the Draw tab need not split it (a two-stroke 4 costs one pass)."""
    units = stroke_units([list(s) for s in strokes]).units
    if not units:
        return True
    x0, y0, x1, y1 = _box(units)
    return (x1 - x0) < NUMBER_WIDTH * (y1 - y0)


def batch_predictor(model: Any) -> Predict:
    """``(N, 28, 28) -> (N, 10)`` for a Keras model or its NumPy stand-in (core.lite): one compiled
    forward pass for any number of candidates."""
    from mnist_gui.core.evaluation import predict_few

    def predict(x: np.ndarray) -> np.ndarray:
        return predict_few(model, x)

    return predict


def _box(units: Sequence[Unit]) -> Box:
    return (min(u.x0 for u in units), min(u.y0 for u in units), max(u.x1 for u in units), max(u.y1 for u in units))


def _runs(units: Units) -> list[tuple[int, int]]:
    """Candidate digits: runs ``i..j`` of neighbouring units without a wide gap, not too wide."""
    h = units.height
    out = []
    n = len(units.units)
    for i in range(n):
        x1 = units.units[i].x1
        for j in range(i, min(n, i + MAX_UNITS)):
            u = units.units[j]
            if j > i:
                if u.x0 - x1 > 0.45 * h:  # a clear gap: the units belong to different digits
                    break
                x1 = max(x1, u.x1)
            if x1 - units.units[i].x0 > 2.0 * h:
                break
            out.append((i, j))
    return out


def _candidate_cost(units: Units, i: int, j: int, c: Costs) -> float:
    h = units.height
    us = units.units[i:j + 1]
    x0, _, x1, _ = _box(us)
    _, y0, _, y1 = _box(us)
    cost = c.wide_cost * max(0.0, (x1 - x0) / h - c.wide_digit) + c.short_cost * max(0.0, c.short_digit - (y1 - y0) / h)
    reach = us[0].x1
    for u in us[1:]:
        cost += c.gap_cost * max(0.0, u.x0 - reach) / h
        reach = max(reach, u.x1)
    return cost


def _boundary_cost(units: Units, a: tuple[int, int], b: tuple[int, int], c: Costs) -> float:
    """The cost of ending one digit at unit ``a[1]`` and starting the next at ``b[0]``."""
    h = units.height
    if len(a) > 2 or len(b) > 2:  # next to ink left out (a dash, a mark): no boundary to judge
        return 0.0
    left, right = units.units[a[0]:a[1] + 1], units.units[b[0]:b[1] + 1]
    first = units.units[b[0]]
    cost = c.cut_cost * first.cut_left
    bl, br = _box(left), _box(right)
    # how far the middle of one digit lies inside the other's columns: the parts of one digit lie
    # across each other (a 4's down-stroke in its bar), neighbours at most touch at their edges
    depth = max(bl[2] - (br[0] + br[2]) / 2, (bl[0] + bl[2]) / 2 - br[0])
    cost += c.overlap_cost * max(0.0, depth / h - c.overlap_slack)
    return cost


def best_path(units: Units, runs: list[tuple[int, int]], gains: dict[tuple[int, int], float],
              costs: Costs) -> list[tuple[int, int]]:
    """The grouping of all units into consecutive runs with the highest total gain."""
    n = len(units.units)
    ending: dict[int, list[tuple[int, int]]] = {}
    for r in runs:
        ending.setdefault(r[1], []).append(r)
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {}
    for j in range(n):
        for r in ending.get(j, []):
            g = gains[r]
            if r[0] == 0:
                best[r] = (g, None)
                continue
            options = [(best[p][0] + g - _boundary_cost(units, p, r, costs), p) for p in ending.get(r[0] - 1, []) if p in best]
            if options:
                best[r] = max(options, key=lambda t: t[0])
    finals = [(v[0], r) for r, v in best.items() if r[1] == n - 1]
    if not finals:
        return []
    r: tuple[int, int] | None = max(finals)[1]
    path = []
    while r is not None:
        path.append(r)
        r = best[r][1]
    return path[::-1]


def read_units(units: Units, render: Callable[[Units, int, int], np.ndarray | None], predict: Predict,
               policy: refusal.Policy = refusal.DEFAULT_POLICY, costs: Costs = PICTURE, *,
               key: Callable[[Units, int, int], Hashable] | None = None, cache: Cache | None = None) -> NumberReading:
    """Group ``units`` into digits and read them (one batched ``predict`` call).

    With ``key`` and ``cache``, a candidate read before (the same strokes, the same model) is taken
    from the cache: after a new stroke only the candidates it is part of are drawn and read.
    """
    if not units.units:
        return NumberReading([], units.separators)
    runs = _runs(units)
    images: dict[tuple[int, int], np.ndarray] = {}
    known: dict[tuple[int, int], np.ndarray] = {}
    keys: dict[tuple[int, int], Hashable] = {}
    for r in runs:
        if key is not None and cache is not None:
            keys[r] = key(units, *r)
            hit = cache.get(keys[r])
            if hit is not None:
                if hit[0] is not None:
                    images[r], known[r] = hit
                continue
        x = render(units, *r)
        if x is not None:
            images[r] = x
        elif keys:
            cache.put(keys[r], (None, None))
    runs = [r for r in runs if r in images]
    if not runs:
        return NumberReading([], units.separators)
    alone = {r[0] for r in runs if r[0] == r[1]}
    if len(alone) < len(units.units):  # a unit with no ink left once prepared: leave it out, read again
        kept = [u for i, u in enumerate(units.units) if i in alone]
        return read_units(Units(kept, units.height, units.separators, units.ink, units.scale), render, predict,
                          policy, costs, key=key, cache=cache)
    new = [r for r in runs if r not in known]
    if new:
        fresh = np.asarray(predict(np.stack([images[r] for r in new]).astype(np.float32)), dtype=np.float32)
        for r, p in zip(new, fresh):
            known[r] = p
            if keys:
                cache.put(keys[r], (images[r], p))
    probs = np.stack([known[r] for r in runs])
    cal = refusal.calibrate(probs, policy.temperature)
    kinds = refusal.kinds(probs, policy)
    gains = {}
    for r, p, k in zip(runs, cal, kinds):
        g = math.log(max(float(p.max()), 1e-6)) + costs.digit_bonus - _candidate_cost(units, *r, costs)
        if k == "not_digit":
            g -= costs.refused_cost
        gains[r] = g
    skips = []
    for i, u in enumerate(units.units):
        skip = (i, i, "skip")
        gains[skip] = -(costs.skip_base + costs.skip_cost * max(0.0, u.height / units.height - costs.skip_height))
        skips.append(skip)
    path = best_path(units, runs + skips, gains, costs)
    if not path:  # a unit that cannot be read at all (no ink left once prepared): skip it
        return NumberReading([], units.separators)
    by_run = {r: i for i, r in enumerate(runs)}
    pieces = []
    left_out = [_box([units.units[r[0]]]) for r in path if len(r) > 2]
    for r in [r for r in path if len(r) == 2][:MAX_DIGITS]:
        us = units.units[r[0]:r[1] + 1]
        k = by_run[r]
        strokes = tuple(sorted(s for u in us for s in u.strokes))
        box = _box(us)
        if units.scale != 1.0:
            box = tuple(v * units.scale for v in box)  # type: ignore[assignment]
        pieces.append(Piece(box, tuple(range(r[0], r[1] + 1)), strokes, images[r], probs[k],
                            refusal.read(probs[k], policy)))
    whole_run = (0, len(units.units) - 1)
    whole = float(cal[by_run[whole_run]].max()) if whole_run in by_run else None
    return NumberReading(pieces, [tuple(v * units.scale for v in s) for s in units.separators + left_out],  # type: ignore[misc]
                         whole)


# ---------------------------------------------------------------------------- strokes
STROKE_TO_SIZE = 0.13  # MNIST's stroke width for a digit's larger side (as the Draw tab's)
_RENDER = 48  # a candidate's larger side is drawn this many pixels (supersampled twice)


def render_strokes(strokes: Sequence[Sequence[tuple[float, float]]], which: Sequence[int]) -> np.ndarray | None:
    """The 28x28 input for the strokes ``which``, drawn as the Draw tab draws one digit."""
    from PIL import Image, ImageDraw

    pts = [p for i in which for p in strokes[i]]
    if not pts:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, y0 = min(xs), min(ys)
    extent = max(max(xs) - x0, max(ys) - y0, 1e-9)
    ss = 2
    k = _RENDER * ss / extent
    width = max(2, int(round(STROKE_TO_SIZE * _RENDER * ss)))
    pad = width
    side = int(_RENDER * ss + 2 * pad + 1)
    image = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(image)
    r = width / 2
    for i in which:
        line = [((x - x0) * k + pad, (y - y0) * k + pad) for x, y in strokes[i]]
        if len(line) > 1:
            draw.line(line, fill=255, width=width, joint="curve")
        for x, y in {line[0], line[-1]}:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    img = np.asarray(image.reduce(ss), dtype=np.float32) / np.float32(255.0)
    return preprocess(img)


def read_strokes(strokes: Sequence[Sequence[tuple[float, float]]], predict: Predict,
                 policy: refusal.Policy = refusal.DEFAULT_POLICY, costs: Costs = PEN, *,
                 cache: Cache | None = None) -> NumberReading:
    """Read the number written by ``strokes`` (any coordinates, y downwards). A ``cache`` kept
    between calls (for one model) reads only the candidates a new stroke is part of."""
    strokes = [list(s) for s in strokes]
    units = stroke_units(strokes)
    frozen = [tuple(s) for s in strokes]

    def which(u: Units, i: int, j: int) -> list[int]:
        return sorted(s for unit in u.units[i:j + 1] for s in unit.strokes)

    def render(u: Units, i: int, j: int) -> np.ndarray | None:
        return render_strokes(strokes, which(u, i, j))

    def key(u: Units, i: int, j: int) -> Hashable:
        return tuple(frozen[s] for s in which(u, i, j))

    return read_units(units, render, predict, policy, costs, key=key, cache=cache)


# ---------------------------------------------------------------------------- pictures
def render_picture(units: Units, i: int, j: int) -> np.ndarray | None:
    """The 28x28 input for units ``i..j`` of a picture: their ink only (neighbours masked out)."""
    from mnist_gui.core.preprocess import preprocess_picture

    us = units.units[i:j + 1]
    x0, y0, x1, y1 = (int(v) for v in _box(us))
    mask = np.zeros_like(us[0].mask)
    for u in us:
        mask |= u.mask
    pad = max(2, int(0.15 * units.height))
    h, w = mask.shape
    ya, yb, xa, xb = max(0, y0 - pad), min(h, y1 + pad), max(0, x0 - pad), min(w, x1 + pad)
    crop = (units.ink * mask)[ya:yb, xa:xb]
    if crop.max() <= 0:
        return None
    return preprocess_picture(crop)


def read_picture(img: np.ndarray, predict: Predict, policy: refusal.Policy = refusal.DEFAULT_POLICY,
                 costs: Costs = PICTURE) -> NumberReading:
    """Read the number in a picture (photo, scan, cheque amount): boxes in the picture's pixels."""
    return read_units(picture_units(img), render_picture, predict, policy, costs)

