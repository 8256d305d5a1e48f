"""The Errors tab's old import path, kept for callers: the tab is :mod:`mnist_gui.gui.errors` now."""
from __future__ import annotations

from mnist_gui.gui.errors import PNG_MAX_TILES, TOP_CONFUSIONS, ErrorsTab

__all__ = ["PNG_MAX_TILES", "TOP_CONFUSIONS", "ErrorsTab"]

if __name__ == "__main__":  # ``python -m mnist_gui.gui.errors_tab``, as before
    from mnist_gui.gui.errors.__main__ import main

    raise SystemExit(main())
