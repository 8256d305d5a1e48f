"""Update the interface translations: lupdate over the window's code, then lrelease.

    python tools/update_translations.py          # update resources/i18n/*.ts, report, build the .qm
    python tools/update_translations.py --check  # only report (exit 1 when a message is unfinished)

lupdate keeps every translation already in a .ts file and adds the new texts as "unfinished"
(texts that left the code are marked obsolete and dropped with -no-obsolete). Translate those
(Qt Linguist, or by hand: fill <translation> and remove type="unfinished"), then run this again:
it rebuilds the .qm files, which are committed (tests/gui/test_i18n.py checks they are up to date).

The files scanned are every module under mnist_gui/gui and mnist_gui/session, plus
mnist_gui/cli/screenshots.py: a new tab's module is picked up without a change here.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this Python (a venv), else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6)")
    return found


def sources() -> list[Path]:
    files = sorted((ROOT / "mnist_gui" / "gui").rglob("*.py")) + sorted((ROOT / "mnist_gui" / "session").rglob("*.py"))
    files.append(ROOT / "mnist_gui" / "cli" / "screenshots.py")
    return [f for f in files if f.name != "__main__.py"]


def ts_path(lang: str) -> Path:
    return I18N / f"mnist_gui_{lang}.ts"


def qm_path(lang: str) -> Path:
    return I18N / f"mnist_gui_{lang}.qm"


def lupdate(ts: Path) -> str:
    """Run lupdate over :func:`sources` into ``ts`` (created or updated); returns its report."""
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as lst:
        lst.write("\n".join(str(f.relative_to(ROOT)) for f in sources()))
    try:
        out = subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", f"@{lst.name}",
                              "-ts", str(ts)], cwd=ROOT, capture_output=True, text=True, check=True)
    finally:
        Path(lst.name).unlink(missing_ok=True)
    return out.stdout + out.stderr


def lrelease(ts: Path, qm: Path) -> str:
    out = subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return out.stdout + out.stderr


def unfinished(ts: Path) -> list[str]:
    """The source texts of ``ts`` still without a finished translation."""
    text = ts.read_text(encoding="utf-8")
    found = []
    for m in re.finditer(r"<source>(.*?)</source>\s*(?:<comment>.*?</comment>\s*)?<translation([^>]*)>", text, re.S):
        if 'type="unfinished"' in m.group(2):
            found.append(m.group(1))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report only; exit 1 if a message is unfinished")
    args = ap.parse_args()
    I18N.mkdir(parents=True, exist_ok=True)
    bad = 0
    for lang in LANGUAGES:
        ts = ts_path(lang)
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                probe = Path(tmp) / ts.name
                if ts.exists():
                    shutil.copyfile(ts, probe)
                report = lupdate(probe)
                todo = unfinished(probe)
        else:
            report = lupdate(ts)
            todo = unfinished(ts)
        print(f"{lang}: {report.strip().splitlines()[-1].strip() if report.strip() else ''}")
        print(f"{lang}: {len(todo)} unfinished")
        for t in todo:
            print("   ", t)
        bad += len(todo)
        if not args.check:
            print(lrelease(ts, qm_path(lang)).strip())
    return 1 if bad and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
