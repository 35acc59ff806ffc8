"""The study list as a worklist, without a window: each study's state for this reader, the order of the list,
and the next study to read.

A study is, first match wins: being retrieved (in the retrieve queue), reported (the cache holds a report
document for it), read (this reader opened it), or new. "Read" is this reader's: it is kept in a small file of
the reader's home (``worklist.json``), written atomically like the settings, so a crash or a power cut keeps
every mark made before it. "Reported" is asked of ``study_reported`` (the report module may give its own
``report_status``: pass it as ``reported``).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Callable, Iterable

from viewer.core.atomic import atomic_write_bytes
from viewer.core.messages import msg
from viewer.dicom.findings.common import PDF_CLASS
from viewer.dicom.findings.document import REPORT_SR_CLASSES, is_report_document

log = logging.getLogger(__name__)

FILE_NAME = "worklist.json"
NEW, READ, REPORTED, RETRIEVING = "new", "read", "reported", "retrieving"
ARCHIVED = "archived"  # evicted from the cache (store.eviction): on the archive, retrieved again when opened
# Where Cauri's own report stands (viewer.report.status): a draft still needs the reader; preliminary,
# final (REPORTED) and amended are reported.
DRAFT, PRELIMINARY, AMENDED = "draft", "preliminary", "amended"
# The order a "status" sort puts them in: what needs the reader first.
STATES = (RETRIEVING, NEW, DRAFT, READ, PRELIMINARY, REPORTED, AMENDED, ARCHIVED)
LABELS = {
    NEW: msg("Unread"),
    READ: msg("Read"),
    DRAFT: msg("Draft report"),
    PRELIMINARY: msg("Preliminary report"),
    REPORTED: msg("Reported"),
    AMENDED: msg("Amended report"),
    RETRIEVING: msg("Being retrieved"),
    ARCHIVED: msg("On the archive"),
}
# viewer.report.status's words -> the worklist's states
REPORT_STATES = {"draft": DRAFT, "preliminary": PRELIMINARY, "final": REPORTED, "amended": AMENDED}
COLUMNS = ("name", "patient_id", "birth_date", "sex", "age", "date", "modality", "description", "accession",
           "images", "status")
_VERSION = 1


class ReadMarks:
    """The studies this reader opened, and when (epoch seconds), kept on disk at every change."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._read: dict[str, float] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            marks = raw.get("read", {}) if isinstance(raw, dict) else {}
            self._read = {str(k): float(v) for k, v in marks.items() if isinstance(v, (int, float))}
        except FileNotFoundError:
            pass
        except (OSError, ValueError, AttributeError) as exc:
            # A damaged file loses the marks, never the workstation: every study is "new" again.
            log.warning("worklist state unreadable (%s); starting afresh", type(exc).__name__)

    def is_read(self, study_uid: str) -> bool:
        return study_uid in self._read

    def mark_read(self, study_uid: str, when: float | None = None) -> None:
        if study_uid in self._read:
            return
        self._read[study_uid] = time.time() if when is None else when
        self._save()

    def mark_unread(self, study_uid: str) -> None:
        if self._read.pop(study_uid, None) is not None:
            self._save()

    def _save(self) -> None:
        data = {"version": _VERSION, "read": self._read}
        try:
            atomic_write_bytes(self.path, json.dumps(data, indent=1).encode("utf-8"))
        except OSError as exc:  # a full or read-only disk: the mark lives until the window closes
            log.warning("worklist state not saved (%s)", type(exc).__name__)


def study_reported(cache, study_uid: str) -> bool:
    """Whether the cache holds a report document for the study (an SR report or an encapsulated PDF)."""
    return study_uid in reported_studies(cache, [study_uid])


def reported_studies(cache, study_uids: Iterable[str]) -> set[str]:
    """Of ``study_uids``, those with a report document in the cache (one index query, then the candidates'
    titles)."""
    candidates = cache.instances_of_classes(list(study_uids), sorted(REPORT_SR_CLASSES | {PDF_CLASS}))
    return {uid for uid, found in candidates.items() if any(is_report_document(p, c) for p, c in found)}


def study_state(study_uid: str, marks: ReadMarks, reported: set[str], retrieving: set[str],
                report: str | None = None, archived: set[str] = frozenset()) -> str:
    """``report``: where Cauri's own report of the study stands (``viewer.report.status`` words), if known;
    ``archived``: the studies whose files were evicted (the reader must know they are not here)."""
    if study_uid in retrieving:
        return RETRIEVING
    if study_uid in archived:
        return ARCHIVED
    if report in REPORT_STATES and (report != "draft" or study_uid not in reported):
        return REPORT_STATES[report]
    if study_uid in reported:
        return REPORTED
    return READ if marks.is_read(study_uid) else NEW


def age_years(birth_date: str, on_date: str) -> int | None:
    """Whole years between two DICOM dates (YYYYMMDD), as a radiologist says a patient's age at the study."""
    try:
        by, bm, bd = int(birth_date[:4]), int(birth_date[4:6]), int(birth_date[6:8])
        y, m, d = int(on_date[:4]), int(on_date[4:6]), int(on_date[6:8])
    except (TypeError, ValueError):
        return None
    if len(birth_date) < 8 or len(on_date) < 8:
        return None
    age = y - by - ((m, d) < (bm, bd))
    return age if 0 <= age < 150 else None


def sort_key(study, column: str, state: str = NEW):
    """What a column sorts a study by: dates as dates, counts and ages as numbers, names without case."""
    if column == "name":
        return study.patient_name.replace("^", " ").strip().casefold()
    if column == "patient_id":
        return study.patient_id.casefold()
    if column == "birth_date":
        return study.birth_date or ""
    if column == "sex":
        return study.sex or ""
    if column == "age":
        age = age_years(study.birth_date, study.study_date)
        return -1 if age is None else age
    if column == "date":
        return (study.study_date or "") + (study.study_time or "")
    if column == "modality":
        return " ".join(study.modalities)
    if column == "description":
        return study.description.casefold()
    if column == "accession":
        return study.accession.casefold()
    if column == "images":
        return study.instance_count
    if column == "status":
        return STATES.index(state)
    raise ValueError(column)


def next_study(order: list[str], current: str | None, step: int = 1,
               wanted: Callable[[str], bool] | None = None) -> str | None:
    """The study after (``step`` 1) or before (-1) ``current`` in the list's order, the first one the
    ``wanted`` test accepts (None: any); None when there is none. Without a current study: the first."""
    if not order:
        return None
    start = order.index(current) if current in order else (-1 if step > 0 else len(order))
    i = start + step
    while 0 <= i < len(order):
        if wanted is None or wanted(order[i]):
            return order[i]
        i += step
    return None
