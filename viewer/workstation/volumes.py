"""MPR and 3-D views of the open study: the MPR session and its three planes, the volume renderings, the
volumes filling in the background, the slab, and the layouts they take (1x3 for MPR, 2x2 with a 3-D view).

Either order gives the same screen: MPR then 3-D, or 3-D then MPR, is axial, coronal, sagittal and 3-D in a
2x2, the 3-D view as the reader turned it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from viewer.core.memory import MemoryBudget
from viewer.core.messages import message_of, msg
from viewer.model.mpr import MprSession
from viewer.model.volume import Volume
from viewer.model.volume_view import VolumeViewState, default_preset
from viewer.render.reslice import VolumeResampler
from viewer.workstation.events import Event
from viewer.workstation.views import ViewLayout, ViewSlot

log = logging.getLogger(__name__)
VIEWS = ("axial", "coronal", "sagittal")
SLAB_MM = 0.0  # a new study starts on thin slices
SLAB_MODE = "mip"
MIN_SLICES = 3


@dataclass
class MprBinding:
    session: MprSession
    resampler: VolumeResampler
    view: str

    def draft_scale(self) -> float:
        """Fraction of the viewport's pixels per side to draw now: the draw budget's while the user
        drags (half on llvmpipe, less on a renderer too slow for it), all of them once still."""
        return self.resampler.budget.scale if self.resampler.draft else 1.0

    def drawn(self, ms: float, scale: float) -> None:
        """A frame of this view took ``ms`` to draw at ``scale``: steers the next drag frames."""
        if self.resampler.draft:
            self.resampler.budget.record(ms, scale)


class VolumeFill:
    """Reads a volume's slices on a thread of its own; ``on_done`` is posted to the owner's thread."""

    def __init__(self, volume: Volume, post: Callable, on_done: Callable[["VolumeFill"], None]) -> None:
        self.volume = volume
        self._stop = False
        self.ended = False  # set on the owner's thread, when its end has been handled
        self._thread = threading.Thread(target=self._run, args=(post, on_done), name="cauri-volume-fill", daemon=True)

    def start(self) -> "VolumeFill":
        self._thread.start()
        return self

    def _run(self, post, on_done) -> None:
        try:
            self.volume.load(cancel=lambda: self._stop)
        except Exception as exc:  # the volume says what it could not read; the views stay usable
            log.warning("volume fill stopped: %s", type(exc).__name__)
        post(lambda: on_done(self))

    def cancel(self) -> None:
        self._stop = True

    def running(self) -> bool:
        """Until its end has been handled on the owner's thread."""
        return not self.ended and (self._thread.is_alive() or self._thread.ident is not None)

    def wait(self, timeout_ms: int) -> bool:
        """True once the fill has ended."""
        self._thread.join(timeout_ms / 1000.0)
        return not self._thread.is_alive()


def refusal(display_set) -> str | None:
    """Why a display set cannot be shown as a volume, None when it can."""
    if display_set is None or display_set.kind != "stack" or display_set.frame_count < MIN_SLICES:
        return msg("needs a stack of at least 3 images")
    return None


class VolumeViews:
    def __init__(self, layout: ViewLayout, post: Callable, budget: MemoryBudget | None = None) -> None:
        self.layout = layout
        self.post = post
        self.budget = budget  # core.memory: a volume is held in it while it lives, or refused
        self.session: MprSession | None = None
        self.resampler: VolumeResampler | None = None
        self.fill: VolumeFill | None = None  # the MPR volume's
        self.vr_fill: VolumeFill | None = None  # a 3-D view's own volume (without MPR)
        self.slab_mm, self.slab_mode = SLAB_MM, SLAB_MODE
        self._saved = None  # (layout, [(slot, display set)]) to restore when MPR ends
        self.mpr_started = Event("mpr_started")  # (session)
        self.mpr_stopped = Event("mpr_stopped")  # (session)
        self.filled = Event("filled")  # (volume): a fill ended
        self.changed = Event("volumes_changed")  # MPR or 3-D went on or off somewhere

    @property
    def mpr_active(self) -> bool:
        return self.session is not None

    def volume_slots(self) -> list[ViewSlot]:
        return [s for s in self.layout.visible() if s.vr is not None]

    # ------------------------------------------------------------------ MPR
    def start_mpr(self, slot: ViewSlot) -> str | None:
        """Axial, coronal and sagittal planes of the slot's stack in a 1x3; None, else why not."""
        ds = slot.state.display_set
        reason = refusal(ds)
        if reason:
            return reason
        try:
            volume = Volume(ds, self.budget)
        except Exception as exc:
            return message_of(exc)
        layout = self.layout
        self._saved = ((layout.rows, layout.cols), [(s, s.state.display_set) for s in layout.visible()])
        self.session = MprSession(volume)
        self.session.set_slab(self.slab_mm, self.slab_mode)
        resampler = self.resampler = VolumeResampler(self.session)
        context, window = slot.context, slot.state.window
        layout.set_layout(1, 3)
        for s, view in zip(layout.visible(), VIEWS):
            s.state = s.state.windowed(window)
            s.bind_plane(MprBinding(self.session, resampler, view), context)
        layout.set_active(layout.visible()[0])
        self.fill = VolumeFill(volume, self.post, self._filled).start()
        self.mpr_started.emit(self.session)
        self.changed.emit()
        return None

    def stop_mpr(self) -> None:
        session = self.session
        if session is None:
            return
        self.fill = self._ended(self.fill)  # its volume goes with it: the memory is the budget's again
        for s in self.layout.slots:
            if s.mpr is not None:
                s.bind_plane(None, s.context)
        self.resampler.close()
        self.resampler = None
        layout, shown = self._saved
        self.layout.set_layout(*layout)
        for s, ds in shown:
            if ds is not None:
                s.show(ds, s.context)
        self.session = None
        self.mpr_stopped.emit(session)
        self.changed.emit()

    def toggle_mpr(self) -> str | None:
        """MPR on (of the active view's stack, beside its 3-D view if it has one) or off; None, else why not."""
        if self.session is not None:
            for s in self.layout.slots:
                if s.vr is not None:
                    s.bind_volume(None)
            self.stop_mpr()
            return None
        slot = self.layout.active
        vr_slots = self.volume_slots()
        # 3-D on first: MPR then comes with it, in the same 2x2 as MPR first then 3-D, the 3-D view as the
        # reader turned it; its own view goes back to the stack.
        vr_state = (slot if slot in vr_slots else vr_slots[0]).vr_state if vr_slots else None
        for s in vr_slots:
            s.bind_volume(None)
        if vr_slots:
            self.vr_fill = self._ended(self.vr_fill)  # MPR fills its own volume: the 3-D view's copy is not kept
        reason = self.start_mpr(slot)
        if reason:
            self.changed.emit()
            return reason
        if vr_state is not None:
            self.volume_beside_planes(vr_state)
        return None

    def set_slab(self, mm: float, mode: str) -> None:
        self.slab_mm, self.slab_mode = mm, mode
        if self.session is not None:
            self.session.set_slab(mm, mode)

    @staticmethod
    def _ended(fill: VolumeFill | None) -> None:
        """Stop ``fill`` and let go of it (None to assign): a fill kept after its views would keep its volume."""
        if fill is not None and fill.running():
            fill.cancel()
            fill.wait(10000)

    def _filled(self, fill: VolumeFill) -> None:
        fill.ended = True
        self.filled.emit(fill.volume)

    # ------------------------------------------------------------------ 3-D
    def volume_beside_planes(self, vr_state: VolumeViewState | None = None) -> None:
        """MPR on: the 2x2 of the three planes and the 3-D view of the same volume."""
        layout = self.layout
        volume = self.session.volume
        layout.set_layout(2, 2)
        target = layout.visible()[3]
        target.context = layout.visible()[0].context
        if vr_state is None:
            vr_state = target.vr_state.with_preset(default_preset(volume.stack.modality))
        target.bind_volume(volume, vr_state)
        layout.set_active(target)
        self.changed.emit()

    def toggle_volume(self) -> str | None:
        """A 3-D view of the active view's stack (beside the planes when MPR is on), or back; None, else
        why not."""
        layout = self.layout
        vr_slots = self.volume_slots()
        if vr_slots:
            self.vr_fill = self._ended(self.vr_fill)
            for s in vr_slots:
                ds = s.vr.stack
                s.bind_volume(None)
                if self.session is not None and s not in layout.visible()[:3]:
                    layout.set_layout(1, 3)
                else:
                    s.show(ds, s.context)
            self.changed.emit()
            return None
        if self.session is not None:
            self.volume_beside_planes()
            return None
        target = layout.active
        ds = target.state.display_set if target is not None else None
        reason = refusal(ds)
        if reason:
            return msg("3D needs a stack of at least 3 images.")
        try:
            volume = Volume(ds, self.budget)
        except Exception as exc:
            return message_of(exc)
        self.vr_fill = VolumeFill(volume, self.post, self._filled).start()
        target.bind_volume(volume, target.vr_state.with_preset(default_preset(volume.stack.modality)))
        layout.set_active(target)
        self.changed.emit()
        return None

    # ------------------------------------------------------------------ another study
    def reset(self) -> None:
        """Back to the values a workstation starts with: MPR and 3-D off, thin slices, every 3-D view's turn,
        zoom, clip box and preset."""
        for s in self.layout.slots:
            if s.vr is not None:
                s.bind_volume(None)
        self.stop_mpr()
        self.vr_fill = self._ended(self.vr_fill)
        for s in self.layout.slots:
            s.vr_state = VolumeViewState()
        self.slab_mm, self.slab_mode = SLAB_MM, SLAB_MODE
        self.changed.emit()

    def close(self) -> None:
        for fill in (self.fill, self.vr_fill):
            if fill is not None and fill.running():
                fill.cancel()
                fill.wait(10000)
