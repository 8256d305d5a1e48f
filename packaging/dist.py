"""`make dist`: the release archive of the one-folder bundle, with its SHA-256 beside it.

    python packaging/dist.py [--bundle dist/mnist-gui] [--out dist]

writes dist/mnist-gui-<version>-linux-x86_64.tar.gz (one top folder, mnist-gui-<version>/, with
the executable, the desktop entry, the icon, a script that adds a menu entry, and install notes)
and dist/mnist-gui-<version>-linux-x86_64.tar.gz.sha256 (`sha256sum -c` reads it). gzip, because
every Linux desktop's archive manager opens it without extra tools.
"""
from __future__ import annotations

import argparse
import io
import platform
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mnist_gui import __version__  # noqa: E402
from mnist_gui.core.recipe import file_sha256  # noqa: E402

INSTALL_SCRIPT = """#!/bin/sh
# Adds MNIST Digit Studio to your application menu (for you only; no root needed).
# Run it again after moving this folder; remove with: sh install-menu-entry.sh --remove
set -e
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "$1" = "--remove" ]; then
    rm -f "$apps/mnist-gui.desktop" "$icons/mnist-gui.png"
    echo "Menu entry removed."
    exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/mnist-gui.png" "$icons/mnist-gui.png"
sed -e "s|^Exec=.*|Exec=\\"$here/mnist-gui\\"|" -e "s|^Icon=.*|Icon=$icons/mnist-gui.png|" \\
    "$here/mnist-gui.desktop" > "$apps/mnist-gui.desktop"
chmod +x "$apps/mnist-gui.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" >/dev/null 2>&1 || true
echo "MNIST Digit Studio is now in your application menu ($apps/mnist-gui.desktop)."
"""

README = """MNIST Digit Studio {version}
=========================

Draw digits and watch a convolutional network read them; browse MNIST, train your own network,
and look through the digits it gets wrong. Everything runs on this computer, offline.

Start:   double-click "mnist-gui" in this folder (or run ./mnist-gui in a terminal).
Menu:    sh install-menu-entry.sh     adds it to your application menu (remove: --remove)
Check:   ./mnist-gui --self-test      loads the model, reads ten drawings, trains a tiny network

MNIST itself (for the Dataset, Train and Errors tabs) is downloaded on first use into your
per-user data folder, or pointed to with File > Open dataset folder. Drawing needs nothing.

On a minimal system without a desktop, Qt's X11 support needs the packages libxcb-cursor0
libxcb-icccm4 libxcb-keysyms1 (Debian/Ubuntu names); every desktop installation has them.
"""


def build_archive(bundle: Path, out_dir: Path) -> tuple[Path, Path]:
    exe = bundle / "mnist-gui"
    if not exe.is_file():
        raise SystemExit(f"{exe} not found: run `make bundle` first")
    machine = platform.machine().lower() or "x86_64"
    name = f"mnist-gui-{__version__}-linux-{machine}"
    top = f"mnist-gui-{__version__}"
    archive = out_dir / f"{name}.tar.gz"
    tmp = archive.with_name(archive.name + ".part")
    now = int(time.time())

    def add_bytes(tar: tarfile.TarFile, arcname: str, data: bytes, mode: int) -> None:
        info = tarfile.TarInfo(f"{top}/{arcname}")
        info.size, info.mode, info.mtime = len(data), mode, now
        tar.addfile(info, io.BytesIO(data))

    def owner_free(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
        for path in sorted(bundle.iterdir()):
            tar.add(path, arcname=f"{top}/{path.name}", filter=owner_free)
        add_bytes(tar, "mnist-gui.desktop", (ROOT / "packaging" / "mnist-gui.desktop").read_bytes(), 0o644)
        add_bytes(tar, "mnist-gui.png", (ROOT / "resources" / "icon-256.png").read_bytes(), 0o644)
        add_bytes(tar, "install-menu-entry.sh", INSTALL_SCRIPT.encode(), 0o755)
        add_bytes(tar, "README.txt", README.format(version=__version__).encode(), 0o644)
    tmp.replace(archive)
    sha = archive.with_name(archive.name + ".sha256")
    sha.write_text(f"{file_sha256(archive)}  {archive.name}\n")
    return archive, sha


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bundle", default=str(ROOT / "dist" / "mnist-gui"))
    ap.add_argument("--out", default=str(ROOT / "dist"))
    args = ap.parse_args()
    t0 = time.perf_counter()
    archive, sha = build_archive(Path(args.bundle), Path(args.out))
    size = sum(p.stat().st_size for p in Path(args.bundle).rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle: {size / 1e6:.0f} MB on disk ({args.bundle})")
    print(f"archive: {archive} ({archive.stat().st_size / 1e6:.0f} MB, {time.perf_counter() - t0:.0f} s)")
    print(f"sha256: {sha.read_text().split()[0]} ({sha.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
