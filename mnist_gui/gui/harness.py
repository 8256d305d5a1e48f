"""The offscreen Draw-tab harness: a real Draw tab on a real canvas, driven by replayed strokes.

The command line (eval-strokes, the recipe, the self-test, screenshots), the benchmarks and the
start-up probe all write digits through this one module, exactly as a person draws them.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

EVAL_CANVAS_SIDE = 320


def offscreen_app() -> Any:
    """The QApplication (created offscreen unless a platform is set already)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from mnist_gui.gui.qapp import make_app

    return make_app()


def load_model_into(state: Any, model_path: str | None) -> str:
    """Load a model file (default: the bundled one) into ``state``; returns its path.

    Raises:
        mnist_gui.core.store.ModelFileError: the file is missing, unreadable or not a model.
    """
    from mnist_gui.core import store
    from mnist_gui.paths import default_model_path

    path = Path(model_path) if model_path else default_model_path()
    if not model_path and not path.exists():
        raise store.ModelFileError(f"{path}: the bundled default model is missing; reinstall or pass a model file")
    model = store.load_model(path)
    from mnist_gui.core.evaluation import warm_up

    warm_up(model)  # as the app does when it loads a model
    label = "bundled default model" if not model_path else path.name
    state.set_model(model, label=label, path=str(path), card=store.read_card(path))
    return str(path)


def make_draw_tab(model_path: str | None = None, side: int = EVAL_CANVAS_SIDE, *,
                  load_model: bool = True, aspect: float = 1.0) -> tuple[Any, Any]:
    """An offscreen Draw tab with the model loaded and a canvas ``side`` pixels high, square (one
    digit, as the stroke files are written) or ``aspect`` times as wide (numbers).

    With ``load_model=False`` the tab has no model: it only prepares inputs (``last_input``).

    Raises:
        mnist_gui.core.store.ModelFileError: the model cannot be loaded.
    """
    app = offscreen_app()
    from mnist_gui.gui.draw_tab import DrawTab
    from mnist_gui.session.state import AppState

    state = AppState()
    if load_model:
        load_model_into(state, model_path)
    tab = DrawTab(state)
    tab.canvas.setFixedSize(int(round(side * aspect)), side)
    tab.resize(int(round(side * aspect)) + 520, side + 200)
    tab.show()
    app.processEvents()
    return tab, app


def classify_strokes(tab: Any, strokes: Any) -> Any:
    """Replay one sample onto the canvas and return the Draw tab's probabilities (or None)."""
    tab.canvas.clear()
    tab.canvas.replay(strokes)
    return tab.last_probabilities


def prepared_strokes(tab: Any, strokes: Any) -> Any:
    """Replay one sample onto the canvas and return the 28x28 input the Draw tab prepared (or None)."""
    tab.canvas.clear()
    tab.canvas.replay(strokes)
    return tab.last_input


def evaluate_strokes(tab: Any, samples: list[Any], *, random_place: bool = False, seed: int = 0,
                     progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Replay samples on the tab's canvas; per-class and per-writer [correct, total] and misses."""
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from mnist_gui.core.recipe import random_placement

    per_class: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    per_writer: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    refused_by: dict[Any, int] = defaultdict(int)  # per class (digit or character): refused answers
    none_count = refused = 0
    rng = np.random.default_rng(seed)
    app = QApplication.instance()
    for i, s in enumerate(samples):
        probs = classify_strokes(tab, random_placement(s.strokes, rng) if random_place else s.strokes)
        ok = probs is not None and int(np.argmax(probs)) == s.label
        none_count += probs is None
        key = s.label if s.label >= 0 else s.char
        # refused: "not a digit" (or no digit found at all) under the model's refusal policy
        no = probs is None or tab.state.read(probs).kind == "not_digit"
        refused += no
        refused_by[key] += no
        for d, k in ((per_class, key), (per_writer, s.writer)):
            d[k][0] += ok
            d[k][1] += 1
        if i % 50 == 0:
            app.processEvents()
            if progress is not None:
                progress(i + 1, len(samples))
    correct = sum(v[0] for v in per_class.values())
    return {"per_class": dict(per_class), "per_writer": dict(per_writer), "none": none_count,
            "refused": refused, "refused_by": dict(refused_by), "rejected": refused / max(1, len(samples)),
            "correct": correct, "total": len(samples), "accuracy": correct / max(1, len(samples))}
