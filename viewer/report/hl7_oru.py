"""A report -> an HL7 v2.5 ORU^R01 for the RIS/HIS, and the RIS's ACK read back, with python-hl7.

python-hl7 (BSD) is small, kept, pure Python and parses what a RIS answers whatever it adds; the message
itself is a handful of segments written field by field here, every value escaped (``esc``: a "|" or "^"
in a report must not shift the fields), and the result parsed back by python-hl7 before it is queued, so
a message the library cannot read never leaves. hl7apy's validation
against the 2.5 structures was not needed for one message type and weighs ten times more.

Content: MSH (control ID = the report version's own, kept across retries), PID (patient ID with its
issuer, name, birth date, sex), ORC/OBR (accession as filler order number, procedure = the template,
OBR-22 result time, OBR-25 status P preliminary / F final / C corrected, OBR-32 the signer), one OBX per
section (FT, its CID 7001 heading as the observation identifier, lines joined by the \\.br\\ escape), and
an OBX with the Study Instance UID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import hl7

from viewer.report.document import AMENDED, FINAL, PRELIMINARY, Report
from viewer.report.sr_tid2000 import heading_code

STATUS = {PRELIMINARY: "P", FINAL: "F", AMENDED: "C"}
_ESCAPES = (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("&", "\\T\\"), ("~", "\\R\\"))


@dataclass(frozen=True)
class Patient:
    id: str = ""
    issuer: str = ""
    name: str = ""  # DICOM PN "FAMILY^Given"
    birth_date: str = ""
    sex: str = ""
    accession: str = ""
    study_uid: str = ""
    study_datetime: str = ""
    modality: str = ""


def esc(text: object) -> str:
    """HL7's escapes for the five delimiters only. python-hl7's ``Message.escape`` also turns every
    non-ASCII letter into a \\Xhh\\ escape; with MSH-18 "UNICODE UTF-8" the RIS reads "é" as it is."""
    text = str(text or "").replace("\r", " ").replace("\n", " ")
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _pn(name: str) -> str:
    """A DICOM person name "FAMILY^Given^Middle" as HL7 XPN components, each escaped."""
    parts = str(name or "").split("=")[0].split("^")
    return "^".join(esc(p) for p in parts[:3])


def _ft(text: str) -> str:
    return "\\.br\\".join(esc(line) for line in text.strip().splitlines())


def build_oru(report: Report, state: str, patient: Patient, control_id: str, when: datetime,
              sending_facility: str = "", receiving: tuple[str, str] = ("RIS", "")) -> str:
    status = STATUS[state]
    ts = when.strftime("%Y%m%d%H%M%S")
    reader = report.reader
    family, _, given = reader.name.partition("^")
    interpreter = "&".join(esc(x) for x in (reader.id, family, given))
    segments = [
        f"MSH|^~\\&|CAURI|{esc(sending_facility)}|{esc(receiving[0])}|{esc(receiving[1])}|{ts}||ORU^R01^ORU_R01|"
        f"{esc(control_id)}|P|2.5|||AL|NE||UNICODE UTF-8",
        f"PID|1||{esc(patient.id)}^^^{esc(patient.issuer)}||{_pn(patient.name)}||{esc(patient.birth_date)}|{esc(patient.sex)}",
        f"ORC|RE||{esc(patient.accession)}||CM",
        "|".join(["OBR", "1", "", esc(patient.accession), f"{esc(report.template_id)}^{esc(report.title)}^L", "", "",
                  esc(patient.study_datetime)] + [""] * 14 + [ts, "", esc(patient.modality), status] + [""] * 6
                 + [interpreter]),
    ]
    n = 0
    for s in report.sections:
        if not s.text.strip():
            continue
        n += 1
        code = heading_code(s.key, s.code)
        segments.append(f"OBX|{n}|FT|{esc(code[0])}^{esc(s.title or code[2])}^{esc(code[1])}||{_ft(s.text)}||||||{status}|||{ts}")
    n += 1
    segments.append(f"OBX|{n}|ST|113014^Study Instance UID^DCM||{esc(patient.study_uid)}||||||{status}|||{ts}")
    text = "\r".join(segments) + "\r"
    parsed = hl7.parse(text)  # what python-hl7 cannot read back is not sent
    if str(parsed.segment("MSH")[10]) != control_id:
        raise ValueError("message control ID not kept")
    return text


@dataclass(frozen=True)
class Ack:
    code: str  # AA / AE / AR (or CA / CE / CR in enhanced mode)
    control_id: str  # MSA-2: the message it answers
    text: str = ""

    @property
    def accepted(self) -> bool:
        return self.code in ("AA", "CA")

    @property
    def rejected(self) -> bool:
        """AE/CE: the RIS read the message and will not take it; resending the same bytes cannot help."""
        return self.code in ("AE", "CE")


def read_ack(text: str) -> Ack:
    message = hl7.parse(text.replace("\n", "\r").strip("\r") + "\r")
    msa = message.segment("MSA")
    return Ack(str(msa[1]), str(msa[2]), str(msa[3]) if len(msa) > 3 else "")


def control_id_of(text: str) -> str:
    return str(hl7.parse(text).segment("MSH")[10])
