"""Probabilities as percentages and counts as numbers, written the same way in every list, tile and
detail panel, by the interface language's locale (decimal point and digit grouping)."""
from __future__ import annotations

import math

from PySide6.QtCore import QLocale


def _locale() -> QLocale | None:
    """The interface's locale, or None under the plain "C" locale (then Python's formatting)."""
    loc = QLocale()
    if loc.language() == QLocale.Language.C or loc.numberOptions() & QLocale.NumberOption.OmitGroupSeparator:
        return None
    return loc


def percent(p: float | None, decimals: int = 1) -> str:
    """``p`` (0..1) as a percentage cut, not rounded, to ``decimals`` places: a probability below
    one never reads "100%", so a tile's "99%" and the detail's "99.9%" agree (rounding made them
    "100%" and "99.9%" for the same digit)."""
    if p is None or not math.isfinite(p):
        return "\u2013"
    scale = 10 ** decimals
    cut = math.floor(float(p) * 100 * scale + 1e-6) / scale  # 1e-6: 0.95 * 100 is 94.99999...
    loc = _locale()
    return (loc.toString(cut, "f", decimals) if loc is not None else f"{cut:.{decimals}f}") + "%"


def number(n: int | float, decimals: int = 0) -> str:
    """A count (or a rate) with the locale's digit grouping: 60,000."""
    loc = _locale()
    if loc is None:
        return f"{n:,.{decimals}f}" if decimals or isinstance(n, float) else f"{int(n):,}"
    return loc.toString(float(n), "f", decimals) if decimals or isinstance(n, float) else loc.toString(int(n))


def plural(text: str, n: int) -> str:
    """An English source text's "(s)" made right for ``n`` ("1 digit", "4 digits") when no translation
    took its place: the texts are written with "(s)" and %n, so a translation has one form per count."""
    return text.replace("(s)", "" if n == 1 else "s")
