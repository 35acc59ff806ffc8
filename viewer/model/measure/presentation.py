"""Applying a presentation state's shutter to the pixels it references."""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom.findings.records import Shutter
from viewer.dicom.pixels import shutter_mask


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
    return mask, int(round(shutter.presentation_value * 255 / 65535))
