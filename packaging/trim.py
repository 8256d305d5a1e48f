"""Trimming the PyInstaller bundle: what is left out, and stripping the shared libraries.

Used by build.spec, and as a command for measuring what a bundle really loads:

    python packaging/trim.py unloaded dist/mnist-gui LOADED_DIR

lists the bundle's binaries that no process mapped, biggest first, where LOADED_DIR holds the
``libs.txt`` written by runs of the bundle with ``MNIST_GUI_LOADED_OUT=LOADED_DIR`` (the self-test
trains, predicts, explains and evaluates; the startup probe opens the main window). That list is
where EXCLUDED_BINARIES below comes from; the rest of what was never mapped stays, because it is
loaded on a real desktop (the xcb and Wayland platform plugins and their libraries, the image
format plugins for pictures people open) or is too small to matter.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Measured as never loaded by the app (self-test with a training run, main window, predictions),
# and big: TensorFlow's StableHLO/MLIR bridge and XLA op wrappers (the app never compiles with
# XLA: Keras turns jit_compile off on CPU-only machines, and the XLA JIT itself lives in
# libtensorflow_cc), and gRPC, which only TensorBoard and distributed training use.
EXCLUDED_BINARIES = (
    "tensorflow/compiler/mlir/stablehlo/",
    "tensorflow/compiler/tf2xla/ops/_xla_ops",
    "grpc/",
)
# Python packages the dependencies pull in that the app never imports (checked the same way).
EXCLUDED_MODULES = ("grpc", "tensorboard", "pygments", "markdown_it", "setuptools", "pkg_resources",
                    "distutils", "pydoc_data", "pytest", "IPython", "jupyter", "notebook", "torch", "jax")

# auditwheel/delocate-patched copies (numpy.libs/libscipy_openblas64_-32a4b2a6.so): stripping
# such a file breaks its patched program headers ("ELF load command address/offset not
# page-aligned"), so they are left as they are.
_VENDORED = re.compile(r"-[0-9a-f]{8}\.so")
MIN_STRIP_BYTES = 1 << 20  # stripping small files saves little and is one more thing to go wrong


def keep_binary(dest_name: str) -> bool:
    """False for a binary (PyInstaller TOC destination name) that the bundle leaves out."""
    name = dest_name.replace(os.sep, "/")
    return not any(name.startswith(prefix) for prefix in EXCLUDED_BINARIES)


def _is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def strip_tree(root: Path, log=print) -> tuple[int, int]:
    """``strip --strip-unneeded`` every big ELF shared library under ``root`` (Linux only; the
    dynamic symbol table that loading needs is kept). Returns (bytes before, bytes after)."""
    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        log("strip: not available here; the bundle is left unstripped")
        return 0, 0
    before = after = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.stat().st_size < MIN_STRIP_BYTES:
            continue
        if ".libs" in path.parent.name or _VENDORED.search(path.name) or not _is_elf(path):
            continue
        size = path.stat().st_size
        r = subprocess.run([strip, "--strip-unneeded", str(path)], capture_output=True, text=True)
        new = path.stat().st_size
        if r.returncode != 0:
            log(f"strip: left {path.relative_to(root)} as it is ({r.stderr.strip()[:120]})")
        before += size
        after += new
    log(f"strip: {before / 2**20:.0f} MiB of libraries became {after / 2**20:.0f} MiB")
    return before, after


def unloaded(bundle: Path, loaded_dir: Path) -> list[tuple[int, str]]:
    """(size, path) of the bundle's ELF files that no recorded run mapped, biggest first."""
    mapped: set[str] = set()
    for f in loaded_dir.glob("libs*.txt"):
        mapped |= {os.path.realpath(line.strip()) for line in f.read_text().splitlines() if line.strip()}
    out = []
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and _is_elf(path) and os.path.realpath(path) not in mapped:
            out.append((path.stat().st_size, str(path.relative_to(bundle))))
    return sorted(out, reverse=True)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "unloaded":
        rows = unloaded(Path(argv[1]), Path(argv[2]))
        for size, name in rows[:60]:
            print(f"{size / 2**20:8.1f} MiB  {name}")
        print(f"{sum(s for s, _ in rows) / 2**20:.0f} MiB in {len(rows)} binaries never mapped")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
