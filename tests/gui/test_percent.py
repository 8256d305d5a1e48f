"""Issue 20 #9: the same probability read "100%" in the list and "99.9%" in the detail. Every
view writes probabilities with one function that cuts instead of rounding."""
from __future__ import annotations

import numpy as np

from mnist_gui.gui.percent import percent


def test_a_probability_below_one_never_reads_100_percent() -> None:
    assert percent(0.9996, 0) == "99%" and percent(0.9996) == "99.9%"
    assert percent(1.0, 0) == "100%" and percent(1.0) == "100.0%"
    assert percent(0.95, 0) == "95%" and percent(0.123456) == "12.3%" and percent(0.0) == "0.0%"
    assert percent(float("nan")) == "\u2013" and percent(None) == "\u2013"


def test_the_tile_and_the_detail_agree_for_any_probability() -> None:
    for p in np.random.default_rng(0).random(2000) ** 0.05:  # many close to 1
        tile, detail = percent(float(p), 0), percent(float(p))
        assert detail.startswith(tile[:-1]), (p, tile, detail)
