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


def read_series(paths, suv: bool = True) -> ScalarGrid:
    """Single-frame slices of one series (one orientation) as a grid, sorted along their normal; PET in
    SUVbw when its headers allow (``suv``), CT in HU."""
    slices = []
    for path in paths:
        ds = pydicom.dcmread(path)
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
