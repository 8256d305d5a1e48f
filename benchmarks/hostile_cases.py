"""Hostile files against the real command line, each in a fresh process under a time and memory watch.

Makes a set of hostile files in a temporary folder (at least one per family of issue 25: My
digits, stroke files, model archives, pictures, image folders, ``explain --out``), runs the
matching ``mnist-gui`` command (or, for My digits, which no command reads, the start-up's
``Collection.load_or_recover``) in a subprocess for each, and prints one line per case:

    name  exit code  peak MB  seconds  first line of output

The peak is the child's own maximum resident set (``os.wait4``'s rusage, so each case is
measured alone). A case is clean when it exits as expected (2 with one line of the app's own for
a refusal; 0 for the few files that are valid, only big), stays under 1 GB and within its time
limit. The last line counts the clean cases. Big files are kept small on disk where possible
(a sparse file for the 250 MB stroke file, compressed pictures) and everything is deleted at the
end.

Usage: python benchmarks/hostile_cases.py [--only SUBSTRING] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MEMORY_LIMIT_MB = 1024
NOISE = re.compile(r"^(WARNING: All log messages before absl::InitializeLog|[IWE]\d{4} \d\d:\d\d:\d\d)")
IMAGE28 = "A" * 1046 + "=="  # base64 of 784 zero bytes


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the file(s) into the folder, returns the child's argv
    limit_s: float = 60.0
    expect: tuple[int, ...] = (2,)


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "mnist_gui", *args]


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


# --------------------------------------------------------------------------- My digits

def _collection(path: Path, digits_json: str) -> Path:
    path.write_text('{"format": "mnist-gui-my-digits/1", "digits": [' + digits_json + "]}")
    return path


def _open_collection(path: Path) -> list[str]:
    code = ("import sys; from mnist_gui.core.personal import Collection; "
            f"c, msg = Collection.load_or_recover({str(path)!r}); print(msg or f'{{len(c.digits)}} digits'); "
            "sys.exit(2 if msg else 0)")
    return python(code)


def _digit(i: int, strokes: str = "") -> str:
    s = f', "strokes": {strokes}' if strokes else ""
    return f'{{"id": "d{i}", "label": {i % 10}, "source": "drawing", "image28": "{IMAGE28}"{s}}}'


def my_digits_huge_int(d: Path) -> list[str]:
    return _open_collection(_collection(d / "my_digits.json", _digit(0, "[[[" + "9" * 400 + ", 0.5]]]")))


def my_digits_ten_million_points(d: Path) -> list[str]:
    stroke = "[[" + ",".join(["[0,0]"] * 20_000) + "]]"  # 500 digits of 20,000 points (the per-digit cap)
    return _open_collection(_collection(d / "my_digits.json", ",".join(_digit(i, stroke) for i in range(500))))


def my_digits_many(d: Path) -> list[str]:
    return _open_collection(_collection(d / "my_digits.json", ",".join(_digit(i) for i in range(55_000))))


def my_digits_duplicate_ids(d: Path) -> list[str]:
    return _open_collection(_collection(d / "my_digits.json", _digit(7) + "," + _digit(7)))


def my_digits_import_huge_int(d: Path) -> list[str]:
    p = d / "export.json"
    p.write_text('{"format": "digit-strokes/1", "samples": [{"label": 1, "strokes": [[[0.5, '
                 + "9" * 400 + "]]], \"image28\": \"" + IMAGE28 + '"}]}')
    code = ("import sys; from mnist_gui.core.personal import Collection, PersonalError\n"
            f"c = Collection({str(d / 'mine.json')!r})\n"
            f"try:\n    print(c.import_file({str(p)!r}), 'imported')\n"
            "except PersonalError as e:\n    print(e); sys.exit(2)")
    return python(code)


# --------------------------------------------------------------------------- stroke files

def _strokes_file(path: Path, samples_json: str) -> Path:
    path.write_text('{"format": "digit-strokes/1", "samples": [' + samples_json + "]}")
    return path


def strokes_padded(d: Path) -> list[str]:
    p = _strokes_file(d / "padded.json", '{"label": 1, "strokes": [[[0.5, 0.1], [0.5, 0.9]]]}')
    with open(p, "r+b") as f:  # 250 MB, sparse: a hole of NULs before the end (no disk used)
        f.seek(250 * 1024 * 1024)
        f.write(b" ")
    return cli("eval-strokes", str(p))


def strokes_million_samples(d: Path) -> list[str]:
    one = '{"label": 1, "strokes": [[[0.5, 0.5]]]}'
    return cli("eval-strokes", str(_strokes_file(d / "million.json", ",".join([one] * 1_000_000))))


def strokes_huge_coordinate(d: Path) -> list[str]:
    s = '{"label": 1, "strokes": [[[0.5, 0.1], [0.5, ' + "9" * 400 + "]]]}"
    return cli("eval-strokes", str(_strokes_file(d / "huge.json", s)))


def strokes_long_samples(d: Path) -> list[str]:
    """Valid: 50 samples of 2,000 points each (the per-sample cap), replayed in bounded time."""
    pts = ",".join(f"[{0.3 + 0.4 * abs(((i / 500) % 2) - 1):.4f}, {0.1 + 0.8 * i / 2000:.4f}]" for i in range(2000))
    s = f'{{"label": 1, "strokes": [[{pts}]]}}'
    return cli("eval-strokes", str(_strokes_file(d / "long.json", ",".join([s] * 50))))


def strokes_negative_limit(d: Path) -> list[str]:
    p = _strokes_file(d / "ok.json", '{"label": 1, "strokes": [[[0.5, 0.1], [0.5, 0.9]]]}')
    return cli("eval-strokes", str(p), "--limit", "-1")


# --------------------------------------------------------------------------- model archives

def _picture(d: Path) -> Path:
    import numpy as np
    from PIL import Image

    p = d / "digit.png"
    if not p.exists():
        img = np.zeros((28, 28), np.uint8)
        img[4:24, 12:16] = 255  # a "1"
        Image.fromarray(img).save(p)
    return p


def _upsampling_model(d: Path) -> Path:
    import keras
    from keras import layers

    p = d / "upsampling.keras"
    if not p.exists():
        keras.Sequential([keras.Input((28, 28, 1)), layers.UpSampling2D((1000, 1000)),
                          layers.Conv2D(1, 3, strides=1000), layers.GlobalAveragePooling2D(),
                          layers.Dense(10, activation="softmax")]).save(p)
    return p


def _einsum_model(d: Path) -> Path:
    import keras
    from keras import layers

    p = d / "einsum.keras"
    if not p.exists():
        small = d / "small.keras"
        keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10, activation="softmax")]).save(small)
        with zipfile.ZipFile(small) as z:
            members = {n: z.read(n) for n in z.namelist()}
        cfg = json.loads(members["config.json"])
        cfg["config"]["layers"].insert(1, {
            "module": "keras.layers", "class_name": "EinsumDense", "name": "huge",
            "config": {"name": "huge", "equation": "ab,bc->ac", "output_shape": [3_000_000], "bias_axes": None},
            "build_config": {"input_shape": [None, 128]}})
        members["config.json"] = json.dumps(cfg).encode()
        with zipfile.ZipFile(p, "w") as z:
            for n, data in members.items():
                z.writestr(n, data)
    return p


def model_upsampling_predict(d: Path) -> list[str]:
    return cli("predict", str(_picture(d)), "--model", str(_upsampling_model(d)))


def model_upsampling_evaluate(d: Path) -> list[str]:
    return cli("evaluate", str(_upsampling_model(d)))


def model_upsampling_explain(d: Path) -> list[str]:
    return cli("explain", str(_picture(d)), "--model", str(_upsampling_model(d)), "--out", str(d / "e.png"))


def model_einsum_predict(d: Path) -> list[str]:
    return cli("predict", str(_picture(d)), "--model", str(_einsum_model(d)))


def model_einsum_evaluate(d: Path) -> list[str]:
    return cli("evaluate", str(_einsum_model(d)))


def model_fifo(d: Path) -> list[str]:
    p = d / "pipe.keras"
    os.mkfifo(p)
    return cli("predict", str(_picture(d)), "--model", str(p))


# --------------------------------------------------------------------------- pictures

def _big_digit(mode: str):
    import numpy as np
    from PIL import Image

    n = 7000
    a = np.zeros((n, n), np.float32)
    a[n // 6: 5 * n // 6, n // 2 - n // 20: n // 2 + n // 20] = 1.0  # a thick "1"
    if mode == "F":
        return Image.fromarray(a, "F")
    rgba = np.zeros((n, n, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[..., :3] = (a[..., None] * 255).astype(np.uint8)
    return Image.fromarray(rgba, "RGBA")


def picture_rgba_png(d: Path) -> list[str]:
    p = d / "big-rgba.png"
    _big_digit("RGBA").save(p, compress_level=1)
    return cli("predict", str(p))


def picture_float_tiff(d: Path) -> list[str]:
    p = d / "big-float.tif"
    _big_digit("F").save(p, compression="tiff_deflate")
    return cli("predict", str(p))


# --------------------------------------------------------------------------- image folders

def _folder(d: Path, name: str) -> Path:
    f = d / name
    f.mkdir()
    shutil.copy(_picture(d), f / "a.png")
    return f


def folder_csv_nul(d: Path) -> list[str]:
    f = _folder(d, "nul")
    (f / "labels.csv").write_bytes(b"path,label\na.png,1\nb\x00.png,1\n")
    return cli("eval-images", str(f))


def folder_negative_limit(d: Path) -> list[str]:
    f = _folder(d, "limit")
    (f / "labels.csv").write_text("path,label\na.png,1\n")
    return cli("eval-images", str(f), "--limit", "-1")


def folder_non_utf8_strict(d: Path) -> list[str]:
    f = d / "names"
    (f / "1").mkdir(parents=True)
    shutil.copy(_picture(d), f / "1" / "good.png")
    shutil.copy(_picture(d), os.path.join(os.fsencode(f / "1"), b"bad-\xff.png"))
    return cli("eval-images", str(f), "--strict")


def folder_only_non_utf8(d: Path) -> list[str]:
    f = d / "names-only"
    (f / "1").mkdir(parents=True)
    shutil.copy(_picture(d), os.path.join(os.fsencode(f / "1"), b"bad-\xff.png"))
    return cli("eval-images", str(f))


def folder_ten_million_rows(d: Path) -> list[str]:
    f = _folder(d, "rows")
    with open(f / "labels.csv", "w") as out:
        out.write("path,label\n")
        row = "a.png,1\n" * 10_000
        for _ in range(1000):
            out.write(row)
    return cli("eval-images", str(f))


# --------------------------------------------------------------------------- explain --out

def explain_to_folder(d: Path) -> list[str]:
    (d / "out-folder.png").mkdir()
    return cli("explain", str(_picture(d)), "--out", str(d / "out-folder.png"))


def explain_to_dev_full(d: Path) -> list[str]:
    return cli("explain", str(_picture(d)), "--out", "/dev/full")


def explain_to_txt(d: Path) -> list[str]:
    return cli("explain", str(_picture(d)), "--out", str(d / "map.txt"))


CASES = [
    Case("my-digits: 400-digit integer coordinate", my_digits_huge_int),
    Case("my-digits: 10 million points", my_digits_ten_million_points),
    Case("my-digits: 55,000 digits", my_digits_many),
    Case("my-digits: two digits with one id", my_digits_duplicate_ids),
    Case("my-digits: import with a 400-digit coordinate", my_digits_import_huge_int),
    Case("strokes: padded to 250 MB (sparse)", strokes_padded),
    Case("strokes: a million one-point samples", strokes_million_samples),
    Case("strokes: 400-digit integer coordinate", strokes_huge_coordinate),
    Case("strokes: 50 samples of 2,000 points (valid)", strokes_long_samples, limit_s=180, expect=(0,)),
    Case("strokes: eval-strokes --limit -1", strokes_negative_limit),
    Case("model: UpSampling2D(1000) predict", model_upsampling_predict),
    Case("model: UpSampling2D(1000) evaluate", model_upsampling_evaluate),
    Case("model: UpSampling2D(1000) explain", model_upsampling_explain),
    Case("model: EinsumDense 1.5 GB kernel predict", model_einsum_predict),
    Case("model: EinsumDense 1.5 GB kernel evaluate", model_einsum_evaluate),
    Case("model: a FIFO", model_fifo),
    Case("picture: 7000x7000 RGBA PNG (valid)", picture_rgba_png, limit_s=120, expect=(0,)),
    Case("picture: 7000x7000 float TIFF (valid)", picture_float_tiff, limit_s=120, expect=(0,)),
    Case("eval-images: labels.csv with a NUL byte", folder_csv_nul),
    Case("eval-images: --limit -1", folder_negative_limit),
    Case("eval-images: a name not UTF-8, --strict", folder_non_utf8_strict),
    Case("eval-images: only names not UTF-8", folder_only_non_utf8),
    Case("eval-images: labels.csv of 10 million rows", folder_ten_million_rows),
    Case("explain --out a folder", explain_to_folder, limit_s=120),
    Case("explain --out /dev/full", explain_to_dev_full, limit_s=120),
    Case("explain --out map.txt", explain_to_txt, limit_s=120),
]


# The children are started by this small launcher, started before this script makes any file: a
# child's maximum resident set starts from its parent's at the fork (Linux keeps it across exec),
# and this script itself grows past 1 GB making the 7000x7000 pictures.
LAUNCHER = r"""
import json, os, signal, sys, time
for line in sys.stdin:
    job = json.loads(line)
    t0 = time.monotonic()
    with open(job["log"], "wb") as out:
        pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], setsid=True,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, out.fileno(), 2)])
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - t0 > job["limit"]:
            os.killpg(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.05)
    print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, time.monotonic() - t0]), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        import subprocess

        self.proc = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def run(self, argv: list[str], limit_s: float, log: Path) -> tuple[int, float, float]:
        """(exit code, peak MB, seconds) of ``argv`` run alone; killed (-9) past ``limit_s``."""
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"argv": argv, "limit": limit_s, "log": str(log), "env": env}) + "\n")
        self.proc.stdin.flush()
        rc, peak, secs = json.loads(self.proc.stdout.readline())
        return int(rc), float(peak), float(secs)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="run the cases whose name contains this")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mnist-gui-hostile-"))
    os.environ.setdefault("MNIST_GUI_HOME", str(work / "home"))  # a fresh data folder for the children
    clean = total = 0
    launcher = Launcher()
    try:
        for case in CASES:
            if args.only not in case.name:
                continue
            total += 1
            folder = work / f"case{total}"
            folder.mkdir()
            argv = case.make(folder)
            rc, peak, secs = launcher.run(argv, case.limit_s, folder / "output.txt")
            lines = [ln for ln in (folder / "output.txt").read_text(errors="replace").splitlines()
                     if ln.strip() and not NOISE.match(ln)]
            one_line = len(lines) == 1 or (rc == 0 and lines)  # a valid file may print progress
            ok = (rc in case.expect and one_line and "Traceback" not in "".join(lines)
                  and peak < MEMORY_LIMIT_MB and secs < case.limit_s)
            clean += ok
            first = lines[0] if lines else "(no output)"
            if len(lines) > 1:
                first += f"  [+{len(lines) - 1} more lines]"
            first = first.replace(str(folder), "<tmp>")
            print(f"{'clean' if ok else 'NOT CLEAN'}  {case.name:46s} exit {rc:3d}  {peak:6.0f} MB  {secs:6.1f} s  "
                  f"{first[:160]}", flush=True)
            for p in sorted(folder.rglob("*"), reverse=True):  # big files go as soon as they are used
                if p.is_file() and p.stat().st_size > 10 * 1024 * 1024:
                    p.unlink()
    finally:
        launcher.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    print(f"{clean} of {total} cases clean (the expected exit with one line, under {MEMORY_LIMIT_MB} MB, "
          f"within the time limit)")
    return 0 if clean == total else 1


if __name__ == "__main__":
    sys.exit(main())
