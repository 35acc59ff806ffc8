"""Turning a dataset's Pixel Data into decoded sample arrays, with one decoder chosen per transfer syntax.

pydicom tries its plugins in a fixed order that is not the fastest one for every syntax (measured on
512x512 CT, see docs/ENVIRONMENT.md: CharLS via pyjpegls decodes JPEG-LS ~4x faster than libjpeg, RLE via
pylibjpeg-rle ~20x faster than pydicom's pure-Python RLE), so the preferred plugin is named here and the
others are only a fallback. Where every plugin fails, GDCM gets the frame directly (``gdcm_decode``) before
it is called undecodable, in the processes that allow it (``allow_last_resort``: the isolated decode
workers). Every failure surfaces as `PixelDataError` with a message a radiologist or a PACS administrator
can act on; nothing here lets a codec exception escape raw.

This module runs inside decode worker processes as well as in the GUI process: pydicom and numpy only.
"""

from __future__ import annotations

import logging
import re
import struct
from typing import Any

import numpy as np
from pydicom import uid as _uid
from pydicom.dataset import Dataset
from pydicom.pixels import get_decoder

from viewer.core.messages import Message, msg
from viewer.dicom import gdcm_decode, video

log = logging.getLogger(__name__)

__all__ = [
    "PixelDataError",
    "pixel_reason",
    "header_problem",
    "frame_out_of_range",
    "transfer_syntax",
    "syntax_name",
    "is_decodable",
    "is_native",
    "decode_frame",
    "fix_unused_bits",
    "allow_last_resort",
    "PREFERRED_PLUGINS",
]


class PixelDataError(ValueError):
    """The pixel data of a dataset cannot be turned into an image; the message (a ``msg``) says why, in plain
    words and in the reader's language; what the codec said is kept in ``detail`` for the log."""

    def __init__(self, reason: Message, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


NO_PIXEL_DATA = msg("the file has no pixel data (it is not an image, or the image was stripped)")
CANNOT_DECODE = msg("the image data could not be decoded")
TOO_BIG = msg("the image is too large to decode in the memory available")

# pydicom names the header element it found missing or wrong as "(0028,0101) 'Bits Stored'".
_ELEMENT = re.compile(r"\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\) '([A-Za-z ]+)'")


def header_problem(text: str) -> Message | None:
    """The reader's reason for a pixel-module problem named in a library's text, else None."""
    found = _ELEMENT.search(text)
    if found and found.group(1).upper() in ("0028", "7FE0"):
        return msg("the image header is invalid: {attribute} is missing or wrong", attribute=found.group(3))
    if "number of bytes of pixel data is less than" in text or "end of the data was reached" in text:
        return msg("the pixel data is shorter than the image header says")
    return None


def frame_out_of_range(frame: int, nframes: int) -> IndexError:
    return IndexError(msg("frame {frame} does not exist: the image has {n} {n:frame|frames}",
                          frame=frame + 1, n=nframes))


def pixel_reason(exc: BaseException) -> Message:
    """What to tell the reader about any failure to turn a frame into pixels: always a catalogued message
    (never a codec's or parser's own words, which go to the log without patient data)."""
    if isinstance(exc, PixelDataError) and isinstance(exc.reason, Message):
        return exc.reason
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    if isinstance(exc, MemoryError):
        return TOO_BIG
    text = " ".join(str(exc).split())
    log.debug("pixel data not decoded: %s: %s", type(exc).__name__, text[:300])
    return header_problem(text) or CANNOT_DECODE


PREFERRED_PLUGINS: dict[str, tuple[str, ...]] = {
    _uid.JPEGBaseline8Bit: ("pylibjpeg", "pillow"),
    _uid.JPEGExtended12Bit: ("pylibjpeg", "pillow"),
    # GDCM decodes lossless JPEG about twice as fast as libjpeg (6.6 vs 15 ms per 512x512 slice here).
    _uid.JPEGLossless: ("gdcm", "pylibjpeg"),
    _uid.JPEGLosslessSV1: ("gdcm", "pylibjpeg"),
    _uid.JPEGLSLossless: ("pyjpegls", "pylibjpeg"),
    _uid.JPEGLSNearLossless: ("pyjpegls", "pylibjpeg"),
    _uid.JPEG2000Lossless: ("pylibjpeg", "pillow"),
    _uid.JPEG2000: ("pylibjpeg", "pillow"),
    _uid.HTJ2KLossless: ("pylibjpeg",),
    _uid.HTJ2KLosslessRPCL: ("pylibjpeg",),
    _uid.HTJ2K: ("pylibjpeg",),
    _uid.RLELossless: ("pylibjpeg", "pydicom"),
}

_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")
_last_resort = {"allowed": False, "quiet": False}


def allow_last_resort(quiet_stderr: bool = True) -> None:
    """Let this process hand frames no plugin decodes to GDCM (``gdcm_decode``). Called by the isolated
    decode workers: GDCM's codecs are C++ that a damaged stream can crash, which must cost one frame, not
    the application. ``quiet_stderr``: silence what its codecs print while they try."""
    _last_resort.update(allowed=True, quiet=quiet_stderr)


def transfer_syntax(ds: Dataset) -> _uid.UID:
    """The dataset's transfer syntax; inferred from how it was encoded when the file has no meta header.

    ACR-NEMA style files and bare datasets (e.g. OT-PAL-8-face.dcm) carry no (0002,0010); GDCM and DCMTK
    still show them, so we infer the syntax from the encoding pydicom detected rather than refusing them.
    """
    meta = getattr(ds, "file_meta", None)
    ts = meta.get("TransferSyntaxUID") if meta is not None else None
    if ts:
        return _uid.UID(str(ts))
    implicit, little = getattr(ds, "original_encoding", (None, None))
    if implicit is None:
        implicit, little = True, True
    if little:
        return _uid.ImplicitVRLittleEndian if implicit else _uid.ExplicitVRLittleEndian
    return _uid.ExplicitVRBigEndian


# Syntaxes newer than pydicom 3.0.2's dictionary, named so error messages stay readable.
_EXTRA_NAMES = {
    "1.2.840.10008.1.2.8.1": "Deflated Image Frame Compression",
    "1.2.840.10008.1.2.4.100.1": "MPEG2 Main Profile / Main Level (fragmentable)",
    "1.2.840.10008.1.2.4.110": "JPEG XL Lossless",
    "1.2.840.10008.1.2.4.111": "JPEG XL JPEG Recompression",
    "1.2.840.10008.1.2.4.112": "JPEG XL",
}


def syntax_name(ts: str) -> str:
    ts = str(ts)
    if ts in _EXTRA_NAMES:
        return _EXTRA_NAMES[ts]
    name = _uid.UID(ts).name
    return name if name and name != ts else msg("unknown transfer syntax {uid}", uid=_printable(ts))


def _printable(text: str) -> str:
    """A UID from a damaged file, safe to show: printable ASCII only, at most 64 characters."""
    return "".join(c if " " <= c <= "~" else "?" for c in text)[:64]


def is_native(ts: str) -> bool:
    """Uncompressed syntaxes whose Pixel Data pydicom hands over as plain bytes (deflate is undone on read)."""
    ts = _uid.UID(str(ts))
    return ts.is_transfer_syntax and not ts.is_compressed


def is_decodable(ts: str) -> bool:
    """Whether this installation has a decoder able to handle the syntax (not whether a given file is sound):
    a pydicom plugin, or GDCM, which the decode workers fall back to (retired JPEG processes)."""

    ts = _uid.UID(str(ts))
    if ts.is_transfer_syntax and not ts.is_compressed:
        return True
    if video.is_video_syntax(ts):
        return video.can_decode(ts)
    try:
        if get_decoder(ts).is_available:
            return True
    except (NotImplementedError, ValueError):
        pass
    return gdcm_decode.knows(ts)


def _pixel_keyword(ds: Dataset) -> str:
    present = [kw for kw in _PIXEL_KEYWORDS if kw in ds]
    if not present:
        raise PixelDataError(NO_PIXEL_DATA)
    return present[0]


def decode_frame(ds: Dataset, frame: int = 0, *, raw: bool = False) -> tuple[np.ndarray, dict[str, Any]]:
    """One decoded frame through pydicom's decoders with our plugin preference.

    Returns the array and pydicom's pixel properties for it (its photometric interpretation may differ
    from the dataset's when the codec already converted colour, e.g. JPEG YBR -> RGB, J2K RCT/ICT -> RGB).
    With raw=False, YBR_FULL/YBR_FULL_422 come back as RGB; signedness and unused high bits are corrected
    (PS3.5 8.1.1: nothing may be assumed about the bits above High Bit).
    """
    _pixel_keyword(ds)
    ts = transfer_syntax(ds)
    nframes = _number_of_frames(ds)
    if not 0 <= frame < nframes:
        raise frame_out_of_range(frame, nframes)
    if video.is_video_syntax(ts):
        return _decode_video(ds, frame, ts)
    try:
        decoder = get_decoder(ts)
    except (NotImplementedError, ValueError):
        decoder = None
    if decoder is None or not decoder.is_available:
        if decoder is None:
            reason = msg("{syntax} is not supported: no decoder exists for it", syntax=syntax_name(ts))
            detail = ""
        else:
            detail = "; ".join(decoder.missing_dependencies) or "no plugin installed"
            reason = msg("{syntax} cannot be decoded on this installation (a decoder is missing)",
                         syntax=syntax_name(ts))
        return _last_resort_or(reason, ds, frame, ts, nframes, raw, detail)

    try:
        return _decode_with(decoder, ds, frame, raw)
    except PixelDataError as first_error:
        reason = header_problem(first_error.detail) or msg(
            "the {syntax} image data is damaged: no decoder could read it", syntax=syntax_name(ts))
        detail = first_error.detail
        if not decoder.is_encapsulated:
            raise PixelDataError(reason, detail) from None
        # Some writers put odd-length fragments or a wrong Basic Offset Table (e.g. GDCM's 00191113.dcm
        # XA cine); GDCM and DCMTK read those by walking the items, so we do too before giving up.
        single = _frame_as_dataset(ds, frame, ts, nframes)
        if single is not None:
            try:
                return _decode_with(decoder, single, 0, raw)
            except PixelDataError:
                pass
        return _last_resort_or(reason, ds, frame, ts, nframes, raw, detail)


def _decode_video(ds: Dataset, frame: int, ts: _uid.UID) -> tuple[np.ndarray, dict[str, Any]]:
    """A frame of a video syntax through PyAV (``dicom.video``), as RGB whatever the stored YBR."""
    if not video.can_decode(ts):
        raise PixelDataError(msg("{syntax} cannot be decoded on this installation (a decoder is missing)",
                                 syntax=syntax_name(ts)), f"no {video.codec_of(ts)} decoder in PyAV")
    try:
        arr = video.decode_video_frame(ds, frame)
    except video.VideoError as exc:
        raise PixelDataError(exc.args[0], getattr(exc, "detail", "")) from None
    return arr, {"photometric_interpretation": "RGB", "samples_per_pixel": 3}


def _last_resort_or(reason: Message, ds: Dataset, frame: int, ts: _uid.UID, nframes: int,
                    raw: bool, detail: str = "") -> tuple[np.ndarray, dict[str, Any]]:
    """GDCM's decoding of the frame where this process allows it (see ``allow_last_resort``), else
    ``PixelDataError(reason)``; a GDCM failure keeps the first reason, which says what the file is."""

    if not _last_resort["allowed"] or not gdcm_decode.knows(ts):
        raise PixelDataError(reason, detail)
    fragments = _frame_fragments(ds, frame, nframes)
    if fragments is None:
        raise PixelDataError(reason, detail)
    try:
        header = _gdcm_header(ds)
        arr, props = gdcm_decode.decode(fragments, header, ts, _last_resort["quiet"])
    except MemoryError:
        raise
    except Exception as exc:  # GDCM raises anything (TypeError from SWIG, RuntimeError, ValueError)
        raise PixelDataError(reason, f"{detail}; GDCM: {_short(exc)}") from None
    if header["samples_per_pixel"] == 1 and arr.dtype.kind in "iu":
        # A JPEG stream's samples sit in its precision's low bits, whatever High Bit the header says.
        bits = header["bits_stored"]
        arr = fix_unused_bits(arr, bits, bits - 1, header["pixel_representation"] == 1)
    elif not raw and str(props.get("photometric_interpretation", "")).upper() in ("YBR_FULL", "YBR_FULL_422"):
        from pydicom.pixels.processing import convert_color_space

        arr = convert_color_space(arr, "YBR_FULL", "RGB")
        props = {**props, "photometric_interpretation": "RGB"}
    return arr, props


def _gdcm_header(ds: Dataset) -> dict[str, Any]:
    bits_allocated = int(ds.BitsAllocated)
    return {
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "samples_per_pixel": int(ds.get("SamplesPerPixel") or 1),
        "photometric": str(ds.get("PhotometricInterpretation") or "MONOCHROME2").strip().upper(),
        "planar_configuration": int(ds.get("PlanarConfiguration") or 0),
        "bits_allocated": bits_allocated,
        "bits_stored": int(ds.get("BitsStored") or bits_allocated),
        "pixel_representation": int(ds.get("PixelRepresentation") or 0),
    }


def _decode_with(decoder: Any, ds: Dataset, frame: int, raw: bool) -> tuple[np.ndarray, dict[str, Any]]:
    plugins = [p for p in PREFERRED_PLUGINS.get(decoder.UID, ()) if p in decoder.available_plugins]
    if decoder.is_encapsulated:
        # Then every other plugin but GDCM, whose bundled codecs print to stderr on bad data; GDCM is
        # used only where it was chosen above.
        attempts = plugins + [p for p in decoder.available_plugins if p not in plugins and p != "gdcm"]
    else:
        attempts = [""]
    errors: list[str] = []
    for plugin in attempts:
        try:
            return decoder.as_array(ds, index=frame, raw=raw, decoding_plugin=plugin, as_rgb=not raw)
        except MemoryError:
            raise
        except Exception as exc:  # codecs raise anything: RuntimeError, ValueError, StopIteration...
            errors.append(_short(exc))
            if plugin == "":
                break
    raise PixelDataError(CANNOT_DECODE, errors[0] if errors else "unknown error")


def _items(data: bytes) -> list[bytes]:
    """Encapsulated items in file order (the first is the Basic Offset Table), trusting only item lengths."""
    out: list[bytes] = []
    pos = 0
    while pos + 8 <= len(data):
        group, elem, length = struct.unpack_from("<HHI", data, pos)
        if (group, elem) == (0xFFFE, 0xE0DD):
            break
        if (group, elem) != (0xFFFE, 0xE000) or length == 0xFFFFFFFF:
            return []
        out.append(bytes(data[pos + 8 : pos + 8 + length]))
        pos += 8 + length
    return out


_FRAME_STARTS = (b"\xff\xd8", b"\xff\x4f\xff\x51")  # JPEG / JPEG-LS SOI, JPEG 2000 SOC+SIZ


def _frame_fragments(ds: Dataset, frame: int, nframes: int) -> list[bytes] | None:
    """The fragments of one frame, found by walking the items (a Basic Offset Table is not trusted):
    one fragment per frame, or frames that start with a codec's start marker."""
    data = ds.get("PixelData")
    if not isinstance(data, (bytes, bytearray)):
        return None
    fragments = _items(data)[1:]
    if not fragments:
        return None
    if len(fragments) == nframes:
        return [fragments[frame]]
    frames: list[list[bytes]] = []
    for f in fragments:
        if not frames or f.startswith(_FRAME_STARTS):
            frames.append([f])
        else:
            frames[-1].append(f)
    if nframes == 1:
        return fragments  # one frame in several fragments, whatever its first bytes look like
    return frames[frame] if len(frames) == nframes else None


def _frame_as_dataset(ds: Dataset, frame: int, ts: _uid.UID, nframes: int) -> Dataset | None:
    from pydicom.dataset import FileMetaDataset
    from pydicom.encaps import encapsulate

    fragments = _frame_fragments(ds, frame, nframes)
    if fragments is None:
        return None
    single = Dataset()
    for kw in ("SamplesPerPixel", "PhotometricInterpretation", "PlanarConfiguration", "Rows", "Columns",
               "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation"):
        if kw in ds:
            setattr(single, kw, ds[kw].value)
    single.NumberOfFrames = 1
    single.file_meta = FileMetaDataset()
    single.file_meta.TransferSyntaxUID = ts
    single.PixelData = encapsulate([b"".join(fragments)])
    single["PixelData"].VR = "OB"
    return single


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text.replace("Unable to decode as exceptions were raised by all available plugins: ", "")
    return text if len(text) <= 300 else text[:297] + "..."


def _number_of_frames(ds: Dataset) -> int:
    try:
        n = int(ds.get("NumberOfFrames") or 1)
    except (TypeError, ValueError):
        n = 1
    return max(n, 1)


def fix_unused_bits(arr: np.ndarray, bits_stored: int, high_bit: int, signed: bool) -> np.ndarray:
    """PS3.5 8.1.1: bits outside [High Bit - Bits Stored + 1, High Bit] carry nothing we may trust
    (overlays, garbage, or a sign extension that may or may not be there)."""
    nbits = arr.dtype.itemsize * 8
    low = high_bit + 1 - bits_stored
    if bits_stored >= nbits and low <= 0:
        return arr
    up = nbits - 1 - high_bit
    if up < 0 or low < 0:  # inconsistent header: trust Bits Stored as the low bits
        up, low = nbits - bits_stored, 0
    if signed:
        out = np.left_shift(arr.view(f"i{arr.dtype.itemsize}"), up)
        np.right_shift(out, up + low, out=out)
        return out
    unsigned = arr.view(f"u{arr.dtype.itemsize}")
    if not low and unsigned.size and int(unsigned.max()) >> bits_stored == 0:
        # Nothing above High Bit (the usual case): no masked copy. A reduction reads the frame; a copy also
        # writes fresh memory, page by page (a 4,000 x 3,300 frame: ~3 ms against ~40 ms).
        return unsigned
    if low:
        out = np.right_shift(unsigned, low)
        return np.bitwise_and(out, (1 << bits_stored) - 1, out=out)
    return np.bitwise_and(unsigned, (1 << bits_stored) - 1)
