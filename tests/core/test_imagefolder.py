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


# --------------------------------------------------------------------------- hostile folders

@pytest.mark.parametrize("row", [b"a\x00.png,3", b"a\tb.png,3", b"\x7f.png,3", b",3"])
def test_a_path_with_a_nul_byte_or_control_character_is_refused(tmp_path: Path, row: bytes) -> None:
    (tmp_path / "labels.csv").write_bytes(b"path,label\nok.png,1\n" + row + b"\n")
    with pytest.raises(ImageFolderError, match="line 3: the path is empty or holds a control character"):
        list_labelled_images(tmp_path)


def test_an_overlong_line_is_refused_before_it_is_split(tmp_path: Path) -> None:
    (tmp_path / "labels.csv").write_bytes(b"path,label\n" + b"a.png,1" + b"," * 100_000 + b"\n")
    with pytest.raises(ImageFolderError, match="longer than 4,096 characters"):
        list_labelled_images(tmp_path)


def _non_utf8_name(folder: Path) -> Path:
    import os

    try:
        fd = os.open(os.path.join(os.fsencode(folder), b"bad\xff.png"), os.O_WRONLY | os.O_CREAT, 0o644)
    except (OSError, ValueError):
        pytest.skip("this file system refuses names that are not UTF-8")
    os.close(fd)
    return folder / os.fsdecode(b"bad\xff.png")


def test_file_names_that_are_not_utf8_are_counted_or_refused(tmp_path: Path) -> None:
    from mnist_gui.core.imagefolder import scan_labelled_images

    (tmp_path / "3").mkdir()
    (tmp_path / "3" / "ok.png").write_bytes(b"x")
    _non_utf8_name(tmp_path / "3")
    items, skipped = scan_labelled_images(tmp_path)
    assert items == [(tmp_path / "3" / "ok.png", 3)]
    assert skipped == [f"{tmp_path}/3/bad\\xff.png"]
    skipped[0].encode("utf-8")  # printable on any terminal
    with pytest.raises(ImageFolderError, match=r"1 file name\(s\) are not UTF-8.*bad\\xff\.png"):
        scan_labelled_images(tmp_path, strict=True)
    with pytest.raises(ImageFolderError, match="not UTF-8"):
        list_labelled_images(tmp_path)  # the library default refuses rather than leaving files out
    (tmp_path / "3" / "ok.png").unlink()
    with pytest.raises(ImageFolderError, match=r"holds no labelled pictures \(1 skipped"):
        scan_labelled_images(tmp_path)


def test_too_many_rows_are_refused_before_parsing(tmp_path: Path, monkeypatch) -> None:
    import csv

    from mnist_gui.core import imagefolder

    def no_parse(*a, **k):
        raise AssertionError("parsed a file that its line count alone refuses")

    monkeypatch.setattr(imagefolder, "MAX_ROWS", 10)
    monkeypatch.setattr(csv, "reader", no_parse)
    (tmp_path / "labels.csv").write_bytes(b"path,label\n" + b"a.png,1\n" * 11)
    with pytest.raises(ImageFolderError, match="more than 10 rows"):
        list_labelled_images(tmp_path)
    (tmp_path / "labels.csv").write_bytes(b"path,label\r" + b"a.png,1\r" * 11)  # old Mac line ends
    with pytest.raises(ImageFolderError, match="more than 10 rows"):
        list_labelled_images(tmp_path)


def test_ten_million_rows_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    """Before: 16 s and 1.3 GB here (every row parsed and kept) before the refusal."""
    import subprocess
    import sys

    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc/self/status (VmHWM)")
    (tmp_path / "labels.csv").write_bytes(b"path,label\n" + b"a,1\n" * 10_000_000)
    # VmHWM: the peak of this process's own memory (ru_maxrss would carry the parent's over exec)
    code = ("import sys\n"
            "from mnist_gui.core.imagefolder import ImageFolderError, list_labelled_images\n"
            "try:\n    list_labelled_images(sys.argv[1])\n"
            "except ImageFolderError as e:\n    print(e)\n"
            "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')) / 1024)\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[2], check=True).stdout.splitlines()
    assert "more than 1,000,000 rows" in out[0]
    assert float(out[1]) < 200, out
