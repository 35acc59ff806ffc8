"""Two patients on screen: a colour band per patient in each viewport, a warning above the views, and the
question asked before views of different patients are linked.

Who is the same patient is decided in ``viewer.model.patients`` (ID, issuer, name, birth date), and which
views show whom in ``workstation.patients``; here are the colours, the banner and the question.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QMessageBox

from viewer.model.patients import PatientIdentity
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
        self.check = window.ws.patients
        self.banner = banner
        banner.setTextFormat(Qt.TextFormat.PlainText)  # names come from the files
        banner.setStyleSheet("QLabel { background: #b00020; color: white; font-weight: bold; padding: 4px 8px; }")
        banner.hide()
        self._seen: tuple | None = None
        self.patients: list[PatientIdentity] = []  # the patients on screen, in colour order
        # While a study opens its viewports are given its series one by one: half the grid showed the new
        # patient and half the previous one, and the warning flashed at every open (moving every view down
        # and back: each drawn twice). Looked at once the open has filled them, in the same call (nothing is
        # painted in between); released at the next turn of the loop whatever happens to the open.
        self._opening = False
        window.bindings.on(self.check.forgotten, self.forget)
        window.bindings.on(window.ws.study_opening, self._hold)
        window.bindings.on(window.ws.study_opened, self._release)

    def identity(self, study_uid: str | None) -> PatientIdentity | None:
        return self.check.identity(study_uid)

    def forget(self) -> None:
        """Study records may have changed (an import, a retrieve): look again."""
        self._seen = None
        self.refresh()

    def _hold(self, *_args) -> None:
        self._opening = True
        QTimer.singleShot(0, self, self._release)

    def _release(self, *_args) -> None:
        if self._opening:
            self._opening = False
            self.refresh()

    def refresh(self, *_args) -> None:
        if self._opening:
            return
        grid = self.window.grid
        visible = grid.visible_viewports()
        study = self.window.ws.study
        open_uid = study.study_uid if study is not None else None
        uids = [vp.slot.study_uid() for vp in visible]
        key = (open_uid, tuple(uids), tuple(grid.viewports))
        if key == self._seen:
            return
        self._seen = key
        groups, self.patients = self.check.on_screen(open_uid, uids)
        several = len(self.patients) > 1
        for vp, group, uid in zip(visible, groups, uids):
            band = None
            if several and group is not None:
                band = (BAND_COLOURS[group % len(BAND_COLOURS)], band_text(self.identity(uid)))
            vp.set_patient_band(band)
        for vp in (v for v in grid.viewports if v not in visible):
            vp.set_patient_band(None)
        if several:
            names = " · ".join(band_text(p) for p in self.patients)
            self.banner.setText("⚠ " + self.tr("Different patients on screen: %1").replace("%1", names))
            self.banner.show()
        else:
            self.banner.hide()

    def patients_of(self, viewports) -> list[int | None]:
        return self.check.groups_of([vp.slot.study_uid() for vp in viewports])

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
