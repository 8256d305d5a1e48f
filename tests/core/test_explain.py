"""Evidence maps and feature maps (core.explain), with the sanity checks in a reduced form."""
from __future__ import annotations

import numpy as np
import pytest

from mnist_gui.core import explain
from tests.synthetic import glyphs


@pytest.fixture(scope="module")
def trained():
    """A small conv net trained on shifted synthetic glyphs until it reads them."""
    import keras

    from mnist_gui.core import models

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    g = glyphs()
    idx = rng.integers(0, 10, 1500)
    x = np.stack([np.roll(g[i], (rng.integers(-2, 3), rng.integers(-2, 3)), axis=(0, 1)) for i in idx])
    model = models.build_model("small")
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    model.fit(x[..., None].astype(np.float32) / 255.0, idx, epochs=4, batch_size=32, verbose=0)
    return model


def dense_only():
    import keras

    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                             keras.layers.Dense(10, activation="softmax")])


def test_map_shape_finite_and_batch(trained) -> None:
    x = glyphs()[3].astype(np.float32) / 255.0
    m = explain.evidence_map(trained, x, 3, 8)
    assert m.shape == (28, 28) and m.dtype == np.float32 and np.isfinite(m).all()
    batch = explain.evidence_maps(trained, glyphs()[:4], 3)
    assert batch.shape == (4, 28, 28)
    np.testing.assert_allclose(explain.evidence_maps(trained, x[None], 3, 8)[0], m, rtol=1e-4, atol=1e-6)


def test_constant_input_gives_flat_map(trained) -> None:
    assert not explain.evidence_map(trained, np.zeros((28, 28), np.float32), 5).any()


def test_no_ink_no_evidence(trained) -> None:
    """Pixels without ink carry no evidence (black baseline)."""
    x = glyphs()[7].astype(np.float32) / 255.0
    m = explain.evidence_map(trained, x, 7, 1)
    assert not m[x == 0].any()


def test_completeness(trained) -> None:
    """The map's sum is (about) the margin's change from the black picture."""
    x = glyphs()[2].astype(np.float32) / 255.0
    m = explain.evidence_map(trained, x, 2, 7)
    p1 = np.log(np.asarray(trained(x[None, ..., None], training=False))[0])
    p0 = np.log(np.asarray(trained(np.zeros((1, 28, 28, 1), np.float32), training=False))[0])
    change = (p1[2] - p1[7]) - (p0[2] - p0[7])
    assert m.sum() == pytest.approx(change, rel=0.15, abs=0.2)


def test_sanity_checks_on_a_tiny_trained_model(trained) -> None:
    import keras

    rng = np.random.default_rng(1)
    g = glyphs()
    x = np.stack([np.roll(g[d % 10], (rng.integers(-2, 3), rng.integers(-2, 3)), axis=(0, 1))
                  for d in range(40)]).astype(np.float32) / 255.0
    probs = np.asarray(trained(x[..., None], training=False))
    pred = probs.argmax(1)
    maps = np.stack([explain.evidence_map(trained, xi, *explain.default_targets(p)) for xi, p in zip(x, probs)])
    d_map, d_rand = explain.deletion_drops(trained, x, maps, pred, fraction=0.1)
    assert d_map.mean() > 2.0 * d_rand.mean()
    random_model = keras.models.clone_model(trained)
    rmaps = np.stack([explain.evidence_map(random_model, xi, *explain.default_targets(p)) for xi, p in zip(x, probs)])
    rho = np.mean([explain.spearman(a, b) for a, b in zip(maps, rmaps)])
    assert rho < 0.3


def test_default_targets() -> None:
    p = np.array([0.01, 0.6, 0.02, 0.3, 0.01, 0.01, 0.01, 0.02, 0.01, 0.01])
    assert explain.default_targets(p) == (1, 3)
    assert explain.default_targets(p, 1) == (1, 3)
    assert explain.default_targets(p, 7) == (7, 1)


def test_bad_classes(trained) -> None:
    with pytest.raises(ValueError):
        explain.evidence_map(trained, np.zeros((28, 28)), 10)


def test_feature_maps_every_conv_layer_and_filters(trained) -> None:
    fm = explain.feature_maps(trained, glyphs()[4].astype(np.float32) / 255.0)
    convs = [layer for layer in trained.layers if "conv" in layer.name]
    assert [n for n, _, _ in fm.layers] == [c.name for c in convs]
    for (_, shape, acts), c in zip(fm.layers, convs):
        assert acts.shape == shape == tuple(c.output.shape[1:])
        assert np.isfinite(acts).all()
    assert fm.filters is not None and fm.filters.shape == (3, 3, 16)


def test_dense_only_model_has_no_feature_maps_but_has_evidence() -> None:
    model = dense_only()
    with pytest.raises(explain.ExplainError, match="no convolution layers"):
        explain.feature_maps(model, np.zeros((28, 28)))
    assert explain.evidence_map(model, glyphs()[1] / 255.0, 1).shape == (28, 28)


def test_model_of_another_shape_is_refused() -> None:
    import keras

    other = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    with pytest.raises(explain.ExplainError):
        explain.evidence_map(other, np.zeros((28, 28)), 1)
    with pytest.raises(explain.ExplainError):
        explain.feature_maps(other, np.zeros((28, 28)))


def test_spearman() -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0])
    assert explain.spearman(a, a * 10) == pytest.approx(1.0)
    assert explain.spearman(a, -a) == pytest.approx(-1.0)
    assert explain.spearman(np.array([1.0, 1.0, 2.0]), np.array([5.0, 5.0, 9.0])) == pytest.approx(1.0)
    assert explain.spearman(np.zeros(5), a[:1].repeat(5)) == 0.0


def test_ensemble_feature_maps_come_from_its_first_member(trained) -> None:
    import keras

    from mnist_gui.core import recipe

    twin = keras.models.clone_model(trained)
    twin.set_weights(trained.get_weights())
    other = keras.models.clone_model(trained)
    other.set_weights(trained.get_weights())
    ens = recipe.ensemble([twin, other])
    x = glyphs()[6].astype(np.float32) / 255.0
    np.testing.assert_allclose(np.asarray(ens(x[None, ..., None])), np.asarray(trained(x[None, ..., None])),
                               rtol=1e-5, atol=1e-6)
    fm = explain.feature_maps(ens, x)
    assert fm.layers and all(name.startswith("member_1 / ") for name, _, _ in fm.layers)
    plain = explain.feature_maps(trained, x)
    for (_, _, a), (_, _, b) in zip(fm.layers, plain.layers):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    m = explain.evidence_map(ens, x, 6, 5)
    assert m.shape == (28, 28) and np.isfinite(m).all()
