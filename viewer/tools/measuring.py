"""The measuring tools as a state machine over image points: what each press, move, release and double
click does to the draft of a measurement, and the drag of a measurement's handle or of the whole of it.

Points are in the coordinates the measurement keeps (stored-image pixels, or the grid of an MPR plane);
the view converts the pointer. ``view`` is whatever identifies the viewport drawn in: a draft belongs to
one view. A finished draft comes back as ``Drawn``; the view gives it its label and plane and adds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.model import measurements as M
from viewer.model.measurements import MeasurementKind as K

# Gestures: how many points each drag or click adds.
DRAG_TWO = {K.LENGTH, K.ARROW, K.RECTANGLE, K.ELLIPSE}
CLICKS = {K.ANGLE: 3, K.PROBE: 1, K.TEXT: 1}
DRAG_PAIRS = {K.COBB, K.BIDIRECTIONAL}  # two strokes of two points
OPEN_ENDED = {K.POLYGON, K.FREEHAND}
MIN_DRAG_PX = 0.5  # a click without a drag (image pixels, |dx| + |dy|) draws no length, arrow or rectangle


@dataclass(frozen=True)
class Drawn:
    kind: K
    points: tuple
    plane: object = None  # the MPR plane it was drawn on (None on a 2-D image)


class MeasureGestures:
    def __init__(self) -> None:
        self.kind: K | None = None  # the tool chosen; None: navigation (handles can be dragged)
        self.points: list[tuple[float, float]] = []  # the draft
        self.view = None  # the view the draft is drawn in
        self.plane = None  # the MPR plane the draft is drawn on
        # Two-stroke tools (Cobb, bidirectional): whether the draft's last point still follows the pointer (a
        # stroke being dragged, or begun with a click and ended by the next click), and whether the button
        # now down ended such a stroke.
        self.stroke_open = False
        self.closing = False
        self.drag: tuple | None = None  # (measurement id, handle index | None, last point)

    def drafting_in(self, view) -> bool:
        return bool(self.points) and self.view is view

    # ------------------------------------------------------------------ a measurement's handles
    def grab(self, mset, candidates, point, tolerance: float) -> str | None:
        """Start dragging the handle (or, on a stroke, the whole) of the topmost of ``candidates`` (pairs
        (measurement, the same on the view's grid)) under ``point``: its id, None when none is there (or
        when the set is locked: theatre mode moves nothing)."""
        if mset is None or mset.locked:
            return None
        for original, m in reversed(candidates):
            handle = M.nearest_handle(m, point, tolerance)
            if handle is not None or M.hit(m, point, tolerance):
                mset.begin_edit()
                if m is not original:  # on an MPR view's grid: the first change re-expresses it there
                    mset.update(m)
                self.drag = (m.id, handle, point)
                return m.id
        return None

    # ------------------------------------------------------------------ drafting
    def press(self, view, plane, point) -> Drawn | None:
        if self.view is not view or not self.points:
            self.points, self.view, self.plane = [], view, plane
            self.stroke_open = self.closing = False
        kind, draft = self.kind, self.points
        if kind in DRAG_PAIRS and self.stroke_open:
            draft[-1] = point  # the click that ends a stroke begun with a click
            self.stroke_open, self.closing = False, True
        elif kind in DRAG_TWO or kind in DRAG_PAIRS or kind is K.FREEHAND:
            draft += [point, point]
            self.stroke_open = True
        elif kind in CLICKS:
            # The point placed; the next one follows the pointer until its click (a rubber band).
            if draft:
                draft[-1] = point
            else:
                draft.append(point)
            if len(draft) == CLICKS[kind]:
                return self._finish()
            draft.append(point)
        elif kind is K.POLYGON:
            draft.append(point) if draft else draft.extend([point, point])
        return None

    def move(self, view, point, held: bool, mset) -> bool:
        """The pointer moved to ``point`` (None: off the image), ``held``: the drawing button is down.
        True when the gesture is the tools' (a drag or a draft of this view)."""
        if self.drag is None and not self.drafting_in(view):
            return False
        if point is None:
            return self.drag is not None or bool(self.points)
        if self.drag is not None:
            mid, handle, last = self.drag
            if handle is None:
                mset.move(mid, point[0] - last[0], point[1] - last[1])
            else:
                mset.move_handle(mid, handle, point)
            self.drag = (mid, handle, point)
            return True
        if self.kind is K.FREEHAND and held:
            self.points.append(point)
        elif self.kind not in DRAG_PAIRS or self.stroke_open:  # a finished stroke stays where it was drawn
            self.points[-1] = point
        return True

    def release(self, view, mset) -> tuple[bool, Drawn | None]:
        """(whether the release was the tools', the measurement it finished)."""
        if self.drag is not None:
            mset.end_edit()
            self.drag = None
            return True, None
        if not self.drafting_in(view) or self.kind is None:
            return False, None
        kind, draft = self.kind, self.points
        if kind in DRAG_TWO or kind is K.FREEHAND:
            return True, self._finish()
        if kind in DRAG_PAIRS:
            # A stroke ends on release when it was dragged; a click (no length) begins one the next click ends.
            if not self.closing and draft[-1] == draft[-2]:
                return True, None
            self.stroke_open = self.closing = False
            return True, self._finish() if len(draft) == 4 else None
        if kind is K.POLYGON:
            draft.append(draft[-1])  # a moving vertex for the next click
        return True, None

    def double_click(self, view) -> tuple[bool, Drawn | None]:
        """A polygon is closed by a double click: (whether it was the tools' event, the polygon)."""
        if self.kind is K.POLYGON and self.drafting_in(view):
            pts = self.points[:-1] if len(self.points) > 3 else self.points
            self.points = list(dict.fromkeys(pts))
            return True, self._finish()
        return False, None

    def cancel(self):
        """Drop the draft; the view it was drawn in (to redraw), else None."""
        self.stroke_open = self.closing = False
        if not self.points:
            return None
        self.points = []
        return self.view

    def _finish(self) -> Drawn | None:
        kind, pts = self.kind, list(self.points)
        self.points = []
        self.stroke_open = self.closing = False
        if kind is K.ELLIPSE:
            pts = list(M.ellipse_from_box(pts[0], pts[1]))
        if kind in (K.LENGTH, K.ARROW, K.RECTANGLE) and abs(pts[0][0] - pts[1][0]) + abs(pts[0][1] - pts[1][1]) < MIN_DRAG_PX:
            return None  # a click without a drag is not a measurement
        return Drawn(kind, tuple(pts), self.plane)
