"""Slice renderers made before they are needed.

A viewport's first picture costs a new offscreen GL context and its shaders compiled (about 120 ms a viewport
on the software renderer, 40 ms of it the context): a hanging protocol that lays out four viewports at the
click paid it four times, in a row, before the study showed. The window makes a few renderers while it is
idle after it appears, each drawn once (image, text, lines: the shaders a viewport uses), and a viewport takes
one when it first draws. One is made per turn of the event loop, so a click never waits behind more than one.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer

from viewer.presentation.scene import SliceScene
from viewer.render import gl
from viewer.render.slice_renderer import SliceRenderer

SPARE = 4  # a 2x2 protocol (current and prior, two windows each) finds its renderers ready
WARM_AFTER_MS = 300  # after the window appears: its own first paint comes first
REFILL_AFTER_MS = 3000  # after viewports took some: not while the study they show is still being drawn
QUIET_S = 1.0  # a refill waits until no viewport has drawn for this long (a spare's first draw is 40-160 ms)


class RendererPool(QObject):
    def __init__(self, parent=None, spare: int = SPARE) -> None:
        super().__init__(parent)
        self.spare = spare
        self._ready: list[SliceRenderer] = []
        self._closed = False
        # Seconds since a viewport last drew, None while one waits for its image (set by the grid): a refill
        # made while the reader scrolls or opens the next study held the window 40-160 ms (bench big).
        self.idle_for = lambda: float("inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._make_one)

    def warm_up(self, after_ms: int = WARM_AFTER_MS) -> None:
        if not self._closed and len(self._ready) < self.spare and not self._timer.isActive():
            self._timer.start(after_ms)

    def _make_one(self) -> None:
        if self._closed or len(self._ready) >= self.spare:
            return
        idle = self.idle_for()
        if idle is None or idle < QUIET_S:
            self._timer.start(int(1000 * (QUIET_S - (idle or 0.0))) + 50)
            return
        renderer = SliceRenderer(64, 64)
        scene = SliceScene(image=np.zeros((8, 8), np.uint8), corners={"tl": "Cauri", "br": "1"},
                           markers={"left": "R", "right": "L"}, lines=((1.0, 1.0, 6.0, 6.0, (1.0, 0.85, 0.2)),),
                           guides=1)
        renderer.render(scene)
        gl.learn_from(renderer.window)
        self._ready.append(renderer)
        if len(self._ready) < self.spare:
            self._timer.start(0)

    def take(self, width: int, height: int) -> SliceRenderer:
        """A renderer for a viewport's first picture: a ready one resized, else a new one; the pool refills."""
        renderer = self._ready.pop() if self._ready else None
        if renderer is None:
            return SliceRenderer(width, height)
        renderer.resize(width, height)
        self.warm_up(REFILL_AFTER_MS)
        return renderer

    def ready(self) -> int:
        return len(self._ready)

    def close(self) -> None:
        """The window goes: free the spare GL contexts while the display connection still exists."""
        self._closed = True
        self._timer.stop()
        for renderer in self._ready:
            renderer.close()
        self._ready.clear()
