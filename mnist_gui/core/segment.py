"""Splitting the ink of a written number into pieces that may each be one digit (no Qt).

Two sources give the same kind of result, a row of **units** from left to right (the smallest
parts a digit is made of), which :mod:`core.numbers` then groups into digits by asking the
network which grouping it reads best (recognition-driven segmentation):

* **strokes** (the Draw tab, ``number-strokes/1`` files): one unit per stroke; a stroke small
  enough to be a dot or comma between groups is a *separator* and no unit;
* **pictures** (photos, scans, cheques): the ink is found (polarity, paper texture and ruled lines
  removed), its connected parts are units, parts that lie above one another (a 5's detached
  hat, a broken stroke) are joined, and a part too wide for one digit (digits that touch) is cut
  at the columns with least ink, so that the grouping can keep or undo each cut.

Coordinates are those of the source: canvas units for strokes, pixels for pictures.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from mnist_gui.core.ink import _gray_for_work, normalize_polarity

#: A unit at most this share of the line height in both directions, away from other ink, is a
#: separator (a dot, a comma, the end of a dash) and no digit.
DOT = 0.2
#: A flat unit (height below this share of the line) lying beside the digits is a dash or guide line.
FLAT = 0.28
#: A picture's connected part wider than this many line heights may hold touching digits: it is cut.
WIDE = 0.95
#: Half the pen's width, as a share of the line height, added on each side of a stroke's extent.
PEN = 0.06
#: Pictures are segmented at about this height in pixels (larger ones are reduced first).
WORK_HEIGHT = 96
#: Normalised ink above this level is ink (the rest is paper texture and noise) ...
INK_LEVEL = 0.25
#: ... and so is fainter ink above this level that touches it (thin strokes of a light pen).
FAINT = 0.18


@dataclass
class Unit:
    """The smallest part a digit is made of: some strokes, or some of a picture's ink."""

    x0: float
    y0: float
    x1: float
    y1: float
    strokes: tuple[int, ...] = ()
    mask: np.ndarray | None = field(default=None, repr=False)  # pictures: the unit's ink (bool, full size)
    cut_left: float = 0.0  # ink crossed by the cut on the unit's left (0: no cut, a real gap)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Units:
    """A row of units from left to right, the line's height and the separators left out."""

    units: list[Unit]
    height: float
    separators: list[tuple[float, float, float, float]] = field(default_factory=list)
    ink: np.ndarray | None = field(default=None, repr=False)  # pictures: white ink on black, 0..1
    scale: float = 1.0  # pictures: source pixels per working pixel


def overlap(a: Unit, b: Unit) -> float:
    """Horizontal overlap of two units (negative: the gap between them)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _line_height(heights: list[float]) -> float:
    if not heights:
        return 1.0
    h = np.sort(np.asarray(heights, dtype=np.float64))
    # the tall units carry the line's height (dots, dashes and a 5's hat are lower)
    return float(max(np.median(h[len(h) // 2:]), 1e-6))


def _join_stacked(units: list[Unit], height: float, share: float = 0.6) -> list[Unit]:
    """Join units lying mostly above one another (they belong to one digit)."""
    units = sorted(units, key=lambda u: u.x0)
    changed = True
    while changed and len(units) > 1:
        changed = False
        for i in range(len(units) - 1):
            a, b = units[i], units[i + 1]
            narrow = max(min(a.width, b.width), 0.3 * height)
            if overlap(a, b) >= share * narrow:
                units[i] = _merged(a, b)
                del units[i + 1]
                changed = True
                break
    return units


def _merged(a: Unit, b: Unit) -> Unit:
    mask = None
    if a.mask is not None and b.mask is not None:
        mask = a.mask | b.mask
    return Unit(min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1),
                tuple(sorted(a.strokes + b.strokes)), mask, a.cut_left)


def _is_separator(u: Unit, height: float, others: list[Unit]) -> bool:
    small = u.width <= DOT * height and u.height <= DOT * height
    flat = u.height <= FLAT * height and u.width <= 1.5 * height
    if not (small or flat):
        return False
    # inside a tall unit's columns it is part of that digit (a 5's hat, a 7's bar)
    return all(overlap(u, o) <= 0.35 * min(u.width, o.width) for o in others
               if o is not u and o.height >= 0.5 * height)


def _is_frame(u: Unit, height: float, shape: tuple[int, int]) -> bool:
    """The edge of a box or field the picture was cut from: thin, as tall as the picture, at its side."""
    h, w = shape
    at_side = u.x0 <= 1 or u.x1 >= w - 1
    return at_side and u.width <= 0.15 * height and u.height >= 0.8 * h


def stroke_units(strokes: list[list[tuple[float, float]]]) -> Units:
    """One unit per stroke (in the strokes' own coordinates), separators set apart."""
    units = []
    for i, s in enumerate(strokes):
        if not s:
            continue
        xs = [p[0] for p in s]
        ys = [p[1] for p in s]
        units.append(Unit(min(xs), min(ys), max(xs), max(ys), (i,)))
    height = _line_height([u.height for u in units])
    pad = PEN * height  # the pen's own width: a straight down-stroke is not 0 wide
    for u in units:
        u.x0, u.x1 = u.x0 - pad, u.x1 + pad
    keep, seps = [], []
    for u in units:
        (seps if _is_separator(u, height, units) else keep).append(u)
    keep.sort(key=lambda u: (u.x0 + u.x1) / 2)
    return Units(keep, height, [(u.x0, u.y0, u.x1, u.y1) for u in seps])


# ---------------------------------------------------------------------------- pictures
def _remove_lines(binary: np.ndarray, height: float) -> np.ndarray:
    """Take out ruled and guide lines: straight horizontal ink far longer than a digit is wide
    (a morphological opening with a row of ``1.6 x`` the line height finds them)."""
    from scipy import ndimage

    longest = max(5, int(round(1.6 * height)))
    if binary.shape[1] <= longest:
        return binary
    # a line a little slanted or wavy is straight once thickened by a row above and below
    thick = ndimage.binary_dilation(binary, structure=np.ones((3, 1), dtype=bool))
    lines = ndimage.binary_opening(thick, structure=np.ones((1, longest), dtype=bool))
    lines = ndimage.binary_dilation(lines, structure=np.ones((3, 1), dtype=bool))
    return binary & ~lines


def _ink_height(binary: np.ndarray) -> float:
    """The height of the written line: the rows holding the middle 90% of the ink."""
    rows = binary.sum(axis=1).astype(np.float64)
    if rows.sum() == 0:
        return 1.0
    c = np.cumsum(rows) / rows.sum()
    return float(max(1, np.searchsorted(c, 0.97) - np.searchsorted(c, 0.03) + 1))


def _components(binary: np.ndarray) -> tuple[np.ndarray, int]:
    from scipy import ndimage

    return ndimage.label(binary, structure=np.ones((3, 3), dtype=bool))


def _cuts(mask: np.ndarray, x0: int, x1: int, height: float) -> list[tuple[int, float]]:
    """Columns where a too-wide part may be cut: local minima of its ink, a digit's width apart."""
    cols = mask[:, x0:x1].sum(axis=0).astype(np.float64)
    n = len(cols)
    pieces = max(2, int(math.ceil(n / (0.7 * height))))
    lo = max(1, int(0.25 * height))
    found: list[tuple[int, float]] = []
    smooth = np.convolve(cols, np.ones(3) / 3, mode="same")
    order = np.argsort(smooth[lo:n - lo]) + lo if n > 2 * lo else np.array([], dtype=int)
    for c in order:
        if all(abs(c - f) >= 0.3 * height for f, _ in found):
            found.append((int(c), float(cols[c])))
        if len(found) >= 2 * pieces - 1:
            break
    return sorted((x0 + c, ink) for c, ink in found)


def picture_units(img: np.ndarray) -> Units:
    """Units of a picture of a written number (any polarity, paper, size)."""
    from scipy import ndimage

    gray = _gray_for_work(img)
    scale = 1.0
    if gray.shape[0] > WORK_HEIGHT * 1.5:
        from PIL import Image

        scale = gray.shape[0] / WORK_HEIGHT
        w = max(1, int(round(gray.shape[1] / scale)))
        gray = np.asarray(Image.fromarray(gray.astype(np.float32)).resize((w, WORK_HEIGHT), Image.Resampling.BOX),
                          dtype=np.float32)
    scale = np.asarray(img).shape[0] / gray.shape[0]  # source pixels per working pixel (both reductions)
    ink = normalize_polarity(gray)
    if not ink.any():
        ink = _plain_ink(gray)  # a border or a printed frame fooled the paper estimate: a simpler one
    binary = _hysteresis(ink)
    binary = _remove_lines(binary, _ink_height(binary))
    binary = ndimage.binary_closing(binary, structure=np.ones((2, 2), dtype=bool)) & (ink > FAINT)
    labels, n = _components(binary)
    units = _label_units(labels, n)
    if not units:
        return Units([], 1.0, ink=ink, scale=scale)
    tall = max(u.height for u in units)
    height = _line_height([u.height for u in units if u.height >= 0.4 * tall and u.width < 3 * u.height])
    units = [u for u in units if u.mask.sum() >= max(3, 0.01 * height * height)
             and not _is_frame(u, height, binary.shape)]
    keep, seps = [], []
    for u in units:
        (seps if _is_separator(u, height, units) else keep).append(u)
    keep = _join_stacked(keep, height)
    out: list[Unit] = []
    for u in keep:
        out.extend(_split_wide(u, height))
    out.sort(key=lambda u: u.x0)
    ink = ink * binary  # what the digits are read from: no lines, no background
    return Units(out, height, [(u.x0, u.y0, u.x1, u.y1) for u in seps], ink=ink, scale=scale)


def _hysteresis(ink: np.ndarray) -> np.ndarray:
    """Ink: pixels above INK_LEVEL, and fainter ones (above FAINT) right beside them, so that a
    thin, faint stroke stays whole instead of breaking into specks (only beside: grown further, the
    faint ink would pull in a printed background's lines)."""
    from scipy import ndimage

    strong = ink > INK_LEVEL
    near = ndimage.binary_dilation(strong, structure=np.ones((3, 3), dtype=bool))
    return strong | (near & (ink > FAINT))


def _plain_ink(gray: np.ndarray) -> np.ndarray:
    """White ink on black by the picture's own levels: the darker tail below the paper's median
    (dark ink), stretched to 0..1."""
    g = gray.astype(np.float32)
    paper = float(np.median(g))
    dark = paper > 0.5
    d = (paper - g) if dark else (g - paper)
    hi = float(np.percentile(d, 99.5))
    if hi <= 0.05:
        return np.zeros_like(g)
    return np.clip((d - 0.25 * hi) / (0.75 * hi), 0.0, 1.0)


def _label_units(labels: np.ndarray, n: int) -> list[Unit]:
    from scipy import ndimage

    units = []
    for i, sl in enumerate(ndimage.find_objects(labels), start=1):
        if sl is None:
            continue
        mask = labels == i
        units.append(Unit(sl[1].start, sl[0].start, sl[1].stop, sl[0].stop, mask=mask))
    return units


def _split_wide(u: Unit, height: float) -> list[Unit]:
    if u.width <= WIDE * height or u.mask is None:
        return [u]
    cuts = _cuts(u.mask, int(u.x0), int(u.x1), height)
    edges = [int(u.x0)] + [c for c, _ in cuts] + [int(u.x1)]
    crossings = [0.0] + [ink for _, ink in cuts]
    parts = []
    for (a, b), crossed in zip(zip(edges, edges[1:]), crossings):
        m = np.zeros_like(u.mask)
        m[:, a:b] = u.mask[:, a:b]
        rows = np.flatnonzero(m.any(axis=1))
        if rows.size == 0:
            continue
        parts.append(Unit(a, rows[0], b, rows[-1] + 1, mask=m, cut_left=crossed / max(height, 1.0) if parts else 0.0))
    return parts or [u]
