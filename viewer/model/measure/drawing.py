"""What to draw for a measurement: polylines in image pixel coordinates, and the same mapped into a
``SliceScene``'s line space (mm from the centre of displayed pixel (0, 0), after the viewport's
rotation and flips, exactly as ``scene.transform_image`` moves the pixels).
"""

from __future__ import annotations

import math

from viewer.dicom.findings.records import Measurement, Point
from viewer.dicom.findings.records import MeasurementKind as K
from viewer.model.measure import shapes

Polyline = list[Point]


def outlines(m: Measurement) -> list[Polyline]:
    """The strokes of ``m``; closed shapes repeat their first point at the end."""
    p = list(m.points)
    k = m.kind
    if k in (K.LENGTH, K.ANGLE, K.POLYLINE):
        return [p]
    if k in (K.COBB, K.BIDIRECTIONAL):
        return [p[:2], p[2:]]
    if k is K.ELLIPSE:
        ring = shapes.ellipse_outline(p)
        return [ring + ring[:1]]
    if k is K.RECTANGLE:
        ring = list(shapes.rectangle_corners(p[0], p[1]))
        return [ring + ring[:1]]
    if k in (K.POLYGON, K.FREEHAND):
        return [p + p[:1]]
    if k is K.ARROW:
        return [p, arrow_head(p[0], p[1])]
    if k in (K.PROBE, K.POINT):
        x, y = p[0]
        return [[(x - 3, y), (x + 3, y)], [(x, y - 3), (x, y + 3)]]
    return []


def arrow_head(tail: Point, head: Point, size: float | None = None) -> Polyline:
    """A V at ``head`` (30 degrees each side), sized with the shaft (clamped to 4..20 px)."""
    dx, dy = head[0] - tail[0], head[1] - tail[1]
    length = math.hypot(dx, dy) or 1.0
    size = size if size is not None else max(4.0, min(20.0, length * 0.2))
    ux, uy = dx / length, dy / length
    out = []
    for sign in (1.0, -1.0):
        a = math.radians(150.0 * sign)
        rx = ux * math.cos(a) - uy * math.sin(a)
        ry = ux * math.sin(a) + uy * math.cos(a)
        out.append((head[0] + rx * size, head[1] + ry * size))
    return [out[0], head, out[1]]


def label_anchor(m: Measurement) -> Point:
    """Where a value label goes: the last point of lines, the right-most point of regions."""
    if m.kind in (K.ELLIPSE, K.RECTANGLE, K.POLYGON, K.FREEHAND):
        ring = outlines(m)[0]
        return max(ring, key=lambda q: q[0])
    return m.points[-1] if m.points else (0.0, 0.0)


def to_display(point: Point, shape: tuple[int, int], rotation: int = 0, flip_h: bool = False, flip_v: bool = False) -> Point:
    """Image pixel coordinates -> displayed pixel coordinates (same corner convention)."""
    rows, cols = shape
    x, y = point
    w, h = cols, rows
    for _ in range(rotation % 4):  # a quarter turn clockwise
        x, y = h - y, x
        w, h = h, w
    if flip_h:
        x = w - x
    if flip_v:
        y = h - y
    return (x, y)


def from_display(point: Point, shape: tuple[int, int], rotation: int = 0, flip_h: bool = False, flip_v: bool = False) -> Point:
    """Inverse of ``to_display``: a point under the mouse -> stored image pixel coordinates."""
    rows, cols = shape
    w, h = (rows, cols) if rotation % 2 else (cols, rows)  # displayed size
    x, y = point
    if flip_v:
        y = h - y
    if flip_h:
        x = w - x
    for _ in range(rotation % 4):  # undo a quarter turn clockwise: (x, y) <- (y, w - x)
        x, y = y, w - x
        w, h = h, w
    return (x, y)


def scene_lines(
    m: Measurement,
    shape: tuple[int, int],
    display_spacing: tuple[float, float],
    color: tuple[float, float, float] = (1.0, 1.0, 0.0),
    rotation: int = 0,
    flip_h: bool = False,
    flip_v: bool = False,
) -> list[tuple[float, float, float, float, tuple[float, float, float]]]:
    """Segments for ``SliceScene.lines``: ``display_spacing`` is ``SliceScene.spacing`` (mm per displayed
    pixel along x, y); the scene's origin is the centre of displayed pixel (0, 0), hence the 0.5."""
    sx, sy = display_spacing
    segments = []
    for line in outlines(m):
        pts = [to_display(q, shape, rotation, flip_h, flip_v) for q in line]
        mm = [((x - 0.5) * sx, (y - 0.5) * sy) for x, y in pts]
        segments += [(a[0], a[1], b[0], b[1], color) for a, b in zip(mm, mm[1:])]
    return segments


def nearest_handle(m: Measurement, point: Point, tolerance: float) -> int | None:
    """Index of the handle within ``tolerance`` pixels of ``point`` (closest first), for hit-testing."""
    best, best_d = None, tolerance
    for i, q in enumerate(m.points):
        d = math.hypot(q[0] - point[0], q[1] - point[1])
        if d <= best_d:
            best, best_d = i, d
    return best


def hit(m: Measurement, point: Point, tolerance: float) -> bool:
    """Whether ``point`` is on a stroke of ``m`` (or inside a region), for selection."""
    for line in outlines(m):
        for a, b in zip(line, line[1:]):
            if _segment_distance(point, a, b) <= tolerance:
                return True
    if m.kind.is_roi:
        ring = outlines(m)[0]
        return bool(shapes.point_in_polygon(ring, point))
    if m.kind is K.TEXT:
        return math.hypot(point[0] - m.points[0][0], point[1] - m.points[0][1]) <= tolerance * 3
    return False


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))
