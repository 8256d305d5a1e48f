"""My digits: the collection file (atomic, recoverable), export/import, and adaptation."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core import adaptation, personal
from mnist_gui.core.personal import Collection, PersonalError
from tests.synthetic import glyphs


def pic(d: int) -> np.ndarray:
    return glyphs()[d].copy()


def test_add_save_load_roundtrip(tmp_path: Path) -> None:
    c = Collection(tmp_path / "c.json")
    a = c.add(3, pic(3), [[(0.1, 0.2), (0.3, 0.4)]])
    b = c.add(7, pic(7).astype(np.float32) / 255.0, None, source="picture")
    again = Collection.load(tmp_path / "c.json")
    assert [d.id for d in again.digits] == [a.id, b.id]
    assert [d.label for d in again.digits] == [3, 7]
    assert np.array_equal(again.digits[0].image, pic(3))
    assert again.digits[0].strokes == [[(0.1, 0.2), (0.3, 0.4)]]
    assert again.digits[1].strokes is None and again.digits[1].source == "picture"
    assert again.counts()[3] == 1 and again.counts()[7] == 1 and sum(again.counts()) == 2
    x, y = again.arrays()
    assert x.shape == (2, 28, 28) and x.dtype == np.uint8 and y.tolist() == [3, 7]


def test_relabel_delete_and_undo(tmp_path: Path) -> None:
    c = Collection(tmp_path / "c.json")
    ds = [c.add(d, pic(d)) for d in (1, 2, 3, 4)]
    c.relabel([ds[0].id], 7)
    c.delete([ds[1].id, ds[2].id])
    assert [d.label for d in Collection.load(c.path).digits] == [7, 4]
    assert c.undo()  # the delete
    assert [d.label for d in c.digits] == [7, 2, 3, 4]
    assert c.undo()  # the relabel
    assert [d.label for d in Collection.load(c.path).digits] == [1, 2, 3, 4]
    assert c.undo()  # the last add
    assert len(Collection.load(c.path)) == 3
    with pytest.raises(ValueError):
        c.add(10, pic(1))
    with pytest.raises(ValueError):
        c.add(1, np.zeros((20, 20), np.uint8))


def test_a_failed_save_leaves_the_old_file_and_the_memory_as_they_were(tmp_path: Path, monkeypatch) -> None:
    c = Collection(tmp_path / "c.json")
    c.add(1, pic(1))
    before = c.path.read_bytes()

    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        c.add(2, pic(2))
    with pytest.raises(OSError):
        c.delete([c.digits[0].id])
    monkeypatch.undo()
    assert c.path.read_bytes() == before
    assert [d.label for d in c.digits] == [1]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_killed_mid_write_keeps_the_old_collection(tmp_path: Path) -> None:
    """A writer killed after writing its temp file: the collection file is still the old one."""
    c = Collection(tmp_path / "c.json")
    c.add(5, pic(5))
    (tmp_path / ".c.json.deadbeef.tmp").write_text('{"format": "mnist-gui-my-d')  # what a kill leaves
    assert [d.label for d in Collection.load(c.path).digits] == [5]


@pytest.mark.parametrize("content", [b"{not json", b'{"format": "other", "digits": []}', b"[" * 100000,
                                     b'{"format": "mnist-gui-my-digits/1", "digits": [{"label": 3, "image28": "AAA"}]}',
                                     b'{"format": "mnist-gui-my-digits/1", "digits": [{"label": 12}]}', b"\xff\xfe"])
def test_unreadable_collection_is_moved_aside_not_overwritten(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "c.json"
    p.write_bytes(content)
    with pytest.raises(PersonalError):
        Collection.load(p)
    c, message = Collection.load_or_recover(p)
    assert message and "kept as" in message and len(c) == 0
    aside = [q for q in tmp_path.iterdir() if ".unreadable-" in q.name]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    c.add(1, pic(1))
    assert len(Collection.load(p)) == 1


def test_export_import_roundtrip_and_strokes_format(tmp_path: Path) -> None:
    from mnist_gui.core.strokes import load_strokes

    c = Collection(tmp_path / "c.json")
    c.add(3, pic(3), [[(0.1, 0.2), (0.5, 0.6)]])
    c.add(8, pic(8), None, source="picture")
    out = tmp_path / "export.json"
    assert c.export(out) == 2
    data = json.loads(out.read_text())
    assert data["format"] == "digit-strokes/1" and data["samples"][0]["writer"] == "me"
    # drawn digits are readable by the app's own stroke reader
    one = tmp_path / "one.json"
    one.write_text(json.dumps({**data, "samples": data["samples"][:1]}))
    assert load_strokes(one)[0].label == 3
    other = Collection(tmp_path / "other.json")
    assert other.import_file(out) == 2
    assert [d.label for d in other.digits] == [3, 8]
    assert np.array_equal(other.digits[1].image, pic(8))
    assert all(d.source == "import" for d in other.digits)
    assert other.undo() and len(other) == 0  # an import is undone as a whole


def test_import_strokes_only_needs_a_renderer_and_is_all_or_nothing(tmp_path: Path) -> None:
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"format": "digit-strokes/1", "samples": [
        {"label": 1, "writer": "x", "strokes": [[[0.5, 0.1], [0.5, 0.9]]]},
        {"label": 2, "writer": "x", "strokes": [[[0.2, 0.2], [0.8, 0.8]]]}]}))
    c = Collection(tmp_path / "c.json")
    with pytest.raises(PersonalError, match="neither"):
        c.import_file(f)
    assert c.import_file(f, render=lambda strokes: np.full((28, 28), 0.5, np.float32)) == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "digit-strokes/1", "samples": [
        {"label": 1, "image28": personal._encode_image(pic(1))}, {"label": 99, "image28": "x"}]}))
    with pytest.raises(PersonalError, match="sample 2"):
        c.import_file(bad)
    assert len(c) == 2


def test_adapt_learns_a_new_style_without_touching_the_original() -> None:
    import keras

    from mnist_gui.core import models

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    g = glyphs()
    idx = rng.integers(0, 10, 800)
    x = np.stack([np.roll(g[i], (rng.integers(-1, 2), rng.integers(-1, 2)), axis=(0, 1)) for i in idx])
    model = models.build_model("small")
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    model.fit(x[..., None] / 255.0, idx, epochs=3, batch_size=32, verbose=0)
    # "my handwriting": the glyphs mirrored left-right, a style the model has never seen
    me_idx = np.repeat(np.arange(10), 6)
    me = np.stack([np.fliplr(g[i]) for i in me_idx])
    w0 = [w.copy() for w in model.get_weights()]
    before = adaptation.accuracy(model, me, me_idx)
    steps = []
    res = adaptation.adapt(model, me, me_idx, x, idx, adaptation.AdaptConfig(steps=80, learning_rate=2e-3),
                         on_progress=lambda s, t: steps.append(s))
    after = adaptation.accuracy(res.model, me, me_idx)
    assert after > before + 0.2
    assert adaptation.accuracy(res.model, g, np.arange(10)) >= 0.8  # still reads the old style
    assert all(np.array_equal(a, b) for a, b in zip(w0, model.get_weights()))
    assert steps[-1] == 80 and res.steps == 80 and not res.cancelled
    b, a = adaptation.honest_gain(model, me, me_idx, x, idx, folds=3,
                                config=adaptation.AdaptConfig(steps=60, learning_rate=2e-3))
    assert a > b


def test_adapt_can_be_cancelled() -> None:
    import threading

    from mnist_gui.core import models

    model = models.build_model("small")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    stop = threading.Event()
    res = adaptation.adapt(model, glyphs(), np.arange(10), glyphs(), np.arange(10),
                         adaptation.AdaptConfig(steps=50), on_progress=lambda s, t: stop.set() if s == 3 else None,
                         cancel=stop)
    assert res.cancelled and res.steps == 3
    with pytest.raises(ValueError):
        adaptation.adapt(model, np.zeros((0, 28, 28), np.uint8), np.zeros(0), glyphs(), np.arange(10))


# --------------------------------------------------------------------------- hostile files

def _collection_bytes(digits: list) -> bytes:
    return json.dumps({"format": personal.FORMAT, "digits": digits}).encode()


def _raw_digit(**extra) -> dict:
    return {"id": extra.pop("id", os.urandom(8).hex()), "label": 3, "created": "2024-01-01T00:00:00+00:00",
            "source": "drawing", "image28": personal._encode_image(pic(3)), **extra}


HUGE = int("9" * 400)  # parses as JSON, compares fine, overflows float()


@pytest.mark.parametrize("bad", [
    {"strokes": [[[HUGE, 0.5]]]}, {"strokes": [[[0.5, -HUGE]]]}, {"strokes": [[[1e300, 0.5]]]},
    {"strokes": [[[0.5, "0.5"]]]}, {"strokes": [[[0.5, True]]]}, {"strokes": [[[0.5, 0.5, 0.5]]]},
    {"strokes": [[0.5, 0.5]]}, {"strokes": "x"}, {"label": HUGE}, {"label": -1}, {"label": 3.0},
    {"id": HUGE}, {"id": ""}, {"id": "x" * 65}, {"created": HUGE}, {"created": "x" * 65},
    {"source": "elsewhere"}, {"source": HUGE},
])
def test_a_collection_with_a_bad_field_is_moved_aside(tmp_path: Path, bad: dict) -> None:
    p = tmp_path / "c.json"
    content = _collection_bytes([_raw_digit(), _raw_digit(**bad)])
    p.write_bytes(content)
    with pytest.raises(PersonalError, match="digit 2"):
        Collection.load(p)
    c, message = Collection.load_or_recover(p)
    assert message and "kept as" in message and "\n" not in message and len(c) == 0
    assert [q.read_bytes() for q in tmp_path.iterdir() if ".unreadable-" in q.name] == [content]


def test_importing_a_huge_coordinate_is_a_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "export.json"
    f.write_text(json.dumps({"format": "digit-strokes/1", "samples": [
        {"label": 1, "image28": personal._encode_image(pic(1)), "strokes": [[[0.5, 0.5], [HUGE, 0.5]]]}]}))
    c = Collection(tmp_path / "c.json")
    with pytest.raises(PersonalError, match=r"sample 1, stroke 1, point 2: coordinates must be finite"):
        c.import_file(f)
    with pytest.raises(PersonalError, match="point 2"):  # strokes only, drawn by a renderer
        f.write_text(json.dumps({"format": "digit-strokes/1", "samples": [
            {"label": 1, "strokes": [[[0.5, 0.5], [0.5, -HUGE]]]}]}))
        c.import_file(f, render=lambda s: np.zeros((28, 28), np.uint8))
    assert len(c) == 0


def test_two_digits_sharing_an_id_are_refused_not_deleted_together(tmp_path: Path) -> None:
    p = tmp_path / "c.json"
    p.write_bytes(_collection_bytes([_raw_digit(id="same"), _raw_digit(), _raw_digit(id="same")]))
    with pytest.raises(PersonalError, match="digit 3: has the same id as digit 1"):
        Collection.load(p)


def test_too_many_digits_or_points_are_refused_before_parsing(tmp_path: Path, monkeypatch) -> None:
    def no_parse(*a, **k):
        raise AssertionError("parsed a file that its size alone refuses")

    p = tmp_path / "c.json"
    monkeypatch.setattr(personal, "MAX_DIGITS", 5)
    monkeypatch.setattr(personal, "MAX_POINTS", 100)
    monkeypatch.setattr(personal.files, "loads_json_checked", no_parse)
    p.write_bytes(_collection_bytes([_raw_digit() for _ in range(6)]))
    with pytest.raises(PersonalError, match="more than 5 digits"):
        Collection.load(p)
    p.write_bytes(_collection_bytes([_raw_digit(strokes=[[[0.5, 0.5]] * 300])]))
    with pytest.raises(PersonalError, match="more than 100 stroke points"):
        Collection.load(p)
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "digit-strokes/1", "samples": [_raw_digit() for _ in range(6)]}))
    with pytest.raises(PersonalError, match="more than 5 digits"):
        Collection(tmp_path / "other.json").import_file(export)
    monkeypatch.undo()
    # within the bound on the raw bytes, over the exact count made while parsing
    monkeypatch.setattr(personal, "MAX_POINTS", 100)
    p.write_bytes(_collection_bytes([_raw_digit(strokes=[[[0.5, 0.5]] * 60]), _raw_digit(strokes=[[[0.5, 0.5]] * 60])]))
    with pytest.raises(PersonalError, match="more than 100 stroke points"):
        Collection.load(p)


def test_a_collection_never_grows_past_what_it_can_load(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(personal, "MAX_DIGITS", 2)
    c = Collection(tmp_path / "c.json")
    c.add(1, pic(1), [[(0.1, 0.1), (float("nan"), 0.2)]])  # strokes a reader would refuse: not kept
    assert c.digits[0].strokes is None
    c.add(2, pic(2))
    with pytest.raises(ValueError, match="at most 2 digits"):
        c.add(3, pic(3))
    assert len(Collection.load(c.path)) == 2


def _peak_rss_mb_of_loading(path: Path) -> tuple[float, str]:
    import subprocess
    import sys

    # VmHWM: the peak of this process's own memory (ru_maxrss would carry the parent's over exec)
    code = ("import sys\n"
            "from mnist_gui.core.personal import Collection\n"
            "c, message = Collection.load_or_recover(sys.argv[1])\n"
            "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')) / 1024)\n"
            "print(message)\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[2], check=True).stdout.splitlines()
    return float(out[0]), out[1]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (VmHWM)")
def test_ten_million_points_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    """Before: 2.4 GB of Python objects were built before anything was refused (and it loaded)."""
    p = tmp_path / "c.json"
    with open(p, "wb") as f:
        f.write(b'{"format": "mnist-gui-my-digits/1", "digits": [{"label": 3, "image28": "'
                + personal._encode_image(pic(3)).encode() + b'", "strokes": [')
        stroke = b"[" + b",".join([b"[0,0]"] * 10_000) + b"]"  # 1,000 strokes of 10,000 points
        f.write(b",".join([stroke] * 1_000))
        f.write(b"]}]}")
    peak, message = _peak_rss_mb_of_loading(p)
    assert "more than 1,000,000 stroke points" in message and "kept as" in message
    assert peak < 400, f"{peak:.0f} MB"


def test_json_depth_is_exact_across_chunks_and_escaped_quotes(monkeypatch) -> None:
    from mnist_gui.core import files

    text = b'{"a": "x\\\\", "b": "\\"[[[", "c": [[1, [2]], {"d": "]]\\\\\\""}]}'
    assert json.loads(text)["b"] == '"[[['
    assert files.json_depth(text) == 4
    monkeypatch.setattr(files, "_DEPTH_CHUNK", 3)  # every chunk boundary, every carry
    assert files.json_depth(text) == 4
    assert files.json_depth(b"[" * 10 + b"]" * 10 + b"[[]]") == 10 and files.json_depth(b"") == 0
