"""The printed report (PDF bytes, made by the window's layer) -> an Encapsulated PDF instance of the study,
for the people and systems that cannot read an SR. It names the SR it was printed from (Source Instance
Sequence) and carries the report's title and concept (Diagnostic imaging report)."""

from __future__ import annotations

from datetime import datetime

from pydicom.dataset import Dataset
from pydicom.sequence import Sequence as Seq

from viewer.dicom.findings.common import PDF_CLASS
from viewer.report.sr_tid2000 import ENHANCED_SR, TITLE, _code, base_dataset


def build_encapsulated_pdf(pdf: bytes, study_header: Dataset, title: str, series_uid: str, series_number: int,
                           sop_uid: str, instance_number: int, when: datetime, source_sr_uid: str = "") -> Dataset:
    if not pdf.startswith(b"%PDF"):
        raise ValueError("not a PDF document")
    ds = base_dataset(study_header, PDF_CLASS, sop_uid, series_uid, series_number, instance_number, "DOC", when)
    ds.SeriesDescription = "Cauri report (PDF)"
    ds.ConversionType = "WSD"  # workstation
    ds.AcquisitionDateTime = when.strftime("%Y%m%d%H%M%S")
    ds.BurnedInAnnotation = "YES"  # the patient banner is printed on every page
    ds.RecognizableVisualFeatures = "NO"
    ds.DocumentTitle = title[:64]
    ds.ConceptNameCodeSequence = Seq([_code(*TITLE)])
    ds.MIMETypeOfEncapsulatedDocument = "application/pdf"
    if source_sr_uid:
        src = Dataset()
        src.ReferencedSOPClassUID, src.ReferencedSOPInstanceUID = ENHANCED_SR, source_sr_uid
        ds.SourceInstanceSequence = Seq([src])
    data = pdf + (b"\0" if len(pdf) % 2 else b"")  # OB values have an even length
    ds.EncapsulatedDocument = data
    ds.EncapsulatedDocumentLength = len(pdf)
    return ds
