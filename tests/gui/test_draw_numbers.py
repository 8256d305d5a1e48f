"""Whole numbers on the Draw tab: written across the wide canvas, each digit boxed with its
reading, the number as text, a digit's panels on a right-click, one digit as before; My digits
keeps one digit of a number; the number-strokes/1 format; `read` and `eval-numbers`."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from mnist_gui.cli import main
from mnist_gui.core import number_strokes
from mnist_gui.core.number_strokes import NumberSample, compose, fit_to_canvas, load_numbers, save_numbers
from mnist_gui.core.samples import sample_drawings
from mnist_gui.core.strokes import StrokesError
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.paths import default_model_path
from mnist_gui.session.my_digits import MyDigitsStore
from mnist_gui.session.state import AppState

SAMPLES = {s.label: s for s in sample_drawings()}


def number(text: str, seed: int = 0) -> NumberSample:
    return compose([SAMPLES[int(c)] for c in text], np.random.default_rng(seed), gap=(0.25, 0.25),
                   slant=0.0, wobble=0.03, size=0.05)


@pytest.fixture(scope="module")
def bundled():
    from mnist_gui.core import lite

    return lite.load(default_model_path())


@pytest.fixture
def tab(qtbot, bundled, tmp_path):
    state = AppState()
    state.set_model(bundled, label="bundled default model")
    t = DrawTab(state, my_digits=MyDigitsStore(tmp_path / "my.json"))
    t.canvas.setFixedSize(720, 300)
    t.resize(1300, 760)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitExposed(t)
    return t


def write(tab, sample: NumberSample) -> None:
    c = tab.canvas
    o = c.origin()
    pts = fit_to_canvas(sample, c.area_width(), c.side(), margin=0.1)
    c.replay([[(o.x() + x, o.y() + y) for x, y in s] for s in pts], fractions=False)


def test_a_number_written_across_the_canvas_is_read_digit_by_digit(qtbot, tab) -> None:
    assert tab.canvas.area_width() > 2 * tab.canvas.side() * 0.95  # the canvas is wide
    with qtbot.waitSignal(tab.numbers.numberRead, timeout=5000, check_params_cb=lambda r: r is not None
                          and len(r.pieces) == 4):
        write(tab, number("2026"))
    assert tab.numbers.active and tab.numbers.text() == "2026"
    assert tab.digit_label.text() == "2026"
    assert tab.numbers.strip.text.text() == "2026"  # as text the user can select and copy
    assert len(tab.numbers.strip.tiles) == 4
    boxes = tab.canvas.boxes()
    assert [b.text.split()[0] for b in boxes] == list("2026")
    assert all(a.rect[2] <= b.rect[0] + 0.05 for a, b in zip(boxes, boxes[1:]))  # left to right
    tab.numbers.strip.copy()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == "2026"


def test_a_right_click_on_a_box_shows_that_digit(qtbot, tab) -> None:
    write(tab, number("381"))
    assert tab.numbers.text() == "381"
    box = tab.canvas.boxes()[1]
    s, o = tab.canvas.side(), tab.canvas.origin()
    centre = QPointF(o.x() + (box.rect[0] + box.rect[2]) / 2 * s, o.y() + (box.rect[1] + box.rect[3]) / 2 * s)
    qtbot.mouseClick(tab.canvas, Qt.MouseButton.RightButton, pos=centre.toPoint())
    assert tab.numbers.chosen == 1
    assert int(np.argmax(tab.last_probabilities)) == 8  # the panels show the 8
    assert tab.bars.probabilities() is not None and tab.sees.image().shape == (28, 28)
    assert tab.canvas.boxes()[1].selected and len(tab.canvas.strokes()) == len(number("381").strokes)
    tab.numbers.strip.tiles[2].click()  # the tiles choose too
    assert int(np.argmax(tab.last_probabilities)) == 1


def test_one_digit_on_the_wide_canvas_reads_as_before(qtbot, tab) -> None:
    for d in (4, 7, 0):
        tab.canvas.clear()
        write(tab, number(str(d)))
        assert not tab.numbers.active
        assert tab.digit_label.text() == str(d)
        assert tab.canvas.boxes() == []


def test_a_sure_two_stroke_digit_is_read_in_one_pass_not_split(qtbot, tab, monkeypatch) -> None:
    """The single-digit latency: a 4 in two strokes that reads surely as one digit is not split
    into candidates (the splitter ran after every stroke of it and doubled the draw latency)."""
    from mnist_gui.core import numbers

    splits = []
    read_strokes = numbers.read_strokes
    monkeypatch.setattr(numbers, "read_strokes", lambda *a, **k: splits.append(1) or read_strokes(*a, **k))
    write(tab, number("4"))
    assert len(tab.canvas.strokes()) == 2
    assert tab.digit_label.text() == "4" and tab.last_reading.confidence >= 0.95
    assert splits == [] and not tab.numbers.active
    tab.canvas.clear()
    write(tab, number("47"))  # wider than one digit: split first, as before
    assert splits and tab.numbers.text() == "47"


def test_correcting_one_digit_of_a_number_keeps_its_strokes_and_picture(qtbot, tab) -> None:
    write(tab, number("47"))
    tab.numbers.choose(1)
    strokes_before = tab.canvas.strokes()
    assert tab.keep_as(1)  # "it is really a 1"
    kept = tab.my_digits.collection.digits[-1]
    assert kept.label == 1
    assert len(kept.strokes) == len(SAMPLES[7].strokes)  # that digit's strokes only
    xs = [p[0] for s in kept.strokes for p in s]
    assert 0.0 <= min(xs) and max(xs) <= 1.0  # in a square canvas of its own
    assert np.array_equal(kept.image, np.clip(tab.numbers.reading.pieces[1].image * 255 + 0.5, 0, 255).astype(np.uint8))
    assert tab.canvas.strokes() == strokes_before  # the rest of the number stays


# ---------------------------------------------------------------------------- the format
def test_number_strokes_round_trip(tmp_path) -> None:
    p = tmp_path / "n.json"
    samples = [number("2026"), number("7")]
    save_numbers(p, samples)
    back = load_numbers(p)
    assert [s.text for s in back] == ["2026", "7"]
    assert back[0].box == pytest.approx(samples[0].box, abs=1e-3)
    assert json.loads(p.read_text())["format"] == "number-strokes/1"


@pytest.mark.parametrize("sample, problem", [
    ({"text": "12a", "box": [2, 1], "strokes": [[[0, 0]]]}, "not a number"),
    ({"text": "12", "box": [0, 1], "strokes": [[[0, 0]]]}, "box"),
    ({"text": "12", "box": [2, 1], "strokes": [[[int("9" * 400), 0]]]}, "400-digit integer"),
    ({"text": "12", "box": [2, 1], "strokes": [[[5.0, 0.5]]]}, "not a finite position"),
    ({"text": "12", "box": [2, 1], "strokes": []}, "non-empty"),
])
def test_bad_number_strokes_are_one_line(tmp_path, sample, problem) -> None:
    p = tmp_path / "bad.json"
    p.write_text(json.dumps({"format": "number-strokes/1", "samples": [sample]}))
    with pytest.raises(StrokesError) as e:
        load_numbers(p)
    assert problem in str(e.value) and "\n" not in str(e.value) and "sample 0" in str(e.value)


# ---------------------------------------------------------------------------- the command line
def test_eval_numbers_on_written_numbers(tmp_path, capsys) -> None:
    p = tmp_path / "n.json"
    save_numbers(p, [number("2026"), number("381", 1), number("7", 2), number("4096", 3)])
    assert main(["eval-numbers", str(p)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "number accuracy: 1.0000"
    assert any(line.startswith("digit error rate: 0.0000") for line in out)
    assert "  4 digits: 1.0000 (2/2)" in out


def test_eval_numbers_and_read_on_pictures(tmp_path, capsys) -> None:
    from PIL import Image

    import tests.core.test_numbers as tn

    (tmp_path / "pics").mkdir()
    rows = ["path,number"]
    for i, text in enumerate(["4096", "381", "2026"]):
        Image.fromarray(tn.render_number(text, lines=i == 1, pattern=i == 2)).save(tmp_path / "pics" / f"{i}.png")
        rows.append(f"{i}.png,{text}")
    (tmp_path / "pics" / "labels.csv").write_text("\n".join(rows) + "\n")
    assert main(["eval-numbers", str(tmp_path / "pics")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "number accuracy: 1.0000"
    assert main(["read", str(tmp_path / "pics" / "0.png")]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{tmp_path / 'pics' / '0.png'}: 4096  4 (") and line.count("%") == 4


def test_bad_input_to_the_number_commands_is_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "digit-strokes/1", "samples": []}')
    assert main(["eval-numbers", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "number-strokes/1" in err
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "labels.csv").write_text("path,label\na.png,3\n")
    assert main(["eval-numbers", str(tmp_path / "f")]) == 2
    assert "path,number" in capsys.readouterr().err
    notpic = tmp_path / "x.png"
    notpic.write_bytes(b"not a picture")
    assert main(["read", str(notpic)]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    assert main(["eval-numbers", str(tmp_path / "missing.json")]) == 2


def test_compose_many_keeps_each_number_to_one_writer() -> None:
    from mnist_gui.core.strokes import StrokeSample

    pool = [StrokeSample(d, w, SAMPLES[d].strokes) for w in ("a", "b") for d in range(10)]
    nums = number_strokes.compose_many(pool, 20, seed=3, lengths=(2, 5))
    assert all(2 <= len(n.text) <= 5 for n in nums) and {n.writer for n in nums} <= {"a", "b"}
