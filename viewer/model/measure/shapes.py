"""Plane geometry of the tools in image pixel coordinates, scaled by (column, row) spacing.

Every length and angle is computed in millimetres (``sx`` = column spacing, ``sy`` = row spacing), so
anisotropic pixels give true physical values; areas scale by ``sx * sy``, which is exact for any
polygon or ellipse because the pixel-to-mm map is linear. Pixel (c, r) belongs to an ROI when its
centre (c + 0.5, r + 0.5) is inside the outline (even-odd rule), the usual rasterisation rule, so
the count does not depend on which way the outline was drawn.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

Point = tuple[float, float]


def distance(a: Point, b: Point, sx: float = 1.0, sy: float = 1.0) -> float:
    return math.hypot((b[0] - a[0]) * sx, (b[1] - a[1]) * sy)


def _vec(a: Point, b: Point, sx: float, sy: float) -> tuple[float, float]:
    return ((b[0] - a[0]) * sx, (b[1] - a[1]) * sy)


def angle_between(u: tuple[float, float], v: tuple[float, float]) -> float:
    """Angle in degrees between two vectors, 0..180 (atan2 is accurate near 0 and 180, acos is not)."""
    cross = u[0] * v[1] - u[1] * v[0]
    dot = u[0] * v[0] + u[1] * v[1]
    if cross == 0.0 and dot == 0.0:
        return float("nan")
    return math.degrees(math.atan2(abs(cross), dot))


def vertex_angle(a: Point, vertex: Point, b: Point, sx: float = 1.0, sy: float = 1.0) -> float:
    return angle_between(_vec(vertex, a, sx, sy), _vec(vertex, b, sx, sy))


def lines_angle(a0: Point, a1: Point, b0: Point, b1: Point, sx: float = 1.0, sy: float = 1.0) -> float:
    """The acute angle (0..90 degrees) between two lines, whatever direction each was drawn in (Cobb)."""
    theta = angle_between(_vec(a0, a1, sx, sy), _vec(b0, b1, sx, sy))
    return min(theta, 180.0 - theta)


def polygon_area(points: Sequence[Point]) -> float:
    """Shoelace area in px² (closed implicitly)."""
    p = np.asarray(points, dtype=np.float64)
    x, y = p[:, 0], p[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def rectangle_corners(p0: Point, p1: Point) -> tuple[Point, ...]:
    (x0, y0), (x1, y1) = p0, p1
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def ellipse_axes(points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centre and the two half-axis vectors (px) of an ellipse given by its axis end points."""
    p = np.asarray(points, dtype=np.float64)
    centre = (p[0] + p[1]) / 2.0
    return centre, (p[1] - p[0]) / 2.0, (p[3] - p[2]) / 2.0


def ellipse_area(points: Sequence[Point]) -> float:
    """pi * |a x b| in px²: exact for perpendicular axes, and for conjugate ones."""
    _, a, b = ellipse_axes(points)
    return float(math.pi * abs(a[0] * b[1] - a[1] * b[0]))


def ellipse_outline(points: Sequence[Point], segments: int = 72) -> list[Point]:
    centre, a, b = ellipse_axes(points)
    t = np.linspace(0.0, 2.0 * math.pi, segments, endpoint=False)
    xy = centre[None, :] + np.cos(t)[:, None] * a[None, :] + np.sin(t)[:, None] * b[None, :]
    return [(float(x), float(y)) for x, y in xy]


def _bbox(xs: np.ndarray, ys: np.ndarray, rows: int, cols: int) -> tuple[int, int, int, int]:
    c0 = max(0, int(math.floor(xs.min() - 0.5)))
    c1 = min(cols, int(math.ceil(xs.max() + 0.5)))
    r0 = max(0, int(math.floor(ys.min() - 0.5)))
    r1 = min(rows, int(math.ceil(ys.max() + 0.5)))
    return r0, r1, c0, c1


def polygon_mask(points: Sequence[Point], shape: tuple[int, int]) -> np.ndarray:
    """Boolean (rows, cols) mask of pixels whose centre lies inside the polygon (even-odd rule)."""
    rows, cols = shape
    mask = np.zeros((rows, cols), dtype=bool)
    p = np.asarray(points, dtype=np.float64)
    if len(p) < 3:
        return mask
    r0, r1, c0, c1 = _bbox(p[:, 0], p[:, 1], rows, cols)
    if r1 <= r0 or c1 <= c0:
        return mask
    # Scanline: per row of pixel centres, where the edges cross it; a centre is inside when an odd
    # number of crossings lie to its right.
    cx = np.arange(c0, c1, dtype=np.float64) + 0.5
    x1, y1 = p[:, 0], p[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    keep = y1 != y2
    x1, y1, x2, y2 = x1[keep], y1[keep], x2[keep], y2[keep]
    # The rows of pixel centres each edge crosses, half-open so that a vertex counts once: min(y) <= cy < max(y)
    # with cy = row + 0.5. Only those pairs are computed (about two per row for an outline), not rows x edges.
    lo, hi = np.minimum(y1, y2), np.maximum(y1, y2)
    start = np.clip(np.ceil(lo - 0.5).astype(np.int64), r0, r1)
    stop = np.clip(np.ceil(hi - 0.5).astype(np.int64), r0, r1)
    spans = np.maximum(stop - start, 0)
    edges_i = np.repeat(np.arange(len(x1)), spans)
    rows_abs = start[edges_i] + (np.arange(spans.sum()) - np.repeat(np.cumsum(spans) - spans, spans))
    cy = rows_abs + 0.5
    at = x1[edges_i] + (cy - y1[edges_i]) * (x2 - x1)[edges_i] / (y2 - y1)[edges_i]
    # A centre is inside when an odd number of crossings lie strictly to its right. Each crossing adds one
    # to every centre left of it: counted at the first centre not left of it, then summed from the right.
    first_not_left = np.searchsorted(cx, at, side="left")
    counts = np.zeros((r1 - r0, c1 - c0 + 1), dtype=np.int32)
    np.add.at(counts, (rows_abs - r0, first_not_left), 1)
    right = counts[:, ::-1].cumsum(axis=1)[:, ::-1][:, 1:]  # crossings right of centre j
    inside = (right % 2) == 1
    mask[r0:r1, c0:c1] = inside
    return mask


def ellipse_mask(points: Sequence[Point], shape: tuple[int, int]) -> np.ndarray:
    """Pixels whose centre is inside the ellipse: solve centre + u*a + v*b = p and test u² + v² <= 1."""
    rows, cols = shape
    mask = np.zeros((rows, cols), dtype=bool)
    centre, a, b = ellipse_axes(points)
    det = a[0] * b[1] - a[1] * b[0]
    if abs(det) < 1e-12:
        return mask
    ext_x = abs(a[0]) + abs(b[0])
    ext_y = abs(a[1]) + abs(b[1])
    r0, r1, c0, c1 = _bbox(
        np.array([centre[0] - ext_x, centre[0] + ext_x]), np.array([centre[1] - ext_y, centre[1] + ext_y]), rows, cols
    )
    if r1 <= r0 or c1 <= c0:
        return mask
    dy = np.arange(r0, r1, dtype=np.float64)[:, None] + 0.5 - centre[1]
    dx = np.arange(c0, c1, dtype=np.float64)[None, :] + 0.5 - centre[0]
    u = (dx * b[1] - dy * b[0]) / det
    v = (a[0] * dy - a[1] * dx) / det
    mask[r0:r1, c0:c1] = u * u + v * v <= 1.0
    return mask


def point_in_polygon(points: Sequence[Point], q: Point) -> bool:
    inside = False
    n = len(points)
    for i in range(n):
        (x1, y1), (x2, y2) = points[i], points[(i + 1) % n]
        if (y1 > q[1]) != (y2 > q[1]) and q[0] < x1 + (q[1] - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
