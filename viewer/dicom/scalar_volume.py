"""A series or an RT Dose read as one grid of physical values in patient space, for fusion and dose
colourwash: PET in SUVbw (or Bq/ml when SUV cannot be had), CT in HU, MR as stored, RT Dose in Gy.

RT Dose (PS3.3 C.8.8.3): one multi-frame object whose planes lie at Image Position (Patient) plus the
Grid Frame Offset Vector along the normal (absolute offsets when the first is 0, the usual case; the
standard's relative form, first offset equal to the z of the position, is taken too), values times Dose
Grid Scaling. Everything here is numbers; no window, no colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pydicom

from viewer.core.messages import msg
from viewer.dicom.suv import suv_bw_factor

RT_DOSE_STORAGE = "1.2.840.10008.5.1.4.1.1.481.2"


class ScalarGridError(ValueError):
    """The files do not make one grid (the message says why, for the reader)."""


@dataclass(frozen=True)
class ScalarGrid:
    """``values`` (slices, rows, columns) float32; voxel (k, r, c) lies at ``origin + c*col_sp*row_dir +
    r*row_sp*col_dir + k*slice_sp*normal`` (DICOM: the row direction runs along a row, i.e. across columns)."""

    values: np.ndarray
    origin: tuple[float, float, float]
    row_dir: tuple[float, float, float]
    col_dir: tuple[float, float, float]
    normal: tuple[float, float, float]
    spacing: tuple[float, float, float]  # (column spacing, row spacing, slice spacing) mm
    frame_of_reference: str
    modality: str
    unit: str  # "SUVbw", "Bq/ml", "Gy", "HU" or ""
    notes: tuple[str, ...] = ()  # caveats for the reader (SUV missing, relative dose...)
    facts: dict = field(default_factory=dict, compare=False)  # what ``cauri info`` lists

    @property
    def matrix(self) -> np.ndarray:
        """Columns: the x, y, z axes of the array in patient space (SimpleITK's direction)."""
        return np.column_stack([self.row_dir, self.col_dir, self.normal])

    def point_to_index(self, point) -> np.ndarray:
        """(k, r, c) continuous voxel index of a patient point."""
        d = np.asarray(point, float) - np.asarray(self.origin, float)
        xyz = self.matrix.T @ d / np.asarray(self.spacing, float)
        return xyz[::-1]


def _geometry(ds):
    orientation = [float(v) for v in ds.get("ImageOrientationPatient", [1, 0, 0, 0, 1, 0])]
    row, col = np.asarray(orientation[:3]), np.asarray(orientation[3:])
    normal = np.cross(row, col)
    spacing = [float(v) for v in ds.get("PixelSpacing", [1.0, 1.0])]
    return row, col, normal, (spacing[1], spacing[0])


def _rescaled(ds, frames: np.ndarray) -> np.ndarray:
    slope = float(ds.get("RescaleSlope", 1.0) or 1.0)
    intercept = float(ds.get("RescaleIntercept", 0.0) or 0.0)
    return frames.astype(np.float32) * np.float32(slope) + np.float32(intercept)


def read_dose(path) -> ScalarGrid:
    """An RT Dose file as a grid in Gy (or the file's units when not GY)."""
    ds = pydicom.dcmread(path)
    if str(ds.get("SOPClassUID", "")) != RT_DOSE_STORAGE:
        raise ScalarGridError(msg("not an RT Dose object"))
    if "PixelData" not in ds:
        raise ScalarGridError(msg("this RT Dose has no dose grid"))
    frames = ds.pixel_array.astype(np.float32)
    if frames.ndim == 2:
        frames = frames[None]
    scaling = float(ds.get("DoseGridScaling", 1.0) or 1.0)
    values = frames * np.float32(scaling)
    row, col, normal, (col_sp, row_sp) = _geometry(ds)
    position = np.asarray([float(v) for v in ds.ImagePositionPatient])
    offsets = [float(v) for v in ds.get("GridFrameOffsetVector", [0.0])] if len(frames) > 1 else [0.0]
    if len(offsets) != len(frames):
        raise ScalarGridError(msg("the Grid Frame Offset Vector does not match the number of frames"))
    if offsets[0] != 0.0:  # the relative form: offsets are positions along the normal
        offsets = [o - offsets[0] for o in offsets]
    order = np.argsort(offsets)
    values, offsets = values[order], [offsets[i] for i in order]
    steps = np.diff(offsets)
    slice_sp = float(np.median(steps)) if len(steps) else 1.0
    if len(steps) and np.ptp(steps) > 0.01 * max(abs(slice_sp), 1e-6):
        notes = (msg("uneven dose planes: shown on a regular grid"),)
    else:
        notes = ()
    origin = position + normal * offsets[0]
    units = str(ds.get("DoseUnits", "")).upper()
    if units != "GY":
        notes += (msg("relative dose (Dose Units {units}): the values are not in Gy", units=units or "?"),)
    facts = {"dose_units": units, "dose_type": str(ds.get("DoseType", "")),
             "summation": str(ds.get("DoseSummationType", "")), "planes": len(frames),
             "grid_scaling": scaling, "max_gy": float(values.max()) if values.size else 0.0,
             "offsets_mm": (offsets[0], offsets[-1])}
    return ScalarGrid(np.ascontiguousarray(values), tuple(origin), tuple(row), tuple(col), tuple(normal),
                      (col_sp, row_sp, slice_sp or 1.0), str(ds.get("FrameOfReferenceUID", "")), "RTDOSE",
                      "Gy" if units == "GY" else "", notes, facts)  # RELATIVE: no unit, and the note says so


class ReadStopped(Exception):
    """``read_series`` was told to stop (nobody wants the grid any more)."""


def read_series(paths, suv: bool = True, stop=None) -> ScalarGrid:
    """Single-frame slices of one series (one orientation) as a grid, sorted along their normal; PET in
    SUVbw when its headers allow (``suv``), CT in HU. ``stop()`` true: ReadStopped, at the next slice."""
    slices = []
    for path in paths:
        if stop is not None and stop():
            raise ReadStopped()
        ds = pydicom.dcmread(path)
        if "PixelData" in ds and int(ds.get("NumberOfFrames", 1) or 1) > 1:
            return read_multiframe(ds)  # a SPECT reconstruction, an enhanced MR: one object holds the volume
        if "PixelData" not in ds or "ImagePositionPatient" not in ds:
            continue
        slices.append(ds)
    if not slices:
        raise ScalarGridError(msg("no slices with a position to fuse"))
    row, col, normal, (col_sp, row_sp) = _geometry(slices[0])
    slices.sort(key=lambda d: float(np.dot(normal, [float(v) for v in d.ImagePositionPatient])))
    depth = [float(np.dot(normal, [float(v) for v in d.ImagePositionPatient])) for d in slices]
    shape = slices[0].pixel_array.shape
    modality = str(slices[0].get("Modality", ""))
    unit, notes, planes = {"CT": "HU", "PT": str(slices[0].get("Units", "")).replace("BQML", "Bq/ml")}.get(modality, ""), [], []
    for ds in slices:
        if stop is not None and stop():
            raise ReadStopped()
        pixels = ds.pixel_array
        if pixels.shape != shape:
            raise ScalarGridError(msg("the slices differ in size"))
        value = _rescaled(ds, pixels)
        if modality == "PT" and suv:
            factor = suv_bw_factor(ds)
            if factor.factor is not None:
                value = value * np.float32(factor.factor)
                unit = "SUVbw"
            elif factor.message and factor.message not in notes:
                notes.append(factor.message)
        planes.append(value)
    if unit == "SUVbw" and notes:  # some slices without SUV: one unit for the whole grid or none
        raise ScalarGridError(notes[0])
    steps = np.diff(depth)
    slice_sp = float(np.median(steps)) if len(steps) else float(slices[0].get("SliceThickness", 1.0) or 1.0)
    origin = [float(v) for v in slices[0].ImagePositionPatient]
    return ScalarGrid(np.ascontiguousarray(np.stack(planes)), tuple(origin), tuple(row), tuple(col), tuple(normal),
                      (col_sp, row_sp, slice_sp or 1.0), str(slices[0].get("FrameOfReferenceUID", "")), modality,
                      unit, tuple(notes))


def read_multiframe(ds) -> ScalarGrid:
    """A volume stored as one multi-frame object: NM tomographic reconstructions (PS3.3 C.8.4.10: the
    position and orientation in the Detector Information Sequence, frames Spacing Between Slices apart
    along the normal) and enhanced objects (per-frame Plane Position, shared Plane Orientation and Pixel
    Measures). Values through the Rescale (NM: counts or what its Rescale says)."""
    frames = ds.pixel_array.astype(np.float32)
    modality = str(ds.get("Modality", ""))
    notes: tuple = ()
    shared = (ds.get("SharedFunctionalGroupsSequence") or [None])[0]
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    if per_frame:
        orientation = _functional(shared, per_frame[0], "PlaneOrientationSequence", "ImageOrientationPatient")
        spacing = _functional(shared, per_frame[0], "PixelMeasuresSequence", "PixelSpacing")
        positions = [_functional(None, f, "PlanePositionSequence", "ImagePositionPatient") for f in per_frame]
        transform = [_functional(shared, f, "PixelValueTransformationSequence", None) for f in per_frame]
        if orientation is None or spacing is None or any(p is None for p in positions):
            raise ScalarGridError(msg("no slices with a position to fuse"))
        row, col = np.asarray(orientation[:3], float), np.asarray(orientation[3:], float)
        normal = np.cross(row, col)
        order = np.argsort([float(np.dot(normal, p)) for p in positions], kind="stable")
        # Several volumes in one object (echoes, dynamics, magnitude and phase): the first at each position.
        kept, seen = [], set()
        for i in order:
            at = round(float(np.dot(normal, positions[i])), 2)
            if at not in seen:
                seen.add(at)
                kept.append(i)
        if len(kept) < len(order):
            notes = (msg("several frames at one position: the first of each is fused"),)
        order = kept
        values = np.stack([frames[i] * np.float32(float(getattr(transform[i], "RescaleSlope", 1) or 1))
                           + np.float32(float(getattr(transform[i], "RescaleIntercept", 0) or 0)) for i in order])
        depth = [float(np.dot(normal, positions[i])) for i in order]
        origin = [float(v) for v in positions[order[0]]]
        col_sp, row_sp = float(spacing[1]), float(spacing[0])
        slice_sp = float(np.median(np.diff(depth))) if len(depth) > 1 else 1.0
    else:
        detector = (ds.get("DetectorInformationSequence") or [None])[0]
        where = detector if detector is not None and "ImagePositionPatient" in detector else ds
        if "ImagePositionPatient" not in where:
            raise ScalarGridError(msg("no slices with a position to fuse"))
        orientation = [float(v) for v in where.get("ImageOrientationPatient", [1, 0, 0, 0, 1, 0])]
        row, col = np.asarray(orientation[:3], float), np.asarray(orientation[3:], float)
        normal = np.cross(row, col)
        values = _rescaled(ds, frames)
        origin = [float(v) for v in where.ImagePositionPatient]
        pixel = [float(v) for v in ds.get("PixelSpacing", [1.0, 1.0])]
        col_sp, row_sp = pixel[1], pixel[0]
        slice_sp = float(ds.get("SpacingBetweenSlices", 0) or ds.get("SliceThickness", 0) or 1.0)
    unit = {"CT": "HU"}.get(modality, "")
    return ScalarGrid(np.ascontiguousarray(values, dtype=np.float32), tuple(origin), tuple(row), tuple(col),
                      tuple(normal), (col_sp, row_sp, slice_sp or 1.0), str(ds.get("FrameOfReferenceUID", "")), modality,
                      unit, notes)


def _functional(shared, frame, sequence: str, keyword: str | None):
    """An attribute of a functional group, the frame's own before the shared one (the item when ``keyword`` is
    None)."""
    for group in (frame, shared):
        items = group.get(sequence) if group is not None else None
        if items:
            item = items[0]
            if keyword is None:
                return item
            if keyword in item:
                return [float(v) for v in item.get(keyword)]
    return None
