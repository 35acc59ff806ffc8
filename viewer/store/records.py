"""Plain, immutable records the cache hands out. No SQLite types leak past the store."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.messages import msg

# The OS errors a user meets on an import, as messages (the words are Linux's strerror, lowered).
_OS_REASONS = {
    errno.ENOENT: msg("no such file or directory"),
    errno.EACCES: msg("permission denied"),
    errno.EPERM: msg("operation not permitted"),
    errno.ENOSPC: msg("no space left on device"),
    errno.EIO: msg("input/output error"),
    errno.EROFS: msg("read-only file system"),
    errno.EISDIR: msg("is a directory"),
    errno.ENOTDIR: msg("not a directory"),
    errno.ENAMETOOLONG: msg("file name too long"),
}


def os_reason(exc: OSError) -> str:
    """An OS error as the few plain words a rejection shows ("no such file or directory")."""
    known = _OS_REASONS.get(exc.errno)
    if known is not None and exc.strerror:
        return known
    return (exc.strerror or type(exc).__name__).lower()


@dataclass(frozen=True)
class StudyQuery:
    """Filters for ``StudyCache.find_studies``; ``None`` means "any".

    ``name`` and ``patient_id`` accept DICOM-style wildcards (``*`` and ``?``) and match
    case-insensitively, accents preserved. Dates are ``YYYYMMDD`` strings, inclusive.
    """

    patient_id: str | None = None
    name: str | None = None
    modality: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    accession: str | None = None
    study_uid: str | None = None
    text: str | None = None  # free text over name, id, accession, description (study browser search box)
    limit: int | None = None


@dataclass(frozen=True)
class StudyRecord:
    study_uid: str
    patient_id: str
    issuer: str
    patient_name: str
    birth_date: str
    sex: str
    study_date: str
    study_time: str
    description: str
    accession: str
    modalities: tuple[str, ...]
    series_count: int
    instance_count: int  # an evicted study's: what it had when its files went (they are on the archive)
    on_archive: bool = False  # evicted: rows kept, files gone; fetched again from ``source_node`` on open
    opened_at: float = 0.0  # when the reader last opened it (epoch seconds; 0: never)
    source_node: str = ""  # the archive it was retrieved from ("" : imported, or not known)


@dataclass(frozen=True)
class SeriesRecord:
    series_uid: str
    study_uid: str
    modality: str
    number: int | None
    description: str
    body_part: str
    instance_count: int


@dataclass(frozen=True)
class InstanceRecord:
    sop_uid: str
    series_uid: str
    sop_class: str
    instance_number: int | None
    path: Path  # absolute path of the stored file
    transfer_syntax: str
    rows: int | None
    columns: int | None
    frames: int
    derived: str = ""  # UIDs Cauri made up for it ("sop", "study", "series"): never sent out as its own


@dataclass(frozen=True)
class Rejection:
    source: str  # path (or "archive.zip!member") as the user gave it
    reason: str  # plain-language reason, no patient data


@dataclass
class ImportReport:
    imported: int = 0
    already_present: int = 0
    replaced: int = 0  # stored copies that did not decode, replaced by a copy (same instance) that does
    rejected: list[Rejection] = field(default_factory=list)
    cancelled: bool = False
    study_uids: list[str] = field(default_factory=list)  # studies touched, in first-seen order

    def to_json(self) -> dict:
        return {
            "imported": self.imported,
            "already_present": self.already_present,
            "replaced": self.replaced,
            "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
            "cancelled": self.cancelled,
            "study_uids": list(self.study_uids),
        }
