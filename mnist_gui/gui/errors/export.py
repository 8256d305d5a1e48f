"""The Errors tab's exports: the listed digits as CSV (all ten probabilities) or a PNG contact sheet."""
from __future__ import annotations

import csv
import math
import os
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mnist_gui.core.evaluation import Evaluation
from mnist_gui.gui.digit_models import digit_qimage
from mnist_gui.gui.percent import number, percent

PNG_MAX_TILES = 2000
"""A contact sheet shows at most this many digits (the first ones of the list)."""


def write_csv(path: str | os.PathLike[str], ev: Evaluation | None, idx: np.ndarray) -> int:
    """Write the test digits ``idx`` as CSV: index,true,predicted,confidence,p0..p9.

    Returns:
        Number of rows written.

    Raises:
        OSError: if the file cannot be written.
    """
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["index", "true", "predicted", "confidence"] + [f"p{d}" for d in range(10)])
        if ev is not None:
            for i in idx:
                w.writerow([int(i), int(ev.y_true[i]), int(ev.y_pred[i]), f"{ev.confidence[i]:.6f}"]
                           + [f"{v:.6f}" for v in ev.probs[i]])
    return int(len(idx)) if ev is not None else 0


def contact_sheet(ev: Evaluation | None, images: np.ndarray | None, indices: np.ndarray, *, title: str,
                  model_label: str, descending: bool, max_tiles: int = PNG_MAX_TILES) -> QImage:
    """The test digits ``indices`` of ``images`` as one image: ``title``, then a grid of captioned
    thumbnails (at most ``max_tiles``)."""
    idx = indices[:max_tiles] if ev is not None else np.zeros(0, dtype=np.int64)
    n = len(idx)
    cols = 10 if n <= 200 else 20 if n <= 800 else 30
    cols = max(1, min(cols, n))
    rows = max(1, math.ceil(n / cols))
    scale, tile_w, tile_h, margin, head_h = 2, 84, 98, 16, 54
    width = max(cols * tile_w + 2 * margin, 560)
    height = head_h + rows * tile_h + margin
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(QColor(255, 255, 255))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    title_font = QFont()
    title_font.setPixelSize(17)
    title_font.setBold(True)
    small = QFont()
    small.setPixelSize(11)
    cap = QFont()
    cap.setPixelSize(12)
    p.setFont(title_font)
    p.setPen(QColor(17, 24, 39))
    p.drawText(QRect(margin, 10, width - 2 * margin, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
               title)
    p.setFont(small)
    p.setPen(QColor(107, 114, 128))
    sub = ""
    if ev is not None:
        translate = QCoreApplication.translate
        sub = (translate("export", "%1 \u00b7 test accuracy %2 \u00b7 %3").replace("%1", model_label or translate("export", "model"))
               .replace("%2", percent(ev.accuracy, 2))
               .replace("%3", translate("export", "most confident first") if descending else translate("export", "least confident first")))
        if len(indices) > n:
            sub += translate("export", " \u00b7 first %1 of %2").replace("%1", number(n)).replace("%2", number(len(indices)))
    p.drawText(QRect(margin, 32, width - 2 * margin, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, sub)
    for k, i in enumerate(idx):
        r, c = divmod(k, cols)
        x = margin + c * tile_w
        y = head_h + r * tile_h
        side = 28 * scale
        target = QRect(x + (tile_w - side) // 2, y + 4, side, side)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        p.drawImage(target, digit_qimage(images[i]))
        t, pr, conf = int(ev.y_true[i]), int(ev.y_pred[i]), float(ev.confidence[i])
        p.setFont(cap)
        p.setPen(QColor(17, 24, 39))
        line = QRect(x + 2, target.bottom() + 3, tile_w - 4, 16)
        p.drawText(line, Qt.AlignmentFlag.AlignCenter,
                   f"{t} \u2192 {pr}  {percent(conf, 0)}")
        p.setFont(small)
        p.setPen(QColor(185, 28, 28) if t != pr else QColor(107, 114, 128))
        p.drawText(QRect(x + 2, line.bottom() + 1, tile_w - 4, 14), Qt.AlignmentFlag.AlignCenter, f"#{int(i)}")
    p.end()
    return img


def default_name(list_kind: tuple[Any, ...] | None, ext: str) -> str:
    """The file name a Save dialog proposes for a list (``("cell", t, p)``, ``("errors",)``)."""
    kind = list_kind
    stem = "mnist-errors" if not kind or kind[0] == "errors" else f"mnist-true{kind[1]}-pred{kind[2]}"
    return f"{stem}.{ext}"


def save_with_dialog(parent: QWidget, caption: str, name: str, file_filter: str, what: str,
                     write: Callable[[str], Any]) -> None:
    """Ask where to save (proposing ``name``), then ``write(path)``; an OSError becomes a warning
    box ("Could not save ``what``")."""
    path, _f = QFileDialog.getSaveFileName(parent, caption, name, file_filter)
    if not path:
        return
    try:
        write(path)
    except OSError as e:
        QMessageBox.warning(parent, QCoreApplication.translate("export", "Export failed"),
                            QCoreApplication.translate("export", "Could not save %1:\n%2").replace("%1", what)
                            .replace("%2", str(e)))
