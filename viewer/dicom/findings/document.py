"""Readable documents: any SR (basic text, enhanced, comprehensive, KO...) as a content tree of plain
text, rendered to text or HTML for a document view; encapsulated PDF as its bytes.

Every string that came from the file is HTML-escaped in ``to_html``: SR text is untrusted input and a
Qt rich-text view would otherwise interpret markup in it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.uid import UID

from viewer.dicom.findings.common import PDF_CLASS, code_of


@dataclass(frozen=True)
class SRNode:
    relationship: str  # CONTAINS, HAS PROPERTIES, INFERRED FROM, ... ("" for the root)
    value_type: str  # CONTAINER, TEXT, CODE, NUM, ...
    name: str  # concept name meaning
    value: str  # the value as text ("" for containers)
    children: tuple["SRNode", ...] = ()


@dataclass(frozen=True)
class SRDocument:
    sop_uid: str
    sop_class: str  # e.g. "Comprehensive 3D SR Storage"
    title: str
    completion: str  # COMPLETE / PARTIAL
    verification: str  # VERIFIED / UNVERIFIED
    content_datetime: str
    observers: tuple[str, ...]  # person observer names and verifying observers
    header: tuple[tuple[str, str], ...]  # (label, value): patient, study, manufacturer...
    root: SRNode = field(default_factory=lambda: SRNode("", "CONTAINER", "", ""))


def _text(value) -> str:
    return "" if value is None else str(value)


def _value(item: Dataset) -> str:
    vt = item.get("ValueType", "")
    if vt == "TEXT":
        return _text(item.get("TextValue"))
    if vt == "CODE":
        scheme, code, meaning = code_of(item.get("ConceptCodeSequence"))
        return meaning or f"{code} ({scheme})"
    if vt == "NUM":
        mv = item.get("MeasuredValueSequence")
        if not mv:
            qualifier = code_of(item.get("NumericValueQualifierCodeSequence"))[2]
            return qualifier or "(no value)"
        unit = code_of(mv[0].get("MeasurementUnitsCodeSequence"))
        unit_text = unit[1] if unit[1] not in ("1", "") else ""
        return f"{_text(mv[0].get('NumericValue'))} {unit_text}".strip()
    if vt == "PNAME":
        return _text(item.get("PersonName"))
    if vt == "DATE":
        return _text(item.get("Date"))
    if vt == "TIME":
        return _text(item.get("Time"))
    if vt == "DATETIME":
        return _text(item.get("DateTime"))
    if vt == "UIDREF":
        return _text(item.get("UID"))
    if vt in ("IMAGE", "COMPOSITE", "WAVEFORM"):
        parts = []
        for ref in item.get("ReferencedSOPSequence") or []:
            cls = UID(_text(ref.get("ReferencedSOPClassUID")))
            text = f"{cls.name if cls.is_valid else cls} {_text(ref.get('ReferencedSOPInstanceUID'))}"
            frames = ref.get("ReferencedFrameNumber")
            if frames not in (None, ""):
                text += f" frame {frames}"
            parts.append(text)
        return "; ".join(parts)
    if vt in ("SCOORD", "SCOORD3D"):
        n = len(item.get("GraphicData") or []) // (2 if vt == "SCOORD" else 3)
        where = "" if vt == "SCOORD" else ", 3-D in patient coordinates"  # e.g. drawn on an MPR plane
        return f"{_text(item.get('GraphicType'))} ({n} point{'s' if n != 1 else ''}{where})"
    if vt == "TCOORD":
        return _text(item.get("TemporalRangeType"))
    if vt == "CONTAINER":
        return ""
    if "ReferencedContentItemIdentifier" in item:
        return "see item " + ".".join(str(v) for v in item.ReferencedContentItemIdentifier)
    return ""


def _node(item: Dataset, depth: int = 0) -> SRNode:
    children = ()
    if depth < 64:  # a malicious or looping tree cannot exhaust the stack
        children = tuple(_node(c, depth + 1) for c in item.get("ContentSequence") or [])
    vt = _text(item.get("ValueType")) or ("BY REFERENCE" if "ReferencedContentItemIdentifier" in item else "")
    return SRNode(
        relationship=_text(item.get("RelationshipType")),
        value_type=vt,
        name=code_of(item.get("ConceptNameCodeSequence"))[2],
        value=_value(item),
        children=children,
    )


def _observers(ds: Dataset, root: SRNode) -> tuple[str, ...]:
    out: list[str] = []
    for item in ds.get("VerifyingObserverSequence") or []:
        out.append(f"{_text(item.get('VerifyingObserverName'))} (verifying)")

    def walk(n: SRNode) -> None:
        if n.name in ("Person Observer Name", "Device Observer Name") and n.value:
            out.append(n.value)
        for c in n.children:
            walk(c)

    walk(root)
    return tuple(dict.fromkeys(out))


def read_sr_document(source: Dataset | str | Path) -> SRDocument:
    ds = source if isinstance(source, Dataset) else pydicom.dcmread(source)
    root = _node(ds)
    cls = UID(_text(ds.get("SOPClassUID")))
    header = (
        ("Patient", _text(ds.get("PatientName"))),
        ("Patient ID", _text(ds.get("PatientID"))),
        ("Study date", _text(ds.get("StudyDate"))),
        ("Study", _text(ds.get("StudyDescription"))),
        ("Series", _text(ds.get("SeriesDescription"))),
        ("Manufacturer", _text(ds.get("Manufacturer"))),
    )
    return SRDocument(
        sop_uid=_text(ds.get("SOPInstanceUID")),
        sop_class=cls.name if cls.is_valid else str(cls),
        title=root.name,
        completion=_text(ds.get("CompletionFlag")),
        verification=_text(ds.get("VerificationFlag")),
        content_datetime=f"{_text(ds.get('ContentDate'))} {_text(ds.get('ContentTime'))}".strip(),
        observers=_observers(ds, root),
        header=tuple((k, v) for k, v in header if v),
        root=root,
    )


def _line(n: SRNode) -> str:
    head = f"{n.name}: {n.value}" if n.name and n.value else (n.name or n.value)
    return head or n.value_type


def to_text(doc: SRDocument) -> str:
    lines = [doc.title or "Structured report", ""]
    lines += [f"{k}: {v}" for k, v in doc.header]
    if doc.observers:
        lines.append("Observer: " + ", ".join(doc.observers))
    lines.append(f"Status: {doc.completion or '?'} / {doc.verification or '?'}  {doc.content_datetime}".rstrip())
    lines.append("")

    def walk(n: SRNode, depth: int) -> None:
        for c in n.children:
            lines.append("  " * depth + _line(c))
            walk(c, depth + 1)

    walk(doc.root, 0)
    return "\n".join(lines) + "\n"


def to_html(doc: SRDocument) -> str:
    e = html.escape
    parts = [f"<h2>{e(doc.title or 'Structured report')}</h2>", "<table>"]
    for k, v in doc.header:
        parts.append(f"<tr><th align='left'>{e(k)}</th><td>{e(v)}</td></tr>")
    if doc.observers:
        parts.append(f"<tr><th align='left'>Observer</th><td>{e(', '.join(doc.observers))}</td></tr>")
    parts.append(f"<tr><th align='left'>Status</th><td>{e(doc.completion)} / {e(doc.verification)}</td></tr>")
    parts.append("</table>")

    def walk(n: SRNode) -> None:
        if not n.children:
            return
        parts.append("<ul>")
        for c in n.children:
            if c.value_type == "CONTAINER":
                parts.append(f"<li><b>{e(c.name)}</b>")
            elif c.name:
                parts.append(f"<li><i>{e(c.name)}</i>: {e(c.value)}")
            else:
                parts.append(f"<li>{e(c.value)}")
            walk(c)
            parts.append("</li>")
        parts.append("</ul>")

    walk(doc.root)
    return "\n".join(parts)


def read_encapsulated_pdf(source: Dataset | str | Path) -> bytes:
    """The PDF inside an Encapsulated PDF instance, without the padding byte DICOM adds to odd lengths."""
    ds = source if isinstance(source, Dataset) else pydicom.dcmread(source)
    if str(ds.get("SOPClassUID", "")) != PDF_CLASS and str(ds.get("MIMETypeOfEncapsulatedDocument", "")).lower() != "application/pdf":
        raise ValueError("not an encapsulated PDF")
    data = bytes(ds.EncapsulatedDocument)
    length = ds.get("EncapsulatedDocumentLength")
    if length:
        data = data[: int(length)]
    elif data.endswith(b"\0") and data.rstrip(b"\0").endswith((b"%%EOF", b"%%EOF\n", b"%%EOF\r\n", b"%%EOF\r")):
        data = data[:-1]
    return data


# SR classes a narrative report is written in; Key Object Selection, CAD and dose reports are not reports.
REPORT_SR_CLASSES = frozenset({
    "1.2.840.10008.5.1.4.1.1.88.11",  # Basic Text SR
    "1.2.840.10008.5.1.4.1.1.88.22",  # Enhanced SR
    "1.2.840.10008.5.1.4.1.1.88.33",  # Comprehensive SR
})
# Document titles that are not a report: TID 1500's measurement report (what Cauri writes for findings).
NOT_REPORT_TITLES = frozenset({("DCM", "126000")})


def is_report_document(path: str | Path, sop_class: str) -> bool:
    """Whether the instance is a radiologist's report: an Encapsulated PDF, or a Basic/Enhanced/Comprehensive
    SR whose document title is a report's (not a measurement report). Reads the title only."""
    if sop_class == PDF_CLASS:
        return True
    if sop_class not in REPORT_SR_CLASSES:
        return False
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["ConceptNameCodeSequence"])
    except Exception:  # an unreadable file reports nothing; the list must still show
        return False
    scheme, code, _meaning = code_of(ds.get("ConceptNameCodeSequence"))
    return bool(code) and (scheme, code) not in NOT_REPORT_TITLES
