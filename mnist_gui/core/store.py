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
import shutil
import tempfile
import uuid
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from mnist_gui import __version__
from mnist_gui.core import archcheck, files
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


@dataclass(frozen=True)
class RunFacts:
    """What a model card says about the training behind a model (a TrainResult has the same
    fields, so it can be passed as it is)."""

    epochs_completed: int
    train_time_s: float | None
    samples_trained: int | None = None
    cancelled: bool = False

    @staticmethod
    def of_members(members: Sequence[dict[str, Any]]) -> "RunFacts":
        """The facts of an ensemble: its least-trained member's epochs, the members' total time."""
        return RunFacts(epochs_completed=min((int(m.get("epochs_completed", 0)) for m in members), default=0),
                        train_time_s=sum(float(m.get("train_time_s", 0.0)) for m in members),
                        samples_trained=sum(int(m.get("samples_trained", 0)) for m in members))


def card_from_run(run: Any, *, dataset_sha256: str | None, test_accuracy: float | None,
                  arch: str | None = None, hyperparameters: dict[str, Any] | None = None,
                  extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The model card of a finished run: the one place every trainer (the Train tab's process,
    ``mnist-gui train``, the recipe, My digits' adaptation) makes its card.

    Args:
        run: a :class:`mnist_gui.core.training.TrainResult` or :class:`RunFacts`.
        arch, hyperparameters: default to the run's ``config`` (its architecture and settings).
    """
    config = getattr(run, "config", None)
    return make_card(
        arch=arch if arch is not None else config.arch,
        hyperparameters=hyperparameters if hyperparameters is not None else config.to_dict(),
        dataset_sha256=dataset_sha256,
        epochs_completed=run.epochs_completed,
        test_accuracy=test_accuracy,
        training_time_s=run.train_time_s,
        samples_trained=run.samples_trained,
        cancelled=run.cancelled,
        extra=extra,
    )


CARD_MEMBER = "mnist_gui_card.json"  # a copy of the card inside the .keras archive itself


def _parse_card(data: bytes) -> dict[str, Any] | None:
    try:
        card = files.loads_json_checked(data, max_bytes=MAX_CONFIG_BYTES)
    except ValueError:
        return None
    return card if isinstance(card, dict) else None


def embedded_card(model_path: str | os.PathLike) -> dict[str, Any] | None:
    """The card saved inside the model archive (None for files saved without one)."""
    p = Path(model_path)
    try:
        files.checked_size(p, MAX_MODEL_BYTES, OSError, "a model file")
        with zipfile.ZipFile(p) as z:
            info = z.getinfo(CARD_MEMBER)
            if info.file_size > MAX_CONFIG_BYTES:
                return None
            return _parse_card(z.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError):
        return None


def read_card(model_path: str | os.PathLike) -> dict[str, Any] | None:
    """The model card of a model file, or None if there is none or it is unreadable.

    The card beside the model (``foo.card.json``) is used when it belongs to this very model
    file (same ``model_id`` as the copy inside the archive); otherwise, say after a save that was
    killed between writing the model and its card, the copy inside the archive is.
    """
    inside = embedded_card(model_path)
    try:
        beside = _parse_card(files.read_capped(card_path(model_path), MAX_CONFIG_BYTES, OSError, "a model card"))
    except OSError:
        beside = None
    if inside is None:
        return beside
    if beside is not None and beside.get("model_id") == inside.get("model_id"):
        return beside
    return inside


MAX_WEIGHTS_BYTES = MAX_MODEL_BYTES  # the weights inside the archive, uncompressed


def _stored_shapes(z: zipfile.ZipFile) -> list[tuple[int, ...]]:
    """Shapes of the layer weights really stored in the archive's weights file (metadata only)."""
    import io

    import h5py

    if "model.weights.h5" not in z.namelist():
        return []
    info = z.getinfo("model.weights.h5")
    if info.file_size > MAX_WEIGHTS_BYTES:
        raise ModelFileError(f"weights of {info.file_size / 1e6:.0f} MB are implausibly large")
    try:
        with h5py.File(io.BytesIO(z.read(info)), "r") as f:
            return archcheck.stored_shapes(f)
    except Exception:  # noqa: BLE001 - h5py on damaged bytes raises OSError, OverflowError, ...
        raise ModelFileError("the model file is corrupt (unreadable weights)") from None


def check_architecture(config: Any, z: zipfile.ZipFile) -> None:
    """The configuration's layers are all of types :mod:`archcheck` can count, their outputs and
    weights within its budgets, a 10-class output, and exactly the weights the archive holds:
    checked on the configuration as data, before Keras builds anything (an UpSampling2D that
    would make a 28,000 x 28,000 feature map, or an unknown layer declaring a 1.5 GB kernel, is
    refused in milliseconds)."""
    try:
        out, counted = archcheck.check(config)
        if out != (NUM_CLASSES,):
            raise ModelFileError(f"the model has {out} outputs, not 10 classes")
        archcheck.compare(counted, _stored_shapes(z))
    except archcheck.ArchitectureError as e:
        raise ModelFileError(str(e)) from None


def _inspect_archive(path: Path) -> None:
    """Reject what is not a plausible .keras archive before Keras parses it: a regular file of
    sane size, a valid zip whose members are not too big, a configuration that is JSON of sane
    size and depth, and layers that :func:`check_architecture` accepts (a hostile config
    declaring a 2 GB Dense kernel is refused before anything is allocated)."""
    checked_size(path, MAX_MODEL_BYTES, ModelFileError, "a model file")
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        raise ModelFileError(f"{path}: cannot read the file ({e.strerror or e})") from None
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
            if total > 2 * MAX_MODEL_BYTES:
                raise ModelFileError(f"{path}: archive expands to {total / 1e6:.0f} MB; refused")
            try:
                config = files.loads_json_checked(z.read("config.json"), max_bytes=MAX_CONFIG_BYTES)
            except ValueError as e:
                raise ModelFileError(f"{path}: the model configuration is not valid JSON ({e})") from None
            check_architecture(config, z)
    except ModelFileError as e:
        msg = str(e)
        raise ModelFileError(msg if msg.startswith(str(path)) else f"{path}: {msg}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, KeyError):
        # zlib.error: damaged compressed data; NotImplementedError: unsupported compression.
        raise ModelFileError(f"{path}: the model file is corrupt (bad zip archive)") from None
    except OSError as e:
        raise ModelFileError(f"{path}: cannot read the file ({e.strerror or e})") from None
    except (ValueError, TypeError, RecursionError):  # h5py on damaged weights
        raise ModelFileError(f"{path}: the model file is corrupt (unreadable weights)") from None


def check_model_file(path: str | os.PathLike) -> None:
    """Everything :func:`load_model` checks before Keras sees the file (no TensorFlow needed).

    Raises:
        ModelFileError: with a one-line message.
    """
    _inspect_archive(Path(path))


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
    p = Path(path)
    _inspect_archive(p)  # before TensorFlow is imported: a refusal takes milliseconds, not seconds
    import keras

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
        with warnings.catch_warnings(record=True) as caught:  # one line for the user, not Keras' warnings
            warnings.simplefilter("always")
            model = keras.saving.load_model(target, compile=False, safe_mode=True)
        for w in caught:
            logger.info("while loading %s: %s", p, w.message)
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
    inside = embedded_card(model_path)
    if inside is not None and "model_id" in inside:  # it stays the card of this very model file
        card = {**card, "model_id": inside["model_id"]}
    try:
        _write_json_atomic(p, card)
    except OSError as e:
        raise ModelFileError(f"{p}: cannot write the model card ({e.strerror or e})") from None
    return p


def save_model(model: Any, path: str | os.PathLike, card: dict[str, Any] | None = None, *,
               verify: bool = True) -> Path:
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
    files.remove_stale_temps(p.parent)  # left by a save that was killed
    tmp = files.temp_path(p, ".keras")
    if card is not None:
        card = {**card, "model_id": uuid.uuid4().hex}
    try:
        lock_fd = files.create_new(tmp)  # Keras then writes this same file; the lock marks it in use
    except OSError as e:
        raise ModelFileError(f"{p}: could not save the model: {e.strerror or e}") from None
    files.lock_temp(lock_fd)
    try:
        # Keras creates the file (mode 0666 minus the umask, like any new file).
        model.save(tmp)
        if card is not None:  # the card travels inside the archive too: model and card are one file
            with zipfile.ZipFile(tmp, "a") as z:
                z.writestr(CARD_MEMBER, json.dumps(card, indent=2))
        files.fsync_path(tmp)
        if verify:  # (off for a training checkpoint: it is overwritten a moment later)
            _verify(model, tmp)
        os.replace(tmp, p)  # the one step that switches from the old model to the new one
        files.fsync_path(p.parent)
        if card is not None:
            # After the model: a kill in between leaves the new model with its card inside it,
            # which read_card prefers over a card beside it that belongs to the old model.
            try:
                _write_json_atomic(card_path(p), card)
            except OSError as e:
                logger.warning("%s saved with its card inside; the card beside it could not be written: %s",
                               p, e.strerror or e)
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
    finally:
        os.close(lock_fd)
    logger.info("saved model to %s", p)
    return p


def copy_model(source: str | os.PathLike, path: str | os.PathLike, card: dict[str, Any] | None = None) -> Path:
    """Copy a saved model file to ``path`` atomically (a temporary file in the target folder,
    flushed, renamed), then write ``card`` beside it; the previous file at ``path`` survives any
    failure. The copy is checked to be a loadable model file first.

    Raises:
        ModelFileError: the source is not a usable model file, or the copy cannot be written.
    """
    src, p = Path(source), Path(path)
    if p.suffix.lower() != ".keras":
        p = p.with_suffix(p.suffix + ".keras") if p.suffix else p.with_suffix(".keras")
    _inspect_archive(src)
    if not p.parent.is_dir():
        raise ModelFileError(f"{p.parent}: folder does not exist")
    files.remove_stale_temps(p.parent)
    tmp = files.temp_path(p, ".keras")
    try:
        fd = files.create_new(tmp)
        files.lock_temp(fd)
        try:
            with open(src, "rb") as f_in, os.fdopen(os.dup(fd), "wb") as f_out:
                shutil.copyfileobj(f_in, f_out, 1 << 20)
                f_out.flush()
                os.fsync(f_out.fileno())
            os.replace(tmp, p)
        finally:
            os.close(fd)
        files.fsync_path(p.parent)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ModelFileError(f"{p}: could not save the model: {e.strerror or e}") from None
    if card is not None:
        write_card(p, card)
    logger.info("copied model %s to %s", src, p)
    return p


def _verify(model: Any, saved: Path) -> None:
    """Load the written file back and check it computes what the model in memory computes."""
    reloaded = load_model(saved)
    probe = np.random.default_rng(0).random((4, *INPUT_SHAPE), dtype=np.float32)
    a = np.asarray(model(probe, training=False))
    b = np.asarray(reloaded(probe, training=False))
    if not np.allclose(a, b, atol=1e-5):
        raise ModelFileError(f"{saved}: the saved model does not reproduce the model in memory")
