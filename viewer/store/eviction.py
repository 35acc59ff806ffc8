"""A cache that never fills the disk: which studies leave when the cache is over its size limit.

Least recently opened first (``study.opened_at``; a study never opened counts from when it arrived). Never
without the reader's confirmation (``Plan.held``): studies the reader pinned, studies with key images, studies
of today's worklist (dated today, or arrived or opened today), studies holding instances whose UIDs Cauri made
up (an archive could not give them back), studies that may exist nowhere else (imported from a disc or pushed
here, never retrieved from an archive nor sent whole to one: evicting them could lose them), and whatever the layers above add through ``extra`` (unsent findings
or reports, the open study, those being retrieved: ``workstation.cache_keeper``). An evicted study keeps its
rows, "on the archive", and is retrieved again when opened; the removal itself is ``store.removal``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from viewer.core.messages import in_language, msg
from viewer.dicom.findings.common import KO_CLASS
from viewer.store.removal import RemovalReport, remove_studies
from viewer.store.study_flags import SENT, StudyFlags

PINNED = "pinned"  # the study flag (store.study_flags) of a study the reader keeps here
GB = 1_000_000_000
_CHUNK = 500

# Why a study is not evicted without the reader's confirmation.
REASONS = {
    PINNED: msg("pinned by the reader"),
    "key_images": msg("key images"),
    "today": msg("today's worklist"),
    "derived": msg("images with UIDs made here (the archive cannot give them back)"),
    "only_here": msg("the only copy known: imported or received here, never retrieved from nor sent to an archive"),
    "findings": msg("findings not sent"),
    "report": msg("report not sent"),
    "open": msg("open on screen"),
    "retrieving": msg("being retrieved"),
}

Extra = Callable[[list[str]], dict[str, set[str]]]  # study uids -> {uid: reasons} of the layers above


@dataclass(frozen=True)
class Candidate:
    study_uid: str
    last_used: float  # when last opened, or when it arrived if never opened
    size: int  # bytes of its files
    reasons: frozenset = frozenset()  # why it is kept without confirmation (keys of REASONS)


@dataclass
class Plan:
    usage: int  # bytes of local files now
    limit: int  # bytes (0: no limit)
    chosen: list[Candidate] = field(default_factory=list)  # evicted without asking, least recently used first
    held: list[Candidate] = field(default_factory=list)  # would have gone, but need the reader's confirmation

    @property
    def freed(self) -> int:
        return sum(c.size for c in self.chosen)

    @property
    def short(self) -> int:
        """Bytes still over the limit once ``chosen`` went (only ``held`` studies could free them)."""
        return max(0, self.usage - self.freed - self.limit) if self.limit else 0


def usage(cache) -> int:
    """Bytes of the study files the index holds (evicted studies hold none)."""
    return int(cache.read("SELECT total(size) FROM instance")[0][0])


def limit_bytes(limit_gb: float) -> int:
    return int(max(0.0, float(limit_gb or 0)) * GB)


def default_limit_gb(folder, share: float = 0.5) -> float:
    """The limit proposed at first run: ``share`` of the free space of the disk that will hold ``folder`` (its
    first existing parent), in whole GB, at least 1; 0 (no limit) when the disk cannot be asked."""
    path = Path(folder).absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    try:
        free = shutil.disk_usage(path).free
    except OSError:
        return 0.0
    return float(max(1, int(free * share // GB)))


def least_recently_used(cache) -> list[tuple[str, float, int]]:
    """(uid, last used, row id) of every local study, least recently used first."""
    return cache.read(
        """SELECT uid, CASE WHEN opened_at > 0 THEN opened_at ELSE added_at END AS used, id FROM study
           WHERE evicted_at = 0 ORDER BY used, id""")


def plan(cache, limit: int, extra: Extra | None = None, now: float | None = None) -> Plan:
    """What to evict to bring the cache under ``limit`` bytes (nothing when it is under, or no limit)."""
    result = Plan(usage(cache), limit)
    if not limit or result.usage <= limit:
        return result
    over = result.usage - limit
    order = least_recently_used(cache)
    flags = StudyFlags(cache.root).all()
    for start in range(0, len(order), _CHUNK):
        part = order[start : start + _CHUNK]
        sizes = _sizes(cache, [row[2] for row in part])
        reasons = protections(cache, [row[0] for row in part], extra, now, flags)
        for uid, used, row_id in part:
            c = Candidate(uid, used, sizes.get(row_id, 0), frozenset(reasons.get(uid, ())))
            (result.held if c.reasons else result.chosen).append(c)
            if c.reasons:
                continue
            over -= c.size
            if over <= 0:
                return result
    return result


def protections(cache, study_uids: list[str], extra: Extra | None = None, now: float | None = None,
                flags: dict | None = None) -> dict[str, set[str]]:
    """Of ``study_uids``, those kept without confirmation, and why (keys of ``REASONS``)."""
    found: dict[str, set[str]] = {}
    if not study_uids:
        return found
    flags = StudyFlags(cache.root).all() if flags is None else flags
    midnight = _midnight(now)
    today = datetime.fromtimestamp(midnight).strftime("%Y%m%d")
    for uid in study_uids:
        if PINNED in flags.get(uid, {}):
            found.setdefault(uid, set()).add(PINNED)
    for start in range(0, len(study_uids), _CHUNK):
        part = study_uids[start : start + _CHUNK]
        marks = ",".join("?" * len(part))
        for (uid,) in cache.read(
                f"""SELECT uid FROM study WHERE uid IN ({marks})
                    AND (study_date = ? OR added_at >= ? OR opened_at >= ?)""", [*part, today, midnight, midnight]):
            found.setdefault(uid, set()).add("today")
        for (uid,) in cache.read(f"SELECT uid FROM study WHERE uid IN ({marks}) AND source_node = ''", part):
            if not flags.get(uid, {}).get(SENT, {}).get("whole_at"):
                found.setdefault(uid, set()).add("only_here")
        for uid, kind in cache.read(
                f"""SELECT DISTINCT st.uid, CASE WHEN i.sop_class = ? THEN 'key_images' ELSE 'derived' END
                    FROM study st JOIN series se ON se.study = st.id JOIN instance i ON i.series = se.id
                    WHERE st.uid IN ({marks}) AND (i.sop_class = ? OR i.derived != '')""", [KO_CLASS, *part, KO_CLASS]):
            found.setdefault(uid, set()).add(kind)
    if extra is not None:
        for uid, why in extra(study_uids).items():
            if why:
                found.setdefault(uid, set()).update(why)
    return found


def evict(cache, study_uids: Iterable[str], progress=None, cancelled=None, now: float | None = None) -> RemovalReport:
    """Remove the studies' files, keeping their rows "on the archive" (the caller has the reader's word for
    protected ones, or chose them through ``plan``)."""
    return remove_studies(cache, list(study_uids), time.time() if now is None else now, progress, cancelled)


def pin(cache_root, study_uid: str, pinned: bool = True) -> None:
    flags = StudyFlags(cache_root)
    if pinned:
        flags.set(study_uid, PINNED, {"at": time.time()})
    else:
        flags.clear(study_uid, PINNED)


def pinned(cache_root) -> set[str]:
    return {uid for uid, f in StudyFlags(cache_root).all().items() if PINNED in f}


def reasons_text(reasons: Iterable[str], language: str = "en") -> str:
    """The reasons as the reader reads them, in ``language``."""
    return ", ".join(in_language(REASONS[r], language) for r in sorted(reasons) if r in REASONS)


def _sizes(cache, study_ids: list[int]) -> dict[int, int]:
    marks = ",".join("?" * len(study_ids))
    return {sid: int(size) for sid, size in cache.read(
        f"""SELECT se.study, total(i.size) FROM series se JOIN instance i ON i.series = se.id
            WHERE se.study IN ({marks}) GROUP BY se.study""", study_ids)}


def _midnight(now: float | None) -> float:
    t = datetime.fromtimestamp(time.time() if now is None else now)
    return t.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
