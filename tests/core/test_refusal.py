"""The one answer of every reader: digit, unsure or not a digit (core.refusal), and the
outlier-exposure stage's pieces (core.refine) on small synthetic data."""
from __future__ import annotations

import numpy as np
import pytest

from mnist_gui.core import refine, refusal


def _probs(*rows: list[float]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float32)


CARD = {"refusal": {"temperature": 1.0, "reject_below": 0.6, "unsure_ratio": 0.5}}


def test_confident_digit_is_a_digit() -> None:
    p = np.full(10, 0.01, np.float32)
    p[4] = 0.91
    r = refusal.read(p, refusal.Policy.from_card(CARD))
    assert (r.kind, r.digit, round(r.confidence, 2)) == ("digit", 4, 0.91)
    assert refusal.describe(r) == "4 (91.0%)"


def test_two_close_digits_are_unsure_and_both_named() -> None:
    p = np.full(10, 0.0, np.float32)
    p[4], p[9], p[1] = 0.62, 0.36, 0.02
    r = refusal.read(p, refusal.Policy.from_card(CARD))
    assert (r.kind, r.digit, r.second) == ("unsure", 4, 9)
    assert refusal.describe(r).startswith("4 or 9, unsure")


def test_flat_probabilities_are_not_a_digit_and_the_switch_turns_refusing_off() -> None:
    p = np.full(10, 0.1, np.float32)
    p[3] = 0.19
    p /= p.sum()
    policy = refusal.Policy.from_card(CARD)
    assert refusal.read(p, policy).kind == "not_digit"
    assert refusal.describe(refusal.read(p, policy)).startswith("not a digit (most like 3")
    off = refusal.read(p, policy.switched(False))
    assert (off.kind, off.digit) == ("digit", 3)


def test_a_card_without_a_policy_refuses_nothing_and_a_damaged_one_is_ignored() -> None:
    p = np.full(10, 0.1, np.float32)
    assert refusal.Policy.from_card({}).reject_below == 0.0
    assert refusal.read(p, refusal.Policy.from_card(None)).kind != "not_digit"
    for bad in ({"temperature": "x"}, {"temperature": float("nan"), "reject_below": 0.5, "unsure_ratio": 0.5},
                {"temperature": 1e9, "reject_below": 0.5, "unsure_ratio": 0.5}, [1, 2]):
        assert refusal.Policy.from_card({"refusal": bad}) == refusal.DEFAULT_POLICY


def test_temperature_scaling_keeps_the_order_and_fitting_finds_overconfidence() -> None:
    rng = np.random.default_rng(0)
    n = 4000
    labels = rng.integers(0, 10, n)
    # over-confident: 99% sure of an answer that is right only 80% of the time
    pred = np.where(rng.random(n) < 0.8, labels, (labels + 1) % 10)
    probs = np.full((n, 10), 0.01 / 9, np.float32)
    probs[np.arange(n), pred] = 0.99
    t = refusal.fit_temperature(probs, labels)
    assert t > 1.5
    after = refusal.calibrate(probs, t)
    assert (after.argmax(1) == probs.argmax(1)).all()
    np.testing.assert_allclose(after.sum(1), 1.0, atol=1e-5)
    assert refusal.expected_calibration_error(after, labels) < refusal.expected_calibration_error(probs, labels) / 4


def test_auroc_and_threshold() -> None:
    assert refusal.auroc(np.array([0.9, 0.8]), np.array([0.1, 0.2])) == 1.0
    assert refusal.auroc(np.array([0.5, 0.5]), np.array([0.5])) == 0.5
    assert refusal.auroc(np.array([0.1]), np.array([0.9])) == 0.0
    scores = np.linspace(0.0, 1.0, 101)
    thr = refusal.threshold_for(scores, 0.05)
    assert (scores < thr).mean() <= 0.05 and (scores < thr).mean() >= 0.04


def test_split_three_is_stable_and_the_check_third_is_the_recipes_held_out_writers() -> None:
    from mnist_gui.core.recipe import is_held_out

    writers = [f"site-{i}" for i in range(300)]
    parts = [refine.split_three(w) for w in writers]
    assert parts == [refine.split_three(w) for w in writers]
    assert all((p == "check") == is_held_out(w, 3) for w, p in zip(writers, parts))
    shares = {k: parts.count(k) / len(parts) for k in ("train", "calibration", "check")}
    assert 0.15 < shares["calibration"] < 0.35 and shares["train"] > 0.35


def test_digit_like_letters_are_not_negatives() -> None:
    assert not refine.is_negative("O") and not refine.is_negative("l") and not refine.is_negative("7")
    assert refine.is_negative("A") and refine.is_negative("x")


def test_targets_are_one_hot_for_digits_and_uniform_for_outliers() -> None:
    y = refine.targets(np.array([3, -1], np.int32))
    assert y[0].argmax() == 3 and y[0].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(y[1], 0.1)


@pytest.mark.parametrize("seed", range(20))
def test_scribbles_stay_on_the_canvas(seed: int) -> None:
    s = refine.scribble(np.random.default_rng(seed))
    pts = np.array([p for st in s for p in st])
    assert len(s) >= 1 and all(len(st) >= 2 for st in s)
    assert pts.min() >= 0.0 and pts.max() <= 1.0


def test_choose_policy_refuses_at_most_the_share_asked_of_the_calibration_digits() -> None:
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 10, 500)
    digits = np.full((500, 10), 0.02, np.float32)
    digits[np.arange(500), labels] = rng.uniform(0.6, 0.99, 500)
    others = rng.dirichlet(np.ones(10) * 3, 300).astype(np.float32)
    policy, fig = refine.choose_policy(digits, labels, others, refine.Refinement(max_refused_digits=0.02))
    assert fig["calibration_digits_refused"] <= 0.02
    assert fig["calibration_others_refused"] > 0.9
    assert policy.source == "card" and refusal.Policy.from_card({"refusal": policy.to_card()}).reject_below == \
        policy.reject_below


def test_read_judges_the_probabilities_calibrated_once() -> None:
    """With T != 1 the answer is decided on the shown (calibrated) probabilities, as kinds() says."""
    rng = np.random.default_rng(3)
    policy = refusal.Policy(temperature=0.6, reject_below=0.4, unsure_ratio=0.5)
    rows = rng.dirichlet(np.ones(10), 300).astype(np.float32)
    assert [refusal.read(r, policy).kind for r in rows] == list(refusal.kinds(rows, policy))
    for r in rows:
        reading = refusal.read(r, policy)
        top = float(np.sort(reading.probabilities)[-1])
        assert (reading.kind == "not_digit") == (top < policy.reject_below)
