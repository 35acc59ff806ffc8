"""Hostile inputs made byte by byte for the hardening tests (issue 19): files of zeros, zip bombs, lying
lengths, deep nesting, a damaged SR. Each is built here from its definition, not from Cauri's code."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

SR_CLASS = b"1.2.840.10008.5.1.4.1.1.88.11\x00"  # Basic Text SR, even length


def element(group: int, elem: int, vr: bytes, value: bytes) -> bytes:
    """One explicit VR little endian element (short or long form by VR)."""
    if vr in (b"OB", b"OW", b"SQ", b"UN", b"UT", b"UC", b"UR"):
        return struct.pack("<HH2sHL", group, elem, vr, 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr, len(value)) + value


def part10(dataset: bytes, sop_class: bytes = SR_CLASS, sop_uid: bytes = b"1.2.826.0.1.3680043.2.1125.9.1\x00",
           syntax: bytes = b"1.2.840.10008.1.2.1\x00") -> bytes:
    body = (element(2, 1, b"OB", b"\x00\x01") + element(2, 2, b"UI", sop_class) + element(2, 3, b"UI", sop_uid)
            + element(2, 0x10, b"UI", syntax))
    return b"\x00" * 128 + b"DICM" + element(2, 0, b"UL", struct.pack("<L", len(body))) + body


def ids(sop_class: bytes = SR_CLASS, sop_uid: bytes = b"1.2.826.0.1.3680043.2.1125.9.1\x00") -> bytes:
    return (element(8, 0x16, b"UI", sop_class) + element(8, 0x18, b"UI", sop_uid)
            + element(0x20, 0x0D, b"UI", b"1.2.826.0.1.3680043.2.1125.9.2\x00")
            + element(0x20, 0x0E, b"UI", b"1.2.826.0.1.3680043.2.1125.9.3\x00"))


def nested(depth: int) -> bytes:
    """A Part-10 SR whose Content Sequence nests ``depth`` levels (undefined lengths)."""
    opened = struct.pack("<HH2sHL", 0x0040, 0xA730, b"SQ", 0, 0xFFFFFFFF) + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF)
    closed = struct.pack("<HHL", 0xFFFE, 0xE00D, 0) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    return part10(b"") + ids() + opened * depth + closed * depth


def lying_length(total: int, path: Path) -> Path:
    """A Part-10 file of ``total`` bytes (sparse) whose header declares an element of ~2 GiB."""
    head = part10(b"") + ids() + struct.pack("<HH2sHL", 0x0009, 0x1010, b"OB", 0, 0x7FFFFFF0)
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(total)
    return path


def damaged_sr(source: Path, where: str) -> bytes:
    """A real SR with two bytes of one VR made invalid: the Content Sequence's own ("top") or that of the
    first element inside its first item ("content")."""
    data = bytearray(source.read_bytes())
    seq = data.index(struct.pack("<HH2s", 0x0040, 0xA730, b"SQ"))
    # top: the VR right after the tag; content: tag (4) + VR (2) after the SQ head (12) and item head (8)
    at = seq + 4 if where == "top" else seq + 12 + 8 + 4
    assert bytes(data[at:at + 2]).isalpha(), "the test file changed: expected a VR there"
    data[at:at + 2] = b"\x53\xa2"
    return bytes(data)


def zeros_zip(path: Path, mib: int, name: str = "IMG0001") -> Path:
    """A deflated zip holding one member of ``mib`` MiB of zeros (about 1000 to 1)."""
    chunk = b"\x00" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as out:
            for _ in range(mib):
                out.write(chunk)
    return path


def header_then_zeros_zip(path: Path, mib: int) -> Path:
    """A zip bomb that looks like an image: a real DICOM header, then ``mib`` MiB of zero pixels."""
    rows = cols = 1024
    frames = max(1, (mib << 20) // (rows * cols * 2))
    pixels = struct.pack("<HH2sHL", 0x7FE0, 0x0010, b"OW", 0, rows * cols * 2 * frames)
    head = part10(b"", sop_class=b"1.2.840.10008.5.1.4.1.1.7\x00") + ids(b"1.2.840.10008.5.1.4.1.1.7\x00") + (
        element(0x28, 0x02, b"US", struct.pack("<H", 1)) + element(0x28, 0x04, b"CS", b"MONOCHROME2 ")
        + element(0x28, 0x08, b"IS", str(frames).encode().ljust(2 * ((len(str(frames)) + 1) // 2)))
        + element(0x28, 0x10, b"US", struct.pack("<H", rows)) + element(0x28, 0x11, b"US", struct.pack("<H", cols))
        + element(0x28, 0x100, b"US", struct.pack("<H", 16)) + element(0x28, 0x101, b"US", struct.pack("<H", 16))
        + element(0x28, 0x102, b"US", struct.pack("<H", 15)) + element(0x28, 0x103, b"US", struct.pack("<H", 0)))
    chunk = b"\x00" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        info = zipfile.ZipInfo("IMG0001.dcm")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as out:
            out.write(head + pixels)
            for _ in range(frames * rows * cols * 2 >> 20):
                out.write(chunk)
    return path


def lying_archive(path: Path, members: int, declared: int) -> Path:
    """A stored zip of small members whose central directory declares ``declared`` bytes for each."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for k in range(members):
            zf.writestr(f"m{k:03d}.dcm", b"\x00" * 64)
    data = bytearray(path.read_bytes())
    at = 0
    while True:
        at = data.find(b"PK\x01\x02", at)
        if at < 0:
            break
        struct.pack_into("<L", data, at + 24, declared)  # uncompressed size in the central directory
        at += 4
    path.write_bytes(bytes(data))
    return path
