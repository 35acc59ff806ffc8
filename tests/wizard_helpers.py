"""Driving the setup wizard (``viewer.ui.setup_wizard``) with real clicks and keystrokes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWizard


def open_wizard(qtbot, home: Path, language: str = "fr", from_menu: bool = False):
    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings
    from viewer.ui.i18n import install_language
    from viewer.ui.setup_wizard import SetupWizard

    install_language(QApplication.instance(), language)
    paths = resolve_paths(home).ensure()
    wizard = SetupWizard(Settings.load(paths.settings_file), paths, home, language, from_menu=from_menu)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard, paths


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def choose(qtbot, radio) -> None:
    """On the radio's round indicator (the button is as wide as the page; its middle is empty space)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()


def next_page(qtbot, wizard) -> None:
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))


def retype(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
