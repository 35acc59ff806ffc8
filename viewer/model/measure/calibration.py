"""Which pixel size a measurement uses, and the words that say so.

``FrameHeader`` already folds the magnification factor into its spacing but no longer says whether it
did, so the label comes from ``geometry.pixel_calibration`` on the file's header (read once, without
pixels, and memoised; cache files are immutable). Without a readable header the frame header's own
spacing is used.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pydicom

from viewer.core.messages import msg
from viewer.dicom.geometry import pixel_calibration
from viewer.model.frames import LoadedFrame

PIXEL_SPACING = "PixelSpacing"
IMAGER_CORRECTED = msg("ImagerPixelSpacing (magnification-corrected)")
IMAGER_DETECTOR = msg("ImagerPixelSpacing (at the detector, no magnification factor)")
NOMINAL_SCANNED = msg("NominalScannedPixelSpacing (scanned film)")
ULTRASOUND = msg("Ultrasound region (2-D, cm)")
UNCALIBRATED = msg("uncalibrated px")

_LABELS = {
    "PixelSpacing": PIXEL_SPACING,
    "ImagerPixelSpacing/ERMF": IMAGER_CORRECTED,
    "ImagerPixelSpacing": IMAGER_DETECTOR,
    "NominalScannedPixelSpacing": NOMINAL_SCANNED,
    "UltrasoundRegion": ULTRASOUND,
}


@dataclass(frozen=True)
class Spacing:
    column: float  # mm along x (between columns)
    row: float  # mm along y (between rows)
    label: str  # one of the constants above

    @property
    def calibrated(self) -> bool:
        return self.label != UNCALIBRATED


UNIT_SPACING = Spacing(1.0, 1.0, UNCALIBRATED)

_HEADERS: "OrderedDict[tuple[str, float], object]" = OrderedDict()
_LOCK = threading.Lock()


def read_header(path: Path | str):
    """The file's header without pixel data, memoised by path and mtime (a few hundred kept)."""
    p = Path(path)
    try:
        key = (str(p), p.stat().st_mtime)
    except OSError:
        return None
    with _LOCK:
        ds = _HEADERS.get(key)
        if ds is not None:
            _HEADERS.move_to_end(key)
            return ds
    try:
        ds = pydicom.dcmread(p, stop_before_pixels=True)
    except Exception:
        return None
    with _LOCK:
        _HEADERS[key] = ds
        while len(_HEADERS) > 256:
            _HEADERS.popitem(last=False)
    return ds


def frame_spacing(frame: LoadedFrame, header=None) -> Spacing:
    ds = header if header is not None else read_header(frame.ref.path)
    if ds is not None:
        cal = pixel_calibration(ds, frame.ref.frame)
        if cal.calibrated:
            return Spacing(float(cal.column_spacing), float(cal.row_spacing), _LABELS.get(cal.source, cal.source))
        return UNIT_SPACING
    h = frame.header
    if h is not None and h.pixel_spacing and min(h.pixel_spacing) > 0:
        label = PIXEL_SPACING if h.spacing_source == "PixelSpacing" else "ImagerPixelSpacing"
        return Spacing(float(h.pixel_spacing[1]), float(h.pixel_spacing[0]), label)
    return UNIT_SPACING
