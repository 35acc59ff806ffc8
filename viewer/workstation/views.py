"""The view states of the workstation: the layout, and for each viewport what it shows and how.

A ``ViewSlot`` is the one owner of a viewport's view state: the image stack and its ``ViewportState``, or
the MPR plane it shows, or the volume and its ``VolumeViewState``. The widget that draws a slot reads it
and reacts to ``changed``; tools, commands and the workstation change it through the slot's methods.
"""

from __future__ import annotations

from dataclasses import replace

from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState
from viewer.model.volume_view import VolumeViewState
from viewer.presentation.windows import opening_state, plane_state
from viewer.workstation.events import Event

MAX_ROWS = MAX_COLS = 3


class ViewSlot:
    """``changed(slot, what, previous)``: ``what`` is "shown" (another stack), "plane" (bound to an MPR plane
    or back; ``previous``: the binding before), "volume" (a volume rendering or back), "state" (``previous``:
    the state before) or "vr_state"."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.state = ViewportState()
        self.context = PatientContext()
        self.mpr = None  # MprBinding while the slot shows a plane of an MPR session
        self.vr = None  # the Volume while the slot shows a volume rendering
        self.vr_state = VolumeViewState()
        self.wash = None  # model.fusion.FusionLayer laid over what the slot shows (workstation.fusion)
        # mm per screen pixel of the picture at zoom 1, as last drawn (linked zoom keeps physical scale).
        self.fit_mm_per_px: float | None = None
        self.changed = Event("slot")

    def mode(self) -> str:
        """As the key map's sections name it."""
        return "volume" if self.vr is not None else "plane" if self.mpr is not None else "stack"

    def study_uid(self) -> str | None:
        """The study whose images the slot shows (a stack, an MPR plane or a volume of it)."""
        if self.vr is not None:
            return self.vr.stack.study_uid
        if self.mpr is not None:
            return self.mpr.session.volume.stack.study_uid
        ds = self.state.display_set
        return ds.study_uid if ds is not None else None

    def show(self, display_set, context: PatientContext) -> None:
        """Show a stack (None: nothing), from its default view."""
        if self.vr is not None:
            self.bind_volume(None)
        self.context = context
        self.state = opening_state(display_set, self.state.overlays)
        self.changed.emit(self, "shown", None)

    def bind_plane(self, binding, context: PatientContext) -> None:
        """Show one plane of an MPR session (None: back to the 2-D stack)."""
        previous = self.mpr
        self.mpr = binding
        self.context = context
        if binding is not None:
            modality = binding.session.volume.stack.modality
            self.state = plane_state(modality, self.state.overlays, self.state.window)
        self.changed.emit(self, "plane", previous)

    def bind_volume(self, volume, vr_state: VolumeViewState | None = None) -> None:
        """Show a volume rendering of ``volume`` (None: back to 2-D)."""
        if self.mpr is not None:
            self.bind_plane(None, self.context)
        self.vr = volume
        if vr_state is not None:
            self.vr_state = vr_state
        self.changed.emit(self, "volume", None)

    def apply(self, state: ViewportState) -> None:
        if state == self.state:
            return
        previous, self.state = self.state, state
        self.changed.emit(self, "state", previous)

    def set_vr_state(self, state: VolumeViewState) -> None:
        previous, self.vr_state = self.vr_state, state
        self.changed.emit(self, "vr_state", previous)

    def fit(self) -> None:
        st = self.state
        self.apply(st.zoomed(1.0 / st.zoom).panned(-st.pan[0], -st.pan[1]))

    def describe(self) -> dict:
        """What the slot shows, as plain values (tests, diagnostics; no patient data)."""
        ds = self.state.display_set
        return {
            "mode": self.mode(),
            "display_set": ds.uid if ds is not None and self.mpr is None and self.vr is None else None,
            "index": self.state.index,
            "window": (self.state.window.center, self.state.window.width) if self.state.window else None,
            "zoom": self.state.zoom,
            "plane": self.mpr.view if self.mpr is not None else None,
            "volume_preset": self.vr_state.preset if self.vr is not None else None,
        }


class ViewLayout:
    """The grids of slots (1x1 to 3x3), one per screen, and the active slot, which the window's commands act on.

    Screen 0 is the main window's (``rows``, ``cols``, ``set_layout``); a second monitor has a grid of its own
    (``set_screen_layout``), whose slots are its own: changing one screen's layout never moves another's
    images. ``visible()`` lists screen 0's slots, then screen 1's...: filling "the visible slots in order"
    fills the main screen first."""

    def __init__(self) -> None:
        self.slots: list[ViewSlot] = []  # every slot ever made, by index (the widgets follow this order)
        self.rows = self.cols = 0
        self.active: ViewSlot | None = None
        self.slot_added = Event("slot_added")  # (slot)
        self.layout_changed = Event("layout_changed")  # (rows, cols of screen 0, whether a shape changed)
        self.active_changed = Event("active_changed")  # (slot)
        self._screens: list[list[ViewSlot]] = [[]]  # the slots each screen owns, in grid order
        self._shapes: list[tuple[int, int]] = [(0, 0)]
        self.set_layout(1, 1)

    @property
    def screen_count(self) -> int:
        return len(self._screens)

    def screen_layout(self, screen: int) -> tuple[int, int]:
        return self._shapes[screen]

    def screen_visible(self, screen: int) -> list[ViewSlot]:
        rows, cols = self._shapes[screen]
        return self._screens[screen][: rows * cols]

    def screen_of(self, slot: ViewSlot) -> int:
        return next((i for i, owned in enumerate(self._screens) if slot in owned), 0)

    def visible(self) -> list[ViewSlot]:
        return [slot for i in range(len(self._screens)) for slot in self.screen_visible(i)]

    def set_screen_count(self, count: int) -> None:
        """As many screens as the window has monitors (at least one); a screen that goes takes its slots'
        places off the visible list (its slots stay made, empty of nothing: they may come back)."""
        count = max(1, count)
        while len(self._screens) < count:
            self._screens.append([])
            self._shapes.append((0, 0))
            self.set_screen_layout(len(self._screens) - 1, 1, 1)
        if len(self._screens) > count:
            del self._screens[count:], self._shapes[count:]
            if self.active not in self.visible():
                self.set_active(self.visible()[0])
            self.layout_changed.emit(self.rows, self.cols, True)

    def set_layout(self, rows: int, cols: int) -> None:
        self.set_screen_layout(0, rows, cols)

    def set_screen_layout(self, screen: int, rows: int, cols: int) -> None:
        """Show a ``rows`` x ``cols`` grid on ``screen`` (0: the main window's)."""
        rows = max(1, min(MAX_ROWS, rows))
        cols = max(1, min(MAX_COLS, cols))
        changed = (rows, cols) != self._shapes[screen]
        owned = self._screens[screen]
        while len(owned) < rows * cols:
            slot = ViewSlot(len(self.slots))
            self.slots.append(slot)
            owned.append(slot)
            self.slot_added.emit(slot)
        self._shapes[screen] = (rows, cols)
        self.rows, self.cols = self._shapes[0]
        if self.active is None or self.active not in self.visible():
            self.set_active(self.visible()[0])
        if changed:
            # A plane zoomed or panned for the old shape of its view would show only part of itself in the
            # new one: every plane starts the new layout whole.
            for slot in self.screen_visible(screen):
                if slot.mpr is not None:
                    slot.fit()
        self.layout_changed.emit(self.rows, self.cols, changed)

    def set_active(self, slot: ViewSlot) -> None:
        if slot is self.active:
            return
        self.active = slot
        self.active_changed.emit(slot)

    def cycle_active(self) -> None:
        visible = self.visible()
        i = visible.index(self.active) if self.active in visible else -1
        self.set_active(visible[(i + 1) % len(visible)])

    def with_window(self, source: ViewSlot) -> None:
        """One window/level for the planes of one volume: the other planes take ``source``'s."""
        if source.mpr is None:
            return
        for slot in self.visible():
            if slot is not source and slot.mpr is not None and slot.state.window != source.state.window:
                slot.apply(replace(slot.state, window=source.state.window, invert=source.state.invert))
