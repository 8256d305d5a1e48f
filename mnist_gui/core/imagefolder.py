"""Folders of labelled digit pictures (for ``mnist-gui eval-images``), and accuracy reports. No Qt.

Two layouts are accepted:

* ``DIR/labels.csv`` with a ``path,label`` header and one row per picture (paths relative to
  ``DIR``);
* ``DIR/<label>/<file>``: one sub-folder per digit, named ``0`` .. ``9``.
"""
from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mnist_gui.core import files

MAX_ROWS = 1_000_000
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_LINE = 4096
"""Characters in one line of labels.csv (a path and a label); a longer line is refused before the
csv module splits it, so no row can hold millions of fields."""
_DIGITS = frozenset(str(d) for d in range(10))


class ImageFolderError(ValueError):
    """The folder is missing, empty or malformed; one-line message."""


def printable(text: str) -> str:
    """``text`` safe to print on any terminal: a file name's undecodable bytes (which Python keeps
    as lone surrogates) as ``\\xff`` escapes, other lone surrogates as ``\\udXXX``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _is_utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, kept by Python as surrogates
        return False
    return True


def _lines(f: Any, csv_path: Path) -> Iterator[str]:
    while True:
        line = f.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE and line[-1] not in "\r\n":
            raise ImageFolderError(f"{csv_path}: a line longer than {MAX_LINE:,} characters")
        yield line


def _count_line_ends(csv_path: Path) -> int:
    """Line ends in the file (\\n, or \\r alone), counted in 1 MB chunks of raw bytes."""
    n_lf = n_cr = 0
    with open(csv_path, "rb") as f:
        while chunk := f.read(1 << 20):
            n_lf += chunk.count(b"\n")
            n_cr += chunk.count(b"\r")
    return max(n_lf, n_cr)


def _from_csv(folder: Path, csv_path: Path) -> list[tuple[Path, int]]:
    """The rows of labels.csv (``path,label``, a digit each)."""
    return [(p, int(v)) for p, v in _read_csv(folder, csv_path, "label", lambda v: v in _DIGITS, "a digit 0-9")]


def numbers_csv(folder: str | os.PathLike[str], max_digits: int = 40) -> list[tuple[Path, str]]:
    """The rows of ``labels.csv`` with a ``path,number`` header (pictures of whole numbers).

    Raises:
        ImageFolderError: no such file, or one that is malformed (one line, with its line number).
    """
    root = Path(folder)
    csv_path = root / "labels.csv"
    if not root.is_dir() or not csv_path.is_file():
        raise ImageFolderError(f"{root}: not a folder with a labels.csv (path,number)")
    items = _read_csv(root, csv_path, "number",
                      lambda v: 1 <= len(v) <= max_digits and v.isascii() and v.isdigit(), f"a number of 1-{max_digits} digits")
    if not items:
        raise ImageFolderError(f"{printable(str(csv_path))}: holds no pictures")
    return items


def _read_csv(folder: Path, csv_path: Path, column: str, valid: Any, what: str) -> list[tuple[Path, str]]:
    """The rows of a ``path,<column>`` CSV. The size and the line ends of the raw file are checked
    first, so a file of millions of rows is refused in a fraction of a second without being
    parsed; then the rows are read one by one, keeping only the (path, value) pairs."""
    files.checked_size(csv_path, MAX_CSV_BYTES, ImageFolderError, "a label list (labels.csv)")
    items: list[tuple[Path, str]] = []
    try:
        if _count_line_ends(csv_path) > MAX_ROWS + 1:  # + the header
            raise ImageFolderError(f"{csv_path}: more than {MAX_ROWS:,} rows")
        with open(csv_path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(_lines(f, csv_path))
            header = next(reader, None)
            if header is None or [c.strip().lower() for c in header[:2]] != ["path", column]:
                raise ImageFolderError(f"{csv_path}: expected a header 'path,{column}' on the first line")
            for row in reader:
                n = reader.line_num
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) < 2:
                    raise ImageFolderError(f"{csv_path}, line {n}: expected 'path,{column}'")
                name, label = row[0].strip(), row[1].strip()
                if not valid(label):
                    raise ImageFolderError(f"{csv_path}, line {n}: {column} {printable(label)[:20]!r} is not {what}")
                if not name or any(c < " " or c == "\x7f" for c in name):
                    raise ImageFolderError(f"{csv_path}, line {n}: the path is empty or holds a control "
                                           "character (a NUL byte, a tab, ...)")
                p = Path(name)
                if p.is_absolute() or ".." in p.parts:
                    raise ImageFolderError(f"{csv_path}, line {n}: path {printable(name)!r} must stay inside the folder")
                if len(items) == MAX_ROWS:
                    raise ImageFolderError(f"{csv_path}: more than {MAX_ROWS:,} rows")
                items.append((folder / p, label))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ImageFolderError(f"{csv_path}: cannot read the label list ({e})") from None
    return items


def scan_labelled_images(folder: str | os.PathLike[str], *, strict: bool = False
                         ) -> tuple[list[tuple[Path, int]], list[str]]:
    """The (path, label) pairs of a labelled folder, in a stable order, and the files left out.

    In the sub-folder layout, a file whose name is not UTF-8 cannot be opened by the picture
    reader (Qt): it is left out and named (printable) in the second list, or, with ``strict``,
    refused.

    Raises:
        ImageFolderError: not a folder, neither layout, a malformed labels.csv, no pictures at
            all, or (``strict``) a file name that is not UTF-8.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ImageFolderError(f"{root}: not a folder")
    csv_path = root / "labels.csv"
    skipped: list[str] = []
    if csv_path.exists():
        items = _from_csv(root, csv_path)
    else:
        items = []
        for d in range(10):
            sub = root / str(d)
            if not sub.is_dir():
                continue
            try:
                entries = sorted(sub.iterdir())
            except OSError as e:
                raise ImageFolderError(f"{sub}: cannot list the folder ({e.strerror or e})") from None
            for p in entries:
                if p.name.startswith(".") or not p.is_file():
                    continue
                if not _is_utf8_name(p.name):
                    skipped.append(printable(str(p)))
                    continue
                items.append((p, d))
                if len(items) > MAX_ROWS:
                    raise ImageFolderError(f"{root}: more than {MAX_ROWS:,} pictures")
        if not items and not skipped and not any((root / str(d)).is_dir() for d in range(10)):
            raise ImageFolderError(f"{root}: no labels.csv and no sub-folders 0-9")
    if skipped and strict:
        raise ImageFolderError(f"{printable(str(root))}: {len(skipped)} file name(s) are not UTF-8 and cannot be "
                               f"opened, first {skipped[0]} (rename them, or leave out --strict to skip them)")
    if not items:
        raise ImageFolderError(f"{printable(str(root))}: holds no labelled pictures"
                               + (f" ({len(skipped)} skipped: file names not UTF-8)" if skipped else ""))
    return items, skipped


def list_labelled_images(folder: str | os.PathLike[str]) -> list[tuple[Path, int]]:
    """The (path, label) pairs of a labelled folder; a file name that is not UTF-8 is refused
    (:func:`scan_labelled_images` to skip those and be told which).

    Raises:
        ImageFolderError: as :func:`scan_labelled_images` with ``strict``.
    """
    return scan_labelled_images(folder, strict=True)[0]


#: Prediction recorded for a picture that could not be read or held no digit.
UNREADABLE = -1
NO_DIGIT = -2


@dataclass
class AccuracyReport:
    """Accuracy of predictions against labels, per class, and the frequent confusions."""

    labels: list[int] = field(default_factory=list)
    predictions: list[int] = field(default_factory=list)
    refused: int = 0  # read but answered "not a digit" (core.refusal); still counted by its top digit

    def add(self, label: int, prediction: int) -> None:
        self.labels.append(int(label))
        self.predictions.append(int(prediction))

    @property
    def total(self) -> int:
        return len(self.labels)

    @property
    def correct(self) -> int:
        return sum(a == b for a, b in zip(self.labels, self.predictions))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def per_class(self) -> dict[int, tuple[int, int]]:
        """label -> (correct, total)."""
        out: dict[int, list[int]] = {}
        for a, b in zip(self.labels, self.predictions):
            c = out.setdefault(a, [0, 0])
            c[0] += a == b
            c[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def confusions(self, k: int = 5) -> list[tuple[int, int, int]]:
        """The ``k`` most frequent (true, predicted, count) mistakes between digits."""
        c = Counter((a, b) for a, b in zip(self.labels, self.predictions) if a != b and b >= 0)
        return [(a, b, n) for (a, b), n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]

    def count(self, prediction: int) -> int:
        return sum(p == prediction for p in self.predictions)

    def lines(self) -> list[str]:
        """The report as printed by the CLI, ending with ``accuracy: 0.XXXX``."""
        out = ["per class:"]
        for c, (ok, n) in self.per_class().items():
            out.append(f"  {c}: {ok / n:.4f} ({ok}/{n})")
        conf = ", ".join(f"{a}->{b} ({n})" for a, b, n in self.confusions())
        out.append(f"most frequent confusions (true->predicted): {conf or 'none'}")
        if self.count(UNREADABLE):
            out.append(f"unreadable (counted as errors): {self.count(UNREADABLE)}")
        if self.count(NO_DIGIT):
            out.append(f"no digit found (counted as errors): {self.count(NO_DIGIT)}")
        no = self.refused + self.count(NO_DIGIT)
        out.append(f"rejected: {no / self.total if self.total else 0.0:.4f}")
        out.append(f"accuracy: {self.accuracy:.4f}")
        return out
