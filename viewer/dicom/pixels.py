"""The grayscale and colour pixel pipeline of PS3.4 (N.2 / C.11): stored values -> Modality LUT -> VOI LUT
-> (MONOCHROME1 polarity) -> Presentation LUT -> display bytes.

Design notes
- `PixelDescriptor` is header-only, frozen and hashable: it travels to decode worker processes, keys LUT
  caches, and lets the GUI rebuild a display LUT without touching pixel data.
- Integer images never go through float per pixel on the display path: one lookup table covering every
  possible stored value (65536 entries for 16-bit, indexed by the value's bit pattern so signed data needs
  no offset arithmetic) is built per window change and applied with `np.take`. A 512x512 int16 slice renders
  in well under a millisecond, so window/level drags stay fluid even on a 2-core laptop.
- `read_frame` returns a view on the dataset's buffer for uncompressed data whenever no correction is needed
  (the returned array may be read-only; copy before writing into it).
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from pydicom.dataset import Dataset

from viewer.core.messages import msg
from viewer.dicom.colour import icc_profile, to_screen

from .decode import (PixelDataError, decode_frame, fix_unused_bits, frame_out_of_range, header_problem, is_native,
                     transfer_syntax)

INVALID_HEADER = msg("the image header is invalid")

__all__ = [
    "Window",
    "LUT",
    "PixelDescriptor",
    "PixelDataError",
    "describe_frame",
    "read_frame",
    "to_modality",
    "auto_window",
    "file_window",
    "render_display",
    "display_lut",
    "voi_transform",
    "padding_mask",
    "modality_range",
]

VOI_FUNCTIONS = ("LINEAR", "LINEAR_EXACT", "SIGMOID")


@dataclass(frozen=True)
class Window:
    center: float
    width: float
    explanation: str = ""
    function: str = "LINEAR"  # LINEAR | LINEAR_EXACT | SIGMOID

    @property
    def low(self) -> float:
        return self.center - self.width / 2.0

    @property
    def high(self) -> float:
        return self.center + self.width / 2.0


@dataclass(frozen=True)
class LUT:
    """A Modality or VOI LUT Sequence item (PS3.3 C.11.1 / C.11.2): entries kept as bytes so the
    descriptor stays hashable and cheap to pickle."""

    first_mapped: int  # stored (or modality) value mapped to the first entry
    bits: int  # bits per entry, from the LUT Descriptor
    entries: bytes = field(repr=False)  # native-endian uint16
    explanation: str = ""

    @property
    def values(self) -> np.ndarray:
        return np.frombuffer(self.entries, dtype=np.uint16)

    @property
    def size(self) -> int:
        return len(self.entries) // 2

    def apply(self, x: np.ndarray) -> np.ndarray:
        """Values below the first entry take the first, above the last take the last (C.11.1.1)."""
        idx = np.asarray(x, dtype=np.float64) - self.first_mapped
        idx = np.clip(np.floor(idx), 0, self.size - 1).astype(np.intp)
        return self.values[idx]


@dataclass(frozen=True)
class PixelDescriptor:
    rows: int
    columns: int
    samples_per_pixel: int
    photometric: str
    bits_allocated: int
    bits_stored: int
    high_bit: int
    pixel_representation: int
    rescale_slope: float
    rescale_intercept: float
    rescale_type: str
    windows: tuple[Window, ...]
    modality_lut: LUT | None = None  # replaces slope/intercept when present (they are then absent in the file)
    voi_luts: tuple[LUT, ...] = ()
    padding_value: int | None = None  # stored value, (0028,0120)
    padding_limit: int | None = None  # stored value, (0028,0121): padding is the range [value, limit]
    presentation_lut_shape: str = ""  # IDENTITY | INVERSE | "" (absent)
    number_of_frames: int = 1
    planar_configuration: int = 0
    modality: str = ""
    transfer_syntax: str = ""
    is_float: bool = False  # Float / Double Float Pixel Data (parametric maps)
    icc_profile: bytes | None = field(default=None, repr=False)  # colour: applied for display (dicom.colour)

    @property
    def is_color(self) -> bool:
        return self.samples_per_pixel > 1 or self.photometric == "PALETTE COLOR"

    @property
    def is_signed(self) -> bool:
        return self.pixel_representation == 1

    @property
    def is_inverted(self) -> bool:
        """Whether low VOI output is shown white. MONOCHROME1 inverts after VOI; an image's own
        Presentation LUT Shape INVERSE (DX/MG/IO, C.8.11.6) says the same thing for MONOCHROME1, so the two
        are not stacked; INVERSE on MONOCHROME2 (seen in the wild) inverts."""
        return self.photometric == "MONOCHROME1" or self.presentation_lut_shape == "INVERSE"

    @property
    def stored_min(self) -> int:
        return -(1 << (self.bits_stored - 1)) if self.is_signed else 0

    @property
    def stored_max(self) -> int:
        return (1 << (self.bits_stored - 1)) - 1 if self.is_signed else (1 << self.bits_stored) - 1


# --------------------------------------------------------------------------------------------- header


def _num(value: Any, default: float) -> float:
    if value is None or value == "":
        return default
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        value = value[0] if len(value) else default
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return f if math.isfinite(f) else default


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return list(value)
    return [value]


def _frame_group(ds: Dataset, frame: int, sequence: str) -> Dataset | None:
    """The functional group item for one frame: per-frame first, then shared (PS3.3 C.7.6.16)."""
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    if per_frame is not None and frame < len(per_frame):
        seq = per_frame[frame].get(sequence)
        if seq:
            return seq[0]
    shared = ds.get("SharedFunctionalGroupsSequence")
    if shared:
        seq = shared[0].get(sequence)
        if seq:
            return seq[0]
    return None


def _read_lut(item: Dataset, signed_input: bool) -> LUT | None:
    desc = item.get("LUTDescriptor")
    data = item.get("LUTData")
    if desc is None or data is None or len(desc) < 3:
        return None
    n, first, bits = int(desc[0]), int(desc[1]), int(desc[2])
    n = n or 65536  # 0 means 2^16 entries (C.11.1.1)
    # The first mapped value is US or SS depending on Pixel Representation; implicit VR files and some
    # writers leave it as US even for signed input.
    if signed_input and first >= 32768:
        first -= 65536
    elem = item["LUTData"]
    if isinstance(data, (bytes, bytearray)):
        little = getattr(item, "is_little_endian", True)
        if len(data) == n and bits <= 8:  # 8-bit entries packed one per byte in OW/OB
            arr = np.frombuffer(data, dtype=np.uint8).astype(np.uint16)
        else:
            arr = np.frombuffer(data, dtype="<u2" if little in (True, None) else ">u2")[:n].astype(np.uint16)
    else:
        arr = np.asarray(_as_list(data), dtype=np.int64)
        if elem.VR == "SS" or (arr < 0).any():
            arr = arr & 0xFFFF
        arr = arr.astype(np.uint16)
    if arr.size == 0:
        return None
    if arr.size < n:  # truncated table: extend with the last entry rather than refuse the image
        arr = np.concatenate([arr, np.full(n - arr.size, arr[-1], dtype=np.uint16)])
    if bits not in range(1, 17):
        bits = max(int(arr.max()).bit_length(), 1)
    explanation = str(item.get("LUTExplanation") or "")
    return LUT(first_mapped=first, bits=bits, entries=np.ascontiguousarray(arr[:n]).tobytes(), explanation=explanation)


def _windows(source: Dataset, function: str) -> list[Window]:
    centers = _as_list(source.get("WindowCenter"))
    widths = _as_list(source.get("WindowWidth"))
    explanations = _as_list(source.get("WindowCenterWidthExplanation"))
    out: list[Window] = []
    for i, (c, w) in enumerate(zip(centers, widths)):
        try:
            c, w = float(c), float(w)
        except (TypeError, ValueError):
            continue
        if not (math.isfinite(c) and math.isfinite(w)) or w <= 0:
            continue  # width 0 or negative is invalid (C.11.2.1.2); offering it would blank the image
        if function == "LINEAR" and w < 1:
            w = 1.0
        exp = str(explanations[i]) if i < len(explanations) else ""
        out.append(Window(c, w, exp.strip(), function))
    return out


def describe_frame(ds: Dataset | str | Path, frame: int = 0) -> PixelDescriptor:
    """Header-only description of one frame, including enhanced multi-frame per-frame functional groups
    (Pixel Value Transformation, Frame VOI LUT) which override the top-level attributes.
    An unusable header (e.g. Number of Frames "1A") raises PixelDataError."""
    try:
        return _describe_frame(ds, frame)
    except (PixelDataError, IndexError):
        raise
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise PixelDataError(header_problem(str(exc)) or INVALID_HEADER, str(exc)) from None


def _describe_frame(ds: Dataset | str | Path, frame: int) -> PixelDescriptor:
    if isinstance(ds, (str, Path)):
        from pydicom import dcmread

        ds = dcmread(ds, stop_before_pixels=True)
    photometric = str(ds.get("PhotometricInterpretation") or "MONOCHROME2").strip().upper()
    spp = int(ds.get("SamplesPerPixel") or 1)
    is_float = "FloatPixelData" in ds or "DoubleFloatPixelData" in ds
    bits_allocated = int(ds.get("BitsAllocated") or (32 if is_float else 16))
    bits_stored = int(ds.get("BitsStored") or bits_allocated)
    bits_stored = min(max(bits_stored, 1), bits_allocated)
    high_bit = int(ds.get("HighBit") if ds.get("HighBit") is not None else bits_stored - 1)
    pixel_rep = int(ds.get("PixelRepresentation") or 0)
    modality = str(ds.get("Modality") or "").upper()

    pvt = _frame_group(ds, frame, "PixelValueTransformationSequence")
    src = pvt if pvt is not None and "RescaleSlope" in pvt else ds
    slope = _num(src.get("RescaleSlope"), 1.0) or 1.0
    intercept = _num(src.get("RescaleIntercept"), 0.0)
    rescale_type = str(src.get("RescaleType") or "").strip()
    if not rescale_type and modality == "CT" and not is_float:
        rescale_type = "HU"  # the CT Image module defines CT values as Hounsfield units (C.8.2.1)

    modality_lut = None
    mlut_seq = ds.get("ModalityLUTSequence")
    if mlut_seq and spp == 1:
        modality_lut = _read_lut(mlut_seq[0], pixel_rep == 1)
        if modality_lut is not None:
            rescale_type = str(mlut_seq[0].get("ModalityLUTType") or rescale_type)

    voi_item = _frame_group(ds, frame, "FrameVOILUTSequence")
    voi_src = voi_item if voi_item is not None and "WindowCenter" in voi_item else ds
    function = str(voi_src.get("VOILUTFunction") or ds.get("VOILUTFunction") or "LINEAR").strip().upper()
    if function not in VOI_FUNCTIONS:
        function = "LINEAR"
    windows = tuple(_windows(voi_src, function)) if spp == 1 else ()

    # VOI LUT input is the Modality LUT output; its first-mapped value is signed when that output can be
    # negative, which for rescaled data we cannot know from the header, so treat >= 32768 as negative only
    # when the stored data are signed.
    voi_luts: tuple[LUT, ...] = ()
    if spp == 1 and ds.get("VOILUTSequence"):
        voi_luts = tuple(
            lut
            for item in ds.VOILUTSequence
            if (lut := _read_lut(item, pixel_rep == 1 and modality_lut is None)) is not None
        )

    pad_value = ds.get("PixelPaddingValue")
    pad_limit = ds.get("PixelPaddingRangeLimit")
    pad_value = int(_as_list(pad_value)[0]) if _as_list(pad_value) else None
    pad_limit = int(_as_list(pad_limit)[0]) if _as_list(pad_limit) else None
    if pixel_rep == 1:
        # Padding attributes are US or SS by Pixel Representation; undo a US reading of a negative value.
        if pad_value is not None and pad_value >= (1 << 15) and bits_allocated <= 16:
            pad_value -= 1 << 16
        if pad_limit is not None and pad_limit >= (1 << 15) and bits_allocated <= 16:
            pad_limit -= 1 << 16

    try:
        nframes = max(int(ds.get("NumberOfFrames") or 1), 1)
    except (TypeError, ValueError):
        nframes = 1

    return PixelDescriptor(
        rows=int(ds.get("Rows") or 0),
        columns=int(ds.get("Columns") or 0),
        samples_per_pixel=spp,
        photometric=photometric,
        bits_allocated=bits_allocated,
        bits_stored=bits_stored,
        high_bit=high_bit,
        pixel_representation=pixel_rep,
        rescale_slope=slope,
        rescale_intercept=intercept,
        rescale_type=rescale_type,
        windows=windows,
        modality_lut=modality_lut,
        voi_luts=voi_luts,
        padding_value=pad_value,
        padding_limit=pad_limit,
        presentation_lut_shape=str(ds.get("PresentationLUTShape") or "").strip().upper(),
        number_of_frames=nframes,
        planar_configuration=int(ds.get("PlanarConfiguration") or 0),
        modality=modality,
        transfer_syntax=str(transfer_syntax(ds)),
        is_float=is_float,
        icc_profile=icc_profile(ds) if spp == 3 else None,
    )


# --------------------------------------------------------------------------------------------- decoding

_FAST_DTYPES = {(8, 0): "u1", (8, 1): "i1", (16, 0): "<u2", (16, 1): "<i2", (32, 0): "<u4", (32, 1): "<i4"}


def read_frame(ds: Dataset, frame: int = 0) -> np.ndarray:
    """Stored values of one frame.

    Grayscale: 2-D integer array in the native dtype of Bits Allocated, signed per Pixel Representation,
    bits above High Bit removed and sign-extended (float for Float Pixel Data). Colour: H x W x 3 uint8 RGB
    (YBR_* converted, PALETTE COLOR looked up, planar configuration undone, >8-bit samples scaled down).
    Raises PixelDataError with a readable reason when the frame cannot be decoded.
    """
    try:
        return _read_frame(ds, frame)
    except (PixelDataError, IndexError, MemoryError):
        raise
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise PixelDataError(header_problem(str(exc)) or INVALID_HEADER, str(exc)) from None


def _read_frame(ds: Dataset, frame: int) -> np.ndarray:
    photometric = str(ds.get("PhotometricInterpretation") or "MONOCHROME2").strip().upper()
    spp = int(ds.get("SamplesPerPixel") or 1)
    arr = _read_fast(ds, frame) if spp == 1 else None
    if arr is None:
        arr, props = decode_frame(ds, frame)
        if not arr.dtype.isnative:  # pydicom hands big-endian syntaxes back in file byte order
            arr = arr.astype(arr.dtype.newbyteorder("="))
    else:
        props = {}
    if photometric == "PALETTE COLOR" and spp == 1:
        return _palette_to_rgb(arr, ds)
    if spp == 1:
        if arr.ndim != 2:
            arr = arr.reshape(arr.shape[-2], arr.shape[-1]) if arr.ndim > 2 else arr
        return arr
    return _to_rgb8(arr, ds, props)


def _read_fast(ds: Dataset, frame: int) -> np.ndarray | None:
    """Zero-copy view for the overwhelmingly common case: uncompressed little-endian grayscale."""
    elem = ds.get("PixelData") if "PixelData" in ds else None
    if elem is None:
        return None
    ts = transfer_syntax(ds)
    if not is_native(ts) or not ts.is_little_endian:
        return None
    try:
        rows, cols = int(ds.Rows), int(ds.Columns)
        ba, bs = int(ds.BitsAllocated), int(ds.BitsStored)
        pr = int(ds.get("PixelRepresentation") or 0)
    except (AttributeError, TypeError, ValueError):
        return None
    dtype = _FAST_DTYPES.get((ba, pr))
    buf = ds.PixelData
    if dtype is None or not isinstance(buf, (bytes, bytearray, memoryview)):
        return None
    nframes = int(ds.get("NumberOfFrames") or 1)
    if not 0 <= frame < max(nframes, 1):
        raise frame_out_of_range(frame, nframes)
    frame_bytes = rows * cols * (ba // 8)
    if len(buf) < (frame + 1) * frame_bytes:
        raise PixelDataError(msg(
            "the pixel data is truncated: {have} bytes where {n} {n:frame|frames} of {columns} x {rows} need {need}",
            have=len(buf), n=nframes, columns=cols, rows=rows, need=nframes * frame_bytes))
    arr = np.frombuffer(buf, dtype=dtype, count=rows * cols, offset=frame * frame_bytes).reshape(rows, cols)
    high_bit = int(ds.get("HighBit") if ds.get("HighBit") is not None else bs - 1)
    if bs < ba or high_bit != bs - 1:
        arr = fix_unused_bits(arr, bs, high_bit, pr == 1)
    if not arr.dtype.isnative:  # big-endian hosts only
        arr = arr.astype(arr.dtype.newbyteorder("="))
    return arr


def _palette_to_rgb(indices: np.ndarray, ds: Dataset) -> np.ndarray:
    from pydicom.pixels.processing import apply_color_lut

    try:
        rgb = apply_color_lut(np.asarray(indices), ds)
    except Exception as exc:
        raise PixelDataError(msg("the PALETTE COLOR lookup tables are unusable"), str(exc)) from None
    if rgb.dtype == np.uint8:
        return rgb
    # Palette entries are 16-bit (C.7.6.3.1.6); the display keeps the top byte, as DCMTK does.
    bits = int(ds.RedPaletteColorLookupTableDescriptor[2]) if "RedPaletteColorLookupTableDescriptor" in ds else 16
    shift = max(bits - 8, 0)
    return (rgb >> shift).astype(np.uint8) if shift else rgb.astype(np.uint8)


def _to_rgb8(arr: np.ndarray, ds: Dataset, props: dict[str, Any]) -> np.ndarray:
    if arr.ndim == 4:
        arr = arr[0]
    pi = str(props.get("photometric_interpretation") or ds.get("PhotometricInterpretation") or "RGB").upper()
    if pi in ("YBR_FULL", "YBR_FULL_422"):
        from pydicom.pixels.processing import convert_color_space

        arr = convert_color_space(arr, "YBR_FULL", "RGB")
    if arr.dtype != np.uint8:
        bits = int(ds.get("BitsStored") or arr.dtype.itemsize * 8)
        shift = max(bits - 8, 0)
        arr = (arr >> shift).astype(np.uint8) if shift else arr.astype(np.uint8)
    if arr.shape[-1] != 3:
        arr = np.repeat(arr[..., :1], 3, axis=-1) if arr.shape[-1] < 3 else arr[..., :3]
    return arr


# --------------------------------------------------------------------------------------------- values


def to_modality(stored: np.ndarray, desc: PixelDescriptor) -> np.ndarray:
    """Modality values (e.g. HU) as a new float32 array: the Modality LUT Sequence when present, else rescale."""
    if desc.modality_lut is not None and not desc.is_float:
        return desc.modality_lut.apply(stored).astype(np.float32)
    out = np.asarray(stored).astype(np.float32)
    if desc.rescale_slope != 1.0:
        out *= np.float32(desc.rescale_slope)
    if desc.rescale_intercept != 0.0:
        out += np.float32(desc.rescale_intercept)
    return out


def _modality_scalar(desc: PixelDescriptor, value: float) -> float:
    if desc.modality_lut is not None:
        return float(desc.modality_lut.apply(np.array([value]))[0])
    return value * desc.rescale_slope + desc.rescale_intercept


def modality_range(desc: PixelDescriptor) -> tuple[float, float]:
    """The range modality values can take given Bits Stored (for sliders and window limits)."""
    if desc.modality_lut is not None:
        v = desc.modality_lut.values
        return float(v.min()), float(v.max())
    a = _modality_scalar(desc, desc.stored_min)
    b = _modality_scalar(desc, desc.stored_max)
    return (min(a, b), max(a, b))


def padding_mask(stored: np.ndarray, desc: PixelDescriptor) -> np.ndarray | None:
    """True where the stored value is Pixel Padding (C.7.5.1.1.2); None when the image declares none."""
    if desc.padding_value is None or desc.is_color:
        return None
    if desc.padding_limit is None:
        return stored == desc.padding_value
    lo, hi = sorted((desc.padding_value, desc.padding_limit))
    return (stored >= lo) & (stored <= hi)


def auto_window(modality_values: np.ndarray, desc: PixelDescriptor | None = None) -> Window:
    """A robust window from the data: 0.5-99.5 percentiles of a subsample, padding excluded.

    When the minimum value covers a large part of the image (CT outside the reconstruction circle at
    -2048/-3024, MR background at 0, black borders on secondary captures) it is background, not anatomy,
    and would stretch the window for nothing, so it is left out too.
    """
    v = np.asarray(modality_values)
    if v.ndim == 3:
        v = v.mean(axis=-1)
    step = max(1, int(math.sqrt(v.size / 65536.0)))  # ~64k samples: percentiles in ~1 ms on any size
    sample = v[::step, ::step] if v.ndim == 2 else v.ravel()[::step]
    sample = np.asarray(sample, dtype=np.float64).ravel()
    if desc is not None and desc.padding_value is not None:
        lo_p = _modality_scalar(desc, desc.padding_value)
        hi_p = _modality_scalar(desc, desc.padding_limit) if desc.padding_limit is not None else lo_p
        lo_p, hi_p = min(lo_p, hi_p), max(lo_p, hi_p)
        sample = sample[(sample < lo_p) | (sample > hi_p)]
    sample = sample[np.isfinite(sample)]
    if sample.size == 0:
        return Window(0.0, 1.0, "AUTO")
    vmin = sample.min()
    background = sample == vmin
    if background.mean() > 0.02 and not background.all():
        sample = sample[~background]
    lo, hi = np.percentile(sample, [0.5, 99.5])
    if hi <= lo:
        lo, hi = float(sample.min()), float(sample.max())
    width = max(float(hi - lo), 1.0)
    return Window(float(lo + hi) / 2.0, width, "AUTO")


def file_window(desc: PixelDescriptor, stored: np.ndarray | None = None) -> Window:
    """The image's own window: the file's first, else one from its values, else the full range Bits Stored
    allows. Which window a viewport opens an image with is ``viewer.presentation.windows``'s decision."""
    if desc.windows:
        return desc.windows[0]
    if stored is not None and not desc.is_color:
        return auto_window(to_modality(stored, desc), desc)
    lo, hi = modality_range(desc)
    return Window((lo + hi) / 2.0, max(hi - lo, 1.0), "AUTO")


# --------------------------------------------------------------------------------------------- display


def voi_transform(x: np.ndarray, window: Window) -> np.ndarray:
    """PS3.3 C.11.2.1.2 with output range [0, 1] (float64)."""
    x = np.asarray(x, dtype=np.float64)
    c, w = float(window.center), float(window.width)
    fn = (window.function or "LINEAR").upper()
    if fn == "SIGMOID":
        with np.errstate(over="ignore"):  # exp overflow far below the centre correctly gives 0
            return 1.0 / (1.0 + np.exp(-4.0 * (x - c) / w))
    if fn == "LINEAR_EXACT":
        w = max(w, 1e-12)
        return np.clip((x - c) / w + 0.5, 0.0, 1.0)
    # LINEAR: x <= c - 0.5 - (w-1)/2 -> 0; x > c - 0.5 + (w-1)/2 -> 1; else ((x-(c-0.5))/(w-1) + 0.5)
    w = max(w, 1.0)
    if w == 1.0:
        return (x > c - 0.5).astype(np.float64)
    return np.clip((x - (c - 0.5)) / (w - 1.0) + 0.5, 0.0, 1.0)


def _voi_lut_transform(m: np.ndarray, lut: LUT) -> np.ndarray:
    # Output spans 0 .. 2^bits - 1 of the LUT descriptor (C.11.2.1.1).
    return lut.apply(m).astype(np.float64) / float((1 << lut.bits) - 1)


def _pipeline(desc: PixelDescriptor, stored_values: np.ndarray, window: Window | None, invert: bool) -> np.ndarray:
    """Stored values -> display uint8 for a 1-D array of candidate stored values (LUT construction)."""
    if desc.modality_lut is not None:
        m = desc.modality_lut.apply(stored_values).astype(np.float64)
    else:
        m = stored_values.astype(np.float64) * desc.rescale_slope + desc.rescale_intercept
    if window is not None:
        v = voi_transform(m, window)
    elif desc.voi_luts:
        v = _voi_lut_transform(m, desc.voi_luts[0])
    else:
        lo, hi = modality_range(desc)
        v = voi_transform(m, Window((lo + hi) / 2.0, max(hi - lo, 1.0)))
    # A value that is not a number (float images: NaN where a PET or a parametric map has none, infinities)
    # shows as the lowest value (inf as the highest): a cast of NaN to uint8 is undefined (numpy warns
    # "invalid value encountered in cast" and gives any byte).
    v = np.nan_to_num(v, nan=0.0, posinf=1.0, neginf=0.0)
    if desc.is_inverted:
        v = 1.0 - v
    if invert:
        v = 1.0 - v
    # Truncation, as DCMTK does: renders then match the independent reference (dcm2pnm) exactly.
    return np.clip(np.floor(v * 255.0 + 1e-6), 0, 255).astype(np.uint8)


@lru_cache(maxsize=1)
def _u16_domain() -> tuple[np.ndarray, np.ndarray]:
    base = np.arange(65536, dtype=np.uint16)
    return base.astype(np.float64), base.view(np.int16).astype(np.float64)


@lru_cache(maxsize=64)
def display_lut(desc: PixelDescriptor, window: Window | None, invert: bool = False, itemsize: int = 2) -> np.ndarray:
    """The uint8 table indexed by the stored value's unsigned bit pattern (2**(8*itemsize) entries).

    Indexing by bit pattern (int16 viewed as uint16) avoids an offset subtraction over the whole image.
    Cached, so scrolling a stack with a fixed window rebuilds nothing.
    """
    if itemsize == 1:
        base = np.arange(256, dtype=np.uint8)
        values = (base.view(np.int8) if desc.is_signed else base).astype(np.float64)
    else:
        unsigned, signed = _u16_domain()
        values = signed if desc.is_signed else unsigned
    lut = _pipeline(desc, values, window, invert)
    lut.setflags(write=False)
    return lut


# Display bytes of big grey images (a mammogram: 13 Mpx, 20 ms alone and up to 90 ms beside the loader), made
# once: the loader's thread makes them as it reads such a frame (``prepare_display``), so the window's thread
# finds them when it draws the image at its opening window. Keyed by the stored array itself (a weak
# reference: a freed array never answers for a new one at the same address); read-only, a few kept.
BIG_PIXELS = 4_000_000
_KEPT_DISPLAYS = 4
_displays: "OrderedDict[tuple, tuple[weakref.ref, np.ndarray]]" = OrderedDict()
_displays_lock = threading.Lock()


def prepare_display(stored: np.ndarray, desc: PixelDescriptor) -> None:
    """Make ``stored``'s display bytes at its own window now (off the window's thread), if it is big."""
    if stored.size >= BIG_PIXELS and not desc.is_color and stored.ndim == 2:
        render_display(stored, desc, None)


def _kept_display(key: tuple, stored: np.ndarray) -> np.ndarray | None:
    with _displays_lock:
        hit = _displays.get(key)
        if hit is not None and hit[0]() is stored:
            _displays.move_to_end(key)
            return hit[1]
    return None


def _keep_display(key: tuple, stored: np.ndarray, out: np.ndarray) -> np.ndarray:
    out.setflags(write=False)
    with _displays_lock:
        _displays[key] = (weakref.ref(stored), out)
        while len(_displays) > _KEPT_DISPLAYS:
            _displays.popitem(last=False)
    return out


def render_display(stored: np.ndarray, desc: PixelDescriptor, window: Window | None, invert: bool = False) -> np.ndarray:
    """Display bytes: uint8 HxW for grayscale, HxWx3 for colour (colour is shown as stored: no VOI, only
    the optional user inversion). Overlays and shutters are separate steps (burn_overlays, apply_shutter).

    window=None means: the file's VOI LUT Sequence if it has one, else the file's first window, else an
    automatic window from the data.
    """
    stored = np.asarray(stored)
    if desc.is_color or (stored.ndim == 3 and stored.shape[-1] == 3):
        rgb = stored if stored.dtype == np.uint8 else np.clip(stored, 0, 255).astype(np.uint8)
        rgb = to_screen(rgb, desc.icc_profile)
        return 255 - rgb if invert else rgb
    if window is None and not desc.voi_luts:
        window = file_window(desc, stored)
    kind = stored.dtype.kind
    if kind in "iu" and stored.dtype.itemsize <= 2:
        big = stored.size >= BIG_PIXELS and stored.ndim == 2
        key = (id(stored), stored.shape, desc, window, invert)
        if big and (kept := _kept_display(key, stored)) is not None:
            return kept
        lut = display_lut(desc, window, invert, stored.dtype.itemsize)
        index = stored.view(np.uint8 if stored.dtype.itemsize == 1 else np.uint16)
        out = lut[index]  # fancy indexing: half the time of np.take on a 13 Mpx mammogram (20 vs 40 ms)
        return _keep_display(key, stored, out) if big else out
    if kind in "iu":
        lo, hi = int(stored.min()), int(stored.max())
        if hi - lo <= (1 << 20):
            lut = _pipeline(desc, np.arange(lo, hi + 1, dtype=np.float64), window, invert)
            return np.take(lut, (stored.astype(np.int64) - lo))
    # Float data (parametric maps) or huge integer ranges: evaluate per pixel.
    return _pipeline(desc, np.asarray(stored, dtype=np.float64), window, invert)
