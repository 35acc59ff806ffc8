"""Preferences dialog (the language for now; archive nodes and the cache join it later)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout


class PreferencesDialog(QDialog):
    def __init__(self, language_setting: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.combo = QComboBox()
        self.combo.addItem(self.tr("Automatic (system language)"), "auto")
        self.combo.addItem("Français", "fr")
        self.combo.addItem("English", "en")
        index = self.combo.findData(language_setting)
        self.combo.setCurrentIndex(max(0, index))
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def language(self) -> str:
        return self.combo.currentData()
