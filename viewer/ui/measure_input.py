"""The pointer on the measuring tools: a press, move, release or double click on a viewport (plain events)
becomes a point on the image or plane shown, the tools' state machine (``tools.measuring``) says what it does,
and a finished drawing gets its label (the text tool asks for it), its plane and its place in the study's
measurements. With no tool chosen, a press on a measurement selects it and drags its handle or the whole of it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from viewer.model import measurements as M
from viewer.model.measurements import MeasurementKind as K
from viewer.ui import measure_mpr


class MeasurePointer(QObject):
    """Each event method returns True when the event was the measuring tools'."""

    def __init__(self, controller) -> None:
        super().__init__(controller)
        self.c = controller
        self.gestures = controller.gestures

    def _point(self, vp, ev):
        """(image ref, plane, point) a pointer event on ``vp`` draws at; point None when it draws nothing."""
        ref, plane = self.c._target(vp)
        point = self.c.image_point(vp, ev.x, ev.y) if ref else None
        if point is None or (vp.mpr is not None and plane is None):
            return ref, plane, None
        return ref, plane, point

    def _button(self, vp) -> str:
        """The button the key map gives the measuring tools in what the viewport shows."""
        return self.c.keymap.measure_button(vp.slot.mode())

    def press(self, vp, ev) -> bool:
        c = self.c
        if ev.button != self._button(vp) or c.mset is None:
            return False
        ref, plane, point = self._point(vp, ev)
        if point is None:
            return False
        if c.tool is None:
            return self._grab(vp, ref, point)
        drawn = self.gestures.press(vp, plane, point)
        if drawn is not None:
            self._finish(vp, ref, drawn)
        vp.schedule_render()
        return True

    def move(self, vp, ev) -> bool:
        c = self.c
        if c.mset is None:
            return False
        point = c.image_point(vp, ev.x, ev.y) if self.gestures.drag or self.gestures.drafting_in(vp) else None
        consumed = self.gestures.move(vp, point, self._button(vp) in ev.buttons, c.mset)
        if consumed and point is not None and self.gestures.drag is None:
            vp.schedule_render()
        return consumed

    def release(self, vp, ev) -> bool:
        consumed, drawn = self.gestures.release(vp, self.c.mset)
        if drawn is not None:
            self._finish(vp, self.c._target(vp)[0], drawn)
        elif consumed and self.gestures.points == [] and self.gestures.view is vp:
            vp.schedule_render()  # a click that drew nothing: its draft goes
        return consumed

    def double_click(self, vp, ev) -> bool:
        consumed, drawn = self.gestures.double_click(vp)
        if drawn is not None:
            self._finish(vp, self.c._target(vp)[0], drawn)
        return consumed

    def _grab(self, vp, ref, point) -> bool:
        c = self.c
        if vp.mpr is not None:  # on the view's grid
            candidates = measure_mpr.on_view(c.mset, vp)
        else:
            candidates = [(m, m) for m in c.mset.on_image(ref)]
        grabbed = self.gestures.grab(c.mset, candidates, point, c._tolerance(vp))
        if grabbed is not None:
            c.selected = grabbed
            c.changed.emit()
            return True
        if c.selected is not None:
            c.selected = None
            c.changed.emit()
            vp.schedule_render()
        return False

    def _finish(self, vp, ref, drawn) -> None:
        """Label, place and keep what the reader finished drawing."""
        c = self.c
        if ref is None:
            return
        label = ""
        if drawn.kind is K.TEXT:
            label, ok = QInputDialog.getText(c.window, self.tr("Annotation"), self.tr("Text:"))
            if not ok or not label.strip():
                vp.schedule_render()
                return
        try:
            m = M.Measurement(drawn.kind, drawn.points, ref, label=label.strip(), plane=drawn.plane if vp.mpr else None)
            if m.plane is not None:  # kept on the full-resolution grid even if drawn over a draft cut
                m = measure_mpr.on_plane(m, measure_mpr.shown_plane(vp, full=True), 1e6) or m
            m = c.mset.add(m)
        except ValueError as exc:
            c.window.status_label.setText(str(exc))
            vp.schedule_render()
            return
        c.selected = m.id
