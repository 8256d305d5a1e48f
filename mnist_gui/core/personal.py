"""My digits: a person's own corrected digits, kept safely. No Qt.

**The collection** is one small JSON file in the per-user data folder
(``my-digits/my-digits.json``): for each digit its label, the 28x28 picture the network saw, the
strokes when it was drawn, the time and where it came from. Every save writes a temporary file
in the same folder, flushes it to disk and renames it over the old one, so a crash or a full
disk leaves the previous collection intact. A file that cannot be read is never overwritten: it
is moved aside (``*.unreadable-<time>.json``) and the person is told.

**Export/import** use the team's ``digit-strokes/1`` format (design notes, section 4) with one
extra field per sample, ``image28``: the 784 bytes of the picture in base64, so digits that were
photos or scans (no strokes) travel too.

**Adaptation** to these digits is :mod:`mnist_gui.core.adaptation`.
"""
from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from mnist_gui.core import files

logger = logging.getLogger(__name__)

FORMAT = "mnist-gui-my-digits/1"
EXPORT_FORMAT = "digit-strokes/1"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DIGITS = 20_000
"""Digits in a collection (and in one import). A person corrects a few hundred; 20,000 open in
about a second. Checked on the raw bytes before the JSON is parsed."""
MAX_POINTS = 1_000_000
"""Stroke points in a whole collection (a drawn digit has a few dozen to a few hundred). Parsed,
each point costs about 200 bytes of Python objects, so this bounds the memory an opened file
takes; the raw bytes are checked against it before parsing."""
MAX_POINTS_PER_DIGIT = 20_000
MAX_STROKES_PER_DIGIT = 1_000
COORD_LIMIT = 1000.0
"""Largest coordinate magnitude accepted (canvas fractions; a pen dragged off the canvas while
held gives values outside 0..1, so those are kept, but a number that is no position is refused)."""
MAX_TEXT = 64  # 'id' and 'created'
SOURCES = ("drawing", "picture", "import")

Stroke = list[tuple[float, float]]


class PersonalError(Exception):
    """A collection or export file that cannot be used; one-line message naming the file."""


@dataclass
class MyDigit:
    """One of the person's digits."""

    label: int
    image: np.ndarray  # (28, 28) uint8, ink bright: exactly what the network saw
    strokes: list[Stroke] | None = None  # canvas fractions, when it was drawn
    created: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    source: str = "drawing"
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "label": int(self.label), "created": self.created,
                             "source": self.source, "image28": _encode_image(self.image)}
        if self.strokes:
            d["strokes"] = [[[round(float(x), 5), round(float(y), 5)] for x, y in s] for s in self.strokes]
        return d


def _encode_image(image: np.ndarray) -> str:
    a = np.asarray(image)
    if a.shape != (28, 28):
        raise ValueError(f"a digit picture must be 28x28, not {a.shape}")
    if a.dtype != np.uint8:
        a = np.clip(np.rint(np.asarray(a, np.float32) * 255.0), 0, 255).astype(np.uint8)
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")


def _decode_image(text: Any, where: str) -> np.ndarray:
    if not isinstance(text, str):
        raise PersonalError(f"{where}: 'image28' must be base64 text")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise PersonalError(f"{where}: 'image28' is not valid base64") from None
    if len(raw) != 784:
        raise PersonalError(f"{where}: 'image28' holds {len(raw)} bytes, not 784")
    return np.frombuffer(raw, np.uint8).reshape(28, 28).copy()


def _coordinate(v: Any) -> float | None:
    """``v`` as a float when it is a finite number within :data:`COORD_LIMIT`, else None.

    The range is checked before any conversion: a 400-digit integer compares fine but would
    overflow ``float()``, and NaN or infinity fail the comparison."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not -COORD_LIMIT <= v <= COORD_LIMIT:
        return None
    return float(v)


def _parse_strokes(raw: Any, where: str) -> list[Stroke] | None:
    if raw is None or raw == []:
        return None
    if not isinstance(raw, list):
        raise PersonalError(f"{where}: 'strokes' must be a list of strokes")
    if len(raw) > MAX_STROKES_PER_DIGIT:
        raise PersonalError(f"{where}: {len(raw):,} strokes; a digit has at most {MAX_STROKES_PER_DIGIT:,}")
    if not all(isinstance(s, list) for s in raw):
        raise PersonalError(f"{where}: a stroke must be a list of [x, y] points")
    n_points = sum(len(s) for s in raw)
    if n_points > MAX_POINTS_PER_DIGIT:
        raise PersonalError(f"{where}: {n_points:,} points; a digit has at most {MAX_POINTS_PER_DIGIT:,}")
    out: list[Stroke] = []
    for si, s in enumerate(raw):
        pts: Stroke = []
        for pi, p in enumerate(s):
            if not isinstance(p, list) or len(p) != 2:
                raise PersonalError(f"{where}, stroke {si + 1}, point {pi + 1}: a point must be [x, y]")
            x, y = _coordinate(p[0]), _coordinate(p[1])
            if x is None or y is None:
                raise PersonalError(f"{where}, stroke {si + 1}, point {pi + 1}: coordinates must be finite "
                                    f"numbers within +-{COORD_LIMIT:g}")
            pts.append((x, y))
        if pts:
            out.append(pts)
    return out or None


def _count_points(strokes: list[Stroke] | None) -> int:
    return sum(len(s) for s in strokes) if strokes else 0


def _parse_digit(raw: Any, where: str, *, source: str | None = None) -> MyDigit:
    """One digit of a collection (``source`` None: every field is checked, 'id' kept) or of an
    import (``source`` given: 'id' and 'source' are replaced)."""
    if not isinstance(raw, dict):
        raise PersonalError(f"{where}: expected an object")
    label = raw.get("label")
    if isinstance(label, bool) or not isinstance(label, int) or not 0 <= label <= 9:
        raise PersonalError(f"{where}: 'label' must be a digit 0-9")
    image = _decode_image(raw.get("image28"), where)
    strokes = _parse_strokes(raw.get("strokes"), where)
    created = raw.get("created")
    if created is None:
        created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    elif not isinstance(created, str) or not 0 < len(created) <= MAX_TEXT:
        raise PersonalError(f"{where}: 'created' must be a date text of at most {MAX_TEXT} characters")
    if source is not None:
        return MyDigit(label=label, image=image, strokes=strokes, created=created, source=source)
    src = raw.get("source", "drawing")
    if src not in SOURCES:
        raise PersonalError(f"{where}: 'source' must be one of {', '.join(SOURCES)}")
    ident = raw.get("id")
    if ident is None:
        ident = uuid.uuid4().hex
    elif not isinstance(ident, str) or not 0 < len(ident) <= MAX_TEXT:
        raise PersonalError(f"{where}: 'id' must be a text of 1-{MAX_TEXT} characters")
    return MyDigit(label=label, image=image, strokes=strokes, created=created, source=src, id=ident)


MAX_JSON_DEPTH = 64


def _read_json(path: Path) -> Any:
    """The parsed file, after refusing, on its raw bytes, one that would build too much: more
    than MAX_DIGITS digits (every digit has a "label" key; inside a JSON string a quote is
    escaped, so the count is exact but for a key written with escapes, which the check after
    parsing catches) or more JSON arrays than MAX_POINTS points need."""
    try:
        raw = files.read_capped(path, MAX_FILE_BYTES, PersonalError, "a my-digits file")
        if raw.count(b'"label"') > MAX_DIGITS:
            raise PersonalError(f"{path}: holds more than {MAX_DIGITS:,} digits")
        # JSON arrays a collection within the limits can hold: the digits list, one strokes list
        # per digit, at most one stroke per point (empty strokes are dropped), one per point.
        if raw.count(b"[") > 1 + MAX_DIGITS + 2 * MAX_POINTS:
            raise PersonalError(f"{path}: holds more than {MAX_POINTS:,} stroke points")
        return files.loads_json_checked(raw, max_bytes=MAX_FILE_BYTES, max_depth=MAX_JSON_DEPTH)
    except ValueError as e:
        raise PersonalError(f"{path}: not valid JSON ({e})") from None


def default_collection_path() -> Path:
    from mnist_gui.paths import user_data_dir

    return user_data_dir() / "my-digits" / "my-digits.json"


class Collection:
    """The person's digits, saved after every change. Not thread-safe: one owner (the GUI thread)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else default_collection_path()
        self.digits: list[MyDigit] = []
        # each entry: ("add", [ids]) | ("relabel", {id: old label}) | ("delete", [(index, digit)])
        self._undo: list[tuple[str, Any]] = []

    # ------------------------------------------------------------------ files
    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Collection:
        """Read the collection (an absent file is an empty collection).

        Raises:
            PersonalError: the file exists but cannot be used (it is left as it is).
        """
        c = cls(path)
        if not c.path.exists():
            return c
        data = _read_json(c.path)
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("digits"), list):
            raise PersonalError(f"{c.path}: not a my-digits collection (format {FORMAT})")
        if len(data["digits"]) > MAX_DIGITS:
            raise PersonalError(f"{c.path}: holds more than {MAX_DIGITS:,} digits")
        seen: dict[str, int] = {}
        points = 0
        for i, raw in enumerate(data["digits"]):
            where = f"{c.path}, digit {i + 1}"
            d = _parse_digit(raw, where)
            if d.id in seen:  # deleting one would delete both
                raise PersonalError(f"{where}: has the same id as digit {seen[d.id] + 1}")
            seen[d.id] = i
            points += _count_points(d.strokes)
            if points > MAX_POINTS:
                raise PersonalError(f"{c.path}: holds more than {MAX_POINTS:,} stroke points")
            c.digits.append(d)
        return c

    @classmethod
    def load_or_recover(cls, path: str | os.PathLike[str] | None = None) -> tuple[Collection, str | None]:
        """Load; when the file is unreadable, move it aside and start empty. Returns a message then."""
        try:
            return cls.load(path), None
        except PersonalError as e:
            c = cls(path)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = c.path.with_name(f"{c.path.stem}.unreadable-{stamp}{c.path.suffix}")
            try:
                os.replace(c.path, aside)
            except OSError as e2:
                return c, f"{e}; it could not be moved aside either ({e2.strerror or e2}), so nothing will be saved over it"
            return c, f"{e}. It was kept as {aside.name}; a new collection was started."

    def save(self) -> None:
        """Write the collection atomically (raises OSError on a full disk; the old file stays)."""
        files.write_json_atomic(self.path, {"format": FORMAT, "digits": [d.to_json() for d in self.digits]})

    # ------------------------------------------------------------------ edits (each saved)
    def add(self, label: int, image: np.ndarray, strokes: Sequence[Sequence[tuple[float, float]]] | None = None,
            source: str = "drawing") -> MyDigit:
        if not 0 <= int(label) <= 9:
            raise ValueError(f"label must be 0-9, not {label}")
        img = np.asarray(image)
        if img.dtype != np.uint8:
            img = np.clip(np.rint(np.asarray(img, np.float32) * 255.0), 0, 255).astype(np.uint8)
        if img.shape != (28, 28):
            raise ValueError(f"a digit picture must be 28x28, not {img.shape}")
        pairs = [[(_coordinate(x), _coordinate(y)) for x, y in s] for s in strokes if len(s)] if strokes else []
        kept: list[Stroke] | None = pairs  # type: ignore[assignment]  # no None left, checked next
        if (len(pairs) > MAX_STROKES_PER_DIGIT or _count_points(kept) > MAX_POINTS_PER_DIGIT
                or any(v is None for s in pairs for pt in s for v in pt)):
            kept = None  # the picture is what matters; strokes a reader would refuse are not kept
        self._check_room(1, _count_points(kept or None))
        d = MyDigit(label=int(label), image=img.copy(), strokes=kept or None,
                    source=source if source in SOURCES else "drawing")
        self.digits.append(d)
        self._commit(lambda: self.digits.pop())
        self._undo.append(("add", [d.id]))
        return d

    def relabel(self, ids: Iterable[str], label: int) -> None:
        if not 0 <= int(label) <= 9:
            raise ValueError(f"label must be 0-9, not {label}")
        wanted = set(ids)
        before = {d.id: d.label for d in self.digits if d.id in wanted}
        if not before:
            return
        for d in self.digits:
            if d.id in wanted:
                d.label = int(label)
        self._commit(lambda: self._set_labels(before))
        self._undo.append(("relabel", before))

    def _set_labels(self, labels: dict[str, int]) -> None:
        for d in self.digits:
            if d.id in labels:
                d.label = labels[d.id]

    def delete(self, ids: Iterable[str]) -> int:
        wanted = set(ids)
        removed = [(i, d) for i, d in enumerate(self.digits) if d.id in wanted]
        if not removed:
            return 0
        keep = [d for d in self.digits if d.id not in wanted]
        old = self.digits
        self.digits = keep

        def rollback() -> None:
            self.digits = old

        self._commit(rollback)
        self._undo.append(("delete", removed))
        return len(removed)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> bool:
        """Undo the last add, relabel or delete (saved). False when there is nothing to undo."""
        if not self._undo:
            return False
        step = self._undo.pop()
        kind, payload = step
        old = list(self.digits)
        old_labels = {d.id: d.label for d in self.digits}
        if kind == "add":  # an add or an import
            gone = set(payload)
            self.digits = [d for d in self.digits if d.id not in gone]
        elif kind == "relabel":
            self._set_labels(payload)
        else:  # a delete: put them back where they were
            self.digits = list(self.digits)
            for i, d in sorted(payload, key=lambda t: t[0]):
                self.digits.insert(min(i, len(self.digits)), d)

        def rollback() -> None:
            self.digits = old
            self._set_labels(old_labels)
            self._undo.append(step)

        self._commit(rollback)
        return True

    def _commit(self, rollback: Callable[[], None]) -> None:
        try:
            self.save()
        except OSError:
            rollback()
            raise

    def _check_room(self, digits: int, points: int) -> None:
        """Refuse (ValueError) growing past what :meth:`load` accepts, so a save can never
        write a collection that the next start would move aside."""
        if len(self.digits) + digits > MAX_DIGITS:
            raise ValueError(f"My digits holds at most {MAX_DIGITS:,} digits; delete some first")
        if sum(_count_points(d.strokes) for d in self.digits) + points > MAX_POINTS:
            raise ValueError(f"My digits holds at most {MAX_POINTS:,} stroke points; delete some first")

    # ------------------------------------------------------------------ views
    def counts(self) -> list[int]:
        c = [0] * 10
        for d in self.digits:
            c[d.label] += 1
        return c

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(N, 28, 28) uint8 pictures and (N,) labels."""
        if not self.digits:
            return np.zeros((0, 28, 28), np.uint8), np.zeros((0,), np.int32)
        return np.stack([d.image for d in self.digits]), np.array([d.label for d in self.digits], np.int32)

    def __len__(self) -> int:
        return len(self.digits)

    # ------------------------------------------------------------------ exchange
    def export(self, path: str | os.PathLike[str], writer: str = "me") -> int:
        """Write every digit as a digit-strokes/1 file with ``image28`` (atomically)."""
        samples = []
        for d in self.digits:
            s = d.to_json()
            s["writer"] = writer
            s.setdefault("strokes", [])
            samples.append(s)
        files.write_json_atomic(Path(path), {"format": EXPORT_FORMAT,
                                       "coordinates": "x, y as fractions of a square drawing canvas; x grows "
                                                      "rightwards, y downwards",
                                       "samples": samples})
        return len(samples)

    def import_file(self, path: str | os.PathLike[str],
                    render: Callable[[list[Stroke]], np.ndarray | None] | None = None) -> int:
        """Add the samples of a digit-strokes/1 file (with ``image28``, or strokes and ``render``).

        All or nothing: a bad sample rejects the whole file (PersonalError naming it).
        """
        p = Path(path)
        data = _read_json(p)
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT or not isinstance(data.get("samples"), list):
            raise PersonalError(f"{p}: not a {EXPORT_FORMAT} file")
        if len(data["samples"]) + len(self.digits) > MAX_DIGITS:
            raise PersonalError(f"{p}: too many digits (My digits holds at most {MAX_DIGITS:,})")
        new: list[MyDigit] = []
        for i, raw in enumerate(data["samples"]):
            where = f"{p}, sample {i + 1}"
            if isinstance(raw, dict) and "image28" not in raw:
                strokes = _parse_strokes(raw.get("strokes"), where)
                if not strokes or render is None:
                    raise PersonalError(f"{where}: has neither 'image28' nor strokes to draw")
                img = render(strokes)
                if img is None:
                    raise PersonalError(f"{where}: its strokes hold no digit")
                raw = {**raw, "image28": _encode_image(np.asarray(img))}
            d = _parse_digit(raw, where, source="import")  # a fresh id: never clashes with ours
            new.append(d)
        try:
            self._check_room(len(new), sum(_count_points(d.strokes) for d in new))
        except ValueError as e:
            raise PersonalError(f"{p}: {e}") from None
        old = list(self.digits)
        self.digits.extend(new)

        def rollback() -> None:
            self.digits = old

        self._commit(rollback)
        self._undo.append(("add", [d.id for d in new]))
        return len(new)
