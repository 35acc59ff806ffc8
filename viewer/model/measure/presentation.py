"""Applying a presentation state to the pixels it references: its shutter, its VOI LUT table, and where
its displayed area lands in a viewport."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom.findings.displayed_area import DisplayedArea
from viewer.dicom.findings.records import Shutter
from viewer.dicom.pixels import LUT, PixelDescriptor, modality_range, shutter_mask
from viewer.model.measure.drawing import to_display


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


@dataclass(frozen=True)
class PresentedView:
    """Where a presentation state puts its image in a viewport, in ``ViewportState`` terms."""

    rotation: int = 0  # quarter turns clockwise (Cauri's order: rotate, then flip)
    flip_h: bool = False
    flip_v: bool = False
    zoom: float = 1.0
    pan: tuple[float, float] = (0.0, 0.0)
    note: str = ""  # "true size unknown" when TRUE SIZE fell back to scaling to fit


def displayed_view(
    area: DisplayedArea | None,
    transform: tuple[int, bool, bool],
    shape: tuple[int, int],
    spacing: tuple[float, float] | None,
    viewport: tuple[int, int],
    fit_mm_per_px: float,
    screen_mm_per_px: float | None,
) -> PresentedView:
    """The zoom and pan that show ``area`` of a rows x columns image as its Presentation Size Mode says.

    ``transform``: the state's (rotation, flip_h, flip_v); ``spacing``: the image's (row, column) mm,
    None when uncalibrated (the scene then counts pixels); ``viewport``: device pixels; ``fit_mm_per_px``:
    scene mm per device pixel at zoom 1 for the transformed image (the renderer's fit);
    ``screen_mm_per_px``: the physical size of a device pixel, None when the screen does not say.
    The area's centre goes to the viewport's centre (the whole area shows when it fits)."""
    rotation, flip_h, flip_v = transform
    rows, cols = shape
    if area is None:
        return PresentedView(rotation, flip_h, flip_v)
    row_sp, col_sp = spacing or (1.0, 1.0)
    sx, sy = (row_sp, col_sp) if rotation % 2 else (col_sp, row_sp)  # scene mm along display x, y
    left, top, right, bottom = area.corner_box()
    corners = [to_display(p, shape, rotation, flip_h, flip_v) for p in ((left, top), (right, bottom))]
    (x0, y0), (x1, y1) = corners
    width_mm, height_mm = abs(x1 - x0) * sx, abs(y1 - y0) * sy
    w, h = (rows, cols) if rotation % 2 else (cols, rows)
    pan = (((x0 + x1) / 2.0 - w / 2.0) * sx, ((y0 + y1) / 2.0 - h / 2.0) * sy)
    vw, vh = viewport
    mm_per_px, note = max(width_mm / max(vw, 1), height_mm / max(vh, 1)), ""
    if area.mode == "MAGNIFY":
        mm_per_px = sy / area.magnification
    elif area.mode == "TRUE SIZE":
        true = area.pixel_spacing or spacing  # physical (row, column) mm of a stored pixel
        if true is None or not screen_mm_per_px:
            note = "true size unknown"
        else:
            true_y = true[1] if rotation % 2 else true[0]
            mm_per_px = sy * screen_mm_per_px / true_y
    return PresentedView(rotation, flip_h, flip_v, fit_mm_per_px / mm_per_px, pan, note)
