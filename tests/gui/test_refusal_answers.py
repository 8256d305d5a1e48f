""""Not a digit" and "unsure" where a digit is read: the Draw tab (with its switch), the
command line's eval-strokes on a char-strokes/1 file, and eval-strokes' rejected line."""
from __future__ import annotations

import json

import pytest

from mnist_gui.core.samples import sample_drawings
from mnist_gui.gui.draw_tab import DrawTab
from mnist_gui.session.state import AppState
from tests.gui.test_draw_tab import draw_with_mouse
from tests.test_cli import run_main

STRICT = {"temperature": 1.0, "reject_below": 0.999999, "unsure_ratio": 0.5}  # refuses all but certainty


@pytest.fixture
def tab(qtbot, small_model_file):
    from mnist_gui.core import store

    state = AppState()
    model = store.load_model(small_model_file)
    state.set_model(model, label="tiny", card={"refusal": STRICT})
    t = DrawTab(state)
    t.canvas.setFixedSize(280, 280)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitExposed(t)
    return t


def test_the_draw_tab_says_not_a_digit_in_place_of_the_digit_and_keeps_the_bars(qtbot, tab) -> None:
    draw_with_mouse(qtbot, tab.canvas, sample_drawings()[0].strokes)
    tab.predict_now()
    assert tab.last_reading.kind == "not_digit"
    assert tab.digit_label.text() == "Not a\ndigit"
    assert tab.confidence_label.text().startswith("Looks most like a ")
    tab.refuse_box.setChecked(False)  # the setting: always the most probable digit
    assert tab.last_reading.kind == "digit"
    assert tab.digit_label.text() == str(tab.last_reading.digit)
    assert tab.confidence_label.text().endswith(" sure")


def test_a_model_without_a_threshold_refuses_nothing(qtbot, tab) -> None:
    tab.state.model_card = {}
    draw_with_mouse(qtbot, tab.canvas, sample_drawings()[1].strokes)
    tab.predict_now()
    assert tab.last_reading.kind in ("digit", "unsure")
    assert tab.digit_label.text() != "Not a\ndigit"


def _char_file(path, chars) -> None:
    samples = [{"char": c, "writer": f"w{i % 2}", "strokes": s.strokes and [list(map(list, st)) for st in s.strokes]}
               for i, (c, s) in enumerate(zip(chars, sample_drawings()))]
    path.write_text(json.dumps({"format": "char-strokes/1", "coordinates": "fractions", "samples": samples}))


def test_eval_strokes_on_letters_prints_each_characters_refusals_and_ends_with_rejected(tmp_path,
                                                                                      small_model_file) -> None:
    from mnist_gui.core import store

    strict = tmp_path / "strict.keras"
    store.copy_model(small_model_file, strict, {**(store.read_card(small_model_file) or {}), "refusal": STRICT})
    letters = tmp_path / "letters.json"
    _char_file(letters, "AxOk")
    rc, out, err = run_main(["eval-strokes", str(letters), "--model", str(strict)])
    assert rc == 0, err
    lines = out.strip().splitlines()
    assert lines[-1] == "rejected: 1.0000"  # A, x, k refused; O is read as a zero by people: not counted
    assert any(line.strip().startswith("O: ") and "not counted" in line for line in lines)
    assert "characters counted: 3 of 4" in out


def test_eval_strokes_on_digits_prints_rejected_just_before_accuracy(tmp_path, small_model_file) -> None:
    from mnist_gui.core.strokes import save_strokes

    digits = tmp_path / "digits.json"
    save_strokes(digits, sample_drawings()[:3])
    rc, out, err = run_main(["eval-strokes", str(digits), "--model", str(small_model_file)])
    assert rc == 0, err
    lines = out.strip().splitlines()
    assert lines[-1].startswith("accuracy: ")
    assert lines[-2] == "rejected: 0.0000"  # no threshold in a Train-tab model's card: nothing refused
