"""A tag scanner for the indexed header fields of the common Part-10 file.

``pydicom.dcmread`` builds an element object for every element of the header (~0.3 ms a file), most of
which the index never looks at. For a Part-10 file in implicit or explicit VR little endian this walks
the element headers straight from the bytes, keeps the raw values of the few tags that the index needs
and stops at the pixel data, as ``stop_before_pixels`` does. The values go into a small pydicom
dataset-like ``Scanned`` of ``RawDataElement`` so that ``header._header_fields`` decodes them exactly as it would
after a full parse (character sets included).

Anything out of the ordinary (big endian, deflate, a header longer than the bytes given, elements out
of order, undefined-length UN, no pixel data, no orientation) returns None: the caller then parses with
pydicom, which also decides what is wrong with a damaged file.
"""

from __future__ import annotations

import struct

from pydicom.dataelem import RawDataElement, convert_raw_data_element
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.tag import BaseTag

_LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"}
_VALID_VRS = _LONG_VRS | {
    b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO", b"LT", b"PN", b"SH",
    b"SL", b"SS", b"ST", b"TM", b"UI", b"UL", b"US",
}
_PIXEL_TAGS = {0x7FE00010, 0x7FE00008, 0x7FE00009}
_ITEM, _ITEM_END, _SEQ_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
_IMPLICIT = "1.2.840.10008.1.2"
_EXPLICIT_BIG = "1.2.840.10008.1.2.2"
_DEFLATED = {"1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.8.1"}

#: Every tag that ``header._header_fields`` and the completeness check read from the dataset.
WANTED = frozenset({
    0x00080005, 0x00080016, 0x00080018, 0x00080020, 0x00080030, 0x00080050, 0x00080060, 0x00081030,
    0x0008103E, 0x00100010, 0x00100020, 0x00100021, 0x00100030, 0x00100040, 0x00180015, 0x0020000D,
    0x0020000E, 0x00200011, 0x00200013, 0x00200032, 0x00200037, 0x00280002, 0x00280004, 0x00280008,
    0x00280010, 0x00280011, 0x00280100,
})
_WANTED_TAGS = {tag: BaseTag(tag) for tag in WANTED}  # made once: pydicom wants its own tag type
# The fields of RawDataElement after the seven the scanner sets (is_raw, is_buffered in pydicom 3).
_RAW_DEFAULTS = tuple(RawDataElement._field_defaults[f] for f in RawDataElement._fields[7:])
_META_WANTED = frozenset({0x00020002, 0x00020003, 0x00020010})

_U16 = struct.Struct("<H")
_U32 = struct.Struct("<L")
_TAG = struct.Struct("<HH")
_EXPLICIT_HEAD = struct.Struct("<HH2sH")  # group, element, VR, short length (or reserved)
_IMPLICIT_HEAD = struct.Struct("<HHL")


class _Bail(Exception):
    pass


def scan(buf: bytes) -> tuple["Scanned", int] | None:
    """(dataset of the wanted raw elements with ``file_meta``, offset of the pixel data element) or None."""
    try:
        return _scan(buf)
    except (_Bail, struct.error, IndexError, RecursionError):  # deep nesting: header.read_header says why
        return None


def _scan(buf: bytes) -> tuple["Scanned", int]:
    n = len(buf)
    if n < 144 or buf[128:132] != b"DICM":
        raise _Bail
    # File meta group: always explicit VR little endian.
    pos = 132
    meta: dict[int, RawDataElement] = {}
    while pos + 8 <= n:
        group, elem = _TAG.unpack_from(buf, pos)
        if group != 0x0002:
            break
        tag = 0x00020000 | elem
        vr = buf[pos + 4:pos + 6]
        if vr not in _VALID_VRS:
            raise _Bail
        if vr in _LONG_VRS:
            length = _U32.unpack_from(buf, pos + 8)[0]
            start = pos + 12
        else:
            length = _U16.unpack_from(buf, pos + 6)[0]
            start = pos + 8
        if length == 0xFFFFFFFF or start + length > n:
            raise _Bail
        if tag in _META_WANTED:
            meta[tag] = RawDataElement(BaseTag(tag), vr.decode(), length, buf[start:start + length], start,
                                       False, True)
        pos = start + length
    ts_elem = meta.get(0x00020010)
    if ts_elem is None:
        raise _Bail
    syntax = ts_elem.value.decode("latin-1").replace("\x00", "").strip()
    if syntax == _EXPLICIT_BIG or syntax in _DEFLATED or not syntax.startswith("1.2.840.10008.1.2"):
        raise _Bail
    implicit = syntax == _IMPLICIT
    if pos + 8 > n:
        raise _Bail
    # pydicom switches to the other VR encoding when the first element disagrees with the syntax.
    looks_explicit = buf[pos + 4:pos + 6] in _VALID_VRS
    if looks_explicit == implicit:
        raise _Bail
    found, pos = _walk(buf, pos, implicit)
    if 0x00200037 not in found:
        raise _Bail  # enhanced objects keep it in functional group sequences
    return Scanned(found, Scanned(meta, None, False), implicit), pos


def _walk(buf: bytes, pos: int, implicit: bool) -> tuple[dict[int, RawDataElement], int]:
    """The wanted raw elements of the dataset from ``pos``, and the offset of its pixel data element.

    The hot loop of an import (every element of every header goes through it): one unpack per
    element header, names bound locally."""
    n = len(buf)
    found: dict[int, RawDataElement] = {}
    last = -1
    wanted, pixel_tags, valid, long_vrs = _WANTED_TAGS, _PIXEL_TAGS, _VALID_VRS, _LONG_VRS
    new_raw, tail = tuple.__new__, _RAW_DEFAULTS  # RawDataElement(...) without its keyword handling
    head = _IMPLICIT_HEAD.unpack_from if implicit else _EXPLICIT_HEAD.unpack_from
    u32 = _U32.unpack_from
    vrb = None
    while True:
        if pos + 8 > n:
            raise _Bail  # no pixel data within the bytes given
        if implicit:
            group, elem, length = head(buf, pos)
        else:
            group, elem, vrb, length = head(buf, pos)
        tag = group << 16 | elem
        if tag in pixel_tags:
            return found, pos
        if tag <= last or group == 0x5200:
            raise _Bail  # functional groups: header._shared_orientation would need the sequences
        last = tag
        if implicit:
            start = pos + 8
        elif vrb in long_vrs:
            length = u32(buf, pos + 8)[0]
            start = pos + 12
        elif vrb in valid:
            start = pos + 8
        else:
            raise _Bail
        if length == 0xFFFFFFFF:
            if tag in wanted or vrb not in (None, b"SQ"):
                raise _Bail
            pos = _skip_sequence(buf, start, implicit)
            continue
        end = start + length
        if end > n:
            raise _Bail
        if tag in wanted:
            vr = None if implicit else vrb.decode()
            value = buf[start:end]
            found[tag] = new_raw(RawDataElement, (wanted[tag], vr, length, value, start, implicit, True) + tail)
        pos = end


class Scanned:
    """The scanned raw elements, with as much of ``Dataset`` as ``header`` and ``fields`` use.

    ``get_item`` hands out the raw elements directly (a real ``Dataset`` costs more to build and to
    query than the scan itself); ``get`` and anything else goes to a ``Dataset`` built on demand.
    """

    def __init__(self, elems: dict[int, RawDataElement], file_meta: "Scanned | None", implicit: bool):
        self._elems = elems
        self.file_meta = file_meta
        self.original_encoding = (implicit, True)
        self._full: Dataset | None = None

    def __len__(self) -> int:
        return len(self._elems)

    def keys(self):
        return self._elems.keys()

    def get_item(self, tag: int):
        return self._elems.get(tag)

    def get(self, key, default=None):
        if isinstance(key, int):
            if key not in self._elems:
                return default
            if key == 0x00080005 and self._full is None:  # asked for by every text value
                return convert_raw_data_element(self._elems[key])
        return self.dataset().get(key, default)

    def dataset(self) -> Dataset:
        if self._full is None:
            if self.file_meta is None:
                self._full = FileMetaDataset(self._elems)
            else:
                ds = Dataset(self._elems)
                ds.file_meta = self.file_meta.dataset()
                ds.set_original_encoding(*self.original_encoding)
                self._full = ds
        return self._full


def _skip_sequence(buf: bytes, pos: int, implicit: bool) -> int:
    """Offset just past the sequence delimiter of an undefined-length sequence whose items start at pos."""
    n = len(buf)
    while True:
        if pos + 8 > n:
            raise _Bail
        group, elem = _TAG.unpack_from(buf, pos)
        tag = group << 16 | elem
        length = _U32.unpack_from(buf, pos + 4)[0]
        pos += 8
        if tag == _SEQ_END:
            return pos
        if tag != _ITEM:
            raise _Bail
        if length != 0xFFFFFFFF:
            pos += length
            continue
        pos = _skip_item(buf, pos, implicit)


def _skip_item(buf: bytes, pos: int, implicit: bool) -> int:
    """Offset just past the item delimiter of an undefined-length item whose elements start at pos."""
    n = len(buf)
    while True:
        if pos + 8 > n:
            raise _Bail
        group, elem = _TAG.unpack_from(buf, pos)
        tag = group << 16 | elem
        if tag == _ITEM_END:
            return pos + 8
        if implicit or group == 0xFFFE:
            vr = None
            length = _U32.unpack_from(buf, pos + 4)[0]
            start = pos + 8
        else:
            vrb = buf[pos + 4:pos + 6]
            if vrb not in _VALID_VRS:
                raise _Bail
            vr = vrb
            if vrb in _LONG_VRS:
                length = _U32.unpack_from(buf, pos + 8)[0]
                start = pos + 12
            else:
                length = _U16.unpack_from(buf, pos + 6)[0]
                start = pos + 8
        if length == 0xFFFFFFFF:
            if vr not in (None, b"SQ"):
                raise _Bail
            pos = _skip_sequence(buf, start, implicit)
        else:
            pos = start + length
        if pos > n:
            raise _Bail
