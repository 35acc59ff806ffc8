"""The small editor of a hanging protocol's match rules (name, modalities, body parts, description
patterns, priors), used to save the layout on screen as the reader's protocol and to change the rules of
the protocol in use (saved as the reader's copy, which then replaces Cauri's)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox

from viewer.model.hanging.library import slug
from viewer.model.hanging.protocol import MatchRules, Protocol


def protocol_from_layout(ws, language: str) -> Protocol:
    """A draft protocol of the layout on screen, named after the open study's description."""
    name = ws.study.description or "Protocol"
    return ws.reading.layout_as_protocol("user-" + slug(name), {language: name})


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


class ProtocolDialog(QDialog):
    def __init__(self, protocol: Protocol, language: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hanging protocol"))
        self.original = protocol
        self.language = language
        rules = protocol.match
        form = QFormLayout(self)
        self.name = QLineEdit(protocol.label(language), self)
        self.modality = QLineEdit(", ".join(rules.modality), self)
        self.body_part = QLineEdit(", ".join(rules.body_part), self)
        self.study_description = QLineEdit(", ".join(rules.study_description), self)
        self.series_description = QLineEdit(", ".join(rules.series_description), self)
        self.min_frames = QSpinBox(self)
        self.min_frames.setRange(0, 100000)
        self.min_frames.setValue(rules.min_frames or 0)
        self.priors = QComboBox(self)
        for value, label in (("any", self.tr("with or without priors")), ("required", self.tr("only with a prior")),
                             ("none", self.tr("only without priors"))):
            self.priors.addItem(label, value)
        self.priors.setCurrentIndex(max(0, self.priors.findData(rules.priors)))
        hint = self.tr("Patterns separated by commas; each matches the start of a word, case and accents ignored.")
        for field in (self.study_description, self.series_description):
            field.setToolTip(hint)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Modalities"), self.modality)
        form.addRow(self.tr("Body parts"), self.body_part)
        form.addRow(self.tr("Study description"), self.study_description)
        form.addRow(self.tr("Series description"), self.series_description)
        form.addRow(self.tr("At least this many images"), self.min_frames)
        form.addRow(self.tr("Priors"), self.priors)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def protocol(self) -> Protocol:
        """The protocol as edited (the reader's: ``source`` "user")."""
        rules = MatchRules(tuple(m.upper() for m in _split(self.modality.text())), _split(self.body_part.text()),
                           _split(self.study_description.text()), _split(self.series_description.text()),
                           self.min_frames.value() or None, self.original.match.max_frames, self.priors.currentData())
        name = dict(self.original.name)
        name[self.language] = self.name.text().strip() or self.original.label(self.language)
        return replace(self.original, name=name, match=rules, source="user")
