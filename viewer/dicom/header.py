"""Reading the indexed header fields of one DICOM file, and checking that the file is complete.

Only the header is parsed (``stop_before_pixels``); completeness of the pixel data is checked from its
element header and the file size, without reading it. Every refusal is a ``NotImportable`` whose message
is a plain-language reason free of patient data.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import BinaryIO, Iterator

import pydicom
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError

from viewer.core.messages import msg
from viewer.dicom import structure, tagscan
from viewer.dicom.fields import HeaderValues, numbers_text

MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"
DEFLATED_SYNTAXES = {"1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.8.1"}
DEFLATED_DATASET = "1.2.840.10008.1.2.1.99"  # the whole dataset deflated (8.1 deflates only the frames)
NATIVE_SYNTAXES = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"}
PIXEL_TAGS = {0x7FE00010, 0x7FE00008, 0x7FE00009}
_HEADER_READ = 64 * 1024
HEADER_READ = _HEADER_READ
FIRST_READ = 16 * 1024  # the whole header of nine files in ten (copying 64 KiB out of the page cache costs more)
_ITEM, _SEQ_END = 0xFFFEE000, 0xFFFEE0DD
_LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"}


class NotImportable(Exception):
    """The file cannot go into the cache; ``reason`` (also ``str(exc)``) is the reason shown to the user."""

    @property
    def reason(self) -> str:
        """The message itself (``str(exc)`` would lose its template, so it could not be translated)."""
        return self.args[0] if self.args else type(self).__name__


@dataclass(frozen=True)
class InstanceHeader:
    sop_uid: str
    sop_class: str
    study_uid: str
    series_uid: str
    patient_id: str
    issuer: str
    patient_name: str
    birth_date: str
    sex: str
    study_date: str
    study_time: str
    study_description: str
    accession: str
    modality: str
    series_number: int | None
    series_description: str
    body_part: str
    instance_number: int | None
    transfer_syntax: str
    rows: int | None
    columns: int | None
    frames: int
    position: str  # ImagePositionPatient as "x\y\z", "" when absent
    orientation: str  # ImageOrientationPatient as six backslash-separated numbers, "" when absent
    # Which of the UIDs above Cauri made up because the file's were missing or invalid: "sop", "study",
    # "series", space-separated ("" for none). Such an instance is never sent out as if they were its own.
    derived: str = ""


DERIVED_KEYWORDS = {"sop": "SOPInstanceUID", "study": "StudyInstanceUID", "series": "SeriesInstanceUID"}
_UID = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*")
# Cauri's namespace for name-based UUIDs (RFC 4122 version 5): uuid5(NAMESPACE_URL, "urn:cauri:derived-uid").
CAURI_UID_NAMESPACE = uuid.UUID("ae140e61-57e0-59aa-bda8-e0e5917edec9")


def valid_uid(text: str) -> bool:
    """PS3.5 9.1: digits and dots, at most 64 characters, no empty component, no leading zero in one."""
    return 0 < len(text) <= 64 and _UID.fullmatch(text) is not None


def sniff(head: bytes) -> str:
    """What the first 132 bytes of a file say it is: part10, raw, zip, gzip, empty or unknown."""
    if not head:
        return "empty"
    if len(head) >= 132 and head[128:132] == b"DICM":
        return "part10"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    # A dataset without preamble starts with one of the first elements of group 0002 or 0008 (or a
    # command group length), in either byte order. Anything else is kept away from pydicom's force
    # mode, which would "read" any garbage.
    # The element's VR or length must make sense too: a file of zeros is tag (0000,0000) of length 0
    # over and over, and pydicom would read a 2 GB one element by element.
    if len(head) >= 8:
        for order in "<>":
            group, elem = struct.unpack(order + "HH", head[:4])
            if (group in (0x0002, 0x0008) and elem < 0x0100) or (group, elem) == (0x0000, 0x0000):
                explicit = head[4:6] in structure.VRS
                length = struct.unpack(order + "L", head[4:8])[0]
                if (group, elem) == (0x0000, 0x0000):
                    if length == 4 or head[4:8] == b"UL" + struct.pack(order + "H", 4):  # a group length
                        return "raw"
                elif explicit or 0 < length < _RAW_FIRST_LENGTH:
                    return "raw"
    return "unknown"


_RAW_FIRST_LENGTH = 1 << 16  # the first element of a dataset (a UID, a character set, a date) is short


def read_header(fh: BinaryIO, size: int, *, raw: bool = False) -> tuple[Dataset, InstanceHeader]:
    """Parse the header of the open file ``fh`` (``size`` bytes) and check that it is complete."""
    with _reasons(fh, size, raw):
        return _read_header(fh, size, raw)


@contextmanager
def _reasons(fh: BinaryIO, size: int, raw: bool) -> Iterator[None]:
    """Every refusal a ``NotImportable`` with a true reason, whatever pydicom raised (or recursed into):
    the structure walk's when it finds the fault (the same whichever command met the file), else one
    from the exception's kind. pydicom's own text ("No tag to read at file position ...") never shows."""
    try:
        yield
    except Exception as exc:  # RecursionError included: deep nesting is a damaged file, not our crash
        if isinstance(exc, NotImportable) and exc.reason not in _VAGUE:
            raise
        try:
            structure.check(fh, size, raw)
        except structure.Damaged as found:
            raise NotImportable(found.reason) from None
        except Exception:  # the walk itself could not read the file: the first reason stands
            pass
        if isinstance(exc, NotImportable):
            raise
        raise NotImportable(structure.reason_of(exc)) from None


_VAGUE = {structure.DAMAGED, structure.TRUNCATED}  # what pydicom's failures are first taken for


def _read_header(fh: BinaryIO, size: int, raw: bool) -> tuple[Dataset, InstanceHeader]:
    # Parsing from memory: pydicom asks the file for its position at every element, a system call
    # each (and a GIL hand-over while the import's copy threads run).
    fh.seek(0)
    head = fh.read(_HEADER_READ)
    try:
        ds, pos = _parse(io.BytesIO(head), raw)
        complete = pos < len(head) or len(head) >= size
    except NotImportable:
        complete = len(head) >= size
        if complete:
            raise
    if not complete:
        # Header longer than the first read (enhanced multi-frame): parse the file itself, once its
        # structure is known sound (pydicom would read a 2 GB declared length, or recurse, as told).
        structure.check(fh, size, raw)
        fh.seek(0)
        with buffered(fh) as fp:
            ds, pos = _parse(fp, raw)
    header = _header_fields(ds, raw, fh)
    if header.transfer_syntax == DEFLATED_DATASET:
        _check_deflated(fh, size, ds, header)
    elif header.transfer_syntax not in DEFLATED_SYNTAXES:
        if complete:  # a longer header was walked already
            structure.check(fh, size, raw)  # what pydicom reads lazily and would fail on later
        _check_complete(fh, pos, size, ds, header)
    return ds, header


_MAX_INFLATED = 256 << 20


def _check_deflated(fh: BinaryIO, size: int, ds: Dataset, header: InstanceHeader) -> None:
    """The same checks on a deflated dataset, inflated in memory (such files are rare and small): the
    import and the viewer must agree on whether its pixel data is complete."""
    import zlib

    fh.seek(0)
    data = fh.read(min(size, _MAX_INFLATED))
    meta_end = structure.meta_end(io.BytesIO(data), len(data))
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        inflated = inflater.decompress(data[meta_end:], _MAX_INFLATED)
    except zlib.error:
        raise NotImportable(msg("compressed (deflated) dataset is damaged")) from None
    if not inflater.eof and inflater.unconsumed_tail:
        return  # larger than we inflate to check: pydicom read its header, the rest is the viewer's
    body = io.BytesIO(inflated)
    pos = structure.walk(body, len(inflated), 0, implicit=False)
    # Inflated, it is explicit VR little endian: its pixel data must hold every frame the header declares.
    _check_complete(body, pos, len(inflated), ds, replace(header, transfer_syntax="1.2.840.10008.1.2.1"))


def read_index_header(fh: BinaryIO, size: int, *, raw: bool = False, head: bytes | None = None) -> InstanceHeader:
    """``read_header``'s InstanceHeader (same values, same refusals) for the importer, which needs no
    dataset: a common Part-10 file is scanned for the indexed tags alone (``tagscan``), anything else
    goes through ``read_header``. ``head``: the first bytes of the file when the caller has read them
    already (at most ``HEADER_READ``; more are read when the header goes on past them)."""
    if not raw:
        if head is None:
            fh.seek(0)
            head = fh.read(_HEADER_READ)
        scanned = tagscan.scan(head)
        if scanned is None and len(head) < min(size, _HEADER_READ):
            fh.seek(len(head))  # a longer header than the first bytes given: scan it all
            head += fh.read(_HEADER_READ - len(head))
            scanned = tagscan.scan(head)
        if scanned is not None:
            return scanned_header(fh, size, scanned, head)
    return read_header(fh, size, raw=raw)[1]


def scanned_header(fh: BinaryIO, size: int, scanned: tuple, head: bytes) -> InstanceHeader:
    """The InstanceHeader of ``tagscan.scan(head)``'s answer for the file ``fh`` (``size`` bytes),
    with ``read_header``'s refusals: the same fields, the same completeness check."""
    ds, pos = scanned
    with _reasons(fh, size, False):
        header = _header_fields(ds, False, fh)
        if header.transfer_syntax not in DEFLATED_SYNTAXES:
            _check_complete(fh, pos, size, ds, header, head)
    return header


@contextmanager
def buffered(fh: BinaryIO) -> Iterator[BinaryIO]:
    """``fh`` with a read buffer for pydicom, which reads element by element (a system call each on
    an unbuffered file); ``fh`` stays open afterwards, at an undefined position."""
    if not isinstance(fh, io.RawIOBase):
        yield fh
        return
    fp = io.BufferedReader(fh)
    try:
        yield fp
    finally:
        fp.detach()


def _parse(fp: BinaryIO, raw: bool) -> tuple[Dataset, int]:
    try:
        ds = pydicom.dcmread(fp, stop_before_pixels=True, force=raw)
    except InvalidDicomError:
        raise NotImportable(msg("not a DICOM file")) from None
    except Exception as exc:
        raise NotImportable(structure.reason_of(exc)) from None
    if len(ds) == 0:
        raise NotImportable(msg("file is truncated (ends inside its header)"))
    return ds, fp.tell()


def _header_fields(ds: Dataset, raw: bool, fh: BinaryIO) -> InstanceHeader:
    """The indexed fields of ``ds``, read from the file ``fh``. UIDs that are missing or not valid UIDs
    never go further: a damaged header can hold header bytes (a patient's name) where a UID should be.
    The SOP Instance UID is then derived from the file's content (``content_uid``), a study or series UID
    from what the header says; ``derived`` names them."""
    v = HeaderValues(ds)
    meta = HeaderValues(getattr(ds, "file_meta", None) or Dataset())
    derived = []
    sop_uid = _uid_or_empty(v.plain(0x00080018)) or _uid_or_empty(meta.plain(0x00020003))
    sop_class = _uid_or_empty(v.plain(0x00080016)) or _uid_or_empty(meta.plain(0x00020002))
    if sop_class == MEDIA_STORAGE_DIRECTORY:
        raise NotImportable(msg("DICOMDIR index file, not an image (its folder is imported instead)"))
    if raw and not sop_class:
        raise NotImportable(msg("missing SOP Class UID (file without DICOM file header)"))
    if not sop_uid:
        derived.append("sop")
        sop_uid = content_uid(fh)
    # Old secondary captures and some test files lack the study or series UID. Refusing them would leave
    # the reader with nothing; file them under UIDs derived from what the header does say (the stored
    # file itself is never changed), so instances of one study still group together. An invalid UID is
    # replaced by one derived from its own text: the instances that share it still share the new one.
    study_text, series_text = v.plain(0x0020000D), v.plain(0x0020000E)
    study_uid = _uid_or_empty(study_text)
    if not study_uid:
        derived.append("study")
        study_uid = (derived_uid("study-text", study_text) or derived_uid(
            "study", v.plain(0x00100020), v.plain(0x00080020), v.plain(0x00080030), v.plain(0x00080050)
        ) or derived_uid("study", sop_uid))
    series_uid = _uid_or_empty(series_text)
    if not series_uid:
        derived.append("series")
        series_uid = (
            derived_uid("series-text", series_text)
            or derived_uid("series", study_uid, v.plain(0x00080060), v.plain(0x00200011))
            or derived_uid("series-of", study_uid)
        )
    syntax = _uid_or_empty(meta.plain(0x00020010))
    if not syntax:
        implicit, little = ds.original_encoding
        syntax = (
            "1.2.840.10008.1.2" if implicit else "1.2.840.10008.1.2.1" if little else "1.2.840.10008.1.2.2"
        )
    return InstanceHeader(
        sop_uid=sop_uid,
        sop_class=sop_class,
        study_uid=study_uid,
        series_uid=series_uid,
        patient_id=v.text(0x00100020),
        issuer=v.text(0x00100021),
        patient_name=v.name(0x00100010),
        birth_date=_date(v.plain(0x00100030)),
        sex=v.plain(0x00100040).upper(),
        study_date=_date(v.plain(0x00080020)),
        study_time=v.plain(0x00080030).replace(":", ""),
        study_description=v.text(0x00081030),
        accession=v.text(0x00080050),
        modality=v.plain(0x00080060).upper(),
        series_number=v.integer(0x00200011),
        series_description=v.text(0x0008103E),
        body_part=v.plain(0x00180015),
        instance_number=v.integer(0x00200013),
        transfer_syntax=syntax,
        rows=v.ushort(0x00280010),
        columns=v.ushort(0x00280011),
        frames=max(1, v.integer(0x00280008) or 1),
        position=v.numbers(0x00200032, 3),
        orientation=v.numbers(0x00200037, 6) or _shared_orientation(ds),
        derived=" ".join(sorted(derived)),
    )


def _uid_or_empty(text: str) -> str:
    return text if valid_uid(text) else ""


def content_uid(fh: BinaryIO) -> str:
    """A UID for a file that lacks a valid SOP Instance UID, from the SHA-256 of its bytes.

    Under root 2.25 (PS3.5 B.2: a UID made of a UUID's integer value needs no registered root), from a
    name-based UUID (RFC 4122 version 5) in Cauri's own namespace: stable for the same bytes, and no
    other organisation's UIDs can collide with it."""
    digest = hashlib.sha256()
    fh.seek(0)
    while True:
        chunk = fh.read(1 << 20)
        if not chunk:
            break
        digest.update(chunk)
    return "2.25." + str(uuid.uuid5(CAURI_UID_NAMESPACE, digest.hexdigest()).int)


def derived_uid(kind: str, *parts: str) -> str:
    """A stable UID (2.25 form) for a missing one, from header values; "" when every part is empty."""
    if not any(parts[1:] if kind == "series" else parts):
        return ""
    digest = hashlib.sha1("\x1f".join((kind, *parts)).encode("utf-8")).digest()
    return "2.25." + str(int.from_bytes(digest[:16], "big"))


def _check_complete(
    fh: BinaryIO, pos: int, size: int, ds: Dataset, header: InstanceHeader, buf: bytes | None = None
) -> None:
    """Refuse files cut short: pydicom itself silently accepts a file that ends early."""
    if pos >= size:
        _check_last_element(ds, size)
        return
    implicit, little = ds.original_encoding
    end = "<" if little is not False else ">"
    if buf is not None and pos + 12 <= len(buf):
        head = buf[pos:pos + 12]  # the first bytes of the file, already read
    else:
        fh.seek(pos)
        head = fh.read(12)
    if len(head) < 8:
        raise NotImportable(msg("file is truncated (ends inside its image data)"))
    group, elem = struct.unpack(end + "HH", head[:4])
    tag = group << 16 | elem
    if tag not in PIXEL_TAGS:
        return
    if implicit or not (b"AA" <= head[4:6] <= b"ZZ"):
        # Some writers switch to implicit VR for the pixel data of an explicit-VR file.
        length, start = struct.unpack(end + "L", head[4:8])[0], pos + 8
    elif head[4:6] in _LONG_VRS:
        if len(head) < 12:
            raise NotImportable(msg("file is truncated (ends inside its image data)"))
        length, start = struct.unpack(end + "L", head[8:12])[0], pos + 12
    else:
        length, start = struct.unpack(end + "H", head[6:8])[0], pos + 8
    if length == 0xFFFFFFFF:
        if header.transfer_syntax in NATIVE_SYNTAXES:
            # Encapsulated (compressed) pixel data under an uncompressed syntax: the file meta that named
            # the codec is damaged or gone; no decoder would know what to do with these fragments.
            raise NotImportable(msg("compressed image data, but the file names no compressed transfer syntax "
                                    "(damaged file meta information)"))
        _check_fragments(fh, start, size)
        return
    if start + length > size:
        raise NotImportable(msg("file is truncated (image data incomplete)"))
    expected = _expected_native_length(ds, header) if tag == 0x7FE00010 else None
    if expected is not None and length < expected:
        raise NotImportable(msg("image data is shorter than its header says (damaged or truncated file)"))


def _check_fragments(fh: BinaryIO, start: int, size: int) -> None:
    pos = start
    while True:
        fh.seek(pos)
        item = fh.read(8)
        if len(item) < 8:
            raise NotImportable(msg("file is truncated (compressed image data incomplete)"))
        group, elem, length = struct.unpack("<HHL", item)
        tag = group << 16 | elem
        if tag == _SEQ_END:
            return
        if tag != _ITEM or length == 0xFFFFFFFF:
            raise NotImportable(msg("compressed image data is damaged"))
        pos += 8 + length
        if pos > size:
            raise NotImportable(msg("file is truncated (compressed image data incomplete)"))


def _check_last_element(ds: Dataset, size: int) -> None:
    if not len(ds):
        return
    last = ds.get_item(max(ds.keys()))
    length = getattr(last, "length", None)
    value = getattr(last, "value", None)
    if isinstance(value, bytes) and isinstance(length, int) and length != 0xFFFFFFFF and len(value) < length:
        raise NotImportable(msg("file is truncated (ends inside its header)"))


def _expected_native_length(ds: Dataset, header: InstanceHeader) -> int | None:
    if header.transfer_syntax not in NATIVE_SYNTAXES or not header.rows or not header.columns:
        return None
    v = HeaderValues(ds)
    bits = v.ushort(0x00280100)
    samples = v.ushort(0x00280002) or 1
    if not bits or v.plain(0x00280004).upper() == "YBR_FULL_422":
        return None
    total_bits = header.rows * header.columns * samples * header.frames * bits
    return (total_bits + 7) // 8


def _date(text: str) -> str:
    if len(text) == 8 and text.isdigit():
        return text  # the usual YYYYMMDD, as is
    digits = "".join(c for c in text if c.isdigit())
    return digits if len(digits) == 8 else ""


def _shared_orientation(ds: Dataset) -> str:
    """Enhanced multi-frame objects keep the orientation in the functional groups: the shared ones,
    or (Philips) each frame's; the first frame's then stands for the instance."""
    for keyword in ("SharedFunctionalGroupsSequence", "PerFrameFunctionalGroupsSequence"):
        try:
            groups = ds.get(keyword)
            planes = groups[0].get("PlaneOrientationSequence") if groups else None
            if planes:
                text = numbers_text(planes[0].get("ImageOrientationPatient"), 6)
                if text:
                    return text
        except Exception:
            continue
    return ""


def parse_numbers(text: str) -> tuple[float, ...] | None:
    if not text:
        return None
    try:
        return tuple(float(v) for v in text.split("\\"))
    except ValueError:
        return None
