"""Patient geometry: orientation letters, slice ordering along the normal, stack sanity, calibration.

Everything is in the DICOM patient coordinate system (LPS: x to the patient's left, y posterior, z head).
Spacing always comes from Image Position (Patient) projected on the slice normal, never from Slice
Thickness or Spacing Between Slices, which scanners fill inconsistently (overlapping reconstructions,
gaps, rounded values).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from viewer.core.messages import msg

__all__ = [
    "orientation_label",
    "plane_name",
    "StackGeometry",
    "sort_stack",
    "StackGroup",
    "split_stacks",
    "FrameGeometry",
    "frame_geometry",
    "frame_attributes",
    "Calibration",
    "pixel_calibration",
    "median",
]


def median(values) -> float:
    """The median of a 1-D array. ``np.median`` imports ``numpy.ma`` on first use (~30 ms here), which
    fell on the first series a reader opened."""
    a = np.sort(np.asarray(values, float).ravel())
    n = a.size
    if n == 0:
        return float("nan")
    return float(a[n // 2]) if n % 2 else float((a[n // 2 - 1] + a[n // 2]) / 2.0)

# A letter for a secondary axis appears only when that axis contributes at least sin(14.5 deg) of the
# direction. Clunie's algorithm (PixelMed, Weasis, OHIF/cornerstone) lists every component above 1e-4,
# which labels a routinely near-axial MR tilted by 2 degrees "PH" and makes markers flicker between series;
# radiologists read the second letter as "deliberately oblique", so it is kept for real obliquity only.
# Pass minor_threshold=1e-4 to get the classic behaviour.
MINOR_THRESHOLD = 0.25

_LETTERS = (("R", "L"), ("A", "P"), ("F", "H"))  # (negative, positive) per LPS axis


def orientation_label(vector: Sequence[float], minor_threshold: float = MINOR_THRESHOLD) -> str:
    """Letters for a patient-space direction, most significant first: (1,0,0) -> "L", (0,-1,0) -> "A",
    (0.7,0.7,0) -> "LP"; at most three letters; "" for a null or invalid vector."""
    try:
        v = np.asarray(vector, dtype=np.float64).reshape(3)
    except (TypeError, ValueError):
        return ""
    norm = float(np.linalg.norm(v))
    if not math.isfinite(norm) or norm < 1e-9:
        return ""
    v = v / norm
    axes = sorted(range(3), key=lambda i: -abs(v[i]))
    letters = []
    for rank, i in enumerate(axes):
        c = v[i]
        if rank == 0 or abs(c) >= max(minor_threshold, 1e-4):
            letters.append(_LETTERS[i][1] if c > 0 else _LETTERS[i][0])
    return "".join(letters)


def plane_name(orientation: Sequence[float] | None, obliquity_cosine: float = 0.8) -> str:
    """AXIAL / CORONAL / SAGITTAL / OBLIQUE from a 6-value Image Orientation (Patient) (PixelMed's 0.8 rule),
    as a message: the reader sees the plane in the UI's language."""
    if orientation is None or len(orientation) != 6:
        return ""
    normal = _normal(orientation)
    if normal is None:
        return ""
    axis = int(np.argmax(np.abs(normal)))
    if abs(normal[axis]) < obliquity_cosine:
        return msg("OBLIQUE")
    return (msg("SAGITTAL"), msg("CORONAL"), msg("AXIAL"))[axis]


def _normal(orientation: Sequence[float]) -> np.ndarray | None:
    try:
        o = np.asarray(orientation, dtype=np.float64).reshape(6)
    except (TypeError, ValueError):
        return None
    n = np.cross(o[:3], o[3:])
    length = float(np.linalg.norm(n))
    if not math.isfinite(length) or length < 1e-6:
        return None
    return n / length


# --------------------------------------------------------------------------------------------- stacks


@dataclass(frozen=True)
class StackGeometry:
    order: tuple[int, ...]  # input indices sorted by ascending position along the normal
    positions: tuple[float, ...]  # position of each sorted slice along the normal (mm)
    normal: tuple[float, float, float]
    spacing: float | None  # median distance between distinct consecutive positions (mm)
    regular: bool  # evenly spaced, no gap, no duplicate
    warnings: tuple[str, ...]
    orientation: tuple[float, ...] | None = None  # the reference row/column cosines (6 values)
    tilt_degrees: float = 0.0  # shear of the stack: angle between the slice normal and the slice-to-slice line
    missing_slices: int = 0
    duplicate_positions: int = 0
    mixed_orientations: bool = False

    @property
    def needs_resampling(self) -> bool:
        """Whether a volume built by simply stacking the slices would be geometrically wrong (MPR/3-D)."""
        return (not self.regular) or self.tilt_degrees > TILT_TOLERANCE_DEG or self.mixed_orientations


TILT_TOLERANCE_DEG = 0.5
DUPLICATE_TOLERANCE_MM = 0.01


def _as_vec(p: Any, n: int) -> np.ndarray | None:
    if p is None:
        return None
    try:
        a = np.asarray([float(x) for x in p], dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if a.shape != (n,) or not np.all(np.isfinite(a)):
        return None
    return a


def _as_vecs(items: Sequence[Any], n: int) -> list[np.ndarray | None]:
    """``_as_vec`` of each item, converted in one numpy call when every item is a well-formed vector (a
    3,000-slice series: milliseconds instead of a quarter of a second of the window's thread)."""
    try:
        a = np.array(items, dtype=np.float64)
    except (TypeError, ValueError):
        a = None
    if a is None or a.shape != (len(items), n):
        return [_as_vec(p, n) for p in items]
    finite = np.isfinite(a).all(axis=1)
    return [row if ok else None for row, ok in zip(a, finite)]


def _cluster_orientations(vectors: list[np.ndarray | None], tol: float = 0.01) -> list[int]:
    """Label each orientation with a cluster id (-1 for missing); greedy, tolerance in direction cosines.
    Rounding into bins would split identical orientations that straddle a bin edge."""
    first = next((v for v in vectors if v is not None), None)
    if first is not None and all(v is not None for v in vectors):
        # The usual series, one orientation: those within tolerance of the first are its cluster, in one call
        # (what the greedy loop below decides for them, the first being its first centre).
        near = np.abs(np.asarray(vectors) - first).max(axis=1) <= tol
        if near.all():
            return [0] * len(vectors)
    centers: list[np.ndarray] = []
    labels: list[int] = []
    for v in vectors:
        if v is None:
            labels.append(-1)
            continue
        for k, c in enumerate(centers):
            if float(np.max(np.abs(c - v))) <= tol:
                labels.append(k)
                break
        else:
            centers.append(v)
            labels.append(len(centers) - 1)
    return labels


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def sort_stack(positions: Sequence[Any], orientations: Sequence[Any] | None = None) -> StackGeometry:
    """Order slices along their normal and describe what is wrong with the stack, in plain words.

    positions: per slice Image Position (Patient) (x, y, z) or None; orientations: per slice the six
    Image Orientation (Patient) values or None (a single orientation may be given for all). When geometry is
    missing the input order is kept and a warning says so.
    """
    n = len(positions)
    warnings: list[str] = []
    if orientations is None:
        orientations = [None] * n
    elif len(orientations) == 6 and isinstance(orientations[0], (int, float, np.number)):
        orientations = [orientations] * n  # one orientation for the whole stack
    pos = _as_vecs(positions, 3)
    ori = _as_vecs(orientations, 6)

    labels = _cluster_orientations(ori)
    counts = Counter(label for label in labels if label >= 0)
    ref_orientation: np.ndarray | None = None
    mixed = len(counts) > 1
    if counts:
        ref_label = counts.most_common(1)[0][0]
        ref_orientation = next(o for o, lab in zip(ori, labels) if lab == ref_label)
        if mixed:
            warnings.append(msg(
                "The series mixes {orientations} slice orientations; only the {kept} slices "
                "of the main orientation form a volume (split the series into stacks).",
                orientations=len(counts), kept=counts[ref_label],
            ))
    normal = _normal(ref_orientation) if ref_orientation is not None else None

    if n == 0:
        return StackGeometry((), (), (0.0, 0.0, 1.0), None, True, ())

    missing_pos = sum(p is None for p in pos)
    if missing_pos:
        warnings.append(msg(
            "{missing} of {n} slices {missing:has|have} no Image Position (Patient); "
            "the slices are kept in the order received and distances cannot be measured between them.",
            missing=missing_pos, n=n,
        ))
        nvec = tuple(float(x) for x in normal) if normal is not None else (0.0, 0.0, 1.0)
        return StackGeometry(
            tuple(range(n)), tuple(float(i) for i in range(n)), nvec, None, False, tuple(warnings),
            orientation=_tuple_or_none(ref_orientation), mixed_orientations=mixed,
        )

    P = np.stack(pos)
    if normal is None:
        if n >= 2 and float(np.ptp(P, axis=0).max()) > 0:
            # Without orientation the best guess for the stacking axis is the main direction of the positions.
            centered = P - P.mean(axis=0)
            normal = np.linalg.svd(centered, full_matrices=False)[2][0]
            if normal[int(np.argmax(np.abs(normal)))] < 0:
                normal = -normal
        else:
            normal = np.array([0.0, 0.0, 1.0])
        warnings.append(msg("The slices have no Image Orientation (Patient); the stacking direction was estimated from their positions."))

    d = P @ normal
    order = np.argsort(d, kind="stable")
    sd = d[order]
    diffs = np.diff(sd)
    dup = diffs < DUPLICATE_TOLERANCE_MM
    n_dup = int(dup.sum())
    if n_dup:
        warnings.append(msg(
            "{n} {n:slice shares|slices share} the position of another slice: the series probably mixes echoes, "
            "phases or acquisitions (split it into stacks).",
            n=n_dup,
        ))
    distinct = diffs[~dup]
    spacing = median(distinct) if distinct.size else None
    missing = 0
    irregular = False
    if spacing and spacing > 0:
        tol = 0.05 * spacing + 0.005
        ratios = distinct / spacing
        k = np.rint(ratios)
        gaps = (k >= 2) & (np.abs(distinct - k * spacing) <= tol * k)
        off = (np.abs(distinct - spacing) > tol) & ~gaps
        if gaps.any():
            missing = int((k[gaps] - 1).sum())
            where = np.flatnonzero(~dup)[gaps]
            first = [msg("{start:trim}-{end:trim} mm", start=float(sd[i]), end=float(sd[i + 1])) for i in where[:3]]
            if where.size <= 3:
                warnings.append(msg(
                    "{missing} {missing:slice appears|slices appear} to be missing (gaps of a multiple of the {spacing:trim} mm "
                    "spacing between {gaps}).",
                    missing=missing, spacing=spacing, gaps=first,
                ))
            else:
                warnings.append(msg(
                    "{missing} {missing:slice appears|slices appear} to be missing (gaps of a multiple of the {spacing:trim} mm "
                    "spacing between {gaps} and {more} more).",
                    missing=missing, spacing=spacing, gaps=first, more=int(where.size - 3),
                ))
        if off.any():
            irregular = True
            warnings.append(msg(
                "Irregular slice spacing: from {low:trim} to {high:trim} mm "
                "(usual {spacing:trim} mm); measurements across slices and MPR need resampling.",
                low=float(distinct.min()), high=float(distinct.max()), spacing=spacing,
            ))

    tilt = 0.0
    if n >= 2 and float(sd[-1] - sd[0]) > DUPLICATE_TOLERANCE_MM:
        # In-plane drift of the slice origins per mm along the normal: the shear a gantry tilt produces.
        inplane = P[order] - np.outer(sd, normal)
        x = sd - sd.mean()
        slope = (x[:, None] * (inplane - inplane.mean(axis=0))).sum(axis=0) / float((x * x).sum())
        tilt = math.degrees(math.atan(float(np.linalg.norm(slope))))
        if tilt > TILT_TOLERANCE_DEG:
            warnings.append(msg(
                "The stack is sheared by {tilt:.1f} degrees (gantry/detector tilt): each slice is shown "
                "correctly, but MPR and 3-D need resampling.",
                tilt=tilt,
            ))
        residual = inplane - inplane.mean(axis=0) - np.outer(x, slope)
        if float(np.linalg.norm(residual, axis=1).max()) > max(1.0, (spacing or 0.0)):
            warnings.append(msg("The slice origins do not lie on one line; the series may combine different stacks."))

    regular = not (n_dup or missing or irregular or mixed)
    return StackGeometry(
        order=tuple(int(i) for i in order),
        positions=tuple(float(x) for x in sd),
        normal=tuple(float(x) for x in normal),
        spacing=spacing,
        regular=regular,
        warnings=tuple(warnings),
        orientation=_tuple_or_none(ref_orientation),
        tilt_degrees=tilt,
        missing_slices=missing,
        duplicate_positions=n_dup,
        mixed_orientations=mixed,
    )


def _tuple_or_none(a: np.ndarray | None) -> tuple[float, ...] | None:
    return None if a is None else tuple(float(x) for x in a)


# --------------------------------------------------------------------------------------------- splitting


@dataclass(frozen=True)
class StackGroup:
    indices: tuple[int, ...]  # input indices, in input order
    # "" for the only stack, else a message: "echo 2", "orientation 2 (SAGITTAL), echo 1" (French: "écho 2",
    # "orientation 2 (sagittal), écho 1"); its English is what logs and the CLI print.
    label: str


def _get(h: Any, keyword: str) -> Any:
    if hasattr(h, "get"):
        try:
            value = h.get(keyword)
        except Exception:
            value = None
        if value is not None:
            return value
    return getattr(h, keyword, None)


def _scalar(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return tuple(str(v) for v in value)
    try:
        f = float(value)
        return f if math.isfinite(f) else str(value)
    except (TypeError, ValueError):
        return str(value)


# Attributes that legitimately repeat a location within one series, in the order they are tried, with the
# words that name a stack by its value.
_SPLIT_KEYS = (
    ("StackID", lambda v: msg("stack {value}", value=v)),
    ("EchoNumbers", lambda v: msg("echo {value}", value=v)),
    ("EffectiveEchoTime", lambda v: msg("echo time {value}", value=v)),
    ("TemporalPositionIndex", lambda v: msg("phase {value}", value=v)),
    ("TemporalPositionIdentifier", lambda v: msg("phase {value}", value=v)),
    ("TriggerTime", lambda v: msg("trigger time {value}", value=v)),
    ("DiffusionBValue", lambda v: msg("b-value {value}", value=v)),
    ("AcquisitionNumber", lambda v: msg("acquisition {value}", value=v)),
    ("ImageType", lambda v: msg("image type {value}", value=v)),
)


def _shown(value: Any) -> Any:
    """A split attribute's value as the label says it: numbers trimmed (with the decimal comma in French),
    multi-values joined by a backslash as DICOM writes them."""
    if isinstance(value, tuple):
        return "\\".join(value)
    if isinstance(value, float):
        return msg("{value:trim}", value=value)
    return str(value)


def split_stacks(headers: Sequence[Any]) -> list[StackGroup]:
    """Group the instances of one series into stacks that each form a volume.

    First by orientation and matrix size (never one volume), then, only where positions repeat, by echo,
    temporal position, trigger time, b-value, acquisition number, image type - the first of these that
    varies. Splitting on acquisition number without duplicate positions would wrongly cut the many CT series
    that number each slice as its own acquisition. Failing these, even repeats split by their order (_split_by_rank).
    headers: pydicom datasets (header-only is enough) or any objects with DICOM keyword attributes.
    """
    n = len(headers)
    if n == 0:
        return []
    ori = _as_vecs([_get(h, "ImageOrientationPatient") for h in headers], 6)
    labels = _cluster_orientations(ori)
    groups: dict[tuple, list[int]] = {}
    for i, h in enumerate(headers):
        key = (labels[i], _scalar(_get(h, "Rows")), _scalar(_get(h, "Columns")))
        groups.setdefault(key, []).append(i)

    out: list[tuple[list[int], list[str]]] = []
    multiple_orientations = len({k[0] for k in groups}) > 1
    for key, idx in groups.items():
        base: list[str] = []
        if multiple_orientations and key[0] >= 0:
            base.append(msg("orientation {number} ({plane})", number=key[0] + 1,
                            plane=plane_name(ori[idx[0]]) or msg("unknown")))
        if len({(k[1], k[2]) for k in groups}) > 1:
            base.append(f"{_shown(key[1])}x{_shown(key[2])}")  # 256x256, not the 256.0 _scalar keeps
        out.extend(_split_duplicates(headers, idx, base, 0))
    out.sort(key=lambda g: g[0][0])
    if len(out) == 1:
        return [StackGroup(tuple(out[0][0]), "")]
    return [StackGroup(tuple(idx), msg("{parts}", parts=lab)) for idx, lab in out]


def _duplicates(headers: Sequence[Any], idx: list[int]) -> int:
    found = [p for p in _as_vecs([_get(headers[i], "ImagePositionPatient") for i in idx], 3) if p is not None]
    if not found:
        return 0
    keys = np.round(np.asarray(found) / DUPLICATE_TOLERANCE_MM).astype(np.int64)
    # Rows sorted, then those equal to the one before: np.unique would import numpy.ma on the first open.
    ordered = keys[np.lexsort(keys.T[::-1])]
    return int(np.all(ordered[1:] == ordered[:-1], axis=1).sum())


def _split_duplicates(headers: Sequence[Any], idx: list[int], label: list[str], start: int) -> list[tuple[list[int], list[str]]]:
    if _duplicates(headers, idx) == 0:
        return [(idx, label)]
    for k in range(start, len(_SPLIT_KEYS)):
        keyword, named = _SPLIT_KEYS[k]
        values: dict[Any, list[int]] = {}
        for i in idx:
            values.setdefault(_scalar(_get(headers[i], keyword)), []).append(i)
        if len(values) < 2 or len(values) > len(idx) / 2:
            continue  # constant, or one value per slice: not what separates the stacks
        out: list[tuple[list[int], list[str]]] = []
        for value, sub in sorted(values.items(), key=lambda kv: kv[1][0]):
            out.extend(_split_duplicates(headers, sub, label + [named(_shown(value))], k + 1))
        return out
    return _split_by_rank(headers, idx, label)


def _split_by_rank(headers: Sequence[Any], idx: list[int], label: list[str]) -> list[tuple[list[int], list[str]]]:
    """Every position holding the same number of images, nothing in the headers telling them apart (diffusion
    directions in private tags, a repeated acquisition): the n-th image at each position by Instance Number
    is volume n, whether the scanner numbered volume by volume or position by position. Uneven repeats stay
    whole: no order can be trusted there."""
    at: dict[tuple, list[int]] = {}
    for i in idx:
        p = _as_vec(_get(headers[i], "ImagePositionPatient"), 3)
        if p is None:
            return [(idx, label)]
        at.setdefault(tuple(np.round(p / DUPLICATE_TOLERANCE_MM).astype(np.int64)), []).append(i)
    counts = {len(v) for v in at.values()}
    if len(at) < 2 or len(counts) != 1 or counts == {1}:
        return [(idx, label)]
    number = {i: _scalar(_get(headers[i], "InstanceNumber")) for i in idx}
    ranked = [sorted(m, key=lambda i: (number[i] if isinstance(number[i], float) else math.inf, i)) for m in at.values()]
    return [(sorted(r[k] for r in ranked), label + [msg("volume {value}", value=k + 1)]) for k in range(counts.pop())]


# --------------------------------------------------------------------------------------------- frames


@dataclass(frozen=True)
class FrameGeometry:
    position: tuple[float, float, float] | None
    orientation: tuple[float, ...] | None  # 6 values
    pixel_spacing: tuple[float, float] | None  # (row spacing, column spacing) in mm
    slice_thickness: float | None


def _item(ds: Any, frame: int, seq: str) -> Any:
    per_frame = _get(ds, "PerFrameFunctionalGroupsSequence")
    if per_frame is not None and frame < len(per_frame):
        s = per_frame[frame].get(seq)
        if s:
            return s[0]
    shared = _get(ds, "SharedFunctionalGroupsSequence")
    if shared:
        s = shared[0].get(seq)
        if s:
            return s[0]
    return None


def frame_attributes(ds: Any, frame: int) -> dict[str, Any]:
    """Per-frame attributes of an enhanced multi-frame image under classic keywords, so that
    sort_stack and split_stacks treat its frames exactly like single-frame instances."""
    fg = frame_geometry(ds, frame)
    out: dict[str, Any] = {
        "ImagePositionPatient": fg.position,
        "ImageOrientationPatient": fg.orientation,
        "PixelSpacing": fg.pixel_spacing,
        "SliceThickness": fg.slice_thickness,
        "Rows": _get(ds, "Rows"),
        "Columns": _get(ds, "Columns"),
    }
    content = _item(ds, frame, "FrameContentSequence")
    if content is not None:
        for kw in ("StackID", "InStackPositionNumber", "TemporalPositionIndex", "FrameAcquisitionNumber"):
            if kw in content:
                out[kw] = content[kw].value
    echo = _item(ds, frame, "MREchoSequence")
    if echo is not None and "EffectiveEchoTime" in echo:
        out["EffectiveEchoTime"] = echo.EffectiveEchoTime
    for seq in ("MRImageFrameTypeSequence", "CTImageFrameTypeSequence", "XAXRFFrameCharacteristicsSequence"):
        ftype = _item(ds, frame, seq)
        if ftype is not None and "FrameType" in ftype:
            out["ImageType"] = ftype.FrameType
            break
    diffusion = _item(ds, frame, "MRDiffusionSequence")
    if diffusion is not None and "DiffusionBValue" in diffusion:
        out["DiffusionBValue"] = diffusion.DiffusionBValue
    timing = _item(ds, frame, "CardiacSynchronizationSequence")
    if timing is not None and "NominalCardiacTriggerDelayTime" in timing:
        out["TriggerTime"] = timing.NominalCardiacTriggerDelayTime
    return out


def frame_geometry(ds: Any, frame: int = 0) -> FrameGeometry:
    """Position, orientation and spacing of one frame; enhanced multi-frame functional groups first
    (Plane Position / Plane Orientation / Pixel Measures), then the classic top-level attributes."""
    pp = _item(ds, frame, "PlanePositionSequence")
    po = _item(ds, frame, "PlaneOrientationSequence")
    pm = _item(ds, frame, "PixelMeasuresSequence")
    pos = _as_vec(_get(pp, "ImagePositionPatient") if pp is not None else None, 3)
    if pos is None:
        pos = _as_vec(_get(ds, "ImagePositionPatient"), 3)
    ori = _as_vec(_get(po, "ImageOrientationPatient") if po is not None else None, 6)
    if ori is None:
        ori = _as_vec(_get(ds, "ImageOrientationPatient"), 6)
    spacing = _as_vec(_get(pm, "PixelSpacing") if pm is not None else None, 2)
    if spacing is None:
        spacing = _as_vec(_get(ds, "PixelSpacing"), 2)
    thick = _get(pm, "SliceThickness") if pm is not None else None
    if thick is None:
        thick = _get(ds, "SliceThickness")
    try:
        thickness = float(thick) if thick not in (None, "") else None
    except (TypeError, ValueError):
        thickness = None
    return FrameGeometry(
        position=tuple(float(x) for x in pos) if pos is not None else None,
        orientation=tuple(float(x) for x in ori) if ori is not None else None,
        pixel_spacing=(float(spacing[0]), float(spacing[1])) if spacing is not None else None,
        slice_thickness=thickness,
    )


@dataclass(frozen=True)
class Calibration:
    row_spacing: float | None  # mm between rows (vertical), None when uncalibrated
    column_spacing: float | None
    source: str  # "PixelSpacing", "ImagerPixelSpacing", "ImagerPixelSpacing/ERMF", "NominalScannedPixelSpacing", "uncalibrated"
    note: str = ""

    @property
    def calibrated(self) -> bool:
        return self.row_spacing is not None


def pixel_calibration(ds: Any, frame: int = 0) -> Calibration:
    """Which pixel size a measurement should use, and where it comes from (PS3.3 10.7.1.3).

    Pixel Spacing is in the patient plane; Imager Pixel Spacing is at the detector and overstates anatomy by
    the geometric magnification, so it is divided by the Estimated Radiographic Magnification Factor when
    that is given. Ultrasound calibration lives in Sequence of Ultrasound Regions (per region, not here).
    """
    fg = frame_geometry(ds, frame)
    if fg.pixel_spacing is not None and min(fg.pixel_spacing) > 0:
        return Calibration(fg.pixel_spacing[0], fg.pixel_spacing[1], "PixelSpacing")
    imager = _as_vec(_get(ds, "ImagerPixelSpacing"), 2)
    if imager is not None and min(imager) > 0:
        ermf = _get(ds, "EstimatedRadiographicMagnificationFactor")
        try:
            factor = float(ermf) if ermf not in (None, "") else None
        except (TypeError, ValueError):
            factor = None
        if factor and factor > 0:
            return Calibration(
                float(imager[0]) / factor, float(imager[1]) / factor, "ImagerPixelSpacing/ERMF",
                f"detector spacing corrected for a magnification of {_fmt(factor)}",
            )
        return Calibration(float(imager[0]), float(imager[1]), "ImagerPixelSpacing", "measured at the detector")
    nominal = _as_vec(_get(ds, "NominalScannedPixelSpacing"), 2)
    if nominal is not None and min(nominal) > 0:
        return Calibration(float(nominal[0]), float(nominal[1]), "NominalScannedPixelSpacing", "scanned film")
    return _ultrasound_calibration(ds) or Calibration(None, None, "uncalibrated")


_US_TISSUE_2D = 1  # Region Spatial Format: 2-D (tissue or flow)
_US_CM = 3  # Physical Units: cm


def _ultrasound_calibration(ds: Any) -> Calibration | None:
    """Pixel size from the 2-D regions of the Sequence of Ultrasound Regions (PS3.3 C.8.5.5).

    Used for the whole image only when every 2-D region in centimetres agrees on the pixel size (one
    B-mode image, or a dual view at one depth); Doppler and M-mode regions measure time and velocity, not
    distance, and are left out. Disagreeing regions leave the image uncalibrated rather than guess."""
    regions = _get(ds, "SequenceOfUltrasoundRegions")
    if not regions:
        return None
    sizes = set()
    for region in regions:
        try:
            if int(region.get("RegionSpatialFormat", -1)) != _US_TISSUE_2D:
                continue
            if int(region.get("PhysicalUnitsXDirection", -1)) != _US_CM or int(region.get("PhysicalUnitsYDirection", -1)) != _US_CM:
                continue
            dx, dy = abs(float(region.PhysicalDeltaX)), abs(float(region.PhysicalDeltaY))
        except (AttributeError, TypeError, ValueError):
            continue
        if dx > 0 and dy > 0:
            sizes.add((round(dy * 10.0, 6), round(dx * 10.0, 6)))  # cm -> mm, (row, column)
    if len(sizes) == 1:
        row, col = sizes.pop()
        return Calibration(row, col, "UltrasoundRegion", "from the ultrasound region (2-D, cm)")
    if len(sizes) > 1:
        return Calibration(None, None, "uncalibrated", "ultrasound regions of different scales")
    return None
