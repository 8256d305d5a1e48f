"""Small parts of the Train tab: spin boxes, the speed meter, formatting, the log bridge."""
from __future__ import annotations

import logging
import math

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QProgressBar, QSpinBox, QWidget

UI_REFRESH_S = 0.25  # progress bars and the status line: at most 4 updates per second
BAR_STEPS = 200  # progress bars move in 0.5 % steps: QProgressBar repaints synchronously on each change


class LogStepSpinBox(QDoubleSpinBox):
    """A learning-rate box: shows 0.002 / 1e-05 compactly and steps along 1, 2, 3, 5, 10, 20, ..."""

    LADDER = (1.0, 2.0, 3.0, 5.0)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(6)
        self.setRange(1e-5, 1.0)
        self.setKeyboardTracking(False)
        self.setAccelerated(False)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        return f"{value:.4g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        t = text.strip().replace(",", ".")
        if not t:
            return QValidator.State.Intermediate, text, pos
        if any(ch not in "0123456789.eE+-" for ch in t):
            return QValidator.State.Invalid, text, pos
        try:
            v = float(t)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        if self.minimum() <= v <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def fixup(self, text: str) -> str:
        return self.textFromValue(self.value())

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        v = self.value()
        for _ in range(abs(steps)):
            v = self._next(v, up=steps > 0)
        self.setValue(min(max(v, self.minimum()), self.maximum()))

    def _next(self, v: float, *, up: bool) -> float:
        ladder = sorted({round(m * 10.0 ** e, 12) for e in range(-6, 1) for m in self.LADDER})
        if up:
            bigger = [c for c in ladder if c > v * (1 + 1e-9)]
            return bigger[0] if bigger else v
        smaller = [c for c in ladder if c < v * (1 - 1e-9)]
        return smaller[-1] if smaller else v


class PowerOfTwoSpinBox(QSpinBox):
    """Batch size: any value may be typed; the arrows step through powers of two."""

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        v = self.value()
        for _ in range(abs(steps)):
            if steps > 0:
                v = 1 << v.bit_length() if v > 0 else 1
            else:
                v = max(1, 1 << (v - 1).bit_length() - 1) if v > 1 else 1
        self.setValue(min(max(v, self.minimum()), self.maximum()))


class LogSignal(QObject):
    message = Signal(str, int)


class LogBridge(logging.Handler):
    """Forwards warnings logged by any thread to the GUI thread (through a queued signal)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.signal = LogSignal()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.signal.message.emit(record.getMessage(), record.levelno)
        except RuntimeError:  # the tab is gone
            pass


class RateMeter:
    """Digits per second from consecutive progress reports, smoothed over a couple of seconds."""

    def __init__(self) -> None:
        self.rate = 0.0
        self._last: tuple[float, float] | None = None

    def update(self, samples: float, elapsed: float) -> float:
        if self._last is not None:
            ds, dt = samples - self._last[0], elapsed - self._last[1]
            if dt > 0 and ds > 0:
                inst = ds / dt
                w = 1 - math.exp(-dt / 2.0)
                self.rate = inst if self.rate <= 0 else self.rate + w * (inst - self.rate)
        self._last = (samples, elapsed)
        return self.rate


def set_bar(bar: QProgressBar, fraction: float) -> None:
    """Set a 0..BAR_STEPS bar from a fraction, only when the shown value changes."""
    value = int(round(BAR_STEPS * min(max(fraction, 0.0), 1.0)))
    if value != bar.value():
        bar.setValue(value)


def fmt_duration(seconds: float) -> str:
    if not math.isfinite(seconds) or seconds < 0:
        return "?"
    seconds = int(round(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def pct(v: float | None, decimals: int = 2) -> str:
    return "–" if v is None or not math.isfinite(v) else f"{100 * v:.{decimals}f} %"


def alive(obj: QObject) -> bool:
    """False once the C++ side of a Qt object is gone."""
    try:
        obj.objectName()
        return True
    except RuntimeError:
        return False
