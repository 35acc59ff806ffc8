"""A report -> an Enhanced SR following TID 2000 (Basic Diagnostic Imaging Report), built with pydicom.

highdicom (0.28) builds TID 1500 measurement reports and key object selections but has no TID 2000
class, so the tree is written here item by item, after PS3.16 TID 2000/2001/2002:

    CONTAINER (18748-4, LN, "Diagnostic imaging report"), SEPARATE
      HAS CONCEPT MOD  CODE  Language of Content Item and Descendants = the report's language (RFC 5646)
      HAS OBS CONTEXT  CODE  Observer Type = Person; PNAME Person Observer Name; TEXT organization (TID 1002)
      CONTAINS CONTAINER  one per section, its heading from CID 7001 (Indications for Procedure, Current
                          Procedure Descriptions, Prior Procedure Descriptions, Findings, Conclusions...)
        CONTAINS TEXT     the section's text (CID 7002: Finding, Conclusion, Procedure Description, Comment)
        CONTAINS NUM      (Findings) each measurement inserted, INFERRED FROM its SCOORD SELECTED FROM the image
        CONTAINS IMAGE    (Findings) each key image, "Best illustration of finding" (CID 7003)

Enhanced SR (not Basic Text) because measurements carry their spatial coordinates (SCOORD). The SR
Document General module states the report's state: Preliminary Flag, Verification Flag with the Verifying
Observer (the signer), Completion Flag, and the Predecessor Documents Sequence naming the version(s) this
one replaces, so an amendment keeps its link to the signed original.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Mapping, Sequence

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence as Seq
from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID

from viewer.dicom.findings import codes as cc
from viewer.dicom.findings.common import MANUFACTURER, MODEL_NAME, SOFTWARE_VERSION, frame_numbers
from viewer.dicom.findings.records import Measurement, MeasurementResult
from viewer.dicom.findings.records import MeasurementKind as K
from viewer.report.document import AMENDED, FINAL, PRELIMINARY, Report

ENHANCED_SR = "1.2.840.10008.5.1.4.1.1.88.22"
TITLE = ("18748-4", "LN", "Diagnostic imaging report")
LANGUAGE = ("121049", "DCM", "Language of Content Item and Descendants")
LANGUAGES = {"fr": ("fr", "RFC5646", "French"), "en": ("en", "RFC5646", "English")}
OBSERVER_TYPE, PERSON = ("121005", "DCM", "Observer Type"), ("121006", "DCM", "Person")
PERSON_NAME = ("121008", "DCM", "Person Observer Name")
PERSON_ORG = ("121009", "DCM", "Person Observer's Organization Name")
BEST_ILLUSTRATION = ("121080", "DCM", "Best illustration of finding")
# Section heading (CID 7001) -> what its text is (CID 7002)
TEXT_CONCEPT = {
    "121070": ("121071", "DCM", "Finding"),
    "121076": ("121077", "DCM", "Conclusion"),
    "121072": ("121073", "DCM", "Impression"),
    "121074": ("121075", "DCM", "Recommendation"),
    "121064": ("121065", "DCM", "Procedure Description"),
}
COMMENT = ("121106", "DCM", "Comment")
FINDINGS = ("121070", "DCM", "Findings")
# Section names of templates without coded headings (RSNA files often code none) -> CID 7001
HEADINGS_BY_NAME = {
    "indication": ("121109", "DCM", "Indications for Procedure"),
    "clinical information": ("121109", "DCM", "Indications for Procedure"),
    "history": ("121060", "DCM", "History"),
    "technique": ("121064", "DCM", "Current Procedure Descriptions"),
    "procedure": ("121064", "DCM", "Current Procedure Descriptions"),
    "comparison": ("121066", "DCM", "Prior Procedure Descriptions"),
    "findings": FINDINGS,
    "impression": ("121072", "DCM", "Impressions"),
    "conclusion": ("121076", "DCM", "Conclusions"),
    "recommendation": ("121074", "DCM", "Recommendations"),
    "recommendations": ("121074", "DCM", "Recommendations"),
    "addendum": ("121078", "DCM", "Addendum"),
}


def heading_code(key: str, code: tuple[str, str, str]) -> tuple[str, str, str]:
    if code and code[0]:
        return code
    return HEADINGS_BY_NAME.get(key.strip().lower(), FINDINGS)


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning[:64]
    return c


def _item(relationship: str, value_type: str, concept: tuple[str, str, str]) -> Dataset:
    it = Dataset()
    it.RelationshipType = relationship
    it.ValueType = value_type
    it.ConceptNameCodeSequence = Seq([_code(*concept)])
    return it


def _text(relationship: str, concept, text: str) -> Dataset:
    it = _item(relationship, "TEXT", concept)
    it.TextValue = text
    return it


def _ref(ds: Dataset, frame_index: int = 0) -> Dataset:
    r = Dataset()
    r.ReferencedSOPClassUID = ds.SOPClassUID
    r.ReferencedSOPInstanceUID = ds.SOPInstanceUID
    frames = frame_numbers(ds, frame_index)
    if frames:
        r.ReferencedFrameNumber = frames
    return r


def _image(relationship: str, concept, ds: Dataset, frame_index: int = 0) -> Dataset:
    it = _item(relationship, "IMAGE", concept)
    it.ReferencedSOPSequence = Seq([_ref(ds, frame_index)])
    return it


def _graphic(m: Measurement) -> tuple[str, list[float]]:
    pts = list(m.points)
    if m.kind is K.PROBE:
        kind = "POINT"
        pts = pts[:1]
    elif m.kind is K.ELLIPSE:
        kind = "ELLIPSE"
    elif m.kind in (K.RECTANGLE, K.POLYGON, K.FREEHAND):
        if m.kind is K.RECTANGLE:
            (x0, y0), (x1, y1) = pts[:2]
            pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        kind, pts = "POLYLINE", pts + pts[:1]  # a region's outline is closed: first = last
    elif len(pts) <= 3:
        kind = "POLYLINE"
    else:
        kind = "MULTIPOINT"  # Cobb, bidirectional: two separate lines
    return kind, [float(v) for p in pts for v in p]


def _measurement_items(m: Measurement, result: MeasurementResult, header: Dataset) -> list[Dataset]:
    out = []
    for v in result.values:
        if not math.isfinite(v.value):
            continue
        c = cc.concept_for(v.name, m.kind, v.unit)
        num = _item("CONTAINS", "NUM", (c.value, c.scheme_designator, c.meaning))
        mv = Dataset()
        mv.NumericValue = f"{v.value:.6g}"
        u = cc.unit_concept(v.unit)
        mv.MeasurementUnitsCodeSequence = Seq([_code(u.value, u.scheme_designator, u.meaning)])
        num.MeasuredValueSequence = Seq([mv])
        if m.plane is None and m.points:
            kind, data = _graphic(m)
            sc = Dataset()
            sc.RelationshipType, sc.ValueType = "INFERRED FROM", "SCOORD"
            sc.GraphicType, sc.GraphicData = kind, data
            sc.ContentSequence = Seq([_image("SELECTED FROM", ("111040", "DCM", "Original Source"), header,
                                             m.image.frame_index)])
            del sc.ContentSequence[0].ConceptNameCodeSequence  # SELECTED FROM targets carry no concept name
            num.ContentSequence = Seq([sc])
        else:
            ref = _image("INFERRED FROM", ("121112", "DCM", "Source of Measurement"), header, m.image.frame_index)
            num.ContentSequence = Seq([ref])
        out.append(num)
    return out


def _evidence(headers: Sequence[Dataset]) -> Seq:
    """Hierarchical SOP Instance Reference Macro: study -> series -> instances."""
    studies: dict[str, dict[str, list[Dataset]]] = {}
    for ds in headers:
        studies.setdefault(str(ds.StudyInstanceUID), {}).setdefault(str(ds.SeriesInstanceUID), []).append(ds)
    out = []
    for study, series in studies.items():
        st = Dataset()
        st.StudyInstanceUID = study
        refs = []
        for series_uid, items in series.items():
            se = Dataset()
            se.SeriesInstanceUID = series_uid
            se.ReferencedSOPSequence = Seq([_ref(ds) for ds in {str(d.SOPInstanceUID): d for d in items}.values()])
            for r in se.ReferencedSOPSequence:
                if "ReferencedFrameNumber" in r:
                    del r.ReferencedFrameNumber
            refs.append(se)
        st.ReferencedSeriesSequence = Seq(refs)
        out.append(st)
    return Seq(out)


_PATIENT_STUDY = ("PatientName", "PatientID", "IssuerOfPatientID", "PatientBirthDate", "PatientSex",
                  "StudyInstanceUID", "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID",
                  "AccessionNumber", "StudyDescription")
_TYPE2 = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime",
          "ReferringPhysicianName", "StudyID", "AccessionNumber")


def base_dataset(study_header: Dataset, sop_class: str, sop_uid: str, series_uid: str, series_number: int,
                 instance_number: int, modality: str, when: datetime) -> Dataset:
    """Patient, study, series, equipment and SOP common attributes shared by the SR and the PDF."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SpecificCharacterSet = "ISO_IR 192"  # names and French text, whatever the images used
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    ds.InstanceCreationDate, ds.InstanceCreationTime = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
    for kw in _PATIENT_STUDY:
        if kw in study_header and study_header.get(kw) not in (None, ""):
            setattr(ds, kw, study_header.get(kw))
        elif kw in _TYPE2:
            setattr(ds, kw, "")
    ds.Modality = modality
    ds.SeriesInstanceUID, ds.SeriesNumber = series_uid, series_number
    ds.InstanceNumber = instance_number
    ds.Manufacturer, ds.ManufacturerModelName, ds.SoftwareVersions = MANUFACTURER, MODEL_NAME, SOFTWARE_VERSION
    ds.ContentDate, ds.ContentTime = when.strftime("%Y%m%d"), when.strftime("%H%M%S")
    return ds


def build_report_sr(
    report: Report,
    state: str,
    study_header: Dataset,
    headers: Mapping[str, Dataset],
    measurements: Sequence[tuple[Measurement, MeasurementResult]],
    series_uid: str,
    series_number: int,
    sop_uid: str,
    instance_number: int,
    when: datetime,
    predecessors: Sequence[tuple[str, str, str]] = (),
) -> Dataset:
    """``headers``: evidence headers by SOP Instance UID of the key images and measured images;
    ``predecessors``: (series UID, SOP Instance UID, SOP class) of the SRs this version replaces."""
    ds = base_dataset(study_header, ENHANCED_SR, sop_uid, series_uid, series_number, instance_number, "SR", when)
    ds.SeriesDescription = "Cauri report"
    ds.ReferencedPerformedProcedureStepSequence = Seq([])
    ds.PerformedProcedureCodeSequence = Seq([])
    ds.CompletionFlag = "COMPLETE"
    ds.PreliminaryFlag = "PRELIMINARY" if state == PRELIMINARY else "FINAL"
    signed = state in (FINAL, AMENDED)
    ds.VerificationFlag = "VERIFIED" if signed else "UNVERIFIED"
    reader = report.reader
    if signed:
        v = Dataset()
        v.VerifyingObserverName = reader.name or "UNKNOWN"
        v.VerifyingOrganization = reader.institution or MANUFACTURER
        v.VerificationDateTime = when.strftime("%Y%m%d%H%M%S")
        v.VerifyingObserverIdentificationCodeSequence = Seq([])
        ds.VerifyingObserverSequence = Seq([v])
    if predecessors:
        st = Dataset()
        st.StudyInstanceUID = report.study_uid
        by_series: dict[str, list[Dataset]] = {}
        for series, sop, cls in predecessors:
            r = Dataset()
            r.ReferencedSOPClassUID, r.ReferencedSOPInstanceUID = cls, sop
            by_series.setdefault(series, []).append(r)
        st.ReferencedSeriesSequence = Seq([_series_ref(s, refs) for s, refs in by_series.items()])
        ds.PredecessorDocumentsSequence = Seq([st])
    evidence = [headers[k] for k in sorted(headers)]
    if evidence:
        ds.CurrentRequestedProcedureEvidenceSequence = _evidence(evidence)

    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = Seq([_code(*TITLE)])
    ds.ContinuityOfContent = "SEPARATE"
    ds.ContentTemplateSequence = Seq([_template("2000")])
    lang = _item("HAS CONCEPT MOD", "CODE", LANGUAGE)
    lang.ConceptCodeSequence = Seq([_code(*LANGUAGES.get(report.language, LANGUAGES["fr"]))])
    content = [lang]
    if reader.name:
        obs = _item("HAS OBS CONTEXT", "CODE", OBSERVER_TYPE)
        obs.ConceptCodeSequence = Seq([_code(*PERSON)])
        name = _item("HAS OBS CONTEXT", "PNAME", PERSON_NAME)
        name.PersonName = reader.name
        content += [obs, name]
        if reader.institution:
            content.append(_text("HAS OBS CONTEXT", PERSON_ORG, reader.institution))
    findings_done = False
    for s in report.sections:
        heading = heading_code(s.key, s.code)
        children = []
        if s.text.strip():
            children.append(_text("CONTAINS", TEXT_CONCEPT.get(heading[0], COMMENT), s.text.strip()))
        if heading[0] == FINDINGS[0] and not findings_done:
            findings_done = True
            children += _findings_evidence(report, headers, measurements)
        if not children:
            continue
        # The heading as the reader wrote it: a code meaning may be in the content's language (TID 1204 above).
        sec = _item("CONTAINS", "CONTAINER", (heading[0], heading[1], s.title or heading[2]))
        sec.ContinuityOfContent = "SEPARATE"
        sec.ContentSequence = Seq(children)
        content.append(sec)
    if not findings_done and (report.key_images or measurements):
        sec = _item("CONTAINS", "CONTAINER", FINDINGS)
        sec.ContinuityOfContent = "SEPARATE"
        sec.ContentSequence = Seq(_findings_evidence(report, headers, measurements))
        content.append(sec)
    ds.ContentSequence = Seq(content)
    return ds


def _findings_evidence(report: Report, headers, measurements) -> list[Dataset]:
    out = []
    for m, result in measurements:
        header = headers.get(m.image.sop_uid)
        if header is not None:
            out += _measurement_items(m, result, header)
    for _study, _series, sop, frame in report.key_images:
        header = headers.get(sop)
        if header is not None:
            out.append(_image("CONTAINS", BEST_ILLUSTRATION, header, frame))
    return out


def _series_ref(series_uid: str, refs: list[Dataset]) -> Dataset:
    se = Dataset()
    se.SeriesInstanceUID = series_uid
    se.ReferencedSOPSequence = Seq(refs)
    return se


def _template(tid: str) -> Dataset:
    t = Dataset()
    t.MappingResource, t.TemplateIdentifier = "DCMR", tid
    return t
