"""User-interface language: French first, English available, following the system locale.

French loads three catalogues: Cauri's own (``cauri_fr``), Qt's for its own dialogs, buttons and menus
(``qtbase_fr``, shipped with PySide6-Essentials in Qt's translations folder), and ``qt_extra_fr`` for the
few texts of those dialogs Qt 6 left in English. English loads ``cauri_en``, which holds the plurals only
("1 study", "2 studies"). The default QLocale follows, so spin boxes and dates read the reader's way.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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


def _install(app: QCoreApplication, name: str, folder: str) -> bool:
    translator = QTranslator(app)
    if not translator.load(name, folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def install_language(app: QCoreApplication, language: str) -> str:
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ours = str(resource("translations", "cauri_fr.qm").parent)
    if language == "fr":
        if not _install(app, "cauri_fr", ours):
            log.error("French translation file missing or unreadable: cauri_fr.qm")
        if not _install(app, "qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            log.warning("Qt's French (qtbase_fr.qm) is missing from Qt's translations folder: its dialogs stay English")
        _install(app, "qt_extra_fr", ours)
    elif not _install(app, "cauri_en", ours):
        log.warning("English plurals file missing or unreadable: cauri_en.qm")
    QLocale.setDefault(QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English))
    return language
