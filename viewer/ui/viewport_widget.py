"""One reading viewport: a plain QWidget showing what the VTK slice renderer drew offscreen, for the view
state of its slot (``workstation.views.ViewSlot``).

Its mouse and keys go, as plain events, to the tools (``ui.viewport_input``): the key map says which gesture
does what (wheel scrolls, left drag windows...), the tools make the change, and the slot takes it. The
window's own keys (I, M, the number keys...) are its actions'.
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from viewer.dicom.pixels import Window
from viewer.model.displaysets import ImageStack
from viewer.model.frames import FrameLoader, LoadedFrame, prefetch_order
from viewer.model.measurements import ImageRef
from viewer.model.studies import PatientContext
from viewer.model.view_scale import mm_per_screen_pixel
from viewer.model.viewport import ViewportState
from viewer.model.volume_view import VolumeViewState
from viewer.presentation.findings import NO_FINDINGS
from viewer.presentation.image import present_image
from viewer.presentation.scene import SliceScene, frame_plane, placed_plane
from viewer.presentation.windows import effective_window
from viewer.render import mpr_view
from viewer.render.slice_renderer import SliceRenderer
from viewer.tools.keymap import Keymap
from viewer.ui.cine import Cine
from viewer.ui.fusion_controls import washed
from viewer.ui.viewport_input import ViewportInput
from viewer.ui.viewport_surface import SurfaceHolder
from viewer.ui.vr_frames import VolumeFrames, paint_volume_texts
from viewer.workstation.views import ViewSlot

LOADING_MS = 150  # a stack's "loading" picture waits this long for its first image
PREFETCH_WINDOW = 256  # frames asked for ahead of (cine) or around (scrolling) the one shown
EDGE = 4  # px of the comparison edge, inside the active frame
DISPLAY_SET_MIME = "application/x-cauri-display-set"
STUDY_MIME = "application/x-cauri-study"  # a study row of the list, or the study a dragged series belongs to


def placed_for(grid, plane, frame):
    """The active view's ``plane`` as seen from ``frame``'s Frame of Reference: itself in the same one, carried
    through the link between two frames (a registered prior) when there is one, else as is (no line drawn)."""
    mine = frame.header.frame_of_reference if frame is not None and frame.header is not None else ""
    placement = getattr(grid, "placement", None)
    if plane is None or not mine or plane.frame_of_reference == mine or placement is None:
        return plane
    m = placement(plane.frame_of_reference, mine)
    return placed_plane(plane, m, mine) if m is not None and m is not False else plane


class ViewportWidget(QWidget):
    """One viewport on screen: binds a workstation slot to a QWidget, paints what ``viewer.presentation`` says
    and hands input to ``viewer.tools``. About forty small methods, kept in one class on purpose: Qt's event
    handlers, the slot binding and the paint steps, each a few lines; the decisions live in the layers below,
    and the pictures made for export in ``ui.viewport_pictures``."""

    activated = Signal(object)  # self
    state_changed = Signal(object)  # self
    _frame_arrived = Signal(object)  # LoadedFrame, from a loader thread
    dropped_display_set = Signal(object, str, str)  # self, display set uid ("" for a whole study), study uid
    drawn = Signal()  # a picture was made (the grid looks whether every viewport is ready)
    dropped_for_fusion = Signal(object, str)  # self, display set uid: dropped with Shift held (ui.fusion_controls)

    def __init__(self, slot: ViewSlot, loader: FrameLoader, language: str = "fr", parent=None,
                 keymap: Keymap | None = None, surfaces: dict | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # polygon drafting follows the mouse between clicks
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.slot = slot  # the view state this widget draws (owned by the workstation)
        self.loader = loader
        self.language = language
        self.active = False
        self.renderer: SliceRenderer | None = None
        self.last_scene: SliceScene | None = None
        self.last_render_ms = 0.0
        self.last_drawn_size = (0, 0)
        self._image: QImage | None = None
        self._rgba = None
        self.input = ViewportInput(self, keymap or Keymap.default())
        self._render_pending = False
        self._frame_arrived.connect(self._on_frame_arrived)
        self._drawn_frame: LoadedFrame | None = None  # the frame the last picture was drawn from
        self._picture_study: str | None = None  # the study the picture on screen belongs to
        self.measure = None  # MeasureController: measurement tools on 2-D images
        self.segments = None  # workstation.segments.SegmentOverlays: segmentations drawn over the images
        self.vr_frames = VolumeFrames(self)
        self._vr_still = QTimer(self)
        self._vr_still.setSingleShot(True)
        self._vr_still.setInterval(250)
        self._vr_still.timeout.connect(self._vr_full_quality)
        self.cine = Cine(self)
        # A stack just shown whose image is not read yet: its "loading" picture waits LOADING_MS, since the
        # image usually comes first and the picture would cost a full render it replaces at once (four of
        # them when a hanging protocol fills four viewports).
        self._arriving = False
        self._loading = QTimer(self)
        self._loading.setSingleShot(True)
        self._loading.setInterval(LOADING_MS)
        self._loading.timeout.connect(self._loading_due)
        # (colour, text) of the patient band, set while views show more than one patient (PatientGuard).
        self.patient_band: tuple[QColor, str] | None = None
        self.text_points = 0.0  # corner text size from the Preferences (0: follows the screen's DPI)
        # (colour, text) of the comparison edge while a prior is on screen (current / prior; ui.reading_controls).
        self.comparison: tuple[QColor, str] | None = None
        self.vr_texts = None  # presentation.volume.VolumeOverlay of the 3-D view: corners and edge letters
        # A video, a waveform, a slide...: the widget of its kind's viewport, in place of the image.
        self.surface = SurfaceHolder(self, surfaces or {})
        self._unwatch = slot.changed.connect(self._slot_changed)
        if slot.mpr is not None:
            slot.mpr.session.subscribe(self.schedule_render)
        if slot.vr is not None:
            self.vr_frames.bind(slot.vr)
        self._request_frames()  # a slot that already shows a stack (a window made again in another language)

    # The view state is the slot's; these read and write it (a write here is not an event: the widget
    # draws what it writes itself).
    state = property(lambda self: self.slot.state, lambda self, v: setattr(self.slot, "state", v))
    context = property(lambda self: self.slot.context, lambda self, v: setattr(self.slot, "context", v))
    vr_state = property(lambda self: self.slot.vr_state, lambda self, v: setattr(self.slot, "vr_state", v))
    mpr = property(lambda self: self.slot.mpr)  # MprBinding when this viewport shows a plane of an MPR session
    vr = property(lambda self: self.slot.vr)  # the Volume when this viewport shows a volume rendering

    # ------------------------------------------------------------------ state
    def set_display_set(self, display_set: ImageStack | None, context: PatientContext) -> None:
        self.slot.show(display_set, context)

    def bind_mpr(self, binding, context: PatientContext) -> None:
        """Show one plane of an MPR session (None: back to the 2-D stack)."""
        self.slot.bind_plane(binding, context)

    def bind_volume(self, volume, state: VolumeViewState | None = None) -> None:
        """Show a volume rendering of ``volume`` (None: back to 2-D)."""
        self.slot.bind_volume(volume, state)

    def apply(self, state: ViewportState) -> None:
        self.slot.apply(state)

    def set_vr_state(self, state: VolumeViewState) -> None:
        self.slot.set_vr_state(state)

    def _slot_changed(self, slot, what: str, previous) -> None:
        """Draw what the slot now holds: frames to load, a session or a volume to follow."""
        if what == "state":
            if previous.index != slot.state.index:
                self._request_frames()
        elif what == "vr_state":
            if slot.vr_state != previous:
                self.vr_frames.changed()
            self.schedule_render()
            if slot.vr_state.interactive:
                self._vr_still.start()
            return
        else:
            self.cine.stop()
            if what == "shown":
                self.surface.follow(slot.state.display_set, slot.context)
                self._arriving = slot.state.display_set is not None
                self._blank_if_other_study(slot.state.display_set)
                self._request_frames()
            elif what == "plane":
                if previous is not None:
                    previous.session.unsubscribe(self.schedule_render)
                if slot.mpr is not None:
                    slot.mpr.session.subscribe(self.schedule_render)
            elif what == "volume":
                self.vr_frames.bind(slot.vr)
        self.schedule_render()
        self.state_changed.emit(self)

    def _blank_if_other_study(self, shown) -> None:
        """Another study's picture never stays under this study's patient band: while the new image is read
        (up to LOADING_MS before its "loading" picture), the viewport is black, painted without a render."""
        study = shown.study_uid if shown is not None else None
        if self._image is not None and self._picture_study != study:
            self._image = None
            self.last_scene = None
            self._drawn_frame = None
            self.update()

    def reference_planes(self) -> list:
        """The active viewport's image plane, where this one is not the active one (its reference line)."""
        grid = getattr(self, "grid", None) or self.parent()  # a viewport on another screen asks the one grid
        active = getattr(grid, "active", None)
        if active is None or active is self or active.mpr is not None or active.vr is not None \
                or active.state.display_set is None:
            return []
        return [placed_for(grid, frame_plane(active.current_frame()), self.current_frame())]

    def still_soon(self) -> None:
        """A 3-D drag ended: the full-quality frame as soon as the event loop is free."""
        if self.vr is not None and self.vr_state.interactive:
            self._vr_still.start(0)

    def _vr_full_quality(self) -> None:
        if self.vr is not None and self.vr_state.interactive and not self.input.tools.dragging:
            self.vr_state = replace(self.vr_state, interactive=False)
            self.schedule_render()

    def widget_to_image_mm(self, x: float, y: float) -> tuple[float, float] | None:
        """Image-plane millimetres (from pixel (0, 0)) under a widget position, or None without an image."""
        scene = self.last_scene
        if scene is None or scene.image is None or self.renderer is None:
            return None
        dpr = self.devicePixelRatioF()
        mm = self.renderer.mm_per_screen_pixel(scene) * dpr
        h, w = scene.image.shape[:2]
        cx = (w - 1) * scene.spacing[0] / 2.0 + scene.pan[0]
        cy = (h - 1) * scene.spacing[1] / 2.0 + scene.pan[1]
        return cx + (x - self.width() / 2.0) * mm, cy + (y - self.height() / 2.0) * mm

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
        if self.surface.widget is not None:
            return self.surface.ready()
        scene = self.last_scene
        if scene is None:
            return False
        if self.vr is not None:
            return self._image is not None and self.vr_frames.ready(self._device_size())
        if self.mpr is not None:
            return scene.image is not None and not self.mpr.resampler.draft
        if self.state.display_set is None:
            return True
        if self.surface.widget is not None:
            return self.surface.ready()
        frame = self.current_frame()
        drawn = self._drawn_frame  # the picture is of this image, not the one shown before it
        # ... and at the viewport's size: resized (a dock shown beside the grid) and not drawn again yet, the
        # picture on screen is scaled and a point on it is not where the image's pixel is.
        placed = self.renderer is not None and self.renderer.size == self._device_size()
        return frame is not None and drawn is not None and drawn.ref == frame.ref and placed and \
            (scene.image is not None or frame.error != "")

    # ------------------------------------------------------------------ loading
    def _request_frames(self) -> None:
        ds = self.state.display_set
        if not ds or not ds.frames:
            return
        # As far ahead as the memory budget allows: a series bigger than it is streamed as the reader scrolls.
        n = len(ds.frames)
        if self.cine.isActive():  # playing forward: the frames ahead first (behind it only after a loop)
            order = [(self.state.index + k) % n for k in range(n)]
        else:
            order = prefetch_order(n, self.state.index)
        # At most PREFETCH_WINDOW at a time, moving with the reader: asking again for 3,000 frames at each scroll
        # step or cine frame cost 12-25 ms of the window's thread (the loader reads ~100 frames a second: the
        # window stays ahead of any reader; what was read stays in the budget).
        order = order[:min(self.loader.prefetch_count(n), PREFETCH_WINDOW)]
        refs = [ds.frames[i] for i in order]
        self.loader.request(refs, self._frame_arrived.emit, owner=self)

    def _on_frame_arrived(self, frame: LoadedFrame) -> None:
        ds = self.state.display_set
        if frame is self._drawn_frame and self.last_scene is not None and self.last_scene.image is not None:
            return  # already drawn from the cache (another viewport asked for it first): not drawn twice
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

    def _loading_due(self) -> None:
        self._arriving = False
        self._render_now()

    def _render_now(self, wait: bool = False) -> None:
        self._render_pending = False
        if not self.isVisible():
            return
        if self.surface.widget is not None:  # the kind's own widget draws; the frame and strip are painted here
            self._image = None
            self.update()
            return
        if self._arriving and self.mpr is None and self.vr is None and self.current_frame() is None and not wait:
            if not self._loading.isActive():
                self._loading.start()
            return
        self._arriving = False
        self._loading.stop()
        dpr = self.devicePixelRatioF()
        w, h = self._device_size()
        if self.vr is not None:
            self.vr_frames.draw((w, h), wait)  # a still frame may come later, from a worker thread
            return
        if self.renderer is None:
            pool = getattr(getattr(self, "grid", None), "renderers", None)
            self.renderer = pool.take(w, h) if pool is not None else SliceRenderer(w, h)
        self.renderer.resize(w, h)
        self.renderer.dpi = self.logicalDpiY() * dpr  # device pixels per inch: text keeps its size in mm
        self.renderer.text_points = self.text_points
        self.renderer.top_inset = int(self.band_height() * dpr) if self.patient_band is not None else 0
        t0 = time.perf_counter()
        scene, placed = self._present((w, h), self.state, self.context, annotations=True)
        if placed is not None:  # a presentation state places its image (turn, flip, displayed area) until the reader does
            self.state = replace(self.state, rotation=placed.rotation, flip_h=placed.flip_h, flip_v=placed.flip_v,
                                 zoom=placed.zoom, pan=placed.pan)
        scale = self.mpr.draft_scale() if self.mpr is not None else 1.0
        t_draw = time.perf_counter()
        self._rgba = self.renderer.render(scene, scale)
        now = time.perf_counter()
        if self.mpr is not None:
            self.mpr.drawn((now - t_draw) * 1000.0, scale)  # the part that follows the pixel count
        self.last_render_ms = (now - t0) * 1000.0
        self.last_drawn_size = (self._rgba.shape[1], self._rgba.shape[0])  # below the widget's during a drag
        self.last_scene = scene
        self._drawn_frame = self.current_frame() if self.mpr is None else None
        ds = self.state.display_set
        self._picture_study = ds.study_uid if ds is not None else None
        if scene.image is not None:
            self.slot.fit_mm_per_px = mm_per_screen_pixel(scene.image.shape, scene.spacing, 1.0, (w, h))
        rh, rw = self._rgba.shape[:2]
        image = QImage(self._rgba.data, rw, rh, 4 * rw, QImage.Format.Format_RGBX8888)
        if (rw, rh) != (w, h):  # a draft frame while the user drags
            image = image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation)
        image.setDevicePixelRatio(dpr)
        self._image = image
        self.update()
        self.drawn.emit()

    def _findings(self, annotations: bool):
        """(findings, chosen presentation state) drawn: without ``annotations`` the presentation states still
        shape the picture; the reader's marks go."""
        findings, chosen = self.measure.findings_for(self) if self.measure is not None else (NO_FINDINGS, None)
        if not annotations:
            findings, chosen = replace(findings, measurements=(), key_images=frozenset(), selected=None, draft=None), None
        return findings, chosen

    def _present(self, size, state: ViewportState, context: PatientContext, annotations: bool):
        """The scene this viewport draws at ``size`` (device pixels), and for a 2-D image the view state as its
        presentation state placed it (None for an MPR plane)."""
        findings, chosen = self._findings(annotations)
        if self.mpr is not None:
            layers = self.segments.for_stack(self.mpr.session.volume.stack) if self.segments else ()
            scene = mpr_view.present(self.mpr.resampler, self.mpr.view, state, context, self.language, size,
                                     findings, layers).scene
            return washed(scene, self.slot.wash, self.mpr, None, state), None
        frame = self.current_frame()
        layers = self.segments.for_stack(state.display_set, frame.header.frame_of_reference
                                         if frame is not None and frame.header is not None else "") \
            if self.segments else ()
        presented = present_image(state, frame, self.image_ref(), context, self.language, size,
                                  findings, chosen, self.reference_planes(), self._screen_mm_per_px(), layers)
        return washed(presented.scene, self.slot.wash, None, frame, presented.state), presented.state

    def release(self) -> None:
        """Free the GL context now, while the display connection still exists; stop following the slot."""
        self.cine.stop()
        self.surface.release()
        self._unwatch()
        if self.mpr is not None:
            self.mpr.session.unsubscribe(self.schedule_render)
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
        self.vr_frames.close()

    def render_sync(self) -> None:
        """Render now, the VR still frame included (tests and screenshots)."""
        self._render_now(wait=True)

    def set_patient_band(self, band: tuple[QColor, str] | None) -> None:
        if band != self.patient_band:
            self.patient_band = band
            self.surface.place()
            self.schedule_render()  # the corner text moves below the band, or back up

    def event(self, event) -> bool:
        """A corner whose lines were shortened shows them whole in a tooltip."""
        if event.type() == QEvent.Type.ToolTip:
            text = self.corner_text_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            event.accept()
            return True
        return super().event(event)

    def corner_text_at(self, pos) -> str:
        """The full text of the shortened corner under ``pos`` (widget coordinates), "" if none."""
        if self.renderer is None or not self.renderer.elided:
            return ""
        dpr = self.devicePixelRatioF()
        fw, fh = self.renderer.frame_size
        sx, sy = fw / max(1, self.width() * dpr), fh / max(1, self.height() * dpr)
        x, y = pos.x() * dpr * sx, fh - pos.y() * dpr * sy
        boxes = self.renderer.overlay_boxes()
        for key, full in self.renderer.elided.items():
            box = boxes.get(f"corner_{key}")
            if box and box[0] - 4 <= x <= box[1] + 4 and box[2] - 4 <= y <= box[3] + 4:
                return full
        return ""

    def band_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _paint_band(self, painter: QPainter) -> None:
        """A strip along the top in the patient's colour, with the name: same colour, same patient. The
        corner text starts below it (the renderer's ``top_inset``)."""
        colour, text = self.patient_band
        height = self.band_height()
        painter.fillRect(0, 0, self.width(), height, colour)
        dark = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue() > 150
        painter.setPen(QColor(0, 0, 0) if dark else QColor(255, 255, 255))
        painter.drawText(6, 0, self.width() - 12, height, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, self.width() - 12))

    def set_comparison(self, mark: tuple[QColor, str] | None) -> None:
        if mark != self.comparison:
            self.comparison = mark
            self.update()

    def _paint_comparison(self, painter: QPainter) -> None:
        """An edge inside the active frame in the study's colour, and its tag (ACTUEL / ANTÉRIEUR and the
        date) centred under the top orientation letter, where no corner text, letter or scale bar sits."""
        colour, text = self.comparison
        pen = QPen(colour)
        pen.setWidth(EDGE)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = 3 + EDGE // 2
        painter.drawRect(self.rect().adjusted(inset, inset, -inset - 1, -inset - 1))
        metrics = painter.fontMetrics()
        w, h = metrics.horizontalAdvance(text) + 12, metrics.height() + 4
        box = QRect((self.width() - w) // 2, 3 + EDGE + metrics.height() + 6, w, h)
        painter.fillRect(box, colour)
        painter.setPen(QColor(0, 0, 0))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0))
        if self._image is not None:
            painter.drawImage(QPoint(0, 0), self._image)
        if self.comparison is not None:
            self._paint_comparison(painter)
        if self.vr is not None and self.vr_texts is not None and self.vr_texts.shown:
            paint_volume_texts(painter, self.rect(), self.vr_texts)
        if self.patient_band is not None:
            self._paint_band(painter)
        pen = QPen(QColor(255, 200, 0) if self.active else QColor(60, 60, 60))
        pen.setWidth(3 if self.active else 1)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2) if self.active else self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.surface.place()
        self.schedule_render()
        super().resizeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        self.schedule_render()
        super().showEvent(event)

    # ------------------------------------------------------------------ tools
    def fit(self) -> None:
        self.slot.fit()

    def one_to_one(self) -> None:
        if self.renderer is None or self.last_scene is None or self.last_scene.image is None:
            return
        z = self.renderer.zoom_for_one_to_one(self.last_scene)
        self.apply(self.state.zoomed(z / self.state.zoom))

    def set_window(self, window: Window | None) -> None:
        self.apply(self.state.windowed(window))

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
        if uid and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.dropped_for_fusion.emit(self, uid)  # laid over what the view shows, instead of replacing it
        else:
            self.dropped_display_set.emit(self, uid, study)
        event.acceptProposedAction()


