"""Digits cut out of real documents (cheque amounts with printed backgrounds, lines, grey ink).

A folder in the layout of ORAND-CAR-A: ``labels.csv`` (``path,number``) and ``boxes.json``
(``{path: [[x, y, w, h], ...]}``, one box per digit, left to right). Each digit is cut with a
margin of its height around its box, the margin painted in the paper's grey (so a neighbour's
ink reaching into the margin is not read with it, while the printed background stays as it is),
and prepared exactly as a picture opened in the app is (:func:`core.preprocess.preprocess_picture`).

The folder is split in two by row order: the first half of ``labels.csv`` is for tuning and
training, the second half for checking (as ``tools/compose_numbers.py orand --part``). No Qt here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from mnist_gui.core import files, imagefile, imagefolder
from mnist_gui.core.ink import to_grayscale
from mnist_gui.core.preprocess import preprocess_picture

MARGIN = 0.15  # of the digit's height, around its box
MAX_BOXES_BYTES = 16 * 1024 * 1024
PARTS = ("tune", "check")


class DocumentDigitsError(ValueError):
    """A folder of document digits that cannot be used (one line)."""


def part_rows(rows: Sequence[tuple[Path, str]], part: str) -> list[tuple[Path, str]]:
    """The tuning half (the first rows) or the checking half (the rest)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    half = len(rows) // 2
    return list(rows[:half] if part == "tune" else rows[half:])


def cut(gray: np.ndarray, box: Sequence[int], margin: float = MARGIN) -> np.ndarray:
    """One digit of a grey picture (0..1, 0 black): its box and a margin painted as paper."""
    x, y, w, h = (int(v) for v in box)
    m = int(round(margin * h))
    y0, x0 = max(0, y - m), max(0, x - m)
    crop = np.array(gray[y0:y + h + m, x0:x + w + m], dtype=np.float32)
    if crop.size == 0:
        raise DocumentDigitsError(f"box {list(box)} lies outside the picture")
    inside = np.zeros(crop.shape, bool)
    inside[max(0, y - y0):y - y0 + h, max(0, x - x0):x - x0 + w] = True
    crop[~inside] = float(np.median(crop))
    return crop


def _boxes(folder: Path) -> dict:
    path = folder / "boxes.json"
    files.checked_size(path, MAX_BOXES_BYTES, DocumentDigitsError, "a list of digit boxes (boxes.json)")
    try:
        data = files.loads_json_checked(path.read_bytes(), MAX_BOXES_BYTES)
    except (ValueError, OSError) as e:
        raise DocumentDigitsError(f"{path}: not readable JSON ({e})") from None
    if not isinstance(data, dict):
        raise DocumentDigitsError(f"{path}: expected an object of picture paths to box lists")
    return data


def _valid_box(b: object) -> bool:
    return (isinstance(b, list) and len(b) == 4 and all(isinstance(v, int) and not isinstance(v, bool) for v in b)
            and b[0] >= 0 and b[1] >= 0 and 0 < b[2] <= 10_000 and 0 < b[3] <= 10_000)


def cut_digits(folder: str | Path, part: str) -> Iterator[tuple[Path, int, np.ndarray | None, int]]:
    """Every digit of one half of a folder, cut (:func:`cut`): ``(picture, index, crop, digit)``,
    with ``crop`` None for a digit without a usable box or picture.

    Raises:
        DocumentDigitsError: no such folder, or a malformed labels.csv / boxes.json.
    """
    root = Path(folder)
    try:
        rows = imagefolder.numbers_csv(root)
    except imagefolder.ImageFolderError as e:
        raise DocumentDigitsError(str(e)) from None
    boxes = _boxes(root)
    for path, number in part_rows(rows, part):
        bs = boxes.get(path.relative_to(root).as_posix())  # boxes.json names pictures as labels.csv does
        gray = None
        if isinstance(bs, list) and len(bs) == len(number) and all(_valid_box(b) for b in bs):
            try:
                gray = to_grayscale(imagefile.read_image(path))
            except (imagefile.ImageFileError, ValueError):
                gray = None
        for k, digit in enumerate(number):
            crop = None
            if gray is not None:
                try:
                    crop = cut(gray, bs[k])
                except DocumentDigitsError:
                    crop = None
            yield path, k, crop, int(digit)


def load(folder: str | Path, part: str) -> tuple[np.ndarray, np.ndarray, int]:
    """The prepared 28x28 digits (uint8, ink bright) and their labels of one half of a folder.

    Returns:
        ``(x, y, skipped)``: ``skipped`` counts digits with no usable box or no ink found.

    Raises:
        DocumentDigitsError: no such folder, or a malformed labels.csv / boxes.json.
    """
    xs: list[np.ndarray] = []
    ys: list[int] = []
    skipped = 0
    for _, _, crop, digit in cut_digits(folder, part):
        x = None if crop is None else preprocess_picture(crop)
        if x is None:
            skipped += 1
            continue
        xs.append((np.clip(x, 0.0, 1.0) * 255 + 0.5).astype(np.uint8))
        ys.append(digit)
    x_out = np.stack(xs) if xs else np.zeros((0, 28, 28), np.uint8)
    return x_out, np.asarray(ys, np.int32), skipped
