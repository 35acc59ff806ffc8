"""Small synthetic DICOM series with known pixel values and geometry, for exact checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, MRImageStorage, generate_uid


def block_image(rows: int, cols: int, slice_index: int) -> np.ndarray:
    """HU values: left half -1000 (air), right half 40 (soft tissue), a 1000 HU (bone) square whose
    column position moves with the slice, so scrolling visibly changes the picture."""
    hu = np.full((rows, cols), -1000, np.int16)
    hu[:, cols // 2 :] = 40
    size = rows // 4
    x0 = (slice_index * 7) % (cols - size)
    hu[rows // 8 : rows // 8 + size, x0 : x0 + size] = 1000
    return hu


def write_series(
    folder: Path,
    slices: int = 12,
    rows: int = 128,
    cols: int = 128,
    modality: str = "CT",
    patient_id: str = "SYN-001",
    patient_name: str = "SYNTHÉTIQUE^Koffi",
    spacing: tuple[float, float] = (0.8, 0.8),
    thickness: float = 2.0,
    orientation=(1, 0, 0, 0, 1, 0),
    study_uid: str | None = None,
    series_uid: str | None = None,
    window: tuple[float, float] | None = (400, 40),
    shuffle: bool = True,
    hu_slices=None,  # optional callable(slice_index) -> rows x cols HU array
    frame_uid: str | None = None,
    origin=(-50.0, -60.0, 0.0),
) -> dict:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    study_uid = study_uid or generate_uid()
    series_uid = series_uid or generate_uid()
    frame_uid = frame_uid or generate_uid()
    normal = np.cross(orientation[:3], orientation[3:])
    order = list(range(slices))
    if shuffle:
        # Instance numbers and file order disagree with geometry on purpose: sorting must use positions.
        order = order[::2] + order[1::2]
    files = []
    for k, i in enumerate(order):
        meta = FileMetaDataset()
        sop_uid = generate_uid()
        meta.MediaStorageSOPClassUID = CTImageStorage if modality == "CT" else MRImageStorage
        meta.MediaStorageSOPInstanceUID = sop_uid
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        path = folder / f"img{k:04d}.dcm"
        ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SpecificCharacterSet = "ISO_IR 192"
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = sop_uid
        ds.StudyInstanceUID = study_uid
        ds.SeriesInstanceUID = series_uid
        ds.FrameOfReferenceUID = frame_uid
        ds.PatientName = patient_name
        ds.PatientID = patient_id
        ds.PatientBirthDate = "19800214"
        ds.PatientSex = "F"
        ds.StudyDate = "20261120"
        ds.StudyTime = "101500"
        ds.StudyDescription = "Synthèse contrôle"
        ds.SeriesDescription = "Axial test"
        ds.AccessionNumber = "ACC-SYN-1"
        ds.Modality = modality
        ds.SeriesNumber = 3
        ds.InstanceNumber = k + 1
        ds.ImageOrientationPatient = [float(v) for v in orientation]
        pos = np.array(origin, float) + normal * (i * thickness)
        ds.ImagePositionPatient = [float(v) for v in pos]
        ds.PixelSpacing = [spacing[0], spacing[1]]
        ds.SliceThickness = thickness
        ds.Rows, ds.Columns = rows, cols
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.BitsAllocated = 16
        ds.BitsStored = 16
        ds.HighBit = 15
        ds.PixelRepresentation = 1
        ds.RescaleIntercept = -1024
        ds.RescaleSlope = 1
        ds.RescaleType = "HU"
        if window:
            ds.WindowWidth, ds.WindowCenter = window
        hu = hu_slices(i) if hu_slices is not None else block_image(rows, cols, i)
        stored = (np.asarray(hu).astype(np.int32) + 1024).astype(np.int16)
        ds.PixelData = stored.tobytes()
        ds.save_as(path, enforce_file_format=True)
        files.append(path)
    return {"study_uid": study_uid, "series_uid": series_uid, "files": files}
