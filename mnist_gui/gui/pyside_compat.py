"""Work around a reference-counting bug of PySide6 6.12 on Python 3.11.

PySide6/shiboken 6.12.0 returns ``None`` from every ``void`` C++ method (``QPainter.save()``,
``QWidget.update()``, ``QRect.adjust()``, ...) and from empty ``QVariant`` results without taking
a reference, which is harmless only where ``None`` is immortal (Python 3.12+, PEP 683). On 3.11
each such call lowers ``None``'s reference count by one; a painting loop reaches zero within
seconds and the interpreter aborts with "Fatal Python error: none_dealloc: deallocating None".

:func:`make_none_immortal` raises ``None``'s count by 2**40 (it would take years of calls to
use that up). It does nothing on Python 3.12+ or other interpreters and is safe to call many
times. Call it before any Qt code runs (importing this module does). The project pins
PySide6 below 6.12, so this is a guard for environments that end up with 6.12 anyway.
"""
from __future__ import annotations

import sys

_BALLAST = 1 << 40


def make_none_immortal() -> None:
    """Give ``None`` a huge reference count on CPython < 3.12 (idempotent)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    if refcnt.value < _BALLAST:
        refcnt.value += _BALLAST


make_none_immortal()
