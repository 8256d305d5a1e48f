"""The architecture check of model archives (issue 25, defect 3): layer types it cannot count are
refused, every layer's output is held to an activation budget, and the weights it counts must be
the ones the archive stores, all before Keras builds anything; every model the app makes passes."""
from __future__ import annotations

import json
import math
import resource
import time
import zipfile
from pathlib import Path

import pytest

from mnist_gui.core import archcheck, lite, models, recipe, store
from mnist_gui.core.store import ModelFileError
from mnist_gui.paths import default_model_path


def upsampling_archive(path: Path) -> Path:
    """A valid model of 21 weights whose UpSampling2D(1000, 1000) makes a 28,000 x 28,000 map."""
    import keras
    from keras import layers

    m = keras.Sequential([keras.Input((28, 28, 1)), layers.UpSampling2D((1000, 1000)),
                          layers.Conv2D(1, 3, strides=1000), layers.GlobalAveragePooling2D(),
                          layers.Dense(10, activation="softmax")])
    m.save(path)
    return path


def einsum_archive(small: Path, path: Path, weights: bytes | None = None) -> Path:
    """The small network with an EinsumDense declaring a 128 x 3,000,000 kernel (1.5 GB) inserted,
    and ``weights`` (default: the small network's) as its weights file."""
    with zipfile.ZipFile(small) as z:
        members = {n: z.read(n) for n in z.namelist()}
    cfg = json.loads(members["config.json"])
    cfg["config"]["layers"].insert(1, {
        "module": "keras.layers", "class_name": "EinsumDense", "name": "huge",
        "config": {"name": "huge", "equation": "ab,bc->ac", "output_shape": [3_000_000], "bias_axes": None},
        "build_config": {"input_shape": [None, 128]}})
    members["config.json"] = json.dumps(cfg).encode()
    if weights is not None:
        members["model.weights.h5"] = weights
    with zipfile.ZipFile(path, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    return path


def _refused_quickly(path: Path, *fragments: str) -> str:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.monotonic()
    with pytest.raises(ModelFileError) as exc:
        store.load_model(path)
    elapsed = time.monotonic() - t0
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith(str(path)), msg
    for fragment in fragments:
        assert fragment in msg, msg
    assert elapsed < 2, f"{elapsed:.1f} s to refuse it"
    assert grown_mb < 100, f"peak memory grew by {grown_mb:.0f} MB refusing it"
    return msg


def test_upsampling_to_a_huge_map_is_refused_quickly(tmp_path: Path) -> None:
    p = upsampling_archive(tmp_path / "up.keras")
    msg = _refused_quickly(p, "UpSampling2D", "(28000, 28000, 1)", "values per digit")
    assert "784,000,000" in msg
    with pytest.raises(lite.LiteUnsupported):
        lite.load(p)


def test_unknown_layer_type_is_refused_before_its_weights_are_read(small_model_file: Path, tmp_path: Path) -> None:
    # Not even a valid weights file: the refusal comes from the configuration alone.
    p = einsum_archive(small_model_file, tmp_path / "einsum.keras", weights=b"\0" * 1_000_000)
    msg = _refused_quickly(p, "EinsumDense", "'huge'", "cannot check")
    assert "corrupt" not in msg


def test_every_architecture_of_the_app_is_accepted_and_counted(tmp_path: Path) -> None:
    import numpy as np

    for name in models.architecture_names():
        for augment in (False, True):
            m = models.build_model(name, augment=augment)
            if augment:  # a compiled save also stores the optimizer's variables: not layer weights
                m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                m.fit(np.zeros((2, 28, 28, 1), np.float32), np.zeros(2, int), epochs=1, verbose=0)
            p = tmp_path / f"{name}-{augment}.keras"
            m.save(p)
            config = json.loads(zipfile.ZipFile(p).read("config.json"))
            out, counted = archcheck.check(config)
            assert out == (10,)
            assert sum(math.prod(s) for s in counted) == m.count_params(), name
            store.load_model(p)


def test_the_bundled_ensemble_and_a_recipe_ensemble_are_accepted(tmp_path: Path) -> None:
    bundled = default_model_path()
    config = json.loads(zipfile.ZipFile(bundled).read("config.json"))
    out, counted = archcheck.check(config)
    assert out == (10,) and len(counted) >= 64  # two or more members of 32 arrays
    with zipfile.ZipFile(bundled) as z:
        store.check_architecture(config, z)
    e = recipe.ensemble([models.build_model("quick"), models.build_model("small")])
    e.save(tmp_path / "ens.keras")
    store.load_model(tmp_path / "ens.keras")


def test_weights_that_differ_from_the_declared_ones_are_refused(small_model_file: Path, tmp_path: Path) -> None:
    cfg = json.loads(zipfile.ZipFile(small_model_file).read("config.json"))
    dense = next(layer for layer in cfg["config"]["layers"] if layer["class_name"] == "Dense")
    dense["config"]["use_bias"] = False  # one array fewer than the file holds
    p = tmp_path / "nobias.keras"
    with zipfile.ZipFile(small_model_file) as src, zipfile.ZipFile(p, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, json.dumps(cfg) if info.filename == "config.json" else src.read(info.filename))
    _refused_quickly(p, "declares", "the file holds")


def _seq(*layers: dict) -> dict:
    return {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"name": "in", "batch_shape": [None, 28, 28, 1]}}, *layers]}}


def _layer(cls: str, **cfg) -> dict:
    return {"class_name": cls, "config": {"name": cls.lower(), **cfg}}


@pytest.mark.parametrize("layers, fragment", [
    ([_layer("Conv2D", filters=1_000_000, kernel_size=[1, 1])], "values per digit"),
    ([_layer("ZeroPadding2D", padding=[[5000, 5000], [5000, 5000]])], "values per digit"),
    ([_layer("Resizing", height=5000, width=5000)], "values per digit"),
    ([_layer("Flatten"), _layer("Dense", units=100_000), _layer("Dense", units=1000)], "weights"),
    ([_layer("Conv2D", filters=600, kernel_size=[3, 3], padding="same"),
      _layer("Conv2D", filters=600, kernel_size=[3, 3], padding="same")], "multiply-adds"),
    ([_layer("Flatten"), _layer("Dense", units=10, lora_rank=4)], "LoRA"),
    ([_layer("Lambda", function="x")], "refused for safety"),
    ([_layer("Conv3D", filters=1, kernel_size=[1, 1, 1])], "cannot check"),
    ([_layer("Reshape", target_shape=[7, 7])], "cannot reshape"),
    ([_layer("Conv2D", filters=2, kernel_size=[40, 40])], "larger than its input"),
    ([_layer("Conv2D", filters="many", kernel_size=[3, 3])], "not a whole number"),
])
def test_crafted_configurations_are_refused_with_one_line(layers, fragment: str) -> None:
    with pytest.raises(archcheck.ArchitectureError) as exc:
        archcheck.check(_seq(*layers))
    assert fragment in str(exc.value) and "\n" not in str(exc.value), str(exc.value)


def test_shapes_are_propagated_like_keras() -> None:
    import keras
    from keras import layers

    m = keras.Sequential([keras.Input((28, 28, 1)), layers.ZeroPadding2D(((1, 2), (3, 4))),
                          layers.Cropping2D(1), layers.DepthwiseConv2D(3, depth_multiplier=2, strides=2),
                          layers.SeparableConv2D(8, 3, padding="same"), layers.AveragePooling2D(2, padding="same"),
                          layers.UpSampling2D(2), layers.Resizing(9, 9), layers.LayerNormalization(),
                          layers.Reshape((81, 8)), layers.Dense(4), layers.Flatten(), layers.Dense(10)])
    out, counted = archcheck.check(json.loads(json.dumps(keras.saving.serialize_keras_object(m))))
    assert out == (10,)
    assert sum(math.prod(s) for s in counted) == m.count_params()
