"""Read, write, scale and render ``digit-strokes/1`` files (no Qt here).

The format (``docs/design.md`` section 4) is JSON::

    {"format": "digit-strokes/1",
     "coordinates": "x, y as fractions of a square drawing canvas; ...",
     "samples": [{"label": 7, "writer": "pendigits-12",
                  "strokes": [[[x, y], [x, y], ...], ...]}, ...]}

Coordinates are fractions (0..1) of a square canvas, x rightwards, y
downwards. Each stroke is one pen-down ... pen-up path whose consecutive
points are joined by straight segments, as mouse-move events would be.

:func:`rasterize` renders a sample headlessly (benchmarks, tests, CLI); the
GUI canvas replays the same strokes with its own pen.
"""
from __future__ import annotations

import json
import logging
import math
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from mnist_gui.core import files

__all__ = [
    "DEFAULT_PEN_FRACTION",
    "CHAR_FORMAT",
    "FORMAT",
    "StrokeSample",
    "StrokesError",
    "load_strokes",
    "rasterize",
    "save_strokes",
    "scale_strokes",
]

logger = logging.getLogger(__name__)

#: Value of the ``format`` field.
FORMAT = "digit-strokes/1"
#: The same format for characters that are not digits (letters, symbols): ``"char"`` in each
#: sample instead of ``"label"`` (design.md section 4b).
CHAR_FORMAT = "char-strokes/1"
MAX_CHAR_CHARS = 8  # one character, or a short name such as "dash"
_COORDINATES_NOTE = (
    "x, y as fractions of a square drawing canvas; x grows rightwards, y downwards"
)
# Coordinates slightly outside 0..1 (a pen overshooting the canvas edge) are
# clipped; anything further out is an error.
_COORD_MIN, _COORD_MAX = -0.05, 1.05
# Refuse absurdly large files instead of exhausting memory (the real pen-digit files are 5-10 MB).
_MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_POINTS_PER_SAMPLE = 2_000
"""Points in one digit's strokes, all strokes together (real pen digits have a few dozen to a few
hundred): a sample of 20,000 points would take half a minute to replay on the canvas."""
MAX_SAMPLES = 50_000
"""Samples in one file (pendigits has 10,992 in all, UNIPEN's digits 11,293): each is replayed on
the canvas in milliseconds, so a million would keep eval-strokes busy for hours."""
MAX_POINTS = 2_000_000
"""Points in one file, all samples together (UNIPEN's digits: about 570,000). Parsed, a point
costs about 200 bytes of Python objects: this bounds the memory a file takes."""
MAX_WRITER_CHARS = 256

# Pen width as a fraction of the canvas side.
#
# MNIST strokes are about 2.3-2.7 px wide in the 20 px box the digit's height
# is scaled to: median 2.66 px measured on 3,000 training digits as ink mass /
# length of the Zhang-Suen skeleton of the pixels > 0.5, i.e. about 0.13 of
# the digit's height. The pendigits drawings fill a median 0.62 of the canvas
# height (5th-95th percentile 0.46-0.78), so a pen of 0.08 x canvas side is
# 0.08 / 0.62 = 0.13 of a typical digit's height. Check: 1,500 pendigits
# samples rendered at 280 px and run through preprocess() have the same
# measured stroke width as MNIST (median 2.64 px at 0.08; 2.52 at 0.075,
# 2.76 at 0.085) and 94 % of MNIST's mean ink per class (96 vs 103 of 784).
# A user filling more of the canvas gets a slightly thinner stroke
# (0.08 / 0.75 = 0.107 of the height, ~2.1 px), still within MNIST's range.
# On a 280 px canvas this is a 22.4 px pen.
DEFAULT_PEN_FRACTION = 0.08

_SUPERSAMPLE = 4


class StrokesError(ValueError):
    """A strokes file cannot be read or is not valid ``digit-strokes/1``."""


Point = tuple[float, float]


@dataclass(frozen=True)
class StrokeSample:
    """One handwritten digit as pen strokes.

    Attributes:
        label: the digit, 0..9; -1 for a character that is not a digit (``char-strokes/1``).
        writer: who wrote it (free text, e.g. ``"pendigits-12"``).
        strokes: pen-down paths; each a tuple of ``(x, y)`` canvas fractions.
        char: the character of a ``char-strokes/1`` sample ("A"); empty for a digit.
    """

    label: int
    writer: str
    strokes: tuple[tuple[Point, ...], ...]
    char: str = ""


def _fail(path: Any, where: str, problem: str) -> StrokesError:
    location = f"{path}: {where}: " if where else f"{path}: "
    return StrokesError(location + problem)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _short(value: Any, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters (a 400-digit number would fill the line)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"a {len(str(abs(value)))}-digit integer"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_sample(path: Any, index: int, raw: Any, chars: bool = False) -> StrokeSample:
    where = f"sample {index}"
    if not isinstance(raw, dict):
        raise _fail(path, where, f"expected an object, got {type(raw).__name__}")
    char = ""
    if chars:
        label, char = -1, raw.get("char")
        if not isinstance(char, str) or not 1 <= len(char) <= MAX_CHAR_CHARS or not char.isprintable():
            raise _fail(path, where, f"char {_short(char)} is not a character (1-{MAX_CHAR_CHARS} printable)")
    else:
        label = raw.get("label")
        if not isinstance(label, int) or isinstance(label, bool) or not 0 <= label <= 9:
            raise _fail(path, where, f"label {_short(label)} is not a digit 0-9")
    writer = raw.get("writer", "")
    if not isinstance(writer, str) or len(writer) > MAX_WRITER_CHARS:
        raise _fail(path, where, f"writer {_short(writer)} is not a text of at most {MAX_WRITER_CHARS} characters")
    strokes_raw = raw.get("strokes")
    if not isinstance(strokes_raw, list) or not strokes_raw:
        raise _fail(path, where, "strokes must be a non-empty list of strokes")
    n_points = sum(len(stroke) if isinstance(stroke, list) else 1 for stroke in strokes_raw)
    if n_points > MAX_POINTS_PER_SAMPLE:
        raise _fail(path, where, f"{n_points:,} points; a digit has at most {MAX_POINTS_PER_SAMPLE:,} "
                    "(resample the strokes)")
    strokes: list[tuple[Point, ...]] = []
    for s_index, stroke in enumerate(strokes_raw):
        s_where = f"{where}, stroke {s_index}"
        if not isinstance(stroke, list) or not stroke:
            raise _fail(path, s_where, "a stroke must be a non-empty list of [x, y] points")
        points: list[Point] = []
        for p_index, point in enumerate(stroke):
            if (
                not isinstance(point, list)
                or len(point) != 2
                or not _is_number(point[0])
                or not _is_number(point[1])
            ):
                raise _fail(path, f"{s_where}, point {p_index}",
                            f"expected [x, y] numbers, got {_short(point)}")
            # The range is checked before float(): a 400-digit integer compares exactly but
            # overflows float(); NaN and infinity fail the comparison.
            if not (_COORD_MIN <= point[0] <= _COORD_MAX and _COORD_MIN <= point[1] <= _COORD_MAX):
                raise _fail(path, f"{s_where}, point {p_index}",
                            f"({_short(point[0])}, {_short(point[1])}) is not a finite position on the "
                            "canvas (fractions 0..1)")
            x, y = float(point[0]), float(point[1])
            points.append((min(1.0, max(0.0, x)), min(1.0, max(0.0, y))))
        strokes.append(tuple(points))
    return StrokeSample(label=label, writer=writer, strokes=tuple(strokes), char=char)


def load_strokes(path: str | os.PathLike[str], *, chars: bool = False) -> list[StrokeSample]:
    """Read and validate a ``digit-strokes/1`` file (or, with ``chars``, either format).

    Args:
        path: the JSON file.
        chars: also accept ``char-strokes/1`` (its samples have ``label`` -1 and ``char`` set).

    Returns:
        The samples in file order; coordinates slightly outside 0..1 (down to
        -0.05 / up to 1.05) are clipped into it.

    Raises:
        StrokesError: the file cannot be read, is not JSON, has another format
            tag, or a sample is invalid (label not 0-9, empty strokes, points
            that are not ``[x, y]`` numbers on the canvas). The message is one
            line naming the file and the problem.
    """
    p = Path(path)
    fmt, samples_raw = read_document(p, "a strokes file", (FORMAT, CHAR_FORMAT) if chars else (FORMAT,),
                                     (b'"label"', b'"char"'), 1 + MAX_SAMPLES + 2 * MAX_POINTS)
    samples = []
    n_points = 0
    for i, item in enumerate(samples_raw):
        sample = _parse_sample(p, i, item, chars=fmt == CHAR_FORMAT)
        n_points += sum(len(stroke) for stroke in sample.strokes)
        if n_points > MAX_POINTS:
            raise _fail(p, f"sample {i}", f"more than {MAX_POINTS:,} points in the file")
        samples.append(sample)
    logger.debug("loaded %d stroke samples from %s", len(samples), p)
    return samples


def read_document(p: Path, what: str, formats: tuple[str, ...], sample_keys: tuple[bytes, ...],
                  max_brackets: int) -> tuple[str, list[Any]]:
    """The format tag and raw sample list of a stroke-file family's JSON, every cap checked first:
    a regular file within the byte cap, the samples (by their keys) and points (by the JSON
    arrays, at most ``max_brackets``) counted on the raw bytes before anything is built, then
    parsed with a depth check.

    Raises:
        StrokesError: one line naming the file and the problem.
    """

    class _ReadError(Exception):
        pass

    try:
        # A regular file only (a FIFO would block, /dev/zero never end), read up to the cap.
        raw = files.read_capped(p, _MAX_FILE_BYTES, _ReadError, what)
    except _ReadError as exc:
        raise _fail(p, "", str(exc).removeprefix(f"{p}: ")) from None
    # Inside a JSON string a quote is escaped, so counting the keys is exact but for a key written
    # with escapes (the count after parsing catches those); the JSON arrays bound the points.
    if max(raw.count(k) for k in sample_keys) > MAX_SAMPLES:
        raise _fail(p, "", f"more than {MAX_SAMPLES:,} samples")
    if raw.count(b"[") > max_brackets:
        raise _fail(p, "", f"more than {MAX_POINTS:,} points")
    try:
        data = files.loads_json_checked(raw, max_bytes=_MAX_FILE_BYTES)
    except ValueError as exc:
        raise _fail(p, "", f"not valid JSON ({exc})") from None
    del raw
    if not isinstance(data, dict):
        raise _fail(p, "", f"expected a JSON object at the top, got {type(data).__name__}")
    fmt = data.get("format")
    if fmt not in formats:
        raise _fail(p, "", f"format is {_short(fmt)}, expected {' or '.join(map(repr, formats))}")
    samples_raw = data.get("samples")
    if not isinstance(samples_raw, list):
        raise _fail(p, "", "'samples' must be a list")
    if len(samples_raw) > MAX_SAMPLES:
        raise _fail(p, "", f"more than {MAX_SAMPLES:,} samples")
    return fmt, samples_raw


def save_strokes(
    path: str | os.PathLike[str],
    samples: Iterable[StrokeSample],
    *,
    decimals: int | None = None,
) -> None:
    """Write samples as a ``digit-strokes/1`` file (atomically).

    Args:
        path: destination JSON file; replaced only once fully written.
        samples: the samples to write.
        decimals: round coordinates to this many decimals (None: as they are;
            4 is plenty for a 1000 px canvas and keeps files small).

    Raises:
        StrokesError: a sample is invalid (label not 0-9, empty strokes,
            non-finite coordinates).
        OSError: the file cannot be written.
    """
    p = Path(path)
    out_samples = []
    for index, sample in enumerate(samples):
        label = sample.label
        if not isinstance(label, (int, np.integer)) or isinstance(label, bool) or not 0 <= label <= 9:
            raise _fail(p, f"sample {index}", f"label {label!r} is not a digit 0-9")
        if not sample.strokes or any(len(stroke) == 0 for stroke in sample.strokes):
            raise _fail(p, f"sample {index}", "strokes must be non-empty")
        if len(str(sample.writer)) > MAX_WRITER_CHARS:  # what load_strokes would refuse
            raise _fail(p, f"sample {index}", f"writer is longer than {MAX_WRITER_CHARS} characters")
        strokes = []
        for stroke in sample.strokes:
            points = []
            for x, y in stroke:
                x, y = float(x), float(y)
                if not (math.isfinite(x) and math.isfinite(y)):
                    raise _fail(p, f"sample {index}", f"non-finite point ({x}, {y})")
                if decimals is not None:
                    x, y = round(x, decimals), round(y, decimals)
                points.append([x, y])
            strokes.append(points)
        out_samples.append({"label": int(label), "writer": str(sample.writer), "strokes": strokes})
    doc = {"format": FORMAT, "coordinates": _COORDINATES_NOTE, "samples": out_samples}
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=p.name + ".", suffix=".part", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.write("\n")
        os.replace(tmp_name, p)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def scale_strokes(sample: StrokeSample, width: float, height: float) -> list[list[Point]]:
    """Canvas fractions -> pixel coordinates of a widget of the given size.

    Args:
        sample: the digit.
        width: widget width in pixels.
        height: widget height in pixels.

    Returns:
        One list of ``(x, y)`` pixel positions per stroke.
    """
    return [[(x * width, y * height) for x, y in stroke] for stroke in sample.strokes]


def rasterize(sample: StrokeSample, size: int = 280, pen_width: float | None = None) -> np.ndarray:
    """Render a sample as an antialiased picture: white ink on black.

    Strokes are drawn 4x supersampled with Pillow (segments joined with round
    joints, round caps at the ends, a single-point stroke as a dot), then
    box-averaged down to ``size``.

    Args:
        sample: the digit.
        size: side of the square picture in pixels.
        pen_width: pen width in pixels of the output; None means
            ``DEFAULT_PEN_FRACTION * size``.

    Returns:
        ``(size, size)`` float32 array in 0..1.

    Raises:
        ValueError: ``size < 1`` or a non-positive pen width.
    """
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    if pen_width is None:
        pen_width = DEFAULT_PEN_FRACTION * size
    if not pen_width > 0:
        raise ValueError(f"pen_width must be > 0, got {pen_width}")
    ss = _SUPERSAMPLE
    big = size * ss
    width = max(1, int(round(pen_width * ss)))
    radius = width / 2.0
    image = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(image)
    for stroke in scale_strokes(sample, big, big):
        if len(stroke) > 1:
            draw.line(stroke, fill=255, width=width, joint="curve")
        # Round caps (and the dot of a one-point stroke).
        for x, y in {stroke[0], stroke[-1]}:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    small = image.reduce(ss)
    return np.asarray(small, dtype=np.float32) / np.float32(255.0)
