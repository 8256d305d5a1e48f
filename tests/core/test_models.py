"""Tests for mnist_gui.core.models: the architecture registry and model building."""
from __future__ import annotations

import numpy as np
import pytest

from mnist_gui.core import models
from mnist_gui.core.models import INPUT_SHAPE, NUM_CLASSES


def test_registry_names_default_first() -> None:
    names = models.architecture_names()
    assert names[0] == "default"
    assert set(names) == {"default", "robust", "tutorial", "quick", "lenet", "small"}
    assert names == list(models.ARCHITECTURES)
    for name in names:
        arch = models.get_architecture(name)
        assert arch.name == name
        assert arch.title and arch.description
        d = arch.defaults
        assert d.epochs >= 1 and d.batch_size >= 1 and 0 < d.learning_rate <= 1
        assert d.lr_schedule in ("constant", "cosine", "onecycle")


@pytest.mark.parametrize("name", ["default", "tutorial", "small"])
def test_each_architecture_builds_with_mnist_shapes(name: str) -> None:
    model = models.build_model(name)
    assert tuple(model.input_shape) == (None, *INPUT_SHAPE)
    assert tuple(model.output_shape) == (None, NUM_CLASSES)
    probs = np.asarray(model(np.zeros((2, *INPUT_SHAPE), np.float32), training=False))
    assert probs.shape == (2, NUM_CLASSES)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)  # softmax output


def test_tutorial_is_exactly_the_keras_tutorial_network() -> None:
    from keras import layers

    model = models.build_model("tutorial")
    kinds = [type(layer) for layer in model.layers]
    assert kinds == [layers.Conv2D, layers.Conv2D, layers.Flatten, layers.Dense]
    c1, c2, _, dense = model.layers
    for conv, filters in ((c1, 64), (c2, 32)):
        cfg = conv.get_config()
        assert cfg["filters"] == filters
        assert tuple(cfg["kernel_size"]) == (3, 3)
        assert cfg["activation"] == "relu"
        assert cfg["padding"] == "valid"
    dcfg = dense.get_config()
    assert dcfg["units"] == 10 and dcfg["activation"] == "softmax"
    # 28 -> 26 -> 24 after two valid 3x3 convolutions: 24*24*32 inputs to the dense layer.
    assert model.count_params() == (3 * 3 * 1 * 64 + 64) + (3 * 3 * 64 * 32 + 32) + (24 * 24 * 32 * 10 + 10)


def test_tutorial_defaults_are_the_tutorials() -> None:
    d = models.get_architecture("tutorial").defaults
    assert (d.epochs, d.batch_size, d.learning_rate) == (3, 32, 1e-3)
    assert d.augment is False and d.lr_schedule == "constant" and d.validation_split == 0.0


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(ValueError) as exc:
        models.get_architecture("resnet999")
    msg = str(exc.value)
    assert "resnet999" in msg
    for name in models.architecture_names():
        assert name in msg
    with pytest.raises(ValueError, match="default"):
        models.build_model("nope")


def test_augmentation_is_identity_at_inference() -> None:
    model = models.build_model("small", augment=True)
    aug_names = {layer.name for layer in models.augmentation_layers()}
    assert aug_names <= {layer.name for layer in model.layers}
    inner = model.layers[-1]
    assert inner.name == "small"
    assert tuple(model.input_shape) == (None, *INPUT_SHAPE)
    assert tuple(model.output_shape) == (None, NUM_CLASSES)
    x = np.random.default_rng(0).random((4, *INPUT_SHAPE), dtype=np.float32)
    np.testing.assert_allclose(
        np.asarray(model(x, training=False)), np.asarray(inner(x, training=False)), rtol=1e-6, atol=1e-7
    )


def test_augmentation_changes_inputs_while_training() -> None:
    import keras

    layers = models.augmentation_layers()
    x = np.zeros((8, *INPUT_SHAPE), np.float32)
    x[:, 6:22, 12:16, 0] = 1.0  # a vertical bar: rotations/shifts move it
    keras.utils.set_random_seed(0)
    y = x
    for layer in layers:
        y = layer(y, training=True)
    assert not np.allclose(np.asarray(y), x)
    z = x
    for layer in layers:
        z = layer(z, training=False)
    np.testing.assert_array_equal(np.asarray(z), x)
