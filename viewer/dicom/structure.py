"""Why a DICOM header cannot be read, found by walking its element headers without pydicom.

pydicom trusts what a file declares: an element length of 2 GB in a 10 kB file makes it read to the end
of the file (a 2 GB file into memory), sequences nested 50,000 deep end in ``RecursionError``, and a
damaged VR is reported as "No tag to read at file position ..." or "Unknown Value Representation"
from deep inside a lazy value conversion. So the header is walked here first, iteratively (no
recursion, whatever the nesting), reading 8 or 12 bytes per element and seeking past every value:
the first thing wrong is the reason, and it is the same from every command because ``import``,
``info``, ``render`` and the network receivers all reach pydicom through ``viewer.dicom.header``.

``walk`` stops at the pixel data (its own header is checked by ``header._check_complete``). It does
not judge values, only the structure: VRs, lengths against the end of the file, item and delimiter
tags, nesting depth. Like the import's tag scanner it steps over a defined-length sequence whole
(so that the two agree on every file); undefined-length ones must be walked to find their end.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from viewer.core.messages import msg

MAX_DEPTH = 64  # real objects nest a few levels (SR content trees a dozen); 64 leaves a wide margin

TRUNCATED = msg("file is truncated (ends inside its header)")
BAD_LENGTH = msg("an element of the header declares a length larger than the file (damaged header)")
BAD_VR = msg("invalid value representation (VR) in the header (damaged file)")
BAD_ITEMS = msg("a sequence in the header is damaged (item structure)")
TOO_DEEP = msg("sequences are nested too deeply (more than {limit} levels)", limit=MAX_DEPTH)
DAMAGED = msg("DICOM header is damaged and cannot be read")

VRS = _VRS = frozenset({
    b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS", b"LO", b"LT", b"OB", b"OD",
    b"OF", b"OL", b"OV", b"OW", b"PN", b"SH", b"SL", b"SQ", b"SS", b"ST", b"SV", b"TM", b"UC", b"UI",
    b"UL", b"UN", b"UR", b"US", b"UT", b"UV",
})
_LONG = frozenset({b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"})
_PIXEL_TAGS = frozenset({0x7FE00010, 0x7FE00008, 0x7FE00009})
_ITEM, _ITEM_END, _SEQ_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
UNDEFINED = 0xFFFFFFFF
_READ = 64 << 10


class Damaged(Exception):
    """The header's structure is wrong; ``reason`` is the reader-facing message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Reader:
    """Buffered reads at absolute offsets of a file (seeks within the buffer cost nothing)."""

    def __init__(self, fh: BinaryIO, size: int):
        self.fh, self.size = fh, size
        self.base, self.buf = 0, b""

    def at(self, pos: int, n: int) -> bytes:
        lo = pos - self.base
        if lo < 0 or lo + n > len(self.buf):
            self.fh.seek(pos)
            self.base, self.buf = pos, self.fh.read(max(n, _READ))
            lo = 0
        return self.buf[lo:lo + n]


def walk(fh: BinaryIO, size: int, start: int, implicit: bool, little: bool = True) -> int:
    """Check the element structure of the dataset from ``start``; returns the offset where the walk
    stopped (the pixel data element, or the end of the file). Raises ``Damaged``."""
    rd = _Reader(fh, size)
    end = "<" if little else ">"
    tag_s, u16, u32 = struct.Struct(end + "HH"), struct.Struct(end + "H"), struct.Struct(end + "L")
    # The stack holds, per open sequence or item, the offset where it ends (None: undefined length).
    stack: list[tuple[str, int | None]] = []
    pos = start
    while True:
        while stack and stack[-1][1] is not None and pos >= stack[-1][1]:
            if pos > stack[-1][1]:
                raise Damaged(BAD_ITEMS)
            stack.pop()  # a defined-length item or sequence ends here
        if pos >= size:
            if stack:
                raise Damaged(TRUNCATED)
            return pos
        head = rd.at(pos, 8)
        if len(head) < 8:
            raise Damaged(TRUNCATED)
        group, elem = tag_s.unpack_from(head)
        tag = group << 16 | elem
        in_sequence = bool(stack) and stack[-1][0] == "sq"
        if group == 0xFFFE:  # items and delimiters: always tag + 4-byte length, whatever the syntax
            length = struct.unpack_from("<L" if little else ">L", head, 4)[0]
            if tag == _ITEM and in_sequence:
                pos += 8
                if length == UNDEFINED:
                    stack.append(("item", None))
                else:
                    _inside(pos, length, size, stack)
                    stack.append(("item", pos + length))
                continue
            # Delimiters also end defined-length items and sequences (DCMTK writes them "for re-encoding").
            if tag == _ITEM_END and stack and stack[-1][0] == "item":
                stack.pop()
                pos += 8
                continue
            if tag == _SEQ_END and in_sequence:
                stack.pop()
                pos += 8
                continue
            raise Damaged(BAD_ITEMS)
        if in_sequence:
            raise Damaged(BAD_ITEMS)  # a sequence holds items only
        if tag in _PIXEL_TAGS and not stack:
            return pos
        vr = None
        if implicit:
            length, value = u32.unpack_from(head, 4)[0], pos + 8
        else:
            vr = head[4:6]
            length, value = _explicit_length(rd, head, pos, u16, u32)
        if length == UNDEFINED:
            if tag in _PIXEL_TAGS or vr in (b"OB", b"OW"):
                pos = _skip_fragments(rd, value, size, little)  # an icon image's encapsulated pixels
                continue
            if vr == b"UN":
                raise _Unsure()  # a sequence kept in implicit VR inside explicit data: pydicom's to read
            if not (implicit or vr == b"SQ"):
                raise Damaged(BAD_LENGTH)  # only sequences may have an undefined length
            _push(stack, ("sq", None))
            pos = value
            continue
        _inside(value, length, size, stack)
        # A defined-length sequence is stepped over whole, as the tag scanner of the import does: its
        # content is the business of whatever reads it (an SR's tree, a presentation state), and the
        # same file must get the same verdict whichever path read its header.
        pos = value + length


_U16LE, _U32LE = struct.Struct("<H"), struct.Struct("<L")


def _explicit_length(rd: _Reader, head: bytes, pos: int, u16: struct.Struct, u32: struct.Struct) -> tuple[int, int]:
    """(value length, value offset) of the explicit-VR element whose first 8 bytes are ``head``."""
    vr = head[4:6]
    if vr not in _VRS:
        raise Damaged(BAD_VR)
    if vr not in _LONG:
        return u16.unpack_from(head, 6)[0], pos + 8
    more = rd.at(pos + 8, 4)
    if len(more) < 4:
        raise Damaged(TRUNCATED)
    return u32.unpack(more)[0], pos + 12


def _push(stack: list, frame: tuple) -> None:
    if sum(1 for kind, _ in stack if kind == "sq") >= MAX_DEPTH:
        raise Damaged(TOO_DEEP)
    stack.append(frame)


def _inside(value: int, length: int, size: int, stack: list) -> None:
    if value + length > size:
        raise Damaged(BAD_LENGTH if length > size else TRUNCATED)
    for _kind, limit in stack:
        if limit is not None and value + length > limit:
            raise Damaged(BAD_ITEMS)


def _skip_fragments(rd: _Reader, pos: int, size: int, little: bool) -> int:
    """Offset past the sequence delimiter of encapsulated fragments starting at ``pos``."""
    item = struct.Struct("<HHL" if little else ">HHL")
    while True:
        head = rd.at(pos, 8)
        if len(head) < 8:
            raise Damaged(TRUNCATED)
        group, elem, length = item.unpack(head)
        tag = group << 16 | elem
        pos += 8
        if tag == _SEQ_END:
            return pos
        if tag != _ITEM or length == UNDEFINED:
            raise Damaged(BAD_ITEMS)
        if pos + length > size:
            raise Damaged(BAD_LENGTH if length > size else TRUNCATED)
        pos += length


class _Unsure(Exception):
    """Something this walk does not follow (valid, but unusual): pydicom decides."""


def reason_of(exc: BaseException) -> str:
    """The reader-facing reason for an exception raised while pydicom read a header."""
    if isinstance(exc, Damaged):
        return exc.reason
    if isinstance(exc, RecursionError):
        return TOO_DEEP
    text = str(exc)
    if isinstance(exc, NotImplementedError) and "Value Representation" in text:
        return BAD_VR
    if isinstance(exc, (EOFError, struct.error)):
        return TRUNCATED
    return DAMAGED


_EXPLICIT_BIG = "1.2.840.10008.1.2.2"
_DEFLATED = {"1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.8.1"}


def check(fh: BinaryIO, size: int, raw: bool = False) -> None:
    """Walk the file meta group (Part-10) and the dataset's header; raises ``Damaged`` with the reason.

    A deflated dataset, or a construct this walk does not follow, is left to pydicom."""
    try:
        _check(fh, size, raw)
    except _Unsure:
        return


def _check(fh: BinaryIO, size: int, raw: bool) -> None:
    rd = _Reader(fh, size)
    pos, syntax = 0, None
    if not raw:
        pos, syntax = _meta(rd, size)
        if syntax in _DEFLATED:
            return
    head = rd.at(pos, 6)
    if len(head) < 6:
        if pos >= size:
            return  # nothing after the file meta: header._parse says so
        raise Damaged(TRUNCATED)
    little = syntax != _EXPLICIT_BIG
    if raw:  # no file meta: the order the first group number makes sense in, as header.sniff reads it
        little = struct.unpack("<H", head[:2])[0] in (0x0000, 0x0002, 0x0008)
    # pydicom follows the data rather than the declared syntax when the first element disagrees.
    implicit = head[4:6] not in _VRS
    walk(fh, size, pos, implicit, little)


def meta_end(fh: BinaryIO, size: int) -> int:
    """Offset just after the file meta group of a Part-10 file."""
    return _meta(_Reader(fh, size), size)[0]


def _meta(rd: _Reader, size: int) -> tuple[int, str | None]:
    """Offset after the file meta group (always explicit VR little endian), and the transfer syntax."""
    pos, syntax = 132, None
    while True:
        head = rd.at(pos, 8)
        if len(head) < 8:
            return pos, syntax  # ends in or after the meta group: pydicom's own messages cover it
        group, elem = struct.unpack_from("<HH", head)
        if group != 0x0002:
            return pos, syntax
        length, value = _explicit_length(rd, head, pos, _U16LE, _U32LE)
        if length == UNDEFINED:
            raise Damaged(BAD_LENGTH)
        if value + length > size:
            raise Damaged(BAD_LENGTH if length > size else TRUNCATED)
        if elem == 0x0010:
            syntax = rd.at(value, length).decode("latin-1").strip("\x00 ")
        pos = value + length
