"""Measurements on MPR planes, in patient coordinates.

A plane measurement keeps its points on the grid of the plane it was drawn on (``PatientPlane``), so the
2-D tools (shapes, masks, handles) work unchanged; lengths and areas are in mm because the grid is in mm.
ROI statistics come from the volume sampled at the grid's pixel centres inside the region (trilinear, the
interpolation ``vtkImageReslice`` uses for the displayed plane), in modality units, so the numbers are those
of the pixels on screen. Drawing on a view asks whether the measurement's points lie on the view's plane:
a measurement reappears when the reader comes back to its plane, whatever the view's grid is then.
"""

from __future__ import annotations

import math

import numpy as np

from viewer.core.messages import msg
from viewer.dicom.findings.plane3d import patient_points, plane_from_patient  # noqa: F401 (re-exported)
from viewer.dicom.findings.records import Measurement, MeasurementResult, PatientPlane, Value
from viewer.dicom.findings.records import MeasurementKind as K
from viewer.model.measure.calibration import Spacing
from viewer.model.measure.compute import _probe, _stats, descriptor_unit, finite_only, geometric_values, suv_factor
from viewer.model.measure.drawing import outlines

PLANE_CALIBRATION = msg("patient coordinates (MPR plane)")
ON_PLANE_MM = 0.05  # a point this close to a view's plane is on it (planes are recomputed in floating point)


def sample_modality(volume, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Modality values (trilinear) of the volume at patient positions (N x 3); second: inside the volume."""
    g = volume.geometry
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    idx = (pts - np.asarray(g.origin)) @ np.linalg.inv(g.matrix).T / np.asarray(g.spacing)  # column, row, slice
    n, rows, cols = volume.array.shape
    upper = np.array([cols - 1, rows - 1, n - 1], dtype=np.float64)
    inside = np.all((idx >= -1e-6) & (idx <= upper + 1e-6), axis=1)
    idx = np.clip(idx, 0.0, upper)
    i0 = np.floor(idx).astype(np.intp)
    i1 = np.minimum(i0 + 1, upper.astype(np.intp))
    f = idx - i0
    out = np.zeros(len(pts), dtype=np.float64)
    for dc in (0, 1):
        c = i1[:, 0] if dc else i0[:, 0]
        wc = f[:, 0] if dc else 1.0 - f[:, 0]
        for dr in (0, 1):
            r = i1[:, 1] if dr else i0[:, 1]
            wr = f[:, 1] if dr else 1.0 - f[:, 1]
            for ds in (0, 1):
                s = i1[:, 2] if ds else i0[:, 2]
                ws = f[:, 2] if ds else 1.0 - f[:, 2]
                # Per-slice rescale (each slice may carry its own slope), then interpolate modality values.
                value = volume.array[s, r, c].astype(np.float64) * volume.slopes[s] + volume.intercepts[s]
                out += wc * wr * ws * value
    return out, inside


def grid_points(plane: PatientPlane, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Patient positions of grid coordinates (broadcast arrays of x and y)."""
    o, r, d = (np.asarray(v) for v in (plane.origin, plane.right, plane.down))
    x = np.asarray(xs, dtype=np.float64)[..., None] * plane.pixel_mm
    y = np.asarray(ys, dtype=np.float64)[..., None] * plane.pixel_mm
    return o + x * r + y * d


def compute_plane(m: Measurement, volume=None, header=None) -> MeasurementResult:
    """Values of a plane measurement; ``volume``: the volume of its series (ROI and probe values need it),
    ``header``: one of its slices' datasets (units, SUV)."""
    plane = m.plane
    spacing = Spacing(plane.pixel_mm, plane.pixel_mm, PLANE_CALIBRATION)
    messages: list[str] = []
    values: list[Value] = geometric_values(m, spacing, None, messages)
    count = 0
    if m.kind.is_roi or m.kind is K.PROBE:
        if volume is None:
            messages.append(msg("pixel values unavailable: {why}", why=msg("the volume of this series is not loaded")))
        else:
            image, outside, shifted = _cut(m, volume)
            unit = descriptor_unit(volume.descriptor, header)
            factor = suv_factor(volume.descriptor, header, unit, messages)
            if m.kind is K.PROBE:
                if outside.all():
                    messages.append(msg("the probe is outside the volume"))
                else:
                    values += _probe(shifted, image, unit, factor, messages)
            else:
                if outside.any() and not outside.all():
                    messages.append(msg("part of the region lies outside the volume: statistics of the inside only"))
                stats, count = _stats(shifted, image, outside, unit, factor, messages)
                values += stats
    return MeasurementResult(finite_only(values, messages), spacing.label, tuple(messages), count)


def _cut(m: Measurement, volume) -> tuple[np.ndarray, np.ndarray, Measurement]:
    """The plane's pixels over the measurement's bounding box: (values, outside the volume, the measurement
    moved onto that box's grid). Whole-pixel offsets keep the pixel centres where the displayed plane has them."""
    p = np.asarray(m.points, dtype=np.float64)
    c0, r0 = int(math.floor(p[:, 0].min())), int(math.floor(p[:, 1].min()))
    c1, r1 = int(math.floor(p[:, 0].max())) + 1, int(math.floor(p[:, 1].max())) + 1
    ys, xs = np.mgrid[r0:r1, c0:c1].astype(np.float64) + 0.5
    values, inside = sample_modality(volume, grid_points(m.plane, xs, ys).reshape(-1, 3))
    shape = (r1 - r0, c1 - c0)
    return values.reshape(shape), ~inside.reshape(shape), m.moved(-c0, -r0)


def on_plane(m: Measurement, plane: PatientPlane, tolerance_mm: float = ON_PLANE_MM) -> Measurement | None:
    """``m`` expressed on ``plane``'s grid when all its points lie on that plane (else None): what a view
    draws and edits. The outline's vertices are tested too, so a rectangle seen on a tilted plane is not."""
    if m.plane is None or m.plane.frame_of_reference != plane.frame_of_reference:
        return None
    if m.plane == plane:
        return m
    for q in [q for line in outlines(m) for q in line] + list(m.points):  # a text has no outline
        if abs(plane.from_patient(m.plane.to_patient(q))[1]) > tolerance_mm:
            return None
    if m.kind is K.RECTANGLE and not _axis_aligned(m.plane, plane):
        return None  # a rectangle is two corners along the grid: on a turned grid it is another shape
    points = [plane.from_patient(m.plane.to_patient(q))[0] for q in m.points]
    return Measurement(m.kind, tuple(points), m.image, m.label, m.id, m.created, m.source, m.source_uid, m.reported, plane)


def _axis_aligned(a: PatientPlane, b: PatientPlane) -> bool:
    return abs(abs(float(np.dot(a.right, b.right))) - 1.0) < 1e-6 or abs(float(np.dot(a.right, b.right))) < 1e-6


def view_plane(session, view: str, origin_offset: tuple[float, float], pixel_mm: float, frame_of_reference: str) -> PatientPlane:
    """The grid of an MPR view as cut: ``origin_offset`` is the in-plane mm of pixel (0, 0)'s centre from
    the volume centre (``ReslicedImage.origin_offset``), so grid point (0, 0) is that pixel's corner."""
    plane = session.planes[view]
    right, down = np.asarray(plane.right, float), np.asarray(plane.down, float)
    vc = session.volume_center()
    along = float(np.dot(session.center - vc, plane.normal))
    centre = vc + plane.normal * along + right * origin_offset[0] + down * origin_offset[1]
    corner = centre - (right + down) * (pixel_mm / 2.0)
    return PatientPlane(frame_of_reference, tuple(corner), tuple(right), tuple(down), pixel_mm)
