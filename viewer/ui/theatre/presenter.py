"""Presenter mode for staff meetings: the active view mirrored full screen on a second screen (a projector,
the meeting room's wall screen), with the pointer drawn where the presenter points (mouse or finger) on the
same point of the image, whatever the two screens' sizes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.ui.theatre.viewport import TheatreViewport

POINTER_COLOUR = QColor(255, 40, 40)


def other_screen(screen):
    """A screen other than ``screen`` (None when there is only one)."""
    return next((s for s in QGuiApplication.screens() if s is not screen), None)


class MirrorViewport(TheatreViewport):
    """The active view drawn again, for looking only: no input, a pointer on top."""

    def __init__(self, slot, loader, language, parent=None) -> None:
        super().__init__(slot, loader, language, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pointer: tuple[float, float] | None = None

    def image_mm_to_widget(self, mm) -> tuple[float, float] | None:
        """The widget point of image-plane millimetres (``widget_to_image_mm`` the other way)."""
        scene = self.last_scene
        if scene is None or scene.image is None or self.renderer is None:
            return None
        per_px = self.renderer.mm_per_screen_pixel(scene) * self.devicePixelRatioF()
        h, w = scene.image.shape[:2]
        cx = (w - 1) * scene.spacing[0] / 2.0 + scene.pan[0]
        cy = (h - 1) * scene.spacing[1] / 2.0 + scene.pan[1]
        return self.width() / 2.0 + (mm[0] - cx) / per_px, self.height() / 2.0 + (mm[1] - cy) / per_px

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.pointer is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, y = self.pointer
        r = max(12.0, self.height() / 40.0)
        painter.setPen(QPen(POINTER_COLOUR, max(3.0, r / 4)))
        painter.drawEllipse(QPointF(x, y), r, r)
        painter.drawLine(QPointF(x - 2 * r, y), QPointF(x - r, y))
        painter.drawLine(QPointF(x + r, y), QPointF(x + 2 * r, y))
        painter.drawLine(QPointF(x, y - 2 * r), QPointF(x, y - r))
        painter.drawLine(QPointF(x, y + r), QPointF(x, y + 2 * r))
        painter.end()


class PresenterWindow(QWidget):
    def __init__(self, theatre_window, screen) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.theatre = theatre_window
        self.ws = theatre_window.ws
        self.setWindowTitle("Cauri")
        self.setStyleSheet("background: #000;")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.mirror: MirrorViewport | None = None
        self._undo = [self.ws.views.active_changed.connect(self._follow)]
        for vp in theatre_window.grid.viewports:
            vp.pointer_moved.connect(self.point)
        theatre_window.grid.viewport_created.connect(lambda vp: vp.pointer_moved.connect(self.point))
        self._follow(self.ws.views.active)
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def _follow(self, slot) -> None:
        """The mirror shows the active view."""
        if self.mirror is not None and self.mirror.slot is slot:
            return
        if self.mirror is not None:
            self.mirror.release()
            self.mirror.deleteLater()
            self.mirror = None
        if slot is not None:
            self.mirror = MirrorViewport(slot, self.ws.loader, self.theatre.language, self)
            self.mirror.measure = self.theatre.main.measure
            self.box.addWidget(self.mirror)
            self.mirror.show()

    def point(self, vp, x: float, y: float) -> None:
        """The presenter pointed at (x, y) of ``vp``: the same image point on the mirror."""
        mirror = self.mirror
        if mirror is None or vp.slot is not mirror.slot:
            return
        mm = vp.widget_to_image_mm(x, y) if vp.mpr is None and vp.vr is None else None
        at = mirror.image_mm_to_widget(mm) if mm is not None else None
        if at is None:  # a plane or a volume: the same place in proportion
            at = (x / max(1, vp.width()) * mirror.width(), y / max(1, vp.height()) * mirror.height())
        mirror.pointer = at
        mirror.update()

    def close_mirror(self) -> None:
        for undo in self._undo:
            undo()
        if self.mirror is not None:
            self.mirror.release()
        self.close()
