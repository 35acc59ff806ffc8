"""Storing a version of the report: the TID 2000 SR and the printed PDF written, imported into the study
cache like any received instance (so ``net.send`` sends them to the archive with the study), the ORU
queued in the HL7 outbox, and the report's record updated. The PDF bytes come from the caller (the
window's layer lays them out: ``ui.report_pdf.pdf_bytes``), so this module needs no toolkit.

Order, for a power cut at any point: the version's UIDs, series and time are recorded in the report's
document first (``Report.pending``), then the DICOM objects are imported, then the ORU is queued with a
control ID derived from the SR's UID, then the record is saved. Storing the same content again after a cut
takes the recorded UIDs: the cache keeps the object it already has, the missing one is added, the outbox
knows the control ID; one version, never two, never none (tools/robustness/kill_drills.py "report" drills).
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from pydicom.uid import generate_uid

from viewer.core.messages import msg
from viewer.dicom.findings.common import evidence_header
from viewer.model.measure.calibration import read_header
from viewer.model.measure.findings_io import EvidenceHeaders
from viewer.model.measurements import AnnotationStore, compute_on_cache, import_datasets
from viewer.report.document import Reader, Report, ReportError, ReportStore, now
from viewer.report.hl7_oru import Patient, build_oru
from viewer.report.outbox import Outbox
from viewer.report.pdf_dicom import build_encapsulated_pdf
from viewer.report.printing import PrintedReport, printed_report
from viewer.report.sr_tid2000 import ENHANCED_SR, build_report_sr

SR_SERIES = ("SR", "Cauri report", 9101)
PDF_SERIES = ("DOC", "Cauri report (PDF)", 9102)


@dataclass
class Stored:
    state: str
    sr_uid: str
    pdf_uid: str
    control_id: str
    series: tuple[str, str] = ("", "")  # the SR's and the PDF's series: what is sent to the archive


def _series(cache, study_uid: str, spec) -> tuple[str, int, int]:
    modality, description, number = spec
    for s in cache.series_of(study_uid):
        if s.modality == modality and s.description == description:
            return s.series_uid, s.number or number, s.instance_count + 1
    return generate_uid(), number, 1


def _study_header(cache, study_uid: str):
    """The patient/study attributes of the study, from one of its images."""
    for s in cache.series_of(study_uid):
        if s.modality in ("SR", "DOC", "KO", "PR"):
            continue
        for inst in cache.instances_of(s.series_uid)[:1]:
            ds = read_header(inst.path)
            if ds is not None:
                return evidence_header(ds)
    raise ReportError(msg("the study has no image in the cache to write a report on"))


def _fingerprint(report: Report, state: str) -> str:
    """What a stored version is made of: the same text, state, reader and references give the same version."""
    parts = [state, report.template_id, str(report.version), report.title, repr(report.reader),
             repr([(s.key, s.text) for s in report.sections]), repr(report.key_images), repr(report.measurement_ids),
             repr([v.sr_uid for v in report.history])]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _planned_version(cache, store: ReportStore, report: Report, state: str, when: datetime) -> dict:
    """The UIDs, series and time of the version about to be stored: those recorded by an attempt a power cut
    interrupted when the content is the same, else new ones, recorded (atomically) before anything is written."""
    fingerprint = _fingerprint(report, state)
    if report.pending.get("fingerprint") == fingerprint:
        return report.pending
    sr_series, sr_number, sr_instance = _series(cache, report.study_uid, SR_SERIES)
    pdf_series, pdf_number, pdf_instance = _series(cache, report.study_uid, PDF_SERIES)
    report.pending = {"fingerprint": fingerprint, "when": when.isoformat(), "sr_uid": generate_uid(),
                      "sr_series": sr_series, "sr_number": sr_number, "sr_instance": sr_instance,
                      "pdf_uid": generate_uid(), "pdf_series": pdf_series, "pdf_number": pdf_number,
                      "pdf_instance": pdf_instance}
    store.save(report)
    return report.pending


def control_id_for(sr_uid: str) -> str:
    """MSH-10 (20 characters at most): the same for every attempt at sending this version."""
    return "CAURI" + hashlib.sha256(sr_uid.encode()).hexdigest()[:15].upper()


def store_report(cache, store: ReportStore, report: Report, sign: bool, reader: Reader,
                 make_pdf: Callable[[PrintedReport], bytes], outbox: Outbox | None = None,
                 facility: str = "", when: datetime | None = None) -> Stored:
    state = report.next_state(sign)
    if sign and not reader.name.strip():
        raise ReportError(msg("set your name in Preferences (report profile) before signing"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warnings may quote header values (patient names)
        return _store(cache, store, report, state, reader, make_pdf, outbox, facility, when or datetime.now())


def _store(cache, store, report, state, reader, make_pdf, outbox, facility, when) -> Stored:
    study_uid = report.study_uid
    report.reader = reader
    study_header = _study_header(cache, study_uid)
    header = EvidenceHeaders(cache)

    wanted = set(report.measurement_ids)
    measurements = []
    for m in AnnotationStore(cache.root).load(study_uid):
        if m.id in wanted and header(m.image.sop_uid) is not None:
            result = compute_on_cache(cache, m)
            if result is not None:
                measurements.append((m, result))
    for _st, _se, sop, _f in report.key_images:
        header(sop)
    present = header.present()
    predecessors = [(v.series_uid, v.sr_uid, ENHANCED_SR) for v in report.history if v.sr_uid][-1:]

    plan = _planned_version(cache, store, report, state, when)
    when = datetime.fromisoformat(plan["when"])
    sr_series, sr_uid, pdf_series, pdf_uid = plan["sr_series"], plan["sr_uid"], plan["pdf_series"], plan["pdf_uid"]
    sr = build_report_sr(report, state, study_header, present, measurements, sr_series, plan["sr_number"], sr_uid,
                         plan["sr_instance"], when, predecessors)
    when_text = when.strftime("%d/%m/%Y %H:%M") if report.language == "fr" else when.strftime("%Y-%m-%d %H:%M")
    pdf = make_pdf(printed_report(cache, report, state, when_text, report.language))
    pdf_ds = build_encapsulated_pdf(pdf, study_header, report.title, pdf_series, plan["pdf_number"], pdf_uid,
                                    plan["pdf_instance"], when, sr_uid)
    import_datasets(cache, [sr, pdf_ds])

    control_id = control_id_for(sr_uid)
    if outbox is not None:
        study = cache.study(study_uid)
        patient = Patient(
            id=study.patient_id, issuer=study.issuer, name=study.patient_name, birth_date=study.birth_date,
            sex=study.sex, accession=study.accession, study_uid=study_uid,
            study_datetime=(study.study_date + (study.study_time or "")[:6]), modality=",".join(study.modalities),
        ) if study else Patient(study_uid=study_uid)
        outbox.enqueue(build_oru(report, state, patient, control_id, when, facility))
    report.mark_stored(state, reader, sr_uid, pdf_uid, sr_series, control_id, now())
    report.pending = {}
    store.save(report)
    return Stored(state, sr_uid, pdf_uid, control_id, (sr_series, pdf_series))

