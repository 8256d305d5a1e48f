"""The session layer on its own (QtCore only): start-up model choice and fall-back, the model
cache, the worker copy, the error bridge, the one settings owner and the self-test outside the bundle."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from mnist_gui.core import store
from mnist_gui.session import copies
from mnist_gui.session.state import AppState


def test_a_damaged_remembered_model_falls_back_to_the_bundled_one(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "damaged.keras"
    bad.write_bytes(b"PK\x03\x04 not really a model")
    state = AppState()
    failures: list[str] = []
    state.modelFailed.connect(failures.append)
    state.load_first_model(bad)
    qtbot.waitUntil(lambda: state.model is not None, timeout=60_000)
    assert failures and "damaged.keras" in failures[0]
    assert state.model_label == "bundled default model"


def test_a_remembered_model_that_is_gone_opens_the_bundled_one(qtbot, tmp_path: Path) -> None:
    state = AppState()
    state.load_first_model(tmp_path / "deleted.keras")
    qtbot.waitUntil(lambda: state.model is not None, timeout=60_000)
    assert state.model_label == "bundled default model"


def test_the_model_cache_keeps_the_last_three_files(qtbot, small_model_file: Path, tmp_path: Path) -> None:
    from mnist_gui.session import state as state_module

    files = []
    for i in range(state_module.LOADED_MODELS_KEPT + 1):
        f = tmp_path / f"m{i}.keras"
        shutil.copyfile(small_model_file, f)
        files.append(f)
    state = AppState()
    loaded = {}
    for f in files:
        task = state.load_model(f)
        qtbot.waitUntil(lambda: not task.is_running() and state.model_path == str(f), timeout=60_000)
        loaded[f.name] = state.model
    for f in files[1:]:  # still cached: the same network object again
        task = state.load_model(f)
        qtbot.waitUntil(lambda: not task.is_running() and state.model_path == str(f), timeout=60_000)
        assert state.model is loaded[f.name]
    task = state.load_model(files[0])  # evicted: read from its file again
    qtbot.waitUntil(lambda: not task.is_running() and state.model_path == str(files[0]), timeout=60_000)
    assert state.model is not loaded[files[0].name]


def test_worker_copy_loads_an_unchanged_file_and_copies_anything_else(qtbot, small_model_file: Path,
                                                                        monkeypatch) -> None:
    made: list[str] = []
    real_file, real_inference = copies.file_copy, copies.inference_copy
    monkeypatch.setattr(copies, "file_copy", lambda p: made.append("file") or real_file(p))
    monkeypatch.setattr(copies, "inference_copy", lambda m: made.append("weights") or real_inference(m))
    state = AppState()
    task = state.load_model(small_model_file)
    qtbot.waitUntil(lambda: state.model is not None and not task.is_running(), timeout=60_000)
    copy = state.worker_copy()()
    assert made == ["file"] and copy is not state.model
    other = store.load_model(small_model_file)  # not the active model: copied from its weights
    assert state.worker_copy(other)() is not other and made == ["file", "weights"]
    plain = lambda x: x  # noqa: E731 - a NumPy model holds no per-call state: handed over as it is
    assert copies.worker_copy(plain)() is plain


def test_uncaught_exceptions_reach_the_error_bridge_from_any_thread(qtbot, monkeypatch) -> None:
    import threading

    from mnist_gui.gui import app

    bridge = app._ErrorBridge()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app.install_excepthooks(bridge)
    got: list[str] = []
    bridge.error.connect(lambda summary, details: got.append(summary))
    try:
        raise ValueError("on the GUI thread")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    t = threading.Thread(target=lambda: (_ for _ in ()).throw(RuntimeError("on a worker")))
    with qtbot.waitSignal(bridge.error, timeout=10_000):
        t.start()
        t.join()
    assert got[0] == "ValueError: on the GUI thread"
    assert any("RuntimeError: on a worker" in g for g in got[1:])


def test_every_part_of_the_window_uses_one_settings_store(qtbot) -> None:
    from mnist_gui.gui.main_window import settings
    from mnist_gui.gui.qapp import make_app
    from mnist_gui.session.settings import app_settings

    make_app()
    a, b = settings(), app_settings()
    assert (a.organizationName(), a.applicationName()) == (b.organizationName(), b.applicationName())
    from PySide6.QtCore import QSettings

    assert QSettings().fileName() == b.fileName()  # the Train tab's default-constructed reads


@pytest.mark.slow
def test_the_self_test_passes_from_the_source_tree(mnist_dir: Path, capsys) -> None:
    from mnist_gui.cli import main

    assert main(["self-test", "--data", str(mnist_dir)]) == 0
    out = capsys.readouterr().out
    assert "self-test passed" in out and "bundled model: ok" in out
