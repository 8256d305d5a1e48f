"""Entry script of the PyInstaller bundle: the window, or a sub-command / --self-test."""
from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from mnist_gui.cli import main

    sys.exit(main())
