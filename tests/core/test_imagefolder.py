"""Labelled picture folders (eval-images) and the accuracy report."""
from __future__ import annotations

from pathlib import Path

import pytest

from mnist_gui.core.imagefolder import (NO_DIGIT, UNREADABLE, AccuracyReport, ImageFolderError,
                                        list_labelled_images)


def test_csv_layout(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"x")
    (tmp_path / "labels.csv").write_text("path,label\na.png,3\nsub/b.png,7\n\n")
    assert list_labelled_images(tmp_path) == [(tmp_path / "a.png", 3), (tmp_path / "sub" / "b.png", 7)]


def test_folder_layout_sorted(tmp_path: Path) -> None:
    for d, names in ((1, ["b.png", "a.png"]), (9, ["z.jpg"])):
        (tmp_path / str(d)).mkdir()
        for n in names:
            (tmp_path / str(d) / n).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("ignored")
    assert list_labelled_images(tmp_path) == [
        (tmp_path / "1" / "a.png", 1), (tmp_path / "1" / "b.png", 1), (tmp_path / "9" / "z.jpg", 9)]


@pytest.mark.parametrize("text,fragment", [
    ("file,digit\na.png,1\n", "header"),
    ("path,label\na.png,12\n", "line 2"),
    ("path,label\na.png\n", "line 2"),
    ("path,label\n../secret.png,1\n", "inside the folder"),
    ("path,label\n/etc/passwd,1\n", "inside the folder"),
    ("path,label\n", "no labelled pictures"),
])
def test_malformed_csv(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "labels.csv").write_text(text)
    with pytest.raises(ImageFolderError, match=fragment):
        list_labelled_images(tmp_path)


def test_empty_missing_and_file(tmp_path: Path) -> None:
    with pytest.raises(ImageFolderError, match="no labels.csv"):
        list_labelled_images(tmp_path)
    (tmp_path / "3").mkdir()
    with pytest.raises(ImageFolderError, match="no labelled pictures"):
        list_labelled_images(tmp_path)
    with pytest.raises(ImageFolderError, match="not a folder"):
        list_labelled_images(tmp_path / "missing")


def test_report() -> None:
    r = AccuracyReport()
    for label, pred in [(1, 1), (1, 7), (1, 7), (4, 9), (4, 4), (2, UNREADABLE), (3, NO_DIGIT)]:
        r.add(label, pred)
    assert r.total == 7 and r.correct == 2
    assert r.per_class() == {1: (1, 3), 2: (0, 1), 3: (0, 1), 4: (1, 2)}
    assert r.confusions() == [(1, 7, 2), (4, 9, 1)]
    lines = r.lines()
    assert "most frequent confusions (true->predicted): 1->7 (2), 4->9 (1)" in lines
    assert "unreadable (counted as errors): 1" in lines
    assert "no digit found (counted as errors): 1" in lines
    assert lines[-1] == "accuracy: 0.2857"
