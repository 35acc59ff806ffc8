"""An uncompressed multi-frame object read frame by frame from its place in the file.

A breast tomosynthesis or an uncompressed cine is one file of hundreds of megabytes to gigabytes. Reading it
whole to show its first frame costs seconds, and every frame decoded from that buffer would keep the whole
buffer alive, outside the memory budget. Its header is read with the pixel data deferred; each frame's bytes
are read alone and decoded through the same ``read_frame`` as any other image.
"""

from __future__ import annotations

import os
import struct

from pydicom.dataset import Dataset

from viewer.dicom.decode import frame_out_of_range

PIXEL_DATA = 0x7FE00010
DEFER_BYTES = 8 << 20  # values larger than this are read only when asked for (the pixel data of big objects)
NATIVE_LE = frozenset({"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"})


def native_pixel_offset(path, nbytes: int) -> int | None:
    """Offset of the pixel bytes when Pixel Data is the file's last element, ``nbytes`` long, else None.

    The element header just before the last ``nbytes`` bytes must be (7FE0,0010) with that exact
    length (explicit VR OW/OB, or implicit VR); anything else (trailing padding, signatures,
    encapsulation) falls back to a full parse.
    """
    try:
        size = os.path.getsize(path)
        start = size - nbytes
        if start < 140:
            return None
        with open(path, "rb") as fh:
            fh.seek(start - 12)
            head = fh.read(12)
    except OSError:
        return None
    if head[0:4] == b"\xe0\x7f\x10\x00" and head[4:6] in (b"OW", b"OB") and struct.unpack("<I", head[8:12])[0] == nbytes:
        return start
    if head[4:8] == b"\xe0\x7f\x10\x00" and struct.unpack("<I", head[8:12])[0] == nbytes:
        return start
    return None


class NativeFrames:
    """The header of an uncompressed multi-frame file and where its frames lie."""

    def __init__(self, header: Dataset, path, offset: int, frame_bytes: int, count: int) -> None:
        self.header, self.path, self.offset, self.frame_bytes, self.count = header, path, offset, frame_bytes, count
        # The one-frame dataset's elements: the header's, without the pixel data and the per-frame groups.
        self._elements = [(tag, header.get_item(tag)) for tag in header.keys()
                          if tag < PIXEL_DATA and tag != 0x52009230]

    @classmethod
    def of(cls, ds: Dataset, path) -> "NativeFrames | None":
        """``ds`` (read with ``DEFER_BYTES``) as frames read one by one, None when it is not such a file."""
        meta = getattr(ds, "file_meta", None)
        syntax = str(meta.get("TransferSyntaxUID", "")) if meta is not None else ""
        try:
            count = int(ds.get("NumberOfFrames") or 1)
            bits = int(ds.BitsAllocated)
            frame_bytes = int(ds.Rows) * int(ds.Columns) * int(ds.get("SamplesPerPixel") or 1) * bits // 8
        except (AttributeError, TypeError, ValueError):
            return None
        if syntax not in NATIVE_LE or count < 2 or bits % 8 or frame_bytes <= 0 or "PixelData" not in ds:
            return None
        offset = native_pixel_offset(path, frame_bytes * count)
        return None if offset is None else cls(ds, path, offset, frame_bytes, count)

    def one(self, frame: int) -> Dataset:
        """Frame ``frame`` alone, as a one-frame dataset."""
        if not 0 <= frame < self.count:
            raise frame_out_of_range(frame, self.count)
        with open(self.path, "rb") as fh:
            fh.seek(self.offset + frame * self.frame_bytes)
            data = fh.read(self.frame_bytes)
        ds = Dataset()
        for tag, elem in self._elements:
            ds[tag] = elem
        ds.file_meta = self.header.file_meta
        ds.NumberOfFrames = 1
        ds.add_new(PIXEL_DATA, "OW" if int(self.header.BitsAllocated) > 8 else "OB", data)
        return ds
