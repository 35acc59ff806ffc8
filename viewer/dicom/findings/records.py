"""Plain records for measurements, annotations, presentation states and key images.

They live in the DICOM layer (not in ``viewer.model``) because the SR / GSPS / KO readers and writers
produce and consume them, and the layering rule says ``dicom`` never imports ``model``; the model
re-exports them (``viewer.model.measurements``). Frozen dataclasses: an edit makes a new object, which
is what the undo stack keeps.

Coordinates: ``points`` are (column, row) floats in the DICOM image-pixel convention used by SR SCOORD
and GSPS PIXEL units (PS3.3 C.18.6.1.2 / C.10.5.1.2): (0, 0) is the top-left corner of the top-left
pixel, whose centre is (0.5, 0.5). Writing them to SR and GSPS therefore needs no offset.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from enum import Enum

import numpy as np

from viewer.dicom.pixels import LUT, Window

Point = tuple[float, float]


class MeasurementKind(str, Enum):
    # Measurement tools (numbers computed from pixels and calibration)
    LENGTH = "length"  # 2 points
    ANGLE = "angle"  # 3 points: end A, vertex, end B
    COBB = "cobb"  # 4 points: line 1 (a, b), line 2 (a, b)
    BIDIRECTIONAL = "bidirectional"  # 4 points: long axis (a, b), short axis (a, b)
    ELLIPSE = "ellipse"  # 4 points: ends of one axis, then ends of the other (DICOM ELLIPSE order)
    RECTANGLE = "rectangle"  # 2 points: opposite corners (axis-aligned)
    POLYGON = "polygon"  # >= 3 vertices, closed implicitly
    FREEHAND = "freehand"  # >= 3 points traced by hand, closed implicitly
    PROBE = "probe"  # 1 point: value of the pixel under it
    # Annotations (no number)
    ARROW = "arrow"  # 2 points: tail, head
    TEXT = "text"  # 1 point: anchor; the text is the label
    # Only produced by readers, for what other systems draw or report
    POLYLINE = "polyline"  # open polyline of a foreign GSPS
    POINT = "point"  # marker of a foreign GSPS
    VALUE = "value"  # a reported number with no drawn region (SR measurement on an image)

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def is_roi(self) -> bool:
        return self in ROI_KINDS


_TITLES = {
    MeasurementKind.LENGTH: "Length",
    MeasurementKind.ANGLE: "Angle",
    MeasurementKind.COBB: "Cobb angle",
    MeasurementKind.BIDIRECTIONAL: "Bidirectional",
    MeasurementKind.ELLIPSE: "Ellipse ROI",
    MeasurementKind.RECTANGLE: "Rectangle ROI",
    MeasurementKind.POLYGON: "Polygon ROI",
    MeasurementKind.FREEHAND: "Freehand ROI",
    MeasurementKind.PROBE: "Pixel probe",
    MeasurementKind.ARROW: "Arrow",
    MeasurementKind.TEXT: "Text",
    MeasurementKind.POLYLINE: "Polyline",
    MeasurementKind.POINT: "Point",
    MeasurementKind.VALUE: "Reported value",
}

ROI_KINDS = frozenset(
    {MeasurementKind.ELLIPSE, MeasurementKind.RECTANGLE, MeasurementKind.POLYGON, MeasurementKind.FREEHAND}
)
# How many points each kind takes: an exact count, or (minimum, None).
POINT_COUNTS: dict[MeasurementKind, int | tuple[int, None]] = {
    MeasurementKind.LENGTH: 2,
    MeasurementKind.ANGLE: 3,
    MeasurementKind.COBB: 4,
    MeasurementKind.BIDIRECTIONAL: 4,
    MeasurementKind.ELLIPSE: 4,
    MeasurementKind.RECTANGLE: 2,
    MeasurementKind.POLYGON: (3, None),
    MeasurementKind.FREEHAND: (3, None),
    MeasurementKind.PROBE: 1,
    MeasurementKind.ARROW: 2,
    MeasurementKind.TEXT: 1,
    MeasurementKind.POLYLINE: (2, None),
    MeasurementKind.POINT: 1,
    MeasurementKind.VALUE: (0, None),
}


class Source(str, Enum):
    CAURI = "cauri"  # made here, kept in the annotation store
    SR = "SR"  # read from a structured report
    GSPS = "GSPS"  # read from a presentation state


@dataclass(frozen=True)
class ImageRef:
    """One 2-D image: ``frame_index`` is 0-based like ``FrameRef.frame``; DICOM frame numbers are
    ``frame_number`` (1-based)."""

    study_uid: str
    series_uid: str
    sop_uid: str
    frame_index: int = 0

    @property
    def frame_number(self) -> int:
        return self.frame_index + 1


@dataclass(frozen=True)
class Value:
    """One number: ``name`` is a stable key ("length", "mean", "suv_max", ...), ``unit`` a display unit
    ("mm", "mm²", "px", "px²", "°", "HU", "Bq/ml", "SUVbw", "" for unitless)."""

    name: str
    value: float
    unit: str
    label: str = ""  # the source's wording for values read from other systems ("Diameter", ...)


@dataclass(frozen=True)
class MeasurementResult:
    values: tuple[Value, ...] = ()
    calibration: str = ""  # "PixelSpacing", "ImagerPixelSpacing (magnification-corrected)", ..., "uncalibrated px"
    messages: tuple[str, ...] = ()  # plain-language notes (why SUV is missing, colour image, ...)
    pixel_count: int = 0  # pixels inside an ROI

    def get(self, name: str) -> Value | None:
        return next((v for v in self.values if v.name == name), None)

    def __getitem__(self, name: str) -> float:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found.value


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_id() -> str:
    return str(uuid.uuid4())


Vector = tuple[float, float, float]


@dataclass(frozen=True)
class PatientPlane:
    """The plane (an MPR plane) a measurement was drawn on, in patient coordinates (LPS, mm).

    A plane measurement's ``points`` are pixel coordinates on this plane's grid, with the image corner
    convention: point (x, y) lies at ``origin + right * x * pixel_mm + down * y * pixel_mm``, so pixel
    (c, r) is centred on (c + 0.5, r + 0.5), exactly where the resliced pixels are sampled. Everything
    written to DICOM is in patient coordinates (SCOORD3D), tied to the Frame of Reference UID."""

    frame_of_reference: str
    origin: Vector  # patient position of grid point (0, 0): the corner of pixel (0, 0)
    right: Vector  # unit vector of increasing x (columns)
    down: Vector  # unit vector of increasing y (rows)
    pixel_mm: float = 1.0

    def __post_init__(self) -> None:
        for name in ("origin", "right", "down"):
            object.__setattr__(self, name, tuple(float(v) for v in getattr(self, name)))
        object.__setattr__(self, "pixel_mm", float(self.pixel_mm))

    @property
    def normal(self) -> Vector:
        (a, b, c), (d, e, f) = self.right, self.down
        return (b * f - c * e, c * d - a * f, a * e - b * d)

    def to_patient(self, point: Point) -> Vector:
        x, y = point[0] * self.pixel_mm, point[1] * self.pixel_mm
        return tuple(o + r * x + d * y for o, r, d in zip(self.origin, self.right, self.down))  # type: ignore[return-value]

    def from_patient(self, q) -> tuple[Point, float]:
        """(grid point, signed distance in mm from the plane along its normal) of a patient position."""
        rel = [a - o for a, o in zip(q, self.origin)]
        dot = lambda u: sum(x * y for x, y in zip(rel, u))  # noqa: E731
        return (dot(self.right) / self.pixel_mm, dot(self.down) / self.pixel_mm), dot(self.normal)


@dataclass(frozen=True)
class Measurement:
    kind: MeasurementKind
    points: tuple[Point, ...]
    image: ImageRef  # for a plane measurement: an instance of the volume's series (its first slice)
    label: str = ""  # user label; for TEXT the text itself
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=_now)  # ISO 8601, UTC
    source: Source = Source.CAURI
    source_uid: str = ""  # SOP Instance UID of the SR/GSPS it was read from
    reported: tuple[Value, ...] = ()  # values as the source document states them (SR)
    plane: PatientPlane | None = None  # set: drawn on an MPR plane, ``points`` are on this plane's grid

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MeasurementKind(self.kind))
        object.__setattr__(self, "source", Source(self.source))
        pts = tuple((float(p[0]), float(p[1])) for p in self.points)
        object.__setattr__(self, "points", pts)
        want = POINT_COUNTS[self.kind]
        n = len(pts)
        if (isinstance(want, int) and n != want) or (isinstance(want, tuple) and n < want[0]):
            raise ValueError(f"a {self.kind.value} takes {want if isinstance(want, int) else f'at least {want[0]}'} points, not {n}")

    def with_points(self, points) -> "Measurement":
        return replace(self, points=tuple(points))

    def moved(self, dx: float, dy: float) -> "Measurement":
        return replace(self, points=tuple((x + dx, y + dy) for x, y in self.points))

    def with_handle(self, index: int, point: Point) -> "Measurement":
        """Move one handle. An ellipse keeps its axes perpendicular; a rectangle keeps its corners."""
        pts = list(self.points)
        if self.kind is MeasurementKind.ELLIPSE:
            return replace(self, points=_ellipse_handle(pts, index, point))
        pts[index] = (float(point[0]), float(point[1]))
        return replace(self, points=tuple(pts))

    @property
    def is_measurement(self) -> bool:
        return self.kind not in (MeasurementKind.ARROW, MeasurementKind.TEXT, MeasurementKind.POLYLINE, MeasurementKind.POINT)


def ellipse_from_box(p0: Point, p1: Point) -> tuple[Point, ...]:
    """The four axis end points of the axis-aligned ellipse inscribed in the box p0-p1 (what a drag draws)."""
    (x0, y0), (x1, y1) = p0, p1
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    return ((x0, cy), (x1, cy), (cx, y0), (cx, y1))


def ellipse_from_circle(center: Point, edge: Point) -> tuple[Point, ...]:
    """DICOM CIRCLE (centre, a point on the perimeter) as ELLIPSE axis end points."""
    cx, cy = center
    r = ((edge[0] - cx) ** 2 + (edge[1] - cy) ** 2) ** 0.5
    return ((cx - r, cy), (cx + r, cy), (cx, cy - r), (cx, cy + r))


def _ellipse_handle(pts: list, index: int, point: Point) -> tuple[Point, ...]:
    # Dragging an axis end scales that axis symmetrically about the centre and keeps the other axis
    # perpendicular with its length: the shape stays an ellipse (4 free points would not).
    import math

    c = ((pts[0][0] + pts[1][0]) / 2.0, (pts[0][1] + pts[1][1]) / 2.0)
    axis = 0 if index < 2 else 1
    other = 1 - axis
    vx, vy = point[0] - c[0], point[1] - c[1]
    if index % 2 == 0:
        vx, vy = -vx, -vy  # the first end of an axis is the one at -v
    length = math.hypot(vx, vy)
    ox = pts[2 * other + 1][0] - pts[2 * other][0]
    oy = pts[2 * other + 1][1] - pts[2 * other][1]
    half_other = math.hypot(ox, oy) / 2.0
    if length < 1e-9:
        return tuple(pts)
    ux, uy = vx / length, vy / length
    # Keep the other axis on the same side it was (perpendicular direction with the same sign).
    px, py = -uy, ux
    if px * ox + py * oy < 0:
        px, py = -px, -py
    a = ((c[0] - ux * length, c[1] - uy * length), (c[0] + ux * length, c[1] + uy * length))
    b = ((c[0] - px * half_other, c[1] - py * half_other), (c[0] + px * half_other, c[1] + py * half_other))
    out = a + b if axis == 0 else b + a
    return tuple((float(x), float(y)) for x, y in out)


@dataclass(frozen=True)
class Shutter:
    """Display shutter of a presentation state (PS3.3 C.7.6.11), in 1-based row/column like the file."""

    shapes: tuple[str, ...] = ()
    rectangle: tuple[float, float, float, float] | None = None  # left, right, upper, lower
    circle: tuple[float, float, float] | None = None  # centre row, centre column, radius
    polygon: tuple[tuple[float, float], ...] = ()  # (row, column) vertices
    presentation_value: int = 0  # 16-bit P-value of shuttered pixels
    # BITMAP: the presentation state's own overlay plane, True where the image is shuttered, placed at
    # bitmap_origin (0-based row, column of its top-left pixel in the image).
    bitmap: np.ndarray | None = field(default=None, compare=False, repr=False)
    bitmap_origin: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class PresentationState:
    """What a GSPS asks for, tied to the images it references."""

    sop_uid: str
    series_uid: str
    label: str
    description: str
    created: str  # content date/time as written (YYYYMMDDHHMMSS)
    images: tuple[ImageRef, ...]
    annotations: tuple[Measurement, ...] = ()
    windows: tuple[tuple[ImageRef | None, Window], ...] = ()  # None: applies to every referenced image
    luts: tuple[tuple[ImageRef | None, LUT], ...] = ()  # Softcopy VOI LUT tables, targeted like windows
    rotation: int = 0  # DICOM Image Rotation in degrees clockwise, applied before the flip
    flip_horizontal: bool = False
    shutter: Shutter | None = None
    presentation_lut_shape: str = ""  # IDENTITY / INVERSE
    manufacturer: str = ""
    # Displayed Area Selection (viewer.dicom.findings.displayed_area.DisplayedArea), targeted like windows.
    areas: tuple = ()

    def window_for(self, ref: ImageRef) -> Window | None:
        return _targeted(self.windows, ref)

    def lut_for(self, ref: ImageRef) -> LUT | None:
        return _targeted(self.luts, ref)

    def viewport_transform(self) -> tuple[int, bool, bool]:
        """(quarter turns clockwise, flip_h, flip_v) in Cauri's ViewportState order (rotate, then flip).

        The same order as DICOM's: PS3.3 Table C.10-6 turns the image "before any Image Horizontal Flip
        is applied" and flips it "after any Image Rotation has been applied" (DCMTK's dcmp2pgm agrees)."""
        return (self.rotation // 90) % 4, self.flip_horizontal, False

    def area_for(self, ref: ImageRef):
        return _targeted(self.areas, ref)

    def annotations_for(self, ref: ImageRef) -> tuple[Measurement, ...]:
        return tuple(a for a in self.annotations if a.image.sop_uid == ref.sop_uid and a.image.frame_index == ref.frame_index)


def _targeted(items, ref: ImageRef):
    """The item aimed at ``ref`` (frame index -1: every frame), else the one aimed at every image."""
    general = None
    for target, value in items:
        if target is None:
            general = value
        elif target.sop_uid == ref.sop_uid and (target.frame_index == ref.frame_index or target.frame_index < 0):
            return value
    return general


@dataclass(frozen=True)
class KeyImageSelection:
    """A Key Object Selection document: a title, an optional note, the images flagged."""

    sop_uid: str
    title: str
    description: str
    images: tuple[ImageRef, ...]
    created: str = ""


@dataclass(frozen=True)
class DocumentRef:
    """An SR document or encapsulated PDF in the cache, for a document view (opened on demand)."""

    sop_uid: str
    series_uid: str
    kind: str  # "SR" | "PDF"
    title: str
    path: str
    created: str = ""
