"""A viewport's cine: steps through its images on a timer, at the reader's rate (images per second) or, for a
multi-frame object that says how it was acquired (Frame Time), at that rate."""

from __future__ import annotations

from PySide6.QtCore import QTimer


MAX_WAIT_TICKS = 10  # a frame that takes longer than this many steps is stepped onto all the same


class Cine(QTimer):
    def __init__(self, viewport) -> None:
        super().__init__(viewport)
        self.viewport = viewport
        self.fps = 15
        self._waited = 0
        self.timeout.connect(self._step)

    def play(self, fps: int | None = None) -> None:
        vp = self.viewport
        if vp.state.count < 2:
            return
        if fps:
            self.fps = fps
        frame = vp.current_frame()
        interval = 1000.0 / max(1, self.fps)
        if vp.state.display_set and vp.state.display_set.multiframe and frame and frame.header and frame.header.frame_time_ms:
            interval = frame.header.frame_time_ms  # multi-frame cine plays at the acquired rate
        self.start(max(5, int(interval)))

    def toggle(self) -> None:
        self.stop() if self.isActive() else self.play()

    def _step(self) -> None:
        vp = self.viewport
        n = vp.state.count
        if not n:
            return
        nxt = (vp.state.index + 1) % n
        if not self._decoded(nxt) and self._waited < MAX_WAIT_TICKS:
            # The next image is not decoded yet: the current one stays (a "loading" picture between two frames
            # is a flash, and its render delays the frames after it); the loader is reading ahead meanwhile.
            self._waited += 1
            return
        self._waited = 0
        vp.apply(vp.state.at(nxt))

    def _decoded(self, index: int) -> bool:
        vp = self.viewport
        ds = vp.state.display_set
        if vp.mpr is not None or vp.vr is not None or ds is None or not ds.frames or index >= len(ds.frames):
            return True
        return vp.loader.cached(ds.frames[index]) is not None
