"""A received instance as a Part-10 file: the file meta we put before a bare dataset, and its header
read from memory, without joining the two buffers.

Used by ``viewer.store.receive``; kept apart because it is about bytes, not about threads or the index.
"""

from __future__ import annotations

import io
import struct
from dataclasses import replace

from pydicom.uid import PYDICOM_IMPLEMENTATION_UID

from viewer.dicom import tagscan
from viewer.dicom.fields import HeaderValues
from viewer.dicom.header import (
    DEFLATED_SYNTAXES,
    HEADER_READ,
    InstanceHeader,
    NotImportable,
    buffered,
    read_header,
    scanned_header,
    valid_uid,
)

IMPLEMENTATION_NAME = "CAURI"
_UID_CHARS = frozenset("0123456789.")


def parse_dataset(prefix: bytes, data: memoryview, transfer_syntax: str) -> InstanceHeader:
    """The header of a received dataset, checked complete.

    Parsed as a bare dataset first (a fifth cheaper than going through the file meta we made), which
    is only right when pydicom's guess of the encoding is the negotiated one; otherwise, and for
    deflated data, as the Part-10 file that will be written. The dataset must name itself: the store
    files a file whose header lacks UIDs under derived ones, but a received dataset without a valid SOP
    Instance UID of its own is not a DICOM object, whatever the request around it said.

    The common dataset (little endian, native or encapsulated) is not parsed by pydicom at all: the tag
    scanner reads the indexed elements from the file meta and the dataset's first bytes, for a third
    of the cost, on a thread that competes with the receiving one for the interpreter.
    """
    if transfer_syntax not in DEFLATED_SYNTAXES:
        header = _scanned(prefix, data)
        if header is not None:
            return header
        try:
            ds, header = read_header(Joined(b"", data), data.nbytes, raw=True)
            if ds.original_encoding == _ENCODING.get(transfer_syntax, (False, True)):
                return _named(ds, replace(header, transfer_syntax=transfer_syntax))
        except NotImportable:
            pass
    return _named(*read_header(Joined(prefix, data), len(prefix) + data.nbytes))


def _named(ds, header: InstanceHeader) -> InstanceHeader:
    """``header`` when the dataset itself carries a valid SOP Instance UID (the file meta before it is
    ours, made from the request: it proves nothing)."""
    if not valid_uid(HeaderValues(ds).plain(0x00080018)):
        raise NotImportable("the received dataset carries no valid SOP Instance UID")
    return header


_ENCODING = {"1.2.840.10008.1.2": (True, True), "1.2.840.10008.1.2.2": (False, False)}  # (implicit VR, little endian)
_FIRST_READ = 16 << 10  # holds the whole header of most instances; copying 64 KiB each time costs more


def _scanned(prefix: bytes, data: memoryview) -> InstanceHeader | None:
    """``parse_dataset``'s answer through ``tagscan``, or None where the scanner declines."""
    for size in (_FIRST_READ, HEADER_READ):
        head = prefix + bytes(data[:max(0, size - len(prefix))])
        scanned = tagscan.scan(head)
        if scanned is not None or len(head) >= len(prefix) + data.nbytes:
            break
    if scanned is None:
        return None
    header = scanned_header(Joined(prefix, data), len(prefix) + data.nbytes, scanned, head)
    return _named(scanned[0], header) if prefix else header


def parse_part10(data: memoryview) -> InstanceHeader:
    """The header of a whole Part-10 file held in memory (a WADO-RS part), checked complete."""
    header = _scanned(b"", data)
    return header if header is not None else read_header(Joined(b"", data), data.nbytes)[1]



def write_bare_dataset(fh, header: InstanceHeader, target) -> None:
    """Write a dataset read without file header (``fh``) as a proper Part-10 file at ``target``.

    Raises what reading or writing raises; callers decide what a failure means for them.

    The dataset's bytes are streamed behind the file meta unchanged (a 2 GB dataset is never held in
    memory); only one that starts with file meta elements of its own, or whose UIDs cannot go into a
    file meta header, is rewritten through pydicom."""
    import shutil

    fh.seek(0)
    first = fh.read(2)
    if len(first) == 2 and 0x0002 not in struct.unpack("<H", first) + struct.unpack(">H", first):
        try:
            prefix = file_meta_bytes(header.sop_class, header.sop_uid, header.transfer_syntax)
        except (ValueError, UnicodeError):
            prefix = None
        if prefix is not None:
            fh.seek(0)
            with open(target, "wb") as out:
                out.write(prefix)
                shutil.copyfileobj(fh, out, 1 << 20)
            return
    import pydicom
    from pydicom.dataset import FileMetaDataset

    fh.seek(0)
    with buffered(fh) as fp:
        ds = pydicom.dcmread(fp, force=True)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = header.sop_class
    meta.MediaStorageSOPInstanceUID = header.sop_uid
    meta.TransferSyntaxUID = header.transfer_syntax
    ds.file_meta = meta
    ds.save_as(target, enforce_file_format=True)


def file_meta_bytes(sop_class: str, sop_uid: str, transfer_syntax: str, source_aet: str = "") -> bytes:
    """Preamble, "DICM" and the File Meta Information group for an instance received as a dataset."""
    body = [
        _element(0x0001, b"OB", b"\x00\x01"),
        _element(0x0002, b"UI", _uid(sop_class)),
        _element(0x0003, b"UI", _uid(sop_uid)),
        _element(0x0010, b"UI", _uid(transfer_syntax)),
        _element(0x0012, b"UI", _uid(str(PYDICOM_IMPLEMENTATION_UID))),
        _element(0x0013, b"SH", _text(IMPLEMENTATION_NAME)),
    ]
    aet = source_aet.strip()
    if aet:
        _text(aet)  # ASCII only
        body.append(_element(0x0016, b"AE", _text(aet)))
    payload = b"".join(body)
    return b"\x00" * 128 + b"DICM" + _element(0x0000, b"UL", struct.pack("<L", len(payload))) + payload


def _uid(value: str) -> bytes:
    value = (value or "").strip().rstrip("\x00")
    if not value or len(value) > 64 or not set(value) <= _UID_CHARS:
        raise ValueError("invalid UID")
    raw = value.encode("ascii")
    return raw + b"\x00" if len(raw) % 2 else raw


def _text(value: str) -> bytes:
    raw = value.encode("ascii")
    return raw + b" " if len(raw) % 2 else raw


def _element(elem: int, vr: bytes, value: bytes) -> bytes:
    if vr == b"OB":
        return struct.pack("<HH2sHL", 0x0002, elem, vr, 0, len(value)) + value
    return struct.pack("<HH2sH", 0x0002, elem, vr, len(value)) + value


class Joined(io.RawIOBase):
    """Read-only file over the file meta bytes followed by the received dataset, without joining them."""

    def __init__(self, head: bytes, tail: memoryview):
        super().__init__()
        self._head, self._tail = head, tail
        self._size = len(head) + tail.nbytes
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:
        out = memoryview(buffer).cast("B")
        start, n = self._pos, min(len(out), max(0, self._size - self._pos))
        end = start + n
        head = len(self._head)
        written = 0
        if start < head:
            piece = self._head[start:min(end, head)]
            out[:len(piece)] = piece
            written = len(piece)
        if end > head:
            lo = max(start, head) - head
            piece = self._tail[lo:end - head]
            out[written:written + piece.nbytes] = piece
            written += piece.nbytes
        self._pos += written
        return written

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._size - self._pos
        buf = bytearray(max(0, min(size, self._size - self._pos)))
        n = self.readinto(buf)
        return bytes(buf[:n])
