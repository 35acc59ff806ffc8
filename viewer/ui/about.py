"""À propos de Cauri: the version, the licences of Cauri and of the libraries it ships with (read from what
is installed), and what Cauri sends to nobody."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout

from viewer import __version__
from viewer.core.licences import bundled_licences


class AboutBox(QDialog):
    def __init__(self, language: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Cauri"))
        title = QLabel(f"<h2>Cauri {html.escape(__version__)}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        purpose = QLabel(self.tr("DICOM reading workstation for Benin's teaching hospitals."))
        self.telemetry = QLabel(self.tr(
            "No telemetry: Cauri sends nothing about you, your patients or its use to anyone. It talks only to "
            "the archives and devices you configure."))
        self.telemetry.setWordWrap(True)
        self.licences = QTextBrowser()
        rows = "".join(
            f"<tr><td>{html.escape(x.name)}</td><td>{html.escape(x.version)}</td><td>{html.escape(x.licence or '?')}</td></tr>"
            for x in bundled_licences())
        self.licences.setHtml(
            f"<table cellpadding='3'><tr><th align='left'>{self.tr('Component')}</th>"
            f"<th align='left'>{self.tr('Version')}</th><th align='left'>{self.tr('Licence')}</th></tr>{rows}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        for widget in (title, purpose, self.telemetry):
            box.addWidget(widget)
        box.addWidget(QLabel(self.tr("Licences")))
        box.addWidget(self.licences, 1)
        box.addWidget(buttons)
        self.resize(560, 480)
