"""The state of one viewport: what it shows and how. Plain data, changed by tools, observed by views."""

from __future__ import annotations

from dataclasses import dataclass, replace

from viewer.dicom.pixels import Window
from viewer.model.displaysets import ImageStack


@dataclass(frozen=True)
class ViewportState:
    display_set: ImageStack | None = None
    index: int = 0
    window: Window | None = None  # None: the frame's default (file VOI, else auto)
    invert: bool = False
    zoom: float = 1.0  # relative to "fit to window"
    pan: tuple[float, float] = (0.0, 0.0)  # view centre offset from the image centre, in display mm
    rotation: int = 0  # quarter turns clockwise
    flip_h: bool = False
    flip_v: bool = False
    overlays: bool = True
    # The reader turned, flipped, zoomed or panned this view: a presentation state no longer places it.
    by_reader: bool = False
    invert_default: bool = False  # what reset goes back to: PET opens inverted (presentation.windows)

    @property
    def count(self) -> int:
        return self.display_set.frame_count if self.display_set else 0

    def with_display_set(self, ds: ImageStack | None, inverted: bool = False) -> "ViewportState":
        """Showing ``ds`` from its opening image; ``inverted``: how it opens and what reset goes back to
        (``presentation.windows.opening_state`` decides)."""
        start = ds.frame_count // 2 if ds and not ds.multiframe else 0
        return ViewportState(display_set=ds, index=start, overlays=self.overlays, invert=inverted, invert_default=inverted)

    @classmethod
    def for_plane(cls, overlays: bool, window: Window | None, inverted: bool = False) -> "ViewportState":
        """The state of an MPR plane (no display set of its own; ``presentation.windows.plane_state``)."""
        return cls(overlays=overlays, window=window, invert=inverted, invert_default=inverted)

    def scrolled(self, delta: int) -> "ViewportState":
        return self.at(self.index + delta)

    def at(self, index: int) -> "ViewportState":
        if not self.count:
            return self
        return replace(self, index=max(0, min(self.count - 1, index)))

    def windowed(self, window: Window | None) -> "ViewportState":
        return replace(self, window=window)

    def rotated(self, quarters: int = 1) -> "ViewportState":
        """The picture as shown turned clockwise: with one flip in effect that is a turn the other way
        before the flip (flips come after the turn here), and the region on screen turns with it."""
        pan = self.pan
        for _ in range(quarters % 4):
            pan = (-pan[1], pan[0])
        turn = -quarters if self.flip_h != self.flip_v else quarters
        return replace(self, rotation=(self.rotation + turn) % 4, pan=pan, by_reader=True)

    def flipped(self, horizontal: bool) -> "ViewportState":
        if horizontal:
            return replace(self, flip_h=not self.flip_h, pan=(-self.pan[0], self.pan[1]), by_reader=True)
        return replace(self, flip_v=not self.flip_v, pan=(self.pan[0], -self.pan[1]), by_reader=True)

    def zoomed(self, factor: float) -> "ViewportState":
        return replace(self, zoom=max(0.05, min(64.0, self.zoom * factor)), by_reader=True)

    def panned(self, dx_mm: float, dy_mm: float) -> "ViewportState":
        return replace(self, pan=(self.pan[0] + dx_mm, self.pan[1] + dy_mm), by_reader=True)

    def reset_view(self) -> "ViewportState":
        """Back to the default view: the image's presentation state's, if it has one."""
        return replace(self, window=None, invert=self.invert_default, zoom=1.0, pan=(0.0, 0.0), rotation=0, flip_h=False, flip_v=False,
                       by_reader=False)


def drag_window(window: Window, dx: float, dy: float) -> Window:
    """Left-drag window/level: right widens, down raises the level; speed follows the current width."""
    step = max(window.width, 1.0) / 256.0
    width = max(1.0, window.width + dx * step)
    return Window(window.center + dy * step, width, "", window.function)
