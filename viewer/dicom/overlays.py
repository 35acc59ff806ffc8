"""What is drawn over or cut from an image by the file itself: overlay planes (PS3.3 C.9.2, separate Overlay
Data or bits embedded in uncompressed Pixel Data) and display shutters (PS3.3 C.7.6.11: rectangular, circular,
polygonal, bitmap). The pixel pipeline (``dicom.pixels``) turns stored values into grey; these say which display
pixels an overlay sets and which a shutter hides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom.decode import is_native, transfer_syntax
from viewer.dicom.pixels import _as_list


@dataclass(frozen=True)
class Overlay:
    """One overlay plane (PS3.3 C.9.2) for one frame, already unpacked."""

    group: int
    origin: tuple[int, int]  # (row, column) of the overlay's top-left pixel in the image, 0-based
    bitmap: np.ndarray = field(repr=False, compare=False)  # bool, overlay rows x columns
    kind: str = "G"  # G (graphics) | R (region of interest)
    label: str = ""
    description: str = ""
    embedded: bool = False  # carried in unused Pixel Data bits (retired, still written by old modalities)


def read_overlays(ds: Dataset, frame: int = 0) -> list[Overlay]:
    """The overlays that apply to a frame: separate Overlay Data, and overlays embedded in the unused high
    bits of uncompressed Pixel Data (Overlay Bits Allocated > 1). Unreadable planes are skipped: an overlay
    must never prevent the image from being shown."""
    out: list[Overlay] = []
    for group in range(0x6000, 0x6020, 2):
        if (group, 0x0010) not in ds or (group, 0x0011) not in ds:
            continue
        try:
            ov = _read_overlay(ds, group, frame)
        except Exception:
            continue
        if ov is not None:
            out.append(ov)
    return out


def _read_overlay(ds: Dataset, group: int, frame: int) -> Overlay | None:
    def val(elem: int, default: Any = None) -> Any:
        e = ds.get((group, elem))
        return default if e is None or e.value in (None, "") else e.value

    rows, cols = int(val(0x0010)), int(val(0x0011))
    origin = _as_list(val(0x0050, [1, 1]))
    r0, c0 = int(origin[0]) - 1, int(origin[1]) - 1  # Overlay Origin is 1-based
    nframes = int(val(0x0015, 1) or 1)
    first = int(val(0x0051, 1) or 1) - 1
    index = frame - first
    if nframes > 1 or (group, 0x0015) in ds:
        if not 0 <= index < nframes:
            return None
    else:
        index = 0
    data = val(0x3000)
    if data is not None:
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
        count = rows * cols
        if bits.size < (index + 1) * count:
            return None
        bitmap = bits[index * count:(index + 1) * count].reshape(rows, cols).astype(bool)
        embedded = False
    else:
        position = int(val(0x0102, 0))
        raw = _raw_native_frame(ds, frame)
        if raw is None or raw.shape != (rows, cols):
            return None
        bitmap = ((raw.view(f"u{raw.dtype.itemsize}") >> position) & 1).astype(bool)
        embedded = True
    return Overlay(
        group=group,
        origin=(r0, c0),
        bitmap=bitmap,
        kind=str(val(0x0040, "G")).strip().upper() or "G",
        label=str(val(0x1500, "") or ""),
        description=str(val(0x0022, "") or ""),
        embedded=embedded,
    )


def _raw_native_frame(ds: Dataset, frame: int) -> np.ndarray | None:
    """The frame's Pixel Data words exactly as stored (no masking), for embedded overlay bits."""
    if "PixelData" not in ds or not is_native(transfer_syntax(ds)):
        return None
    rows, cols, ba = int(ds.Rows), int(ds.Columns), int(ds.BitsAllocated)
    if ba not in (8, 16, 32) or int(ds.get("SamplesPerPixel") or 1) != 1:
        return None
    order = "<" if transfer_syntax(ds).is_little_endian else ">"
    dtype = np.dtype(f"{order}u{ba // 8}")
    count = rows * cols
    buf = ds.PixelData
    if len(buf) < (frame + 1) * count * dtype.itemsize:
        return None
    return np.frombuffer(buf, dtype=dtype, count=count, offset=frame * count * dtype.itemsize).reshape(rows, cols)


def burn_overlays(display: np.ndarray, overlays: Sequence[Overlay], value: int = 255) -> np.ndarray:
    """Overlay bits drawn over a display image (a new array), clipped to the image; ROI overlays, which
    mark a region rather than draw on it, are left to the caller."""
    out = np.array(display, copy=True)
    h, w = out.shape[:2]
    for ov in overlays:
        if ov.kind == "R":
            continue
        r0, c0 = ov.origin
        rs, cs = max(r0, 0), max(c0, 0)
        re_, ce = min(r0 + ov.bitmap.shape[0], h), min(c0 + ov.bitmap.shape[1], w)
        if re_ <= rs or ce <= cs:
            continue
        bits = ov.bitmap[rs - r0:re_ - r0, cs - c0:ce - c0]
        region = out[rs:re_, cs:ce]
        region[bits] = value
    return out


# --------------------------------------------------------------------------------------------- shutters


def shutter_mask(ds: Dataset, rows: int | None = None, columns: int | None = None) -> np.ndarray | None:
    """True where the image stays visible under its Display Shutter (PS3.3 C.7.6.11): the intersection of
    the rectangular, circular and polygonal shutters present. None when the image has no shutter."""
    shapes = [str(s).strip().upper() for s in _as_list(ds.get("ShutterShape"))]
    if not shapes:
        return None
    rows = int(rows or ds.Rows)
    columns = int(columns or ds.Columns)
    # Shutter coordinates are 1-based row/column positions of pixel centres.
    r = np.arange(1, rows + 1, dtype=np.float64)[:, None]
    c = np.arange(1, columns + 1, dtype=np.float64)[None, :]
    mask = np.ones((rows, columns), dtype=bool)
    try:
        if "RECTANGULAR" in shapes:
            left, right = float(ds.ShutterLeftVerticalEdge), float(ds.ShutterRightVerticalEdge)
            upper, lower = float(ds.ShutterUpperHorizontalEdge), float(ds.ShutterLowerHorizontalEdge)
            mask &= (c >= left) & (c <= right) & (r >= upper) & (r <= lower)
        if "CIRCULAR" in shapes:
            cr, cc = (float(v) for v in ds.CenterOfCircularShutter)
            radius = float(ds.RadiusOfCircularShutter)
            mask &= (r - cr) ** 2 + (c - cc) ** 2 <= radius * radius
        if "POLYGONAL" in shapes:
            v = np.asarray([float(x) for x in ds.VerticesOfThePolygonalShutter]).reshape(-1, 2)
            mask &= _inside_polygon(v[:, 0], v[:, 1], r, c)
    except (AttributeError, TypeError, ValueError):
        return None  # an incomplete shutter hides nothing rather than everything
    return mask


def _inside_polygon(vr: np.ndarray, vc: np.ndarray, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Even-odd rule, vectorised over pixels; boundary pixels count as inside."""
    inside = np.zeros(np.broadcast(r, c).shape, dtype=bool)
    n = len(vr)
    for i in range(n):
        r1, c1, r2, c2 = vr[i], vc[i], vr[(i + 1) % n], vc[(i + 1) % n]
        if r1 == r2:
            continue
        crosses = (r1 > r) != (r2 > r)
        at = c1 + (r - r1) * (c2 - c1) / (r2 - r1)
        inside ^= crosses & (c < at)
    # Add the outline itself so that shutters drawn exactly on pixel centres keep those pixels.
    for i in range(n):
        r1, c1, r2, c2 = vr[i], vc[i], vr[(i + 1) % n], vc[(i + 1) % n]
        length = max(abs(r2 - r1), abs(c2 - c1), 1.0)
        t = np.linspace(0.0, 1.0, int(length) + 1)
        rr = np.rint(r1 + t * (r2 - r1)).astype(int) - 1
        cc = np.rint(c1 + t * (c2 - c1)).astype(int) - 1
        ok = (rr >= 0) & (rr < inside.shape[0]) & (cc >= 0) & (cc < inside.shape[1])
        inside[rr[ok], cc[ok]] = True
    return inside


def shutter_value(ds: Dataset) -> int:
    """Display value (0-255) for shuttered pixels: Shutter Presentation Value is a 16-bit P-value."""
    v = ds.get("ShutterPresentationValue")
    try:
        return int(round(int(v) * 255 / 65535)) if v is not None else 0
    except (TypeError, ValueError):
        return 0


def apply_shutter(display: np.ndarray, mask: np.ndarray | None, value: int = 0) -> np.ndarray:
    if mask is None:
        return display
    out = np.array(display, copy=True)
    out[~mask] = value
    return out
