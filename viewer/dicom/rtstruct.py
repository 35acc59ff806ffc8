"""RT Structure Sets: each ROI's planar contours (patient mm), its display colour, and its volume.

The contours are kept as they are (drawn as polylines on the slices they lie on) and also filled onto a
grid of the contours' own planes (``SegmentGrid``), so that a structure shows on any plane cut through it
(MPR) by the same sampling as a SEG. A closed contour lying inside another of its ROI on the same plane is
a hole (the even-odd rule TPSs write).

Volume: the sum, over the contours' planes, of each plane's enclosed area (holes subtracted) times the
distance between the planes (the median gap; the Slice Thickness of the referenced images cannot be known
here). This is the "area x slice spacing" method, not a voxel count.
"""

from __future__ import annotations

import numpy as np
import pydicom

from viewer.core.messages import msg
from viewer.dicom.seg import MaskBuilder, Segment, SegmentGrid, Segmentation, SegmentationError, default_color

_MAX_PIXELS = 768  # the grid's longest side: finer grids cost memory for nothing the reader can see


def read_rtstruct(path, pixel_mm: float | None = None, anchor=None) -> Segmentation:
    """``pixel_mm``: the grid's pixel (the referenced images' pixel spacing when known); ``anchor``: a
    referenced image's pixel centre (patient mm), so that the grid's pixels fall on the images' own."""
    try:
        ds = pydicom.dcmread(path, force=True)
    except Exception as exc:
        raise SegmentationError(msg("unreadable segmentation: {why}", why=type(exc).__name__)) from None
    return rtstruct_from_dataset(ds, pixel_mm, anchor)


def _polygon_normal(points: np.ndarray) -> np.ndarray | None:
    """Newell's normal of a closed polygon (points N x 3), None when degenerate."""
    nxt = np.roll(points, -1, axis=0)
    n = np.array([np.sum((points[:, 1] - nxt[:, 1]) * (points[:, 2] + nxt[:, 2])),
                  np.sum((points[:, 2] - nxt[:, 2]) * (points[:, 0] + nxt[:, 0])),
                  np.sum((points[:, 0] - nxt[:, 0]) * (points[:, 1] + nxt[:, 1]))])
    norm = np.linalg.norm(n)
    return None if norm < 1e-9 else n / norm


def _axes(normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Screen right and down on planes of ``normal``: the patient's left (+x) across and posterior (+y) or
    feet (-z) down, as axial, coronal and sagittal views show them."""
    normal = normal if normal[np.argmax(np.abs(normal))] > 0 else -normal
    for candidate in (np.array([1.0, 0, 0]), np.array([0, 1.0, 0])):
        right = candidate - normal * (candidate @ normal)
        if np.linalg.norm(right) > 0.5:
            break
    right /= np.linalg.norm(right)
    down = np.cross(normal, right)
    if abs(normal[2]) < 0.5 and down[2] > 0:  # coronal/sagittal: head up
        right, down = -right, -down
    return right, down


def _area(xy: np.ndarray) -> float:
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def _inside(point, xy: np.ndarray) -> bool:
    x, y = point
    xs, ys = xy[:, 0], xy[:, 1]
    xn, yn = np.roll(xs, -1), np.roll(ys, -1)
    crosses = (ys > y) != (yn > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = xs + (y - ys) * (xn - xs) / (yn - ys)
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def rt_references(ds) -> tuple[str, tuple[str, ...], frozenset]:
    frame_of_reference, series, sops = "", [], set()
    for f in ds.get("ReferencedFrameOfReferenceSequence", []):
        frame_of_reference = frame_of_reference or str(f.get("FrameOfReferenceUID", ""))
        for study in f.get("RTReferencedStudySequence", []):
            for s in study.get("RTReferencedSeriesSequence", []):
                if "SeriesInstanceUID" in s:
                    series.append(str(s.SeriesInstanceUID))
                sops.update(str(i.ReferencedSOPInstanceUID) for i in s.get("ContourImageSequence", [])
                            if "ReferencedSOPInstanceUID" in i)
    if not frame_of_reference:
        frame_of_reference = next((str(r.ReferencedFrameOfReferenceUID) for r in ds.get("StructureSetROISequence", [])
                                   if "ReferencedFrameOfReferenceUID" in r), "")
    return frame_of_reference, tuple(series), frozenset(sops)


def roi_segments(ds) -> list[Segment]:
    """Each ROI of the structure set as a segment (number, name, ROI Display Color), without its contours."""
    names = {int(r.ROINumber): str(r.get("ROIName", "") or r.ROINumber)
             for r in ds.get("StructureSetROISequence", []) if "ROINumber" in r}
    out = []
    for n, item in enumerate(ds.get("ROIContourSequence", [])):
        number = int(item.get("ReferencedROINumber", n + 1))
        color = item.get("ROIDisplayColor")
        rgb = tuple(min(max(float(c) / 255.0, 0.0), 1.0) for c in color) if color and len(color) == 3 \
            else default_color(n)
        out.append(Segment(number, names.get(number, str(number)), rgb))
    return out


def rtstruct_from_dataset(ds, pixel_mm: float | None = None, anchor=None) -> Segmentation:
    rois = []  # (number, name, colour, [closed contours N x 3])
    for segment, item in zip(roi_segments(ds), ds.get("ROIContourSequence", [])):
        contours = []
        for c in item.get("ContourSequence", []):
            data = c.get("ContourData")
            if not data or len(data) < 9 or c.get("ContourGeometricType", "CLOSED_PLANAR") != "CLOSED_PLANAR":
                continue
            contours.append(np.asarray(data, float).reshape(-1, 3))
        rois.append((segment.number, segment.label, segment.color, contours))
    every = [c for r in rois for c in r[3]]
    if not rois:
        raise SegmentationError(msg("the segmentation describes no segment"))
    frame_of_reference, series, sops = rt_references(ds)
    normal = next((nv for nv in (_polygon_normal(c) for c in every) if nv is not None), None)
    grid, volumes = (None, [0.0] * len(rois)) if normal is None else _fill(rois, normal, pixel_mm, anchor)
    segments = tuple(Segment(number, name, rgb, vol) for (number, name, rgb, _), vol in zip(rois, volumes))
    return Segmentation("contour", str(ds.get("SOPInstanceUID", "")), str(ds.get("SeriesInstanceUID", "")),
                        frame_of_reference, series, sops, segments, grid,
                        volume_method=msg("contour areas x slice spacing"),
                        contours={number: contours for number, _, _, contours in rois})


def _fill(rois, normal: np.ndarray, pixel_mm: float | None, anchor=None):
    right, down = _axes(normal)
    normal = np.cross(right, down)
    every = np.vstack([c for r in rois for c in r[3]])
    lo = np.array([every @ right, every @ down]).min(axis=1)
    hi = np.array([every @ right, every @ down]).max(axis=1)
    extent = float((hi - lo).max()) + 1.0
    pixel = max(pixel_mm or 1.0, extent / _MAX_PIXELS)
    lo -= 2 * pixel  # a margin, so that an outline drawn at the edge stays inside the grid
    if anchor is not None:  # on the images' pixel centres
        at = np.array([np.asarray(anchor, float) @ right, np.asarray(anchor, float) @ down])
        lo = at + np.floor((lo - at) / pixel) * pixel
    cols, rows = (np.ceil((hi - lo) / pixel).astype(int) + 5)
    planes = np.unique(np.round(np.concatenate([c @ normal for r in rois for c in r[3]]), 2))
    gap = float(np.median(np.diff(planes))) if len(planes) > 1 else 1.0
    masks = MaskBuilder(len(rois))
    volumes = []
    for s, (_, _, _, contours) in enumerate(rois):
        by_plane: dict[int, list[np.ndarray]] = {}
        for c in contours:
            k = int(np.searchsorted(planes, round(float(np.mean(c @ normal)), 2)))
            by_plane.setdefault(min(k, len(planes) - 1), []).append(
                np.column_stack([(c @ right - lo[0]) / pixel, (c @ down - lo[1]) / pixel]))
        area_mm2 = 0.0
        for k, polys in by_plane.items():
            layer = np.zeros((rows, cols), bool)
            for i, xy in enumerate(polys):
                layer ^= _scan_fill(xy, rows, cols)
                depth = sum(_inside(xy[0], other) for j, other in enumerate(polys) if j != i)
                area_mm2 += (-1 if depth % 2 else 1) * _area(xy) * pixel * pixel
            masks.put(s, k, layer.astype(np.uint8) * 255)
        volumes.append(area_mm2 * gap / 1000.0)
    origins = np.array([lo[0] * right + lo[1] * down + p * normal for p in planes])
    return SegmentGrid(right, down, (pixel, pixel), origins, gap, (int(rows), int(cols)), masks.build()), volumes


def _scan_fill(xy: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Pixels whose centre (integer coordinates) lies inside the polygon ``xy`` (columns, rows), even-odd
    rule, a centre on the boundary counting as inside: one scan line per row."""
    out = np.zeros((rows, cols), bool)
    x0, y0 = xy[:, 0], xy[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    for r in range(max(0, int(np.floor(y0.min()))), min(rows, int(np.ceil(y0.max())) + 1)):
        crossing = (y0 > r) != (y1 > r)
        if not crossing.any():
            continue
        xs = np.sort(x0[crossing] + (r - y0[crossing]) * (x1[crossing] - x0[crossing]) / (y1[crossing] - y0[crossing]))
        for a, b in zip(xs[::2], xs[1::2]):
            lo, hi = max(int(np.ceil(a - 1e-6)), 0), min(int(np.floor(b + 1e-6)), cols - 1)
            if lo <= hi:
                out[r, lo:hi + 1] = True
    return out
