"""Plane measurements <-> 3-D coordinates (SR SCOORD3D): the patient positions of a measurement drawn on a
plane, and a plane with grid points for 3-D coordinates read back."""

from __future__ import annotations

import numpy as np

from viewer.dicom.findings.records import Measurement, PatientPlane
from viewer.dicom.findings.records import MeasurementKind as K


def plane_from_patient(kind: K, points3d, frame_of_reference: str, pixel_mm: float = 1.0) -> tuple[PatientPlane, list]:
    """A plane and grid points for 3-D coordinates read from an SR (one tool's points, in tool order; a
    rectangle as its 4 corners). The plane's axes follow the shape where it has some (ellipse axes,
    rectangle sides), else its first segment; the plane through collinear points is any one holding them."""
    p = np.asarray(points3d, dtype=np.float64).reshape(-1, 3)
    origin = p[0]
    if not np.isfinite(p).all():
        raise ValueError("3-D coordinates that are not numbers")
    if kind is K.ELLIPSE and len(p) == 4 and np.linalg.norm(p[1] - p[0]) > 1e-9:
        right, second = p[1] - p[0], p[3] - p[2]
    elif kind is K.RECTANGLE and len(p) == 4 and np.linalg.norm(p[1] - p[0]) > 1e-9:
        right, second = p[1] - p[0], p[3] - p[0]
    else:
        right = next((q - p[0] for q in p[1:] if np.linalg.norm(q - p[0]) > 1e-9), np.array([1.0, 0.0, 0.0]))
        second = _off_line(p, right)
    right = right / np.linalg.norm(right)
    down = second - np.dot(second, right) * right
    if np.linalg.norm(down) < 1e-9:
        down = _perpendicular(right)
    down = down / np.linalg.norm(down)
    plane = PatientPlane(frame_of_reference, tuple(origin), tuple(right), tuple(down), pixel_mm)
    grid = [plane.from_patient(q)[0] for q in p]
    if kind is K.RECTANGLE and len(grid) == 4:
        grid = [grid[0], grid[2]]
    return plane, grid


def _off_line(p: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """The point furthest from the line through p[0] along ``direction``, relative to p[0]."""
    d = direction / (np.linalg.norm(direction) or 1.0)
    rel = p - p[0]
    off = rel - np.outer(rel @ d, d)
    return off[int(np.argmax(np.linalg.norm(off, axis=1)))]


def _perpendicular(v: np.ndarray) -> np.ndarray:
    axis = np.eye(3)[int(np.argmin(np.abs(v)))]
    return axis - np.dot(axis, v) * v


def patient_points(m: Measurement) -> list[tuple[float, float, float]]:
    """The measurement's points in patient coordinates (a rectangle as its 4 corners, in order)."""
    if m.kind is K.RECTANGLE:
        (x0, y0), (x1, y1) = m.points
        pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    else:
        pts = list(m.points)
    return [m.plane.to_patient(q) for q in pts]
