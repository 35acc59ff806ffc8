"""Filing instances received over the network straight from memory: the receivers' fast path.

A network receiver (C-GET, the storage SCP, WADO-RS) already holds each instance as encoded bytes.
Writing them to a temp file and handing that to the general importer parsed every header twice and
fsynced, renamed and indexed on the importer's schedule. Here instead:

- the receiving thread only queues the bytes (``accept``): it never parses, touches the disk or waits
  for the index's lock, so it answers the sender at once and reads the next instance while the
  previous one is being filed (a C-GET or C-STORE sender waits for each answer);
- writer threads read each header once, from memory (``part10.parse_dataset``: the tag scanner, not
  pydicom, for the common dataset); skip instances the cache already holds; refuse those that would be
  filed under another patient or study (``StudyCache.placement_conflict``); and put the bytes,
  unchanged (no decode, no re-encode), behind a Part-10 file meta header in a temp file of the store's
  per-process temp folder;
- one committer thread takes everything written since its last commit and, for the whole batch at
  once, flushes the files (a large batch with one ``syncfs`` instead of an fsync per file: see
  ``_place``), renames them to their hashed names, flushes their folders and indexes them in one transaction. A
  batch is one instance while the disk keeps up (the first image is visible at once) and grows by
  itself when it does not.

Files go beside the other instances of their series (``series_relative_path``): an empty cache gets a
folder per series instead of two per instance.

Crash safety is the store's: temp file, flush, rename, folder flush, and only then the index row. A
killed process leaves complete files (indexed or not, never half written) and its temp folder, which
the next ``StudyCache`` open removes. The bytes waiting for a writer are bounded (``max_buffered``): a
receiver faster than the disk is slowed down rather than allowed to fill memory. An instance refused
after it was acknowledged is counted (``counts.rejected``, with a plain reason); a retrieve sees it
missing.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from viewer.core.atomic import fsync_dir
from viewer.store.cache import IMPORTED, PRESENT, StudyCache
from viewer.store.duplicates import incoming_wins
from viewer.store.filestore import replacement_relative_path, series_relative_path
from viewer.dicom.header import InstanceHeader, NotImportable, read_index_header
from viewer.dicom.part10 import file_meta_bytes, parse_dataset, parse_part10  # noqa: F401  (file_meta_bytes: public here too)

log = logging.getLogger(__name__)

WRITERS = 2  # parse + write to the page cache: CPU work; more threads only fight for the interpreter
MAX_BUFFERED = 128 << 20  # received bytes waiting for a writer before the receiver is made to wait
_SERIES_REMEMBERED = 64
_WHOLE_FS_FLUSH = 8  # from this many files per commit, one filesystem flush beats an fsync each


class DiskFull(Exception):
    """Free space is below the configured minimum; nothing was written."""


@dataclass
class ReceiveCounts:
    received: int = 0
    imported: int = 0
    already_present: int = 0
    rejected: int = 0
    replaced: int = 0  # stored copies that did not decode, replaced by the received one that does
    reasons: list[str] = field(default_factory=list)  # plain reasons (first 20), no patient data


@dataclass
class _Job:
    sop_uid: str  # as announced in the C-STORE request ("" when nothing was announced)
    size: int
    prefix: bytes = b""  # Part-10 preamble and file meta, written before ``data``
    data: object = None  # bytes-like: a dataset (with ``prefix``) or a whole Part-10 file; None: ``path``
    path: str | None = None  # a complete Part-10 temp file of ours (streamed WADO-RS parts)
    syntax: str = ""  # transfer syntax of a bare dataset
    sop_class: str = ""
    source_aet: str = ""
    header: InstanceHeader | None = None
    rel: str = ""


class InstanceReceiver:
    """Thread-safe sink for received instances; ``flush()`` waits until all are indexed.

    ``on_stored(header)`` is called (from the committer thread; keep it short) once an instance is
    indexed, i.e. visible to the viewer.
    """

    def __init__(self, cache: StudyCache, min_free_bytes: int = 0,
                 on_stored: Callable[[InstanceHeader], None] | None = None,
                 writers: int = WRITERS, max_buffered: int = MAX_BUFFERED):
        self.cache = cache
        self.min_free_bytes = min_free_bytes
        self.on_stored = on_stored
        self.counts = ReceiveCounts()
        self._max_buffered = max_buffered
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._pending = 0  # accepted, not yet committed (or refused)
        self._buffered = 0  # bytes of accepted data not yet written
        self._queued: set[str] = set()  # SOP UIDs accepted and not yet committed
        self._placed: set[tuple[str, str, str, str]] = set()  # (study, series, patient, issuer) found to fit
        # SOP UIDs indexed per series, read once per series: asking the index for every instance
        # made the writers queue for the cache's lock while the committer held it through its fsync.
        self._indexed: dict[str, set[str]] = {}
        self._done: queue.SimpleQueue = queue.SimpleQueue()
        self._writers = ThreadPoolExecutor(max(1, writers), thread_name_prefix="cauri-receive-write")
        self._dir_sync = ThreadPoolExecutor(2, thread_name_prefix="cauri-receive-dirsync")
        self._root = str(cache.files.root)  # plain strings on the per-instance path: pathlib costs there
        self._synced_dirs: set[str] = set()  # folders flushed since they were made (only the committer uses it)
        self._committer = threading.Thread(target=self._commit_loop, name="cauri-receive-commit", daemon=True)
        self._committer.start()
        self._closed = False

    # -- producers (any thread) -------------------------------------------------------------------

    def has_room(self) -> bool:
        if not self.min_free_bytes:
            return True
        try:
            return shutil.disk_usage(self.cache.root).free >= self.min_free_bytes
        except OSError:
            return False

    def accept(self, sop_class: str, sop_uid: str, transfer_syntax: str, dataset, source_aet: str = "") -> None:
        """Take one instance (``dataset``: bytes-like, encoded in ``transfer_syntax``; ours from now on).

        Raises ``DiskFull``, or ``NotImportable`` for UIDs that cannot even go in a file header.
        Otherwise the instance is queued and the caller may acknowledge it at once: a writer parses it
        and files it, or counts it as already present, or as rejected (unreadable header, placement
        conflict, disk error), in which case the retrieve that asked for it finds it missing.
        """
        self._count_received()
        if not self.has_room():
            self._count_refused("disk full")
            raise DiskFull()
        try:
            prefix = file_meta_bytes(sop_class, sop_uid, transfer_syntax, source_aet)
        except (ValueError, TypeError, UnicodeError):
            self._count_refused("invalid UID in the request")
            raise NotImportable("invalid UID in the request") from None
        data = memoryview(dataset)
        self._queue(_Job(sop_uid, len(prefix) + data.nbytes, prefix, data, syntax=transfer_syntax,
                         sop_class=sop_class, source_aet=source_aet))

    def accept_part10(self, data) -> None:
        """Take one complete Part-10 file held in memory (a WADO-RS part), to be written as it is."""
        self._count_received()
        if not self.has_room():
            self._count_refused("disk full")
            raise DiskFull()
        view = memoryview(data)
        self._queue(_Job("", view.nbytes, b"", view))

    def accept_file(self, path: str | os.PathLike) -> None:
        """Take a complete Part-10 temp file inside the store's temp folder (ours from now on)."""
        self._count_received()
        self._queue(_Job("", 0, path=os.fspath(path)))

    def _queue(self, job: _Job) -> None:
        # Only memory is touched here: parsing, the index and the disk are the writers' business, so
        # the receiving thread can answer at once and read the next instance.
        weight = job.size if job.data is not None else 0
        with self._changed:
            if job.sop_uid and job.sop_uid in self._queued:
                self.counts.already_present += 1
                duplicate = True
            else:
                duplicate = False
                # Back-pressure: wait for the writers rather than hold an unbounded amount in memory.
                while self._buffered and self._buffered + weight > self._max_buffered:
                    self._changed.wait()
                self._buffered += weight
                self._pending += 1
                if job.sop_uid:
                    self._queued.add(job.sop_uid)
        if duplicate:
            if job.path:
                _unlink_quietly(job.path)
            return
        self._writers.submit(self._write, job, weight)

    def _count_received(self) -> None:
        with self._lock:
            self.counts.received += 1

    def _count_refused(self, reason: str) -> None:
        with self._lock:
            self.counts.rejected += 1
            if len(self.counts.reasons) < 20:
                self.counts.reasons.append(reason)

    # -- completion -------------------------------------------------------------------------------

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every accepted instance is indexed (or refused); False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while self._pending:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._changed.wait(left if left is not None else 1.0)
        return True

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.flush()
        self._done.put(None)
        self._committer.join()
        self._writers.shutdown()
        self._dir_sync.shutdown()

    def __enter__(self) -> "InstanceReceiver":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writer threads ---------------------------------------------------------------------------

    def _write(self, job: _Job, weight: int) -> None:
        store = self.cache.files
        tmp = job.path
        try:
            reason = self._parse(job)
            h = job.header
            if reason is None:
                known = self._held(h)
                if known is not None:
                    if os.path.isfile(known):
                        if self._replaces_stored_copy(job, h, known):
                            self._release(weight)
                            return
                        tmp = job.path
                        reason = PRESENT
                    else:  # indexed, file gone: put it back where the index says
                        job.rel = os.path.relpath(known, self._root).replace(os.sep, "/")
            if reason is None:
                placement = (h.study_uid, h.series_uid, h.patient_id, h.issuer)
                if placement not in self._placed:
                    reason = self.cache.placement_conflict(h)
                    if reason is None:
                        self._placed.add(placement)  # the series' other instances will fit as well
            if reason is not None:
                _unlink_quietly(tmp)
                self._release(weight)
                self._finish(job, reason)
                return
            if tmp is None:
                tmp = str(store.new_temp())
                with open(tmp, "wb", buffering=0) as fh:
                    fh.write(job.prefix)
                    fh.write(job.data)
                job.data = None  # let the received buffer go as soon as it is on its way to disk
                job.path = tmp
            size = os.stat(tmp).st_size
        except OSError as exc:
            _unlink_quietly(job.path or tmp)
            log.error("receive: an instance could not be stored (%s)", type(exc).__name__)
            self._release(weight)
            self._finish(job, f"could not be stored ({(exc.strerror or type(exc).__name__).lower()})")
            return
        except BaseException:
            _unlink_quietly(job.path or tmp)
            self._release(weight)
            self._finish(job, "could not be stored")
            raise
        self._release(weight)
        self._done.put((job, size))

    def _replaces_stored_copy(self, job: _Job, h: InstanceHeader, known: str) -> bool:
        """A second copy of an instance the cache holds: it takes the stored copy's place only when that one's
        pixel data does not decode and this one's does (``duplicates.incoming_wins``, judged by the cache's
        ``second_copy_judge``), as an import does; the job is then finished here. A good stored copy is never
        replaced, and without a judge (or across series) the stored copy stays."""
        judge = getattr(self.cache, "second_copy_judge", None)
        stored = self.cache.stored_copy(h.sop_uid) if judge is not None else None
        if stored is None or stored[3] != h.series_uid:
            return False
        rel, _size, syntax, _series = stored
        if job.path is None:  # a decoder reads files: the received bytes go to a temp file first
            job.path = str(self.cache.files.new_temp())
            with open(job.path, "wb", buffering=0) as fh:
                fh.write(job.prefix)
                fh.write(job.data)
            job.data = None
        if not incoming_wins(known, syntax, job.path, h.transfer_syntax, judge):
            return False
        files = self.cache.files
        new_rel = replacement_relative_path(rel)
        size = files.store_copy(job.path, new_rel)
        files.sync_dirs()
        self.cache.replace_instance(h, new_rel, size)
        _unlink_quietly(known)
        _unlink_quietly(job.path)
        with self._changed:
            known_paths = self._indexed.get(h.series_uid)
            if known_paths is not None:
                known_paths[h.sop_uid] = os.path.join(self._root, new_rel)
            self.counts.replaced += 1
            self._pending -= 1
            self._queued.discard(job.sop_uid)
            self._changed.notify_all()
        log.warning("receive: a stored copy whose pixel data does not decode was replaced by the received one")
        return True

    def _held(self, h: InstanceHeader) -> str | None:
        """Where the cache's index has ``h`` (as of the series' first sight, plus our own commits; an
        instance another process indexes meanwhile is found by ``add_instances`` instead), or None."""
        with self._lock:
            known = self._indexed.get(h.series_uid)
        if known is None:
            known = {i.sop_uid: str(i.path) for i in self.cache.instances_of(h.series_uid)}
            with self._lock:
                if len(self._indexed) >= _SERIES_REMEMBERED:
                    self._indexed.clear()
                known = self._indexed.setdefault(h.series_uid, known)
        return known.get(h.sop_uid)

    @staticmethod
    def _parse(job: _Job) -> str | None:
        """Read ``job``'s header (sets ``header`` and ``rel``); the refusal reason, or None."""
        try:
            if job.path is not None:
                with open(job.path, "rb") as fh:
                    job.header = read_index_header(fh, os.fstat(fh.fileno()).st_size)
            elif job.prefix:
                job.header = parse_dataset(job.prefix, job.data, job.syntax)
                h = job.header
                if (h.sop_uid, h.sop_class) != (job.sop_uid, job.sop_class):
                    # The dataset is the truth; the file meta must agree with it.
                    job.prefix = file_meta_bytes(h.sop_class, h.sop_uid, job.syntax, job.source_aet)
            else:
                job.header = parse_part10(job.data)
        except NotImportable as exc:
            return str(exc)
        except (ValueError, UnicodeError):
            return "invalid UID in the header"
        except OSError:
            return "could not be read back"
        job.rel = series_relative_path(job.header.series_uid, job.header.sop_uid)
        return None

    def _release(self, weight: int) -> None:
        if weight:
            with self._changed:
                self._buffered -= weight
                self._changed.notify_all()

    def _finish(self, job: _Job, reason: str) -> None:
        """Done with ``job`` without indexing it: refused for ``reason``, or already ``PRESENT``."""
        with self._changed:
            self._pending -= 1
            self._queued.discard(job.sop_uid)
            if reason == PRESENT:
                self.counts.already_present += 1
            else:
                self.counts.rejected += 1
                if len(self.counts.reasons) < 20:
                    self.counts.reasons.append(reason)
            self._changed.notify_all()

    # -- the committer thread ---------------------------------------------------------------------

    def _commit_loop(self) -> None:
        while True:
            item = self._done.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while True:  # whatever else is ready joins this transaction
                try:
                    item = self._done.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._commit(batch)
            if stop:
                return

    def _place(self, batch: list[tuple[_Job, int]]) -> list[OSError | None]:
        """Flush the batch's temp files, rename them into place and flush their folders; per file None
        or its error. Raises ``OSError`` when a folder cannot be flushed (nothing may be indexed then).

        A large batch takes one flush of the whole filesystem for its files and one for its folders
        (``place_staged``, ``sync_dirs``). A small one, the first images above all, gets an fsync per
        file and per folder instead: a filesystem flush also waits for whatever else is waiting to be
        written (another program's files), which delayed the first image by a few hundred ms.
        """
        files = self.cache.files
        if len(batch) >= _WHOLE_FS_FLUSH:
            errors = files.place_staged([(job.path, job.rel) for job, _size in batch], self._dir_sync)  # str: pathlib costs here
            files.sync_dirs(self._dir_sync)
            return errors

        def one(job: _Job) -> OSError | None:
            try:
                files.store_move(job.path, job.rel)  # fsync, rename
                return None
            except OSError as exc:
                _unlink_quietly(job.path)
                return exc

        errors = list(self._dir_sync.map(one, [job for job, _size in batch]))
        folders: set[str] = set()
        for (job, _size), error in zip(batch, errors):
            if error is None:
                series_dir = os.path.dirname(os.path.join(self._root, job.rel))
                folders.add(series_dir)
                if series_dir not in self._synced_dirs:  # new folders: their parents changed too
                    folders.update((os.path.dirname(series_dir), os.path.dirname(os.path.dirname(series_dir))))
        list(self._dir_sync.map(fsync_dir, folders))
        self._synced_dirs.update(folders)
        return errors

    def _commit(self, batch: list[tuple[_Job, int]]) -> None:
        outcomes: list[str] = [""] * len(batch)
        try:
            for k, error in enumerate(self._place(batch)):
                if error is not None:
                    log.error("receive: an instance could not be stored (%s)", type(error).__name__)
                    outcomes[k] = f"could not be stored ({(error.strerror or type(error).__name__).lower()})"
            placed = [k for k, outcome in enumerate(outcomes) if not outcome]
            added = self.cache.add_instances([(batch[k][0].header, batch[k][0].rel, batch[k][1]) for k in placed])
            for k, outcome in zip(placed, added):
                outcomes[k] = outcome
        except (sqlite3.Error, OSError, RuntimeError) as exc:
            # The files stay (complete, unindexed); the retrieve sees them missing and asks again.
            log.error("receive: index write failed (%s)", type(exc).__name__)
            outcomes = [o or "could not be added to the study index" for o in outcomes]
        stored = []
        with self._changed:
            for (job, _size), outcome in zip(batch, outcomes):
                if outcome in (IMPORTED, PRESENT):
                    known = self._indexed.get(job.header.series_uid)
                    if known is not None:
                        known.setdefault(job.header.sop_uid, os.path.join(self._root, job.rel))
                if outcome == IMPORTED:
                    self.counts.imported += 1
                    stored.append(job.header)
                elif outcome == PRESENT:
                    self.counts.already_present += 1
                else:
                    self.counts.rejected += 1
                    if len(self.counts.reasons) < 20:
                        self.counts.reasons.append(outcome)
                self._queued.discard(job.sop_uid)
        for (job, _size), outcome in zip(batch, outcomes):
            if outcome == IMPORTED:
                continue
            # Refused after all, or indexed meanwhile under another name: no orphan file.
            ours = os.path.normpath(os.path.join(self._root, job.rel))
            indexed = self.cache.instance_path(job.header.sop_uid)
            if indexed is None or os.path.normpath(indexed) != ours:
                _unlink_quietly(ours)
        if self.on_stored is not None:
            for header in stored:
                try:
                    self.on_stored(header)
                except Exception:  # a caller's callback must not stop the filing of the rest
                    log.exception("receive: on_stored callback failed")
        with self._changed:
            # Only now: flush() returns after the callbacks too, so a caller's "finished" comes after
            # the last progress it was told about.
            self._pending -= len(batch)
            self._changed.notify_all()


def _unlink_quietly(path) -> None:
    if not path:
        return
    try:
        os.unlink(path)
    except OSError:
        pass
