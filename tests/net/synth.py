"""Synthetic CT studies written with pydicom: known UIDs, optional accented names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.uid import generate_uid

from dicom_writer import write_image


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
            path = folder / f"s{s}-{i:04d}.dcm"
            sop_uid = write_image(
                path, rng.integers(-1000, 1000, (size, size), dtype=np.int16),
                SpecificCharacterSet="ISO_IR 192", StudyInstanceUID=study_uid, SeriesInstanceUID=series_uid,
                FrameOfReferenceUID=frame_uid, PatientName=patient_name, PatientID=patient_id,
                **({"IssuerOfPatientID": issuer} if issuer else {}),
                PatientBirthDate=birth_date, PatientSex="F", StudyDate=study_date, StudyTime=study_time,
                AccessionNumber=accession, StudyDescription=description, StudyID="1", Modality=modality,
                SeriesNumber=s + 1, SeriesDescription=f"AXIAL {s + 1}", InstanceNumber=i + 1,
                ImagePositionPatient=[0.0, 0.0, float(i)], ImageOrientationPatient=[1, 0, 0, 0, 1, 0],
                PixelSpacing=[0.7, 0.7], SliceThickness=1.0, RescaleIntercept=0, RescaleSlope=1,
            )
            sop_uids.append(sop_uid)
            files.append(path)
    return SynthStudy(study_uid, series_uids, sop_uids, files, patient_id, patient_name)
