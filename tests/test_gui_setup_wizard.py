"""The first-run wizard in a real window, driven by real clicks and keystrokes: shown before the first window
only, skippable, in the language chosen on its first page, and what it stores is what every command then
uses. The C-ECHO against a real archive is in tests/net/test_gui_setup_echo.py."""

from __future__ import annotations

import json
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWizard
from wizard_helpers import choose, click, next_page, open_wizard, retype

pytestmark = pytest.mark.gui


def test_the_wizard_stores_identity_archive_and_cache_that_every_command_then_uses(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.net.nodes import NetworkConfig

    home = tmp_path / "home"
    wizard, paths = open_wizard(qtbot, home)
    assert wizard.currentPage() is wizard.language_page
    assert wizard.currentPage().title() == "Bienvenue dans Cauri"
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.station
    retype(qtbot, wizard.station.aet, "LECTURE1")
    wizard.station.port.setFocus()
    wizard.station.port.selectAll()
    qtbot.keyClicks(wizard.station.port, "11200")
    next_page(qtbot, wizard)
    page = wizard.archive
    assert wizard.currentPage() is page
    retype(qtbot, page.name, "PACS-CHU")
    qtbot.keyClicks(page.aet, "ORTHANC")
    qtbot.keyClicks(page.host, "10.1.2.3")
    page.port.setFocus()
    page.port.selectAll()
    qtbot.keyClicks(page.port, "4242")
    next_page(qtbot, wizard)
    cache = wizard.cache
    assert wizard.currentPage() is cache
    chosen = tmp_path / "grand-disque" / "cache"
    retype(qtbot, cache.folder, str(chosen))
    cache.limit.setFocus()
    cache.limit.selectAll()
    qtbot.keyClicks(cache.limit, "50")
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: not wizard.isVisible())
    saved = json.loads(paths.settings_file.read_text())
    assert saved["setup_done"] is True and saved["cache_limit_gb"] == 50.0
    assert Path(saved["cache_dir"]) == chosen
    network = json.loads((paths.config / "network.json").read_text())
    assert network["workstation"]["ae_title"] == "LECTURE1" and network["workstation"]["storage_port"] == 11200
    assert [(n["name"], n["ae_title"], n["host"], n["port"]) for n in network["nodes"]] == [
        ("PACS-CHU", "ORTHANC", "10.1.2.3", 4242)]
    assert resolve_paths(home).store == chosen  # where the window and `cauri import` now keep studies
    assert NetworkConfig.load(home).node("PACS-CHU").port == 4242


def test_english_chosen_on_the_first_page_writes_the_next_pages_in_english(qtbot, tmp_path):
    wizard, _paths = open_wizard(qtbot, tmp_path / "home", language="fr")
    choose(qtbot, wizard.language_page.english)
    next_page(qtbot, wizard)
    assert wizard.currentPage().title() == "This workstation on the network"
    assert wizard.station.labels[wizard.station.aet].text() == "This workstation's AE title"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Skip"
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    choose(qtbot, wizard.language_page.french)
    next_page(qtbot, wizard)
    assert wizard.currentPage().title() == "Ce poste sur le réseau"


def test_a_bad_ae_title_keeps_the_reader_on_the_page_and_says_why(qtbot, tmp_path):
    wizard, _paths = open_wizard(qtbot, tmp_path / "home")
    next_page(qtbot, wizard)
    retype(qtbot, wizard.station.aet, "POSTE\\1")
    next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.station
    assert "titre AE" in wizard.station.error.text()


def test_skipping_changes_nothing_but_that_the_wizard_was_seen(qtbot, tmp_path):
    home = tmp_path / "home"
    wizard, paths = open_wizard(qtbot, home, language="fr")
    choose(qtbot, wizard.language_page.english)
    next_page(qtbot, wizard)
    retype(qtbot, wizard.station.aet, "CHANGED")
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    qtbot.waitUntil(lambda: not wizard.isVisible())
    saved = json.loads(paths.settings_file.read_text())
    assert saved["setup_done"] is True and saved.get("language", "auto") == "auto"
    assert not (paths.config / "network.json").exists()
    # The language chosen on the first page is given back: the window opens in French.
    assert QApplication.translate("SetupWizard", "Skip") == "Passer"


def _run_gui(home: Path, during, demo: bool = False):
    """``cauri --home HOME`` in this process; ``during(app)`` runs (from the event loop) while it runs."""
    from viewer.app import run_gui

    args = Namespace(home=str(home), demo=demo, screenshot=None, lang="fr", layout=None, mpr=False, volume=False,
                     media=None, paths=[])
    app = QApplication.instance()
    QTimer.singleShot(0, lambda: during(app))
    return run_gui(args)


def _main_window(app):
    from viewer.ui.main_window import MainWindow

    return next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)


def test_first_run_shows_the_wizard_before_the_window_and_a_later_run_does_not(qtbot, tmp_path):
    from viewer.ui.setup_wizard import SetupWizard

    home = tmp_path / "home"
    seen = []
    demo_home = tmp_path / "demo-home"

    def first(app):
        wizard = app.activeModalWidget()
        if not isinstance(wizard, SetupWizard):
            if _main_window(app) is not None:  # the window came without the wizard
                close_window(app)
                return
            QTimer.singleShot(50, lambda: first(app))
            return
        seen.append(("wizard", _main_window(app) is None))
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
        QTimer.singleShot(50, lambda: close_window(app))

    def close_window(app):
        window = _main_window(app)
        if window is None:
            QTimer.singleShot(50, lambda: close_window(app))
            return
        seen.append(("window", app.activeModalWidget() is None))
        window.close()

    assert _run_gui(home, first) == 0
    assert seen == [("wizard", True), ("window", True)]  # the wizard came first, alone

    seen.clear()
    assert _run_gui(home, close_window) == 0  # the second run: straight to the window
    assert seen == [("window", True)]

    seen.clear()  # the README's first command, `cauri --demo` on a new profile: the demo, no wizard in the way
    assert _run_gui(demo_home, first, demo=True) == 0
    assert seen == [("window", True)]


def test_the_file_menu_opens_the_wizard_again(qtbot, tmp_path):
    from gui_helpers import make_window

    window = make_window(qtbot, tmp_path / "home")
    bar = window.menuBar()
    file_menu = bar.actions()[0]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_menu).center())
    menu = file_menu.menu()
    qtbot.waitUntil(menu.isVisible)
    item = next(a for a in menu.actions() if a.text() == "Assistant de configuration…")
    opened = []

    def skip():
        wizard = getattr(window, "setup_wizard", None)
        if wizard is None or not wizard.isVisible():
            QTimer.singleShot(50, skip)
            return
        opened.append(wizard.currentPage() is wizard.language_page)
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))

    QTimer.singleShot(0, skip)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: opened == [True])
    qtbot.waitUntil(lambda: not window.setup_wizard.isVisible())


def test_the_first_run_proposes_half_the_free_space_of_the_cache_disk_as_its_limit(qtbot, tmp_path):
    """Issue 20: a cache that never fills the disk, from the first start (the free space as statvfs says it)."""
    import os

    home = tmp_path / "home"
    wizard, paths = open_wizard(qtbot, home)
    for _ in range(3):
        next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.cache
    st = os.statvfs(tmp_path)
    half_gb = st.f_bavail * st.f_frsize / 2 / 1e9
    assert abs(wizard.cache.limit.value() - max(1, int(half_gb))) <= 1  # others write on this disk meanwhile
    assert wizard.cache.limit.value() >= 1
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert json.loads(paths.settings_file.read_text())["cache_limit_gb"] == wizard.cache.limit.value()
