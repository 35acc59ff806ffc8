"""Navigation tools of one viewport: window/level, scroll, zoom, pan, the MPR crosshair and oblique
planes, the 3-D orbit, zoom, pan and transfer-function drag. Which gesture starts which is the key map's
decision (``keymap``); how each one changes the view is decided here."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from viewer.model.viewport import ViewportState, drag_window
from viewer.model.volume_view import VolumeViewState
from viewer.tools.events import Change, Key, Pointer, ViewOnScreen, Wheel
from viewer.tools.keymap import Keymap

# Drag speeds, per widget pixel.
ZOOM_PX = 150.0  # 150 px up doubles the zoom
SCROLL_PX = 4  # one image per 4 px
ORBIT_DEG = 0.5
TF_SHIFT = 2.0  # modality units per pixel
TF_SCALE_PX = 200.0  # 200 px right doubles the transfer function's width
WHEEL_ZOOM = 1.1  # 3-D zoom per wheel notch
MIN_VR_ZOOM = 0.1
KEY_STEPS = {"previous": -1, "next": 1, "back_10": -10, "forward_10": 10}


@dataclass
class _Drag:
    action: str
    x: float
    y: float
    state: ViewportState
    vr_state: VolumeViewState
    window: object
    angle: float = 0.0


def _angle(view: ViewOnScreen, x: float, y: float) -> float:
    """Direction of a point seen from the view's centre pixel."""
    cx, cy = (view.size[0] - 1) // 2, (view.size[1] - 1) // 2
    return math.atan2(y - cy, x - cx)


def wheel_step(steps: float) -> int:
    """Whole images for a wheel turn; a high-resolution wheel's part-notch still moves one."""
    return -int(round(steps)) or (-1 if steps > 0 else 1)


class ViewportTools:
    """The navigation gestures of one viewport; holds the drag in progress."""

    def __init__(self, keymap: Keymap) -> None:
        self.keymap = keymap
        self._drag: _Drag | None = None

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    def drop(self) -> None:
        """The gesture went to another tool (a measurement drawn or dragged): no drag here."""
        self._drag = None

    def press(self, view: ViewOnScreen, ev: Pointer) -> Change | None:
        action = self.keymap.drag_action(view.mode, ev.button, ev.modifiers)
        self._drag = _Drag(action or "", ev.x, ev.y, view.state, view.vr_state, view.window)
        if action == "rotate_planes":
            self._drag.angle = _angle(view, ev.x, ev.y)
        elif action == "crosshair":
            self._crosshair(view, ev)
        return None

    def move(self, view: ViewOnScreen, ev: Pointer) -> Change | None:
        d = self._drag
        if d is None or not d.action:
            return None
        dx, dy = ev.x - d.x, ev.y - d.y
        if view.mode == "volume":
            return self._volume_drag(view, d, dx, dy)
        base, action = d.state, d.action
        if action == "window_level":
            return Change(state=base.windowed(drag_window(d.window, dx, dy))) if d.window is not None else None
        if action == "zoom":
            return Change(state=base.zoomed(2.0 ** (-dy / ZOOM_PX)))
        if action == "pan":
            return Change(state=base.panned(-dx * view.mm_per_px, -dy * view.mm_per_px)) if view.mm_per_px else None
        if action == "scroll_drag":
            return Change(state=base.scrolled(int(dy / SCROLL_PX)))
        if action == "crosshair":
            self._crosshair(view, ev)
        elif action == "rotate_planes" and view.plane is not None:
            angle = _angle(view, ev.x, ev.y)
            view.plane.session.rotate(view.plane.view, angle - d.angle)
            d.angle = angle
        return None

    def release(self, view: ViewOnScreen, ev: Pointer) -> Change | None:
        self._drag = None
        return Change(command="still") if view.mode == "volume" and view.vr_state.interactive else None

    def wheel(self, view: ViewOnScreen, ev: Wheel) -> Change | None:
        if not ev.steps:
            return None
        action = self.keymap.wheel_action(view.mode, ev.modifiers)
        step = wheel_step(ev.steps)
        if action == "zoom_steps" and view.mode == "volume":
            vr = view.vr_state
            return Change(vr_state=replace(vr, zoom=max(MIN_VR_ZOOM, vr.zoom * WHEEL_ZOOM ** -step), interactive=True))
        if action == "scroll":
            return self._scroll(view, step)
        return None

    def double_click(self, view: ViewOnScreen, ev: Pointer) -> Change | None:
        action = self.keymap.double_click_action(view.mode, ev.modifiers)
        return Change(command="fit") if action == "fit" else None

    def key(self, view: ViewOnScreen, ev: Key) -> Change | None:
        """The change a key makes to the view; None when the key is not the view's (the window's, then)."""
        action = self.keymap.key_action(view.mode, ev.name, ev.modifiers)
        if action in KEY_STEPS:
            return self._scroll(view, KEY_STEPS[action]) or Change()
        st = view.state
        if action == "first" and view.mode == "stack":
            return Change(state=st.at(0))
        if action == "last" and view.mode == "stack":
            return Change(state=st.at(st.count - 1))
        return None

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _scroll(view: ViewOnScreen, steps: int) -> Change | None:
        if view.mode == "plane" and view.plane is not None:
            view.plane.session.scroll(view.plane.view, steps)
            return None
        if view.mode == "stack":
            return Change(state=view.state.scrolled(steps))
        return None

    @staticmethod
    def _crosshair(view: ViewOnScreen, ev: Pointer) -> None:
        point = view.plane_point(ev.x, ev.y) if view.plane is not None and view.plane_point else None
        if point is not None:
            view.plane.session.move_to(view.plane.view, point[0], point[1])

    @staticmethod
    def _volume_drag(view: ViewOnScreen, d: _Drag, dx: float, dy: float) -> Change | None:
        vb = replace(d.vr_state, interactive=True)
        if d.action == "orbit":
            return Change(vr_state=vb.rotated(-dx * ORBIT_DEG, dy * ORBIT_DEG))
        if d.action == "transfer_function":
            return Change(vr_state=replace(vb, tf_shift=vb.tf_shift + dy * TF_SHIFT,
                                           tf_scale=max(0.1, vb.tf_scale * 2 ** (dx / TF_SCALE_PX))))
        if d.action == "zoom":
            return Change(vr_state=replace(vb, zoom=max(MIN_VR_ZOOM, vb.zoom * 2.0 ** (-dy / ZOOM_PX))))
        if d.action == "pan":
            w, h = max(1, view.size[0]), max(1, view.size[1])
            return Change(vr_state=replace(vb, pan=(vb.pan[0] - dx / w, vb.pan[1] + dy / h)))
        return None
