"""The number reader (core.segment + core.numbers): strokes and pictures of whole numbers, read by
the bundled model's NumPy forward pass (fast; the same probabilities as Keras)."""
from __future__ import annotations

import numpy as np
import pytest

from mnist_gui.core import lite, numbers, segment
from mnist_gui.core.number_strokes import compose
from mnist_gui.core.samples import sample_drawings
from mnist_gui.core.strokes import StrokeSample
from mnist_gui.paths import default_model_path

SAMPLES = {s.label: s for s in sample_drawings()}


@pytest.fixture(scope="module")
def predict():
    return numbers.batch_predictor(lite.load(default_model_path()))


def written(text: str, gap: float = 0.2, seed: int = 0, slant: float = 0.0) -> list[list[tuple[float, float]]]:
    """The built-in drawings of ``text``'s digits written side by side ``gap`` line heights apart."""
    rng = np.random.default_rng(seed)
    number = compose([SAMPLES[int(c)] for c in text], rng, gap=(gap, gap), slant=slant, wobble=0.03, size=0.05)
    return [list(s) for s in number.strokes]


def test_every_builtin_digit_alone_is_one_piece(predict) -> None:
    for d, s in SAMPLES.items():
        r = numbers.read_strokes(s.strokes, predict)
        assert r.text == str(d), (d, r.text)
        assert len(r.pieces) == 1


def test_a_four_and_a_five_in_two_strokes_each_stay_one_digit(predict) -> None:
    five = SAMPLES[5].strokes[0]
    hat, body = five[:7], five[6:]  # the top bar lifted off: a 5 written in two strokes
    five2 = StrokeSample(5, "t", (tuple(body), tuple(hat)))
    assert len(SAMPLES[4].strokes) == 2
    for text, digits in (("4", [SAMPLES[4]]), ("5", [five2]), ("454", [SAMPLES[4], five2, SAMPLES[4]])):
        n = compose(digits, np.random.default_rng(1), gap=(0.25, 0.25), slant=0.0, wobble=0.0, size=0.0)
        r = numbers.read_strokes(n.strokes, predict)
        assert r.text == text
        assert [len(p.strokes) for p in r.pieces] == [len(d.strokes) for d in digits]


@pytest.mark.parametrize("text", ["2026", "381", "7509", "16"])
def test_touching_neighbours_are_split(predict, text) -> None:
    r = numbers.read_strokes(written(text, gap=-0.02, seed=3), predict)
    assert r.text == text


def test_a_dot_between_groups_is_a_separator_not_a_digit(predict) -> None:
    left = written("12", seed=1)
    right = written("34", seed=2)
    x_end = max(p[0] for s in left for p in s)
    dot = [(x_end + 0.15, 1.05), (x_end + 0.16, 1.06)]
    shifted = [[(x + x_end + 0.35, y) for x, y in s] for s in right]
    r = numbers.read_strokes(left + [dot] + shifted, predict)
    assert r.text == "1234"
    assert len(r.separators) == 1


def test_an_empty_canvas_reads_nothing(predict) -> None:
    r = numbers.read_strokes([], predict)
    assert r.pieces == [] and r.text == "" and r.confidence == 0.0
    blank = np.full((60, 200), 255, np.uint8)
    assert numbers.read_picture(blank, predict).text == ""


def test_thirty_digits_in_one_row(predict) -> None:
    text = "".join(str(d) for d in (list(range(10)) * 3))
    calls = []

    def counting(x):
        calls.append(len(x))
        return predict(x)

    r = numbers.read_strokes(written(text, gap=0.25, seed=4), counting)
    assert r.text == text
    assert len(calls) == 1  # every candidate of all thirty digits in one batched forward pass


def test_the_search_prefers_the_grouping_the_network_reads_best() -> None:
    units = segment.Units([segment.Unit(0, 0, 1, 2), segment.Unit(0.9, 0, 2, 2)], height=2.0)
    runs = [(0, 0), (1, 1), (0, 1)]
    # the two units read well together and badly alone: one digit
    assert numbers.best_path(units, runs, {(0, 0): -3.0, (1, 1): -3.0, (0, 1): -0.1}, numbers.PEN) == [(0, 1)]
    # and the other way round: two digits
    assert numbers.best_path(units, runs, {(0, 0): 0.3, (1, 1): 0.3, (0, 1): -2.0}, numbers.PEN) == [(0, 0), (1, 1)]


# ---------------------------------------------------------------------------- pictures
def render_number(text: str, *, lines: bool = False, pattern: bool = False, grey: bool = False,
                  dot_after: int | None = None, gap: float = 0.25) -> np.ndarray:
    """A picture of ``text`` written with the built-in drawings (dark ink on light paper)."""
    from PIL import Image, ImageDraw

    h = 90
    strokes = written(text, gap=gap, seed=5)
    xs = [p[0] for s in strokes for p in s]
    w = int((max(xs) + 0.4) * h * 0.8) + 40
    img = Image.new("L", (w, h), 235)
    d = ImageDraw.Draw(img)
    if pattern:  # a printed background: fine diagonal hatching, as on cheques
        for x in range(-h, w, 6):
            d.line([(x, 0), (x + h, h)], fill=205, width=1)
    ink = 110 if grey else 20
    k = h * 0.8 / 1.4
    for s in strokes:
        d.line([(10 + x * k, 5 + y * k) for x, y in s], fill=ink, width=5, joint="curve")
    if dot_after is not None:  # a dot in the gap after the digit at that index
        end = max(p[0] for p in strokes_of_digit(strokes, text, dot_after))
        start = min(p[0] for p in strokes_of_digit(strokes, text, dot_after + 1))
        x = 10 + (end + start) / 2 * k
        d.ellipse((x - 3, h - 18, x + 3, h - 12), fill=ink)
    if lines:  # a ruled line under the digits and one through the bottom
        d.line([(0, h - 10), (w, h - 10)], fill=60, width=2)
    return np.asarray(img)


def strokes_of_digit(strokes, text, index):
    per = [len(SAMPLES[int(c)].strokes) for c in text]
    start = sum(per[:index])
    return [p for s in strokes[start:start + per[index]] for p in s]


@pytest.mark.parametrize("kind", ["plain", "ruled", "pattern", "grey"])
def test_pictures_of_numbers_on_several_papers(predict, kind) -> None:
    img = render_number("4096", lines=kind == "ruled", pattern=kind == "pattern", grey=kind == "grey")
    r = numbers.read_picture(img, predict)
    assert r.text == "4096", kind
    h = img.shape[0]
    for p in r.pieces:  # boxes in the picture's own pixels, each around one digit
        x0, y0, x1, y1 = p.box
        assert 0 <= x0 < x1 <= img.shape[1] and 0 <= y0 < y1 <= h


def test_a_dot_in_a_picture_is_left_out(predict) -> None:
    img = render_number("1250", dot_after=1, gap=0.45)
    r = numbers.read_picture(img, predict)
    assert r.text == "1250"
    assert r.separators


def test_a_large_photo_is_reduced_before_splitting(predict) -> None:
    from PIL import Image

    small = render_number("37")
    big = np.asarray(Image.fromarray(small).resize((small.shape[1] * 8, small.shape[0] * 8)))
    r = numbers.read_picture(big, predict)
    assert r.text == "37"
    assert max(p.box[2] for p in r.pieces) > small.shape[1] * 4  # boxes in the big picture's pixels


def test_a_ruled_line_alone_is_no_number(predict) -> None:
    img = np.full((80, 400), 240, np.uint8)
    img[60:62, :] = 30
    assert numbers.read_picture(img, predict).text == ""


def test_looks_like_a_number() -> None:
    r = numbers.NumberReading([])
    assert not numbers.looks_like_a_number(r)
