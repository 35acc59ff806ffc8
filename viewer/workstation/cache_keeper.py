"""The cache under its size limit, off the owner's thread: what the layers above the store add to what must
not leave without the reader's word (``store.eviction``), and the background eviction after imports and
retrieves.

Added here (the store knows nothing of findings or reports): the reader's own findings (measurements, key
images) changed since the study was last sent whole to an archive, Cauri's report changed since its last
send, the study open on screen, and the studies being retrieved.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from viewer.model.annotation_store import AnnotationStore
from viewer.report.document import ReportStore
from viewer.store import eviction
from viewer.store.cache import StudyCache
from viewer.store.removal import RemovalReport
from viewer.store.study_flags import SENT, StudyFlags
from viewer.workstation.events import Event

log = logging.getLogger(__name__)


def unsent_work(store_root, keep: set[str] | None = None, retrieving: set[str] | None = None) -> eviction.Extra:
    """The protections of this layer as ``store.eviction``'s ``extra``: ``keep`` (the open study) and
    ``retrieving`` count as such too."""
    root = Path(store_root)
    annotations, reports = AnnotationStore(root), ReportStore(root)

    def extra(study_uids: list[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        notes = _listing(annotations.folder)
        documents = _listing(reports.folder)
        flags = StudyFlags(root).all() if notes or documents else {}
        for uid in study_uids:
            why = set()
            if keep and uid in keep:
                why.add("open")
            if retrieving and uid in retrieving:
                why.add("retrieving")
            name = hashlib.sha256(uid.encode("utf-8")).hexdigest()[:40] + ".json"
            sent = flags.get(uid, {}).get(SENT, {})
            if name in notes and notes[name] > float(sent.get("whole_at", 0) or 0) and _has_findings(annotations, uid):
                why.add("findings")
            if name in documents and documents[name] > float(sent.get("at", 0) or 0):
                why.add("report")
            if why:
                found[uid] = why
        return found

    return extra


def _listing(folder: Path) -> dict[str, float]:
    """File name -> modification time of the JSON documents in ``folder`` (one scan for a whole plan)."""
    try:
        with os.scandir(folder) as entries:
            return {e.name: e.stat().st_mtime for e in entries if e.name.endswith(".json")}
    except OSError:
        return {}


def _has_findings(annotations: AnnotationStore, uid: str) -> bool:
    try:
        return bool(annotations.load(uid) or annotations.load_key_images(uid))
    except Exception:  # noqa: BLE001 - unreadable: kept, the reader decides
        return True


def keep_under_limit(cache, limit: int, extra: eviction.Extra | None = None, progress=None,
                     cancelled=None) -> tuple[eviction.Plan, RemovalReport]:
    """Evict what the plan may take without asking; the plan says what is still held."""
    plan = eviction.plan(cache, limit, extra)
    done = eviction.evict(cache, [c.study_uid for c in plan.chosen], progress, cancelled) if plan.chosen \
        else RemovalReport()
    return plan, done


@dataclass(frozen=True)
class Trimmed:
    """One background eviction: the plan (``held``: studies that need the reader's confirmation) and what went."""

    plan: eviction.Plan
    removed: RemovalReport
    seconds: float
    error: str = ""


class CacheKeeper:
    """Runs the eviction on a thread of its own, with its own connection to the index: the window's queries
    wait at most for one batch's transaction (``store.removal.BATCH`` studies)."""

    def __init__(self, store_root, limit_gb: Callable[[], float], post: Callable) -> None:
        self.store_root = Path(store_root)
        self.limit_gb = limit_gb
        self.post = post
        self.trimmed = Event("cache_trimmed")  # (Trimmed), on the owner's thread
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def check(self, keep: set[str] | None = None, retrieving: set[str] | None = None) -> bool:
        """Start a background eviction when a limit is set; False when none is needed or one runs."""
        limit = eviction.limit_bytes(self.limit_gb())
        if not limit or self.running():
            return False
        return self._start(lambda cache, extra: keep_under_limit(cache, limit, extra, cancelled=self._cancel.is_set),
                           keep, retrieving)

    def evict(self, study_uids: list[str], keep: set[str] | None = None) -> bool:
        """Evict the studies the reader confirmed (their protections were shown and accepted); never the open
        study (``keep``)."""
        uids = [u for u in study_uids if not keep or u not in keep]
        if not uids or self.running():
            return False

        def work(cache, _extra):
            removed = eviction.evict(cache, uids, cancelled=self._cancel.is_set)
            return eviction.Plan(0, 0), removed

        return self._start(work, keep, None)

    def _start(self, work, keep, retrieving) -> bool:
        extra = unsent_work(self.store_root, keep, retrieving)

        def run() -> None:
            start = time.monotonic()
            try:
                with StudyCache(self.store_root) as cache:
                    plan, removed = work(cache, extra)
                result = Trimmed(plan, removed, time.monotonic() - start)
            except Exception as exc:  # noqa: BLE001 - a full or read-only disk: the cache stays as it was, said once
                log.warning("cache eviction failed: %s", type(exc).__name__)
                result = Trimmed(eviction.Plan(0, 0), RemovalReport(), time.monotonic() - start, type(exc).__name__)
            self.post(lambda: self.trimmed.emit(result))

        self._cancel.clear()
        self._thread = threading.Thread(target=run, name="cauri-cache-keeper", daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def stop(self) -> None:
        """At close: the batch in progress finishes (its files are listed), the rest waits for next time."""
        self._cancel.set()
        self.wait(30)
