"""The theatre's viewports: the reading viewport drawn for two metres (large text and lines, the patient
side in words), driven by fingers (``tools.touch``) and by the left mouse button as one finger; the wheel,
right and middle drags and the keys stay the key map's (without its measuring button)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGridLayout

from viewer.core.messages import in_language
from viewer.render.slice_renderer import SliceRenderer
from viewer.tools.touch import LONG_PRESS_S, Finger, TouchGestures, theatre_keymap
from viewer.ui.theatre.sizes import screen_scale
from viewer.ui.viewport_grid import ViewportGrid
from viewer.ui.viewport_widget import ViewportWidget
from viewer.workstation.theatre import (
    NO_SIDE,
    line_width,
    patient_sides,
    probe_text,
    text_px,
)

T = QEvent.Type
SIDE_COLOUR = QColor(255, 214, 0)  # amber on black: read first, from across the room
PROBE_COLOUR = QColor(0, 230, 255)


class TheatreViewport(ViewportWidget):
    pointer_moved = Signal(object, float, float)  # self, widget x, y (the presenter's pointer)
    probed = Signal(str)  # the value under the finger ("" when it goes)

    def __init__(self, slot, loader, language, parent=None, keymap=None, drag_mode: str = "scroll",
                 surfaces=None) -> None:
        super().__init__(slot, loader, language, parent, keymap, surfaces)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.gestures = TouchGestures(drag_mode)
        self.probe: tuple[float, float, str] | None = None  # (x, y, text) shown under a held finger
        self.sides: dict = {}  # edge -> word, from the last scene's orientation letters
        self.side_boxes: dict = {}  # edge -> where its word was last painted (QRectF)
        self.oriented = False  # the last scene had orientation letters (a sagittal image has no side word)
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(int(LONG_PRESS_S * 1000) + 20)
        self._hold.timeout.connect(lambda: self._touch_result(self.gestures.hold(self.input.on_screen(), time.monotonic())))
        self._touch = _TouchFilter(self)  # installed after ViewportInput: sees the events first
        self.state_changed.connect(self._view_changed)

    def _view_changed(self, _vp) -> None:
        """Another image, plane or view: a value read on the previous one goes (it would be another's)."""
        if self.probe is not None and self.gestures.phase != "probe":
            self.probe = None
            self.probed.emit("")
    # ------------------------------------------------------------------ drawing for two metres
    def scale(self) -> float:
        return screen_scale(self.screen())

    def _render_now(self, wait: bool = False) -> None:
        if self.isVisible():
            if self.renderer is None:
                self.renderer = SliceRenderer(*self._device_size())
            s = self.scale()
            self.renderer.text_px, self.renderer.line_width = text_px(s), line_width(s)
        super()._render_now(wait)
        scene = self.last_scene
        shown = scene is not None and scene.image is not None
        self.sides = patient_sides(scene.markers) if shown else {}
        self.oriented = shown and any(scene.markers.values())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        scene = self.last_scene
        if scene is None or scene.image is None or not scene.overlays:
            return
        painter = QPainter(self)
        dpr = self.devicePixelRatioF()
        big = QFont("Arial")
        big.setBold(True)
        big.setPixelSize(max(12, int(round(1.6 * text_px(self.scale()) / dpr))))
        painter.setFont(big)
        metrics = painter.fontMetrics()
        if self.vr is None and not self.oriented:
            self._label(painter, self.width() / 2, 2.2 * metrics.height(), in_language(NO_SIDE, self.language),
                        SIDE_COLOUR, "center")
        self._paint_sides(painter, QFont(big))
        painter.setFont(big)
        if self.probe is not None:
            x, y, text = self.probe
            painter.setPen(QPen(PROBE_COLOUR, 3))
            painter.drawEllipse(QPointF(x, y), 14, 14)
            self._label(painter, x, y - 30 - metrics.height(), text, PROBE_COLOUR, "center")
        painter.end()

    def _paint_sides(self, painter, font) -> None:
        """The side words at the left and right edges, below each edge's orientation letter; in a narrow view
        (MPR's 1x3) smaller, down to the overlay text's size, then one above the other: never on each other."""
        words = {edge: in_language(word, self.language) for edge, word in self.sides.items()}
        self.side_boxes = {}
        if not words:
            return
        floor = max(12, int(round(text_px(self.scale()) / self.devicePixelRatioF())))
        room = self.width() - 48
        while True:
            painter.setFont(font)
            m = painter.fontMetrics()
            need = sum(m.horizontalAdvance(w) + 16 for w in words.values())
            if need <= room or font.pixelSize() <= floor:
                break
            font.setPixelSize(max(floor, int(font.pixelSize() * room / need)))
        y = self.height() / 2 + 1.2 * m.height()
        stagger = need > room
        for i, (edge, text) in enumerate(sorted(words.items())):
            x = 12 if edge == "left" else self.width() - 12
            self.side_boxes[edge] = self._label(painter, x, y + (i * 1.3 * m.height() if stagger else 0), text,
                                                SIDE_COLOUR, edge)

    def _label(self, painter, x: float, y: float, text: str, colour: QColor, align: str) -> QRectF:
        """``text`` on a black box, its ``align`` edge at ``x``, its middle at ``y``."""
        m = painter.fontMetrics()
        w, h = m.horizontalAdvance(text) + 16, m.height() + 8
        left = x if align == "left" else x - w if align == "right" else x - w / 2
        left = max(0.0, min(self.width() - w, left))
        box = QRectF(left, y - h / 2, w, h)
        painter.fillRect(box, QColor(0, 0, 0, 200))
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return box

    # ------------------------------------------------------------------ fingers and the left button
    def set_drag_mode(self, mode: str) -> None:
        self.gestures.drag_mode = mode

    def fingers_down(self, fingers, begin: bool) -> None:
        view = self.input.on_screen()
        now = time.monotonic()
        result = self.gestures.begin(view, fingers, now) if begin else self.gestures.update(view, fingers, now)
        if begin:
            self.activated.emit(self)
            self._hold.start()
        self._touch_result(result)
        if fingers:
            self.pointer_moved.emit(self, fingers[0].x, fingers[0].y)

    def fingers_up(self, left) -> None:
        if not left:
            self._hold.stop()
        self._touch_result(self.gestures.end(self.input.on_screen(), left, time.monotonic()))

    def _touch_result(self, result) -> None:
        if result.change is not None:
            self.input._take(result.change)
        if result.probe_end and self.probe is not None:
            self.probe = None
            self.probed.emit("")
            self.update()
        if result.probe is not None:
            x, y = result.probe
            text = self.value_at(x, y)
            self.probe = (x, y, text)
            self.probed.emit(text)
            self.update()

    def value_at(self, x: float, y: float) -> str:
        """The value under a widget point, with its unit ("" off the image or on a 3-D view)."""
        measure = self.measure
        if measure is None or self.vr is not None:
            return ""
        ref, plane = measure._target(self)
        point = measure.image_point(self, x, y) if ref is not None else None
        frame = None if self.mpr is not None else self.current_frame()
        session = self.mpr.session if self.mpr is not None else None
        return probe_text(point, ref, frame, self.language, plane, session)


class _TouchFilter(QObject):
    """Touch events, and the left button as one finger, to the gestures; everything else goes on to the
    viewport's own input (``ViewportInput``)."""

    def __init__(self, vp: TheatreViewport) -> None:
        super().__init__(vp)
        self.vp = vp
        vp.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        t = event.type()
        vp = self.vp
        if t in (T.TouchBegin, T.TouchUpdate):
            down = [_finger(p) for p in event.points() if p.state() != p.State.Released]
            if down:
                vp.fingers_down(down, t == T.TouchBegin)
            if len(down) < len(event.points()):
                vp.fingers_up(down)
            event.accept()
            return True
        if t in (T.TouchEnd, T.TouchCancel):
            vp.fingers_up([])
            event.accept()
            return True
        if t in (T.MouseButtonPress, T.MouseButtonDblClick) and event.button() == Qt.MouseButton.LeftButton:
            vp.setFocus()
            vp.fingers_down([_mouse_finger(event)], True)
            return True
        if t == T.MouseMove:
            pos = event.position()
            vp.pointer_moved.emit(vp, pos.x(), pos.y())
            if event.buttons() & Qt.MouseButton.LeftButton:
                vp.fingers_down([_mouse_finger(event)], False)
                return True
            return False
        if t == T.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            vp.fingers_up([])
            return True
        return False


def _finger(point) -> Finger:
    pos = point.position()
    return Finger(point.id(), pos.x(), pos.y())


def _mouse_finger(event) -> Finger:
    pos = event.position()
    return Finger(0, pos.x(), pos.y())


class TheatreGrid(ViewportGrid):
    """The workstation's views (the same slots as the reading window's grid), as theatre viewports."""

    def __init__(self, views, loader, language, parent=None, keymap=None, drag_mode: str = "scroll",
                 surfaces=None) -> None:
        self.drag_mode = drag_mode
        super().__init__(views, loader, language, parent, theatre_keymap(keymap) if keymap is not None else None,
                         surfaces)
        layout: QGridLayout = self._layout
        layout.setSpacing(4)

    def _add(self, slot) -> None:
        vp = TheatreViewport(slot, self.loader, self.language, self, self.keymap, self.drag_mode, self.surfaces)
        vp.hide()
        vp.activated.connect(self.set_active)
        vp.state_changed.connect(self._update_reference_lines)
        self.viewports.append(vp)
        self.viewport_created.emit(vp)

    def set_drag_mode(self, mode: str) -> None:
        self.drag_mode = mode
        for vp in self.viewports:
            vp.set_drag_mode(mode)
