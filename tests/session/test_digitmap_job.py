"""The Map tab's job: computed in the background, from the cache for the same file, recomputed
for a new model, stopped without leaving a thread, and a clear message for an unsuitable model."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from mnist_gui.core import store
from mnist_gui.session.digitmap import DigitMapJob
from mnist_gui.session.state import AppState
from mnist_gui.session.tasks import Task
from tests.core.test_digitmap import tiny, tiny_ensemble
from tests.synthetic import digits


@pytest.fixture()
def state() -> AppState:
    s = AppState()
    x, y = digits(120, seed=5)
    s.data = SimpleNamespace(x_test=x, y_test=y, x_train=x, y_train=y)
    return s


def use(state: AppState, model, path: Path) -> None:
    store.save_model(model, path)
    state.set_model(store.load_model(path), label=path.name, path=str(path))


def test_recomputed_for_a_new_model_and_reused_from_the_cache_for_the_same_file(qtbot, state, tmp_path) -> None:
    job = DigitMapJob(state)
    use(state, tiny(1), tmp_path / "a.keras")
    maps = []
    job.finished.connect(maps.append)
    assert job.start()
    qtbot.waitUntil(lambda: job.current(), timeout=60_000)
    first = job.map
    assert first is not None and not first.from_cache and len(first.labels) == 120
    use(state, tiny_ensemble(), tmp_path / "b.keras")  # a new model: the map follows it
    assert job.map is None
    qtbot.waitUntil(lambda: job.current(), timeout=60_000)
    second = job.map
    assert not second.from_cache and second.model_sha256 != first.model_sha256
    point, near = job.place(state.data.x_test[0].astype(np.float32) / 255.0)  # ensemble: placed
    assert point.shape == (2,) and near[0] == 0
    state.set_model(store.load_model(tmp_path / "a.keras"), label="a", path=str(tmp_path / "a.keras"))
    qtbot.waitUntil(lambda: job.current(), timeout=60_000)
    assert job.map.from_cache and job.map.model_sha256 == first.model_sha256
    np.testing.assert_array_equal(job.map.coords, first.coords)
    qtbot.waitUntil(lambda: not job.is_running(), timeout=10_000)
    assert len(maps) == 3


def test_stop_leaves_no_thread(qtbot, state, tmp_path) -> None:
    job = DigitMapJob(state)
    use(state, tiny(1), tmp_path / "a.keras")
    failed = []
    job.failed.connect(failed.append)
    job.start()
    assert job.is_running()
    job.stop()
    job.cancel(wait_ms=20_000)
    qtbot.waitUntil(lambda: not Task.running(), timeout=20_000)
    assert job.map is None and not job.is_running()
    use(state, tiny(2), tmp_path / "b.keras")  # stopped: a new model starts nothing
    assert not job.is_running()


def test_a_model_without_hidden_layer_gets_the_clear_message(qtbot, state, tmp_path) -> None:
    import keras

    job = DigitMapJob(state)
    flat = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    use(state, flat, tmp_path / "flat.keras")
    failed = []
    job.failed.connect(failed.append)
    job.start()
    qtbot.waitUntil(lambda: bool(failed), timeout=60_000)
    assert "no hidden layer" in failed[0]
    qtbot.waitUntil(lambda: not job.is_running(), timeout=10_000)
    assert job.place(np.zeros((28, 28), np.float32)) is None
