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
from dataclasses import dataclass, field
from pathlib import Path

MAX_ROWS = 1_000_000
MAX_CSV_BYTES = 64 * 1024 * 1024


class ImageFolderError(ValueError):
    """The folder is missing, empty or malformed; one-line message."""


def _from_csv(folder: Path, csv_path: Path) -> list[tuple[Path, int]]:
    try:
        if csv_path.stat().st_size > MAX_CSV_BYTES:
            raise ImageFolderError(f"{csv_path}: file too large for a label list")
        with open(csv_path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ImageFolderError(f"{csv_path}: cannot read the label list ({e})") from None
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["path", "label"]:
        rows = rows[1:]
    else:
        raise ImageFolderError(f"{csv_path}: expected a header 'path,label' on the first line")
    items: list[tuple[Path, int]] = []
    for n, row in enumerate(rows, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) < 2:
            raise ImageFolderError(f"{csv_path}, line {n}: expected 'path,label'")
        name, label = row[0].strip(), row[1].strip()
        if label not in {str(d) for d in range(10)}:
            raise ImageFolderError(f"{csv_path}, line {n}: label {label!r} is not a digit 0-9")
        p = Path(name)
        if p.is_absolute() or ".." in p.parts:
            raise ImageFolderError(f"{csv_path}, line {n}: path {name!r} must stay inside the folder")
        items.append((folder / p, int(label)))
        if len(items) > MAX_ROWS:
            raise ImageFolderError(f"{csv_path}: more than {MAX_ROWS} rows")
    return items


def list_labelled_images(folder: str | os.PathLike[str]) -> list[tuple[Path, int]]:
    """The (path, label) pairs of a labelled folder, in a stable order.

    Raises:
        ImageFolderError: not a folder, neither layout, or no pictures at all.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ImageFolderError(f"{root}: not a folder")
    csv_path = root / "labels.csv"
    if csv_path.is_file():
        items = _from_csv(root, csv_path)
    else:
        items = []
        for d in range(10):
            sub = root / str(d)
            if sub.is_dir():
                items.extend((p, d) for p in sorted(sub.iterdir()) if p.is_file() and not p.name.startswith("."))
        if not items and not any((root / str(d)).is_dir() for d in range(10)):
            raise ImageFolderError(f"{root}: no labels.csv and no sub-folders 0-9")
    if not items:
        raise ImageFolderError(f"{root}: holds no labelled pictures")
    return items


#: Prediction recorded for a picture that could not be read or held no digit.
UNREADABLE = -1
NO_DIGIT = -2


@dataclass
class AccuracyReport:
    """Accuracy of predictions against labels, per class, and the frequent confusions."""

    labels: list[int] = field(default_factory=list)
    predictions: list[int] = field(default_factory=list)

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
        out.append(f"accuracy: {self.accuracy:.4f}")
        return out
