"""Whether an adapted model is worth using (adaptation.verdict). No Keras, no Qt."""
from __future__ import annotations

import math

import pytest

from mnist_gui.core import adaptation


def result(before: float = 0.8, after: float = 0.9, mnist_before: float = 0.9905,
           mnist_after: float = 0.9903) -> dict:
    return {"before": before, "after": after, "mnist_before": mnist_before, "mnist_after": mnist_after}


def test_issue_numbers_are_worse_on_mnist_and_not_recommended() -> None:
    # the issue: "MNIST test set: 99.05% before, 97.39% after" was offered with "Yes, use it"
    v = adaptation.verdict(result(mnist_before=0.9905, mnist_after=0.9739))
    assert v.worse_on_mnist and not v.recommended
    assert v.error_ratio == pytest.approx(2.61 / 0.95)  # 0.95% -> 2.61% of the test digits wrong
    assert v.lines[0].startswith("The adapted model is worse on MNIST: 99.05% -> 97.39% (2.75x the errors)")
    assert v.lines[-1] == "Keep the current model."


def test_a_hundredth_of_a_point_on_mnist_is_noise() -> None:
    v = adaptation.verdict(result(mnist_before=0.9905, mnist_after=0.9903))
    assert not v.worse_on_mnist and v.better_on_mine and v.recommended
    assert v.lines[-1] == "Use the adapted model."


@pytest.mark.parametrize("before, after, worse", [
    (0.9905, 0.9739, True),
    (0.9905, 0.9903, False),   # +2% more errors, 0.02 points: noise
    (0.9905, 0.9890, True),    # +16% more errors and 0.15 points
    (0.9990, 0.9985, False),   # +50% more errors but only 0.05 points
    (0.9000, 0.8950, False),   # 0.5 points, but only +5% more errors
    (0.9905, 0.9950, False),   # better
    (1.0, 0.998, True),
    (float("nan"), 0.98, False),
])
def test_worse_on_mnist_needs_ten_percent_more_errors_and_a_tenth_of_a_point(before, after, worse) -> None:
    assert adaptation.is_worse_on_mnist(before, after) is worse


def test_worse_on_my_held_out_digits_is_not_recommended_even_when_mnist_holds() -> None:
    v = adaptation.verdict(result(before=0.9, after=0.8, mnist_before=0.9905, mnist_after=0.9905))
    assert v.worse_on_mine and not v.worse_on_mnist and not v.recommended
    assert "held-out digits worse: 90.0% -> 80.0%" in v.lines[0]


def test_unchanged_everywhere_is_still_recommended() -> None:
    v = adaptation.verdict(result(before=0.9, after=0.9, mnist_before=0.99, mnist_after=0.99))
    assert v.recommended and not v.better_on_mine and not v.worse_on_mine
    assert v.error_ratio == pytest.approx(1.0)


def test_error_ratio_without_errors_before() -> None:
    assert math.isinf(adaptation.error_ratio(1.0, 0.99))
    assert adaptation.error_ratio(1.0, 1.0) == 1.0
    assert math.isnan(adaptation.error_ratio(float("nan"), 0.99))

