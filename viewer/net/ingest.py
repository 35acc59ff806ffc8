"""Received instances into the local cache: temp file first, then the store's own importer.

DIMSE handlers and the WADO-RS reader hand over encoded bytes; they are written unchanged (no decode,
no re-encode) to a temp file inside the store's per-process temp folder, which the store wipes if the
process dies. A background thread imports them in batches with ``import_paths(move=True)``, which
checks the header, renames the file to its hashed name and indexes it. A received UID is therefore
never a file name, and a half-received instance never reaches the cache.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pydicom.filewriter import write_file_meta_info

from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

log = logging.getLogger(__name__)

_BATCH = 64
_BATCH_SECONDS = 0.25


class DiskFull(Exception):
    """Free space is below the configured minimum; nothing was written."""


@dataclass
class IngestCounts:
    received: int = 0
    imported: int = 0
    already_present: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)  # plain reasons, no patient data


class CacheWriter:
    """Thread-safe sink for received instances; ``flush()`` waits until all are indexed."""

    def __init__(self, cache: StudyCache, min_free_bytes: int = 0):
        self.cache = cache
        self.min_free_bytes = min_free_bytes
        self.counts = IngestCounts()
        self._tmp = Path(cache.files.tmp)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._thread = threading.Thread(target=self._run, name="cauri-net-ingest", daemon=True)
        self._thread.start()

    # -- producers (any thread) -------------------------------------------------------------------

    def has_room(self) -> bool:
        if not self.min_free_bytes:
            return True
        try:
            return shutil.disk_usage(self.cache.root).free >= self.min_free_bytes
        except OSError:
            return False

    def new_temp(self) -> Path:
        return self._tmp / f"net-{uuid.uuid4().hex}.part"

    def write_dataset(self, file_meta, dataset_bytes) -> None:
        """Write one instance as sent (``dataset_bytes`` in the transfer syntax of ``file_meta``)."""
        if not self.has_room():
            raise DiskFull()
        path = self.new_temp()
        try:
            with open(path, "wb") as fh:
                fh.write(b"\x00" * 128 + b"DICM")
                write_file_meta_info(fh, file_meta, enforce_standard=True)
                fh.write(dataset_bytes)
        except BaseException:
            _unlink_quietly(path)
            raise
        self.submit(path)

    def submit(self, path: Path) -> None:
        """Hand over a complete Part-10 temp file (ours from now on)."""
        with self._lock:
            self._pending += 1
            self.counts.received += 1
        self._queue.put(str(path))

    # -- completion -------------------------------------------------------------------------------

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every submitted file is imported; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._idle.wait(left if left is not None else 1.0)
        return True

    def close(self) -> None:
        self.flush()
        self._queue.put(None)
        self._thread.join()

    def __enter__(self) -> "CacheWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the import thread ------------------------------------------------------------------------

    def _run(self) -> None:
        stop = False
        while not stop:
            item = self._queue.get()
            if item is None:
                break
            batch = [item]
            deadline = time.monotonic() + _BATCH_SECONDS
            while len(batch) < _BATCH:
                try:
                    item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._import(batch)

    def _import(self, batch: list[str]) -> None:
        try:
            report = import_paths(self.cache, batch, move=True)
            imported, present = report.imported, report.already_present
            reasons = [r.reason for r in report.rejected]
        except Exception as exc:  # the receiver must survive a bad batch; the retrieve will see gaps
            log.error("net ingest: batch import failed (%s)", type(exc).__name__)
            imported, present, reasons = 0, 0, ["could not be imported"] * len(batch)
        for path in batch:
            _unlink_quietly(path)  # duplicates and refusals stay behind; moved files are gone already
        with self._idle:
            self.counts.imported += imported
            self.counts.already_present += present
            self.counts.rejected += len(reasons)
            self.counts.reasons.extend(reasons[:20])
            self._pending -= len(batch)
            self._idle.notify_all()


def _unlink_quietly(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
