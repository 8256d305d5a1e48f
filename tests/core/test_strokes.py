"""Tests of mnist_gui.core.strokes (digit-strokes/1 files)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core.preprocess import preprocess
from mnist_gui.core.strokes import (
    DEFAULT_PEN_FRACTION,
    FORMAT,
    StrokeSample,
    StrokesError,
    load_strokes,
    rasterize,
    save_strokes,
    scale_strokes,
)

SEVEN = StrokeSample(
    label=7,
    writer="test",
    strokes=(((0.2, 0.2), (0.8, 0.2), (0.4, 0.9)), ((0.35, 0.55), (0.65, 0.55))),
)


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def valid_doc(**sample_overrides: object) -> dict:
    sample = {"label": 3, "writer": "w", "strokes": [[[0.1, 0.2], [0.3, 0.4]]]}
    sample.update(sample_overrides)
    return {"format": FORMAT, "samples": [sample]}


@pytest.mark.slow
def test_real_file(strokes_file: Path):
    samples = load_strokes(strokes_file)
    assert len(samples) == 7494
    assert len({s.writer for s in samples}) == 30
    assert {s.label for s in samples} == set(range(10))
    for s in samples[:50]:
        assert isinstance(s, StrokeSample) and s.strokes and all(s.strokes)
        for stroke in s.strokes:
            for x, y in stroke:
                assert 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0


def test_load_valid_and_clip(tmp_path):
    doc = valid_doc(strokes=[[[-0.03, 0.5], [1.04, 1.0]], [[0.5, 0.5]]])
    samples = load_strokes(write_json(tmp_path / "ok.json", doc))
    assert len(samples) == 1
    s = samples[0]
    assert s.label == 3 and s.writer == "w"
    assert s.strokes == (((0.0, 0.5), (1.0, 1.0)), ((0.5, 0.5),))


def test_load_empty_samples_list(tmp_path):
    assert load_strokes(write_json(tmp_path / "e.json", {"format": FORMAT, "samples": []})) == []


def test_not_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{this is not json", encoding="utf-8")
    with pytest.raises(StrokesError, match="not valid JSON") as info:
        load_strokes(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_binary_file(tmp_path):
    path = tmp_path / "bin.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(StrokesError):
        load_strokes(path)


def test_missing_file(tmp_path):
    with pytest.raises(StrokesError, match="cannot read"):
        load_strokes(tmp_path / "nope.json")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"format": "digit-strokes/2", "samples": []}, "format"),
        ({"samples": []}, "format"),
        ([1, 2, 3], "object"),
        ({"format": FORMAT}, "samples"),
        ({"format": FORMAT, "samples": {}}, "samples"),
        (valid_doc(label=12), "label 12"),
        (valid_doc(label=-1), "label"),
        (valid_doc(label="7"), "label"),
        (valid_doc(label=True), "label"),
        (valid_doc(label=3.0), "label"),
        (valid_doc(strokes=[]), "strokes"),
        (valid_doc(strokes=[[]]), "stroke 0"),
        (valid_doc(strokes=None), "strokes"),
        (valid_doc(strokes=[[[0.1]]]), "point 0"),
        (valid_doc(strokes=[[[0.1, "a"]]]), "point 0"),
        (valid_doc(strokes=[[[0.1, 0.2, 0.3]]]), "point 0"),
        (valid_doc(strokes=[[[0.1, 0.2], [1.5, 0.2]]]), "point 1"),
        (valid_doc(strokes=[[[0.1, 0.2]], [[0.1, -0.2]]]), "stroke 1"),
        (valid_doc(writer=5), "writer"),
        ({"format": FORMAT, "samples": [7]}, "sample 0"),
    ],
)
def test_bad_files(tmp_path, doc, message):
    path = write_json(tmp_path / "bad.json", doc)
    with pytest.raises(StrokesError, match=message) as info:
        load_strokes(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_nan_rejected(tmp_path):
    path = tmp_path / "nan.json"
    path.write_text(
        '{"format": "digit-strokes/1", "samples": [{"label": 1, "writer": "w", '
        '"strokes": [[[NaN, 0.5]]]}]}',
        encoding="utf-8",
    )
    with pytest.raises(StrokesError):
        load_strokes(path)


def test_strokes_error_is_value_error():
    assert issubclass(StrokesError, ValueError)


def test_save_load_round_trip(tmp_path):
    other = StrokeSample(label=0, writer="", strokes=(((0.5, 0.5),),))
    path = tmp_path / "sub" / "round.json"
    save_strokes(path, [SEVEN, other])
    assert load_strokes(path) == [SEVEN, other]
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT
    assert not list(path.parent.glob("*.part"))


def test_save_rounds_and_overwrites(tmp_path):
    path = tmp_path / "r.json"
    save_strokes(path, [SEVEN])
    sample = StrokeSample(label=1, writer="w", strokes=(((0.123456789, 0.987654321),),))
    save_strokes(path, [sample], decimals=4)
    (loaded,) = load_strokes(path)
    assert loaded.strokes == (((0.1235, 0.9877),),)


def test_save_rejects_bad_samples(tmp_path):
    path = tmp_path / "x.json"
    with pytest.raises(StrokesError, match="label"):
        save_strokes(path, [StrokeSample(label=10, writer="w", strokes=(((0.1, 0.1),),))])
    with pytest.raises(StrokesError, match="non-empty"):
        save_strokes(path, [StrokeSample(label=1, writer="w", strokes=())])
    with pytest.raises(StrokesError, match="non-finite"):
        save_strokes(path, [StrokeSample(label=1, writer="w", strokes=(((float("nan"), 0.1),),))])
    assert not path.exists()


def test_scale_strokes():
    scaled = scale_strokes(SEVEN, 280, 140)
    assert scaled == [
        [(56.0, 28.0), (224.0, 28.0), (112.0, 126.0)],
        [(98.0, 77.0), (182.0, 77.0)],
    ]


def test_rasterize_gives_ink():
    img = rasterize(SEVEN, 280)
    assert img.shape == (280, 280) and img.dtype == np.float32
    assert img.min() >= 0.0 and img.max() <= 1.0
    assert img.max() == pytest.approx(1.0)
    assert img[0, 0] == 0.0  # black background
    ink = img > 0.5
    assert 0.02 < ink.mean() < 0.3
    # Antialiased: some intermediate grey levels on the edges.
    assert np.count_nonzero((img > 0.05) & (img < 0.95)) > 50
    # The pen width follows DEFAULT_PEN_FRACTION: the horizontal top bar at
    # y = 0.2 is about that thick.
    column = img[:, 140]
    thickness = column[: int(0.4 * 280)].sum()
    assert thickness == pytest.approx(DEFAULT_PEN_FRACTION * 280, rel=0.1)


def test_rasterize_pen_width_and_dot():
    thin = rasterize(SEVEN, 100, pen_width=2)
    thick = rasterize(SEVEN, 100, pen_width=12)
    assert thick.sum() > 3 * thin.sum()
    dot = rasterize(StrokeSample(label=1, writer="", strokes=(((0.5, 0.5),),)), 50, pen_width=10)
    assert dot.sum() == pytest.approx(np.pi * 25, rel=0.15)
    with pytest.raises(ValueError):
        rasterize(SEVEN, 0)
    with pytest.raises(ValueError):
        rasterize(SEVEN, 28, pen_width=0)


def test_rasterized_sample_preprocesses():
    out = preprocess(rasterize(SEVEN, 280))
    assert out is not None and out.shape == (28, 28)


# --------------------------------------------------------------------------- hostile files

HUGE = int("9" * 400)  # valid JSON, compares exactly, overflows float()


@pytest.mark.parametrize("point", [[HUGE, 0.5], [0.5, -HUGE], [1e308, 0.5], [0.5, -1e-300 - 2.0]])
def test_a_coordinate_out_of_range_names_its_sample(tmp_path, point):
    doc = {"format": FORMAT, "samples": [
        {"label": 1, "writer": "w", "strokes": [[[0.5, 0.5]]]},
        {"label": 2, "writer": "w", "strokes": [[[0.5, 0.5], point]]}]}
    with pytest.raises(StrokesError, match=r"sample 1, stroke 0, point 1: .* not a finite position") as e:
        load_strokes(write_json(tmp_path / "huge.json", doc))
    assert "\n" not in str(e.value) and len(str(e.value)) < 300  # not the 400 digits


def test_nan_and_infinity_written_bare_are_refused(tmp_path):
    for bare in (b"NaN", b"Infinity", b"-Infinity"):
        p = tmp_path / "nan.json"
        p.write_bytes(b'{"format": "digit-strokes/1", "samples": [{"label": 1, "strokes": [[[0.5, ' + bare + b"]]]}]}")
        with pytest.raises(StrokesError, match="not a number"):
            load_strokes(p)


def test_a_padded_file_is_refused_by_its_size_before_reading(tmp_path, monkeypatch):
    from mnist_gui.core import files, strokes

    def no_read(*a, **k):
        raise AssertionError("read a file that its size alone refuses")

    p = tmp_path / "padded.json"
    with open(p, "wb") as f:  # sparse where the file system allows: 65 MB of nothing
        f.write(b'{"format": "digit-strokes/1", "samples": []}')
        f.truncate(65 * 1024 * 1024)
    monkeypatch.setattr(files, "loads_json_checked", no_read)
    with pytest.raises(StrokesError, match="too large"):
        strokes.load_strokes(p)


def test_too_many_samples_or_points_are_refused_before_parsing(tmp_path, monkeypatch):
    from mnist_gui.core import files, strokes

    def no_parse(*a, **k):
        raise AssertionError("parsed a file that its counts alone refuse")

    one = {"label": 1, "writer": "w", "strokes": [[[0.5, 0.5]]]}
    monkeypatch.setattr(strokes, "MAX_SAMPLES", 10)
    monkeypatch.setattr(strokes, "MAX_POINTS", 100)
    with monkeypatch.context() as m:
        m.setattr(files, "loads_json_checked", no_parse)
        with pytest.raises(StrokesError, match="more than 10 samples"):
            load_strokes(write_json(tmp_path / "many.json", {"format": FORMAT, "samples": [one] * 11}))
        with pytest.raises(StrokesError, match="more than 100 points"):
            load_strokes(write_json(tmp_path / "many.json", {"format": FORMAT, "samples": [
                {"label": 1, "strokes": [[[0.5, 0.5]] * 250]}]}))
    # within the bounds on the raw bytes, over the exact counts made while parsing
    with pytest.raises(StrokesError, match="sample 1: more than 100 points in the file"):
        load_strokes(write_json(tmp_path / "many.json", {"format": FORMAT, "samples": [
            {"label": 1, "strokes": [[[0.5, 0.5]] * 60]}] * 2}))
    escaped = b'{"format": "digit-strokes/1", "samples": [' + b",".join(
        [b'{"\\u006cabel": 1, "strokes": [[[0.5, 0.5]]]}'] * 11) + b"]}"
    (tmp_path / "escaped.json").write_bytes(escaped)
    with pytest.raises(StrokesError, match="more than 10 samples"):
        load_strokes(tmp_path / "escaped.json")


def test_a_million_samples_are_refused_at_once_in_bounded_memory(tmp_path):
    """Before: parsed whole (11 s, 0.9 GB here), then replayed by eval-strokes for hours."""
    import subprocess
    import sys

    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc/self/status (VmHWM)")
    p = tmp_path / "million.json"
    p.write_bytes(b'{"format": "digit-strokes/1", "samples": ['
                  + b",".join([b'{"label":1,"strokes":[[[0.5,0.5]]]}'] * 1_000_000) + b"]}")
    # VmHWM: the peak of this process's own memory (ru_maxrss would carry the parent's over exec)
    code = ("import sys\n"
            "from mnist_gui.core.strokes import StrokesError, load_strokes\n"
            "try:\n    load_strokes(sys.argv[1])\n"
            "except StrokesError as e:\n    print(e)\n"
            "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')) / 1024)\n")
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[2], check=True).stdout.splitlines()
    assert "more than 50,000 samples" in out[0]
    assert float(out[1]) < 250, out


def test_save_refuses_a_writer_that_load_would_refuse(tmp_path):
    with pytest.raises(StrokesError, match="writer is longer"):
        save_strokes(tmp_path / "w.json", [StrokeSample(label=1, writer="w" * 300, strokes=(((0.5, 0.5),),))])
