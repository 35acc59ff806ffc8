"""Reading a report stored as DICOM, whoever wrote it: Cauri's TID 2000 Enhanced SR, another system's
Basic/Enhanced/Comprehensive SR, or an Encapsulated PDF. ``read_report(ds)`` needs no toolkit: the
report panel, the theatre view and the study list's status call it alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydicom.dataset import Dataset

from viewer.dicom.findings.common import KO_CLASS, PDF_CLASS, SR_CLASS_PREFIX, code_of, content_datetime
from viewer.dicom.findings.document import SRNode, read_encapsulated_pdf, read_sr_document

MEASUREMENT_REPORT = "126000"  # TID 1500 Imaging Measurement Report: findings, not a report to read


@dataclass(frozen=True)
class ReportText:
    sop_uid: str
    kind: str  # "SR" or "PDF"
    title: str
    status: str  # "preliminary", "final" (verified), or "unverified" (an SR that states neither)
    datetime: str  # content date and time, YYYYMMDDHHMMSS
    observers: tuple[str, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()  # (heading, text)
    predecessors: tuple[str, ...] = ()  # SOP Instance UIDs this version replaces
    pdf: bytes = field(default=b"", repr=False)
    manufacturer: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(f"{h}\n{t}".strip() for h, t in self.sections)


def is_report(ds: Dataset) -> bool:
    """An SR that is a report to read (not a measurement report, not a key-image selection), or a PDF."""
    cls = str(ds.get("SOPClassUID", ""))
    if cls == PDF_CLASS:
        return True
    if not cls.startswith(SR_CLASS_PREFIX) or cls == KO_CLASS:
        return False
    return code_of(ds.get("ConceptNameCodeSequence"))[1] != MEASUREMENT_REPORT


def _words(node: SRNode) -> list[str]:
    """A section's text: TEXT values as written, coded and numeric ones as "name: value"."""
    out = []
    for c in node.children:
        if c.relationship == "HAS OBS CONTEXT" or c.relationship == "HAS CONCEPT MOD":
            continue
        if c.value_type == "TEXT" and c.value:
            out.append(c.value)
        elif c.value_type in ("CODE", "NUM", "DATE", "PNAME") and c.value:
            out.append(f"{c.name}: {c.value}")
        elif c.value_type == "CONTAINER":
            inner = _words(c)
            if inner:
                out.append((c.name + "\n" if c.name else "") + "\n".join(inner))
    return out


def _status(ds: Dataset) -> str:
    if str(ds.get("PreliminaryFlag", "")).upper() == "PRELIMINARY":
        return "preliminary"
    if str(ds.get("VerificationFlag", "")).upper() == "VERIFIED":
        return "final"
    return "unverified"


def _predecessors(ds: Dataset) -> tuple[str, ...]:
    out = []
    for st in ds.get("PredecessorDocumentsSequence") or []:
        for se in st.get("ReferencedSeriesSequence") or []:
            for r in se.get("ReferencedSOPSequence") or []:
                out.append(str(r.get("ReferencedSOPInstanceUID", "")))
    return tuple(u for u in out if u)


def read_report(ds: Dataset) -> ReportText:
    """``ds``: a whole instance (an SR's content tree, a PDF's document). Raises ValueError for what is
    not a report."""
    cls = str(ds.get("SOPClassUID", ""))
    when = content_datetime(ds)
    if cls == PDF_CLASS:
        return ReportText(str(ds.SOPInstanceUID), "PDF", str(ds.get("DocumentTitle", "") or "PDF"), "final", when,
                          pdf=read_encapsulated_pdf(ds), manufacturer=str(ds.get("Manufacturer", "")))
    if not is_report(ds):
        raise ValueError("not a report")
    doc = read_sr_document(ds)
    sections, loose = [], []
    for c in doc.root.children:
        if c.relationship in ("HAS OBS CONTEXT", "HAS CONCEPT MOD"):
            continue
        if c.value_type == "CONTAINER":
            words = _words(c)
            if words:
                sections.append((c.name, "\n".join(words)))
        elif c.value_type == "TEXT" and c.value:
            loose.append(c.value)  # Basic Text SR written without sections
        elif c.value_type in ("CODE", "NUM") and c.value:
            loose.append(f"{c.name}: {c.value}")
    if loose:
        sections.insert(0, (doc.title, "\n".join(loose)))
    return ReportText(str(ds.SOPInstanceUID), "SR", doc.title, _status(ds), when, doc.observers, tuple(sections),
                      _predecessors(ds), manufacturer=str(ds.get("Manufacturer", "")))
