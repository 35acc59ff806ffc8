"""Moving to another study, as the window shows it: the study list selects the study the viewports show,
the previous study's floating panels close and its controls go back to the defaults, the study's warnings
are said, and series and documents double-clicked or dropped are shown.

Which study is open, what the previous one leaves behind and what a new one fills the viewports with is the
workstation's decision (``Workstation.open_study``); the reader's lasting choices (layout, overlays, cine
speed, language) stay.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from viewer.core.messages import in_language
from viewer.ui.document_view import open_document


class StudySwitch(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ws = ws = window.ws
        self._list_note_for = None
        on = window.bindings.on
        on(ws.study_reset, self._reset)
        on(ws.study_opening, self._opening)
        on(ws.study_shown, self.show_study_in_list)
        on(ws.study_opened, self._opened)
        on(ws.study_refreshed, window.browser.show_display_sets)
        on(ws.list_stale, window.browser.refresh_requested)

    def _reset(self) -> None:
        w = self.window
        for panel in w.study_panels:
            panel.close()
        w.study_panels.clear()
        w.volume_controls.reset()

    def _opening(self, study_uid: str) -> None:
        self.window.measure.open_study(study_uid)
        self.window.browser.show_display_sets(list(self.ws.display_sets.values()))

    def _opened(self, study, sets) -> None:
        w = self.window
        w.patients.refresh()
        w.status_label.setText("; ".join(in_language(t, w.language) for t in self.ws.warnings()))

    def show_study_in_list(self) -> None:
        """Select and scroll to the open study in the list, clearing the filters that hide it and saying so
        beside the status (kept there while this study stays open)."""
        if self.ws.study is None:
            return
        w = self.window
        uid = self.ws.study.study_uid
        cleared = w.browser.reveal_study(uid)
        if cleared:
            note = self.tr("Filters cleared to show the open study: %1").replace("%1", ", ".join(cleared))
            w.list_note.setText(note)
            self._list_note_for = uid
        elif self._list_note_for != uid:
            w.list_note.setText("")
            self._list_note_for = None

    def show_in_active(self, uid: str) -> None:
        """A series double-clicked in the list: an image stack in the active viewport, a document opened."""
        w = self.window
        ds = self.ws.display_sets.get(uid)
        if ds is not None and self.ws.viewable(ds) and w.grid.active:
            self.ws.show(w.grid.active.slot, ds)
        elif ds is not None and ds.kind == "segmentation" and w.grid.active:
            reason = self.ws.segments.open(w.grid.active.slot, ds)  # over the images it was made on
            w.status_label.setText(in_language(reason, w.language) if reason else "")
            w.segments_dock.show()
        elif ds is not None and ds.kind == "findings" and ds.content in ("key_images", "presentation_states"):
            # Not documents: they act on the images they reference.
            w.status_label.setText(
                self.tr("Key images are marked on their images (K) and listed in the measurements panel.")
                if ds.content == "key_images" else
                self.tr("Presentation states are applied to the images they reference (P: the next one)."))
        elif ds is not None:
            reason = open_document(w, self.ws.cache.instances_of(ds.series_uid))
            if reason:
                QMessageBox.information(w, "Cauri", self.tr("This series cannot be displayed as images.") + "\n"
                                        + in_language(ds.reason, w.language) + "\n" + in_language(reason, w.language))

    def dropped(self, vp, uid: str, study_uid: str = "") -> None:
        self.ws.show_beside(vp.slot, uid, study_uid)
        ds = self.ws.display_sets.get(uid)
        if ds is not None and ds.kind == "segmentation":
            self.window.segments_dock.show()
