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

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog

from viewer.core.messages import in_language
from viewer.model import measurements as M
from viewer.model.measurements import MeasurementKind as K
from viewer.presentation.findings import Draft, Findings, foreign_measurements, key_images_of
from viewer.presentation.states import states_for
from viewer.presentation.values import MeasurementValues
from viewer.ui import measure_mpr

log = logging.getLogger(__name__)
HANDLE_PX = 7  # screen pixels within which a press grabs a handle

# Gestures: how many points each drag or click adds.
DRAG_TWO = {K.LENGTH, K.ARROW, K.RECTANGLE, K.ELLIPSE}
CLICKS = {K.ANGLE: 3, K.PROBE: 1, K.TEXT: 1}
DRAG_PAIRS = {K.COBB, K.BIDIRECTIONAL}  # two strokes of two points
OPEN_ENDED = {K.POLYGON, K.FREEHAND}


class MeasureController(QObject):
    changed = Signal()  # the set of measurements or the selection changed: redraw, refresh panels

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.tool: K | None = None
        self.mset: M.MeasurementSet | None = None
        self.foreign: list[M.Measurement] = []
        self.presentation_states: list = []
        self._chosen: dict = {}  # viewport -> SOP Instance UID of the presentation state the reader picked
        self.foreign_keys: frozenset = frozenset()  # (SOP UID, frame) flagged by Key Object Selections in the cache
        self.problems: list[str] = []  # what the study's SR/GSPS/KO reading could not use (messages)
        self.selected: str | None = None
        self._unsubscribe = None
        self._draft: list[tuple[float, float]] = []
        self._draft_vp = None
        self._draft_plane = None  # the MPR plane a draft is drawn on
        # Two-stroke tools (Cobb, bidirectional): whether the draft's last point still follows the mouse (a
        # stroke being dragged, or begun with a click and ended by the next click), and whether the button
        # now down ended such a stroke.
        self._draft_open = False
        self._closing = False
        self._complete_volume = None  # the last MPR volume seen complete (see _decorate_plane)
        self._drag = None  # (measurement id, handle index | None, start point)
        self.values = MeasurementValues()  # shared by the pictures and the panel

    # ------------------------------------------------------------------ study
    def open_study(self, study_uid: str) -> None:
        if self._unsubscribe:
            self._unsubscribe()
        store = M.AnnotationStore(self.window.ctx.paths.store)
        try:
            self.mset = store.open_set(study_uid)
        except M.AnnotationStoreError as exc:
            log.warning("annotations unavailable: %s", exc)
            self.mset = M.MeasurementSet(study_uid)
        self._unsubscribe = self.mset.subscribe(lambda *_: self._on_change())
        try:
            findings = M.read_findings(self.window.ctx.cache, study_uid)
            self.foreign = foreign_measurements(findings.measurements, self.mset)
            self.presentation_states = list(findings.presentation_states)
            self.foreign_keys = key_images_of(findings.key_images)
            self.problems = list(findings.problems)
        except Exception as exc:  # a broken SR in the cache must not stop the study from opening
            log.warning("findings unreadable: %s", type(exc).__name__)
            self.problems = []
            self.foreign = []
            self.presentation_states = []
            self.foreign_keys = frozenset()
        self.selected = None
        self._chosen.clear()
        self._draft = []
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
        return (list(self.mset) if self.mset else []) + self.foreign

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

    def image_point(self, vp, pos):
        """Stored-image pixel coordinates (corner convention) under a widget position; on an MPR view,
        the coordinates on the grid of the plane shown."""
        if vp.mpr is not None:
            return measure_mpr.grid_point(vp, pos)
        frame = vp.current_frame()
        scene = vp.last_scene
        mm = vp.widget_to_image_mm(pos)
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
        mpr = getattr(self.window, "mpr", None)
        return mpr.session if mpr is not None else None

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

    # ------------------------------------------------------------------ mouse (return True when consumed)
    def press(self, vp, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self.mset is None:
            return False
        ref, plane = self._target(vp)
        point = self.image_point(vp, event.position()) if ref else None
        if point is None or (vp.mpr is not None and plane is None):
            return False
        if self.tool is None:
            return self._grab(vp, ref, point)
        if self._draft_vp is not vp or not self._draft:
            self._draft, self._draft_vp, self._draft_plane = [], vp, plane
            self._draft_open = self._closing = False
        kind = self.tool
        if kind in DRAG_PAIRS and self._draft_open:
            self._draft[-1] = point  # the click that ends a stroke begun with a click
            self._draft_open, self._closing = False, True
        elif kind in DRAG_TWO or kind in DRAG_PAIRS or kind is K.FREEHAND:
            self._draft += [point, point]
            self._draft_open = True
        elif kind in CLICKS:
            # The point placed; the next one follows the mouse until its click (a rubber band).
            if self._draft:
                self._draft[-1] = point
            else:
                self._draft.append(point)
            if len(self._draft) == CLICKS[kind]:
                self._finish(vp, ref)
            else:
                self._draft.append(point)
        elif kind is K.POLYGON:
            self._draft.append(point) if self._draft else self._draft.extend([point, point])
        vp.schedule_render()
        return True

    def move(self, vp, event) -> bool:
        if self.mset is None or (self._drag is None and not (self._draft and self._draft_vp is vp)):
            return False
        point = self.image_point(vp, event.position())
        if point is None:
            return self._drag is not None or bool(self._draft)
        if self._drag is not None:
            mid, handle, last = self._drag
            if handle is None:
                self.mset.move(mid, point[0] - last[0], point[1] - last[1])
            else:
                self.mset.move_handle(mid, handle, point)
            self._drag = (mid, handle, point)
            return True
        if self._draft and self._draft_vp is vp:
            if self.tool is K.FREEHAND and event.buttons() & Qt.MouseButton.LeftButton:
                self._draft.append(point)
            elif self.tool not in DRAG_PAIRS or self._draft_open:  # a finished stroke stays where it was drawn
                self._draft[-1] = point
            vp.schedule_render()
            return True
        return False

    def release(self, vp, event) -> bool:
        if self._drag is not None:
            self.mset.end_edit()
            self._drag = None
            return True
        if not self._draft or self._draft_vp is not vp or self.tool is None:
            return False
        ref = self._target(vp)[0]
        kind = self.tool
        if kind in DRAG_TWO or kind is K.FREEHAND:
            self._finish(vp, ref)
        elif kind in DRAG_PAIRS:
            # A stroke ends on release when it was dragged; a click (no length) begins one the next click ends.
            if not self._closing and self._draft[-1] == self._draft[-2]:
                return True
            self._draft_open = self._closing = False
            if len(self._draft) == 4:
                self._finish(vp, ref)
        elif kind is K.POLYGON:
            self._draft.append(self._draft[-1])  # a moving vertex for the next click
        return True

    def double_click(self, vp, event) -> bool:
        if self.tool is K.POLYGON and self._draft and self._draft_vp is vp:
            ref = self._target(vp)[0]
            pts = self._draft[:-1] if len(self._draft) > 3 else self._draft
            self._draft = list(dict.fromkeys(pts))
            self._finish(vp, ref)
            return True
        return False

    def _grab(self, vp, ref, point) -> bool:
        tol = self._tolerance(vp)
        if vp.mpr is not None:  # on the view's grid; the first change re-expresses it there
            mine = measure_mpr.on_view(self.mset, vp)
        else:
            mine = [(m, m) for m in self.mset.on_image(ref)]
        for original, m in reversed(mine):
            handle = M.nearest_handle(m, point, tol)
            if handle is not None or M.hit(m, point, tol):
                self.selected = m.id
                self.mset.begin_edit()
                if m is not original:
                    self.mset.update(m)
                self._drag = (m.id, handle, point)
                self.changed.emit()
                return True
        if self.selected is not None:
            self.selected = None
            self.changed.emit()
            vp.schedule_render()
        return False

    def _finish(self, vp, ref) -> None:
        kind, pts = self.tool, list(self._draft)
        self._draft = []
        self._draft_open = self._closing = False
        if ref is None:
            return
        if kind is K.ELLIPSE:
            pts = list(M.ellipse_from_box(pts[0], pts[1]))
        if kind in (K.LENGTH, K.ARROW, K.RECTANGLE) and abs(pts[0][0] - pts[1][0]) + abs(pts[0][1] - pts[1][1]) < 0.5:
            vp.schedule_render()
            return  # a click without a drag is not a measurement
        label = ""
        if kind is K.TEXT:
            label, ok = QInputDialog.getText(self.window, self.tr("Annotation"), self.tr("Text:"))
            if not ok or not label.strip():
                vp.schedule_render()
                return
        try:
            m = M.Measurement(kind, tuple(pts), ref, label=label.strip(), plane=self._draft_plane if vp.mpr else None)
            if m.plane is not None:  # kept on the full-resolution grid even if drawn over a draft cut
                m = measure_mpr.on_plane(m, measure_mpr.shown_plane(vp, full=True), 1e6) or m
            m = self.mset.add(m)
        except ValueError as exc:
            self.window.status_label.setText(str(exc))
            vp.schedule_render()
            return
        self.selected = m.id

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
        self._draft_open = self._closing = False
        if self._draft:
            vp = self._draft_vp
            self._draft = []
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
