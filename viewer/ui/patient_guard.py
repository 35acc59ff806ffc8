"""Two patients on screen: a colour band per patient in each viewport, a warning above the views, and the
question asked before views of different patients are linked.

Who is the same patient is decided in ``viewer.model.patients`` (ID, issuer, name, birth date).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QMessageBox

from viewer.model.patients import PatientIdentity, group_patients
from viewer.presentation.corners import format_name

# Okabe-Ito colours: told apart with the common colour-vision deficiencies; none is the active
# viewport's yellow frame. The first patient (the open study's) always gets blue.
BAND_COLOURS = [QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                QColor(213, 94, 0), QColor(86, 180, 233)]


def band_text(identity: PatientIdentity) -> str:
    name = format_name(identity.name)
    return f"{name} — {identity.patient_id}" if identity.patient_id else name


class PatientGuard(QObject):
    """Watches which patient each visible viewport shows (call ``refresh`` after anything changed them)."""

    def __init__(self, window, banner: QLabel) -> None:
        super().__init__(window)
        self.window = window
        self.banner = banner
        banner.setTextFormat(Qt.TextFormat.PlainText)  # names come from the files
        banner.setStyleSheet("QLabel { background: #b00020; color: white; font-weight: bold; padding: 4px 8px; }")
        banner.hide()
        self._records: dict[str, PatientIdentity | None] = {}
        self._seen: tuple | None = None
        self.patients: list[PatientIdentity] = []  # the patients on screen, in colour order

    def identity(self, study_uid: str | None) -> PatientIdentity | None:
        if not study_uid:
            return None
        if study_uid not in self._records:
            study = self.window.ctx.cache.study(study_uid)
            self._records[study_uid] = PatientIdentity.of(study) if study is not None else PatientIdentity(study_uid)
        return self._records[study_uid]

    def forget(self) -> None:
        """Study records may have changed (an import, a retrieve): read them again."""
        self._records.clear()
        self._seen = None
        self.refresh()

    def refresh(self, *_args) -> None:
        grid = self.window.grid
        visible = grid.visible_viewports()
        open_uid = self.window._study.study_uid if self.window._study is not None else None
        uids = [vp.study_uid() for vp in visible]
        key = (open_uid, tuple(uids), tuple(grid.viewports))
        if key == self._seen:
            return
        self._seen = key
        # The open study first, so its patient keeps the first colour wherever it is shown.
        identities = [self.identity(open_uid)] + [self.identity(uid) for uid in uids]
        groups = group_patients(identities)[1:]
        firsts: dict[int, PatientIdentity] = {}
        for group, uid in zip(groups, uids):
            if group is not None and group not in firsts:
                firsts[group] = self.identity(uid)
        several = len(firsts) > 1
        for vp, group, uid in zip(visible, groups, uids):
            band = None
            if several and group is not None:
                band = (BAND_COLOURS[group % len(BAND_COLOURS)], band_text(self.identity(uid)))
            vp.set_patient_band(band)
        for vp in grid.viewports[len(visible):]:
            vp.set_patient_band(None)
        self.patients = [firsts[g] for g in sorted(firsts)]
        if several:
            names = " · ".join(band_text(p) for p in self.patients)
            self.banner.setText("⚠ " + self.tr("Different patients on screen: %1").replace("%1", names))
            self.banner.show()
        else:
            self.banner.hide()

    def patients_of(self, viewports) -> list[int | None]:
        return group_patients([self.identity(vp.study_uid()) for vp in viewports])

    def confirm_link(self, viewports) -> bool:
        """Ask before linking views (scrolling, windowing, zoom) that show different patients.

        Views of one patient link without a question. No linking exists yet beside MPR's planes, which
        are one volume: synchronisation (issue 14) calls this before linking any two views.
        """
        groups = {g for g in self.patients_of(viewports) if g is not None}
        if len(groups) <= 1:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "Cauri", self.tr("These views show different patients."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(self.tr("Link them anyway?"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.last_question = box
        return box.exec() == QMessageBox.StandardButton.Yes
