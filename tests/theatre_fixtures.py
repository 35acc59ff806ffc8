"""A study as a surgeon finds it in theatre: a CT series, the radiologist's saved measurement (SR) and key
image (KO), and a written report (a Basic Text SR), in a Cauri home; and the same series on a DICOMDIR."""

from __future__ import annotations

from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from synthetic import write_series

KEY_SLICE = 7  # the radiologist's key image (display index)
MEASURED_SLICE = 4
REPORT_TEXT = "Fracture du plateau tibial externe, enfoncement de 6 mm."


def write_report(folder: Path, info: dict) -> Path:
    """A Basic Text SR report of the study (not a measurement report: Cauri lists it as the study's report)."""
    folder.mkdir(parents=True, exist_ok=True)
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = info["study_uid"], generate_uid()
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "SR", 90, 1
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "SYNTHÉTIQUE^Koffi", "SYN-001", "19800214", "F"
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber = "20261120", "101500", "ACC-SYN-1"
    ds.SeriesDescription = "Compte rendu"
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "UNVERIFIED"
    title = Dataset()
    title.CodeValue, title.CodingSchemeDesignator, title.CodeMeaning = "11528-7", "LN", "Radiology Report"
    ds.ConceptNameCodeSequence = [title]
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "TEXT"
    name = Dataset()
    name.CodeValue, name.CodingSchemeDesignator, name.CodeMeaning = "121071", "DCM", "Finding"
    item.ConceptNameCodeSequence = [name]
    item.TextValue = REPORT_TEXT
    ds.ContentSequence = [item]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    path = folder / "report.dcm"
    ds.save_as(path, enforce_file_format=True)
    return path


def theatre_study(tmp_path: Path, orientation=(1, 0, 0, 0, 1, 0)) -> tuple[Path, dict]:
    """A home holding the CT series (12 slices 128x128, 0.8 mm), a saved length and a key image, and the
    report; returns (home, the series' info + "length_mm", the measurement's true length)."""
    from viewer.core.paths import resolve_paths
    from viewer.model import measurements as M
    from viewer.model.registry import load_plugins
    from viewer.model.studies import study_display_sets
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=12, rows=128, cols=128, spacing=(0.8, 0.8), orientation=orientation)
    write_report(tmp_path / "report", info)
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src"), str(tmp_path / "report")])
        sets = study_display_sets(cache, info["study_uid"], load_plugins().display_set_handlers())
        stack = next(ds for ds in sets if ds.kind == "stack")
        refs = [M.ImageRef(info["study_uid"], stack.series_uid, f.sop_uid, f.frame) for f in stack.frames]
        # A 50-pixel length along row 100 of the measured image: 40 mm at 0.8 mm.
        length = M.Measurement(M.MeasurementKind.LENGTH, ((30.0, 100.0), (80.0, 100.0)), refs[MEASURED_SLICE])
        M.save_findings(cache, info["study_uid"], [length], key_images=[refs[KEY_SLICE]])
    info["stack_uid"] = stack.uid
    info["length_mm"] = 50 * 0.8
    return home, info


def dicomdir_media(tmp_path: Path) -> tuple[Path, dict]:
    """The series written as a CD would hold it: a DICOMDIR (pydicom's FileSet) over the files."""
    from pydicom import dcmread
    from pydicom.fileset import FileSet

    info = write_series(tmp_path / "loose", slices=8, rows=64, cols=64)
    fs = FileSet()
    for path in sorted((tmp_path / "loose").glob("*.dcm")):
        ds = dcmread(path)
        ds.StudyID = "1"  # the STUDY directory record requires it (PS3.3 F.5)
        fs.add(ds)
    media = tmp_path / "cd"
    fs.write(media)
    return media, info
