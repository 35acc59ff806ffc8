"""``import_paths``: fill the cache from files, folders, DICOMDIR media and zip archives.

The calling thread parses headers; a few worker threads copy, fsync and rename files into the store
(fsync waits on the disk, not on the GIL, so they overlap with parsing). A row is handed to the index
only after its file's worker has finished, and rows are committed in batches. Nothing a user can feed
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
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from viewer.store import sources
from viewer.store.cache import IMPORTED, PRESENT, StudyCache
from viewer.store.filestore import FileChanged, relative_path
from viewer.store.header import (
    HEADER_READ,
    InstanceHeader,
    NotImportable,
    read_index_header,
    sniff,
)
from viewer.store.part10 import write_bare_dataset
from viewer.store.records import ImportReport, Rejection

log = logging.getLogger(__name__)

_BATCH_FILES = 200
_BATCH_SECONDS = 0.5
_WORKERS = 4
_MAX_IN_FLIGHT = 32
_PROGRESS_SECONDS = 0.1
_MAX_ZIP_MEMBER = 8 << 30

_SNIFF_REASONS = {
    "empty": "empty file",
    "gzip": "gzip-compressed file; unpack it first",
    "unknown": "not a DICOM file",
}


def import_paths(
    cache: StudyCache,
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    progress: Callable[[int, int | None], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    move: bool = False,
) -> ImportReport:
    """Import every DICOM instance found under ``paths`` into ``cache``.

    ``progress(done, total)`` is called now and then (``total`` is None while files are being
    counted; it grows when an archive is opened). ``cancel()`` returning True stops the import:
    what is already stored stays, ``report.cancelled`` is set. ``move=True`` renames plain source files
    into the store instead of copying them (for the program's own temp files; sources of instances
    already in the cache are left where they are).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    run = _ImportRun(cache, progress, cancel, move)
    thread = threading.get_ident()
    _QUIET.threads.add(thread)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydicom warnings may quote header values
            run.execute(list(paths))
    finally:
        _QUIET.threads.discard(thread)
    report = run.report
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


class _ImportRun:
    def __init__(self, cache: StudyCache, progress, cancel, move: bool):
        self.cache = cache
        self.report = ImportReport()
        self._progress_cb = progress
        self._cancel_cb = cancel
        self._move = move
        self._done = 0
        self._total: int | None = None
        self._last_progress = 0.0
        self._pending: set[str] = set()  # SOP UIDs handed to a worker during this run
        self._in_flight: deque[tuple[Future, InstanceHeader, str, str, str | None]] = deque()
        self._batch: list[tuple[InstanceHeader, str, int, str, Path | None]] = []  # .., staged temp
        self._last_commit = time.monotonic()
        self._first_seen: dict[str, None] = {}  # study UIDs in the order their files came
        self._studies_ok: set[str] = set()  # studies with at least one instance now in the cache
        self._zip_path: str | None = None
        self._zip: zipfile.ZipFile | None = None
        self._pool: ThreadPoolExecutor | None = None

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
        with ThreadPoolExecutor(_WORKERS, thread_name_prefix="cauri-import") as pool:
            self._pool = pool
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
                        self._reject(item.label, "could not be imported (unexpected error)")
                    self._done += 1
                    self._progress()
                    self._harvest(wait=False)
            except _Stop:
                self.report.cancelled = True
            finally:
                self._finish()
                self.report.study_uids = [uid for uid in self._first_seen if uid in self._studies_ok]
        self._progress(force=True)

    def _finish(self) -> None:
        try:
            self._harvest(wait=True)
            self._commit()
        except _Stop:
            self.report.cancelled = True
        finally:
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
            fh = open(item.path, "rb")
        except OSError as exc:
            self._reject(item.label, f"could not be read ({_why(exc)})")
            return
        with fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(HEADER_READ)  # one read for the sniff and (usually) the whole header
            kind = sniff(head[:132])
            if kind == "zip":
                self._expand_zip(item, queue)
            else:
                self._dicom(fh, size, kind, item.label, item.path, owned=False, head=head)

    def _expand_zip(self, item: sources.FileItem, queue: deque) -> None:
        try:
            members = sources.zip_members(item.path, item.label)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            self._reject(item.label, "damaged or unsupported zip archive")
            return
        queue.extendleft(reversed(members))
        self._total = (self._total or 0) + len(members)

    def _zip_member(self, member: sources.ZipMember) -> None:
        try:
            zf = self._open_zip(member.archive)
            info = zf.infolist()[member.index]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            self._reject(member.label, "damaged or unsupported zip archive")
            return
        if info.flag_bits & 0x1:
            self._reject(member.label, "encrypted zip member (password-protected archives are not supported)")
            return
        if info.file_size > _MAX_ZIP_MEMBER:
            self._reject(member.label, "zip member too large")
            return
        tmp = str(self.cache.files.new_temp())
        try:
            try:
                with zf.open(info) as src:
                    head = src.read(132)
                    kind = sniff(head)
                    if kind == "zip":
                        self._reject(member.label, "zip archive inside a zip archive; unpack the outer one first")
                        return
                    if kind not in ("part10", "raw"):
                        self._reject(member.label, _SNIFF_REASONS[kind])
                        return
                    with open(tmp, "wb") as out:
                        out.write(head)
                        shutil.copyfileobj(src, out, 1 << 20)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, RuntimeError):
                self._reject(member.label, "zip member could not be read (damaged, or unsupported compression)")
                return
            except OSError as exc:
                self._stop_if_disk_full(exc, member.label)
                self._reject(member.label, f"zip member could not be unpacked ({_why(exc)})")
                return
            with open(tmp, "rb") as fh:
                tmp_owned = self._dicom(fh, os.fstat(fh.fileno()).st_size, kind, member.label, tmp, owned=True)
            if tmp_owned:
                tmp = None  # a worker now owns it
        finally:
            if tmp is not None:
                _unlink_quietly(tmp)

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
        """Parse, check and hand the file to a worker. True when a worker took ``path`` over."""
        if kind not in ("part10", "raw"):
            self._reject(label, _SNIFF_REASONS[kind])
            return False
        try:
            h = read_index_header(fh, size, raw=kind == "raw", head=head)
        except NotImportable as exc:
            self._reject(label, str(exc))
            return False
        self._first_seen.setdefault(h.study_uid)
        rel = relative_path(h.sop_uid)
        if h.sop_uid in self._pending or (
            self.cache.has_instance(h.sop_uid) and self.cache.files.absolute(rel).is_file()
        ):
            self.report.already_present += 1
            self._touch(h.study_uid)
            return False
        conflict = self.cache.placement_conflict(h)
        if conflict:
            self._reject(label, conflict)
            return False
        pool = self._pool
        assert pool is not None
        store = self.cache.files
        if kind == "raw":
            converted = self._to_part10(fh, h, label)
            if converted is None:
                return False
            future = pool.submit(store.store_move, converted, rel)
            self._queue(future, h, rel, label, converted)
        elif owned or (self._move and not os.path.islink(path)):  # never move a link into the store
            future = pool.submit(store.store_move, path, rel)
            self._queue(future, h, rel, label, path if owned else None)
        else:  # copied to a temp file now, flushed and renamed with its commit group
            future = pool.submit(store.stage_copy, path, size, rel)
            self._queue(future, h, rel, label, None)
        return owned and kind != "raw"

    def _to_part10(self, fh: BinaryIO, h: InstanceHeader, label: str) -> str | None:
        """A dataset without file header becomes a proper Part-10 file (temp path), or None."""
        tmp = str(self.cache.files.new_temp())
        try:
            write_bare_dataset(fh, h, tmp)
            return tmp
        except OSError as exc:
            _unlink_quietly(tmp)
            self._stop_if_disk_full(exc, label)
            self._reject(label, f"could not be converted ({_why(exc)})")
        except Exception:
            _unlink_quietly(tmp)
            self._reject(label, "DICOM data without file header could not be converted to a standard file")
        return None

    def _queue(self, future: Future, h: InstanceHeader, rel: str, label: str, temp: str | None) -> None:
        self._pending.add(h.sop_uid)
        self._in_flight.append((future, h, rel, label, temp))
        if len(self._in_flight) >= _MAX_IN_FLIGHT:
            self._harvest(wait=True, keep=_MAX_IN_FLIGHT // 2)

    # -- completion and commit --------------------------------------------------------------------

    def _harvest(self, wait: bool, keep: int = 0) -> None:
        while len(self._in_flight) > keep:
            future, h, rel, label, temp = self._in_flight[0]
            if not wait and not future.done():
                break
            self._in_flight.popleft()
            staged = None
            try:
                size = future.result()
                if isinstance(size, tuple):
                    staged, size = size
            except FileChanged:
                self._reject(label, "file changed while it was being imported; import it again")
                continue
            except OSError as exc:
                self._reject(label, f"could not be stored ({_why(exc)})")
                self._stop_if_disk_full(exc, label, already_rejected=True)
                continue
            finally:
                if temp is not None:
                    _unlink_quietly(temp)  # gone already when the worker renamed it
            self._batch.append((h, rel, size, label, staged))
        if self._batch and (
            len(self._batch) >= _BATCH_FILES or time.monotonic() - self._last_commit >= _BATCH_SECONDS
        ):
            self._commit()

    def _commit(self) -> None:
        batch, self._batch = self._batch, []
        self._last_commit = time.monotonic()
        if not batch:
            return
        disk_full = None
        staged = [(entry[4], entry[1]) for entry in batch if entry[4] is not None]
        if staged:
            # Every staged file of the group is flushed (one syncfs) and renamed before any row commits.
            errors = iter(self.cache.files.place_staged(staged, self._pool))
            kept = []
            for entry in batch:
                exc = next(errors) if entry[4] is not None else None
                if exc is None:
                    kept.append(entry)
                    continue
                self._reject(entry[3], f"could not be stored ({_why(exc)})")
                if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
                    disk_full = exc
            batch = kept
        try:
            self.cache.files.sync_dirs(self._pool)
            outcomes = self.cache.add_instances([(h, rel, size) for h, rel, size, _label, _tmp in batch])
        except (sqlite3.Error, OSError) as exc:
            log.error("import: index write failed (%s)", type(exc).__name__)
            for _h, _rel, _size, label, _tmp in batch:
                self._reject(label, "could not be added to the study index")
            raise _Stop() from exc
        if disk_full is not None:
            self._apply(batch, outcomes)
            raise _Stop()
        self._apply(batch, outcomes)

    def _apply(self, batch, outcomes) -> None:
        for (h, _rel, _size, label, _tmp), outcome in zip(batch, outcomes):
            if outcome == IMPORTED:
                self.report.imported += 1
                self._touch(h.study_uid)
            elif outcome == PRESENT:
                self.report.already_present += 1
                self._touch(h.study_uid)
            else:
                self._reject(label, outcome)

    def _stop_if_disk_full(self, exc: OSError, label: str, already_rejected: bool = False) -> None:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            if not already_rejected:
                self._reject(label, "disk full; import stopped")
            raise _Stop()


def _why(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
