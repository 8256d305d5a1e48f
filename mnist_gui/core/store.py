"""Model files: atomic save with a JSON model card beside the model, safe load.

A model is a Keras ``.keras`` file (a zip of config + weights). Loading never runs code from
the file: ``safe_mode=True`` refuses Lambda layers and other deserialisation of code, and the
file is inspected before Keras sees it. A save writes to a temporary file in the same folder,
verifies it by loading it back, and only then replaces the target, so a failed save never
destroys the previous model.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import platform
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from mnist_gui import __version__
from mnist_gui.core import files
from mnist_gui.core.files import checked_size
from mnist_gui.core.models import INPUT_SHAPE, NUM_CLASSES

logger = logging.getLogger(__name__)

CARD_FORMAT = "mnist-gui-model-card/1"
MAX_MODEL_BYTES = 200 * 1024 * 1024  # far above any sensible MNIST network
MAX_CONFIG_BYTES = 5 * 1024 * 1024


class ModelFileError(Exception):
    """A model file cannot be saved or loaded; the message is one line for the user."""


def card_path(model_path: str | os.PathLike) -> Path:
    """``foo.keras`` -> ``foo.card.json``."""
    p = Path(model_path)
    return p.with_name(p.stem + ".card.json")


def library_versions() -> dict[str, str]:
    """Versions worth recording in a model card."""
    import keras

    versions = {"mnist_gui": __version__, "keras": keras.__version__, "numpy": np.__version__,
                "python": platform.python_version(), "backend": keras.backend.backend()}
    try:
        import tensorflow as tf

        versions["tensorflow"] = tf.__version__
    except Exception:  # noqa: BLE001 - another backend is fine
        pass
    return versions


def make_card(*, arch: str, hyperparameters: dict[str, Any], dataset_sha256: str | None,
              epochs_completed: int, test_accuracy: float | None, training_time_s: float | None,
              samples_trained: int | None = None, cancelled: bool = False,
              extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build a model card dictionary."""
    card: dict[str, Any] = {
        "format": CARD_FORMAT,
        "architecture": arch,
        "hyperparameters": hyperparameters,
        "dataset_sha256": dataset_sha256,
        "epochs_completed": int(epochs_completed),
        "samples_trained": samples_trained,
        "cancelled": bool(cancelled),
        "test_accuracy": None if test_accuracy is None else round(float(test_accuracy), 6),
        "training_time_s": None if training_time_s is None else round(float(training_time_s), 1),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
    }
    if extra:
        card.update(extra)
    return card


def read_card(model_path: str | os.PathLike) -> dict[str, Any] | None:
    """The model card beside a model file, or None if there is none or it is unreadable."""
    p = card_path(model_path)
    try:
        if p.stat().st_size > MAX_CONFIG_BYTES:
            return None
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _inspect_archive(path: Path) -> None:
    """Reject what is not a plausible .keras archive before Keras parses it."""
    checked_size(path, MAX_MODEL_BYTES, ModelFileError, "a model file")
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\x89HDF"):
        raise ModelFileError(f"{path}: legacy HDF5 (.h5) model files are not accepted; save the model as .keras")
    if not head.startswith(b"PK"):
        raise ModelFileError(f"{path}: not a Keras model file (.keras zip archive)")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "config.json" not in names:
                raise ModelFileError(f"{path}: not a Keras model file (no config.json inside)")
            info = z.getinfo("config.json")
            if info.file_size > MAX_CONFIG_BYTES:
                raise ModelFileError(f"{path}: model configuration is implausibly large")
            total = sum(i.file_size for i in z.infolist())
            if total > 4 * MAX_MODEL_BYTES:
                raise ModelFileError(f"{path}: archive expands to {total / 1e6:.0f} MB; refused")
            json.loads(z.read("config.json"))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        # zlib.error: damaged compressed data; NotImplementedError: unsupported compression.
        raise ModelFileError(f"{path}: the model file is corrupt (bad zip archive)") from None
    except ValueError:
        raise ModelFileError(f"{path}: the model configuration is not valid JSON") from None
    except OSError as e:
        raise ModelFileError(f"{path}: cannot read the file ({e.strerror or e})") from None


def check_model_shape(model: Any, source: str = "model") -> None:
    """Insist on input (28, 28, 1) and 10 outputs."""
    try:
        in_shape = tuple(model.input_shape)
        out_shape = tuple(model.output_shape)
    except (AttributeError, ValueError, TypeError):
        raise ModelFileError(f"{source}: the model has no single input and output") from None
    if in_shape[1:] != INPUT_SHAPE:
        raise ModelFileError(f"{source}: the model expects input {in_shape[1:]}, not 28x28x1 digits")
    if out_shape[1:] != (NUM_CLASSES,):
        raise ModelFileError(f"{source}: the model has {out_shape[1:]} outputs, not 10 classes")


def load_model(path: str | os.PathLike) -> Any:
    """Load a model safely.

    Raises:
        ModelFileError: for a missing, corrupt, foreign or hostile file, with a one-line message.
    """
    import keras

    p = Path(path)
    _inspect_archive(p)
    # Keras picks the format from the extension, so give it one that matches what we checked.
    target = p
    tmp_copy: Path | None = None
    if p.suffix.lower() != ".keras":
        fd, name = tempfile.mkstemp(suffix=".keras")
        os.close(fd)
        tmp_copy = Path(name)
        tmp_copy.write_bytes(p.read_bytes())
        target = tmp_copy
    try:
        model = keras.saving.load_model(target, compile=False, safe_mode=True)
    except Exception as e:  # noqa: BLE001 - anything Keras raises means "not a usable model"
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        if "safe_mode" in str(e) or "Lambda" in str(e):
            msg = "it contains code (a Lambda layer or similar) and was refused for safety"
        raise ModelFileError(f"{p}: cannot load model: {msg[:300]}") from None
    finally:
        if tmp_copy is not None:
            tmp_copy.unlink(missing_ok=True)
    check_model_shape(model, str(p))
    return model


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    files.write_json_atomic(path, data, indent=2)


def write_card(model_path: str | os.PathLike, card: dict[str, Any]) -> Path:
    """Replace the card beside a model file atomically (the old card stays on failure).

    Raises:
        ModelFileError: when it cannot be written.
    """
    p = card_path(model_path)
    try:
        _write_json_atomic(p, card)
    except OSError as e:
        raise ModelFileError(f"{p}: cannot write the model card ({e.strerror or e})") from None
    return p


def save_model(model: Any, path: str | os.PathLike, card: dict[str, Any] | None = None) -> Path:
    """Save ``model`` to ``path`` (a .keras file) atomically, with its card beside it.

    Raises:
        ModelFileError: when the save fails (full disk, no permission, ...); the previous file
            at ``path``, if any, is left untouched and no temporary file remains.
    """
    p = Path(path)
    if p.suffix.lower() != ".keras":
        p = p.with_suffix(p.suffix + ".keras") if p.suffix else p.with_suffix(".keras")
    check_model_shape(model, "model to save")
    if not p.parent.is_dir():
        raise ModelFileError(f"{p.parent}: folder does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{p.stem}.", suffix=".tmp.keras", dir=p.parent)
    except OSError as e:  # read-only folder, full disk, ...
        raise ModelFileError(f"{p}: could not save the model: {e.strerror or e}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        model.save(tmp)
        _verify(model, tmp)
        if card is not None:
            _write_json_atomic(card_path(p), card)
        files.apply_default_mode(tmp)
        os.replace(tmp, p)
    except ModelFileError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ModelFileError(f"{p}: could not save the model: {e.strerror or e}") from None
    except Exception as e:  # noqa: BLE001
        tmp.unlink(missing_ok=True)
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ModelFileError(f"{p}: could not save the model: {msg[:300]}") from None
    except BaseException:  # KeyboardInterrupt and the like: still leave no temporary file
        tmp.unlink(missing_ok=True)
        raise
    logger.info("saved model to %s", p)
    return p


def _verify(model: Any, saved: Path) -> None:
    """Load the written file back and check it computes what the model in memory computes."""
    reloaded = load_model(saved)
    probe = np.random.default_rng(0).random((4, *INPUT_SHAPE), dtype=np.float32)
    a = np.asarray(model(probe, training=False))
    b = np.asarray(reloaded(probe, training=False))
    if not np.allclose(a, b, atol=1e-5):
        raise ModelFileError(f"{saved}: the saved model does not reproduce the model in memory")
