"""User-interface language: French first, English available, following the system locale."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from viewer.core.resources import resource

log = logging.getLogger(__name__)
LANGUAGES = ("fr", "en")
_installed: list[QTranslator] = []


def resolve_language(setting: str | None, system_locale: str | None = None) -> str:
    """``fr`` or ``en``. An English system gets English; every other locale gets French,
    the language of the users Cauri is built for."""
    if setting in LANGUAGES:
        return setting
    name = (system_locale or QLocale.system().name() or "").lower()
    return "en" if name.startswith("en") else "fr"


def install_language(app: QCoreApplication, language: str) -> str:
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "fr":
        translator = QTranslator(app)
        qm = resource("translations", "cauri_fr.qm")
        if translator.load(str(qm)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.error("French translation file missing or unreadable: %s", qm.name)
        qt_base = QTranslator(app)
        from PySide6.QtCore import QLibraryInfo

        if qt_base.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_base)
            _installed.append(qt_base)
    QLocale.setDefault(QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English))
    return language
