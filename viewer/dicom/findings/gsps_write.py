"""Annotations and window/level -> Grayscale Softcopy Presentation States, built with highdicom.

Every measurement and annotation is drawn as graphic objects (PIXEL units) plus a text object with its
value, so any GSPS-capable viewer shows it. Each measurement is one Graphic Group whose description is
``cauri:<kind>:<uuid>``: Cauri reads its own drawings back as the same tool, others see plain graphics.

One GSPS applies a single Modality LUT and Displayed Area to all the images it references, so images
are grouped into one presentation state per (series, matrix size, rescale) -- a PET series whose slices
each have their own Rescale Slope gets one per slice. Colour images are left out (a grayscale
presentation state cannot reference them); the caller is told which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Mapping, Sequence

import numpy as np
from highdicom import ModalityLUTTransformation, PresentationLUTTransformation, ReferencedImageSequence
from highdicom.pr import (
    GraphicAnnotation,
    GraphicGroup,
    GraphicLayer,
    GraphicObject,
    GrayscaleSoftcopyPresentationState,
    SoftcopyVOILUTTransformation,
    TextObject,
)
from pydicom.dataset import Dataset

from viewer.dicom.findings.common import (
    KIND_PREFIX,
    MANUFACTURER,
    MODEL_NAME,
    SOFTWARE_VERSION,
    is_multiframe,
)
from viewer.dicom.findings.records import ImageRef, Measurement
from viewer.dicom.findings.records import MeasurementKind as K
from viewer.dicom.geometry import pixel_calibration
from viewer.dicom.pixels import Window

LAYER = "CAURI"


@dataclass(frozen=True)
class GspsPlan:
    """One presentation state to write: its images (header datasets) and what goes on them."""

    headers: tuple[Dataset, ...]
    annotations: tuple[Measurement, ...]
    windows: tuple[tuple[ImageRef, Window], ...]


def group_key(ds: Dataset) -> tuple:
    multi = ds.SOPInstanceUID if is_multiframe(ds) else ""
    return (
        ds.SeriesInstanceUID,
        int(ds.Rows),
        int(ds.Columns),
        str(ds.get("RescaleSlope", "")),
        str(ds.get("RescaleIntercept", "")),
        str(ds.get("RescaleType", "")),
        multi,
        _inverted(ds),
    )


def _inverted(ds: Dataset) -> bool:
    """Whether the image is seen with low values white: a GSPS replaces that inversion with its own
    Presentation LUT Shape, so it must say INVERSE for these (PS3.4 N.2.1.1)."""
    shape = str(ds.get("PresentationLUTShape", "") or "").strip().upper()
    return str(ds.get("PhotometricInterpretation", "")).strip().upper() == "MONOCHROME1" or shape == "INVERSE"


def plan_presentation_states(
    annotations: Sequence[Measurement],
    windows: Mapping[ImageRef, Window],
    headers: Mapping[str, Dataset],
) -> tuple[list[GspsPlan], list[str]]:
    """Group the work into GSPS-sized pieces; second value: SOP UIDs skipped (colour images)."""
    skipped: list[str] = []
    groups: dict[tuple, dict] = {}

    def bucket(sop: str):
        ds = headers[sop]
        if int(ds.get("SamplesPerPixel", 1) or 1) != 1:
            if sop not in skipped:
                skipped.append(sop)
            return None
        g = groups.setdefault(group_key(ds), {"headers": {}, "annotations": [], "windows": []})
        g["headers"][sop] = ds
        return g

    for m in annotations:
        g = bucket(m.image.sop_uid)
        if g is not None:
            g["annotations"].append(m)
    for ref, window in windows.items():
        g = bucket(ref.sop_uid)
        if g is not None:
            g["windows"].append((ref, window))
    plans = [
        GspsPlan(tuple(g["headers"].values()), tuple(g["annotations"]), tuple(g["windows"]))
        for g in groups.values()
    ]
    return plans, skipped


def _clip(points, ds: Dataset) -> np.ndarray:
    # PIXEL-unit graphics must lie within the image; a handle dragged past the edge is pulled back.
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    p[:, 0] = np.clip(p[:, 0], 0.0, float(ds.Columns))
    p[:, 1] = np.clip(p[:, 1], 0.0, float(ds.Rows))
    return p


def _arrow_head(tail, head) -> list[tuple[float, float]]:
    dx, dy = head[0] - tail[0], head[1] - tail[1]
    length = math.hypot(dx, dy) or 1.0
    size = max(4.0, min(20.0, length * 0.2))
    ux, uy = dx / length, dy / length
    out = []
    for sign in (1.0, -1.0):
        a = math.radians(150.0 * sign)
        out.append((head[0] + (ux * math.cos(a) - uy * math.sin(a)) * size, head[1] + (ux * math.sin(a) + uy * math.cos(a)) * size))
    return [out[0], tuple(head), out[1]]


def _graphics(m: Measurement, ds: Dataset, group: GraphicGroup) -> list[GraphicObject]:
    p = list(m.points)
    k = m.kind

    def obj(kind: str, pts) -> GraphicObject:
        return GraphicObject(kind, _clip(pts, ds), "PIXEL", graphic_group=group)

    if k in (K.LENGTH, K.ANGLE, K.POLYLINE):
        return [obj("POLYLINE", p)]
    if k in (K.COBB, K.BIDIRECTIONAL):
        return [obj("POLYLINE", p[:2]), obj("POLYLINE", p[2:])]
    if k is K.ELLIPSE:
        return [obj("ELLIPSE", p)]
    if k is K.RECTANGLE:
        (x0, y0), (x1, y1) = p
        return [obj("POLYLINE", [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])]
    if k in (K.POLYGON, K.FREEHAND):
        return [obj("POLYLINE", p + p[:1])]
    if k in (K.PROBE, K.POINT):
        return [obj("POINT", p[:1])]
    if k is K.ARROW:
        return [obj("POLYLINE", p), obj("POLYLINE", _arrow_head(p[0], p[1]))]
    return []


def _text(m: Measurement, ds: Dataset, text: str, group: GraphicGroup) -> TextObject | None:
    if not text:
        return None
    anchor = _clip([m.points[-1]] if m.points else [(0.0, 0.0)], ds)[0]
    return TextObject(
        text_value=text[:1024],
        units="PIXEL",
        anchor_point=(float(anchor[0]), float(anchor[1])),
        anchor_point_visible=False,
        graphic_group=group,
    )


def build_presentation_state(
    plan: GspsPlan,
    series_uid: str,
    series_number: int,
    sop_uid: str,
    instance_number: int,
    describe: Callable[[Measurement], str],
    label: str = "CAURI",
    description: str = "Cauri annotations",
) -> GrayscaleSoftcopyPresentationState:
    """``describe(m)``: the text shown next to ``m`` (its value, or the text of a TEXT annotation)."""
    by_sop = {ds.SOPInstanceUID: ds for ds in plan.headers}
    layer = GraphicLayer(layer_name=LAYER, order=1, description="Cauri measurements and annotations")
    groups: list[GraphicGroup] = []
    per_image: dict[tuple[str, int], tuple[list, list]] = {}
    for i, m in enumerate(plan.annotations, start=1):
        ds = by_sop[m.image.sop_uid]
        group = GraphicGroup(graphic_group_id=i, label=(m.label or m.kind.title)[:64], description=f"{KIND_PREFIX}{m.kind.value}:{m.id}")
        groups.append(group)
        graphics, texts = per_image.setdefault((m.image.sop_uid, m.image.frame_index), ([], []))
        graphics += _graphics(m, ds, group)
        text = _text(m, ds, describe(m), group)
        if text is not None:
            texts.append(text)
    annotations = []
    for (sop, frame_index), (graphics, texts) in per_image.items():
        ds = by_sop[sop]
        annotations.append(
            GraphicAnnotation(
                referenced_images=[ds],
                graphic_layer=layer,
                referenced_frame_number=frame_index + 1 if is_multiframe(ds) else None,
                graphic_objects=graphics or None,
                text_objects=texts or None,
            )
        )
    voi = _voi(plan)  # always given: see _header_window
    ps = GrayscaleSoftcopyPresentationState(
        referenced_images=list(plan.headers),
        series_instance_uid=series_uid,
        series_number=series_number,
        sop_instance_uid=sop_uid,
        instance_number=instance_number,
        manufacturer=MANUFACTURER,
        manufacturer_model_name=MODEL_NAME,
        software_versions=SOFTWARE_VERSION,
        device_serial_number="",
        content_label=label,
        content_description=description,
        graphic_annotations=annotations or None,
        graphic_layers=[layer] if annotations else None,
        graphic_groups=groups or None,
        voi_lut_transformations=voi,
        modality_lut_transformation=_classic_multiframe_rescale(plan),
        presentation_lut_transformation=PresentationLUTTransformation(
            presentation_lut_shape="INVERSE" if _inverted(plan.headers[0]) else "IDENTITY"
        ),
        series_description="Cauri presentation states",
    )
    # General Series Laterality is Type 2C for a PR and highdicom leaves it out; dciodvfy counts its
    # absence as an error. Take the images' own laterality when they agree, else present and empty.
    sides = {str(ds.get("Laterality") or ds.get("ImageLaterality") or "") for ds in plan.headers}
    side = sides.pop() if len(sides) == 1 else ""
    ps.Laterality = side if side in ("R", "L") else ""
    _write_pixel_aspect(ps, plan.headers)
    return ps


def _write_pixel_aspect(ps: Dataset, headers: Sequence[Dataset]) -> None:
    """highdicom writes Presentation Pixel Aspect Ratio 1\\1 whatever the images; PS3.3 C.10.4 means their
    real proportions, and a reader that follows it would squash 0.5 x 1 mm pixels. The images' own ratio
    is written when they all agree (a ratio only: a Presentation Pixel Spacing would claim a calibration)."""
    ratios = {_pixel_aspect(ds) for ds in headers}
    if len(ratios) != 1:
        return
    ratio = list(ratios.pop())
    for item in ps.get("DisplayedAreaSelectionSequence") or []:
        item.PresentationPixelAspectRatio = ratio


def _pixel_aspect(ds: Dataset) -> tuple[int, int]:
    """(vertical, horizontal) integers of an image's pixel proportions: its spacing, else its Pixel
    Aspect Ratio, else square."""
    cal = pixel_calibration(ds, 0)
    try:
        if cal.calibrated:
            ratio = Fraction(cal.row_spacing / cal.column_spacing)
        else:
            vertical, horizontal = (float(v) for v in ds.get("PixelAspectRatio"))
            ratio = Fraction(vertical / horizontal)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):  # absent, text, 0, inf
        return 1, 1
    if not ratio > 0:
        return 1, 1
    ratio = ratio.limit_denominator(1000)
    return ratio.numerator, ratio.denominator


def _classic_multiframe_rescale(plan: GspsPlan) -> ModalityLUTTransformation | None:
    """highdicom reads a multi-frame image's rescale from its functional groups only; classic
    multi-frame images (secondary capture, XA, US) keep it at the top level, or have none (identity)."""
    ds = plan.headers[0]
    if not is_multiframe(ds) or "SharedFunctionalGroupsSequence" in ds:
        return None
    if "RescaleSlope" in ds or "RescaleIntercept" in ds:
        return ModalityLUTTransformation(
            rescale_intercept=float(ds.get("RescaleIntercept", 0) or 0),
            rescale_slope=float(ds.get("RescaleSlope", 1) or 1),
            rescale_type=str(ds.get("RescaleType", "") or "US"),
        )
    return ModalityLUTTransformation(rescale_intercept=0.0, rescale_slope=1.0, rescale_type="US")


def _header_window(ds: Dataset) -> tuple[float, float, str]:
    """The image's own first window, else its full modality range: what it shows without this GSPS.
    A GSPS VOI applies to the images it references and identity to the others, so every image gets
    an item (and highdicom's own fallback, which expects functional groups on multi-frame images, is
    never reached)."""
    def first(v):
        return float(v[0]) if hasattr(v, "__len__") and not isinstance(v, str) else float(v)

    try:
        if "WindowCenter" in ds and "WindowWidth" in ds:
            function = str(ds.get("VOILUTFunction", "LINEAR") or "LINEAR").upper()
            return first(ds.WindowCenter), max(first(ds.WindowWidth), 1.0), function
    except (TypeError, ValueError, IndexError):
        pass
    bits = int(ds.get("BitsStored", 16) or 16)
    signed = int(ds.get("PixelRepresentation", 0) or 0) == 1
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    slope = float(ds.get("RescaleSlope", 1) or 1)
    intercept = float(ds.get("RescaleIntercept", 0) or 0)
    a, b = sorted((lo * slope + intercept, hi * slope + intercept))
    return (a + b) / 2.0, max(b - a, 1.0), "LINEAR"


def _voi(plan: GspsPlan) -> list[SoftcopyVOILUTTransformation]:
    """One VOI item per distinct window, referencing the images (and frames) it applies to."""
    by_sop = {ds.SOPInstanceUID: ds for ds in plan.headers}
    chosen: dict[tuple[str, int | None], tuple[float, float, str]] = {}
    for ref, w in plan.windows:
        frame = ref.frame_number if is_multiframe(by_sop[ref.sop_uid]) else None
        chosen[(ref.sop_uid, frame)] = (float(w.center), max(float(w.width), 1e-6), (w.function or "LINEAR").upper())
    for ds in plan.headers:
        frames = range(1, int(ds.NumberOfFrames) + 1) if is_multiframe(ds) else [None]
        default = None
        for f in frames:
            if (ds.SOPInstanceUID, f) not in chosen:
                default = default or _header_window(ds)
                chosen[(ds.SOPInstanceUID, f)] = default
    by_window: dict[tuple, dict[str, list]] = {}
    for (sop, frame), key in chosen.items():
        key = (round(key[0], 6), round(key[1], 6), key[2] if key[2] in ("LINEAR", "LINEAR_EXACT", "SIGMOID") else "LINEAR")
        frames = by_window.setdefault(key, {}).setdefault(sop, [])
        if frame is not None:
            frames.append(frame)
    out = []
    for (center, width, function), sops in by_window.items():
        for images, frames in _reference_batches(sops, by_sop):
            out.append(
                SoftcopyVOILUTTransformation(
                    window_center=center,
                    window_width=width,
                    voi_lut_function=function,
                    referenced_images=ReferencedImageSequence(referenced_images=images, referenced_frame_number=frames),
                )
            )
    return out


def _reference_batches(sops: dict[str, list], by_sop: dict):
    """Single-frame images together; a multi-frame image alone with its frames (all frames: none listed)."""
    singles = [by_sop[s] for s, frames in sops.items() if not frames]
    if singles:
        yield singles, None
    for sop, frames in sops.items():
        if frames:
            ds = by_sop[sop]
            yield [ds], None if len(frames) == int(ds.NumberOfFrames) else sorted(frames)
