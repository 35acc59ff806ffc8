"""Measurement and annotation tools in the 2-D viewports and on MPR planes, on top of
``viewer.model.measurements``.

With a tool chosen, left-button gestures draw it on the image under the mouse; with no tool
(navigation), a left press near a handle drags that handle and a press on a stroke moves the whole
measurement, anything else windows (or, in MPR, moves the crosshair) as usual. Measurements are kept
per study and autosaved. On an MPR plane they are made in patient coordinates (``measure_mpr``) and
shown again whenever a view comes back to their plane.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.core.messages import in_language
from viewer.model import measurements as M
from viewer.presentation.findings import Draft, Findings, key_images_of
from viewer.presentation.states import states_for
from viewer.presentation.values import MeasurementValues
from viewer.ui import measure_mpr
from viewer.ui.measure_input import MeasurePointer

log = logging.getLogger(__name__)
HANDLE_PX = 7  # screen pixels within which a press grabs a handle


class MeasureController(QObject):
    changed = Signal()  # the set of measurements or the selection changed: redraw, refresh panels

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws
        self.findings = window.ws.findings  # the open study's measurements and what its SR/GSPS/KO say
        self.gestures = window.ws.measuring  # the tool chosen, its draft and the drag of a handle (viewer.tools)
        self.keymap = window.ws.keymap  # which button the tools draw with
        self._chosen: dict = {}  # viewport -> SOP Instance UID of the presentation state the reader picked
        self.selected: str | None = None
        self._unsubscribe = None
        self._complete_volume = None  # the last MPR volume seen complete (see findings_for)
        self.values = MeasurementValues()  # shared by the pictures and the panel
        self.pointer = MeasurePointer(self)  # presses, moves and releases that draw and edit

    # The findings are the workstation's; the drawing code reads them here.
    mset = property(lambda self: self.findings.mset)
    foreign = property(lambda self: self.findings.foreign)
    presentation_states = property(lambda self: self.findings.presentation_states)
    foreign_keys = property(lambda self: self.findings.foreign_keys)
    problems = property(lambda self: self.findings.problems)
    # The draft as the drawing code reads it; the gestures own it.
    tool = property(lambda self: self.gestures.kind)
    _draft = property(lambda self: self.gestures.points)
    _draft_vp = property(lambda self: self.gestures.view)
    _draft_plane = property(lambda self: self.gestures.plane)
    _draft_open = property(lambda self: self.gestures.stroke_open)

    # ------------------------------------------------------------------ study
    def open_study(self, study_uid: str) -> None:
        """The workstation has read the study's findings: follow its measurement set, forget the previous
        study's selection, choices and values."""
        if self._unsubscribe:
            self._unsubscribe()
        self._unsubscribe = self.mset.subscribe(lambda *_: self._on_change())
        self.selected = None
        self._chosen.clear()
        self.gestures.cancel()
        self.values.clear()
        self.changed.emit()

    def _on_change(self) -> None:
        self.changed.emit()
        for vp in self.window.grid.visible_viewports():
            vp.schedule_render()

    def presentations_for(self, vp) -> list:
        """The presentation states that reference the viewport's image, the one it is shown through first
        (the reader's choice, else the latest)."""
        ref = self.image_ref(vp)
        return states_for(self.presentation_states, ref.sop_uid, self._chosen.get(vp)) if ref is not None else []

    def presentation_for(self, vp):
        """The presentation state the viewport's image is shown through, or None."""
        states = self.presentations_for(vp)
        return states[0] if states else None

    def next_presentation(self, vp):
        """Show the image through a presentation state that references it, with its view and window: first
        the one it was shown through when the reader has changed the view or window, else the next one.
        None when no state references the image."""
        states = self.presentations_for(vp)
        if not states:
            return None
        ps = states[0]
        if not vp.state.by_reader and vp.state.window is None:
            ordered = sorted(states, key=self.presentation_states.index)
            ps = ordered[(ordered.index(ps) + 1) % len(ordered)]
        self._chosen[vp] = ps.sop_uid
        vp.apply(vp.state.reset_view())
        vp.schedule_render()
        return ps

    def findings_for(self, vp) -> tuple[Findings, str | None]:
        """(what ``vp`` draws over its picture: the study's findings, the selection, the draft drawn in it;
        the presentation state the reader picked for it, if any)."""
        if vp.mpr is not None:
            volume = vp.mpr.session.volume
            if volume.complete and self._complete_volume is not volume:
                # ROI values need the whole volume: the panel's rows computed while it filled are stale.
                self._complete_volume = volume
                QTimer.singleShot(0, self.changed.emit)
        draft = None
        if self._draft and self._draft_vp is vp and len(self._draft) >= 2 and self.tool is not None:
            draft = Draft(self.tool, tuple(self._draft), self._draft_plane, self._draft_open)
        keys = self.foreign_keys | (key_images_of(self.mset.key_images) if self.mset is not None else frozenset())
        findings = Findings(tuple(self.all_measurements()), tuple(self.presentation_states), keys,
                            self.selected, self.values, draft)
        return findings, self._chosen.get(vp)

    def all_measurements(self) -> list[M.Measurement]:
        return self.findings.all_measurements()

    # ------------------------------------------------------------------ geometry helpers
    @staticmethod
    def image_ref(vp) -> M.ImageRef | None:
        return vp.image_ref()

    def _target(self, vp):
        """(image ref, plane) the tools draw on in ``vp``: the plane is None on 2-D images."""
        ref, plane = (measure_mpr.plane_ref(vp), measure_mpr.shown_plane(vp)) if vp.mpr is not None else (self.image_ref(vp), None)
        if ref is not None and self.mset is not None and ref.study_uid != self.mset.study_uid:
            return None, None  # a study shown beside the open one: its findings are not this study's
        return ref, plane

    def image_point(self, vp, x: float, y: float):
        """Stored-image pixel coordinates (corner convention) under a widget position; on an MPR view,
        the coordinates on the grid of the plane shown."""
        if vp.mpr is not None:
            return measure_mpr.grid_point(vp, x, y)
        frame = vp.current_frame()
        scene = vp.last_scene
        mm = vp.widget_to_image_mm(x, y)
        if frame is None or frame.stored is None or scene is None or mm is None:
            return None
        display = (mm[0] / scene.spacing[0] + 0.5, mm[1] / scene.spacing[1] + 0.5)
        st = vp.state
        return M.from_display(display, frame.stored.shape[:2], st.rotation, st.flip_h, st.flip_v)

    def _tolerance(self, vp) -> float:
        scene = vp.last_scene
        if vp.renderer is None or scene is None or scene.image is None:
            return 3.0
        mm_per_px = vp.renderer.mm_per_screen_pixel(scene) * vp.devicePixelRatioF()
        return HANDLE_PX * mm_per_px / min(scene.spacing)

    def _session(self):
        return self.ws.volumes.session

    def result(self, m: M.Measurement, frame):
        return self.values.result(m, frame, self._session() if m.plane is not None else None)

    def _label_text(self, m, frame) -> str:
        session = self._session() if m.plane is not None else None
        return self.values.label_text(m, frame, session, self.window.language)

    def panel_row(self, m, frame) -> tuple[str, str]:
        """(the panel's row: every value, warned when something is missing; its tooltip: the calibration
        used and the notes, such as which header SUV lacks)."""
        result = self.result(m, frame) if (frame is not None or m.plane is not None) and m.is_measurement else None
        if result is None or (m.source != M.Source.CAURI and m.reported):
            return self._label_text(m, frame) if frame is not None or m.plane is not None else m.label, ""
        language = self.window.language
        text = M.describe(m, result, language)
        notes = [self.tr("Calibration: ") + in_language(result.calibration, language)] if result.calibration else []
        notes += [in_language(note, language) for note in result.messages]
        return ("⚠ " if result.messages else "") + text, "\n".join(notes)

    def jump_to_plane(self, m) -> bool:
        """Show a plane measurement: the MPR of its series (opened if need be) moves onto its plane."""
        self.selected = m.id
        problem = measure_mpr.show(self.window, m)
        if problem:
            self.window.status_label.setText(
                self.tr("Measurement on an MPR plane: open its series in MPR (M)") if problem == "no-mpr"
                else self.tr("No MPR view is parallel to this measurement's plane")
            )
            return False
        self.changed.emit()
        return True

    def cancel_draft(self) -> None:
        vp = self.gestures.cancel()
        if vp is not None:
            vp.schedule_render()

    # ------------------------------------------------------------------ commands
    def delete_selected(self) -> None:
        if self.mset is not None and self.selected and self.mset.get(self.selected):
            self.mset.delete(self.selected)
            self.selected = None

    def toggle_key_image(self, vp) -> bool | None:
        ref = self.image_ref(vp)
        if ref is None or self.mset is None or ref.study_uid != self.mset.study_uid:
            return None
        return self.mset.toggle_key_image(ref)

    def undo(self) -> None:
        if self.mset is not None:
            self.mset.undo()

    def redo(self) -> None:
        if self.mset is not None:
            self.mset.redo()
