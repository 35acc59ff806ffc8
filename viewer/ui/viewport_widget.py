"""One reading viewport: a plain QWidget showing what the VTK slice renderer drew offscreen.

Mouse map: wheel scrolls, left-drag windows, right-drag zooms, middle-drag pans, Ctrl+left-drag
scrolls through the stack. Keyboard shortcuts are handled by the grid (they act on the active viewport).
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from viewer.dicom.pixels import Window
from viewer.model.displaysets import ImageStack
from viewer.model.frames import FrameLoader, LoadedFrame, prefetch_order
from viewer.model.measurements import ImageRef
from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState, drag_window
from viewer.model.volume_view import VolumeViewState
from viewer.presentation.findings import NO_FINDINGS
from viewer.presentation.image import present_image
from viewer.presentation.scene import SliceScene, frame_plane
from viewer.presentation.windows import effective_window, opening_state, plane_state
from viewer.render import mpr_view
from viewer.render.slice_renderer import SliceRenderer
from viewer.ui.vr_frames import VolumeFrames

DISPLAY_SET_MIME = "application/x-cauri-display-set"
STUDY_MIME = "application/x-cauri-study"  # a study row of the list, or the study a dragged series belongs to


class ViewportWidget(QWidget):
    activated = Signal(object)  # self
    state_changed = Signal(object)  # self
    _frame_arrived = Signal(object)  # LoadedFrame, from a loader thread
    dropped_display_set = Signal(object, str, str)  # self, display set uid ("" for a whole study), study uid

    def __init__(self, loader: FrameLoader, language: str = "fr", parent=None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # polygon drafting follows the mouse between clicks
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
        self.last_drawn_size = (0, 0)
        self._image: QImage | None = None
        self._rgba = None
        self._drag_start: QPoint | None = None
        self._drag_button = None
        self._drag_state: ViewportState | None = None
        self._drag_window: Window | None = None
        self._render_pending = False
        self._frame_arrived.connect(self._on_frame_arrived)
        self.mpr = None  # MprBinding when this viewport shows a plane of an MPR session
        self.measure = None  # MeasureController: measurement tools on 2-D images
        self.vr = None  # Volume when this viewport shows a volume rendering
        self.vr_state = VolumeViewState()
        self.vr_frames = VolumeFrames(self)
        self._vr_still = QTimer(self)
        self._vr_still.setSingleShot(True)
        self._vr_still.setInterval(250)
        self._vr_still.timeout.connect(self._vr_full_quality)
        self.cine = QTimer(self)
        self.cine.timeout.connect(self._cine_step)
        self.cine_fps = 15
        # (colour, text) of the patient band, set while views show more than one patient (PatientGuard).
        self.patient_band: tuple[QColor, str] | None = None

    # ------------------------------------------------------------------ state
    def set_display_set(self, display_set: ImageStack | None, context: PatientContext) -> None:
        self.stop_cine()
        if self.vr is not None:
            self.bind_volume(None)
        self.context = context
        self.state = opening_state(display_set, self.state.overlays)
        self._request_frames()
        self.schedule_render()
        self.state_changed.emit(self)

    def reference_planes(self) -> list:
        """The image planes of the other visible 2-D viewports (reference lines)."""
        grid = self.parent()
        if not hasattr(grid, "visible_viewports"):
            return []
        return [frame_plane(vp.current_frame()) for vp in grid.visible_viewports()
                if vp is not self and vp.mpr is None and vp.vr is None and vp.state.display_set is not None]

    def bind_mpr(self, binding, context: PatientContext) -> None:
        """Show one plane of an MPR session (None: back to the 2-D stack)."""
        self.stop_cine()
        if self.mpr is not None:
            self.mpr.session.unsubscribe(self.schedule_render)
        self.mpr = binding
        self.context = context
        if binding is not None:
            binding.session.subscribe(self.schedule_render)
            modality = binding.session.volume.stack.modality
            self.state = plane_state(modality, self.state.overlays, self.state.window)
        self.schedule_render()
        self.state_changed.emit(self)

    def bind_volume(self, volume, state: VolumeViewState | None = None) -> None:
        """Show a volume rendering of ``volume`` (None: back to 2-D)."""
        self.stop_cine()
        if self.mpr is not None:
            self.bind_mpr(None, self.context)
        self.vr = volume
        if state is not None:
            self.vr_state = state
        self.vr_frames.bind(volume)
        self.schedule_render()
        self.state_changed.emit(self)

    def set_vr_state(self, state: VolumeViewState) -> None:
        if state != self.vr_state:
            self.vr_frames.changed()
        self.vr_state = state
        self.schedule_render()
        if state.interactive:
            self._vr_still.start()

    def _vr_full_quality(self) -> None:
        if self.vr is not None and self.vr_state.interactive and self._drag_start is None:
            from dataclasses import replace

            self.vr_state = replace(self.vr_state, interactive=False)
            self.schedule_render()

    def widget_to_image_mm(self, pos) -> tuple[float, float] | None:
        """Image-plane millimetres (from pixel (0, 0)) under a widget position, or None without an image."""
        scene = self.last_scene
        if scene is None or scene.image is None or self.renderer is None:
            return None
        dpr = self.devicePixelRatioF()
        mm = self.renderer.mm_per_screen_pixel(scene) * dpr
        h, w = scene.image.shape[:2]
        cx = (w - 1) * scene.spacing[0] / 2.0 + scene.pan[0]
        cy = (h - 1) * scene.spacing[1] / 2.0 + scene.pan[1]
        return cx + (pos.x() - self.width() / 2.0) * mm, cy + (pos.y() - self.height() / 2.0) * mm

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

    def image_ref(self) -> ImageRef | None:
        """The image this viewport shows (None on an MPR plane, a volume, or without one): what findings
        and presentation states name."""
        ds = self.state.display_set
        if ds is None or not ds.frames or self.mpr is not None or self.vr is not None:
            return None
        at = ds.frames[self.state.index]
        return ImageRef(ds.study_uid, ds.series_uid, at.sop_uid, at.frame)

    def _screen_mm_per_px(self) -> float | None:
        """Physical millimetres of one device pixel, None when the screen does not report its size."""
        screen = self.screen()
        if screen is None or screen.physicalSize().width() <= 0 or screen.physicalDotsPerInch() <= 0:
            return None
        return 25.4 / (screen.physicalDotsPerInch() * self.devicePixelRatioF())

    def current_window(self) -> Window | None:
        if self.mpr is not None:
            return self.last_scene.window if self.last_scene else None
        frame = self.current_frame()
        return effective_window(self.state, frame) if frame and frame.header else None

    def is_ready(self) -> bool:
        """True once the viewport shows what it should: its image (or a reason it cannot), or the empty hint."""
        scene = self.last_scene
        if scene is None:
            return False
        if self.vr is not None:
            return self._image is not None and self.vr_frames.ready(self._device_size())
        if self.mpr is not None:
            return scene.image is not None and not self.mpr.resampler.draft
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
            QTimer.singleShot(0, self, self._render_now)  # with the widget as context: never after it is gone

    def _device_size(self) -> tuple[int, int]:
        dpr = self.devicePixelRatioF()
        return max(1, int(self.width() * dpr)), max(1, int(self.height() * dpr))

    def _render_now(self, wait: bool = False) -> None:
        self._render_pending = False
        if not self.isVisible():
            return
        dpr = self.devicePixelRatioF()
        w, h = self._device_size()
        if self.vr is not None:
            self.vr_frames.draw((w, h), wait)  # a still frame may come later, from a worker thread
            return
        if self.renderer is None:
            self.renderer = SliceRenderer(w, h)
        self.renderer.resize(w, h)
        t0 = time.perf_counter()
        findings, chosen = self.measure.findings_for(self) if self.measure is not None else (NO_FINDINGS, None)
        if self.mpr is not None:
            scene = mpr_view.present(self.mpr.resampler, self.mpr.view, self.state, self.context, self.language, (w, h),
                                     findings).scene
        else:
            presented = present_image(self.state, self.current_frame(), self.image_ref(), self.context, self.language,
                                      (w, h), findings, chosen, self.reference_planes(), self._screen_mm_per_px())
            # A presentation state places its image (turn, flip, displayed area) until the reader does.
            placed = presented.state
            self.state = replace(self.state, rotation=placed.rotation, flip_h=placed.flip_h, flip_v=placed.flip_v,
                                 zoom=placed.zoom, pan=placed.pan)
            scene = presented.scene
        scale = self.mpr.draft_scale() if self.mpr is not None else 1.0
        t_draw = time.perf_counter()
        self._rgba = self.renderer.render(scene, scale)
        now = time.perf_counter()
        if self.mpr is not None:
            self.mpr.drawn((now - t_draw) * 1000.0, scale)  # the part that follows the pixel count
        self.last_render_ms = (now - t0) * 1000.0
        self.last_drawn_size = (self._rgba.shape[1], self._rgba.shape[0])  # below the widget's during a drag
        self.last_scene = scene
        rh, rw = self._rgba.shape[:2]
        image = QImage(self._rgba.data, rw, rh, 4 * rw, QImage.Format.Format_RGBX8888)
        if (rw, rh) != (w, h):  # a draft frame while the user drags
            image = image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation)
        image.setDevicePixelRatio(dpr)
        self._image = image
        self.update()

    def release(self) -> None:
        """Free the GL context now, while the display connection still exists."""
        self.stop_cine()
        if self.mpr is not None:
            self.mpr.session.unsubscribe(self.schedule_render)
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
        self.vr_frames.close()

    def render_sync(self) -> None:
        """Render now, the VR still frame included (tests and screenshots)."""
        self._render_now(wait=True)

    def study_uid(self) -> str | None:
        """The study whose images this viewport shows (a stack, an MPR plane or a volume of it)."""
        if self.vr is not None:
            return self.vr.stack.study_uid
        if self.mpr is not None:
            return self.mpr.session.volume.stack.study_uid
        ds = self.state.display_set
        return ds.study_uid if ds is not None else None

    def set_patient_band(self, band: tuple[QColor, str] | None) -> None:
        if band != self.patient_band:
            self.patient_band = band
            self.update()

    def _paint_band(self, painter: QPainter) -> None:
        """A strip along the top in the patient's colour, with the name: same colour, same patient."""
        colour, text = self.patient_band
        height = painter.fontMetrics().height() + 6
        painter.fillRect(0, 0, self.width(), height, colour)
        dark = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue() > 150
        painter.setPen(QColor(0, 0, 0) if dark else QColor(255, 255, 255))
        painter.drawText(6, 0, self.width() - 12, height, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, self.width() - 12))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0))
        if self._image is not None:
            painter.drawImage(QPoint(0, 0), self._image)
        if self.patient_band is not None:
            self._paint_band(painter)
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
    def _measuring(self) -> bool:
        return self.measure is not None and self.vr is None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.activated.emit(self)
        if self._measuring() and self.measure.press(self, event):
            self._drag_start = None
            event.accept()
            return
        self._drag_start = event.position().toPoint()
        self._drag_button = event.button()
        mods = event.modifiers()
        self._drag_vr = self.vr_state
        if self.vr is not None:
            if event.button() == Qt.MouseButton.LeftButton:
                self._drag_button = "tf" if mods & Qt.KeyboardModifier.ShiftModifier else "orbit"
        elif event.button() == Qt.MouseButton.LeftButton:
            if self.mpr is not None:
                # MPR: left moves the shared point, Shift+left windows, Ctrl+left turns the planes.
                if mods & Qt.KeyboardModifier.ShiftModifier:
                    self._drag_button = Qt.MouseButton.LeftButton
                elif mods & Qt.KeyboardModifier.ControlModifier:
                    self._drag_button = "rotate"
                    self._last_angle = self._angle_at(event.position())
                else:
                    self._drag_button = "crosshair"
                    self._move_crosshair(event.position())
            elif mods & Qt.KeyboardModifier.ControlModifier:
                self._drag_button = "scroll"
        self._drag_state = self.state
        self._drag_window = self.current_window()

    def _move_crosshair(self, pos) -> None:
        point = self.widget_to_image_mm(pos)
        scene = self.last_scene
        if point is None or self.mpr is None or scene is None:
            return
        cut = self.mpr.resampler.last_origin.get(self.mpr.view)
        if cut is None:
            return
        self.mpr.session.move_to(self.mpr.view, point[0] + cut[0], point[1] + cut[1])

    def _angle_at(self, pos) -> float:
        import math

        c = self.rect().center()
        return math.atan2(pos.y() - c.y(), pos.x() - c.x())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._measuring() and self.measure.move(self, event):
            return
        if self._drag_start is None or self._drag_state is None:
            return
        delta = event.position().toPoint() - self._drag_start
        dx, dy = delta.x(), delta.y()
        base = self._drag_state
        if self.vr is not None:
            from dataclasses import replace

            vb = replace(self._drag_vr, interactive=True)
            if self._drag_button == "orbit":
                self.set_vr_state(vb.rotated(-dx * 0.5, dy * 0.5))
            elif self._drag_button == "tf":
                self.set_vr_state(replace(vb, tf_shift=vb.tf_shift + dy * 2.0, tf_scale=max(0.1, vb.tf_scale * 2 ** (dx / 200.0))))
            elif self._drag_button == Qt.MouseButton.RightButton:
                self.set_vr_state(replace(vb, zoom=max(0.1, vb.zoom * 2.0 ** (-dy / 150.0))))
            elif self._drag_button == Qt.MouseButton.MiddleButton:
                self.set_vr_state(replace(vb, pan=(vb.pan[0] - dx / max(1, self.width()), vb.pan[1] + dy / max(1, self.height()))))
            return
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
        elif self._drag_button == "crosshair":
            self._move_crosshair(event.position())
        elif self._drag_button == "rotate" and self.mpr is not None:
            angle = self._angle_at(event.position())
            self.mpr.session.rotate(self.mpr.view, angle - self._last_angle)
            self._last_angle = angle

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._measuring() and self.measure.release(self, event):
            self._drag_start = None
            return
        self._drag_start = None
        self._drag_state = None
        if self.vr is not None and self.vr_state.interactive:
            self._vr_still.start(0)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self.activated.emit(self)
        if self._measuring() and self.measure.double_click(self, event):
            return
        self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        self.activated.emit(self)
        steps = event.angleDelta().y() / 120.0
        if not steps:
            return
        step = -int(round(steps)) or (-1 if steps > 0 else 1)
        if self.vr is not None:
            from dataclasses import replace

            self.set_vr_state(replace(self.vr_state, zoom=max(0.1, self.vr_state.zoom * (1.1 ** -step)), interactive=True))
            return
        if self.mpr is not None:
            self.mpr.session.scroll(self.mpr.view, step)
        else:
            self.apply(self.state.scrolled(step))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.mpr is not None:
            steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                     Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}.get(event.key())
            if steps:
                self.mpr.session.scroll(self.mpr.view, steps)
                event.accept()
                return
        grid = self.parent()
        self.activated.emit(self)  # keys act on the viewport that has the keyboard focus
        if hasattr(grid, "navigation_key") and grid.navigation_key(event.key()):
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ drag and drop of series
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(DISPLAY_SET_MIME) or event.mimeData().hasFormat(STUDY_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()  # files are handled by the main window (import)

    def dropEvent(self, event) -> None:  # noqa: N802
        mime = event.mimeData()
        if not (mime.hasFormat(DISPLAY_SET_MIME) or mime.hasFormat(STUDY_MIME)):
            event.ignore()
            return
        uid = bytes(mime.data(DISPLAY_SET_MIME)).decode("utf-8") if mime.hasFormat(DISPLAY_SET_MIME) else ""
        study = bytes(mime.data(STUDY_MIME)).decode("utf-8") if mime.hasFormat(STUDY_MIME) else ""
        self.activated.emit(self)
        self.dropped_display_set.emit(self, uid, study)
        event.acceptProposedAction()


