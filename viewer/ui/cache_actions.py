"""The study cache's size limit in the window: pin and unpin from the study list, free a study's space with the
reader's confirmation (its protections said first), and say when the limit cannot be kept without the reader.
The eviction itself runs on the workstation's keeper thread (``workstation.cache_keeper``)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from viewer.store import eviction
from viewer.workstation.cache_keeper import unsent_work


class CacheActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        ws = window.ws
        window.browser.pin_requested.connect(self.pin)
        window.browser.evict_requested.connect(self.ask_evict)
        window.bindings.on(ws.keeper.trimmed, self._trimmed)
        window.bindings.on(ws.studies_archived, window.browser.show_states)
        self.question = None  # the confirmation on screen (tests answer it)

    def pin(self, study_uid: str, pinned: bool) -> None:
        eviction.pin(self.window.ws.cache.root, study_uid, pinned)
        self.window.browser.refresh_requested()

    def ask_evict(self, study_uid: str) -> None:
        """« Libérer la place »: the study's files go, it stays listed on the archive; asked first, with what
        protects it."""
        ws = self.window.ws
        open_uid = {ws.study.study_uid} if ws.study else set()
        reasons = eviction.protections(ws.cache, [study_uid], unsent_work(ws.cache.root, open_uid,
                                                                             ws.retrieving_studies()))
        why = reasons.get(study_uid, set())
        if "retrieving" in why:
            self.window.status_label.setText(self.tr("This study is open or arriving: its space cannot be freed now."))
            return
        text = self.tr("Remove this study's images from this computer? It stays listed, on the archive, and is "
                       "retrieved again when opened.")
        if why:
            text += "\n\n" + self.tr("It is protected: %1.").replace(
                "%1", eviction.reasons_text(why, self.window.language))
        box = QMessageBox(QMessageBox.Icon.Question, "Cauri", text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.question = box
        answer = box.exec()
        self.question = None
        if answer == QMessageBox.StandardButton.Yes:
            if study_uid in open_uid:  # the row's click opened it: its images leave the screen first
                ws.close_study()
            ws.keeper.evict([study_uid])

    def _trimmed(self, result) -> None:
        if result.error:
            self.window.status_label.setText(self.tr("The cache could not be trimmed: %1").replace("%1", result.error))
        elif result.plan.short:
            self.window.status_label.setText(
                self.tr("The cache is over its limit: %n protected study(ies) wait for your confirmation "
                        "(Free the space, in the study list).", "", len(result.plan.held)))
        elif result.removed.studies:
            self.window.status_label.setText(
                self.tr("Cache limit: %n study(ies) left for the archive.", "", result.removed.studies))
