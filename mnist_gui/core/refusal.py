"""One answer for every reader: a digit, "unsure" (two digits close together) or "not a digit".

The network gives ten probabilities. Whether they are worth a digit is decided here, once, for
the Draw tab, the detail panels, ``predict``, ``read`` and the number reader alike:

* the probabilities are first **calibrated** by temperature scaling (``p ** (1 / T)``,
  renormalised: the same as dividing the logits by ``T``), with ``T`` fitted on digits the model
  was not trained on, so "90% sure" means right about 9 times in 10;
* the **score** is the largest calibrated probability. The bundled model was trained with
  outlier exposure (handwritten letters and scribbles taught to give equal probabilities to all
  ten digits), so a letter gets a low score; below the model's threshold the answer is
  "not a digit";
* when the second most probable digit has at least ``unsure_ratio`` of the first one's
  probability the answer is "unsure" (both are named).

The temperature, threshold and ratio live in the model's card (``"refusal"``), chosen on the
recipe's own calibration writers; a model without them (one trained in the Train tab) uses
:data:`DEFAULT_POLICY`. No Qt here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, Sequence

import numpy as np

Kind = Literal["digit", "unsure", "not_digit"]

#: Letters people also read as digits (O for 0, l for 1, Z for 2, S for 5, b for 6, ...): they are
#: neither taught as "not a digit" nor counted when the share of refused letters is measured.
DIGIT_LIKE = frozenset("OoIilZzSsbGBgqDTJ")


@dataclass(frozen=True)
class Policy:
    """How a model's probabilities become an answer (stored in its card as ``"refusal"``)."""

    temperature: float = 1.0
    # Calibrated top probability below this: "not a digit". A model without a threshold measured
    # on letters (one trained in the Train tab) refuses nothing: its low scores say "unsure".
    reject_below: float = 0.0
    unsure_ratio: float = 0.5  # second / first probability at or above this: "unsure"
    enabled: bool = True  # False: always the most probable digit (the Draw tab's switch)
    source: str = "default"  # "card" when read from a model card

    def to_card(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("enabled")
        d.pop("source")
        return d

    @classmethod
    def from_card(cls, card: dict[str, Any] | None) -> Policy:
        """The card's policy, or :data:`DEFAULT_POLICY` when it has none (or a damaged one)."""
        raw = (card or {}).get("refusal")
        if not isinstance(raw, dict):
            return DEFAULT_POLICY
        try:
            t, r, u = (float(raw["temperature"]), float(raw["reject_below"]), float(raw["unsure_ratio"]))
        except (KeyError, TypeError, ValueError):
            return DEFAULT_POLICY
        if not (0.05 <= t <= 20 and 0.0 <= r <= 1.0 and 0.0 < u <= 1.0):
            return DEFAULT_POLICY
        return cls(temperature=t, reject_below=r, unsure_ratio=u, source="card")

    def switched(self, enabled: bool) -> Policy:
        return replace(self, enabled=bool(enabled))


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Reading:
    """The answer for one picture."""

    kind: Kind
    digit: int  # the most probable digit (also for "unsure" and "not a digit")
    second: int  # the runner-up
    confidence: float  # calibrated probability of ``digit``
    probabilities: np.ndarray  # the calibrated ten

    @property
    def is_digit(self) -> bool:
        return self.kind == "digit"


def calibrate(probs: np.ndarray, temperature: float) -> np.ndarray:
    """Temperature-scaled probabilities (rows of ``probs`` or one row)."""
    p = np.asarray(probs, dtype=np.float64)
    if temperature == 1.0:
        out = p / np.maximum(p.sum(axis=-1, keepdims=True), 1e-300)
    else:
        logp = np.log(np.clip(p, 1e-30, 1.0)) / temperature
        logp -= logp.max(axis=-1, keepdims=True)
        e = np.exp(logp)
        out = e / e.sum(axis=-1, keepdims=True)
    return out.astype(np.float32)


def score(probs: np.ndarray, policy: Policy = DEFAULT_POLICY) -> np.ndarray:
    """How much like a digit each picture is: the calibrated top probability (higher: a digit)."""
    return calibrate(probs, policy.temperature).max(axis=-1)


def kinds(probs: np.ndarray, policy: Policy = DEFAULT_POLICY) -> np.ndarray:
    """The answer's kind for each row of ``probs`` (an array of "digit"/"unsure"/"not_digit")."""
    return _kinds_of_calibrated(calibrate(np.atleast_2d(probs), policy.temperature), policy)


def _kinds_of_calibrated(p: np.ndarray, policy: Policy) -> np.ndarray:
    order = np.sort(p, axis=-1)
    top, runner = order[:, -1], order[:, -2]
    out = np.full(len(p), "digit", dtype=object)
    if policy.enabled:
        out[runner >= policy.unsure_ratio * top] = "unsure"
        out[top < policy.reject_below] = "not_digit"
    return out


def read(probs: np.ndarray, policy: Policy = DEFAULT_POLICY) -> Reading:
    """The answer for one picture's ten probabilities (calibrated once, judged on those)."""
    p = calibrate(np.asarray(probs, dtype=np.float32).reshape(-1), policy.temperature)
    order = np.argsort(p)[::-1]
    kind = str(_kinds_of_calibrated(p[None], policy)[0])
    return Reading(kind=kind, digit=int(order[0]), second=int(order[1]), confidence=float(p[order[0]]),
                   probabilities=p)  # type: ignore[arg-type]


def describe(r: Reading) -> str:
    """The answer in one phrase for the command line: "4 (99.1%)", "4 or 9, unsure (48.0%, 41.0%)",
    "not a digit (most like 4, 31.0%)"."""
    p = r.probabilities
    if r.kind == "not_digit":
        return f"not a digit (most like {r.digit}, {p[r.digit] * 100:.1f}%)"
    if r.kind == "unsure":
        return f"{r.digit} or {r.second}, unsure ({p[r.digit] * 100:.1f}%, {p[r.second] * 100:.1f}%)"
    return f"{r.digit} ({p[r.digit] * 100:.1f}%)"


# --- measuring and choosing (the recipe, eval commands, tests) ---------------------------------

def fit_temperature(probs: np.ndarray, labels: Sequence[int]) -> float:
    """The temperature that minimises the negative log-likelihood of ``labels`` (grid + refine)."""
    y = np.asarray(labels, dtype=np.int64)
    if not len(y):
        return 1.0
    logp = np.log(np.clip(np.asarray(probs, dtype=np.float64), 1e-30, 1.0))

    def nll(t: float) -> float:
        z = logp / t
        z -= z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(axis=1))).mean())

    grid = np.exp(np.linspace(np.log(0.25), np.log(8.0), 61))
    best = min(grid, key=nll)
    fine = np.exp(np.linspace(np.log(best) - 0.06, np.log(best) + 0.06, 25))
    return float(round(min(fine, key=nll), 4))


def expected_calibration_error(probs: np.ndarray, labels: Sequence[int], bins: int = 15) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins."""
    p = np.asarray(probs, dtype=np.float64)
    conf, pred = p.max(axis=1), p.argmax(axis=1)
    right = pred == np.asarray(labels)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * abs(right[inside].mean() - conf[inside].mean())
    return float(total)


def auroc(digit_scores: np.ndarray, other_scores: np.ndarray) -> float:
    """Area under the ROC curve of telling digits (high score) from the rest: the chance that a
    digit scores above a non-digit, ties counting half."""
    pos = np.asarray(digit_scores, np.float64)
    neg = np.sort(np.asarray(other_scores, np.float64))
    if not len(pos) or not len(neg):
        return float("nan")
    below = np.searchsorted(neg, pos, side="left")
    tied = np.searchsorted(neg, pos, side="right") - below
    return float((below.sum() + 0.5 * tied.sum()) / (len(pos) * len(neg)))


def threshold_for(digit_scores: np.ndarray, max_refused: float) -> float:
    """The highest threshold that refuses at most ``max_refused`` of these digits."""
    s = np.sort(np.asarray(digit_scores, dtype=np.float64))
    if not len(s):
        return 0.0
    k = int(np.floor(max_refused * len(s)))  # this many may fall below
    return float(s[k]) if k < len(s) else float(s[-1])
