"""A few hand-made sample drawings, one per digit, as stroke trajectories (canvas fractions).

Used by the self-test, the screenshots and the tests: they replay through the real canvas like
mouse input. Drawn the way people draw with a mouse: one or two strokes, the digit filling about
60% of the canvas height.
"""
from __future__ import annotations

import math

from mnist_gui.core.strokes import StrokeSample

Point = tuple[float, float]


def _arc(cx: float, cy: float, rx: float, ry: float, start_deg: float, end_deg: float, n: int = 24) -> list[Point]:
    """Points on an ellipse from start to end angle (degrees, 0 = right, 90 = down)."""
    pts = []
    for i in range(n + 1):
        a = math.radians(start_deg + (end_deg - start_deg) * i / n)
        pts.append((round(cx + rx * math.cos(a), 4), round(cy + ry * math.sin(a), 4)))
    return pts


def _line(a: Point, b: Point, n: int = 8) -> list[Point]:
    return [(round(a[0] + (b[0] - a[0]) * i / n, 4), round(a[1] + (b[1] - a[1]) * i / n, 4)) for i in range(n + 1)]


def _join(*parts: list[Point]) -> list[Point]:
    out: list[Point] = []
    for p in parts:
        out.extend(p if not out else p[1:])
    return out


def sample_drawings() -> list[StrokeSample]:
    """Ten drawings, digits 0 to 9."""
    d: dict[int, list[list[Point]]] = {
        0: [_arc(0.5, 0.5, 0.17, 0.29, -90, 275, 40)],
        1: [_join(_line((0.42, 0.3), (0.53, 0.2), 3), _line((0.53, 0.2), (0.52, 0.8), 12))],
        2: [_join(_arc(0.5, 0.35, 0.17, 0.14, 190, 390, 16), _line((0.655, 0.41), (0.32, 0.79), 10),
                  _line((0.32, 0.79), (0.7, 0.78), 8))],
        3: [_join(_arc(0.49, 0.34, 0.15, 0.13, 200, 450, 18), _arc(0.49, 0.63, 0.17, 0.16, 270, 500, 18))],
        4: [_join(_line((0.56, 0.2), (0.3, 0.6), 10), _line((0.3, 0.6), (0.72, 0.6), 8)),
            _line((0.6, 0.38), (0.6, 0.82), 10)],
        5: [_join(_line((0.68, 0.21), (0.38, 0.21), 6), _line((0.38, 0.21), (0.35, 0.47), 6),
                  _arc(0.49, 0.62, 0.17, 0.17, 215, 500, 22))],
        6: [_join(_arc(0.72, 0.55, 0.36, 0.36, 232, 180, 10), _arc(0.51, 0.65, 0.15, 0.15, 180, 540, 26))],
        7: [_join(_line((0.3, 0.22), (0.7, 0.22), 8), _line((0.7, 0.22), (0.44, 0.8), 12))],
        8: [_join(_arc(0.5, 0.35, 0.13, 0.13, 90, 450, 24), _arc(0.5, 0.64, 0.16, 0.16, -90, 270, 28))],
        9: [_join(_arc(0.5, 0.36, 0.15, 0.14, 0, 360, 26), _line((0.65, 0.36), (0.62, 0.8), 10))],
    }
    return [StrokeSample(label=k, writer="built-in", strokes=tuple(tuple(s) for s in v)) for k, v in d.items()]
