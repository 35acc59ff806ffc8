"""Helpers for the study-cache tests: the shared real corpus, and small synthetic DICOM files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import generate_uid

from dicom_writer import write_image

CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
ROWS = COLS = 64


def corpus(*parts: str) -> Path:
    """A path in the real DICOM corpus, or skip the test (naming the path) when it is not there."""
    from conftest import shared_data

    return shared_data(*parts)


def write_instance(
    path: Path,
    *,
    study_uid: str,
    series_uid: str,
    sop_uid: str | None = None,
    patient_id: str = "PID-1",
    issuer: str | None = None,
    name: str = "Test^Patient",
    charset: str | None = None,
    study_date: str = "20240115",
    study_time: str = "101500",
    description: str = "CT THORAX",
    accession: str = "ACC1",
    modality: str = "CT",
    series_number: int = 1,
    instance_number: int = 1,
    position: tuple[float, float, float] | None = (0.0, 0.0, 0.0),
    part10: bool = True,
) -> str:
    """Write one small 64x64 MONOCHROME2 image (12 bits stored); returns its SOP Instance UID."""
    attributes = {"SpecificCharacterSet": charset} if charset else {}
    attributes.update(SOPInstanceUID=sop_uid, StudyDate=study_date, StudyTime=study_time, AccessionNumber=accession,
                      Modality=modality, StudyDescription=description, PatientName=name, PatientID=patient_id)
    if issuer is not None:
        attributes["IssuerOfPatientID"] = issuer
    attributes.update(PatientBirthDate="19700101", PatientSex="F", StudyInstanceUID=study_uid,
                      SeriesInstanceUID=series_uid, SeriesNumber=series_number, InstanceNumber=instance_number)
    if position is not None:
        attributes.update(ImagePositionPatient=list(position), ImageOrientationPatient=[1, 0, 0, 0, 1, 0])
    pixels = ((np.arange(ROWS * COLS, dtype=np.uint16) + instance_number) % 4096).reshape(ROWS, COLS)
    return write_image(path, pixels, sop_class=CT_IMAGE, bits_stored=12, part10=part10, **attributes)


def write_series(folder: Path, count: int, **kw) -> list[str]:
    """``count`` slices of one series (1 mm apart); returns their SOP Instance UIDs in order."""
    kw.setdefault("study_uid", generate_uid())
    kw.setdefault("series_uid", generate_uid())
    uids = []
    for i in range(count):
        uids.append(
            write_instance(folder / f"IM{i:05d}.dcm", instance_number=i + 1, position=(0.0, 0.0, float(i)), **kw)
        )
    return uids


def check_store(root: Path) -> set[str]:
    """Assert the cache under ``root`` is sound; returns the indexed SOP Instance UIDs."""
    db = sqlite3.connect(root / "index.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = db.execute("SELECT sop_uid, rel_path, size FROM instance").fetchall()
        # Stored counters agree with the rows they count.
        for study_id, count in db.execute("SELECT id, instance_count FROM study").fetchall():
            actual = db.execute(
                "SELECT count(*) FROM instance i JOIN series se ON se.id = i.series WHERE se.study = ?",
                (study_id,),
            ).fetchone()[0]
            assert count == actual
    finally:
        db.close()
    for sop_uid, rel_path, size in rows:
        assert rel_path.startswith("files/") and rel_path.endswith(".dcm"), rel_path
        path = root / rel_path
        assert path.stat().st_size == size
        ds = pydicom.dcmread(path)
        assert ds.SOPInstanceUID == sop_uid
        assert len(ds.PixelData) == ds.Rows * ds.Columns * ds.BitsAllocated // 8
    return {r[0] for r in rows}
