"""Probabilities as percentages, written the same way in every list, tile and detail panel."""
from __future__ import annotations

import math


def percent(p: float | None, decimals: int = 1) -> str:
    """``p`` (0..1) as a percentage cut, not rounded, to ``decimals`` places: a probability below
    one never reads "100%", so a tile's "99%" and the detail's "99.9%" agree (rounding made them
    "100%" and "99.9%" for the same digit)."""
    if p is None or not math.isfinite(p):
        return "\u2013"
    scale = 10 ** decimals
    cut = math.floor(float(p) * 100 * scale + 1e-6) / scale  # 1e-6: 0.95 * 100 is 94.99999...
    return f"{cut:.{decimals}f}%"
