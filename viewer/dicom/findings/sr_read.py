"""TID 1500 measurement groups of any SR (Cauri, highdicom, dcmjs/OHIF, vendors) -> ``Measurement``s.

The content tree is walked with pydicom rather than highdicom's strict template parsers, so documents
that bend TID 1500 a little still give their numbers. Every Measurement Group (DCM 125007) becomes one
or more measurements tied to the image their coordinates (or source image) reference:
- a TID 1410 group: its Image Region outline with all its values;
- a TID 1501 group: one measurement per coordinates item its values are INFERRED FROM (long and short
  axis together make a bidirectional, two lines under an angle a Cobb angle); values with only a
  source image become a ``VALUE`` measurement on that image.
The tool is the 99CAURI Measurement Method when present, else inferred from the concept and graphic.
3-D coordinates (SCOORD3D, patient mm in a Frame of Reference: measurements made on MPR planes) give
plane measurements (``Measurement.plane``) whose image is left empty: the cache knows which series holds
that Frame of Reference (``findings_io`` fills it in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from pydicom.dataset import Dataset

from viewer.core.messages import msg
from viewer.dicom.findings import codes as cc
from viewer.dicom.findings.common import (
    code_of,
    content_datetime,
    first_int,
    id_for_uid,
)
from viewer.dicom.findings.plane3d import plane_from_patient
from viewer.dicom.findings.records import (
    ImageRef,
    Measurement,
    Source,
    Value,
    ellipse_from_circle,
)
from viewer.dicom.findings.records import (
    MeasurementKind as K,
)

MEASUREMENT_GROUP = ("DCM", "125007")
TRACKING_ID = ("DCM", "112039")
TRACKING_UID = ("DCM", "112040")
METHOD = ("SCT", "370129005")
DERIVATION = ("DCM", "121401")
IMAGE_REGION = ("DCM", "111030")

SeriesLookup = Callable[[str], str | None]


@dataclass
class _Coords:
    graphic_type: str
    points: list[tuple[float, ...]]  # (column, row), or (x, y, z) patient mm for SCOORD3D
    sop_uid: str
    frame_index: int
    frame_of_reference: str = ""  # SCOORD3D only


@dataclass
class _Group:
    tracking_id: str = ""
    tracking_uid: str = ""
    method: K | None = None
    region: _Coords | None = None
    numbers: list[tuple[Value, list[_Coords]]] = field(default_factory=list)
    images: list[tuple[str, int]] = field(default_factory=list)  # (sop uid, frame index) sources
    three_d: bool = False  # a volumetric group (TID 1411) or 3-D region: not on one image


def _concept(item: Dataset) -> tuple[str, str]:
    scheme, value, _ = code_of(item.get("ConceptNameCodeSequence"))
    return (scheme, value)


def _image_of(item: Dataset) -> tuple[str, int] | None:
    refs = item.get("ReferencedSOPSequence")
    if not refs:
        return None
    ref = refs[0]
    frame = first_int(ref.get("ReferencedFrameNumber")) or 1
    return (str(ref.ReferencedSOPInstanceUID), max(0, frame - 1))


def _coords(item: Dataset) -> _Coords | None:
    data = [float(v) for v in (item.get("GraphicData") or [])]
    points = [(data[i], data[i + 1]) for i in range(0, len(data) - 1, 2)]
    source = None
    for child in item.get("ContentSequence") or []:
        if child.get("ValueType") in ("IMAGE", "COMPOSITE"):
            source = _image_of(child)
            break
    if source is None or not points:
        return None
    return _Coords(str(item.get("GraphicType", "")).upper(), points, source[0], source[1])


def _coords3d(item: Dataset) -> _Coords | None:
    data = [float(v) for v in (item.get("GraphicData") or [])]
    points = [tuple(data[i : i + 3]) for i in range(0, len(data) - 2, 3)]
    uid = str(item.get("ReferencedFrameOfReferenceUID", "") or "")
    if not points or not uid:
        return None
    kind = str(item.get("GraphicType", "")).upper()
    # A 3-D POLYGON is closed by definition; the 2-D readers know closed POLYLINEs.
    if kind == "POLYGON" and points[0] != points[-1]:
        points.append(points[0])
    return _Coords("POLYLINE" if kind == "POLYGON" else kind, points, "", 0, uid)


def _number(item: Dataset) -> tuple[Value | None, list[_Coords], str, tuple[str, int] | None, bool]:
    """(value, its coordinates, derivation, its source image, had 3-D coordinates)."""
    measured = item.get("MeasuredValueSequence")
    coords: list[_Coords] = []
    derivation = ""
    source = None
    three_d = False
    for child in item.get("ContentSequence") or []:
        vt = child.get("ValueType")
        if vt == "SCOORD":
            c = _coords(child)
            if c is not None:
                coords.append(c)
        elif vt == "SCOORD3D":
            c = _coords3d(child)
            if c is not None:
                coords.append(c)
            else:
                three_d = True
        elif vt == "CODE" and _concept(child) == DERIVATION:
            scheme, value, meaning = code_of(child.get("ConceptCodeSequence"))
            derivation = cc.value_name(scheme, value, meaning, "")
        elif vt in ("IMAGE", "COMPOSITE") and source is None:
            source = _image_of(child)
    if not measured:
        return None, coords, derivation, source, three_d
    mv = measured[0]
    try:
        number = float(mv.NumericValue)
    except (AttributeError, TypeError, ValueError):
        return None, coords, derivation, source, three_d
    _, unit_code, _ = code_of(mv.get("MeasurementUnitsCodeSequence"))
    unit = cc.unit_from_code(unit_code)
    scheme, value, meaning = code_of(item.get("ConceptNameCodeSequence"))
    name = cc.value_name(scheme, value, meaning, unit, derivation)
    return Value(name, number, unit, meaning), coords, derivation, source, three_d


def _read_group(container: Dataset, problems: list[str]) -> _Group:
    g = _Group()
    for item in container.get("ContentSequence") or []:
        vt = item.get("ValueType")
        concept = _concept(item)
        if vt == "TEXT" and concept == TRACKING_ID:
            g.tracking_id = str(item.get("TextValue", ""))
        elif vt == "UIDREF" and concept == TRACKING_UID:
            g.tracking_uid = str(item.get("UID", ""))
        elif vt == "CODE" and concept == METHOD:
            scheme, value, _ = code_of(item.get("ConceptCodeSequence"))
            g.method = cc.kind_from_method(value, scheme)
        elif vt == "SCOORD" and concept == IMAGE_REGION:
            g.region = _coords(item)
        elif vt == "SCOORD3D":
            region = _coords3d(item) if concept == IMAGE_REGION else None
            if region is not None:
                g.region = region
            else:
                g.three_d = True  # a volume surface or a point without its Frame of Reference
        elif vt in ("IMAGE", "COMPOSITE"):
            found = _image_of(item)
            if found:
                g.images.append(found)
        elif vt == "NUM":
            value, coords, _, source, three_d = _number(item)
            if three_d and not coords:
                problems.append(msg("a measurement with 3-D coordinates was skipped"))
                continue
            if value is not None:
                g.numbers.append((value, coords))
                if source:
                    g.images.append(source)
    return g


def _closed(points) -> bool:
    return len(points) >= 4 and points[0] == points[-1]


def _region_shape(c: _Coords, method: K | None, region: bool = False) -> tuple[K, list]:
    """``region``: the coordinates are an Image Region (TID 1410), so any polyline of 3 or more points
    outlines an area, closed or not (highdicom's own example leaves it open)."""
    pts = list(c.points)
    if region and c.graphic_type in ("POLYLINE", "INTERPOLATED") and len(pts) >= 3 and not _closed(pts):
        pts = pts + pts[:1]
    if c.graphic_type == "ELLIPSE" and len(pts) == 4:
        return K.ELLIPSE, pts
    if c.graphic_type == "CIRCLE" and len(pts) == 2:
        return K.ELLIPSE, list(ellipse_from_circle(pts[0], pts[1]))
    if c.graphic_type in ("POLYLINE", "INTERPOLATED") and _closed(pts):
        ring = pts[:-1]
        if method is K.RECTANGLE and len(ring) == 4:
            # In 3-D two corners do not fix the rectangle's sides: all four go to the plane builder.
            return K.RECTANGLE, ring if len(ring[0]) == 3 else [ring[0], ring[2]]
        if method is K.FREEHAND or c.graphic_type == "INTERPOLATED":
            return K.FREEHAND, ring
        return K.POLYGON, ring
    if c.graphic_type == "POINT" and pts:
        return K.PROBE if method is K.PROBE else K.POINT, pts[:1]
    if len(pts) == 2 and c.graphic_type == "POLYLINE":
        return K.LENGTH, pts
    return K.POLYLINE, pts if len(pts) >= 2 else pts * 2


def _line_shape(values: list[Value], coords: list[_Coords], method: K | None) -> tuple[K, list]:
    names = {v.name for v in values}
    pts = [p for c in coords for p in c.points]
    lines = [c for c in coords if c.graphic_type == "POLYLINE"]
    if method in (K.LENGTH, K.ANGLE, K.COBB, K.BIDIRECTIONAL, K.PROBE):
        want = {K.LENGTH: 2, K.ANGLE: 3, K.COBB: 4, K.BIDIRECTIONAL: 4, K.PROBE: 1}[method]
        if len(pts) == want:
            return method, pts
    if "angle" in names and len(lines) == 2 and all(len(c.points) == 2 for c in lines):
        return K.COBB, pts
    if "angle" in names and len(pts) == 3:
        return K.ANGLE, pts
    if len(coords) == 1:
        return _region_shape(coords[0], method)
    return K.POLYLINE, pts


def _measurements_of(g: _Group, ds: Dataset, series_of: SeriesLookup, created: str, source_uid: str) -> list[Measurement]:
    study = str(ds.get("StudyInstanceUID", ""))
    out: list[Measurement] = []

    def make(kind: K, points, sop: str, frame: int, values, salt: str, frame_of_reference: str = "") -> None:
        label = g.tracking_id
        if g.method is not None and label == kind.title:
            label = ""  # Cauri writes the tool name when the user gave no label
        base = g.tracking_uid or f"{source_uid}/{len(out)}"
        mid = id_for_uid(base, salt)
        ref = ImageRef(study, series_of(sop) or "", sop, frame)
        plane = None
        try:
            if frame_of_reference:
                plane, points = plane_from_patient(kind, points, frame_of_reference)
            out.append(
                Measurement(kind, tuple(points), ref, label, id=mid, created=created, source=Source.SR,
                            source_uid=source_uid, reported=tuple(values), plane=plane)
            )
        except ValueError:
            pass  # a shape with the wrong number of points for its tool: not drawable

    if g.three_d and g.region is None:
        return out
    if g.region is not None:
        kind, pts = _region_shape(g.region, g.method, region=True)
        make(kind, pts, g.region.sop_uid, g.region.frame_index, [v for v, _ in g.numbers], "", g.region.frame_of_reference)
        return out
    # TID 1501: values grouped by the coordinates they were inferred from.
    with_coords = [(v, c) for v, c in g.numbers if c]
    if with_coords and g.method is not None:
        # A Cauri group holds one tool: all its values share (or split) the same strokes.
        coords = _distinct(c for _, cs in with_coords for c in cs)
        kind, pts = _line_shape([v for v, _ in with_coords], coords, g.method)
        make(kind, pts, coords[0].sop_uid, coords[0].frame_index, [v for v, _ in with_coords], "", coords[0].frame_of_reference)
    elif with_coords:
        axes = [(v, c) for v, c in with_coords if v.name in ("long_axis", "short_axis")]
        if sorted(v.name for v, _ in axes) == ["long_axis", "short_axis"]:
            axes.sort(key=lambda vc: vc[0].name != "long_axis")
            pts = [p for _, cs in axes for c in cs for p in c.points]
            if len(pts) == 4:
                c0 = axes[0][1][0]
                make(K.BIDIRECTIONAL, pts, c0.sop_uid, c0.frame_index, [v for v, _ in axes], "", c0.frame_of_reference)
                with_coords = [vc for vc in with_coords if all(vc is not a for a in axes)]
        buckets: dict[tuple, tuple[list[Value], list[_Coords]]] = {}
        for v, cs in with_coords:
            key = tuple(_key(c) for c in cs)
            buckets.setdefault(key, ([], cs))[0].append(v)
        for values, cs in buckets.values():
            kind, pts = _line_shape(values, cs, None)
            make(kind, pts, cs[0].sop_uid, cs[0].frame_index, values, f"#{len(out)}" if out else "", cs[0].frame_of_reference)
    loose = [v for v, c in g.numbers if not c]
    if loose and g.images:
        sop, frame = g.images[0]
        make(K.VALUE, (), sop, frame, loose, "#values" if out else "")
    return out


def _key(c: _Coords) -> tuple:
    return (c.graphic_type, tuple(c.points), c.sop_uid, c.frame_index, c.frame_of_reference)


def _distinct(coords) -> list[_Coords]:
    seen, out = set(), []
    for c in coords:
        if _key(c) not in seen:
            seen.add(_key(c))
            out.append(c)
    return out


def _groups(items, problems: list[str]):
    for item in items or []:
        if item.get("ValueType") == "CONTAINER":
            if _concept(item) == MEASUREMENT_GROUP:
                yield _read_group(item, problems)
            else:
                yield from _groups(item.get("ContentSequence"), problems)


def evidence_series(ds: Dataset) -> dict[str, str]:
    """SOP Instance UID -> Series Instance UID from the document's evidence sequences."""
    out: dict[str, str] = {}
    for seq in ("CurrentRequestedProcedureEvidenceSequence", "PertinentOtherEvidenceSequence", "ReferencedSeriesSequence"):
        for study in ds.get(seq) or []:
            series_items = study.get("ReferencedSeriesSequence") or ([study] if "SeriesInstanceUID" in study else [])
            for series in series_items:
                uid = str(series.get("SeriesInstanceUID", ""))
                for inst in list(series.get("ReferencedSOPSequence") or []) + list(series.get("ReferencedImageSequence") or []):
                    out[str(inst.ReferencedSOPInstanceUID)] = uid
    return out


def read_sr_measurements(ds: Dataset, series_of: SeriesLookup | None = None) -> tuple[list[Measurement], list[str]]:
    """Measurements of a TID 1500 (or any measurement-group) SR; second value: plain-language notes."""
    problems: list[str] = []
    known = evidence_series(ds)

    def lookup(sop: str) -> str | None:
        return known.get(sop) or (series_of(sop) if series_of else None)

    created = _iso(content_datetime(ds))
    source_uid = str(ds.get("SOPInstanceUID", ""))
    out: list[Measurement] = []
    for g in _groups(ds.get("ContentSequence"), problems):
        found = _measurements_of(g, ds, lookup, created, source_uid)
        if g.three_d and g.region is None:
            problems.append(msg("measurement group '{group}' has 3-D coordinates only; not drawn on an image",
                                group=g.tracking_id or "?"))
        elif not found and g.numbers:
            problems.append(msg("measurement group '{group}' references no image; not shown on images", group=g.tracking_id or "?"))
        out += found
    return out, problems


def _iso(dicom_dt: str) -> str:
    d = dicom_dt
    if len(d) >= 8 and d[:8].isdigit():
        t = d[8:14].ljust(6, "0")
        return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{t[0:2]}:{t[2:4]}:{t[4:6]}"
    return ""
