"""The offscreen Draw tab for commands: the harness's tab, a model that cannot load as a one-line error."""
from __future__ import annotations

from typing import Any

from mnist_gui.gui import harness
from mnist_gui.gui.harness import EVAL_CANVAS_SIDE


def make_draw_tab(model_path: str | None = None, side: int = EVAL_CANVAS_SIDE, *,
                  load_model: bool = True, aspect: float = 1.0) -> tuple[Any, Any]:
    """The harness's offscreen Draw tab, with a model that cannot be loaded as a one-line UserError."""
    from mnist_gui.cli.cmdline import UserError
    from mnist_gui.core.store import ModelFileError

    try:
        return harness.make_draw_tab(model_path, side, load_model=load_model, aspect=aspect)
    except ModelFileError as e:
        raise UserError(str(e)) from None
