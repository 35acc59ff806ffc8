"""DICOM Segmentation objects (binary, fractional, labelmap) read into masks on their planes in patient space.

A SEG's frames each lie on a plane (Plane Position/Orientation in its functional groups) and belong to one
segment (Segment Identification; a labelmap SEG holds segment numbers as pixel values instead). We keep the
masks on the SEG's own slices (``SegmentGrid``), never resampled: a view samples them where its own pixels
lie (``presentation.segment_layers``), which serves a referenced slice, another series of the same Frame of
Reference and an MPR plane alike.

Colours are the file's Recommended Display CIELab Value, turned into sRGB here (CIE 1976 L*a*b*, D65 white,
as PS3.3 C.10.7.1.1 scales them into 0..65535); volumes are voxel counts (fractional values weighted by
their fraction) times the voxel's volume.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pydicom

from viewer.core.messages import Message, msg
from viewer.dicom.decode import decode_frame, pixel_reason

SEG_CLASSES = {"1.2.840.10008.5.1.4.1.1.66.4": "seg", "1.2.840.10008.5.1.4.1.1.66.7": "seg"}
RTSTRUCT_CLASS = "1.2.840.10008.5.1.4.1.1.481.3"
SEGMENTATION_CLASSES = {**SEG_CLASSES, RTSTRUCT_CLASS: "rtstruct"}

# Shown when a segment has no colour of its own: distinct hues, as the order of segments gives them.
_PALETTE = ((1.0, 0.25, 0.25), (0.25, 0.85, 0.25), (0.3, 0.55, 1.0), (1.0, 0.85, 0.2), (0.9, 0.35, 0.95),
            (0.2, 0.9, 0.9), (1.0, 0.6, 0.2), (0.6, 0.4, 0.2))


class SegmentationError(ValueError):
    """Why a segmentation cannot be drawn; ``reason`` is a message."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason.template)
        self.reason = reason


@dataclass(frozen=True)
class Segment:
    number: int
    label: str
    color: tuple[float, float, float]  # sRGB, 0..1
    volume_ml: float | None = None


@dataclass(frozen=True)
class MaskPart:
    """One segment's mask, cropped to where it is: slices ``k0..``, rows ``r0..``, columns ``c0..`` of the grid
    (uint8, 255 = fully inside). A SEG of a hundred organs over hundreds of slices would not fit in memory
    whole; each organ's box does."""

    k0: int
    r0: int
    c0: int
    array: np.ndarray  # (slices, rows, cols)


class MaskBuilder:
    """Frames put one at a time (each kept cropped to its non-zero box), assembled per segment."""

    def __init__(self, segments: int) -> None:
        self._frames: list[dict] = [{} for _ in range(segments)]

    def put(self, s: int, k: int, frame: np.ndarray) -> None:
        rows = np.nonzero(frame.any(axis=1))[0]
        if not len(rows):
            return
        cols = np.nonzero(frame.any(axis=0))[0]
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        crop = np.ascontiguousarray(frame[r0:r1, c0:c1], np.uint8)
        if k in self._frames[s]:  # two frames of one segment at one place (a SEG may repeat): the union
            pr0, pc0, prev = self._frames[s][k]
            rr0, cc0 = min(r0, pr0), min(c0, pc0)
            rr1, cc1 = max(r1, pr0 + prev.shape[0]), max(c1, pc0 + prev.shape[1])
            both = np.zeros((rr1 - rr0, cc1 - cc0), np.uint8)
            both[pr0 - rr0:pr0 - rr0 + prev.shape[0], pc0 - cc0:pc0 - cc0 + prev.shape[1]] = prev
            view = both[r0 - rr0:r1 - rr0, c0 - cc0:c1 - cc0]
            np.maximum(view, crop, out=view)
            r0, c0, crop = rr0, cc0, both
        self._frames[s][k] = (r0, c0, crop)

    def build(self) -> list[MaskPart | None]:
        parts: list[MaskPart | None] = []
        for frames in self._frames:
            if not frames:
                parts.append(None)
                continue
            k0, k1 = min(frames), max(frames) + 1
            r0 = min(r for r, _, _ in frames.values())
            c0 = min(c for _, c, _ in frames.values())
            r1 = max(r + a.shape[0] for r, _, a in frames.values())
            c1 = max(c + a.shape[1] for _, c, a in frames.values())
            array = np.zeros((k1 - k0, r1 - r0, c1 - c0), np.uint8)
            for k, (r, c, a) in frames.items():
                array[k - k0, r - r0:r - r0 + a.shape[0], c - c0:c - c0 + a.shape[1]] = a
            parts.append(MaskPart(int(k0), int(r0), int(c0), array))
        return parts


@dataclass
class SegmentGrid:
    """Masks on parallel slices: ``parts[s]`` is segment s where it lies (None: empty).

    Pixel (row, col) of slice k lies at ``origins[k] + col * spacing[1] * right + row * spacing[0] * down``."""

    right: np.ndarray
    down: np.ndarray
    spacing: tuple[float, float]  # (row, column) mm
    origins: np.ndarray  # (slices, 3), sorted along the normal
    thickness: float  # mm: a view's point within half of it from a slice takes that slice's value
    shape: tuple[int, int]  # (rows, cols) of a slice
    parts: list

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.right, self.down)

    @property
    def offsets(self) -> np.ndarray:
        return self.origins @ self.normal

    def mask(self, s: int, k: int) -> np.ndarray:
        """Segment s on slice k, whole (rows x cols uint8)."""
        out = np.zeros(self.shape, np.uint8)
        part = self.parts[s]
        if part is not None and part.k0 <= k < part.k0 + part.array.shape[0]:
            a = part.array[k - part.k0]
            out[part.r0:part.r0 + a.shape[0], part.c0:part.c0 + a.shape[1]] = a
        return out

    def centre(self, s: int):
        """The middle of segment s's middle slice (patient mm), None when it is empty."""
        part = self.parts[s]
        if part is None:
            return None
        k = part.array.shape[0] // 2
        while k < part.array.shape[0] and not part.array[k].any():
            k += 1
        rows, cols = np.nonzero(part.array[min(k, part.array.shape[0] - 1)])
        if not len(rows):
            return None
        return self.origins[part.k0 + k] + (part.c0 + cols.mean()) * self.spacing[1] * self.right \
            + (part.r0 + rows.mean()) * self.spacing[0] * self.down


@dataclass
class Segmentation:
    kind: str  # "binary", "fractional", "labelmap" (SEG) or "contour" (RT Structure Set)
    sop_uid: str
    series_uid: str
    frame_of_reference: str
    referenced_series: tuple[str, ...]
    referenced_sops: frozenset
    segments: tuple[Segment, ...]
    grid: SegmentGrid | None
    volume_method: Message = field(default_factory=lambda: msg("voxel count x voxel volume"))
    contours: dict = field(default_factory=dict)  # segment number -> [(N, 3) patient mm], RT only
    warnings: tuple = ()


def lab_to_rgb(value) -> tuple[float, float, float]:
    """A DICOM CIELab triplet (each 0..65535) as sRGB in 0..1 (D65 white)."""
    l_star = float(value[0]) / 65535.0 * 100.0
    a_star = float(value[1]) / 65535.0 * 255.0 - 128.0
    b_star = float(value[2]) / 65535.0 * 255.0 - 128.0
    fy = (l_star + 16.0) / 116.0
    fx, fz = fy + a_star / 500.0, fy - b_star / 200.0

    def inv(t: float) -> float:
        return t ** 3 if t > 6.0 / 29.0 else 3.0 * (6.0 / 29.0) ** 2 * (t - 4.0 / 29.0)

    x, y, z = 0.95047 * inv(fx), 1.0 * inv(fy), 1.08883 * inv(fz)
    linear = (3.2406 * x - 1.5372 * y - 0.4986 * z,
              -0.9689 * x + 1.8758 * y + 0.0415 * z,
              0.0557 * x - 0.2040 * y + 1.0570 * z)

    def gamma(c: float) -> float:
        c = min(max(c, 0.0), 1.0)
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1.0 / 2.4) - 0.055

    return tuple(round(gamma(c), 4) for c in linear)  # type: ignore[return-value]


def default_color(n: int) -> tuple[float, float, float]:
    return _PALETTE[n % len(_PALETTE)]


def _attr(item, *path):
    """``item.A[0].B[0].C`` for path (A, B, C), None where any step is missing."""
    for name in path[:-1]:
        seq = item.get(name) if item is not None else None
        if not seq:
            return None
        item = seq[0]
    return item.get(path[-1]) if item is not None else None


def _frame_value(ds, k: int, *path):
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    value = _attr(per_frame[k], *path) if per_frame and k < len(per_frame) else None
    if value is None:
        value = _attr(ds.get("SharedFunctionalGroupsSequence", [None])[0], *path)
    return value


def referenced_series(ds) -> tuple[str, ...]:
    """Series UIDs a SEG says it was made from (Referenced Series Sequence), in order."""
    return tuple(str(s.SeriesInstanceUID) for s in ds.get("ReferencedSeriesSequence", []) if "SeriesInstanceUID" in s)


def _palette(ds, numbers: list[int]) -> list | None:
    """A PALETTE COLOR labelmap's colour for each segment number (its LUT is the file's display colours)."""
    if ds.get("PhotometricInterpretation") != "PALETTE COLOR":
        return None
    try:
        from pydicom.pixels import apply_color_lut

        rgb = apply_color_lut(np.asarray(numbers, np.uint16), ds).astype(np.float64)
        top = 255.0 if rgb.max() <= 255 else 65535.0
        return [tuple(round(float(c) / top, 4) for c in v) for v in rgb]
    except Exception:  # a damaged palette: the segments' own colours, else ours
        return None


def referenced_sops(ds) -> frozenset:
    """SOP Instance UIDs of the images a SEG says it was made from."""
    return frozenset(str(i.ReferencedSOPInstanceUID) for r in ds.get("ReferencedSeriesSequence", [])
                     for i in r.get("ReferencedInstanceSequence", []) if "ReferencedSOPInstanceUID" in i)


def segment_labels(ds) -> tuple[Segment, ...]:
    """The segments a SEG header describes (number, label, colour), without reading its pixels."""
    items = list(ds.get("SegmentSequence", []))
    palette = _palette(ds, [int(item.get("SegmentNumber", n + 1)) for n, item in enumerate(items)])
    out = []
    for n, item in enumerate(items):
        lab = item.get("RecommendedDisplayCIELabValue")
        color = lab_to_rgb(lab) if lab is not None and len(lab) == 3 else default_color(n)
        if palette is not None:
            color = palette[n]
        out.append(Segment(int(item.get("SegmentNumber", n + 1)), str(item.get("SegmentLabel", "") or n + 1), color))
    return tuple(out)


def read_seg(path) -> Segmentation:
    """A SEG file's segments and masks; ``SegmentationError`` when it is not on patient coordinates."""
    try:
        ds = pydicom.dcmread(path)
    except Exception as exc:
        raise SegmentationError(msg("unreadable segmentation: {why}", why=type(exc).__name__)) from None
    return seg_from_dataset(ds)


def seg_from_dataset(ds) -> Segmentation:
    labelmap = str(ds.SOPClassUID) == "1.2.840.10008.5.1.4.1.1.66.7" or ds.get("SegmentationType") == "LABELMAP"
    kind = "labelmap" if labelmap else ("fractional" if ds.get("SegmentationType") == "FRACTIONAL" else "binary")
    segments = segment_labels(ds)
    if not segments:
        raise SegmentationError(msg("the segmentation describes no segment"))
    n_frames = int(ds.get("NumberOfFrames") or 1)
    orientation = _frame_value(ds, 0, "PlaneOrientationSequence", "ImageOrientationPatient")
    spacing = _frame_value(ds, 0, "PixelMeasuresSequence", "PixelSpacing")
    positions = [_frame_value(ds, k, "PlanePositionSequence", "ImagePositionPatient") for k in range(n_frames)]
    if orientation is None or spacing is None or any(p is None for p in positions):
        # Slide microscopy SEGs place their frames on the slide, not in the patient.
        raise SegmentationError(msg("the segmentation's frames have no position in the patient"))
    right, down = np.asarray(orientation[:3], float), np.asarray(orientation[3:], float)
    normal = np.cross(right, down)
    pos = np.asarray(positions, float)
    # Frames at one place (one per segment) share a slice; 0.01 mm is "the same place".
    keys = np.round(pos @ normal, 2)
    unique = np.unique(keys)
    slice_of = np.searchsorted(unique, keys)
    origins = np.array([pos[np.argmax(slice_of == k)] for k in range(len(unique))])
    numbers = [s.number for s in segments]
    masks = MaskBuilder(len(segments))
    top = float(ds.get("MaximumFractionalValue") or 255) if kind == "fractional" else 1.0
    weights = np.zeros(len(segments))
    for k, frame in enumerate(_frames(ds, n_frames)):
        frame = frame.reshape(int(ds.Rows), int(ds.Columns))
        if labelmap:
            for s, number in enumerate(numbers):
                hit = frame == number
                masks.put(s, int(slice_of[k]), hit.astype(np.uint8) * 255)
                weights[s] += hit.sum()
            continue
        number = _frame_value(ds, k, "SegmentIdentificationSequence", "ReferencedSegmentNumber")
        if number is None or int(number) not in numbers:
            continue
        s = numbers.index(int(number))
        scaled = np.clip(frame.astype(np.float32) / top, 0.0, 1.0)
        masks.put(s, int(slice_of[k]), np.rint(scaled * 255).astype(np.uint8))
        weights[s] += float(scaled.sum())
    slice_mm = _slice_spacing(ds, unique)
    voxel_ml = float(spacing[0]) * float(spacing[1]) * slice_mm / 1000.0
    segments = tuple(Segment(s.number, s.label, s.color, float(w) * voxel_ml) for s, w in zip(segments, weights))
    refs = referenced_sops(ds)
    grid = SegmentGrid(right, down, (float(spacing[0]), float(spacing[1])), origins, slice_mm,
                       (int(ds.Rows), int(ds.Columns)), masks.build())
    return Segmentation(kind, str(ds.SOPInstanceUID), str(ds.SeriesInstanceUID),
                        str(ds.get("FrameOfReferenceUID", "")), referenced_series(ds), refs, segments, grid)


def _frames(ds, n: int):
    """The frames one at a time through Cauri's decoders (their fallbacks, their reasons): a SEG of many
    segments has tens of thousands of frames, never all decoded at once."""
    for k in range(n):
        try:
            yield decode_frame(ds, k)[0]
        except Exception as exc:
            raise SegmentationError(pixel_reason(exc)) from None


def _slice_spacing(ds, offsets: np.ndarray) -> float:
    """The depth one slice of the SEG stands for: Spacing Between Slices, else the distance between its
    slices, else Slice Thickness, else 1 mm."""
    between = _frame_value(ds, 0, "PixelMeasuresSequence", "SpacingBetweenSlices")
    if between:
        return abs(float(between))
    if len(offsets) > 1:
        return float(np.median(np.diff(offsets)))
    thickness = _frame_value(ds, 0, "PixelMeasuresSequence", "SliceThickness")
    return float(thickness) if thickness else 1.0
