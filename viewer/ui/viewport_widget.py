"""One reading viewport: a plain QWidget showing what the VTK slice renderer drew offscreen.

Mouse map: wheel scrolls, left-drag windows, right-drag zooms, middle-drag pans, Ctrl+left-drag
scrolls through the stack. Keyboard shortcuts are handled by the grid (they act on the active viewport).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from viewer.dicom.pixels import Window
from viewer.model.displaysets import ImageStack
from viewer.model.frames import FrameLoader, LoadedFrame, prefetch_order
from viewer.model.scene import PatientContext, SliceScene, build_scene, effective_window
from viewer.model.viewport import ViewportState, drag_window
from viewer.render.slice_renderer import SliceRenderer

DISPLAY_SET_MIME = "application/x-cauri-display-set"


class ViewportWidget(QWidget):
    activated = Signal(object)  # self
    state_changed = Signal(object)  # self
    _frame_arrived = Signal(object)  # LoadedFrame, from a loader thread
    dropped_display_set = Signal(object, str)  # self, display set uid

    def __init__(self, loader: FrameLoader, language: str = "fr", parent=None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.loader = loader
        self.language = language
        self.state = ViewportState()
        self.context = PatientContext()
        self.active = False
        self.renderer: SliceRenderer | None = None
        self.last_scene: SliceScene | None = None
        self.last_render_ms = 0.0
        self._image: QImage | None = None
        self._rgba = None
        self._drag_start: QPoint | None = None
        self._drag_button = None
        self._drag_state: ViewportState | None = None
        self._drag_window: Window | None = None
        self._render_pending = False
        self._frame_arrived.connect(self._on_frame_arrived)
        self.cine = QTimer(self)
        self.cine.timeout.connect(self._cine_step)
        self.cine_fps = 15

    # ------------------------------------------------------------------ state
    def set_display_set(self, display_set: ImageStack | None, context: PatientContext) -> None:
        self.stop_cine()
        self.context = context
        self.state = self.state.with_display_set(display_set)
        self._request_frames()
        self.schedule_render()
        self.state_changed.emit(self)

    def apply(self, state: ViewportState) -> None:
        if state == self.state:
            return
        moved = state.index != self.state.index
        self.state = state
        if moved:
            self._request_frames()
        self.schedule_render()
        self.state_changed.emit(self)

    def current_frame(self) -> LoadedFrame | None:
        ds = self.state.display_set
        if not ds or not ds.frames:
            return None
        return self.loader.cached(ds.frames[self.state.index])

    def current_window(self) -> Window | None:
        frame = self.current_frame()
        return effective_window(self.state, frame) if frame and frame.header else None

    def is_ready(self) -> bool:
        """True once the viewport shows what it should: its image (or a reason it cannot), or the empty hint."""
        scene = self.last_scene
        if scene is None:
            return False
        if self.state.display_set is None:
            return True
        frame = self.current_frame()
        return frame is not None and (scene.image is not None or frame.error != "")

    # ------------------------------------------------------------------ loading
    def _request_frames(self) -> None:
        ds = self.state.display_set
        if not ds or not ds.frames:
            return
        refs = [ds.frames[i] for i in prefetch_order(len(ds.frames), self.state.index)]
        self.loader.request(refs, self._frame_arrived.emit)

    def _on_frame_arrived(self, frame: LoadedFrame) -> None:
        ds = self.state.display_set
        if ds and ds.frames and ds.frames[self.state.index] == frame.ref:
            self.schedule_render()

    # ------------------------------------------------------------------ rendering
    def schedule_render(self) -> None:
        if not self._render_pending:
            self._render_pending = True
            QTimer.singleShot(0, self._render_now)

    def _render_now(self) -> None:
        self._render_pending = False
        if not self.isVisible():
            return
        dpr = self.devicePixelRatioF()
        w, h = max(1, int(self.width() * dpr)), max(1, int(self.height() * dpr))
        if self.renderer is None:
            self.renderer = SliceRenderer(w, h)
        self.renderer.resize(w, h)
        t0 = time.perf_counter()
        scene = build_scene(self.state, self.current_frame(), self.context, self.language)
        self._rgba = self.renderer.render(scene)
        self.last_render_ms = (time.perf_counter() - t0) * 1000.0
        self.last_scene = scene
        image = QImage(self._rgba.data, w, h, 4 * w, QImage.Format.Format_RGBX8888)
        image.setDevicePixelRatio(dpr)
        self._image = image
        self.update()

    def release(self) -> None:
        """Free the GL context now, while the display connection still exists."""
        self.stop_cine()
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None

    def render_sync(self) -> None:
        """Render now (tests and screenshots)."""
        self._render_now()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0))
        if self._image is not None:
            painter.drawImage(QPoint(0, 0), self._image)
        pen = QPen(QColor(255, 200, 0) if self.active else QColor(60, 60, 60))
        pen.setWidth(3 if self.active else 1)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2) if self.active else self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.schedule_render()
        super().resizeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        self.schedule_render()
        super().showEvent(event)

    # ------------------------------------------------------------------ tools
    def fit(self) -> None:
        self.apply(self.state.zoomed(1.0 / self.state.zoom).panned(-self.state.pan[0], -self.state.pan[1]))

    def one_to_one(self) -> None:
        if self.renderer is None or self.last_scene is None or self.last_scene.image is None:
            return
        z = self.renderer.zoom_for_one_to_one(self.last_scene)
        self.apply(self.state.zoomed(z / self.state.zoom))

    def set_window(self, window: Window | None) -> None:
        self.apply(self.state.windowed(window))

    def play_cine(self, fps: int | None = None) -> None:
        if self.state.count < 2:
            return
        if fps:
            self.cine_fps = fps
        frame = self.current_frame()
        interval = 1000.0 / max(1, self.cine_fps)
        if self.state.display_set and self.state.display_set.multiframe and frame and frame.header and frame.header.frame_time_ms:
            interval = frame.header.frame_time_ms  # multi-frame cine plays at the acquired rate
        self.cine.start(max(5, int(interval)))

    def stop_cine(self) -> None:
        self.cine.stop()

    def toggle_cine(self) -> None:
        self.stop_cine() if self.cine.isActive() else self.play_cine()

    def _cine_step(self) -> None:
        n = self.state.count
        if n:
            self.apply(self.state.at((self.state.index + 1) % n))

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.activated.emit(self)
        self._drag_start = event.position().toPoint()
        self._drag_button = event.button()
        if event.button() == Qt.MouseButton.LeftButton and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._drag_button = "scroll"
        self._drag_state = self.state
        self._drag_window = self.current_window()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag_start is None or self._drag_state is None:
            return
        delta = event.position().toPoint() - self._drag_start
        dx, dy = delta.x(), delta.y()
        base = self._drag_state
        if self._drag_button == Qt.MouseButton.LeftButton:
            if self._drag_window is not None:
                self.apply(base.windowed(drag_window(self._drag_window, dx, dy)))
        elif self._drag_button == Qt.MouseButton.RightButton:
            self.apply(base.zoomed(2.0 ** (-dy / 150.0)))
        elif self._drag_button == Qt.MouseButton.MiddleButton and self.renderer and self.last_scene:
            mm = self.renderer.mm_per_screen_pixel(self.last_scene) * self.devicePixelRatioF()
            self.apply(base.panned(-dx * mm, -dy * mm))
        elif self._drag_button == "scroll":
            self.apply(base.scrolled(int(dy / 4)))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        self._drag_start = None
        self._drag_state = None

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self.activated.emit(self)
        self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        self.activated.emit(self)
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.apply(self.state.scrolled(-int(round(steps)) or (-1 if steps > 0 else 1)))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        grid = self.parent()
        if hasattr(grid, "navigation_key") and grid.navigation_key(event.key()):
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ drag and drop of series
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(DISPLAY_SET_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()  # files are handled by the main window (import)

    def dropEvent(self, event) -> None:  # noqa: N802
        uid = bytes(event.mimeData().data(DISPLAY_SET_MIME)).decode("utf-8")
        self.activated.emit(self)
        self.dropped_display_set.emit(self, uid)
        event.acceptProposedAction()


