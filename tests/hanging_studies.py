"""Studies for the hanging-protocol tests: each series a plateau of one known stored value (so a viewport's
grey level says which series and which study it shows), with the descriptions a protocol matches on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydicom.uid import CTImageStorage, generate_uid

from dicom_writer import write_image

MG_STORAGE = "1.2.840.10008.5.1.4.1.1.1.2"  # Digital Mammography X-Ray Image Storage - For Presentation
CR_STORAGE = "1.2.840.10008.5.1.4.1.1.1"
MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4"
US_STORAGE = "1.2.840.10008.5.1.4.1.1.6.1"
SOP = {"CT": CTImageStorage, "MG": MG_STORAGE, "CR": CR_STORAGE, "DX": CR_STORAGE, "MR": MR_STORAGE, "US": US_STORAGE}


@dataclass
class Built:
    study_uid: str
    series: dict = field(default_factory=dict)  # description -> series uid


def write_study(folder: Path, series: list[tuple[str, int, int]], *, modality: str = "CT", patient_id: str = "CNHU-42",
                patient_name: str = "HOUNSOU^Rémi", birth_date: str = "19700101", study_date: str = "20260301",
                study_time: str = "100000", description: str = "TDM THORACIQUE", body_part: str = "",
                issuer: str = "", size: int = 32) -> Built:
    """``series``: (description, slices, stored value) each; the value fills the image but for a 4-pixel
    corner mark (so flips show)."""
    folder = Path(folder)
    study_uid, frame_uid = generate_uid(), generate_uid()
    built = Built(study_uid)
    for s, (desc, count, value) in enumerate(series):
        series_uid = generate_uid()
        built.series[desc] = series_uid
        for i in range(count):
            pixels = np.full((size, size), value, dtype=np.int16)
            pixels[:4, :4] = value + 2000  # top-left mark
            extra = {"IssuerOfPatientID": issuer} if issuer else {}
            if body_part:
                extra["BodyPartExamined"] = body_part
            if modality == "CT":
                extra.update(RescaleIntercept=0, RescaleSlope=1)
            write_image(folder / f"s{s}-{i:03d}.dcm", pixels, sop_class=SOP[modality], SpecificCharacterSet="ISO_IR 192",
                        StudyInstanceUID=study_uid, SeriesInstanceUID=series_uid, FrameOfReferenceUID=frame_uid,
                        PatientName=patient_name, PatientID=patient_id, PatientBirthDate=birth_date, PatientSex="M",
                        StudyDate=study_date, StudyTime=study_time, AccessionNumber="A" + study_date,
                        StudyDescription=description, StudyID="1", Modality=modality, SeriesNumber=s + 1,
                        SeriesDescription=desc, InstanceNumber=i + 1, ImagePositionPatient=[0.0, 0.0, float(i) * 2],
                        ImageOrientationPatient=[1, 0, 0, 0, 1, 0], PixelSpacing=[1.0, 1.0], SliceThickness=2.0,
                        **extra)
    return built


def import_into(home: Path, *folders: Path) -> None:
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(f) for f in folders])


def thorax_with_prior(tmp_path: Path, home: Path) -> tuple[Built, Built, Built]:
    """HOUNSOU's CT chest (mediastinum 40, lung 41, scout 42: values told apart), his CT chest a year before
    (mediastinum 300, lung 301), and another patient's earlier CT chest with the same Patient ID typed by
    another hospital (other issuer, other name)."""
    current = write_study(tmp_path / "cur", [("MEDIASTIN 3mm", 6, 40), ("POUMON 1mm", 6, 41), ("TOPOGRAMME", 1, 42)],
                          body_part="CHEST", study_date="20260301", issuer="CNHU")
    prior = write_study(tmp_path / "pri", [("Médiastin", 5, 300), ("Parenchyme pulmonaire", 5, 301)],
                        description="Scanner thorax", study_date="20250301", issuer="CNHU")
    stranger = write_study(tmp_path / "oth", [("MEDIASTIN", 4, 900)], patient_name="ADJOVI^Marc", birth_date="19550505",
                           study_date="20240101", issuer="HIA")
    import_into(home, tmp_path / "cur", tmp_path / "pri", tmp_path / "oth")
    return current, prior, stranger
