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
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.core.messages import in_language, msg
from viewer.model import measurements as M
from viewer.model.measure.presentation import ANNOTATION_COLOR, in_presentation
from viewer.model.measurements import MeasurementKind as K
from viewer.tools.measuring import DRAG_PAIRS
from viewer.ui import measure_mpr
from viewer.ui.measure_input import MeasurePointer

log = logging.getLogger(__name__)
COLOR = (1.0, 0.85, 0.1)
SELECTED = (0.2, 1.0, 1.0)
FOREIGN = ANNOTATION_COLOR  # read from an SR/GSPS: shown, not editable here
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
        self._complete_volume = None  # the last MPR volume seen complete (see _decorate_plane)
        self._results: dict = {}
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
        self._results.clear()
        self.changed.emit()

    def _on_change(self) -> None:
        self.changed.emit()
        for vp in self.window.grid.visible_viewports():
            vp.schedule_render()

    def presentations_for(self, vp) -> list:
        """The presentation states that reference the viewport's image, the one it is shown through first
        (the reader's choice, else the latest)."""
        from viewer.model.measure.presentation import states_for

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

    def presentation_shutter(self, vp):
        from viewer.model.measure.presentation import presented_shutter

        return presented_shutter(self.presentation_for(vp), vp.current_frame())

    def presentation_window(self, vp):
        from viewer.model.measure.presentation import presentation_window

        return presentation_window(self.presentation_for(vp), self.image_ref(vp))

    def presentation_frame(self, vp, frame):
        """``frame`` as the presentation state the image is shown through shows it (see presented_frame)."""
        from viewer.model.measure.presentation import presented_frame

        return presented_frame(frame, self.presentation_for(vp), self.image_ref(vp), vp.state.window is not None)

    def presented(self, vp, state, build):
        """(state, scene) with the image placed as its presentation state says: rotation and flip, then its
        displayed area filling the viewport (PS3.4 N.2), until the reader changes the view.
        ``build(state)`` makes the scene; it runs again only when the placement changes the zoom or pan."""
        from viewer.model.measure.presentation import placed, seen_through

        ps = self.presentation_for(vp)
        state = seen_through(state, ps)
        if state.by_reader or vp.renderer is None:
            return state, build(state)
        renderer = vp.renderer
        state, scene, note = placed(state, ps, self.image_ref(vp), vp.current_frame(), build,
                                    renderer.size, renderer.mm_per_screen_pixel, self._screen_mm(vp))
        if note:
            note = self.tr("True size unknown: scaled to fit")
            scene = replace(scene, corners={**scene.corners, "br": (scene.corners.get("br", "") + "\n" + note).strip("\n")})
        return state, scene

    @staticmethod
    def _screen_mm(vp) -> float | None:
        """Physical millimetres of one device pixel, None when the screen does not report its size."""
        screen = vp.screen()
        if screen is None or screen.physicalSize().width() <= 0 or screen.physicalDotsPerInch() <= 0:
            return None
        return 25.4 / (screen.physicalDotsPerInch() * vp.devicePixelRatioF())

    def is_key_image(self, ref) -> bool:
        return self.findings.is_key_image(ref)

    def all_measurements(self) -> list[M.Measurement]:
        return self.findings.all_measurements()

    # ------------------------------------------------------------------ geometry helpers
    @staticmethod
    def image_ref(vp) -> M.ImageRef | None:
        ds = vp.state.display_set
        if ds is None or not ds.frames or vp.mpr is not None or vp.vr is not None:
            return None
        ref = ds.frames[vp.state.index]
        return M.ImageRef(ds.study_uid, ds.series_uid, ref.sop_uid, ref.frame)

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
        session = self._session() if m.plane is not None else None
        key = (m.id, m.points, m.plane,
               frame.ref if m.plane is None else session is not None and (session.volume.complete, session.slab_mm))
        if key not in self._results:
            try:
                self._results[key] = M.compute(m, frame) if m.plane is None else measure_mpr.result(m, session)
            except Exception as exc:  # a value that cannot be computed is shown as such
                log.warning("measurement not computable: %s", type(exc).__name__)
                self._results[key] = None
        return self._results[key]

    # ------------------------------------------------------------------ drawing
    def decorate(self, vp, scene):
        """Add the current image's measurements (and the draft) to a viewport's scene."""
        if vp.mpr is not None:
            return self._decorate_plane(vp, scene)
        ref = self.image_ref(vp)
        frame = vp.current_frame()
        if ref is None or scene.image is None or frame is None or frame.stored is None or not scene.overlays:
            return scene
        shape = frame.stored.shape[:2]
        st = vp.state
        lines, labels = list(scene.lines), list(scene.labels)
        shown_through = self.presentation_for(vp)
        items = [m for m in self.all_measurements()
                 if m.plane is None and m.image.sop_uid == ref.sop_uid and m.image.frame_index == ref.frame_index
                 and in_presentation(m, shown_through)]
        for m in items:
            color = SELECTED if m.id == self.selected else (COLOR if m.source == M.Source.CAURI else FOREIGN)
            lines += M.scene_lines(m, shape, scene.spacing, color, st.rotation, st.flip_h, st.flip_v)
            text = m.label if m.kind is K.TEXT else self._label_text(m, frame, stacked=True)
            if text:
                x, y = M.to_display(M.label_anchor(m), shape, st.rotation, st.flip_h, st.flip_v)
                labels.append(((x + 1.0) * scene.spacing[0], (y - 0.5) * scene.spacing[1], text, color))
        corners = scene.corners
        if self.is_key_image(ref):
            word = "IMAGE CLÉ" if self.window.language == "fr" else "KEY IMAGE"
            corners = {**corners, "tr": (corners.get("tr", "") + "\n" + word).strip("\n")}
        draft_lines, draft_labels = self._draft_shown(vp, scene, shape, frame, st.rotation, st.flip_h, st.flip_v)
        return replace(scene, lines=tuple(lines + draft_lines), labels=tuple(labels + draft_labels), corners=corners)

    def _draft_shown(self, vp, scene, shape, frame, rotation=0, flip_h=False, flip_v=False) -> tuple[list, list]:
        """The draft's strokes, and for an angle or a Cobb angle its value as it is drawn, or why it has
        none yet ("angle de Cobb : tracez la seconde ligne")."""
        if not (self._draft and self._draft_vp is vp and len(self._draft) >= 2):
            return [], []
        pts = [M.to_display(p, shape, rotation, flip_h, flip_v) for p in self._draft]
        mm = [((x - 0.5) * scene.spacing[0], (y - 0.5) * scene.spacing[1]) for x, y in pts]
        pairs = [(0, 1), (2, 3)] if self.tool in DRAG_PAIRS else [(i, i + 1) for i in range(len(mm) - 1)]
        lines = [(*mm[i][:2], *mm[j][:2], SELECTED) for i, j in pairs if j < len(mm)]
        text = self._draft_text(frame)
        x, y = pts[-1]
        labels = [((x + 1.0) * scene.spacing[0], (y - 0.5) * scene.spacing[1], text, SELECTED)] if text else []
        return lines, labels

    def _draft_text(self, frame) -> str:
        kind, pts, language = self.tool, list(self._draft), self.window.language
        if kind is K.COBB and len(pts) < 4:
            first = pts[0] != pts[1] and not self._draft_open
            return in_language(msg("Cobb angle: draw the second line"), language) if first else ""
        if kind not in (K.COBB, K.ANGLE) or len(pts) != M.POINT_COUNTS[kind]:
            return ""
        ref = M.ImageRef("", "", "")
        try:
            if self._draft_plane is not None:
                result = measure_mpr.result(M.Measurement(kind, tuple(pts), ref, plane=self._draft_plane), None)
            elif frame is not None:
                result = M.compute(M.Measurement(kind, tuple(pts), ref), frame)
            else:
                return ""
        except Exception:  # a draft's value is a help while drawing: never let it stop the drawing
            return ""
        return M.describe(M.Measurement(kind, tuple(pts), ref), result, language)

    def _decorate_plane(self, vp, scene):
        """An MPR view: the plane measurements lying on its plane, drawn on its grid, with their values."""
        if scene.image is None or not scene.overlays:
            return scene
        volume = vp.mpr.session.volume
        if volume.complete and self._complete_volume is not volume:
            # ROI values need the whole volume: the panel's rows computed while it filled are stale.
            self._complete_volume = volume
            QTimer.singleShot(0, self.changed.emit)
        shape = scene.image.shape[:2]
        lines, labels = list(scene.lines), list(scene.labels)
        for m, seen in measure_mpr.on_view(self.all_measurements(), vp):
            color = SELECTED if m.id == self.selected else (COLOR if m.source == M.Source.CAURI else FOREIGN)
            lines += M.scene_lines(seen, shape, scene.spacing, color)
            text = m.label if m.kind is K.TEXT else self._label_text(m, None, stacked=True)
            if text:
                x, y = M.label_anchor(seen)
                labels.append(((x + 1.0) * scene.spacing[0], (y - 0.5) * scene.spacing[1], text, color))
        draft_lines, draft_labels = self._draft_shown(vp, scene, shape, None)
        return replace(scene, lines=tuple(lines + draft_lines), labels=tuple(labels + draft_labels))

    def _label_text(self, m, frame, stacked: bool = False) -> str:
        """What the image (``stacked``: one value per line, a region's values in one line ran off the
        viewport) or the panel says of ``m``: the same values either way, those that are saved."""
        language = self.window.language
        if m.source != M.Source.CAURI and m.reported:
            return M.join_values((M.format_value(v, language) for v in m.reported), language, stacked)
        if m.kind in (K.ARROW, K.POLYLINE, K.POINT):
            return m.label
        if frame is None and m.plane is None:
            return m.label
        result = self.result(m, frame)
        if result is None:
            return m.label
        return M.describe(m, result, language, stacked)  # "label: values" already

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
