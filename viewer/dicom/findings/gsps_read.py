"""A Grayscale Softcopy Presentation State from any source -> ``PresentationState``.

Reads what a reading viewer needs: graphic and text annotations (PIXEL units, or DISPLAY units mapped
through the Displayed Area), window/level per image, display shutter, rotation/flip, displayed area
(``displayed_area``), presentation LUT shape. Graphic groups written by Cauri (``cauri:<kind>:<uuid>``) come back as the same tool with the
same id; other graphics map to the nearest tool (2-point line -> length, closed polyline -> polygon,
circle -> ellipse, ...) so their numbers can be shown too. ``frame_index`` -1 in an ``ImageRef`` of a
presentation state means "every frame" (a multi-frame image referenced without frame numbers).
"""

from __future__ import annotations

from pydicom.dataset import Dataset

from viewer.core.messages import msg
from viewer.dicom.findings.common import KIND_PREFIX, id_for_uid
from viewer.dicom.findings.displayed_area import read_area
from viewer.dicom.findings.records import (
    ImageRef,
    Measurement,
    PresentationState,
    Shutter,
    Source,
    ellipse_from_circle,
)
from viewer.dicom.findings.records import (
    MeasurementKind as K,
)
from viewer.dicom.findings.sr_read import SeriesLookup, evidence_series
from viewer.dicom.overlays import _read_overlay
from viewer.dicom.pixels import Window, _read_lut

ALL_FRAMES = -1


def _frames(item: Dataset) -> list[int]:
    value = item.get("ReferencedFrameNumber")
    if value is None or value == "":
        return [ALL_FRAMES]
    values = [value] if isinstance(value, (int, str)) else list(value)
    return [int(v) - 1 for v in values if str(v).strip()] or [ALL_FRAMES]


def _refs(seq, study: str, series_of) -> list[ImageRef]:
    out = []
    for item in seq or []:
        sop = str(item.get("ReferencedSOPInstanceUID", ""))
        for f in _frames(item):
            out.append(ImageRef(study, series_of(sop) or "", sop, f))
    return out


def _float(v, default: float = 0.0) -> float:
    try:
        if not isinstance(v, (int, float, str)):
            v = v[0]
        return float(v)
    except (TypeError, ValueError, IndexError):
        return default


def _points(obj: Dataset) -> list[tuple[float, float]]:
    data = [float(v) for v in (obj.get("GraphicData") or [])]
    return [(data[i], data[i + 1]) for i in range(0, len(data) - 1, 2)]


class _Display:
    """DISPLAY units are fractions of the displayed area as shown (after the rotation and flip, PS3.4 N.2);
    map them back to stored image pixels."""

    def __init__(self, ds: Dataset, areas: list) -> None:
        self.areas = areas  # [(referenced SOP UIDs, DisplayedArea)]
        self.quarters = int(_float(ds.get("ImageRotation"), 0.0)) // 90 % 4
        self.flip = str(ds.get("ImageHorizontalFlip", "N")).upper() == "Y"

    def to_pixels(self, pts, sop: str, rows: int | None, cols: int | None):
        area = next((a for sops, a in self.areas if not sops or sop in sops), None)
        if area is not None:
            left, top, right, bottom = area.corner_box()
        else:
            left, top, right, bottom = 0.0, 0.0, float(cols or 1), float(rows or 1)
        out = []
        for u, v in pts:
            if self.flip:
                u = 1.0 - u
            for _ in range(self.quarters):  # undo a quarter turn clockwise of the unit square
                u, v = v, 1.0 - u
            out.append((left + u * (right - left), top + v * (bottom - top)))
        return out


def _areas(ds: Dataset, study: str, series_of) -> tuple[list, list, list[str]]:
    """(targeted areas for the presentation state, [(SOP UIDs, area)] for DISPLAY units, notes)."""
    targeted, by_sop, notes = [], [], []
    for item in ds.get("DisplayedAreaSelectionSequence") or []:
        area, note = read_area(item)
        if note:
            notes.append(note)
        if area is None:
            continue
        refs = _refs(item.get("ReferencedImageSequence"), study, series_of)
        targeted += [(t, area) for t in refs or [None]]
        by_sop.append(({r.sop_uid for r in refs}, area))
    return targeted, by_sop, notes


def _foreign_shape(obj: Dataset) -> tuple[K, list] | None:
    kind = str(obj.get("GraphicType", "")).upper()
    pts = _points(obj)
    closed = len(pts) >= 4 and pts[0] == pts[-1]
    if kind == "POINT" and pts:
        return K.POINT, pts[:1]
    if kind == "CIRCLE" and len(pts) == 2:
        return K.ELLIPSE, list(ellipse_from_circle(pts[0], pts[1]))
    if kind == "ELLIPSE" and len(pts) == 4:
        return K.ELLIPSE, pts
    if kind in ("POLYLINE", "INTERPOLATED") and closed:
        return (K.FREEHAND if kind == "INTERPOLATED" else K.POLYGON), pts[:-1]
    if kind in ("POLYLINE", "INTERPOLATED") and len(pts) == 2:
        return K.LENGTH, pts
    if kind in ("POLYLINE", "INTERPOLATED", "MULTIPOINT") and len(pts) >= 2:
        return K.POLYLINE, pts
    return None


def _text_point(obj: Dataset) -> tuple[float, float] | None:
    anchor = obj.get("AnchorPoint")
    if anchor is not None and len(anchor) == 2:
        return (float(anchor[0]), float(anchor[1]))
    tl, br = obj.get("BoundingBoxTopLeftHandCorner"), obj.get("BoundingBoxBottomRightHandCorner")
    if tl is not None and br is not None:
        return ((float(tl[0]) + float(br[0])) / 2.0, (float(tl[1]) + float(br[1])) / 2.0)
    return None


def _cauri_shape(kind: K, graphics: list[Dataset], texts: list[Dataset]) -> list | None:
    lines = [_points(g) for g in graphics if str(g.get("GraphicType", "")).upper() == "POLYLINE"]
    other = [_points(g) for g in graphics if str(g.get("GraphicType", "")).upper() in ("ELLIPSE", "POINT")]
    if kind in (K.LENGTH, K.ANGLE, K.POLYLINE, K.ARROW) and lines:
        return lines[0]
    if kind in (K.COBB, K.BIDIRECTIONAL) and len(lines) >= 2:
        return lines[0] + lines[1]
    if kind is K.RECTANGLE and lines and len(lines[0]) == 5:
        return [lines[0][0], lines[0][2]]
    if kind in (K.POLYGON, K.FREEHAND) and lines:
        return lines[0][:-1]
    if kind in (K.ELLIPSE, K.PROBE, K.POINT) and other:
        return other[0]
    if kind is K.TEXT and texts:
        p = _text_point(texts[0])
        return [p] if p else None
    return None


def _shutter(ds: Dataset) -> Shutter | None:
    raw = ds.get("ShutterShape")
    values = [] if raw is None else [raw] if isinstance(raw, str) else list(raw)
    shapes = tuple(s.strip().upper() for v in values for s in str(v).split("\\") if s.strip())
    if not shapes:
        return None
    rect = circle = None
    polygon: tuple = ()
    try:
        if "RECTANGULAR" in shapes:
            rect = (
                float(ds.ShutterLeftVerticalEdge),
                float(ds.ShutterRightVerticalEdge),
                float(ds.ShutterUpperHorizontalEdge),
                float(ds.ShutterLowerHorizontalEdge),
            )
        if "CIRCULAR" in shapes:
            cr, cc = (float(v) for v in ds.CenterOfCircularShutter)
            circle = (cr, cc, float(ds.RadiusOfCircularShutter))
        if "POLYGONAL" in shapes:
            v = [float(x) for x in ds.VerticesOfThePolygonalShutter]
            polygon = tuple((v[i], v[i + 1]) for i in range(0, len(v) - 1, 2))
    except (AttributeError, TypeError, ValueError):
        return None
    bitmap, origin = None, (0, 0)
    if "BITMAP" in shapes:
        overlay = _bitmap(ds)
        if overlay is None:
            shapes = tuple(s for s in shapes if s != "BITMAP")
            if not shapes:
                return None
        else:
            bitmap, origin = overlay.bitmap, overlay.origin
    value = ds.get("ShutterPresentationValue")
    return Shutter(shapes, rect, circle, polygon, int(value) if value not in (None, "") else 0, bitmap, origin)


def _bitmap(ds: Dataset):
    """The overlay plane a BITMAP shutter names (Shutter Overlay Group), kept in the presentation state."""
    try:
        group = int(ds.get("ShutterOverlayGroup"))
        return _read_overlay(ds, group, 0) if 0x6000 <= group <= 0x601E and group % 2 == 0 else None
    except (TypeError, ValueError, KeyError):
        return None


def _windows(ds: Dataset, study: str, series_of) -> tuple[list, list, list[str]]:
    out, luts, notes = [], [], []
    for item in ds.get("SoftcopyVOILUTSequence") or []:
        targets = _refs(item.get("ReferencedImageSequence"), study, series_of) or [None]
        if "WindowCenter" in item and "WindowWidth" in item:
            explanation = item.get("WindowCenterWidthExplanation") or ""
            if not isinstance(explanation, str):
                explanation = str(explanation[0]) if len(explanation) else ""
            window = Window(
                _float(item.WindowCenter),
                max(_float(item.WindowWidth, 1.0), 1.0),
                explanation,
                str(item.get("VOILUTFunction", "LINEAR") or "LINEAR").upper(),
            )
            out += [(t, window) for t in targets]
        elif item.get("VOILUTSequence"):
            # Whether the first mapped value is signed depends on the image, not known here: resolved
            # when applied (``presentation.presentation_lut``).
            lut = _read_lut(item.VOILUTSequence[0], signed_input=False)
            if lut is None:
                notes.append(msg("a VOI LUT table in the presentation state is unreadable"))
            else:
                luts += [(t, lut) for t in targets]
    return out, luts, notes


def read_presentation_state(ds: Dataset, series_of: SeriesLookup | None = None) -> tuple[PresentationState, list[str]]:
    """The presentation state and plain-language notes about what could not be used."""
    known = evidence_series(ds)
    lookup = lambda sop: known.get(sop) or (series_of(sop) if series_of else None)  # noqa: E731
    study = str(ds.get("StudyInstanceUID", ""))
    sop_uid = str(ds.get("SOPInstanceUID", ""))
    images: list[ImageRef] = []
    sizes: dict[str, tuple[int | None, int | None]] = {}
    for series in ds.get("ReferencedSeriesSequence") or []:
        images += _refs(series.get("ReferencedImageSequence"), study, lambda _s, u=str(series.get("SeriesInstanceUID", "")): u)
    areas, area_sops, notes = _areas(ds, study, lookup)
    display = _Display(ds, area_sops)
    for area in ds.get("DisplayedAreaSelectionSequence") or []:
        br = area.get("DisplayedAreaBottomRightHandCorner")
        if br is not None:
            for r in area.get("ReferencedImageSequence") or [None]:
                sizes[str(r.ReferencedSOPInstanceUID) if r is not None else ""] = (int(br[1]), int(br[0]))
    groups = {int(g.GraphicGroupID): (str(g.get("GraphicGroupLabel", "")), str(g.get("GraphicGroupDescription", "")))
              for g in ds.get("GraphicGroupSequence") or [] if "GraphicGroupID" in g}
    annotations: list[Measurement] = []
    created = f"{ds.get('PresentationCreationDate', '')}{str(ds.get('PresentationCreationTime', '')).split('.')[0]}"
    counter = 0
    for ann in ds.get("GraphicAnnotationSequence") or []:
        targets = _refs(ann.get("ReferencedImageSequence"), study, lookup) or images
        for target in targets:
            rows, cols = sizes.get(target.sop_uid) or sizes.get("") or (None, None)

            def pixels(obj: Dataset, pts):
                if str(obj.get("GraphicAnnotationUnits", obj.get("BoundingBoxAnnotationUnits", obj.get("AnchorPointAnnotationUnits", "PIXEL")))).upper() == "DISPLAY":
                    return display.to_pixels(pts, target.sop_uid, rows, cols)
                return pts

            grouped: dict[int, tuple[list, list]] = {}
            loose_graphics, loose_texts = [], []
            for obj in ann.get("GraphicObjectSequence") or []:
                gid = obj.get("GraphicGroupID")
                if gid is not None and int(gid) in groups and groups[int(gid)][1].startswith(KIND_PREFIX):
                    grouped.setdefault(int(gid), ([], []))[0].append(obj)
                else:
                    loose_graphics.append(obj)
            for obj in ann.get("TextObjectSequence") or []:
                gid = obj.get("GraphicGroupID")
                if gid is not None and int(gid) in groups and groups[int(gid)][1].startswith(KIND_PREFIX):
                    grouped.setdefault(int(gid), ([], []))[1].append(obj)
                else:
                    loose_texts.append(obj)
            for gid, (graphics, texts) in grouped.items():
                label, description = groups[gid]
                _, kind_text, mid = (description.split(":", 2) + ["", ""])[:3]
                try:
                    kind = K(kind_text)
                except ValueError:
                    continue
                pts = _cauri_shape(kind, graphics, texts)
                if pts is None:
                    continue
                obj0 = graphics[0] if graphics else texts[0]
                pts = pixels(obj0, pts)
                if kind is K.TEXT:
                    label = str(texts[0].get("UnformattedTextValue", "")) if texts else label
                elif label == kind.title:
                    label = ""
                mid = mid if target == targets[0] else id_for_uid(mid, f"@{target.sop_uid}/{target.frame_index}")
                _add(annotations, kind, pts, target, label, mid, created, sop_uid)
            for obj in loose_graphics:
                shape = _foreign_shape(obj)
                counter += 1
                if shape is None:
                    notes.append(msg("graphic type {type} not shown", type=str(obj.get("GraphicType", "?"))))
                    continue
                kind, pts = shape
                _add(annotations, kind, pixels(obj, pts), target, "", id_for_uid(sop_uid, f"#{counter}"), created, sop_uid)
            for obj in loose_texts:
                counter += 1
                p = _text_point(obj)
                if p is None:
                    continue
                text = str(obj.get("UnformattedTextValue", ""))
                _add(annotations, K.TEXT, pixels(obj, [p]), target, text, id_for_uid(sop_uid, f"#{counter}"), created, sop_uid)
    windows, luts, window_notes = _windows(ds, study, lookup)
    notes += window_notes
    shutter = _shutter(ds)
    if "BITMAP" in str(ds.get("ShutterShape", "")).upper() and (shutter is None or shutter.bitmap is None):
        notes.append(msg("a bitmap display shutter without its overlay plane is not applied"))
    ps = PresentationState(
        sop_uid=sop_uid,
        series_uid=str(ds.get("SeriesInstanceUID", "")),
        label=str(ds.get("ContentLabel", "")),
        description=str(ds.get("ContentDescription", "")),
        created=created,
        images=tuple(images),
        annotations=tuple(annotations),
        windows=tuple(windows),
        luts=tuple(luts),
        rotation=int(_float(ds.get("ImageRotation"), 0.0)) % 360,
        flip_horizontal=str(ds.get("ImageHorizontalFlip", "N")).upper() == "Y",
        shutter=shutter,
        presentation_lut_shape=str(ds.get("PresentationLUTShape", "")),
        manufacturer=str(ds.get("Manufacturer", "")),
        areas=tuple(areas),
    )
    return ps, notes


def _add(out: list, kind: K, pts, target: ImageRef, label: str, mid: str, created: str, source_uid: str) -> None:
    try:
        out.append(
            Measurement(kind, tuple(pts), target if target.frame_index >= 0 else ImageRef(target.study_uid, target.series_uid, target.sop_uid, 0),
                        label, id=mid, created=_iso(created), source=Source.GSPS, source_uid=source_uid)
        )
    except ValueError:
        pass


def _iso(d: str) -> str:
    if len(d) >= 8 and d[:8].isdigit():
        t = d[8:14].ljust(6, "0")
        return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{t[0:2]}:{t[2:4]}:{t[4:6]}"
    return ""
