"""`mnist-gui explain IMAGE`: the evidence map and feature maps of one picture, as a PNG (no Qt).

Drawn with matplotlib's Agg backend, so it runs headless and in reports.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from mnist_gui.core.explain import feature_mosaic


def render_report(image28: np.ndarray, probs: np.ndarray, emap: np.ndarray, target: int, versus: int | None,
                  features: Any, out: Path, title: str = "") -> Path:
    """Write one PNG: the input, the evidence map, the probabilities, the first filters and every
    convolution layer's activations (``features`` None or an explain error message: left out)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    layers = [] if features is None or isinstance(features, str) else features.layers
    n_rows = 1 + len(layers) + (1 if layers and features.filters is not None else 0)
    heights = [3.0]
    if layers and features.filters is not None:
        heights.append(0.6)
    heights += [0.45 + 0.38 * int(np.ceil(acts.shape[-1] / 32)) for _, _, acts in layers]
    fig = Figure(figsize=(12, sum(heights) + 0.5), dpi=100)
    gs = fig.add_gridspec(n_rows, 3, height_ratios=heights)
    ax = fig.add_subplot(gs[0, 0])
    ax.imshow(image28, cmap="gray", vmin=0, vmax=1)
    ax.set_title(f"{title}: what the network sees" if title else "what the network sees (28x28)")
    ax.axis("off")
    ax = fig.add_subplot(gs[0, 1])
    lim = float(np.abs(emap).max()) or 1.0
    ax.imshow(image28, cmap="gray_r", vmin=0, vmax=3)
    ax.imshow(np.ma.masked_where(emap == 0, emap), cmap="bwr", vmin=-lim, vmax=lim, alpha=0.9)
    ax.set_title(f"evidence: red for {target}" + ("" if versus is None else f", blue for {versus}"))
    ax.axis("off")
    ax = fig.add_subplot(gs[0, 2])
    ax.barh(range(10), probs, color=["#2563eb" if d == int(np.argmax(probs)) else "#93a7c8" for d in range(10)])
    ax.set_yticks(range(10))
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_title("probabilities")
    row = 1
    if isinstance(features, str):
        fig.text(0.5, 0.02, features, ha="center")
    if layers and features.filters is not None:
        ax = fig.add_subplot(gs[row, :])
        ax.imshow(_mosaic(features.filters, cols=32), cmap="gray")
        ax.set_title(f"first layer's filters ({features.filters.shape[-1]})")
        ax.axis("off")
        row += 1
    for name, shape, acts in layers:
        ax = fig.add_subplot(gs[row, :])
        ax.imshow(_mosaic(acts, cols=32), cmap="gray")
        ax.set_title(f"{name}: {' x '.join(str(d) for d in shape)}")
        ax.axis("off")
        row += 1
    fig.tight_layout()
    _save_whole(fig, Path(out))
    return out


def _save_whole(fig: Any, out: Path) -> None:
    """Write the PNG to a temporary file next to ``out``, then rename it: a failed write (a full
    disk, a refused folder) leaves neither a half-written picture nor the temporary file."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            fig.savefig(f, format="png")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make the picture private
        os.replace(tmp, out)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _mosaic(acts: np.ndarray, cols: int) -> np.ndarray:
    return feature_mosaic(acts, cols=min(cols, acts.shape[2]))
