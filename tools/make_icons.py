"""Draw the app icon (a handwritten 7 on a blue tile with a small probability bar) into resources/."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "resources"


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    g = QLinearGradient(0, 0, size, size)
    g.setColorAt(0, QColor(59, 130, 246))
    g.setColorAt(1, QColor(30, 64, 175))
    p.setBrush(g)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    pen = QPen(QColor(255, 255, 255), 26 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    path = QPainterPath(QPointF(70 * s, 62 * s))
    path.cubicTo(QPointF(110 * s, 58 * s), QPointF(150 * s, 56 * s), QPointF(186 * s, 60 * s))
    path.cubicTo(QPointF(150 * s, 110 * s), QPointF(126 * s, 150 * s), QPointF(112 * s, 198 * s))
    p.drawPath(path)
    p.setPen(Qt.PenStyle.NoPen)
    for i, h in enumerate((10, 18, 12, 70, 14)):
        p.setBrush(QColor(255, 255, 255, 230 if h == 70 else 120))
        x = 150 * s + i * 16 * s
        p.drawRoundedRect(QRectF(x, (214 - h) * s, 10 * s, h * s), 3 * s, 3 * s)
    p.end()
    return img


def main() -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(exist_ok=True)
    for n in (256, 64, 32):
        draw(n).save(str(OUT / f"icon-{n}.png"))
    from PIL import Image

    Image.open(OUT / "icon-256.png").save(OUT / "icon.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (256, 256)])
    print("icons written to", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
