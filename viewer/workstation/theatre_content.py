"""What the theatre shows first (no Qt): the patient banner, then the study's key images and saved
measurements, its report, then its series, each item one tap from its image.

Order is the surgeon's: what the radiologist chose to show (key images: KO and Cauri's own flags), what
they measured (SR, GSPS, Cauri's own), what they wrote (an SR report or an encapsulated PDF), and only then
the series. Every item names the display set and the image it opens; an item whose image is not among the
open study's image stacks is left out rather than pointing nowhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from viewer.core.messages import in_language, msg
from viewer.core.numbers import format_date
from viewer.dicom.findings.records import Source
from viewer.model.measurements import read_sr_document, to_text
from viewer.presentation.corners import format_name
from viewer.presentation.findings import key_images_of
from viewer.presentation.values import MeasurementValues

log = logging.getLogger(__name__)
KEY, MEASUREMENT, REPORT, SERIES = "key", "measurement", "report", "series"
SOURCE_NAMES = {Source.CAURI: "Cauri", Source.SR: "SR", Source.GSPS: "GSPS"}
PDF_CLASS = "1.2.840.10008.5.1.4.1.1.104.1"


@dataclass(frozen=True)
class ContentItem:
    kind: str  # KEY, MEASUREMENT, REPORT or SERIES
    title: str  # a message or plain text: what the tile says first
    detail: str = ""  # the second line: the value, the series, the image number
    display_set: str = ""  # the image stack it opens ("" for a report)
    index: int = 0  # the image in that stack
    measurement_id: str = ""
    series_uid: str = ""  # a report's series


@dataclass(frozen=True)
class PatientBanner:
    """Name, ID, birth date and study date as the banner prints them (dates in the reader's form)."""

    name: str
    patient_id: str
    birth_date: str
    study_date: str
    description: str = ""


def patient_banner(study, language: str) -> PatientBanner | None:
    if study is None:
        return None
    return PatientBanner(format_name(study.patient_name), study.patient_id, format_date(study.birth_date, language),
                         format_date(study.study_date, language), study.description)


def _image_index(display_sets) -> dict:
    """(SOP Instance UID, frame) -> (display set uid, index, display set) over the study's image stacks."""
    found = {}
    for ds in display_sets:
        if ds.kind != "stack":
            continue
        for i, ref in enumerate(ds.frames):
            found.setdefault((ref.sop_uid, ref.frame), (ds.uid, i, ds))
    return found


def _where(ds, index: int, language: str) -> str:
    return msg("series {number}, image {index} of {count}", number=ds.number if ds.number is not None else "?",
               index=index + 1, count=ds.frame_count)


def study_content(ws, language: str, loader=None) -> list[ContentItem]:
    """The open study's items in theatre order. ``loader`` (a ``FrameLoader``) lets measurements show their
    values; without it, their reported values or their kind."""
    sets = list(ws.display_sets.values())
    where = _image_index(sets)
    items: list[ContentItem] = []
    findings = ws.findings
    own = findings.mset
    keys = set(findings.foreign_keys) | set(key_images_of(own.key_images if own is not None else ()))
    for key in sorted(keys, key=lambda k: (where.get(k, ("", 0))[0], where.get(k, ("", 0))[1])):
        if key in where:
            uid, index, ds = where[key]
            items.append(ContentItem(KEY, msg("Key image"), _where(ds, index, language), uid, index))
    values = MeasurementValues()
    for m in findings.all_measurements():
        if m.plane is not None or not m.is_measurement:
            continue
        found = where.get((m.image.sop_uid, m.image.frame_index))
        if found is None:
            continue
        uid, index, ds = found
        text = ""
        try:
            frame = loader.load(ds.frames[index]) if loader is not None else None
            text = values.label_text(m, frame, None, language)
        except Exception as exc:  # a value that cannot be computed still leaves the tile that jumps to it
            log.warning("theatre: measurement value unavailable (%s)", type(exc).__name__)
        items.append(ContentItem(MEASUREMENT, text or m.kind.value, f"{SOURCE_NAMES.get(m.source, '')} · "
                                 + in_language(_where(ds, index, language), language), uid, index, m.id))
    for ds in sets:
        if ds.kind == "findings" and getattr(ds, "content", "") == "report":
            items.append(ContentItem(REPORT, msg("Report"), ds.description or "SR", series_uid=ds.series_uid))
        elif ds.kind != "stack" and ds.modality == "DOC":
            items.append(ContentItem(REPORT, msg("Report"), ds.description or "PDF", series_uid=ds.series_uid))
    for ds in sets:
        if ws.viewable(ds):  # an image stack (opened at its middle), or a kind of its own, a video (at its start)
            items.append(ContentItem(SERIES, ds.description or ds.modality,
                                     msg("{modality}, {n} {n:image|images}", modality=ds.modality, n=ds.frame_count),
                                     ds.uid, ds.frame_count // 2 if ds.kind == "stack" else 0))
    return items


def report_text(cache, series_uid: str) -> tuple[str, str] | None:
    """(title, plain text) of the first SR of a report series; None for a PDF or nothing readable (the
    window then opens the PDF in the system's viewer)."""
    for inst in cache.instances_of(series_uid):
        if inst.sop_class == PDF_CLASS:
            return None
        try:
            doc = read_sr_document(inst.path)
        except Exception as exc:
            log.warning("theatre: report unreadable (%s)", type(exc).__name__)
            continue
        return doc.title or "SR", to_text(doc)
    return None
