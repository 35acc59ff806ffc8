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


@dataclass
class SegmentGrid:
    """Masks on parallel slices: ``masks[s, k]`` is segment s on slice k (uint8, 255 = fully inside).

    Pixel (row, col) of slice k lies at ``origins[k] + col * spacing[1] * right + row * spacing[0] * down``."""

    right: np.ndarray
    down: np.ndarray
    spacing: tuple[float, float]  # (row, column) mm
    origins: np.ndarray  # (slices, 3), sorted along the normal
    thickness: float  # mm: a view's point within half of it from a slice takes that slice's value
    masks: np.ndarray  # (segments, slices, rows, cols) uint8

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.right, self.down)

    @property
    def offsets(self) -> np.ndarray:
        return self.origins @ self.normal


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
    pixels = _frames(ds, n_frames).reshape(n_frames, int(ds.Rows), int(ds.Columns))
    right, down = np.asarray(orientation[:3], float), np.asarray(orientation[3:], float)
    normal = np.cross(right, down)
    pos = np.asarray(positions, float)
    # Frames at one place (one per segment) share a slice; 0.01 mm is "the same place".
    keys = np.round(pos @ normal, 2)
    unique = np.unique(keys)
    slice_of = np.searchsorted(unique, keys)
    origins = np.array([pos[np.argmax(slice_of == k)] for k in range(len(unique))])
    numbers = [s.number for s in segments]
    masks = np.zeros((len(segments), len(unique), int(ds.Rows), int(ds.Columns)), np.uint8)
    top = float(ds.get("MaximumFractionalValue") or 255) if kind == "fractional" else 1.0
    weights = np.zeros(len(segments))
    for k in range(n_frames):
        frame = pixels[k]
        if labelmap:
            for s, number in enumerate(numbers):
                hit = frame == number
                masks[s, slice_of[k]][hit] = 255
                weights[s] += hit.sum()
            continue
        number = _frame_value(ds, k, "SegmentIdentificationSequence", "ReferencedSegmentNumber")
        if number is None or int(number) not in numbers:
            continue
        s = numbers.index(int(number))
        scaled = np.clip(frame.astype(np.float32) / top, 0.0, 1.0)
        masks[s, slice_of[k]] = np.maximum(masks[s, slice_of[k]], np.rint(scaled * 255).astype(np.uint8))
        weights[s] += float(scaled.sum())
    slice_mm = _slice_spacing(ds, unique)
    voxel_ml = float(spacing[0]) * float(spacing[1]) * slice_mm / 1000.0
    segments = tuple(Segment(s.number, s.label, s.color, float(w) * voxel_ml) for s, w in zip(segments, weights))
    refs = frozenset(str(i.ReferencedSOPInstanceUID) for r in ds.get("ReferencedSeriesSequence", [])
                     for i in r.get("ReferencedInstanceSequence", []) if "ReferencedSOPInstanceUID" in i)
    grid = SegmentGrid(right, down, (float(spacing[0]), float(spacing[1])), origins, slice_mm, masks)
    return Segmentation(kind, str(ds.SOPInstanceUID), str(ds.SeriesInstanceUID),
                        str(ds.get("FrameOfReferenceUID", "")), referenced_series(ds), refs, segments, grid)


def _frames(ds, n: int) -> np.ndarray:
    """All frames: pydicom's whole array, else frame by frame through Cauri's decoders (their fallbacks,
    their reasons)."""
    try:
        return ds.pixel_array
    except Exception:  # the per-frame path says why, or succeeds where pydicom's defaults fail
        pass
    try:
        return np.stack([decode_frame(ds, k)[0] for k in range(n)])
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
