"""The digit map's core: features of the last hidden layer, the layout, placing, the cache, export."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core import digitmap
from mnist_gui.core.digitmap_export import write_csv, write_png
from tests.synthetic import digits


def tiny(seed: int = 0):
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3, strides=2, activation="relu"),
                             keras.layers.Flatten(), keras.layers.Dense(12, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def tiny_ensemble():
    from mnist_gui.core.recipe import ensemble

    return ensemble([tiny(1), tiny(2)])


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    return digits(150, seed=3)


def save(model, path: Path) -> Path:
    from mnist_gui.core import store

    return Path(store.save_model(model, path))


def test_features_come_from_the_last_hidden_layer_and_ensemble_members_side_by_side(data) -> None:
    x, _y = data
    probe = digitmap.FeatureProbe(tiny())
    f, p = probe(x[:5])
    assert f.shape == (5, 12) and p.shape == (5, 10)
    ens = tiny_ensemble()
    f2, p2 = digitmap.FeatureProbe(ens)(x[:5])
    assert f2.shape == (5, 24)
    np.testing.assert_allclose(p2, ens.predict_on_batch(x[:5, ..., None] / 255.0), atol=1e-5)


def test_a_model_without_hidden_layer_gets_a_clear_message() -> None:
    import keras

    m = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    with pytest.raises(digitmap.DigitMapError, match="no hidden layer"):
        digitmap.FeatureProbe(m)


def test_placing_works_for_an_ensemble_and_lands_among_its_neighbours(data) -> None:
    x, y = data
    model = tiny_ensemble()
    m = digitmap.compute(model, x, y)
    assert m.coords.shape == (len(x), 2) and np.isfinite(m.coords).all()
    assert set(m.seconds) == {"features", "embedding"}
    probe = digitmap.FeatureProbe(model)
    f, _p = probe(x[:3])
    idx, dist = m.neighbours(f, 5)
    assert list(idx[:, 0]) == [0, 1, 2]  # a test digit is its own nearest
    assert (np.diff(dist, axis=1) >= -1e-5).all()
    placed = m.place(f)
    np.testing.assert_allclose(placed, m.coords[:3], atol=1e-2 * np.ptp(m.coords))
    new, _p = probe(digits(4, seed=9)[0])
    assert m.place(new).shape == (4, 2)


def test_inside_gives_exactly_the_digits_in_the_rectangle() -> None:
    rng = np.random.default_rng(0)
    c = rng.uniform(-10, 10, (500, 2)).astype(np.float32)
    m = digitmap.DigitMap(coords=c, labels=np.zeros(500, np.uint8), predictions=np.zeros(500, np.uint8),
                          mean=np.zeros(2, np.float32), basis=np.eye(2, dtype=np.float32), reduced=c)
    got = m.inside(3, -2, -4, 5)  # corners in any order
    want = [i for i, (a, b) in enumerate(c) if -4 <= a <= 3 and -2 <= b <= 5]
    assert got.tolist() == want


def test_cancel_stops_the_computation(data) -> None:
    x, y = data
    stop = threading.Event()
    stop.set()
    with pytest.raises(InterruptedError):
        digitmap.compute(tiny(), x, y, cancel=stop)
    calls = []

    def progress(done: int, total: int, what: str) -> None:  # cancel once the layout has begun
        calls.append(done)
        if what == "laying the map out":
            stop.set()

    stop.clear()
    with pytest.raises(InterruptedError):
        digitmap.compute(tiny(), x, y, cancel=stop, progress=progress)
    assert calls and max(calls) < digitmap.PROGRESS_TOTAL


def test_the_cache_is_per_model_file_and_a_damaged_one_is_recomputed(data, tmp_path: Path) -> None:
    x, y = data
    a = save(tiny(1), tmp_path / "a.keras")
    b = save(tiny(2), tmp_path / "b.keras")
    from mnist_gui.core import store

    first = digitmap.compute_or_load(store.load_model(a), x, y, model_file=a)
    assert not first.from_cache and digitmap.cache_path(first.model_sha256).exists()
    again = digitmap.compute_or_load(store.load_model(a), x, y, model_file=a)
    assert again.from_cache
    np.testing.assert_array_equal(again.coords, first.coords)
    other = digitmap.compute_or_load(store.load_model(b), x, y, model_file=b)
    assert not other.from_cache and other.model_sha256 != first.model_sha256
    # other digits: not the cached map
    assert not digitmap.compute_or_load(store.load_model(a), x[:100], y[:100], model_file=a).from_cache
    digitmap.cache_path(first.model_sha256).write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(digitmap.DigitMapError):
        digitmap.DigitMap.load(digitmap.cache_path(first.model_sha256))
    redone = digitmap.compute_or_load(store.load_model(a), x, y, model_file=a)
    assert not redone.from_cache
    assert digitmap.compute_or_load(store.load_model(a), x, y, model_file=a).from_cache


def test_export_csv_and_png(data, tmp_path: Path) -> None:
    x, y = data
    m = digitmap.compute(tiny(), x, y)
    csv = write_csv(m, tmp_path / "m.csv").read_text().splitlines()
    assert csv[0] == "index,x,y,label,prediction" and len(csv) == len(x) + 1
    i, cx, cy, label, pred = csv[1].split(",")
    assert int(i) == 0 and int(label) == y[0] and int(pred) == m.predictions[0]
    assert abs(float(cx) - m.coords[0, 0]) < 1e-3
    png = write_png(m, tmp_path / "m.png", placed=m.coords[0])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
