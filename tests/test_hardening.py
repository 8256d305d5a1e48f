"""Hostile and odd files end in one line (exit 2), never a hang, a traceback or gigabytes; a save
killed at any moment leaves the previous model and card loadable and matching."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core import models, store
from tests.test_cli import assert_user_error, run_main

pytestmark = pytest.mark.timeout(120)  # a hang is a failure, not a stuck CI


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    p = tmp_path / "pipe.png"
    os.mkfifo(p)
    return p


@pytest.mark.parametrize("argv", [
    ["predict", "{fifo}"],
    ["predict", "--model", "{fifo}", "{image}"],
    ["evaluate", "{fifo}"],
    ["eval-strokes", "{fifo}"],
    ["eval-strokes", "/dev/zero"],
    ["predict", "/dev/zero"],
])
def test_pipes_and_devices_are_refused_at_once(argv: list[str], fifo: Path, tmp_path: Path) -> None:
    from PIL import Image

    image = tmp_path / "digit.png"
    Image.fromarray(np.zeros((28, 28), np.uint8)).save(image)
    args = [a.format(fifo=fifo, image=image) for a in argv]
    rc, out, err = run_main(args)
    line = assert_user_error(rc, out, err)
    assert "regular file" in line or "not found" in line, line


def test_deeply_nested_model_config_is_one_line(small_model_file: Path, tmp_path: Path) -> None:
    p = tmp_path / "deep.keras"
    with zipfile.ZipFile(small_model_file) as src, zipfile.ZipFile(p, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "config.json":
                data = b'{"class_name": "Sequential", "config": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
            dst.writestr(info.filename, data)
    rc, out, err = run_main(["evaluate", str(p)])
    assert_user_error(rc, out, err, "deep")


def test_deeply_nested_card_is_ignored(small_model_file: Path, tmp_path: Path) -> None:
    p = tmp_path / "m.keras"
    p.write_bytes(small_model_file.read_bytes())
    store.card_path(p).write_text("[" * 100_000 + "]" * 100_000)
    assert store.read_card(p) is None


def test_huge_declared_layers_are_refused_before_building(small_model_file: Path, tmp_path: Path) -> None:
    import resource

    cfg = json.loads(zipfile.ZipFile(small_model_file).read("config.json"))
    conv = next(layer for layer in cfg["config"]["layers"] if layer["class_name"] == "Conv2D")
    conv["config"]["filters"] = 900_000
    p = tmp_path / "huge.keras"
    with zipfile.ZipFile(small_model_file) as src, zipfile.ZipFile(p, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, json.dumps(cfg) if info.filename == "config.json" else src.read(info.filename))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(store.ModelFileError, match="declares"):
        store.load_model(p)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 500, f"peak memory grew by {grown_mb:.0f} MB refusing it"


def test_a_stroke_sample_with_too_many_points_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "long.json"
    pts = [[0.1 + 0.8 * i / 20000, 0.5] for i in range(20000)]
    p.write_text(json.dumps({"format": "digit-strokes/1", "samples": [{"label": 1, "strokes": [pts]}]}))
    t0 = time.monotonic()
    rc, out, err = run_main(["eval-strokes", str(p)])
    assert_user_error(rc, out, err, "20,000 points")
    assert time.monotonic() - t0 < 30  # refused up front, not replayed for half a minute


def test_a_16_bit_50_megapixel_picture_stays_within_memory(tmp_path: Path) -> None:
    """Decoded in a child process, whose peak resident memory is measured."""
    from PIL import Image

    p = tmp_path / "big16.png"
    Image.fromarray(np.full((7000, 7000), 30000, np.uint16)).save(p)  # small compressed file
    # VmHWM: this process's own peak (ru_maxrss would carry over the parent's peak across exec)
    code = ("import sys\nfrom mnist_gui.core.imagefile import read_image\n"
            "a = read_image(sys.argv[1]); print(a.dtype, a.shape, int(a.max()))\n"
            "print(next(int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    r = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.split("\n")
    assert lines[0] == "uint8 (7000, 7000) 117"
    assert int(lines[1]) < 1000, f"peak {lines[1]} MB"  # was 1.8 GB; 325 MB measured alone


def test_unreadable_idx_file_is_named(tmp_path: Path) -> None:
    from tests.synthetic import write_idx_dataset

    write_idx_dataset(tmp_path, n_train=20, n_test=10)
    victim = next(tmp_path.glob("t10k-labels*"))
    victim.unlink()
    victim.mkdir()  # there, but not a file
    rc, out, err = run_main(["evaluate", "--data", str(tmp_path)])
    assert_user_error(rc, out, err, victim.name)


# --------------------------------------------------------------------------- killed mid-save

_SAVER = """
import sys, numpy as np
from mnist_gui.core import models, store
target, start = sys.argv[1], int(sys.argv[2])
model = models.build_model("small")
bias = model.layers[-1]
print("ready", flush=True)
g = start
while True:
    w = bias.get_weights(); w[1][:] = g; bias.set_weights(w)  # the generation, in the weights
    store.save_model(model, target, {"generation": g})
    print("saved", g, flush=True)
    g += 1
"""


def _generation_of(path: Path) -> tuple[int, int]:
    model = store.load_model(path)
    card = store.read_card(path)
    assert card is not None, "no card"
    return int(round(float(model.layers[-1].get_weights()[1][0]))), int(card["generation"])


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_a_save_killed_at_any_moment_leaves_a_matching_pair(tmp_path: Path) -> None:
    target = tmp_path / "net.keras"
    rng = random.Random(7)
    kills, generation = 0, 0
    seen_generations: set[int] = set()
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    while kills < 50:
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(target), str(generation)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.8))  # somewhere inside one of the saves
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        saved = [int(line.split()[1]) for line in proc.stdout.read().splitlines() if line.startswith("saved")]
        proc.stdout.close()
        kills += 1
        generation = (max(saved) + 1) if saved else generation + 1
        if target.exists():
            in_model, in_card = _generation_of(target)
            assert in_model == in_card, f"kill {kills}: model of generation {in_model}, card of {in_card}"
            seen_generations.add(in_model)
        temps = [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name]
        assert len(temps) <= 2, temps  # at most the one being written when killed (and its card)
    assert len(seen_generations) > 10  # the kills really landed between many different saves
    # The next save clears what killed saves left behind (once they are old enough).
    for p in tmp_path.iterdir():
        if ".tmp-" in p.name:
            os.utime(p, (time.time() - 3600, time.time() - 3600))
    store.save_model(models.build_model("small"), target, {"generation": -1})
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []
