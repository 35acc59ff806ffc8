"""Entering and leaving MPR: build the volume of the active stack, fill it in the background, bind
three viewports to the axial, coronal and sagittal planes of one shared session."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from viewer.core.messages import in_language, message_of
from viewer.model.mpr import MprSession
from viewer.model.volume import Volume
from viewer.render.reslice import VolumeResampler

VIEWS = ("axial", "coronal", "sagittal")
STILL_MS = 200  # after the last change of a drag, scroll or window: the full-quality frame


@dataclass
class MprBinding:
    session: MprSession
    resampler: VolumeResampler
    view: str

    def draft_scale(self) -> float:
        """Fraction of the viewport's pixels per side to draw now: the draw budget's while the user
        drags (half on llvmpipe, less on a renderer too slow for it), all of them once still."""
        return self.resampler.budget.scale if self.resampler.draft else 1.0

    def drawn(self, ms: float, scale: float) -> None:
        """A frame of this view took ``ms`` to draw at ``scale``: steers the next drag frames."""
        if self.resampler.draft:
            self.resampler.budget.record(ms, scale)


class VolumeFill(QThread):
    progress = Signal(int, int)

    def __init__(self, volume: Volume, parent=None) -> None:
        super().__init__(parent)
        self.volume = volume
        self._stop = False

    def cancel(self) -> None:
        self._stop = True

    def run(self) -> None:
        self.volume.load(progress=lambda d, t: self.progress.emit(d, t), cancel=lambda: self._stop)


class MprController(QObject):
    started = Signal()
    stopped = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.session: MprSession | None = None
        self.fill: VolumeFill | None = None
        self._saved = None  # (layout, [(viewport, display set)]) to restore
        self._refresh = QTimer(self)
        self._refresh.setInterval(200)  # coalesce redraws while the volume fills
        self._refresh.timeout.connect(self._redraw)
        self._filling_redraw = False
        # Frames are drafts while the user moves a plane, windows or zooms; full quality once still.
        self._still = QTimer(self)
        self._still.setSingleShot(True)
        self._still.setInterval(STILL_MS)
        self._still.timeout.connect(self._settle)
        self.resampler: VolumeResampler | None = None

    @property
    def active(self) -> bool:
        return self.session is not None

    def start(self, viewport) -> str | None:
        """Returns None on success, else a reason to show the user."""
        ds = viewport.state.display_set
        if ds is None or ds.kind != "stack" or ds.frame_count < 3:
            return self.tr("needs a stack of at least 3 images")
        try:
            volume = Volume(ds)
        except Exception as exc:
            return in_language(message_of(exc), self.window.language)
        grid = self.window.grid
        self._saved = ((grid.rows, grid.cols), [(vp, vp.state.display_set) for vp in grid.visible_viewports()])
        self.session = MprSession(volume)
        resampler = self.resampler = VolumeResampler(self.session)
        self.session.subscribe(self._moved)
        context = viewport.context
        window = viewport.state.window
        grid.set_layout(1, 3)
        for vp, view in zip(grid.visible_viewports(), VIEWS):
            vp.state = vp.state.windowed(window)
            vp.bind_mpr(MprBinding(self.session, resampler, view), context)
        grid.set_active(grid.visible_viewports()[0])
        self.fill = VolumeFill(volume, self)
        self.fill.finished.connect(self._filled)
        self.fill.start()
        self._refresh.start()
        self.started.emit()
        return None

    def _redraw(self) -> None:
        if self.session is not None:
            self._filling_redraw = True
            try:
                self.session.changed()
            finally:
                self._filling_redraw = False

    def _moved(self) -> None:
        if not self._filling_redraw:
            self.interacting()

    def interacting(self) -> None:
        """The user changed a plane: draft frames until STILL_MS pass without another change."""
        if self.resampler is not None:
            self.resampler.draft = True
            self._still.start()

    def _settle(self) -> None:
        if self.resampler is None:
            return
        self.resampler.draft = False
        for vp in self.window.grid.visible_viewports():
            if vp.mpr is not None:
                vp.schedule_render()

    def _filled(self) -> None:
        self._refresh.stop()
        self._redraw()

    def stop(self) -> None:
        if self.session is None:
            return
        if self.fill is not None and self.fill.isRunning():
            self.fill.cancel()
            self.fill.wait(10000)
        self._refresh.stop()
        self._still.stop()
        grid = self.window.grid
        for vp in grid.viewports:
            if vp.mpr is not None:
                vp.bind_mpr(None, vp.context)
        self.session.unsubscribe(self._moved)
        self.resampler.close()
        self.resampler = None
        layout, shown = self._saved
        grid.set_layout(*layout)
        for vp, ds in shown:
            if ds is not None:
                vp.set_display_set(ds, vp.context)
        self.session = None
        self.stopped.emit()

    def sync_window(self, source) -> None:
        """One window/level for the three planes of the same volume."""
        if self.session is None or source.mpr is None:
            return
        self.interacting()
        for vp in self.window.grid.visible_viewports():
            if vp is not source and vp.mpr is not None and vp.state.window != source.state.window:
                vp.state = replace(vp.state, window=source.state.window, invert=source.state.invert)
                vp.schedule_render()
