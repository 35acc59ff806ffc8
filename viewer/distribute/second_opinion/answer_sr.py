"""The expert's answer as a Basic Text SR: the clinical question and the answer, in the study it answers."""

from __future__ import annotations

from datetime import datetime

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from viewer.dicom.findings.common import MANUFACTURER, MODEL_NAME, SOFTWARE_VERSION

BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"
SERIES_NUMBER = 9010
SERIES_DESCRIPTION = "Avis externe"
STUDY_KEYS = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "PatientAge", "PatientIdentityRemoved",
              "StudyInstanceUID", "StudyDate", "StudyTime", "StudyID", "AccessionNumber", "ReferringPhysicianName",
              "StudyDescription")


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def _text_item(code: Dataset, text: str) -> Dataset:
    item = Dataset()
    item.RelationshipType = "CONTAINS"
    item.ValueType = "TEXT"
    item.ConceptNameCodeSequence = Sequence([code])
    item.TextValue = text
    return item


def build_answer_sr(study: Dataset, question: str, answer: str, expert: str, institution: str = "") -> Dataset:
    """A Basic Text SR in ``study`` (a dataset of one of its instances gives the patient and study modules)."""
    now = datetime.now()
    ds = Dataset()
    for key in STUDY_KEYS:
        if key in study:
            ds[key] = study[key]
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = BASIC_TEXT_SR
    ds.SOPInstanceUID = generate_uid()
    ds.Modality = "SR"
    ds.SeriesInstanceUID = generate_uid()
    ds.SeriesNumber = SERIES_NUMBER
    ds.SeriesDescription = SERIES_DESCRIPTION
    ds.InstanceNumber = 1
    ds.Manufacturer, ds.ManufacturerModelName, ds.SoftwareVersions = MANUFACTURER, MODEL_NAME, SOFTWARE_VERSION
    ds.ContentDate, ds.ContentTime = now.strftime("%Y%m%d"), now.strftime("%H%M%S")
    ds.InstanceCreationDate, ds.InstanceCreationTime = ds.ContentDate, ds.ContentTime
    ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "UNVERIFIED"
    ds.ValueType = "CONTAINER"
    ds.ContinuityOfContent = "SEPARATE"
    ds.ConceptNameCodeSequence = Sequence([_code("18748-4", "LN", "Diagnostic imaging report")])
    observer = Dataset()
    observer.RelationshipType = "HAS OBS CONTEXT"
    observer.ValueType = "PNAME"
    observer.ConceptNameCodeSequence = Sequence([_code("121008", "DCM", "Person Observer Name")])
    observer.PersonName = expert or "EXPERT"
    items = [observer]
    if institution:
        items.append(_text_item(_code("121009", "DCM", "Person Observer's Organization Name"), institution))
        items[-1].RelationshipType = "HAS OBS CONTEXT"
    if question:
        items.append(_text_item(_code("121109", "DCM", "Indications for Procedure"), question))
    items.append(_text_item(_code("121072", "DCM", "Impression"), answer))
    ds.ContentSequence = Sequence(items)
    ds.ReferencedPerformedProcedureStepSequence = Sequence()
    ds.PerformedProcedureCodeSequence = Sequence()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    return ds
