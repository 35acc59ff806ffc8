"""Theatre mode without its window (no Qt): the surgeon's view of a study, read from two metres, by touch,
with gloves (issue 15). What is decided here, whichever window, protocol or test drives it:

- read-only: entering locks the open study's findings (``MeasurementSet.locked``: every add, move, delete,
  key-image flag, undo and redo is refused by the set itself) and keeps the measuring tool off
  (``Workstation.set_tool``); a study opened while in theatre mode is locked as it opens;
- the one-finger drag mode ("scroll": move through the images, "window": window/level), the big toggle;
- the sizes: controls of at least 15 mm from the screen's physical density, text of at least 24 px at
  1080p scaled with the screen;
- the patient-side words ("DROITE"/"GAUCHE") from the orientation letters the presentation computed from
  Image Orientation (Patient): an image without them gets no side word, never a guess;
- the planning views one tap away: MPR, a thick MIP slab, 3-D with the bone preset, back to the images.

Entry points for others: ``Workstation.enter_theatre()`` / ``leave_theatre()``, and ``apply_protocol`` for a
hanging protocol's options (``{"theatre": true, "theatre_drag": "window"}``): the protocol engine calls it
once its layout is applied.
"""

from __future__ import annotations

import math

from viewer.core.messages import msg
from viewer.model import measurements as M
from viewer.presentation.values import MeasurementValues
from viewer.workstation.events import Event

DRAG_MODES = ("scroll", "window")
CONTROL_MM = 15.0  # the smallest control a gloved finger hits on a 24" screen (issue 15)
# A 24" 16:9 screen at 1920x1080 (~91.8 dpi): assumed when the screen does not report its physical size.
FALLBACK_DPI = 1920 / (24.0 * 16 / math.hypot(16, 9))
TEXT_PX_1080 = 30  # overlay text at 1080p, device pixels: over the 24 px asked, its capitals ~22 px tall
MIN_TEXT_PX = 24
LINE_WIDTH_1080 = 4.0  # measurement lines, device pixels at 1080p
THICK_MIP_MM = 20.0
BONE_PRESET = "ct-bone"
PLANNING = ("images", "mpr", "mip", "bone3d")
SIDE_WORDS = {"R": msg("RIGHT"), "L": msg("LEFT")}
NO_SIDE = msg("orientation unknown: no side shown")


def control_px(physical_dpi: float) -> int:
    """Logical pixels of a 15 mm control on a screen of ``physical_dpi`` (Qt's physical dots per inch are
    device-independent pixels); a screen that reports no sane size is taken as a 24" at 1080p."""
    dpi = physical_dpi if physical_dpi and 30.0 <= physical_dpi <= 1200.0 else FALLBACK_DPI
    return int(math.ceil(CONTROL_MM / 25.4 * dpi))


def text_scale(device_height: int, device_pixel_ratio: float = 1.0, logical_dpi: float = 96.0) -> float:
    """How much larger than at 1080p the theatre's text is drawn: with the screen's height in device pixels
    (a 4K wall screen) and with its scaling (a high-density laptop), never smaller."""
    return max(1.0, device_height / 1080.0, device_pixel_ratio * (logical_dpi or 96.0) / 96.0)


def text_px(scale: float) -> int:
    """Device pixels of the theatre's overlay text at ``text_scale``."""
    return max(MIN_TEXT_PX, int(round(TEXT_PX_1080 * scale)))


def line_width(scale: float) -> float:
    return LINE_WIDTH_1080 * scale


def patient_sides(markers: dict) -> dict:
    """The patient side shown at each horizontal edge of the screen (``{"left": msg, "right": msg}``), from
    the orientation letters of a scene (``SliceScene.markers``): a side word only where the edge's main
    direction is the patient's right or left. An image without orientation, or a sagittal one, gets none."""
    out = {}
    for edge in ("left", "right"):
        letter = (markers.get(edge) or "")[:1]
        if letter in SIDE_WORDS:
            out[edge] = SIDE_WORDS[letter]
    return out


class Theatre:
    """The workstation's theatre mode: ``changed(active)`` when it goes on or off, ``drag_changed(mode)``."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.active = False
        self.drag = "scroll"
        self.changed = Event("theatre_changed")
        self.drag_changed = Event("theatre_drag")
        ws.study_opening.connect(lambda _uid: self._lock())

    def enter(self, drag: str | None = None) -> None:
        if drag is not None:
            self.set_drag(drag)
        if self.active:
            return
        self.active = True
        self.ws.set_tool(None)
        self._lock()
        self.changed.emit(True)

    def leave(self) -> None:
        if not self.active:
            return
        self.active = False
        self._lock()
        self.changed.emit(False)

    def set_drag(self, mode: str) -> None:
        if mode not in DRAG_MODES:
            raise ValueError(f"theatre drag mode {mode!r}: one of {', '.join(DRAG_MODES)}")
        if mode != self.drag:
            self.drag = mode
            self.drag_changed.emit(mode)

    def toggle_drag(self) -> str:
        self.set_drag("window" if self.drag == "scroll" else "scroll")
        return self.drag

    def apply_protocol(self, options: dict) -> None:
        """A hanging protocol's theatre options: ``theatre`` (true: enter), ``theatre_drag`` ("scroll" or
        "window")."""
        if options.get("theatre"):
            self.enter(options.get("theatre_drag"))

    def _lock(self) -> None:
        mset = self.ws.findings.mset
        if mset is not None:
            if self.active:
                mset.end_edit()  # a handle drag in progress ends where it is
            mset.locked = self.active

    # ------------------------------------------------------------------ planning views, one tap each
    def plan(self, view: str) -> str | None:
        """Show ``view`` ("images", "mpr", "mip": MPR with a thick MIP slab, "bone3d": 3-D with the bone
        preset) of the active view's series; None, else why not (a message)."""
        if view not in PLANNING:
            raise ValueError(view)
        volumes = self.ws.volumes
        if view == "images":
            self._back_to_images()
            return None
        if view in ("mpr", "mip"):
            for s in volumes.volume_slots():
                s.bind_volume(None)
            volumes.set_slab(THICK_MIP_MM if view == "mip" else 0.0, "mip")
            if not volumes.mpr_active:
                reason = volumes.start_mpr(self._stack_slot())
                if reason:
                    return reason
            else:
                volumes.layout.set_layout(1, 3)
            volumes.changed.emit()
            return None
        self._back_to_images()
        reason = volumes.toggle_volume()
        if reason:
            return reason
        for s in volumes.volume_slots():
            modality = s.vr.stack.modality
            if modality == "CT":
                s.set_vr_state(s.vr_state.with_preset(BONE_PRESET))
            else:
                return msg("the bone preset is for CT; this series is {modality}", modality=modality)
        return None

    def _stack_slot(self):
        layout = self.ws.volumes.layout
        active = layout.active
        if active is not None and active.state.display_set is not None and active.mpr is None and active.vr is None:
            return active
        return next((s for s in layout.visible() if s.state.display_set is not None), active)

    def _back_to_images(self) -> None:
        volumes = self.ws.volumes
        for s in volumes.volume_slots():
            ds = s.vr.stack
            s.bind_volume(None)
            s.show(ds, s.context)
        if volumes.mpr_active:
            volumes.stop_mpr()
        volumes.set_slab(0.0, volumes.slab_mode)
        volumes.changed.emit()

    def planning_view(self) -> str:
        """Which planning view is on screen now (the toggle the theatre window lights)."""
        volumes = self.ws.volumes
        if volumes.volume_slots():
            return "bone3d"
        if volumes.mpr_active:
            return "mip" if volumes.slab_mm > 0 else "mpr"
        return "images"


def show_image(ws, display_set_uid: str, index: int) -> bool:
    """One tap on the strip: the image in the active view (back from MPR or 3-D first). False when the
    series is no longer in the open study."""
    ds = ws.display_sets.get(display_set_uid)
    if ds is None or not ws.viewable(ds):  # an image stack, or a kind with a viewport of its own (a video)
        return False
    ws.theatre._back_to_images()
    slot = ws.views.active or ws.views.visible()[0]
    if slot.state.display_set is None or slot.state.display_set.uid != ds.uid:
        ws.show(slot, ds)
    slot.apply(slot.state.at(index))
    return True


def probe_text(point, ref, frame, language: str, plane=None, session=None) -> str:
    """The value under a finger, with its unit, as a probe measurement says it (HU, SUV, or the stored
    value), through the same computation as the measuring tools; "" off the image."""
    if point is None or ref is None:
        return ""
    probe = M.Measurement(M.MeasurementKind.PROBE, (point,), ref, plane=plane)
    return MeasurementValues().label_text(probe, frame, session, language)
