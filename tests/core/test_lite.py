"""The NumPy inference path (core/lite.py) reproduces Keras, and refuses what it cannot run."""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core import files, lite, models


def _digits(n: int = 64) -> np.ndarray:
    rng = np.random.default_rng(0)
    x = np.zeros((n, 28, 28), np.float32)
    x[:, 6:22, 8:20] = rng.random((n, 16, 12), dtype=np.float32)
    return x


@pytest.mark.parametrize("arch", models.architecture_names())
def test_every_architecture_matches_keras(arch: str, tmp_path: Path) -> None:
    m = models.build_model(arch, augment=True)  # augmentation layers are identities at inference
    # Non-trivial batch-norm statistics, so that the test sees them used.
    for layer in m.layers:
        if layer.__class__.__name__ == "BatchNormalization":
            g, b, mean, var = layer.get_weights()
            rng = np.random.default_rng(1)
            layer.set_weights([g * 1.5, b + 0.1, mean + rng.random(mean.shape), var + rng.random(var.shape)])
    path = tmp_path / f"{arch}.keras"
    m.save(path)
    worst, differ = lite.agreement(lite.load(path), m, _digits())
    assert worst < 1e-5 and differ == 0


def test_nested_ensemble_matches_keras(tmp_path: Path) -> None:
    import keras

    from mnist_gui.core.recipe import ensemble

    a, b = models.build_model("small"), models.build_model("small")
    m = ensemble([a, b])
    assert isinstance(m, keras.Model)
    m.save(tmp_path / "e.keras")
    worst, differ = lite.agreement(lite.load(tmp_path / "e.keras"), m, _digits())
    assert worst < 1e-5 and differ == 0


def _rewrite(src: Path, dst: Path, config=None, weights: bytes | None = None) -> Path:
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    if config is not None:
        members["config.json"] = config if isinstance(config, bytes) else json.dumps(config).encode()
    if weights is not None:
        members["model.weights.h5"] = weights
    with zipfile.ZipFile(dst, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    return dst


def test_unknown_layer_is_unsupported(small_model_file: Path, tmp_path: Path) -> None:
    cfg = json.loads(zipfile.ZipFile(small_model_file).read("config.json"))
    cfg["config"]["layers"][1]["class_name"] = "LayerNormalization"
    with pytest.raises(lite.LiteUnsupported, match="LayerNormalization"):
        lite.load(_rewrite(small_model_file, tmp_path / "x.keras", cfg))


def test_weights_of_the_wrong_shape_are_refused(small_model_file: Path, tmp_path: Path) -> None:
    cfg = json.loads(zipfile.ZipFile(small_model_file).read("config.json"))
    conv = next(layer for layer in cfg["config"]["layers"] if layer["class_name"] == "Conv2D")
    conv["config"]["filters"] = 900_000  # declares a kernel far larger than the weights in the file
    with pytest.raises(lite.LiteUnsupported, match="weights"):
        lite.load(_rewrite(small_model_file, tmp_path / "x.keras", cfg))


def test_deep_json_and_fifo_are_refused(small_model_file: Path, tmp_path: Path) -> None:
    with pytest.raises(lite.LiteUnsupported, match="deep"):
        lite.load(_rewrite(small_model_file, tmp_path / "deep.keras", b"[" * 20000 + b"]" * 20000))
    fifo = tmp_path / "pipe.keras"
    os.mkfifo(fifo)
    with pytest.raises(lite.LiteUnsupported, match="not a regular file"):
        lite.load(fifo)


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert files.json_depth(b'{"a": "[[[[{{{{", "b": [1, {"c": "]]]"}]}') == 3
    with pytest.raises(ValueError, match="NaN"):
        files.loads_json_checked(b"[NaN]")


@pytest.mark.slow
def test_bundled_model_matches_keras_on_all_test_digits(real_mnist) -> None:
    """The fast start path answers exactly what the bundled Keras model answers."""
    from mnist_gui.core import store
    from mnist_gui.paths import default_model_path

    worst, differ = lite.agreement(lite.load(default_model_path()), store.load_model(default_model_path()),
                                   real_mnist.x_test)
    assert differ == 0, f"{differ} of 10,000 test digits get another top class"
    assert worst < 1e-5
