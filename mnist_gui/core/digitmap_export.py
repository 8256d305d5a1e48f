"""The digit map as files: its coordinates as CSV, its picture as PNG (matplotlib Agg, no Qt)."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from mnist_gui.core.digitmap import DigitMap

# ten distinct colours, one per digit (matplotlib's tab10), shared with the Map tab
DIGIT_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def write_csv(m: DigitMap, path: str | Path) -> Path:
    """One row per test digit: index,x,y,label,prediction."""
    path = Path(path)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["index", "x", "y", "label", "prediction"])
        for i, ((x, y), label, pred) in enumerate(zip(m.coords.tolist(), m.labels.tolist(), m.predictions.tolist())):
            w.writerow([i, f"{x:.4f}", f"{y:.4f}", label, pred])
    return path


def write_png(m: DigitMap, path: str | Path, *, placed: Any = None, title: str = "",
              labels: dict[str, str] | None = None, size: float = 9.0, dpi: int = 110) -> Path:
    """The map as a picture: dots coloured by true digit, misread digits ringed in black, a legend,
    and optionally a placed point (x, y) as a star.

    Args:
        labels: the words of the legend, translated by the caller: "digit", "misread", "placed".
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    words = {"digit": "digit {d}", "misread": "misread", "placed": "your digit", **(labels or {})}
    fig = Figure(figsize=(size, size), dpi=dpi)
    ax = fig.add_subplot(1, 1, 1)
    c = m.coords
    colours = np.array(DIGIT_COLOURS)[m.labels]
    ax.scatter(c[:, 0], c[:, 1], s=3, c=colours, linewidths=0)
    wrong = m.misread
    ax.scatter(c[wrong, 0], c[wrong, 1], s=28, facecolors="none", edgecolors="black", linewidths=0.8)
    handles = [Line2D([], [], marker="o", linestyle="", color=DIGIT_COLOURS[d], label=words["digit"].format(d=d))
               for d in range(10)]
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none", markeredgecolor="black",
                          label=f"{words['misread']} ({int(wrong.sum())})"))
    if placed is not None:
        p = np.asarray(placed, float).reshape(-1, 2)
        ax.scatter(p[:, 0], p[:, 1], s=260, marker="*", c="black", edgecolors="white", linewidths=1.2, zorder=5)
        handles.append(Line2D([], [], marker="*", linestyle="", color="black", markersize=12, label=words["placed"]))
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.85)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_aspect("equal", adjustable="datalim")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, format="png")
    return path
