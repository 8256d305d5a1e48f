"""The command line, on top of every other layer: `mnist-gui` opens the window, its sub-commands work headless.

Every failure caused by bad input ends with exit status 2 and a one-line message on stderr.
"""
from __future__ import annotations

from mnist_gui.cli.entry import build_parser, gui_main, main

__all__ = ["build_parser", "gui_main", "main"]
