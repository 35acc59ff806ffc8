"""The open study's priors: date, modalities, description, and where they are (here, or on an archive:
fetched when chosen). One click puts a prior beside the open study; amber like the prior's viewport edge."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from viewer.core.numbers import format_date

PRIOR_COLOUR = QColor(255, 140, 0)  # amber: the prior's viewport edge and its rows here


class PriorsPanel(QWidget):
    prior_chosen = Signal(str)  # study uid

    def __init__(self, language: str, parent=None) -> None:
        super().__init__(parent)
        self.language = language
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        box.addWidget(self.note)
        self.list = QListWidget(self)
        self.list.setToolTip(self.tr("Click: show beside the open study"))
        self.list.itemClicked.connect(lambda item: self.prior_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.list.itemActivated.connect(lambda item: self.prior_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        box.addWidget(self.list, 1)
        self.show_priors([])

    def show_priors(self, priors) -> None:
        self.list.clear()
        for p in priors:
            where = self.tr("here") if p.where == "local" else self.tr("on %1 (fetched when chosen)").replace("%1", p.where)
            text = f"{format_date(p.study_date, self.language)}  {'/'.join(p.modalities)}  {p.description}  — {where}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, p.study_uid)
            item.setForeground(PRIOR_COLOUR)
            self.list.addItem(item)
        self.note.setText(self.tr("No prior for this patient.") if not priors else
                          self.tr("%n prior(s) of this patient:", "", len(priors)))

    def row_of(self, study_uid: str) -> int:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == study_uid:
                return i
        return -1
