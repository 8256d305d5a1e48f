"""Where the app finds its bundled resources and keeps its per-user files (no Qt here)."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_dir() -> Path:
    """Folder with the bundled model, its card, icons and sample drawings.

    Works from a source checkout / editable install and from a PyInstaller bundle.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_model_path() -> Path:
    """The bundled, well-trained default model."""
    return resource_dir() / "default_model.keras"


def user_data_dir() -> Path:
    """Per-user data folder (MNIST files, logs). ``MNIST_GUI_HOME`` overrides it."""
    override = os.environ.get("MNIST_GUI_HOME")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "mnist-gui"


def user_cache_dir() -> Path:
    """Per-user cache folder (things the app can always make again, e.g. digit maps).
    ``MNIST_GUI_HOME`` overrides it (``$MNIST_GUI_HOME/cache``)."""
    override = os.environ.get("MNIST_GUI_HOME")
    if override:
        return Path(override) / "cache"
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "mnist-gui" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "mnist-gui"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mnist-gui"
