"""Saves on a really full filesystem (issue 25): a 1 MB tmpfs is mounted and filled, then a model
(with its card) and My digits are saved onto it; each save fails with its one-line error and the
previous file is kept byte for byte, with no temporary file left. The mocked ENOSPC of
``test_store.py`` checks the same path without a real file system; this one needs ``mount`` (root,
or a container that allows it) and is skipped, with the reason, where mounting is not permitted."""
from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core import models, personal, store


@pytest.fixture
def small_fs(tmp_path: Path):
    """A mounted 1 MB tmpfs (unmounted afterwards)."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    try:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                           capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        pytest.skip(f"cannot mount a small file system to fill: {e}")
    if r.returncode != 0:
        pytest.skip(f"mounting a small tmpfs is not permitted here: {(r.stderr or r.stdout).strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=30, check=False)


def fill(folder: Path) -> Path:
    """Write a filler file until the file system is full; returns it."""
    filler = folder / "filler.bin"
    chunk = b"\0" * 4096
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError as e:
            assert e.errno == errno.ENOSPC, e
    # One more byte must fail: the file system is really full.
    with pytest.raises(OSError), open(folder / "probe", "wb", buffering=0) as g:
        g.write(b"x" * 4096)
    (folder / "probe").unlink(missing_ok=True)
    return filler


def card() -> dict:
    return store.make_card(arch="small", hyperparameters={"epochs": 1}, dataset_sha256="ab" * 32,
                           epochs_completed=1, test_accuracy=0.5, training_time_s=1.0, samples_trained=10)


def test_saving_a_model_on_a_full_disk_keeps_the_previous_one(small_fs: Path) -> None:
    target = small_fs / "net.keras"
    store.save_model(models.build_model("small"), target, card())
    before = target.read_bytes(), store.card_path(target).read_bytes()
    fill(small_fs)
    with pytest.raises(store.ModelFileError) as exc:
        store.save_model(models.build_model("small"), target, card())
    msg = str(exc.value)
    assert "\n" not in msg and str(target) in msg, msg
    assert (target.read_bytes(), store.card_path(target).read_bytes()) == before
    assert sorted(p.name for p in small_fs.iterdir()) == ["filler.bin", "net.card.json", "net.keras"]
    store.load_model(target)  # still the loadable model it was


def test_saving_my_digits_on_a_full_disk_keeps_the_previous_file(small_fs: Path) -> None:
    path = small_fs / "my_digits.json"
    c = personal.Collection(path)
    image = np.zeros((28, 28), np.uint8)
    c.add(3, image, [[(0.5, 0.1), (0.5, 0.9)]])
    before = path.read_bytes()
    fill(small_fs)
    with pytest.raises(OSError):
        c.add(4, image, [[(0.1, 0.1)] * 2000])
    assert len(c.digits) == 1  # the edit is rolled back, not kept in memory only
    assert path.read_bytes() == before
    assert sorted(p.name for p in small_fs.iterdir()) == ["filler.bin", "my_digits.json"]
    assert [d.label for d in personal.Collection.load(path).digits] == [3]
