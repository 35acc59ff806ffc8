"""Synthetic CT studies written with pydicom: known UIDs, optional accented names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid


@dataclass
class SynthStudy:
    study_uid: str
    series_uids: list[str]
    sop_uids: list[str]
    files: list[Path]
    patient_id: str
    patient_name: str


def write_study(
    folder: Path,
    slices_per_series: tuple[int, ...] = (20,),
    size: int = 64,
    patient_id: str = "NET-001",
    patient_name: str = "KOFFI^Adjo",
    birth_date: str = "19800101",
    study_date: str = "20240115",
    accession: str = "ACC001",
    description: str = "CT THORAX",
    modality: str = "CT",
    issuer: str = "",
    study_time: str = "101500",
) -> SynthStudy:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    study_uid = generate_uid()
    series_uids, sop_uids, files = [], [], []
    frame_uid = generate_uid()
    rng = np.random.default_rng(1)
    for s, count in enumerate(slices_per_series):
        series_uid = generate_uid()
        series_uids.append(series_uid)
        for i in range(count):
            sop_uid = generate_uid()
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = CTImageStorage
            meta.MediaStorageSOPInstanceUID = sop_uid
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            path = folder / f"s{s}-{i:04d}.dcm"
            ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
            ds.SpecificCharacterSet = "ISO_IR 192"
            ds.SOPClassUID = CTImageStorage
            ds.SOPInstanceUID = sop_uid
            ds.StudyInstanceUID = study_uid
            ds.SeriesInstanceUID = series_uid
            ds.FrameOfReferenceUID = frame_uid
            ds.PatientName = patient_name
            ds.PatientID = patient_id
            if issuer:
                ds.IssuerOfPatientID = issuer
            ds.PatientBirthDate = birth_date
            ds.PatientSex = "F"
            ds.StudyDate = study_date
            ds.StudyTime = study_time
            ds.AccessionNumber = accession
            ds.StudyDescription = description
            ds.StudyID = "1"
            ds.Modality = modality
            ds.SeriesNumber = s + 1
            ds.SeriesDescription = f"AXIAL {s + 1}"
            ds.InstanceNumber = i + 1
            ds.ImagePositionPatient = [0.0, 0.0, float(i)]
            ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
            ds.PixelSpacing = [0.7, 0.7]
            ds.SliceThickness = 1.0
            ds.Rows = ds.Columns = size
            ds.SamplesPerPixel = 1
            ds.PhotometricInterpretation = "MONOCHROME2"
            ds.BitsAllocated = 16
            ds.BitsStored = 16
            ds.HighBit = 15
            ds.PixelRepresentation = 1
            ds.RescaleIntercept = 0
            ds.RescaleSlope = 1
            ds.PixelData = rng.integers(-1000, 1000, (size, size), dtype=np.int16).tobytes()
            ds.save_as(path, enforce_file_format=True)
            sop_uids.append(sop_uid)
            files.append(path)
    return SynthStudy(study_uid, series_uids, sop_uids, files, patient_id, patient_name)
