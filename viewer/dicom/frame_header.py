"""What overlays, geometry and measurements need from one frame's header (``FrameHeader``), read once per frame
by the frame loader or, for compressed frames, inside the decode workers (``decoding``), which send it back
with the pixels. Geometry and calibration come from ``geometry`` (enhanced functional groups first), so that
the viewport, the volume and ``cauri info`` agree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from viewer.dicom.geometry import frame_geometry, pixel_calibration
from viewer.dicom.overlays import read_overlays, shutter_mask, shutter_value
from viewer.dicom.pixels import PixelDescriptor, describe_frame
from viewer.dicom.suv import suv_bw_factor

log = logging.getLogger(__name__)


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# pixel_calibration's detailed sources, folded to the three the overlay distinguishes.
_SPACING_SOURCES = {
    "PixelSpacing": "PixelSpacing",
    "ImagerPixelSpacing": "ImagerPixelSpacing",
    "ImagerPixelSpacing/ERMF": "ImagerPixelSpacing",
    "NominalScannedPixelSpacing": "NominalScannedPixelSpacing",
    "UltrasoundRegion": "UltrasoundRegion",
    "uncalibrated": "",
}


@dataclass(frozen=True)
class FrameHeader:
    """What overlays, geometry and measurements need from one frame's header."""

    descriptor: PixelDescriptor
    pixel_spacing: tuple[float, float] | None  # (row spacing, column spacing) in mm
    spacing_source: str  # "PixelSpacing", "ImagerPixelSpacing", "NominalScannedPixelSpacing" or "" (uncalibrated)
    position: tuple[float, float, float] | None
    orientation: tuple[float, float, float, float, float, float] | None
    slice_thickness: float | None
    instance_number: int | None
    frame_time_ms: float | None
    calibration: str = "uncalibrated"  # which calibration a measurement uses, in words
    frame_of_reference: str = ""  # reference lines are drawn only between images that share it
    overlays: tuple = ()  # 60xx overlay planes of this frame (overlays.Overlay)
    shutter: tuple | None = None  # (visible-area mask, display value) of the image's own display shutter
    # Pixel Aspect Ratio (vertical, horizontal): the pixels' proportions when no spacing gives them (PS3.3
    # C.7.6.3.1.7); a presentation state may set its own (presentation.states). Display only.
    pixel_aspect: tuple[float, float] | None = None
    suv_factor: float | None = None  # PET: modality value x this = SUVbw; sets the default window


def frame_header(ds, frame: int = 0) -> FrameHeader:
    """One frame's header; geometry and calibration come from viewer.dicom.geometry (enhanced
    functional groups first), so that the viewport, the volume and ``cauri info`` agree."""
    geometry = frame_geometry(ds, frame)
    calibration = pixel_calibration(ds, frame)
    spacing = (calibration.row_spacing, calibration.column_spacing) if calibration.calibrated else None
    words = calibration.source + (f" ({calibration.note})" if calibration.note else "")
    frame_time = _float(ds.get("FrameTime"))
    if frame_time is None and ds.get("RecommendedDisplayFrameRate"):
        rate = _float(ds.get("RecommendedDisplayFrameRate"))
        frame_time = 1000.0 / rate if rate else None
    number = ds.get("InstanceNumber")
    try:
        instance_number = int(number) if number not in (None, "") else None
    except (TypeError, ValueError):
        instance_number = None
    return FrameHeader(
        descriptor=describe_frame(ds, frame),
        pixel_spacing=spacing,
        spacing_source=_SPACING_SOURCES.get(calibration.source, calibration.source),
        position=geometry.position,
        orientation=geometry.orientation,
        slice_thickness=geometry.slice_thickness,
        instance_number=instance_number,
        frame_time_ms=frame_time,
        calibration=words,
        frame_of_reference=str(ds.get("FrameOfReferenceUID") or ""),
        overlays=tuple(read_overlays(ds, frame)),
        shutter=_shutter(ds),
        pixel_aspect=None if spacing else _aspect(ds),
        suv_factor=suv_bw_factor(ds).factor if str(ds.get("Modality") or "").upper() == "PT" else None,
    )


def _aspect(ds) -> tuple[float, float] | None:
    try:
        vertical, horizontal = (float(v) for v in ds.get("PixelAspectRatio"))
    except (TypeError, ValueError):  # absent, one value, text: square pixels
        return None
    return (vertical, horizontal) if vertical > 0 and horizontal > 0 and vertical != horizontal else None


def _shutter(ds):
    if "ShutterShape" not in ds:
        return None
    try:
        mask = shutter_mask(ds)
    except Exception:  # a malformed shutter must not hide the image
        log.warning("display shutter unreadable; image shown without it")
        return None
    return None if mask is None else (mask, shutter_value(ds))
