"""The interface language: which one (the setting, else the system's), and Qt's translators for it.

The app's own messages are in ``resources/i18n/mnist_gui_<lang>.qm`` (built from the ``.ts`` beside
it by ``tools/update_translations.py``), Qt's standard dialogs and buttons in Qt's own
``qtbase_<lang>.qm``. A change of language takes effect at the next start (see the README)."""
from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from mnist_gui.paths import resource_dir
from mnist_gui.session.settings import LANGUAGES, language_setting

logger = logging.getLogger(__name__)

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}  # each in its own language: never translated
_installed: list[QTranslator] = []
_original_locale: list[QLocale] = []


def translations_dir() -> str:
    return str(resource_dir() / "i18n")


def system_language() -> str:
    """zh_CN when the system's interface language is Chinese, else English."""
    env = os.environ.get("MNIST_GUI_LANG")  # for tests and screenshots
    if env in LANGUAGES:
        return env
    names = QLocale.system().uiLanguages() or [QLocale.system().name()]
    first = names[0].replace("-", "_")
    return "zh_CN" if first.lower().startswith("zh") else "en"


def chosen_language() -> str:
    """The language of this start: the one chosen in View > Language, else the system's."""
    return language_setting() or system_language()


def install_language(language: str | None = None) -> str:
    """Install the translators for ``language`` (default :func:`chosen_language`) into the running
    application, replacing any installed before, and make it the default locale for numbers.
    Returns the language installed ("en" needs no translator)."""
    app = QCoreApplication.instance()
    lang = language or chosen_language()
    remove_language()
    if app is None:
        return lang
    if lang == "en":
        return lang
    if not _original_locale:
        _original_locale.append(QLocale())
    QLocale.setDefault(QLocale(lang))
    for name, folders in ((f"mnist_gui_{lang}", [translations_dir()]), (f"qtbase_{lang}", qt_translation_dirs())):
        t = QTranslator(app)
        if any(t.load(name, folder) for folder in folders):
            app.installTranslator(t)
            _installed.append(t)
        else:
            logger.warning("no translation %s in %s", name, ", ".join(folders))
    return lang


def qt_translation_dirs() -> list[str]:
    """Where Qt's own translations (qtbase_*.qm) are: Qt's configured folder, then PySide6's own
    (a PyInstaller bundle keeps them under PySide6/Qt/translations, which Qt may not be told)."""
    import PySide6

    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            os.path.join(os.path.dirname(PySide6.__file__), "Qt", "translations")]


def installed_translations() -> list[str]:
    """The files of the translators installed now (the self-test checks the bundle has both)."""
    return [t.filePath() for t in _installed]


def remove_language() -> None:
    """Back to the English source texts (the tests switch languages within one process)."""
    app = QCoreApplication.instance()
    while _installed:
        t = _installed.pop()
        if app is not None:
            app.removeTranslator(t)
    if _original_locale:
        QLocale.setDefault(_original_locale.pop())
