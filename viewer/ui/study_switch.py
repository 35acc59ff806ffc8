"""Moving to another study: what the reader set up for the previous one goes, and the study list shows
the study the viewports show.

The per-study view state (MPR and 3-D, slab thickness and mode, the 3-D clip box and view, the measuring
tool, the floating panels of the study) returns to the reader's defaults, the values the window starts
with; the reader's lasting choices (layout, overlays, cine speed, language) stay.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from viewer.model.volume_view import VolumeViewState

SLAB_MM = 0.0  # thin slice
SLAB_MODE = "mip"


def reset_study_view(window) -> None:
    for panel in window.study_panels:
        panel.close()
    window.study_panels.clear()
    for vp in window.grid.viewports:
        if vp.vr is not None:
            vp.bind_volume(None)
    if window.mpr.active:
        window.mpr.stop()
    fill = getattr(window, "_vr_fill", None)
    if fill is not None and fill.isRunning():
        fill.cancel()
    for vp in window.grid.viewports:
        vp.vr_state = VolumeViewState()  # clip box, turn, zoom and preset of the previous volume
    window.slab.setValue(SLAB_MM)
    window.slab_mode.setCurrentIndex(max(0, window.slab_mode.findData(SLAB_MODE)))
    window.tool_combo.setCurrentIndex(0)  # Navigation; drops a measurement half drawn
    window._sync_vr_ui(window.grid.active)


def show_study_in_list(window) -> None:
    """Select and scroll to the open study in the list, clearing the filters that hide it and saying so
    beside the status (kept there while this study stays open)."""
    if window._study is None:
        return
    uid = window._study.study_uid
    cleared = window.browser.reveal_study(uid)
    if cleared:
        note = QCoreApplication.translate("MainWindow", "Filters cleared to show the open study: %1")
        note = note.replace("%1", ", ".join(cleared))
        window.list_note.setText(note)
        window._list_note_for = uid
    elif getattr(window, "_list_note_for", None) != uid:
        window.list_note.setText("")
        window._list_note_for = None
