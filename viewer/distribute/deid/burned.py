"""Burned-in text: which images need the reader's eye before they leave, and blacking out regions.

``needs_review`` flags an image whose header says Burned In Annotation = YES, or whose kind usually carries
text in its pixels (ultrasound, secondary captures, screen captures, some XA/DX/endoscopy). ``black_out``
rewrites the pixel data with the given rectangles set to black, decoding compressed data first and storing
the result uncompressed (Explicit VR Little Endian): a re-encoded lossy image would differ from what the
reader reviewed. Burned In Annotation becomes NO only when regions were blacked out.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian

from viewer.core.messages import msg

TEXT_MODALITIES = {"US", "SC", "OT", "XC", "ES", "GM", "SM", "DOC"}
SOMETIMES = {"XA", "DX", "CR", "RF", "MG", "IVUS"}  # flagged when the image is derived or a capture
SECONDARY_CAPTURE_PREFIX = "1.2.840.10008.5.1.4.1.1.7"


@dataclass(frozen=True)
class Rect:
    """A region in pixel coordinates of the stored image: columns x..x+width, rows y..y+height."""

    x: int
    y: int
    width: int
    height: int


def needs_review(ds: Dataset) -> str | None:
    """Why this image may carry burned-in text (a message), or None."""
    burned = str(ds.get("BurnedInAnnotation", "") or "").upper()
    if burned == "YES":
        return msg("Burned In Annotation is YES")
    if burned == "NO" or "PixelData" not in ds and "FloatPixelData" not in ds:
        return None
    modality = str(ds.get("Modality", "") or "").upper()
    sop_class = str(ds.get("SOPClassUID", "") or "")
    if sop_class.startswith(SECONDARY_CAPTURE_PREFIX):
        return msg("secondary capture: text is often burned in")
    if modality in TEXT_MODALITIES:
        return msg("{modality} images often carry burned-in text", modality=modality)
    image_type = [str(v).upper() for v in (ds.get("ImageType") or [])]
    if modality in SOMETIMES and ("DERIVED" in image_type[:1] or "SECONDARY" in image_type[:2]):
        return msg("{modality} derived image: text may be burned in", modality=modality)
    return None


def black_out(ds: Dataset, rects: list[Rect]) -> Dataset:
    """``ds`` with the regions set to black in every frame, stored uncompressed; Burned In Annotation NO."""
    if not rects:
        return ds
    pixels = ds.pixel_array.copy()  # decodes whatever the transfer syntax (pylibjpeg/GDCM handlers)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    samples = int(ds.get("SamplesPerPixel", 1) or 1)
    stack = pixels.reshape((frames,) + pixels.shape[-3 if samples > 1 else -2:])
    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2"))
    if samples > 1:
        black = 0
    elif photometric == "MONOCHROME1":  # the highest stored value displays black
        bits = int(ds.get("BitsStored", 16))
        black = (1 << (bits - 1)) - 1 if int(ds.get("PixelRepresentation", 0)) else (1 << bits) - 1
    else:  # the lowest value present: a padding value below it would show as the window's floor anyway
        black = stack.min()
    rows, cols = stack.shape[1], stack.shape[2]
    for r in rects:
        x0, y0 = max(0, int(r.x)), max(0, int(r.y))
        x1, y1 = min(cols, int(r.x + r.width)), min(rows, int(r.y + r.height))
        if x1 > x0 and y1 > y0:
            stack[:, y0:y1, x0:x1, ...] = black
    if samples > 1:
        ds.PlanarConfiguration = 0  # pydicom hands colour pixels back interleaved...
        if photometric.startswith("YBR"):
            ds.PhotometricInterpretation = "RGB"  # ...and converted to RGB
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.PixelData = stack.reshape(pixels.shape).tobytes()
    ds["PixelData"].VR = "OW" if int(ds.BitsAllocated) > 8 else "OB"
    ds["PixelData"].is_undefined_length = False
    ds.BurnedInAnnotation = "NO"
    return ds


def outside_regions(ds: Dataset) -> list[Rect] | None:
    """Everything around the image areas an ultrasound scanner declares (Sequence of Ultrasound Regions,
    PS3.3 C.8.5.5): the patient's name, the hospital and the date sit there, outside the acquired regions.
    The rectangles cover the image but the union of the regions; None when the header declares no usable
    region (then only the reader can tell where text is: PS3.15's Clean Pixel Data needs a known layout)."""
    rows, cols = int(ds.get("Rows", 0) or 0), int(ds.get("Columns", 0) or 0)
    kept = []
    for region in ds.get("SequenceOfUltrasoundRegions", None) or []:
        try:
            x0, y0 = int(region.RegionLocationMinX0), int(region.RegionLocationMinY0)
            x1, y1 = int(region.RegionLocationMaxX1) + 1, int(region.RegionLocationMaxY1) + 1  # inclusive bounds
        except (AttributeError, TypeError, ValueError):
            return None  # a region without its bounds: its layout is not known
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(cols, x1), min(rows, y1)
        if x1 > x0 and y1 > y0:
            kept.append((x0, y0, x1, y1))
    if not kept or rows <= 0 or cols <= 0:
        return None
    # The cells of the grid the regions' edges make, those in no region (a handful for one or two regions).
    xs = sorted({0, cols, *(v for k in kept for v in (k[0], k[2]))})
    ys = sorted({0, rows, *(v for k in kept for v in (k[1], k[3]))})
    out = []
    for ya, yb in zip(ys, ys[1:]):
        for xa, xb in zip(xs, xs[1:]):
            if not any(k[0] <= xa and xb <= k[2] and k[1] <= ya and yb <= k[3] for k in kept):
                out.append(Rect(xa, ya, xb - xa, yb - ya))
    return out


def clean_pixels(ds: Dataset) -> Dataset | None:
    """``ds`` with everything outside its declared image regions blacked out (``outside_regions``), or None
    when its layout is not known."""
    rects = outside_regions(ds)
    if rects is None:
        return None
    if not rects:  # the regions cover the whole image: nothing around them to hold text
        ds.BurnedInAnnotation = "NO"
        return ds
    return black_out(ds, rects)


def masks_to_json(masks: dict[str, list[Rect]]) -> str:
    """The mask description stored with an export: series UID (as exported) -> rectangles."""
    return json.dumps({k: [asdict(r) for r in v] for k, v in masks.items()}, indent=1)


def masks_from_json(text: str) -> dict[str, list[Rect]]:
    data = json.loads(text)
    return {k: [Rect(int(r["x"]), int(r["y"]), int(r["width"]), int(r["height"])) for r in v] for k, v in data.items()}


def preview(ds: Dataset) -> np.ndarray:
    """The first frame as 8-bit grey (rows x cols) or RGB (rows x cols x 3), stretched from its lowest to its
    highest value: text burned in is usually the brightest, and must be seen whatever the window."""
    arr = ds.pixel_array
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        arr = arr[0]
    if arr.ndim == 3:
        return np.ascontiguousarray(arr.astype(np.uint8) if arr.dtype == np.uint8 else
                                    (255 * (arr - arr.min()) / max(1, np.ptp(arr))).astype(np.uint8))
    lo, hi = float(arr.min()), float(arr.max())
    grey = (255.0 * (arr.astype(np.float64) - lo) / max(1.0, hi - lo)).astype(np.uint8)
    if str(ds.get("PhotometricInterpretation", "")) == "MONOCHROME1":
        grey = 255 - grey
    return np.ascontiguousarray(grey)
