"""Tests for mnist_gui.core.store: atomic save with a model card, safe load of untrusted files."""
from __future__ import annotations

import errno
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from mnist_gui.core import models, store
from mnist_gui.core.store import ModelFileError

CARD_KEYS = {"architecture", "hyperparameters", "dataset_sha256", "epochs_completed", "test_accuracy",
             "training_time_s", "date", "versions"}


def probe(n: int = 6) -> np.ndarray:
    return np.random.default_rng(1).random((n, 28, 28, 1), dtype=np.float32)


def predict(model, x: np.ndarray) -> np.ndarray:
    return np.asarray(model(x, training=False))


def sample_card(**extra) -> dict:
    return store.make_card(arch="small", hyperparameters={"epochs": 1, "batch_size": 32},
                           dataset_sha256="ab" * 32, epochs_completed=1, test_accuracy=0.98765432,
                           training_time_s=12.345, samples_trained=300, extra=extra or None)


@pytest.fixture(scope="module")
def model():
    import keras

    keras.utils.set_random_seed(3)
    return models.build_model("small")


@pytest.fixture(scope="module")
def saved(model, tmp_path_factory) -> Path:
    """A valid model file (with its card) to copy and mangle."""
    path = tmp_path_factory.mktemp("saved") / "good.keras"
    store.save_model(model, path, sample_card())
    return path


def keras_save(m, path: Path) -> Path:
    """Save with Keras itself, bypassing store (for foreign or hostile files)."""
    m.save(path)
    return path


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --------------------------------------------------------------------------- save / load


def test_round_trip_and_card(model, saved: Path) -> None:
    loaded = store.load_model(saved)
    np.testing.assert_allclose(predict(loaded, probe()), predict(model, probe()), rtol=1e-6, atol=1e-7)
    assert tuple(loaded.input_shape) == (None, 28, 28, 1) and tuple(loaded.output_shape) == (None, 10)
    assert listing(saved.parent) == {"good.keras", "good.card.json"}
    card = json.loads((saved.parent / "good.card.json").read_text(encoding="utf-8"))
    assert CARD_KEYS <= set(card)
    assert card == store.read_card(saved)
    assert card["format"] == store.CARD_FORMAT
    assert card["architecture"] == "small"
    assert card["hyperparameters"] == {"epochs": 1, "batch_size": 32}
    assert card["dataset_sha256"] == "ab" * 32
    assert card["epochs_completed"] == 1 and card["samples_trained"] == 300 and card["cancelled"] is False
    assert card["test_accuracy"] == 0.987654 and card["training_time_s"] == 12.3
    assert card["date"].endswith("+00:00")
    assert {"mnist_gui", "keras", "numpy", "python", "backend"} <= set(card["versions"])


def test_save_returns_the_path_and_adds_the_suffix(model, tmp_path: Path) -> None:
    p = store.save_model(model, tmp_path / "mine")
    assert p == tmp_path / "mine.keras" and p.is_file()
    assert store.read_card(p) is None  # no card asked for, none written
    p2 = store.save_model(model, tmp_path / "other.h5")
    assert p2.name == "other.h5.keras"
    assert listing(tmp_path) == {"mine.keras", "other.h5.keras"}


def test_make_card_extra_and_none_values() -> None:
    card = store.make_card(arch="tutorial", hyperparameters={}, dataset_sha256=None, epochs_completed=0,
                           test_accuracy=None, training_time_s=None, cancelled=True, extra={"note": "x"})
    assert card["test_accuracy"] is None and card["training_time_s"] is None and card["cancelled"] is True
    assert card["note"] == "x"
    json.dumps(card)  # serialisable


def test_card_path() -> None:
    assert store.card_path("/a/b/net.keras") == Path("/a/b/net.card.json")


# --------------------------------------------------------------------------- failing saves


@pytest.fixture
def old(model, saved: Path, tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A folder with an existing model + card (copied from ``saved``)."""
    target = tmp_path / "net.keras"
    target.write_bytes(saved.read_bytes())
    store.card_path(target).write_bytes(store.card_path(saved).read_bytes())
    return target, target.read_bytes(), store.card_path(target).read_bytes()


def assert_untouched(old: tuple[Path, bytes, bytes]) -> None:
    target, model_bytes, card_bytes = old
    assert target.read_bytes() == model_bytes
    assert store.card_path(target).read_bytes() == card_bytes
    assert listing(target.parent) == {"net.keras", "net.card.json"}  # no temporary file left


def test_disk_full_during_save_keeps_the_old_file(model, old, monkeypatch) -> None:
    other = models.build_model("small")
    written: list[str] = []

    def failing_save(path, *args, **kwargs) -> None:
        written.append(str(path))
        with open(path, "wb") as f:
            f.write(b"PK\x03\x04partial")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(other, "save", failing_save)
    with pytest.raises(ModelFileError) as exc:
        store.save_model(other, old[0], sample_card())
    msg = str(exc.value)
    assert "No space left" in msg and str(old[0]) in msg and "\n" not in msg
    assert len(written) == 1 and Path(written[0]).parent == old[0].parent  # temp file in the same folder
    assert Path(written[0]) != old[0]
    assert_untouched(old)


def test_unwritable_folder_is_a_model_file_error(model, old, monkeypatch) -> None:
    def no_permission(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(model, "save", no_permission)
    with pytest.raises(ModelFileError, match="Permission denied"):
        store.save_model(model, old[0], sample_card())
    monkeypatch.undo()
    assert_untouched(old)


def test_card_beside_the_model_failing_still_leaves_a_matching_pair(model, old, monkeypatch) -> None:
    """The card is written after the model; if that fails, the new model carries its card inside."""
    def fail(path, data):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(store, "_write_json_atomic", fail)
    store.save_model(model, old[0], sample_card())
    monkeypatch.undo()
    card = store.read_card(old[0])
    assert card is not None and card["model_id"] == store.embedded_card(old[0])["model_id"]
    assert store.card_path(old[0]).read_bytes() == old[2]  # the stale card beside it is not believed
    store.load_model(old[0])


def test_save_that_does_not_verify_is_refused(model, old, monkeypatch) -> None:
    different = models.build_model("small")  # other random weights
    monkeypatch.setattr(store, "load_model", lambda path: different)
    with pytest.raises(ModelFileError, match="does not reproduce"):
        store.save_model(model, old[0], sample_card())
    assert_untouched(old)


def test_interrupted_save_leaves_no_temporary_file(old, monkeypatch) -> None:
    other = models.build_model("small")

    def interrupted(path, *args, **kwargs) -> None:
        Path(path).write_bytes(b"PK partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(other, "save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.save_model(other, old[0])
    assert_untouched(old)


def test_save_errors_are_one_line(old, monkeypatch) -> None:
    other = models.build_model("small")

    def weird(path, *args, **kwargs) -> None:
        raise RuntimeError("first line\nsecond line\nthird")

    monkeypatch.setattr(other, "save", weird)
    with pytest.raises(ModelFileError) as exc:
        store.save_model(other, old[0])
    assert str(exc.value).endswith("first line")
    assert_untouched(old)


def test_save_into_missing_folder(model, tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="does not exist"):
        store.save_model(model, tmp_path / "nope" / "m.keras")


def test_save_refuses_a_model_of_the_wrong_shape(tmp_path: Path) -> None:
    import keras

    bad = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(5)])
    with pytest.raises(ModelFileError, match="outputs"):
        store.save_model(bad, tmp_path / "bad.keras")
    assert listing(tmp_path) == set()


# --------------------------------------------------------------------------- hostile and broken files


def test_lambda_layer_is_refused_and_never_runs(tmp_path: Path) -> None:
    import keras
    from keras import layers

    marker = tmp_path / "lambda-ran"
    # The path is a constant inside the lambda's own code, as an attacker would write it.
    touch = eval(f"lambda x: (__import__('pathlib').Path({str(marker)!r}).touch(), x)[1]")  # noqa: S307
    m = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Lambda(touch),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    path = keras_save(m, tmp_path / "hostile.keras")
    assert marker.exists()  # building the model ran the lambda: the test is able to see it
    marker.unlink()
    with pytest.raises(ModelFileError, match="refused for safety"):
        store.load_model(path)
    assert not marker.exists()
    # The same with an innocent-looking extension.
    disguised = tmp_path / "weights.bin"
    disguised.write_bytes(path.read_bytes())
    with pytest.raises(ModelFileError, match="refused for safety"):
        store.load_model(disguised)
    assert not marker.exists()
    # load_model must not have switched unsafe deserialisation on for everyone.
    from keras.src.saving import serialization_lib

    assert serialization_lib.in_safe_mode() is not False


def test_config_naming_a_foreign_function_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "os.keras"
    cfg = {"module": "os", "class_name": "system", "config": {"command": f"touch {marker}"}, "registered_name": None}
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("config.json", json.dumps(cfg))
        z.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
    with pytest.raises(ModelFileError) as exc:
        store.load_model(path)
    assert "\n" not in str(exc.value)
    assert not marker.exists()


def test_h5_files_are_refused(tmp_path: Path) -> None:
    import keras

    m = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    try:
        h5 = keras_save(m, tmp_path / "legacy.h5")
    except ImportError:  # no h5py: the signature is what matters
        h5 = tmp_path / "legacy.h5"
        h5.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(1000))
    with pytest.raises(ModelFileError, match=r"HDF5 \(\.h5\)"):
        store.load_model(h5)
    renamed = tmp_path / "legacy.keras"  # never trust the extension
    renamed.write_bytes(h5.read_bytes())
    with pytest.raises(ModelFileError, match="HDF5"):
        store.load_model(renamed)


def refused(path: Path, fragment: str) -> str:
    with pytest.raises(ModelFileError) as exc:
        store.load_model(path)
    msg = str(exc.value)
    assert fragment in msg, msg
    assert str(path) in msg and "\n" not in msg
    return msg


def test_random_bytes(tmp_path: Path) -> None:
    p = tmp_path / "random.keras"
    p.write_bytes(np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    refused(p, "not a Keras model file")


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.keras"
    p.write_bytes(b"")
    refused(p, "not a Keras model file")


def test_zip_without_config(tmp_path: Path) -> None:
    p = tmp_path / "noconfig.keras"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("model.weights.h5", b"nothing")
    refused(p, "no config.json")


def test_config_that_is_not_json(tmp_path: Path) -> None:
    p = tmp_path / "badjson.keras"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("config.json", b"{not json")
    refused(p, "not valid JSON")


@pytest.mark.parametrize("keep", [0.3, 0.9, 0.999])
def test_truncated_keras_file(saved: Path, tmp_path: Path, keep: float) -> None:
    data = saved.read_bytes()
    p = tmp_path / "truncated.keras"
    p.write_bytes(data[: int(len(data) * keep)])
    refused(p, "corrupt")


def test_damaged_compressed_config(tmp_path: Path) -> None:
    p = tmp_path / "damaged.keras"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", json.dumps({"class_name": "Sequential", "pad": "x" * 5000}))
    data = bytearray(p.read_bytes())
    start = 30 + len("config.json")  # compressed data follows the local header
    for i in range(start + 2, start + 20):
        data[i] ^= 0xFF
    p.write_bytes(bytes(data))
    refused(p, "corrupt")


def test_damaged_weights_inside_a_valid_archive(saved: Path, tmp_path: Path) -> None:
    p = tmp_path / "weights.keras"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(p, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".h5"):
                data = data[: len(data) // 2]
            dst.writestr(info.filename, data)
    refused(p, "corrupt")


def test_wrong_input_shape_is_refused(tmp_path: Path) -> None:
    import keras

    m = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    msg = refused(keras_save(m, tmp_path / "cifar.keras"), "expects input")
    assert "(32, 32, 3)" in msg


def test_wrong_number_of_outputs_is_refused(tmp_path: Path) -> None:
    import keras

    m = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(5, activation="softmax")])
    refused(keras_save(m, tmp_path / "five.keras"), "not 10 classes")


def test_directory_and_missing_file(tmp_path: Path) -> None:
    d = tmp_path / "folder.keras"
    d.mkdir()
    refused(d, "is a folder")
    refused(tmp_path / "missing.keras", "No such file")


def test_oversized_file_is_refused_before_reading(saved: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(store, "MAX_MODEL_BYTES", 1000)
    refused(saved, "too large")


def test_foreign_extension_loads_and_cleans_up(model, saved: Path, tmp_path: Path, monkeypatch) -> None:
    import tempfile

    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    p = tmp_path / "model.bin"
    p.write_bytes(saved.read_bytes())
    loaded = store.load_model(p)
    np.testing.assert_allclose(predict(loaded, probe()), predict(model, probe()), rtol=1e-6, atol=1e-7)
    assert list(tmpdir.iterdir()) == []


def test_check_model_shape_on_non_models() -> None:
    with pytest.raises(ModelFileError, match="no single input"):
        store.check_model_shape(object(), "thing")


# --------------------------------------------------------------------------- model cards


def test_read_card_tolerates_anything(tmp_path: Path) -> None:
    m = tmp_path / "m.keras"
    card = store.card_path(m)
    assert store.read_card(m) is None  # missing
    card.write_text("{broken", encoding="utf-8")
    assert store.read_card(m) is None
    card.write_bytes(b"\xff\xfe\x00garbage")
    assert store.read_card(m) is None
    card.write_text("[1, 2]", encoding="utf-8")
    assert store.read_card(m) is None  # not an object
    card.unlink()
    card.mkdir()
    assert store.read_card(m) is None
    card.rmdir()
    card.write_text('{"architecture": "small"}', encoding="utf-8")
    assert store.read_card(m) == {"architecture": "small"}
