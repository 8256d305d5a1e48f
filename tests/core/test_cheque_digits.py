"""Digits cut out of documents (core.cheque_digits): the margin is paper, the halves are apart,
bad folders are one-line errors; on synthetic cheques with a printed background."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image, ImageDraw

from mnist_gui.core import cheque_digits


def _cheque(text: str, seed: int) -> tuple[Image.Image, list[list[int]]]:
    """A grey picture with diagonal printed hatching and ``text`` written in dark strokes."""
    rng = np.random.default_rng(seed)
    w, h = 40 + 36 * len(text), 70
    img = Image.new("L", (w, h), 200)
    d = ImageDraw.Draw(img)
    for x in range(-h, w, 6):  # the printed background pattern
        d.line([(x, h), (x + h, 0)], fill=175, width=1)
    boxes = []
    x = 20
    for ch in text:
        y0 = 15 + int(rng.integers(0, 5))
        if ch == "1":
            d.line([(x + 14, y0), (x + 14, y0 + 36)], fill=40, width=4)
            boxes.append([x + 11, y0, 8, 37])
        else:  # "0"
            d.ellipse([x + 2, y0, x + 26, y0 + 36], outline=40, width=4)
            boxes.append([x + 1, y0, 27, 37])
        x += 36
    return img, boxes


@pytest.fixture
def folder(tmp_path):
    rows, boxes = ["path,number"], {}
    for i, text in enumerate(["10", "01", "110", "0"]):
        img, b = _cheque(text, i)
        (tmp_path / "images").mkdir(exist_ok=True)
        img.save(tmp_path / "images" / f"c{i}.png")
        rows.append(f"images/c{i}.png,{text}")
        boxes[f"images/c{i}.png"] = b
    (tmp_path / "labels.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "boxes.json").write_text(json.dumps(boxes))
    return tmp_path


def test_the_two_halves_are_apart_and_every_digit_is_cut(folder) -> None:
    x_t, y_t, skipped_t = cheque_digits.load(folder, "tune")
    x_c, y_c, skipped_c = cheque_digits.load(folder, "check")
    assert list(y_t) == [1, 0, 0, 1] and list(y_c) == [1, 1, 0, 0]
    assert skipped_t == skipped_c == 0
    assert x_t.shape == (4, 28, 28) and x_t.dtype == np.uint8
    # prepared as an opened picture: bright ink on black, the printed hatching gone
    assert all(img.max() > 200 and (img > 128).mean() < 0.4 for img in x_t)
    assert (x_t[0] > 64).sum() < (x_t[1] > 64).sum()  # a 1 is far less ink than a 0


def test_the_margin_is_paper_so_a_neighbour_is_not_read_with_the_digit() -> None:
    gray = np.full((50, 80), 0.8, np.float32)
    gray[10:40, 20:24] = 0.1  # the digit
    gray[10:40, 27:30] = 0.1  # its neighbour, inside the margin but outside the box
    crop = cheque_digits.cut(gray, [18, 10, 8, 30], margin=0.2)
    assert crop.min() == pytest.approx(0.1)
    inside = crop[6:36, 6:14]  # the box within the crop (margin 6 px)
    assert (inside < 0.5).any()
    outside = crop.copy()
    outside[6:36, 6:14] = 0.8
    assert (outside > 0.5).all()  # the neighbour's ink is painted over


def test_a_box_list_that_does_not_match_its_number_is_skipped_and_counted(folder) -> None:
    boxes = json.loads((folder / "boxes.json").read_text())
    boxes["images/c0.png"] = boxes["images/c0.png"][:1]  # 2 digits, 1 box
    boxes["images/c1.png"] = [[0, 0, 5000, 5000], [1, 2, 3]]  # a box of three numbers
    (folder / "boxes.json").write_text(json.dumps(boxes))
    x, y, skipped = cheque_digits.load(folder, "tune")
    assert skipped == 4 and len(x) == 0


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not readable JSON"),
    ("[1, 2]", "expected an object"),
])
def test_a_bad_boxes_file_is_one_line(folder, content, problem) -> None:
    (folder / "boxes.json").write_text(content)
    with pytest.raises(cheque_digits.DocumentDigitsError, match=problem) as e:
        cheque_digits.load(folder, "check")
    assert "\n" not in str(e.value)


def test_a_missing_folder_or_part_is_refused(tmp_path) -> None:
    with pytest.raises(cheque_digits.DocumentDigitsError):
        cheque_digits.load(tmp_path / "nothing", "tune")
    with pytest.raises(ValueError, match="part"):
        cheque_digits.part_rows([], "all")


def test_a_folder_named_relative_to_the_working_folder_is_read_the_same(folder, monkeypatch) -> None:
    """``make model`` passes ../shared/...: the boxes were looked up under the joined path and
    every digit was skipped."""
    monkeypatch.chdir(folder.parent)
    x_rel, y_rel, skipped = cheque_digits.load(folder.name, "tune")
    x_abs, y_abs, _ = cheque_digits.load(folder, "tune")
    assert skipped == 0 and len(x_rel) == 4
    assert np.array_equal(x_rel, x_abs) and np.array_equal(y_rel, y_abs)
