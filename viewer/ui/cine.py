"""A viewport's cine: steps through its images on a timer, at the reader's rate (images per second) or, for a
multi-frame object that says how it was acquired (Frame Time), at that rate."""

from __future__ import annotations

from PySide6.QtCore import QTimer


class Cine(QTimer):
    def __init__(self, viewport) -> None:
        super().__init__(viewport)
        self.viewport = viewport
        self.fps = 15
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
        if n:
            vp.apply(vp.state.at((vp.state.index + 1) % n))
