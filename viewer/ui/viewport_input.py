"""The mouse and keys of one viewport, as the tools see them: each Qt event becomes a plain event
(``ui.qt_input``), goes to the measuring tools first (``ui.measure_input``), then to the navigation tools
(``tools.navigation``), and what they return is applied to the viewport's view state. Installed as the
viewport's event filter, so the widget itself only draws."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from viewer.tools.events import ViewOnScreen
from viewer.tools.navigation import ViewportTools
from viewer.ui import qt_input

T = QEvent.Type


class ViewportInput(QObject):
    def __init__(self, vp, keymap) -> None:
        super().__init__(vp)
        self.vp = vp
        self.tools = ViewportTools(keymap)
        self._handlers = {T.MouseButtonPress: self._press, T.MouseMove: self._move, T.MouseButtonRelease: self._release,
                          T.MouseButtonDblClick: self._double_click, T.Wheel: self._wheel, T.KeyPress: self._key}
        vp.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        handler = self._handlers.get(event.type()) if obj is self.vp else None
        return handler(event) if handler is not None else False

    def on_screen(self) -> ViewOnScreen:
        vp = self.vp
        scene = vp.last_scene
        mm = None
        if vp.renderer is not None and scene is not None and scene.image is not None:
            mm = vp.renderer.mm_per_screen_pixel(scene) * vp.devicePixelRatioF()
        return ViewOnScreen(vp.slot.mode(), vp.state, vp.vr_state, vp.current_window(), (vp.width(), vp.height()),
                            mm, vp.mpr, self._plane_point)

    def _plane_point(self, x: float, y: float) -> tuple[float, float] | None:
        """In-plane mm from the volume centre, as the plane is cut, under a widget point."""
        vp = self.vp
        point = vp.widget_to_image_mm(x, y)
        cut = vp.mpr.resampler.last_origin.get(vp.mpr.view) if vp.mpr is not None else None
        if point is None or cut is None:
            return None
        return point[0] + cut[0], point[1] + cut[1]

    def _take(self, change) -> None:
        """Apply what a tool made of an event."""
        vp = self.vp
        if change is None:
            return
        if change.state is not None:
            vp.apply(change.state)
        if change.vr_state is not None:
            vp.set_vr_state(change.vr_state)
        if change.command == "fit":
            vp.fit()
        elif change.command == "still":
            vp.still_soon()

    def _measuring(self):
        """The measuring tools' pointer, where they draw (not on a 3-D view)."""
        measure = self.vp.measure
        return measure.pointer if measure is not None and self.vp.vr is None else None

    # ------------------------------------------------------------------ events (True: consumed here)
    def _press(self, event) -> bool:
        self.vp.activated.emit(self.vp)
        ev = qt_input.pointer(event)
        measuring = self._measuring()
        if measuring is not None and measuring.press(self.vp, ev):
            self.tools.drop()
        else:
            self._take(self.tools.press(self.on_screen(), ev))
        return True

    def _move(self, event) -> bool:
        ev = qt_input.pointer(event)
        measuring = self._measuring()
        if (measuring is None or not measuring.move(self.vp, ev)) and self.tools.dragging:
            self._take(self.tools.move(self.on_screen(), ev))
        return True

    def _release(self, event) -> bool:
        ev = qt_input.pointer(event)
        measuring = self._measuring()
        if measuring is None or not measuring.release(self.vp, ev):
            self._take(self.tools.release(self.on_screen(), ev))
        return True

    def _double_click(self, event) -> bool:
        self.vp.activated.emit(self.vp)
        ev = qt_input.pointer(event)
        measuring = self._measuring()
        if measuring is None or not measuring.double_click(self.vp, ev):
            self._take(self.tools.double_click(self.on_screen(), ev))
        return True

    def _wheel(self, event) -> bool:
        self.vp.activated.emit(self.vp)
        self._take(self.tools.wheel(self.on_screen(), qt_input.wheel(event)))
        return True

    def _key(self, event) -> bool:
        """Keys act on the viewport that has the keyboard focus; a key that is not the view's goes on."""
        self.vp.activated.emit(self.vp)
        change = self.tools.key(self.on_screen(), qt_input.key(event))
        if change is None:
            return False
        self._take(change)
        return True
