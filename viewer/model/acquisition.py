"""Acquisition geometry: where each slice of a stack was acquired, and the regular grid MPR and 3-D show it on.

Decided once per volume from every slice's own Image Position (Patient) and the stack's Image Orientation
(Patient), never from the first and last slice alone: the stack normal (row x column), each slice's offset
along it and each slice's in-plane shift (the shear a gantry tilt gives). A stack whose slices sit where an
even spread puts them (within ``ALONG_TOLERANCE`` of the step along the normal and ``SHIFT_TOLERANCE`` of a
pixel in the plane) is used as it is: one array, no copy. Any other is resampled onto a regular orthogonal
grid along the normal, as 3D Slicer's acquisition-geometry regularisation and Weasis do: each output slice
is the linear mix of its two acquired neighbours along the normal, each neighbour read at its own in-plane
shift so that the shear is removed. Gaps of at least ``GAP_FACTOR`` times the usual step (slices missing)
are left as empty bands the planes mark, never bridged by interpolation.

Everything that shows a volume (MPR planes, slabs, oblique planes, volume rendering, 3-D measurements,
``cauri render --plane/--volume``, the bench) receives the grid decided here through ``model.volume.Volume``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from viewer.core.messages import msg
from viewer.dicom.geometry import DUPLICATE_TOLERANCE_MM, median

# A slice within 2 % of the step of its evenly spread place is where that place puts it: positions are
# written with a few decimals, and 2 % of a step is far below what interpolation between slices blurs.
ALONG_TOLERANCE = 0.02
# An in-plane shift under a tenth of a pixel is not a shear worth a second array (positions are rounded).
SHIFT_TOLERANCE = 0.1
# A gap this many times the usual step has room for at least one whole slice: a regular series with one
# slice lost gives exactly 2x; 1.9 leaves 5 % for rounded positions (``sort_stack`` allows the same). A
# smaller gap is a varying table step (4, 4, 1, 7, 2, 6 mm: median 4, largest 1.75x) and is interpolated.
GAP_FACTOR = 1.9
_FRACTION = 1e-3  # shifts and weights this close to a whole pixel or to one slice are taken as whole


@dataclass(frozen=True)
class VolumeGeometry:
    origin: tuple[float, float, float]  # LPS position of voxel (0, 0, 0): first slice, first pixel
    spacing: tuple[float, float, float]  # mm between columns, rows, slices
    row_direction: tuple[float, float, float]  # patient direction of increasing column index
    column_direction: tuple[float, float, float]  # patient direction of increasing row index
    slice_direction: tuple[float, float, float]  # along the stack normal, towards the later slices

    @property
    def matrix(self) -> np.ndarray:
        """3x3 direction matrix, columns = row, column, slice directions (VTK's image direction)."""
        return np.column_stack([self.row_direction, self.column_direction, self.slice_direction])


@dataclass(frozen=True, eq=False)
class Acquisition:
    """A stack's acquired slices and the grid they are shown on (``regular``: the acquired slices as they are)."""

    geometry: VolumeGeometry  # the output grid
    shape: tuple[int, int, int]  # output (slices, rows, columns)
    regular: bool
    acquired_shape: tuple[int, int]  # rows, columns of an acquired slice
    offsets: np.ndarray = field(repr=False)  # per acquired slice: mm along the slice direction from the output origin
    shifts: np.ndarray = field(repr=False)  # per acquired slice: (rows, columns) of its pixel (0, 0) on the output grid
    lower: np.ndarray = field(repr=False)  # per output slice: the acquired slice below it (index into the stack)
    upper: np.ndarray = field(repr=False)  # ... and above it
    weight: np.ndarray = field(repr=False)  # ... the upper one's share (0: the lower slice alone)
    missing: np.ndarray = field(repr=False)  # per output slice: inside a gap, left empty
    bands: tuple[tuple[float, float], ...] = ()  # mm along the slice direction from the origin: no data there
    note: str = ""  # why and how it was resampled, for the planes' overlay ("" when regular)

    def sources(self, k: int) -> tuple[int, ...]:
        """The acquired slices output slice ``k`` is made of (none for a slice in a gap)."""
        if self.missing[k]:
            return ()
        w = float(self.weight[k])
        if w <= 0.0:
            return (int(self.lower[k]),)
        if w >= 1.0:
            return (int(self.upper[k]),)
        return int(self.lower[k]), int(self.upper[k])

    def in_place(self, i: int) -> bool:
        """Whether acquired slice ``i``'s pixels are the grid's pixels (no shift, no padding)."""
        return not self.shifts[i].any() and self.shape[1:] == self.acquired_shape

    def dependents(self) -> list[list[int]]:
        """Per acquired slice, the output slices that wait for it."""
        out: list[list[int]] = [[] for _ in range(len(self.offsets))]
        for k in range(self.shape[0]):
            for i in self.sources(k):
                out[i].append(k)
        return out

    def band_mask(self, first_pixel, right, down, pixel_mm: float, shape: tuple[int, int],
                  normal=None, slab_mm: float = 0.0) -> np.ndarray | None:
        """Which pixels of a plane grid (pixel (0, 0)'s centre at ``first_pixel``, LPS; ``right``/``down``
        unit directions; ``shape`` rows x columns) show a value that involves a band without data, a slab of
        ``slab_mm`` along ``normal`` included; None when the plane crosses no band."""
        if not self.bands:
            return None
        g = self.geometry
        sd = np.asarray(g.slice_direction, dtype=np.float64)
        a0 = float((np.asarray(first_pixel, dtype=np.float64) - np.asarray(g.origin)) @ sd)
        ax, ay = pixel_mm * float(np.dot(right, sd)), pixel_mm * float(np.dot(down, sd))
        rows, cols = shape
        along = a0 + np.arange(cols)[None, :] * ax + np.arange(rows)[:, None] * ay
        half = 0.5 * slab_mm * abs(float(np.dot(normal, sd))) if normal is not None and slab_mm > 0 else 0.0
        hit = np.zeros((rows, cols), bool)
        for lo, hi in self.bands:
            hit |= (along + half > lo + 1e-6) & (along - half < hi - 1e-6)
        return hit if hit.any() else None


def regular_acquisition(shape: tuple[int, int, int], geometry: VolumeGeometry) -> Acquisition:
    n = shape[0]
    k = np.arange(n)
    return Acquisition(geometry, shape, True, shape[1:], k * geometry.spacing[2], np.zeros((n, 2)), k, k,
                       np.zeros(n), np.zeros(n, bool))


def acquisition_of(positions, orientation, pixel_spacing, rows: int, cols: int,
                   spacing_between: float | None = None) -> Acquisition:
    """The grid of a stack of ``len(positions)`` slices of ``rows`` x ``cols`` pixels.

    ``positions``: each slice's Image Position (Patient), in the stack's order; ``orientation``: the stack's
    six direction cosines; ``pixel_spacing``: (row, column) mm. Raises ValueError (a reader-facing message)
    when slices share a position: such a series holds several volumes and no single grid can hold them.
    """
    n = len(positions)
    row_sp, col_sp = (float(x) for x in (pixel_spacing or (1.0, 1.0)))
    orient = orientation or (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    row_dir = _unit(orient[:3])
    col_dir = _unit(orient[3:])
    normal = _unit(np.cross(row_dir, col_dir))
    known = n > 1 and len(positions) == n and all(p is not None for p in positions)
    if not known or orientation is None:
        return _evenly_spread(positions, n, rows, cols, (col_sp, row_sp), row_dir, col_dir, normal, spacing_between)
    P = np.asarray(positions, dtype=np.float64)
    along = (P - P[0]) @ normal
    sign = 1.0 if along[-1] >= along[0] else -1.0
    slice_dir = normal * sign
    along = along * sign
    order = np.argsort(along, kind="stable")
    sd = along[order]
    steps = np.diff(sd)
    shared = int((steps < DUPLICATE_TOLERANCE_MM).sum())
    if shared:
        raise ValueError(_shared_positions_message(shared, n, sd))

    # In-plane shift of each slice's first pixel from the first slice's, in pixels (rows, columns).
    inplane = (P - P[0]) - np.outer(along, slice_dir)
    shifts = np.column_stack([inplane @ col_dir / row_sp, inplane @ row_dir / col_sp])
    sheared = float(np.abs(shifts).max()) > SHIFT_TOLERANCE
    if not sheared:
        shifts = np.zeros_like(shifts)
    span = float(sd[-1] - sd[0])
    usual = median(steps)
    even = span / (n - 1)
    gaps = steps >= GAP_FACTOR * usual
    spread = float(np.abs(sd - sd[0] - even * np.arange(n)).max())
    in_order = bool(np.all(order == np.arange(n)))
    if in_order and not sheared and not gaps.any() and spread <= max(0.01, ALONG_TOLERANCE * even):
        geometry = VolumeGeometry(_t(P[0]), (col_sp, row_sp, even), _t(row_dir), _t(col_dir), _t(slice_dir))
        return regular_acquisition((n, rows, cols), geometry)

    # Output grid: from the first to the last slice at about the usual step, landing on both ends.
    count = max(2, int(round(span / usual)) + 1)
    step = span / (count - 1)
    targets = sd[0] + step * np.arange(count)
    j = np.clip(np.searchsorted(sd, targets, side="right") - 1, 0, n - 2)
    weight = np.clip((targets - sd[j]) / steps[j], 0.0, 1.0)
    weight = np.where(weight < _FRACTION, 0.0, np.where(weight > 1.0 - _FRACTION, 1.0, weight))
    missing = gaps[j] & (weight > 0.0) & (weight < 1.0)
    bands = _bands(missing, step)
    # The in-plane extent covers every slice's footprint on the first slice's pixel lattice.
    r0, c0 = (int(math.floor(float(shifts[:, a].min()) + _FRACTION)) for a in (0, 1))
    r1, c1 = (int(math.ceil(float(shifts[:, a].max()) - _FRACTION)) for a in (0, 1))
    out_rows, out_cols = rows + r1 - r0, cols + c1 - c0
    origin = P[0] + sd[0] * slice_dir + c0 * col_sp * row_dir + r0 * row_sp * col_dir
    geometry = VolumeGeometry(_t(origin), (col_sp, row_sp, step), _t(row_dir), _t(col_dir), _t(slice_dir))
    offsets = np.empty(n)
    offsets[order] = sd - sd[0]
    out_shifts = shifts - np.array([r0, c0], float)
    reasons = []
    irregular = np.abs(steps[~gaps] - usual) > max(0.01, ALONG_TOLERANCE * usual)
    if irregular.any():
        reasons.append(msg("irregular spacing"))
    if sheared:
        drift = float(np.linalg.norm(inplane[order[-1]] - inplane[order[0]]))
        tilt = math.degrees(math.atan(drift / span)) if span > 0 else 0.0
        reasons.append(msg("tilt {angle:.1f}°", angle=tilt))
    if missing.any():
        reasons.append(msg("{count} slice(s) missing", count=int(missing.sum())))
    if not reasons:
        reasons.append(msg("slices out of order"))
    note = msg("resampled to {step:.2f} mm ({reasons})", step=step, reasons=reasons)
    return Acquisition(geometry, (count, out_rows, out_cols), False, (rows, cols), offsets, out_shifts,
                       order[j], order[j + 1], weight, missing, bands, note)


def _bands(missing: np.ndarray, step: float) -> tuple[tuple[float, float], ...]:
    """The spans (mm from the origin) where a plane's value involves an empty output slice: from the last
    filled slice before a run of empty ones to the first filled slice after it."""
    bands = []
    k = 0
    while k < len(missing):
        if missing[k]:
            start = k
            while k < len(missing) and missing[k]:
                k += 1
            bands.append(((start - 1) * step, k * step))
        else:
            k += 1
    return tuple(bands)


def _evenly_spread(positions, n, rows, cols, spacing, row_dir, col_dir, normal, spacing_between) -> Acquisition:
    """Without a position for every slice (or an orientation), nothing tells where the slices were:
    they are stacked from the first known position, ``spacing_between`` apart, as acquired."""
    known = [np.asarray(p, float) for p in positions if p is not None]
    slice_dir, dz = normal, spacing_between or 1.0
    if len(known) == n and n > 1:
        step = (known[-1] - known[0]) / (n - 1)
        if float(np.linalg.norm(step)) > DUPLICATE_TOLERANCE_MM:
            dz = float(np.linalg.norm(step))
            slice_dir = step / dz
        else:
            raise ValueError(_shared_positions_message(n - 1, n, np.zeros(n)))
    origin = known[0] if known else np.zeros(3)
    geometry = VolumeGeometry(_t(origin), (spacing[0], spacing[1], dz), _t(row_dir), _t(col_dir), _t(slice_dir))
    return regular_acquisition((n, rows, cols), geometry)


def _shared_positions_message(shared: int, n: int, sorted_along: np.ndarray) -> str:
    places = len(np.unique(np.round(np.asarray(sorted_along) / DUPLICATE_TOLERANCE_MM)))
    return msg(
        "{shared} of its {n} images share their position with another image ({places} distinct positions): the "
        "series holds several volumes (diffusion directions or b-values, phases, echoes, or a mosaic) and its headers "
        "do not tell which image belongs to which, so it cannot be split into stacks. Read these images one by one.",
        shared=shared, n=n, places=places,
    )


def _t(v) -> tuple[float, float, float]:
    return tuple(float(x) for x in v)


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


# --------------------------------------------------------------------------------------------- resampling


class SliceMaker:
    """Makes the output slices of a resampled grid in modality-free float32 (the output's stored units).

    Its buffers are allocated once: a fresh temporary per slice would have its pages faulted in each time,
    which cost more than the arithmetic (measured: 4x slower loads on a 512x512x300 stack).
    ``read(i, out)`` writes acquired slice ``i`` into ``out`` (acquired rows x columns, float32)."""

    def __init__(self, acq: Acquisition, background: float) -> None:
        rows, cols = acq.shape[1:]
        self.acq, self.background = acq, float(background)
        self.acquired = np.empty(acq.acquired_shape, np.float32)
        self.canvas = np.empty((rows + 1, cols + 1), np.float32)
        self.rows_mixed = np.empty((rows, cols + 1), np.float32)
        self.parts = (np.empty((rows, cols), np.float32), np.empty((rows, cols), np.float32))

    def make(self, k: int, read) -> np.ndarray:
        """Output slice ``k`` (a buffer of this maker's, valid until the next call)."""
        acq = self.acq
        sources = acq.sources(k)
        if not sources:
            self.parts[0].fill(self.background)
            return self.parts[0]
        for part, i in zip(self.parts, sources):
            if acq.in_place(i):
                read(i, part)
            else:
                read(i, self.acquired)
                self.place(self.acquired, acq.shifts[i], part)
        if len(sources) == 1:
            return self.parts[0]
        low, high = self.parts
        np.subtract(high, low, out=high)  # low + w (high - low): linear along the normal
        high *= np.float32(acq.weight[k])
        high += low
        return high

    def place(self, image: np.ndarray, shift, out: np.ndarray) -> None:
        """``image`` with its pixel (0, 0) at output (row, column) ``shift``, bilinear for a fractional shift;
        the background where it does not reach."""
        dy, dx = (float(v) for v in shift)
        ry, rx = round(dy), round(dx)
        dy, dx = (ry if abs(dy - ry) < _FRACTION else dy), (rx if abs(dx - rx) < _FRACTION else dx)
        iy, ix = math.floor(dy), math.floor(dx)
        ty, tx = dy - iy, dx - ix
        rows, cols = out.shape
        # Paste at the whole-pixel shift onto a canvas one pixel larger; the fraction then mixes neighbours.
        canvas = self.canvas
        canvas.fill(self.background)
        h, w = image.shape
        top, left = iy + 1, ix + 1  # +1: the canvas' extra first row/column holds what comes in from above/left
        y0, x0 = max(0, top), max(0, left)
        y1, x1 = min(rows + 1, top + h), min(cols + 1, left + w)
        if y1 > y0 and x1 > x0:
            canvas[y0:y1, x0:x1] = image[y0 - top:y1 - top, x0 - left:x1 - left]
        # Output (r, c) reads the image at (r - dy, c - dx), i.e. canvas row r + 1 - ty: between canvas rows r
        # (weight ty) and r + 1; the same along columns. Separable, and skipped where the shift is whole (a
        # gantry tilt shifts along one axis only).
        if ty == 0.0:
            mixed = canvas[1:]
        else:
            mixed = self.rows_mixed
            np.subtract(canvas[:-1], canvas[1:], out=mixed)
            mixed *= np.float32(ty)
            mixed += canvas[1:]
        if tx == 0.0:
            out[...] = mixed[:, 1:]
        else:
            np.subtract(mixed[:, :-1], mixed[:, 1:], out=out)
            out *= np.float32(tx)
            out += mixed[:, 1:]
