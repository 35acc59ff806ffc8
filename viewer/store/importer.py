"""``import_paths``: fill the cache from files, folders, DICOMDIR media and zip archives.

The calling thread parses headers and asks the index about them a chunk at a time; one store thread
(``stager``) copies the new files beside it and flushes them in commit groups. A group's rows are
handed to the index only after its files are complete, flushed and in place. Nothing a user can feed
in aborts an import: every refusal becomes a ``Rejection`` with a plain reason. Logs carry counts only.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import threading
import time
import warnings
import zipfile
from collections import deque
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable

from viewer.core import audit
from viewer.core.messages import msg
from viewer.dicom.header import (
    FIRST_READ,
    InstanceHeader,
    NotImportable,
    read_index_header,
    sniff,
)
from viewer.dicom.part10 import write_bare_dataset
from viewer.store import sources
from viewer.store.cache import IMPORTED, PRESENT, StudyCache
from viewer.store.duplicates import Judge, incoming_wins
from viewer.store.filestore import FileChanged, replacement_relative_path, series_relative_path, unlink_quietly
from viewer.store.records import ImportReport, Rejection, os_reason
from viewer.store.repair import mark_for_repair
from viewer.store.stager import Job, Stager

log = logging.getLogger(__name__)

_BATCH_FILES = 200
_BATCH_SECONDS = 0.5
_CHUNK = 32  # parsed files screened against the index and handed to the store thread together
_MAX_GROUPS = 2  # sealed commit groups the store thread may hold before parsing waits for it
_PROGRESS_SECONDS = 0.1
_RESERVE = 8 << 20  # free space kept beyond a batch's files: the index, its WAL, the log

_SNIFF_REASONS = {
    "empty": msg("empty file"),
    "gzip": msg("gzip-compressed file; unpack it first"),
    "unknown": msg("not a DICOM file"),
}


def import_paths(
    cache: StudyCache,
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    progress: Callable[[int, int | None], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    move: bool = False,
    judge: Judge | None = None,
) -> ImportReport:
    """Import every DICOM instance found under ``paths`` into ``cache``.

    ``progress(done, total)`` is called now and then (``total`` is None while files are being
    counted; it grows when an archive is opened). ``cancel()`` returning True stops the import:
    what is already stored stays, ``report.cancelled`` is set. ``move=True`` renames plain source files
    into the store instead of copying them (for the program's own temp files; sources of instances
    already in the cache are left where they are). ``judge``: whether files' pixel data decodes
    (``viewer.store.duplicates``); with it, a copy of an instance whose stored copy does not decode
    replaces that copy when it does itself (``report.replaced``).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    run = _ImportRun(cache, progress, cancel, move, judge)
    thread = threading.get_ident()
    _QUIET.threads.add(thread)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydicom warnings may quote header values
            run.execute(list(paths))
    finally:
        _QUIET.threads.discard(thread)
    report = run.report

    audit.record_many("import", run.audited, store=cache.root)
    log.info(
        "import: %d imported, %d already present, %d rejected%s",
        report.imported,
        report.already_present,
        len(report.rejected),
        " (cancelled)" if report.cancelled else "",
    )
    return report


class _QuietWhileImporting(logging.Filter):
    """Drop pydicom's log records from importing threads: they quote header values (names, dates)."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.get_ident() not in self.threads


_QUIET = _QuietWhileImporting()
logging.getLogger("pydicom").addFilter(_QUIET)


class _Stop(Exception):
    """The import cannot go on (disk full, index unusable)."""


@dataclass(slots=True)
class _Entry:
    """One parsed file on its way into the cache."""

    h: InstanceHeader
    label: str
    src: str
    size: int | None  # the size its header was read at (a copy that finds another one is refused)
    move: bool
    temp: str | None  # our own temp file: removed once done with (already gone once moved into place)


class _ImportRun:
    def __init__(self, cache: StudyCache, progress, cancel, move: bool, judge: Judge | None = None):
        self.cache = cache
        self._judge = judge
        self._contested: list[_Entry] = []  # second copies of instances, settled once the run is indexed
        self.report = ImportReport()
        self._progress_cb = progress
        self._cancel_cb = cancel
        self._move = move
        self._done = 0
        self._total: int | None = None
        self._last_progress = 0.0
        self._pending: set[str] = set()  # SOP UIDs handed to the store thread during this run
        self._chunk: list[_Entry] = []  # parsed, not yet screened against the index
        self._stager = Stager(cache.files)
        self._last_seal = self._last_dispatch = time.monotonic()
        self._first_seen: dict[str, None] = {}  # study UIDs in the order their files came
        self._studies_ok: set[str] = set()  # studies with at least one instance now in the cache
        self.audited: dict[str, tuple[str, int]] = {}  # study UID -> (accession, instances imported)
        self._unwritten: dict[str, int] = {}  # SOP UID -> bytes handed to the store thread, not indexed yet
        self._zip_path: str | None = None
        self._zip: zipfile.ZipFile | None = None

    # -- driving ----------------------------------------------------------------------------------

    def execute(self, paths: list) -> None:
        self._progress(force=True)
        found = sources.collect(
            paths, self.report.rejected, self._cancelled, lambda n: self._progress(), skip=self.cache.root
        )
        if self._cancelled():
            self.report.cancelled = True
            return
        queue: deque = deque(found)
        self._total = len(queue)
        self._progress(force=True)
        ended = False
        try:
            while queue:
                if self._cancelled():
                    self.report.cancelled = True
                    break
                item = queue.popleft()
                try:
                    self._one(item, queue)
                except (_Stop, KeyboardInterrupt):
                    raise
                except Exception as exc:  # a file must never abort the import
                    log.warning("import: unexpected %s on one file", type(exc).__name__)
                    self._reject(item.label, msg("could not be imported (unexpected error)"))
                self._done += 1
                self._progress()
                # A slow trickle of files (a network share) still reaches the index every half second.
                if len(self._chunk) >= _CHUNK or (
                    self._chunk and time.monotonic() - self._last_dispatch >= _BATCH_SECONDS / 2
                ):
                    self._dispatch()
                self._collect(wait=False)
                self._seal_if_due()
            ended = True  # a cancel too: what was parsed before it still goes in
        except _Stop:
            self.report.cancelled = True
        finally:
            self._finish(dispatch=ended)
            self._settle_contested()
            self.report.study_uids = [uid for uid in self._first_seen if uid in self._studies_ok]
        self._progress(force=True)

    def _finish(self, dispatch: bool) -> None:
        """Store and index what was handed over; after a stop (disk full, index unusable) nothing new."""
        try:
            if dispatch:
                self._dispatch()
            self._stager.seal()
            while self._stager.outstanding():
                self._collect(wait=True)
        except _Stop:
            self.report.cancelled = True
        finally:
            self._stager.close()
            for entry in self._chunk:
                if entry.temp is not None:
                    unlink_quietly(entry.temp)
            self._chunk = []
            if self._zip is not None:
                self._zip.close()
                self._zip = None

    def _cancelled(self) -> bool:
        return bool(self._cancel_cb is not None and self._cancel_cb())

    def _progress(self, force: bool = False) -> None:
        if self._progress_cb is None:
            return
        now = time.monotonic()
        if force or now - self._last_progress >= _PROGRESS_SECONDS:
            self._last_progress = now
            self._progress_cb(self._done, self._total)

    def _reject(self, label: str, reason: str) -> None:
        self.report.rejected.append(Rejection(label, reason))

    def _touch(self, study_uid: str) -> None:
        self._studies_ok.add(study_uid)

    # -- one candidate ----------------------------------------------------------------------------

    def _one(self, item, queue: deque) -> None:
        if isinstance(item, sources.ZipMember):
            self._zip_member(item)
            return
        try:
            fh = open(item.path, "rb", buffering=0)  # the header is read whole, then parsed from memory
        except OSError as exc:
            self._reject(item.label, msg("could not be read ({why})", why=os_reason(exc)))
            return
        with fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(FIRST_READ)  # one read for the sniff and (usually) the whole header
            kind = sniff(head[:132])
            if kind == "zip":
                self._expand_zip(item, queue)
            else:
                self._dicom(fh, size, kind, item.label, item.path, owned=False, head=head)

    def _expand_zip(self, item: sources.FileItem, queue: deque) -> None:
        try:
            members = sources.zip_members(item.path, item.label)
        except sources.ZipBomb as exc:
            self._reject(item.label, exc.reason)
            return
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            self._reject(item.label, msg("damaged or unsupported zip archive"))
            return
        queue.extendleft(reversed(members))
        self._total = (self._total or 0) + len(members)

    def _zip_member(self, member: sources.ZipMember) -> None:
        try:
            zf = self._open_zip(member.archive)
            info = zf.infolist()[member.index]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            self._reject(member.label, msg("damaged or unsupported zip archive"))
            return
        problem = sources.member_problem(info)  # encrypted, too large, a zip bomb: never unpacked
        if problem is not None:
            self._reject(member.label, problem)
            return
        tmp = str(self.cache.files.new_temp())
        try:
            try:
                with zf.open(info) as src:
                    head = src.read(132)
                    kind = sniff(head)
                    if kind == "zip":
                        self._reject(member.label, msg("zip archive inside a zip archive; unpack the outer one first"))
                        return
                    if kind not in ("part10", "raw"):
                        self._reject(member.label, _SNIFF_REASONS[kind])
                        return
                    with open(tmp, "wb") as out:
                        out.write(head)
                        shutil.copyfileobj(src, out, 1 << 20)
            except sources.MEMBER_ERRORS:
                self._reject(member.label, msg("zip member could not be read (damaged, or unsupported compression)"))
                return
            except OSError as exc:
                self._stop_if_disk_full(exc, member.label)
                self._reject(member.label, msg("zip member could not be unpacked ({why})", why=os_reason(exc)))
                return
            with open(tmp, "rb") as fh:
                tmp_owned = self._dicom(fh, os.fstat(fh.fileno()).st_size, kind, member.label, tmp, owned=True)
            if tmp_owned:
                tmp = None  # its entry owns it now
        finally:
            if tmp is not None:
                unlink_quietly(tmp)

    def _open_zip(self, archive: str) -> zipfile.ZipFile:
        if self._zip_path != archive:
            if self._zip is not None:
                self._zip.close()
                self._zip = None
            self._zip = zipfile.ZipFile(archive)
            self._zip_path = archive
        return self._zip

    def _dicom(
        self, fh: BinaryIO, size: int, kind: str, label: str, path: str, owned: bool, head: bytes | None = None
    ) -> bool:
        """Parse, check and queue the file for the store. True when its entry took ``path`` over."""
        if kind not in ("part10", "raw"):
            self._reject(label, _SNIFF_REASONS[kind])
            return False
        try:
            h = read_index_header(fh, size, raw=kind == "raw", head=head)
        except NotImportable as exc:
            self._reject(label, exc.reason)
            return False
        self._first_seen.setdefault(h.study_uid)
        if h.sop_uid in self._pending and self._judge is None:
            self._present(h)
            return False
        if kind == "raw":
            converted = self._to_part10(fh, h, label)
            if converted is not None:
                self._chunk.append(_Entry(h, label, converted, None, True, converted))
            return False
        if owned:
            self._chunk.append(_Entry(h, label, path, None, True, path))
        elif self._move and not os.path.islink(path):  # never move a link into the store
            self._chunk.append(_Entry(h, label, path, None, True, None))
        else:  # copied to a temp file now, flushed and renamed with its commit group
            self._chunk.append(_Entry(h, label, path, size, False, None))
        return owned

    def _to_part10(self, fh: BinaryIO, h: InstanceHeader, label: str) -> str | None:
        """A dataset without file header becomes a proper Part-10 file (temp path), or None."""
        tmp = str(self.cache.files.new_temp())
        try:
            write_bare_dataset(fh, h, tmp)
            return tmp
        except OSError as exc:
            unlink_quietly(tmp)
            self._stop_if_disk_full(exc, label)
            self._reject(label, msg("could not be converted ({why})", why=os_reason(exc)))
        except Exception:
            unlink_quietly(tmp)
            self._reject(label, msg("DICOM data without file header could not be converted to a standard file"))
        return None

    def _present(self, h: InstanceHeader) -> None:
        self.report.already_present += 1
        self._touch(h.study_uid)

    # -- screening, storing and indexing ----------------------------------------------------------

    def _dispatch(self) -> None:
        """Screen the parsed chunk against the index (one query) and hand the new files to the store."""
        chunk, self._chunk = self._chunk, []
        self._last_dispatch = time.monotonic()
        if not chunk:
            return
        try:
            stored, conflicts = self.cache.screen([entry.h for entry in chunk])
        except (sqlite3.Error, OSError) as exc:
            log.error("import: index read failed (%s)", type(exc).__name__)
            for entry in chunk:
                self._drop(entry, msg("could not be checked against the study index"))
            raise _Stop() from exc
        files = self.cache.files
        jobs = []
        for entry, conflict in zip(chunk, conflicts):
            sop = entry.h.sop_uid
            rel = stored.get(sop)
            if sop in self._pending or (rel is not None and files.absolute(rel).is_file()):
                if self._judge is not None:
                    self._contested.append(entry)  # which copy stays is decided once the run is indexed
                else:
                    self._present(entry.h)
                    self._drop(entry)
                continue
            if conflict:
                self._drop(entry, conflict)
                continue
            self._pending.add(sop)
            # An indexed instance whose file went missing gets its file back where the index says.
            rel = rel or series_relative_path(entry.h.series_uid, sop)
            jobs.append(Job(entry.src, rel, entry.size, entry.move, entry))
        self._check_room(jobs)
        self._stager.submit(jobs)
        self._seal_if_due()

    def _check_room(self, jobs: list) -> None:
        """Before a batch is written: room for its files and the index's growth, or stop the import (a
        full disk would leave files written but impossible to index)."""
        if not jobs:
            return
        sizes = {job.token.h.sop_uid: job.size if job.size is not None else _size_of(job.src) for job in jobs}
        size = sum(sizes.values())
        need = _RESERVE + size + sum(self._unwritten.values())  # handed to the store thread, not yet indexed
        try:
            free = shutil.disk_usage(self.cache.root).free
        except OSError:
            return
        if free >= need:
            self._unwritten.update(sizes)
            return
        log.warning("import: stopped before a batch of %d file(s): %d MiB free, %d MiB needed",
                    len(jobs), free >> 20, need >> 20)
        for job in jobs:
            self._pending.discard(job.token.h.sop_uid)
            self._drop(job.token, msg("disk full; import stopped"))
        raise _Stop()

    def _drop(self, entry: _Entry, reason: str | None = None) -> None:
        if reason is not None:
            self._reject(entry.label, reason)
        if entry.temp is not None:
            unlink_quietly(entry.temp)

    def _seal_if_due(self) -> None:
        stager = self._stager
        if stager.open_jobs and (
            stager.open_jobs >= _BATCH_FILES or time.monotonic() - self._last_seal >= _BATCH_SECONDS
        ):
            stager.seal()
            self._last_seal = time.monotonic()
        while stager.outstanding() > _MAX_GROUPS:
            self._collect(wait=True)

    def _collect(self, wait: bool) -> None:
        """Index the groups the store thread has finished (all of them flushed and in place)."""
        group = self._stager.next_group(wait)
        while group is not None:
            self._commit(group)
            group = self._stager.next_group(False)

    def _commit(self, group: list) -> None:
        batch: list[tuple[_Entry, str, int]] = []
        disk_full = None
        for job, _outcome in group:
            self._unwritten.pop(job.token.h.sop_uid, None)
        for job, outcome in group:
            entry: _Entry = job.token
            if entry.temp is not None:
                unlink_quietly(entry.temp)  # gone already when it was moved into place
            if isinstance(outcome, BaseException):
                self._pending.discard(entry.h.sop_uid)
                if isinstance(outcome, FileChanged):
                    self._reject(entry.label, msg("file changed while it was being imported; import it again"))
                elif isinstance(outcome, OSError):
                    self._reject(entry.label, msg("could not be stored ({why})", why=os_reason(outcome)))
                    if outcome.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                        disk_full = outcome
                else:
                    log.warning("import: unexpected %s while storing one file", type(outcome).__name__)
                    self._reject(entry.label, msg("could not be stored (unexpected error)"))
                continue
            batch.append((entry, job.rel, outcome))
        try:
            outcomes = self.cache.add_instances([(e.h, rel, size) for e, rel, size in batch]) if batch else []
        except (sqlite3.Error, OSError) as exc:
            log.error("import: index write failed (%s)", type(exc).__name__)
            for entry, rel, _size in batch:
                self._reject(entry.label, msg("could not be added to the study index"))
                self._unindexed(entry, rel)
            raise _Stop() from exc
        for (entry, rel, _size), outcome in zip(batch, outcomes):
            if outcome == IMPORTED:
                self.report.imported += 1
                self._touch(entry.h.study_uid)
                seen = self.audited.setdefault(entry.h.study_uid, (entry.h.accession, 0))
                self.audited[entry.h.study_uid] = (seen[0], seen[1] + 1)
            elif outcome == PRESENT:  # indexed meanwhile by another writer, maybe under another name
                self._present(entry.h)
                ours = self.cache.files.absolute(rel)
                if self.cache.instance_path(entry.h.sop_uid) != ours:
                    unlink_quietly(str(ours))
            else:
                self._reject(entry.label, outcome)
                if not self.cache.has_instance(entry.h.sop_uid):
                    unlink_quietly(str(self.cache.files.absolute(rel)))  # refused after all: no orphan file
        if disk_full is not None:
            raise _Stop()

    def _settle_contested(self) -> None:
        """Second copies of instances: kept out, unless the stored copy does not decode and this one does
        (``duplicates.incoming_wins``); then this one is stored beside it, the index row points at it, and
        the old file goes. Never the other way round: a good stored copy is never replaced."""
        contested, self._contested = self._contested, []
        files = self.cache.files
        for entry in contested:
            try:
                if self.report.cancelled or not self._replace(entry, files):
                    self._present(entry.h)
            except (sqlite3.Error, OSError) as exc:
                log.error("import: a second copy could not be settled (%s)", type(exc).__name__)
                self._reject(entry.label, msg("could not be stored ({why})", why=os_reason(exc))
                             if isinstance(exc, OSError) else msg("could not be added to the study index"))
            finally:
                self._drop(entry)

    def _replace(self, entry: _Entry, files) -> bool:
        h = entry.h
        stored = self.cache.stored_copy(h.sop_uid)
        if stored is None or stored[3] != h.series_uid:  # never moves an instance to another series
            return False
        rel, _size, syntax, _series = stored
        old = files.absolute(rel)
        if not incoming_wins(str(old), syntax, entry.src, h.transfer_syntax, self._judge):
            return False
        new_rel = replacement_relative_path(rel)
        size = files.store_copy(entry.src, new_rel, expected_size=entry.size)
        files.sync_dirs()
        self.cache.replace_instance(h, new_rel, size)
        unlink_quietly(str(old))
        self.report.replaced += 1
        self._touch(h.study_uid)
        return True

    def _unindexed(self, entry: _Entry, rel: str) -> None:
        """A placed file whose row could not be committed: removed, unless the index names it already
        (a missing file put back); what cannot be decided now is left to the cache's repair at next open."""
        try:
            if self.cache.instance_path(entry.h.sop_uid) == self.cache.files.absolute(rel):
                return
            os.unlink(self.cache.files.absolute(rel))
        except FileNotFoundError:
            pass
        except (sqlite3.Error, OSError):
            mark_for_repair(self.cache.root)

    def _stop_if_disk_full(self, exc: OSError, label: str, already_rejected: bool = False) -> None:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            if not already_rejected:
                self._reject(label, msg("disk full; import stopped"))
            raise _Stop()


def _size_of(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
