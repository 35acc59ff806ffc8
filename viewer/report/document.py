"""A study's report and its life: draft -> preliminary -> final (signed) -> amended (a new version).

``Report`` is what the reader writes (one text per template section) plus what it has become: its
state, version, signer, and the DICOM objects each stored version was written as. ``ReportStore`` keeps
one JSON document per study beside the measurements (``<cache root>/reports/``, named by a SHA-256 of
the Study Instance UID) with the same crash-safe write as the annotation store
(``core.atomic.atomic_write_bytes``: after a power cut the previous or the new version, never a mix).
A signed version is never edited: amending starts a draft of the next version, and the stored
objects of every version stay listed in ``history``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from viewer.core.atomic import atomic_write_bytes
from viewer.core.messages import msg

log = logging.getLogger(__name__)

FORMAT = "cauri-report"
VERSION = 1

DRAFT, PRELIMINARY, FINAL, AMENDED = "draft", "preliminary", "final", "amended"
STATES = (DRAFT, PRELIMINARY, FINAL, AMENDED)
SIGNED = (FINAL, AMENDED)


class ReportError(RuntimeError):
    pass


@dataclass(frozen=True)
class Reader:
    """Who signs: from the user profile (Preferences)."""

    name: str = ""  # DICOM person name form "FAMILY^Given" or plain text
    credentials: str = ""  # "Dr, radiologue" ...
    institution: str = ""
    id: str = ""  # the reader's code at the RIS (HL7 OBR-32), optional


@dataclass
class Section:
    key: str  # the template's data-section-name ("Findings")
    title: str  # the heading as written ("Résultats")
    text: str = ""
    code: tuple[str, str, str] = ("", "", "")  # (value, scheme, meaning) of the heading (CID 7001)


@dataclass
class StoredVersion:
    version: int
    state: str
    sr_uid: str = ""
    pdf_uid: str = ""
    series_uid: str = ""
    signed_at: str = ""
    reader: str = ""
    hl7_control_id: str = ""


@dataclass
class Report:
    study_uid: str
    template_id: str
    title: str
    sections: list[Section]
    state: str = DRAFT
    version: int = 1
    reader: Reader = field(default_factory=Reader)
    modified: str = ""
    signed_at: str = ""
    key_images: list[tuple[str, str, str, int]] = field(default_factory=list)  # (study, series, sop, frame index)
    measurement_ids: list[str] = field(default_factory=list)
    history: list[StoredVersion] = field(default_factory=list)
    language: str = "fr"
    # A version being stored: its UIDs and time, recorded before anything is written, so that storing the same
    # content again after a power cut rewrites the same objects instead of a second version (storing.py).
    pending: dict = field(default_factory=dict)

    @property
    def editable(self) -> bool:
        return self.state in (DRAFT, PRELIMINARY)

    @property
    def amending(self) -> bool:
        """A draft that will amend a signed version."""
        return self.state == DRAFT and any(v.state in SIGNED for v in self.history)

    @property
    def stored_state(self) -> str | None:
        """The state of the latest version stored as DICOM, None when nothing was stored."""
        return self.history[-1].state if self.history else None

    def predecessor_uids(self) -> list[str]:
        """SRs this version replaces or takes in (the previous preliminary or signed versions)."""
        return [v.sr_uid for v in self.history if v.sr_uid][-1:]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def text(self) -> str:
        return "\n\n".join(f"{s.title}\n{s.text}".strip() for s in self.sections if s.text.strip())

    # -- the life of a report ------------------------------------------------------------------------

    def set_text(self, key: str, text: str) -> None:
        if not self.editable:
            raise ReportError(msg("a signed report cannot be changed: amend it"))
        s = self.section(key)
        if s is None:
            raise ReportError(msg("this report has no section {key}", key=key))
        s.text = text
        self.modified = now()

    def mark_stored(self, state: str, reader: Reader, sr_uid: str, pdf_uid: str, series_uid: str,
                    control_id: str, when: str) -> None:
        """The version was written as DICOM in ``state``: record it."""
        if state not in (PRELIMINARY, FINAL, AMENDED):
            raise ReportError(msg("a report is stored as preliminary, final or amended"))
        self.state, self.signed_at = state, when if state in SIGNED else ""
        self.reader = reader
        self.history.append(StoredVersion(self.version, state, sr_uid, pdf_uid, series_uid,
                                          when if state in SIGNED else "", reader.name, control_id))

    def next_state(self, sign: bool) -> str:
        if not self.editable:
            raise ReportError(msg("a signed report cannot be changed: amend it"))
        if not sign:
            if self.amending:
                raise ReportError(msg("an amendment is signed, not preliminary"))
            return PRELIMINARY
        return AMENDED if self.amending else FINAL

    def amend(self) -> None:
        """Start the next version from the signed one: its text is kept, to be corrected."""
        if self.state not in SIGNED:
            raise ReportError(msg("only a signed report is amended"))
        self.version += 1
        self.state, self.signed_at, self.modified = DRAFT, "", now()


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# -- JSON ----------------------------------------------------------------------------------------------


def to_json(r: Report) -> dict:
    d = asdict(r)
    d["report_version"] = d.pop("version")  # the report's own number; "version" is the file format's
    d["sections"] = [{**asdict(s), "code": list(s.code)} for s in r.sections]
    d["key_images"] = [list(k) for k in r.key_images]
    return {"format": FORMAT, "version": VERSION, **d}


def from_json(d: dict) -> Report:
    return Report(
        study_uid=str(d["study_uid"]), template_id=str(d.get("template_id", "")), title=str(d.get("title", "")),
        sections=[Section(str(s["key"]), str(s.get("title", s["key"])), str(s.get("text", "")),
                          tuple(s.get("code") or ("", "", ""))) for s in d.get("sections", [])],
        state=d.get("state", DRAFT) if d.get("state") in STATES else DRAFT,
        version=int(d.get("report_version", 1)),
        reader=Reader(**{k: str(v) for k, v in (d.get("reader") or {}).items() if k in Reader.__dataclass_fields__}),
        modified=str(d.get("modified", "")), signed_at=str(d.get("signed_at", "")),
        key_images=[(str(a), str(b), str(c), int(n)) for a, b, c, n in d.get("key_images", [])],
        measurement_ids=[str(x) for x in d.get("measurement_ids", [])],
        history=[StoredVersion(**{k: v for k, v in h.items() if k in StoredVersion.__dataclass_fields__})
                 for h in d.get("history", [])],
        language=str(d.get("language", "fr")),
        pending=dict(d.get("pending") or {}),
    )


def _encode(r: Report) -> bytes:
    doc = to_json(r)
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


class ReportStore:
    def __init__(self, cache_root: Path | str) -> None:
        self.folder = Path(cache_root) / "reports"
        self._lock = threading.Lock()

    def path_for(self, study_uid: str) -> Path:
        return self.folder / f"{hashlib.sha256(study_uid.encode('utf-8')).hexdigest()[:40]}.json"

    def has(self, study_uid: str) -> bool:
        """Whether a report document (a draft, or a stored version's record) exists: one stat, for lists."""
        return self.path_for(study_uid).is_file()

    def load(self, study_uid: str) -> Report | None:
        path = self.path_for(study_uid)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("study_uid") != study_uid:
                raise ValueError("not this study's report")
            if int(doc.get("version", 0)) > VERSION:
                raise ReportError(msg("this study's report was saved by a newer Cauri"))
            return from_json(doc)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("report document unreadable (%s); moved aside", type(exc).__name__)
            try:
                os.replace(path, path.with_suffix(".bad"))
            except OSError:
                pass
            return None

    def save(self, report: Report) -> None:
        with self._lock:
            atomic_write_bytes(self.path_for(report.study_uid), _encode(report))


def new_report(study_uid: str, template, template_id: str, language: str = "fr") -> Report:
    """A draft from an MRRT template: its sections with their default texts."""
    sections = [Section(s.name, s.title, s.default_text(),
                        (s.code.value, s.code.scheme, s.code.meaning) if s.code else ("", "", ""))
                for s in template.sections]
    return Report(study_uid, template_id, template.title, sections, modified=now(), language=language)


__all__ = ["Report", "ReportStore", "ReportError", "Reader", "Section", "StoredVersion", "new_report",
           "DRAFT", "PRELIMINARY", "FINAL", "AMENDED", "STATES", "SIGNED"]
