"""The one owner of the saved settings (QSettings under the app's organisation and name), and the
rule for which model file may be remembered across a restart."""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

from mnist_gui import APP_NAME
from mnist_gui.paths import user_data_dir

logger = logging.getLogger(__name__)

ORG = "mnist-gui"
RUN_FOLDER_PREFIXES = ("mnist-gui-run-", "mnist-gui-data-")


def app_settings() -> QSettings:
    """The app's settings; every tab and the window read and write through this one store."""
    return QSettings(ORG, APP_NAME)


def in_temporary_run_folder(path: str | os.PathLike[str]) -> bool:
    """True for a file inside a training run's temporary folder, which closing the app removes."""
    p = Path(path).resolve()
    tmp = Path(tempfile.gettempdir()).resolve()
    return any(parent.name.startswith(RUN_FOLDER_PREFIXES) and parent.parent == tmp for parent in p.parents)


def kept_models_dir() -> Path:
    return user_data_dir() / "models"


def keep_model_file(path: str | os.PathLike[str]) -> Path:
    """A copy of a run folder's model file under the per-user models folder (atomic: a temporary
    file renamed into place), so that a model in use survives the run folder's removal.

    Raises:
        OSError: the copy cannot be written (the caller then does not remember the path).
    """
    src = Path(path)
    folder = kept_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = src.parent.name.removeprefix("mnist-gui-run-") or "model"
    target = folder / f"trained-{stem}{src.suffix or '.keras'}"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".keep-", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def model_path_to_remember(path: str | None, label: str | None) -> str | None:
    """The model path to write into the settings at close: None for the bundled model (and for a
    model that has no file); a model that lives only in a run folder is copied out first and its
    copy remembered, never the path that the same close removes."""
    if not path or label == "bundled default model":
        return None
    if in_temporary_run_folder(path):
        try:
            kept = keep_model_file(path)
        except OSError as e:
            logger.warning("could not keep the model of %s (%s); it will not be reopened", path, e)
            return None
        logger.info("kept the model in use as %s", kept)
        return str(kept)
    return path


LANGUAGES = ("en", "zh_CN")  # the interface languages the app ships (resources/i18n)


def language_setting() -> str | None:
    """The interface language chosen in View > Language ("en" or "zh_CN"), or None: follow the
    system's language."""
    value = app_settings().value("language", "", str)
    return value if value in LANGUAGES else None


def set_language_setting(language: str | None) -> None:
    """Remember the interface language for the next start (None: follow the system again)."""
    s = app_settings()
    if language in LANGUAGES:
        s.setValue("language", language)
    else:
        s.remove("language")
    s.sync()
