"""Build the PyInstaller bundle and run its offline self-test (slow: several minutes)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bundle-test"
EXE = OUT / "dist" / "mnist-gui" / ("mnist-gui.exe" if sys.platform.startswith("win") else "mnist-gui")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]  # the first test also builds the bundle


@pytest.fixture(scope="module")
def bundle() -> Path:
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    if pyinstaller is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[build]"], check=True)
        pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    assert pyinstaller, "PyInstaller could not be installed"
    # Always a fresh build of the current tree (MNIST_GUI_REUSE_BUNDLE=1 reuses the last one).
    if not (EXE.exists() and os.environ.get("MNIST_GUI_REUSE_BUNDLE")):
        subprocess.run([pyinstaller, "--noconfirm", "--log-level", "WARN", "--distpath", str(OUT / "dist"),
                        "--workpath", str(OUT / "work"), "build.spec"], cwd=ROOT, check=True, timeout=1800,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert EXE.exists(), f"the build did not produce {EXE}"
    return EXE


def _offline(cmd: list[str]) -> list[str]:
    """Run without network: a fresh network namespace where available, else dead proxies."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n", *cmd]
    return cmd


def _env(tmp_path: Path, with_data: bool, mnist_dir: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MNIST_DIR", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", MNIST_GUI_HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
               HTTPS_PROXY="http://127.0.0.1:9")
    if with_data and mnist_dir is not None:
        env["MNIST_DIR"] = str(mnist_dir)
    return env


def test_bundle_self_test_offline_with_mnist(bundle: Path, tmp_path: Path, mnist_dir: Path) -> None:
    r = subprocess.run(_offline([str(bundle), "--self-test"]), env=_env(tmp_path, True, mnist_dir),
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "sample drawings through the canvas: 10/10 correct" in r.stdout
    assert "tiny training run" in r.stdout  # the training machinery works in the bundle too
    assert "accuracy" in r.stdout and "self-test passed" in r.stdout


def test_bundle_self_test_offline_without_mnist(bundle: Path, tmp_path: Path) -> None:
    r = subprocess.run(_offline([str(bundle), "--self-test"]), env=_env(tmp_path, False, None),
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "MNIST: not found" in r.stdout


def test_bundle_cli_bad_input_exit_code(bundle: Path, tmp_path: Path) -> None:
    r = subprocess.run([str(bundle), "evaluate", str(tmp_path / "missing.keras")], env=_env(tmp_path, False, None),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2
    assert "missing.keras" in r.stderr


MAX_BUNDLE_BYTES = 1_100_000_000  # 1,069 MB measured: 963 MB, then +106 MB for the map (openTSNE, scikit-learn) and scipy


def test_bundle_stays_under_its_size_limit(bundle: Path) -> None:
    root = bundle.parent
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    assert size <= MAX_BUNDLE_BYTES, (
        f"the bundle grew to {size / 1e6:.0f} MB (limit {MAX_BUNDLE_BYTES / 1e6:.0f} MB): see packaging/trim.py")
    libtf = root / "_internal" / "tensorflow" / "libtensorflow_cc.so.2"
    if libtf.exists():  # stripped: 752 MB unstripped
        assert libtf.stat().st_size < 650_000_000
