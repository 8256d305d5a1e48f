"""The bundled model's recipe: writer split, pen rendering, augmented batches, a tiny training run."""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np

from mnist_gui.core import augment, recipe
from tests.synthetic import glyphs


def test_writer_split_is_stable_disjoint_and_holds_out_about_a_third() -> None:
    writers = [f"pendigits-{i}" for i in range(1, 31)]
    train, held = recipe.split_writers(writers * 2)
    assert set(train).isdisjoint(held) and set(train) | set(held) == set(writers)
    assert 5 <= len(held) <= 15
    assert recipe.split_writers(list(reversed(writers))) == (train, held)
    assert all(recipe.is_held_out(w) for w in held)


def test_random_placement_keeps_shape_inside_canvas() -> None:
    strokes = [[(0.2, 0.2), (0.8, 0.2), (0.8, 0.9)], [(0.5, 0.5)]]
    rng = np.random.default_rng(0)
    for _ in range(50):
        out = recipe.random_placement(strokes, rng)
        pts = np.array([p for s in out for p in s])
        assert pts.min() >= 0.0 and pts.max() <= 1.0
        # same proportions: width/height of the bounding box kept
        w, h = np.ptp(pts[:, 0]), np.ptp(pts[:, 1])
        assert abs(w / h - 0.6 / 0.7) < 1e-6


def test_render_pen_digits_variants_and_missing_digits() -> None:
    samples = [SimpleNamespace(strokes=[[(0.1, 0.1), (0.9, 0.9)]], label=d) for d in range(3)]
    calls = []

    def render(strokes):
        calls.append(strokes)
        return None if len(calls) == 2 else np.full((28, 28), 0.5, np.float32)

    x, y = recipe.render_pen_digits(samples, render, variants=2, seed=0)
    assert len(calls) == 6
    assert calls[0] == samples[0].strokes and calls[1] != samples[0].strokes  # first as written
    assert x.shape == (5, 28, 28) and x.dtype == np.uint8 and (x == 128).all()
    assert y.tolist() == [0, 1, 1, 2, 2]


def test_batches_are_deterministic_and_mix_both_sources() -> None:
    g = glyphs()
    rec = replace(recipe.Recipe(), batch_size=8, seed=5)
    xm, ym = g, np.arange(10)
    xp, yp = g[:4], np.arange(4)
    a, n = recipe._batches(xm, ym, xp, yp, rec)
    b, _ = recipe._batches(xm, ym, xp, yp, rec)
    assert n == 14 and len(a) == 2
    xa, ya = a[0]
    xb, yb = b[0]
    assert xa.shape == (8, 28, 28, 1) and xa.dtype == np.float32
    assert np.array_equal(xa, xb) and np.array_equal(ya, yb)
    seen = np.concatenate([a[i][1] for i in range(len(a))])
    assert sorted(seen.tolist()) == sorted(list(range(10)) + list(range(4)))
    a.on_epoch_end()
    assert not np.array_equal(a[0][0], xa)  # a new epoch: new order, new augmentation


def test_tiny_recipe_run_learns() -> None:
    rng = np.random.default_rng(0)
    g = glyphs()
    idx = rng.integers(0, 10, 600)
    x = np.stack([np.roll(g[i], (rng.integers(-1, 2), rng.integers(-1, 2)), axis=(0, 1)) for i in idx])
    rec = replace(recipe.Recipe(), arch="small", epochs=3, batch_size=32, learning_rate=3e-3,
                  augment=augment.AugmentConfig(p_geometry=0.3))
    res = recipe.train_recipe(rec, x[:500], idx[:500], x[500:], idx[500:].astype(np.int32))
    assert res.epochs_completed == 3 and not res.cancelled
    assert res.samples_trained == 3 * 600
    probs = np.asarray(res.model.predict(g[..., None].astype(np.float32) / 255.0, verbose=0))
    assert probs.shape == (10, 10)
    assert (probs.argmax(1) == np.arange(10)).mean() >= 0.8
    assert res.history["loss"][-1] < res.history["loss"][0]


def test_members_and_fingerprints() -> None:
    rec = recipe.Recipe()
    assert rec.members == (1, 2)
    m2 = recipe.member(rec, 2)
    assert m2.seed == 2 and m2.members == (2,) and m2.epochs == rec.epochs
    fp = recipe.member_fingerprint(m2, "a" * 64, "b" * 64)
    assert fp == recipe.member_fingerprint(recipe.member(rec, 2), "a" * 64, "b" * 64)
    assert fp != recipe.member_fingerprint(recipe.member(rec, 3), "a" * 64, "b" * 64)
    assert fp != recipe.member_fingerprint(m2, "c" * 64, "b" * 64)
    assert fp != recipe.member_fingerprint(replace(m2, epochs=3), "a" * 64, "b" * 64)
    assert fp != recipe.member_fingerprint(m2, "a" * 64, "b" * 64, limit=100)


def test_ensemble_averages_probabilities() -> None:
    import keras

    def const(p):
        inp = keras.Input((28, 28, 1))
        z = keras.layers.Flatten()(inp)
        z = keras.layers.Dense(10, kernel_initializer="zeros", bias_initializer=keras.initializers.Constant(p))(z)
        return keras.Model(inp, keras.layers.Softmax()(z))

    a, b = const(np.log(np.eye(10)[3] * 0.9 + 0.01)), const(np.log(np.eye(10)[5] * 0.9 + 0.01))
    e = recipe.ensemble([a, b])
    x = np.zeros((1, 28, 28, 1), np.float32)
    np.testing.assert_allclose(np.asarray(e(x)), (np.asarray(a(x)) + np.asarray(b(x))) / 2, rtol=1e-5)
    assert recipe.ensemble([a]) is a
