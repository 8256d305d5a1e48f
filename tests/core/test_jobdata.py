"""The training folders a killed window leaves behind are removed at the next start, and only those
(issue: hostile input #2)."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from mnist_gui.core import jobdata


@pytest.fixture
def tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_new_folders_record_their_owner(tmp_dir: Path) -> None:
    run = jobdata.new_job_folder()
    assert run.parent == tmp_dir and run.name.startswith("mnist-gui-run-")
    pid, start = (int(v) for v in (run / jobdata.OWNER_FILE).read_text().split())
    assert pid == os.getpid()
    if Path("/proc/self/stat").exists():
        assert start == jobdata._start_time(os.getpid()) and start > 0


def test_stale_folders_go_and_live_ones_stay(tmp_dir: Path) -> None:
    mine = jobdata.new_job_folder()
    (mine / "model.keras").write_bytes(b"x")
    dead_run = tmp_dir / "mnist-gui-run-dead"
    dead_data = tmp_dir / "mnist-gui-data-dead"
    for folder in (dead_run, dead_data):
        (folder / "data").mkdir(parents=True)
        (folder / "data" / "x.npy").write_bytes(b"x")
        (folder / jobdata.OWNER_FILE).write_text(f"{dead_pid()} 12345\n")
    # a live pid with another start time is a reused pid: its owner is gone
    reused = tmp_dir / "mnist-gui-run-reused"
    reused.mkdir()
    real = jobdata._start_time(os.getpid())
    (reused / jobdata.OWNER_FILE).write_text(f"{os.getpid()} {(real or 0) + 1}\n")
    old_unowned = tmp_dir / "mnist-gui-run-old"
    old_unowned.mkdir()
    long_ago = time.time() - 2 * 86400
    os.utime(old_unowned, (long_ago, long_ago))
    new_unowned = tmp_dir / "mnist-gui-data-new"
    new_unowned.mkdir()
    unrelated = tmp_dir / "something-else"
    unrelated.mkdir()
    (unrelated / jobdata.OWNER_FILE).write_text(f"{dead_pid()} 1\n")
    garbled = tmp_dir / "mnist-gui-run-garbled"
    garbled.mkdir()
    (garbled / jobdata.OWNER_FILE).write_text("not a pid\n")
    removed = jobdata.remove_stale_folders()
    expected = {dead_run, dead_data, old_unowned}
    if real is not None:
        expected.add(reused)
    assert set(removed) == expected
    for folder in expected:
        assert not folder.exists()
    for folder in (mine, new_unowned, unrelated, garbled):
        assert folder.is_dir()
    assert (mine / "model.keras").exists()
    if real is None:
        assert reused.is_dir()


def test_a_folder_of_a_live_child_is_kept(tmp_dir: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        folder = tmp_dir / "mnist-gui-run-child"
        folder.mkdir()
        start = jobdata._start_time(child.pid) or 0
        (folder / jobdata.OWNER_FILE).write_text(f"{child.pid} {start}\n")
        assert jobdata.remove_stale_folders() == [] and folder.is_dir()
    finally:
        child.kill()
        child.wait()
    assert jobdata.remove_stale_folders() == [folder] and not folder.exists()


def test_the_app_cleans_up_in_the_background(tmp_dir: Path) -> None:
    pytest.importorskip("PySide6")
    from mnist_gui.gui.app import start_stale_folder_cleanup

    stale = tmp_dir / "mnist-gui-data-stale"
    stale.mkdir()
    (stale / jobdata.OWNER_FILE).write_text(f"{dead_pid()} 1\n")
    thread = start_stale_folder_cleanup()
    thread.join(10)
    assert not thread.is_alive() and not stale.exists()
