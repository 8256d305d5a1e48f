"""Layering: core/ and cmdline.py have no Qt; gui/ never imports the command-line entry point."""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "mnist_gui"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_gui_does_not_import_cli() -> None:
    offenders = [p.name for p in (PKG / "gui").glob("*.py") if "mnist_gui.cli" in imported_modules(p)]
    assert offenders == []


def test_core_and_cmdline_have_no_qt() -> None:
    files = list((PKG / "core").glob("*.py")) + [PKG / "cmdline.py"]
    offenders = [p.name for p in files if any(m.startswith("PySide6") for m in imported_modules(p))]
    assert offenders == []


def test_import_linter_contracts_are_kept() -> None:
    """The layering contracts in pyproject.toml ([tool.importlinter]), checked by import-linter
    on the real import graph (function-level imports included)."""
    import subprocess
    import sys

    root = PKG.parent
    exe = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(exe), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 kept, 0 broken" in r.stdout
