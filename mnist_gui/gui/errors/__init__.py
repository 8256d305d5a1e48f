"""The Errors tab, in parts that each have one job (see :mod:`mnist_gui.gui.errors.tab`)."""
from __future__ import annotations

from mnist_gui.gui.errors.confusions import TOP_CONFUSIONS
from mnist_gui.gui.errors.export import PNG_MAX_TILES
from mnist_gui.gui.errors.tab import ErrorsTab

__all__ = ["PNG_MAX_TILES", "TOP_CONFUSIONS", "ErrorsTab"]
