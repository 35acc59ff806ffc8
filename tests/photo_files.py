"""Colour photos with an embedded ICC profile, for tests: a wide-gamut RGB profile written by hand (ICC v2
matrix/TRC: Adobe RGB (1998) primaries adapted to D50, gamma 2.2), so that showing the stored values as sRGB
is measurably wrong and the profile's effect can be checked against LittleCMS (Pillow's ImageCms)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

VL_PHOTOGRAPHIC = "1.2.840.10008.5.1.4.1.1.77.1.4"
ADOBE_D50 = ((0.6097559, 0.3111242, 0.0194811), (0.2052401, 0.6256560, 0.0608902), (0.1492240, 0.0632197, 0.7448387))
D50 = (0.9642, 1.0, 0.8249)


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _xyz(x, y, z) -> bytes:
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def wide_gamut_profile(gamma: float = 2.2) -> bytes:
    text = b"Wide gamut test RGB\0"
    desc = (b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0\0" + b"\0" + b"\0" * 67)
    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    tags = [(b"desc", desc), (b"wtpt", _xyz(*D50)), (b"rXYZ", _xyz(*ADOBE_D50[0])), (b"gXYZ", _xyz(*ADOBE_D50[1])),
            (b"bXYZ", _xyz(*ADOBE_D50[2])), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
            (b"cprt", b"text" + b"\0" * 4 + b"none\0\0\0\0")]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        body = body + b"\0" * (-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 4 + b"\0" * 4 + b"\0" * 8 + b"\0" * 8
              + struct.pack(">I", 0) + _s15(D50[0]) + _s15(D50[1]) + _s15(D50[2]) + b"\0" * 4 + b"\0" * 16
              + b"\0" * 28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def photo_pixels(rows: int = 64, cols: int = 96) -> np.ndarray:
    """Saturated patches (where a wide gamut differs most from sRGB) and a grey ramp."""
    rgb = np.zeros((rows, cols, 3), np.uint8)
    patches = [(220, 30, 30), (30, 200, 40), (40, 60, 210), (230, 200, 40), (128, 128, 128), (60, 180, 180)]
    w = cols // len(patches)
    for i, colour in enumerate(patches):
        rgb[: rows // 2, i * w:(i + 1) * w] = colour
    rgb[rows // 2:] = np.linspace(0, 255, cols).astype(np.uint8)[None, :, None]
    return rgb


def write_photo(path: Path, pixels: np.ndarray | None = None, profile: bytes | None = None, *,
                in_optical_path: bool = False, sop_class: str = VL_PHOTOGRAPHIC, modality: str = "XC",
                body_part: str = "SKIN") -> dict:
    rgb = photo_pixels() if pixels is None else pixels
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    sop_uid = generate_uid()
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    ds.PatientName, ds.PatientID = "PHOTO^Ama", "PHO-001"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.StudyDate, ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "20260302", modality, 1, 1
    ds.BodyPartExamined = body_part
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
    ds.Rows, ds.Columns = rgb.shape[:2]
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = np.ascontiguousarray(rgb).tobytes()
    if profile is not None:
        if in_optical_path:
            item = Dataset()
            item.OpticalPathIdentifier = "1"
            item.ICCProfile = profile
            ds.OpticalPathSequence = [item]
        else:
            ds.ICCProfile = profile
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return {"path": path, "study_uid": ds.StudyInstanceUID, "series_uid": ds.SeriesInstanceUID, "pixels": rgb}
