"""``compute(measurement, frame)``: the numbers of one measurement on its decoded frame.

Lengths, angles and areas come from the points and the frame's calibration; ROI statistics from the
stored pixels through the Modality LUT (``to_modality``: HU for CT, Bq/ml for PET), pixel padding
excluded; SUVbw is added for PET when the headers allow, else a message says why not.
"""

from __future__ import annotations

import math

import numpy as np

from viewer.core.messages import msg
from viewer.dicom.findings.records import Measurement, MeasurementResult, Value
from viewer.dicom.findings.records import MeasurementKind as K
from viewer.dicom.pixels import padding_mask, to_modality
from viewer.model.frames import LoadedFrame
from viewer.model.measure import shapes
from viewer.model.measure.calibration import Spacing, frame_spacing, read_header
from viewer.dicom.suv import suv_bw_factor


def _units(spacing: Spacing) -> tuple[str, str]:
    return ("mm", "mm²") if spacing.calibrated else ("px", "px²")


def modality_unit(frame: LoadedFrame, header=None) -> str:
    """The display unit of modality values: HU for CT, Bq/ml for PET in BQML, else none."""
    return descriptor_unit(frame.header.descriptor, header) if frame.header else ""


def descriptor_unit(desc, header=None) -> str:
    modality = (desc.modality or "").upper()
    rescale = (desc.rescale_type or "").upper()
    if rescale == "HU" or (modality == "CT" and rescale in ("", "US")):
        return "HU"
    if modality == "PT":
        units = str(header.get("Units", "")).upper() if header is not None else ""
        return {"BQML": "Bq/ml", "GML": "SUVbw", "CNTS": "counts"}.get(units, "")
    return ""


def geometric_values(m: Measurement, spacing: Spacing, aspect: tuple[float, float] | None = None,
                     notes: list | None = None) -> list[Value]:
    """``aspect``: an uncalibrated image's Pixel Aspect Ratio (vertical, horizontal); angles are the ones
    seen in its true proportions, lengths and areas still count stored pixels. An angle that has no value
    yet (an arm or a line of no length) is left out and ``notes`` says why."""
    notes = notes if notes is not None else []
    sx, sy = spacing.column, spacing.row
    length_unit, area_unit = _units(spacing)
    p = m.points
    k = m.kind
    if k is K.LENGTH:
        return [Value("length", shapes.distance(p[0], p[1], sx, sy), length_unit)]
    if k is K.POLYLINE:
        total = sum(shapes.distance(a, b, sx, sy) for a, b in zip(p, p[1:]))
        return [Value("length", total, length_unit)]
    ay = sy * aspect[0] / aspect[1] if aspect is not None and not spacing.calibrated else sy
    if k is K.ANGLE:
        if shapes.distance(p[1], p[0], sx, ay) == 0.0 or shapes.distance(p[1], p[2], sx, ay) == 0.0:
            second = shapes.distance(p[1], p[0], sx, ay) > 0.0
            notes.append(msg("angle: draw its second side") if second else msg("angle: its first side has no length"))
            return []
        return [Value("angle", shapes.vertex_angle(p[0], p[1], p[2], sx, ay), "°")]
    if k is K.COBB:
        return _cobb(p, sx, ay, notes)
    if k is K.BIDIRECTIONAL:
        a = shapes.distance(p[0], p[1], sx, sy)
        b = shapes.distance(p[2], p[3], sx, sy)
        # In stroke order (the SR writer ties each value to its stroke); the longer one is the long axis.
        first, second = ("long_axis", "short_axis") if a >= b else ("short_axis", "long_axis")
        return [Value(first, a, length_unit), Value(second, b, length_unit)]
    if k is K.ELLIPSE:
        return [Value("area", shapes.ellipse_area(p) * sx * sy, area_unit)]
    if k is K.RECTANGLE:
        return [Value("area", shapes.polygon_area(shapes.rectangle_corners(p[0], p[1])) * sx * sy, area_unit)]
    if k in (K.POLYGON, K.FREEHAND):
        return [Value("area", shapes.polygon_area(p) * sx * sy, area_unit)]
    return []


def _cobb(p, sx: float, sy: float, notes: list) -> list[Value]:
    """The Cobb angle between the two lines; a line of no length (a click, not a stroke) has no direction."""
    if shapes.distance(p[0], p[1], sx, sy) == 0.0:
        notes.append(msg("Cobb angle: the first line has no length"))
        return []
    if shapes.distance(p[2], p[3], sx, sy) == 0.0:
        notes.append(msg("Cobb angle: draw the second line"))
        return []
    angle = shapes.lines_angle(p[0], p[1], p[2], p[3], sx, sy)
    if angle < 0.005:  # what the reader sees as 0,00°: say it is meant
        notes.append(msg("parallel lines: the Cobb angle is 0°"))
    return [Value("angle", angle, "°")]


def finite_only(values: list[Value], notes: list) -> tuple[Value, ...]:
    """The values that are numbers: NaN or infinity never reaches a label, a list, an SR or the CLI."""
    kept = tuple(v for v in values if math.isfinite(v.value))
    if len(kept) < len(values):
        notes.append(msg("{n} {n:value is|values are} not a number and {n:is|are} not shown",
                         n=len(values) - len(kept)))
    return kept


def roi_mask(m: Measurement, shape: tuple[int, int]) -> np.ndarray:
    """Pixels of the frame inside the ROI (centre rule), as a boolean (rows, cols) array."""
    if m.kind is K.ELLIPSE:
        return shapes.ellipse_mask(m.points, shape)
    if m.kind is K.RECTANGLE:
        return shapes.polygon_mask(shapes.rectangle_corners(m.points[0], m.points[1]), shape)
    if m.kind in (K.POLYGON, K.FREEHAND):
        return shapes.polygon_mask(m.points, shape)
    raise ValueError(f"{m.kind.value} has no region")


def _values_image(frame: LoadedFrame) -> tuple[np.ndarray, np.ndarray | None, str]:
    """Modality values (2-D float) and the padding mask; colour images give their luminance."""
    desc = frame.header.descriptor
    stored = np.asarray(frame.stored)
    if stored.ndim == 3:
        rgb = stored[..., :3].astype(np.float64)
        return rgb @ np.array([0.299, 0.587, 0.114]), None, msg("colour image: statistics of luminance (Y)")
    return to_modality(stored, desc).astype(np.float64), padding_mask(stored, desc), ""


def compute(m: Measurement, frame: LoadedFrame, header=None) -> MeasurementResult:
    """All values of ``m`` on ``frame`` (the frame ``m.image`` refers to). ``header``: the file's
    dataset when the caller has it (else read from ``frame.ref.path``, without pixels)."""
    if header is None:
        header = read_header(frame.ref.path)
    spacing = frame_spacing(frame, header)
    messages: list[str] = []
    values = geometric_values(m, spacing, frame.header.pixel_aspect if frame.header is not None else None, messages)
    if not spacing.calibrated and values and m.kind not in (K.ANGLE, K.COBB):
        messages.append(msg("no pixel spacing in the header: lengths and areas in pixels"))
    count = 0
    if m.kind.is_roi or m.kind is K.PROBE:
        if frame.stored is None or frame.header is None:
            messages.append(msg("pixel values unavailable: {why}", why=frame.error or msg("frame not loaded")))
        else:
            image, padding, note = _values_image(frame)
            if note:
                messages.append(note)
            unit = "" if note else modality_unit(frame, header)
            factor = suv_factor(frame.header.descriptor, header, unit, messages)
            if m.kind is K.PROBE:
                values += _probe(m, image, unit, factor, messages)
            else:
                stats, count = _stats(m, image, padding, unit, factor, messages)
                values += stats
    return MeasurementResult(finite_only(values, messages), spacing.label, tuple(messages), count)


def suv_factor(desc, header, unit: str, messages: list) -> float | None:
    """The SUVbw factor of PET values (its caveat or why-not added to ``messages``), else None."""
    if header is None or (desc.modality or "").upper() != "PT":
        return None
    suv = suv_bw_factor(header)
    if suv.message:
        messages.append(suv.message)
    # Every factor applies to the rescaled values (Bq/ml, or Philips counts); GML already is SUV.
    return suv.factor if unit in ("Bq/ml", "counts") else None


def _probe(m: Measurement, image: np.ndarray, unit: str, factor: float | None, messages: list) -> list[Value]:
    x, y = m.points[0]
    c, r = int(math.floor(x)), int(math.floor(y))
    if not (0 <= r < image.shape[0] and 0 <= c < image.shape[1]):
        messages.append(msg("the probe is outside the image"))
        return []
    v = float(image[r, c])
    if not math.isfinite(v):  # a float image (parametric map, PET) may store NaN where it has no value
        messages.append(msg("the pixel under the probe has no value (not a number in the file)"))
        return []
    out = [Value("value", v, unit)]
    if factor is not None:
        out.append(Value("suv", v * factor, "SUVbw"))
    return out


def _stats(m, image, padding, unit, factor, messages) -> tuple[list[Value], int]:
    mask = roi_mask(m, image.shape[:2])
    if padding is not None:
        mask &= ~padding
    numbers = np.isfinite(image)
    blank = int((mask & ~numbers).sum())
    if blank:
        mask &= numbers
        messages.append(msg("{n} {n:pixel has|pixels have} no value (not a number in the file) and {n:is|are} left out",
                            n=blank))
    count = int(mask.sum())
    if count == 0:
        messages.append(msg("the region contains no pixel centre"))
        return [], 0
    v = image[mask]
    mean, std, lo, hi = float(v.mean()), float(v.std()), float(v.min()), float(v.max())
    out = [Value("mean", mean, unit), Value("std", std, unit), Value("min", lo, unit), Value("max", hi, unit)]
    if factor is not None:
        out += [
            Value("suv_mean", mean * factor, "SUVbw"),
            Value("suv_std", std * factor, "SUVbw"),
            Value("suv_min", lo * factor, "SUVbw"),
            Value("suv_max", hi * factor, "SUVbw"),
        ]
    return out, count
