"""How many pixels a drag frame gets: steered by the draw times seen, so a slow renderer stays fluid.

Detection only tells a software rasteriser (llvmpipe) from a hardware GPU; a weak GPU (a theatre PC's
integrated chip, a remote desktop's virtual one) is recognised by what its frames cost. While the user
drags, each 2-D/MPR frame's draw time is recorded and the next frame's fraction of the viewport's
pixels per side follows it towards a target; once the user stops, the full frame is drawn whatever
the budget says. The fraction never exceeds its starting value (full size on a GPU, half on llvmpipe,
where it was measured fluid), so a fast machine keeps what it had and a slow one only gets cheaper.
"""

from __future__ import annotations

import math
import os

DRAW_TARGET_MS = {"software": 30.0, "gpu": 8.0}  # issue #5: under 8 ms on a GPU, under 50 ms on llvmpipe
FLOOR = 0.25  # below a quarter of the pixels per side a drag frame is too blurred to steer by


def step_towards(target_ms: float, ms: float) -> float:
    """Factor for a linear size (pixels per side) that brings a per-pixel cost from ``ms`` towards
    ``target_ms``; damped so one odd frame (a page fault, a garbage collection) cannot swing it far."""
    return min(1.3, max(0.75, math.sqrt(target_ms / max(ms, 1e-3))))


class DrawBudget:
    """The fraction of a viewport's pixels per side that drag frames are drawn at."""

    def __init__(self, software: bool, target_ms: float | None = None) -> None:
        self.ceiling = 0.5 if software else 1.0
        forced = os.environ.get("CAURI_DRAW_TARGET_MS", "")  # for tests and benchmarks: stand for a weak GPU
        self.target_ms = float(forced) if forced else (target_ms or DRAW_TARGET_MS["software" if software else "gpu"])
        self.scale = self.ceiling

    def record(self, ms: float, scale: float) -> None:
        """A drag frame drawn at ``scale`` took ``ms``; frames drawn at another scale (the full frame
        after a drag) say nothing about the next drag frame."""
        if abs(scale - self.scale) > 1e-6:
            return
        self.scale = min(self.ceiling, max(FLOOR, self.scale * step_towards(self.target_ms, ms)))
