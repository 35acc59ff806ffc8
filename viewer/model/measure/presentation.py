"""Applying a presentation state to the pixels it references: its shutter and its VOI LUT table."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom.findings.records import Shutter
from viewer.dicom.pixels import LUT, PixelDescriptor, modality_range, shutter_mask


def presentation_shutter(shutter: Shutter | None, rows: int, columns: int) -> tuple[np.ndarray, int] | None:
    """(visible mask, display value) of a GSPS shutter on a rows x columns image, or None."""
    if shutter is None or not shutter.shapes:
        return None
    ds = Dataset()
    ds.ShutterShape = list(shutter.shapes)
    if shutter.rectangle is not None:
        left, right, upper, lower = shutter.rectangle
        ds.ShutterLeftVerticalEdge, ds.ShutterRightVerticalEdge = int(left), int(right)
        ds.ShutterUpperHorizontalEdge, ds.ShutterLowerHorizontalEdge = int(upper), int(lower)
    if shutter.circle is not None:
        row, col, radius = shutter.circle
        ds.CenterOfCircularShutter = [int(row), int(col)]
        ds.RadiusOfCircularShutter = int(radius)
    if shutter.polygon:
        ds.VerticesOfThePolygonalShutter = [int(v) for point in shutter.polygon for v in point]
    mask = shutter_mask(ds, rows, columns)
    if mask is None:
        return None
    if shutter.bitmap is not None:
        mask &= ~_placed(shutter.bitmap, shutter.bitmap_origin, rows, columns)
    return mask, int(round(shutter.presentation_value * 255 / 65535))


def _placed(bitmap: np.ndarray, origin: tuple[int, int], rows: int, columns: int) -> np.ndarray:
    """The overlay bitmap on the image grid; parts outside the image are dropped (C.9.2.1.1 allows it)."""
    out = np.zeros((rows, columns), dtype=bool)
    r0, c0 = origin
    h, w = bitmap.shape
    rs, cs = max(0, -r0), max(0, -c0)
    re, ce = min(h, rows - r0), min(w, columns - c0)
    if re > rs and ce > cs:
        out[r0 + rs : r0 + re, c0 + cs : c0 + ce] = bitmap[rs:re, cs:ce]
    return out


def with_voi_lut(desc: PixelDescriptor, lut: LUT) -> PixelDescriptor:
    """The image's descriptor with a presentation state's VOI LUT table in place of its own VOI.

    A LUT Descriptor's first mapped value is read unsigned; it is the signed value when the image's
    modality values can be negative (CT: -1024 is written as 64512)."""
    if lut.first_mapped >= 32768 and modality_range(desc)[0] < 0:
        lut = replace(lut, first_mapped=lut.first_mapped - 65536)
    return replace(desc, voi_luts=(lut,), windows=())


def with_presentation_shape(desc: PixelDescriptor, shape: str) -> PixelDescriptor:
    """The descriptor shown through a presentation state's Presentation LUT Shape: a GSPS replaces the
    image's own inversion (MONOCHROME1 is meant to come with INVERSE there, PS3.4 N.2.1.1), so the
    shape alone decides whether low values are white. An absent or unknown shape changes nothing."""
    shape = (shape or "").strip().upper()
    if shape not in ("IDENTITY", "INVERSE"):
        return desc
    if desc.photometric == "MONOCHROME2" and desc.presentation_lut_shape == shape:
        return desc
    return replace(desc, photometric="MONOCHROME2", presentation_lut_shape=shape)
