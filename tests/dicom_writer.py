"""One writer for the suite's synthetic DICOM images: a grey image's pixel module from a numpy array,
any other attribute by keyword, saved as Part 10 (or as a bare dataset, for importers that must cope).
``synthetic.py``, ``store_fixtures.py`` and ``net/synth.py`` describe their series with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid


def write_image(path: Path, pixels: np.ndarray, *, sop_class: str = CTImageStorage, bits_stored: int | None = None,
                part10: bool = True, **attributes) -> str:
    """Write one MONOCHROME2 image of ``pixels`` (2-D, 8/16-bit, signed or not) to ``path``, with
    ``attributes`` (DICOM keywords; SOPInstanceUID made when absent); returns its SOP Instance UID."""
    pixels = np.ascontiguousarray(pixels)
    bits = pixels.dtype.itemsize * 8
    ds = Dataset()
    if "SpecificCharacterSet" in attributes:  # first: the texts below are encoded with it
        ds.SpecificCharacterSet = attributes.pop("SpecificCharacterSet")
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = attributes.pop("SOPInstanceUID", None) or generate_uid()
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = bits
    ds.BitsStored = bits_stored or bits
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = int(pixels.dtype.kind == "i")
    ds.PixelData = pixels.tobytes()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if part10:
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = sop_class
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta = meta
        ds.preamble = b"\0" * 128
        ds.save_as(path, enforce_file_format=True)
    else:
        ds.save_as(path, implicit_vr=True, little_endian=True)
    return ds.SOPInstanceUID
