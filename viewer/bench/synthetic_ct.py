"""Fast synthetic CT series: 512x512 int16 slices of a simple body phantom with CT-like noise.

Not the demo's anatomy (viewer.dicom.demo is slower to generate and fixed at 250 slices): a body
ellipse with fat, lungs, spine, table and air, changing slowly along z. The noise matters more than the
anatomy here: lossless codecs spend their time on it, and a noiseless phantom would compress ~50x and
decode unrealistically fast. Real CT compresses ~2-3x losslessly; this one lands in that range.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

SIZE = 512
PIXEL_MM = 0.7
STEP_MM = 1.0
NOISE_HU = 12.0


@dataclass(frozen=True)
class Series:
    folder: Path
    files: tuple[Path, ...]  # in slice order
    study_uid: str
    series_uid: str
    rows: int = SIZE
    columns: int = SIZE

    @property
    def voxel_bytes(self) -> int:
        return len(self.files) * self.rows * self.columns * 2


def phantom_hu(z: float, rng: np.random.Generator, yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    """HU of one axial slice at relative height ``z`` in 0..1."""
    a = 0.80 + 0.08 * np.sin(np.pi * z)  # body semi-axes (fraction of the half field)
    b = 0.55 + 0.05 * np.sin(np.pi * z)
    body = (xx / a) ** 2 + (yy / b) ** 2
    hu = np.full(xx.shape, -1000.0, np.float32)
    hu[body < 1.0] = -100.0  # subcutaneous fat
    hu[body < 0.85] = 45.0  # muscle / organs
    if z < 0.55:  # lungs in the upper part
        r = 0.18 + 0.12 * np.sin(np.pi * z / 0.55)
        for cx in (-0.33, 0.33):
            hu[((xx - cx) / (r * 1.2)) ** 2 + ((yy + 0.05) / r) ** 2 < 1.0] = -850.0
    hu[(xx**2 + (yy - 0.33) ** 2) < 0.09**2] = 700.0  # vertebral body
    hu[(xx**2 + (yy - 0.33) ** 2) < 0.05**2] = 250.0  # cancellous core
    hu[(np.abs(yy - 0.70) < 0.008) & (np.abs(xx) < 0.85)] = 300.0  # table
    hu += rng.standard_normal(hu.shape, dtype=np.float32) * NOISE_HU
    return hu


def write_ct_series(
    folder: Path,
    slices: int,
    patient_id: str = "BENCH-CT",
    patient_name: str = "BENCH^Synthetic CT",
    seed: int = 7,
    progress=None,
    study_date: str = "20260101",
    description: str = "Benchmark",
) -> Series:
    """Write ``slices`` files ``ct0000.dcm``...; the template dataset is built once (writing dominates)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    study_uid, series_uid, frame_uid = generate_uid(), generate_uid(), generate_uid()
    axis = np.linspace(-1.0, 1.0, SIZE, dtype=np.float32)
    yy, xx = np.meshgrid(axis, axis, indexing="ij")
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset("", {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = CTImageStorage
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, frame_uid
    ds.PatientName, ds.PatientID = patient_name, patient_id
    ds.PatientBirthDate, ds.PatientSex = "19700101", "O"
    ds.StudyDate, ds.StudyTime, ds.StudyDescription = study_date, "120000", description
    ds.AccessionNumber, ds.Modality, ds.SeriesNumber = "BENCH", "CT", 1
    ds.SeriesDescription = f"Synthetic CT {slices} slices"
    ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    ds.PixelSpacing = [PIXEL_MM, PIXEL_MM]
    ds.SliceThickness = STEP_MM
    ds.Rows = ds.Columns = SIZE
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
    ds.WindowCenter, ds.WindowWidth = 40, 400
    half = SIZE * PIXEL_MM / 2.0
    files = []
    for i in range(slices):
        sop = generate_uid()
        meta.MediaStorageSOPInstanceUID = sop
        ds.SOPInstanceUID = sop
        ds.InstanceNumber = i + 1
        z = -i * STEP_MM
        ds.ImagePositionPatient = [-half, -half, z]
        ds.SliceLocation = z
        hu = phantom_hu(i / max(1, slices - 1), rng, yy, xx)
        ds.PixelData = np.clip(hu + 1024.0, 0, 4095).astype(np.int16).tobytes()
        path = folder / f"ct{i:04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        files.append(path)
        if progress is not None:
            progress(i + 1, slices)
    return Series(folder, tuple(files), study_uid, series_uid)
