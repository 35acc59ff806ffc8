"""Touch gestures for theatre mode, without a toolkit: fingers in, view changes out (issue 15).

No precision is asked of a gloved hand: one finger dragged moves through the images (or windows: the big
toggle, ``drag_mode``), two fingers pinch to zoom and move together to pan, a double tap fits, a finger held
still shows the value under it. The mouse's left button is one finger (same gestures); the wheel, right and
middle drags and the keys stay the key map's (``theatre_keymap``).

Times come with the events (seconds, any monotonic origin); the window calls ``hold`` from a timer so a
finger that does not move still gets its value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from viewer.model.viewport import drag_window
from viewer.tools.events import Change, ViewOnScreen
from viewer.tools.keymap import Keymap

SLOP_PX = 24.0  # a gloved finger wobbles: less than this is still a tap or a hold
SCROLL_PX = 16.0  # one image per 16 px of finger travel (a 1080-px screen: ~60 images a sweep)
LONG_PRESS_S = 0.6
DOUBLE_TAP_S = 0.5
DOUBLE_TAP_PX = 60.0
ORBIT_DEG = 0.5
MIN_ZOOM, MAX_ZOOM = 0.2, 40.0

# Theatre mode draws and edits nothing: the measuring button is taken from every view, and the left drag is
# the touch gestures' (one finger). The rest of the reader's map (wheel, keys, right/middle drags) stays.
# A presenter remote sends Page Up / Page Down: in the theatre they move through the images (ten at a time),
# not through a hanging protocol's stages as in the reading room.
THEATRE_CHANGES = {
    "window": {"next_stage": [], "previous_stage": []},
    "stack": {"measure": [], "window_level": [], "scroll_drag": [], "back_10": ["PgUp", "Shift+PgUp"],
              "forward_10": ["PgDown", "Shift+PgDown"]},
    "plane": {"measure": [], "crosshair": [], "back_10": ["PgUp", "Shift+PgUp"],
              "forward_10": ["PgDown", "Shift+PgDown"]},
}


def theatre_keymap(keymap: Keymap) -> Keymap:
    return keymap.overridden(THEATRE_CHANGES)[0]


@dataclass(frozen=True)
class Finger:
    id: int
    x: float
    y: float


@dataclass(frozen=True)
class TouchResult:
    change: Change | None = None
    probe: tuple[float, float] | None = None  # show the value under this widget point
    probe_end: bool = False  # the value shown goes


NOTHING = TouchResult()


def _centre(fingers) -> tuple[float, float]:
    return sum(f.x for f in fingers) / len(fingers), sum(f.y for f in fingers) / len(fingers)


def _spread(fingers) -> float:
    a, b = fingers[0], fingers[1]
    return max(1.0, math.hypot(a.x - b.x, a.y - b.y))


class TouchGestures:
    def __init__(self, drag_mode: str = "scroll") -> None:
        self.drag_mode = drag_mode  # "scroll" or "window": what one finger dragged does
        self.phase = "idle"  # "pending" (one finger, still), "drag", "two", "probe", "done" (until all lift)
        self._start: Finger | None = None
        self._t0 = 0.0
        self._view: ViewOnScreen | None = None  # the view when the gesture (or its two-finger part) began
        self._c0 = (0.0, 0.0)
        self._d0 = 1.0
        self._scrolled = 0  # images moved on an MPR plane (its session scrolls step by step)
        self._last_tap: tuple[float, float, float] | None = None
        self._probing = False

    # ------------------------------------------------------------------ events
    def begin(self, view: ViewOnScreen, fingers: list[Finger], t: float) -> TouchResult:
        """The first finger(s) touched."""
        ended = self._probing
        self._probing = False
        self.phase, self._start, self._t0, self._view, self._scrolled = "pending", fingers[0], t, view, 0
        if len(fingers) >= 2:
            self._two(view, fingers)
        return TouchResult(probe_end=ended)

    def update(self, view: ViewOnScreen, fingers: list[Finger], t: float) -> TouchResult:
        """Fingers moved, or one more touched."""
        if not fingers or self.phase in ("idle", "done"):
            return NOTHING
        if len(fingers) >= 2:
            if self.phase in ("pending", "drag"):
                self._two(view, fingers)
            return TouchResult(self._pinch(view, fingers)) if self.phase == "two" else NOTHING
        if self.phase == "two":
            self.phase = "done"  # one finger left of a pinch: nothing until all lift
            return NOTHING
        f, s = fingers[0], self._start
        if self.phase == "probe":
            self._probing = True
            return TouchResult(probe=(f.x, f.y))
        if self.phase == "pending":
            if math.hypot(f.x - s.x, f.y - s.y) < SLOP_PX:
                return self.hold(view, t)
            self.phase = "drag"
        return TouchResult(self._drag(view, f.x - s.x, f.y - s.y))

    def end(self, view: ViewOnScreen, fingers_left: list[Finger], t: float) -> TouchResult:
        """A finger lifted (``fingers_left``: those still down)."""
        if fingers_left:
            if self.phase == "two":
                self.phase = "done"
            return NOTHING
        phase, s = self.phase, self._start
        self.phase, self._view = "idle", None
        if phase == "drag" and view.mode == "volume":
            return TouchResult(Change(command="still"))  # the full-quality frame once the finger lifts
        if phase != "pending" or s is None:
            self._last_tap = None
            return NOTHING
        last = self._last_tap
        if last is not None and t - last[0] <= DOUBLE_TAP_S and math.hypot(s.x - last[1], s.y - last[2]) <= DOUBLE_TAP_PX:
            self._last_tap = None
            return TouchResult(Change(command="fit"))
        self._last_tap = (t, s.x, s.y)
        return NOTHING

    def hold(self, view: ViewOnScreen, t: float) -> TouchResult:
        """Time passed with one finger still: past ``LONG_PRESS_S``, the value under it."""
        if self.phase != "pending" or t - self._t0 < LONG_PRESS_S or self._start is None:
            return NOTHING
        self.phase = "probe"
        self._probing = True
        self._last_tap = None
        return TouchResult(probe=(self._start.x, self._start.y))

    def cancel(self) -> None:
        self.phase, self._view = "idle", None

    # ------------------------------------------------------------------ what the fingers do
    def _two(self, view: ViewOnScreen, fingers) -> None:
        self.phase, self._view = "two", view
        self._c0, self._d0 = _centre(fingers), _spread(fingers)
        self._last_tap = None

    def _pinch(self, view: ViewOnScreen, fingers) -> Change | None:
        base = self._view
        factor = _spread(fingers) / self._d0
        (cx, cy), (x0, y0) = _centre(fingers), self._c0
        dx, dy = cx - x0, cy - y0
        if view.mode == "volume":
            vr = base.vr_state
            w, h = max(1, view.size[0]), max(1, view.size[1])
            return Change(vr_state=replace(vr, zoom=min(MAX_ZOOM, max(MIN_ZOOM, vr.zoom * factor)),
                                           pan=(vr.pan[0] - dx / w, vr.pan[1] + dy / h), interactive=True))
        st = base.state
        factor = min(MAX_ZOOM, max(MIN_ZOOM, st.zoom * factor)) / st.zoom
        state = st.zoomed(factor)
        if base.mm_per_px:
            mm = base.mm_per_px / factor  # the image follows the fingers at the new scale
            state = state.panned(-dx * mm, -dy * mm)
        return Change(state=state)

    def _drag(self, view: ViewOnScreen, dx: float, dy: float) -> Change | None:
        base = self._view
        if view.mode == "volume":
            return Change(vr_state=replace(base.vr_state, interactive=True).rotated(-dx * ORBIT_DEG, dy * ORBIT_DEG))
        if self.drag_mode == "window":
            return Change(state=base.state.windowed(drag_window(base.window, dx, dy))) if base.window is not None else None
        steps = int(dy / SCROLL_PX)
        if view.mode == "plane" and view.plane is not None:
            if steps != self._scrolled:
                view.plane.session.scroll(view.plane.view, steps - self._scrolled)
                self._scrolled = steps
            return None
        return Change(state=base.state.scrolled(steps))
