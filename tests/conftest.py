from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the per-user data folder and QSettings out of the real home directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MNIST_GUI_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """The real MNIST files (MNIST_DIR, else ../shared/mnist)."""
    p = Path(os.environ.get("MNIST_DIR") or SHARED / "mnist")
    if not (p / "t10k-labels-idx1-ubyte.gz").exists() and not (p / "t10k-labels-idx1-ubyte").exists():
        pytest.fail(f"real MNIST data not found in {p}; set MNIST_DIR")
    return p


@pytest.fixture(scope="session")
def strokes_file() -> Path:
    p = Path(os.environ.get("STROKES_FILE") or SHARED / "strokes" / "pendigits-train-writers.json")
    if not p.exists():
        pytest.fail(f"stroke data not found at {p}; set STROKES_FILE")
    return p


@pytest.fixture(scope="session")
def real_mnist(mnist_dir: Path):
    from mnist_gui.core import dataset

    return dataset.load_mnist(mnist_dir)
