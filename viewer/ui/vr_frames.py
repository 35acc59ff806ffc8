"""The frames of a 3-D viewport: drafts drawn at once on the GUI thread, still frames from a worker.

A drag frame is cheap (adaptive, ~40 ms on llvmpipe) and drawn where the event arrives. The still,
full-quality frame costs the software ray caster most of a second: it is drawn by
``render.vr_worker.VolumeFrameWorker`` while the event loop keeps serving input, and shown only if
nothing changed meanwhile. Every change of the view bumps ``generation``: the worker aborts the frame
it is drawing for an older one and a late frame is dropped, never painted over a newer view.
On a real GPU the still frame costs milliseconds and is drawn in place (no second copy of the volume
in GPU memory).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from viewer.presentation.scene import SliceScene
from viewer.render.volume_renderer import VolumeRenderer
from viewer.render.vr_worker import FrameJob, VolumeFrameWorker

log = logging.getLogger(__name__)


class VolumeFrames(QObject):
    _arrived = Signal(object, object)  # FrameJob, rgba: emitted on the worker thread, handled on the GUI thread
    painted = Signal(object, bool)  # the view (VolumeViewState) now on screen, and whether it is the still frame

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.renderer = None
        self.worker: VolumeFrameWorker | None = None
        self.generation = 0
        self.shown = None  # (view, size) of the image on screen, draft or full
        self.full = None  # (view, size, filled voxels) when the image on screen is the still frame
        self.dropped = 0  # still frames that arrived for an older view (tests, diagnostics)
        self._arrived.connect(self._on_arrived)

    def bind(self, volume) -> None:
        self.changed()
        self.shown = self.full = None
        if volume is None:
            if self.worker is not None:  # its window and its hold on the voxels are not needed any more
                self.worker.close(timeout=0)  # it aborts and finalises on its own thread: no wait here
                self.worker = None
            return
        if self.renderer is None:

            self.renderer = VolumeRenderer(max(1, self.widget.width()), max(1, self.widget.height()))
        self.renderer.set_volume(volume)

    def changed(self) -> None:
        """The view changed: whatever is being drawn for the previous one is not wanted."""
        self.generation += 1
        if self.worker is not None:
            self.worker.cancel(self.generation)

    def ready(self, size: tuple[int, int]) -> bool:
        state = self.widget.vr_state
        return not state.interactive and self.full is not None and self.full[:2] == (state, size)

    def _threaded(self) -> bool:
        if not self.renderer.software:
            return False
        if self.worker is None:
            self.worker = VolumeFrameWorker(self._arrived.emit, force_cpu=True)
        if self.worker.alive():
            return True
        if self.worker.failure:
            log.warning("VR still frames drawn on the GUI thread: the worker failed (%s)", self.worker.failure)
            self.worker.failure = ""  # said once; alive() stays false
        return False

    def draw(self, size: tuple[int, int], wait: bool = False) -> None:
        volume, state = self.widget.vr, self.widget.vr_state
        view = replace(state, interactive=False)
        filled = int(volume.filled.sum())
        self.renderer.resize(*size)
        if state.interactive or wait or not self._threaded():
            t0 = time.perf_counter()
            rgba = self.renderer.render(state)
            self.widget.last_render_ms = (time.perf_counter() - t0) * 1000.0
            if not state.interactive:
                self.changed()  # this still frame supersedes one still being drawn in the worker
            self._show(rgba, (view, size), None if state.interactive else (view, size, filled))
            return
        if self.full == (view, size, filled):
            return  # already on screen
        if self.shown != (view, size):
            # A new view (preset, clip box, size) that no drag led to: a draft now, the still frame when drawn.
            self._show(self.renderer.render(replace(state, interactive=True)), (view, size), None)
        self.worker.submit(FrameJob(self.generation, volume, view, size, filled))

    def _on_arrived(self, job: FrameJob, rgba: np.ndarray) -> None:
        w = self.widget
        if rgba is None:  # the worker failed (its reason is in worker.failure): draw in place from now on
            w.schedule_render()
            return
        if job.generation != self.generation or w.vr is not job.volume or w.vr_state != job.state \
                or job.size != w._device_size():
            self.dropped += 1
            return
        self._show(rgba, (job.state, job.size), (job.state, job.size, job.filled))

    def _show(self, rgba: np.ndarray, shown, full) -> None:
        w = self.widget
        size = shown[1]
        rh, rw = rgba.shape[:2]
        image = QImage(rgba.data, rw, rh, 4 * rw, QImage.Format.Format_RGBX8888)
        if (rw, rh) != size:
            image = image.scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        image.setDevicePixelRatio(w.devicePixelRatioF())
        w._rgba = rgba  # the QImage reads these bytes
        w._image = image
        w.last_scene = SliceScene(image=None, message="3D")
        self.shown, self.full = shown, full
        w.update()
        self.painted.emit(shown[0], full is not None)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None
        if self.renderer is not None:
            self.renderer.close()
            self.renderer = None
