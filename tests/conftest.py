from __future__ import annotations

import os
import sys
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
    # QSettings reads XDG_CONFIG_HOME once per process: every later test would share the first
    # test's settings (a switch left on in one test would be on in the next). Once Qt is loaded,
    # the folder is given to it each time (before that, the variable is read when it loads).
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        for fmt in (qtcore.QSettings.Format.NativeFormat, qtcore.QSettings.Format.IniFormat):
            qtcore.QSettings.setPath(fmt, qtcore.QSettings.Scope.UserScope, str(home / "config"))


REQUIRE_SHARED = "MNIST_GUI_REQUIRE_SHARED"  # .ci/run sets it: a missing shared file fails


def _mnist_location() -> Path:
    """MNIST found the way the app finds it, plus the repository's neighbour ../shared/mnist;
    else downloaded once with the app's own verified downloader into the per-user folder (a mirror
    can stand in for the public server through MNIST_URL and MNIST_SHA256)."""
    from mnist_gui.core import dataset

    for candidate in (os.environ.get("MNIST_DIR"), SHARED / "mnist"):
        if candidate and dataset.find_mnist_in(Path(candidate)):
            return Path(candidate)
    found = dataset.find_mnist(None)  # MNIST_DIR, then the per-user data folder
    if found is not None:
        return found
    if os.environ.get(REQUIRE_SHARED):
        pytest.fail(f"MNIST not found in MNIST_DIR or {SHARED / 'mnist'} and {REQUIRE_SHARED} is set")
    try:
        return dataset.download_mnist(progress=None)
    except dataset.DatasetError as e:
        pytest.fail(f"real MNIST not found (MNIST_DIR, {SHARED / 'mnist'}, {dataset.user_mnist_dir()}) "
                    f"and could not be downloaded: {e}")


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """The real MNIST data set: a folder of IDX files or an mnist.npz (see _mnist_location)."""
    return _mnist_location()


def shared_path(variable: str, default: Path, what: str) -> Path:
    """A file or folder that exists only in ../shared (pen strokes, scans): the variable, else the
    default. Missing: the test is skipped with the reason and the variable to set, unless
    MNIST_GUI_REQUIRE_SHARED is set (as in CI), where it fails."""
    p = Path(os.environ.get(variable) or default)
    if not p.exists():
        message = f"{what} not found at {p}; set {variable} to where it is"
        if os.environ.get(REQUIRE_SHARED):
            pytest.fail(message + f" ({REQUIRE_SHARED} is set, so every test must run)")
        pytest.skip(message)
    return p


@pytest.fixture(scope="session")
def strokes_file() -> Path:
    return shared_path("STROKES_FILE", SHARED / "strokes" / "pendigits-train-writers.json", "the pen-digit stroke file")


@pytest.fixture(scope="session")
def scans_dir() -> Path:
    return shared_path("SCANS_DIR", SHARED / "scans" / "optdigits-train", "the scanned digits")


@pytest.fixture(scope="session")
def real_mnist(mnist_dir: Path):
    from mnist_gui.core import dataset

    return dataset.load_mnist(mnist_dir)


@pytest.fixture(scope="session")
def small_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved `small` network (untrained): for tests that take model archives apart."""
    from mnist_gui.core import models

    p = tmp_path_factory.mktemp("small-model") / "small.keras"
    models.build_model("small").save(p)
    return p
