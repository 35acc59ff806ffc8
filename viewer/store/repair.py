"""The cache repairs itself when it opens: stored-but-unindexed files are indexed or removed, temp cleaned.

A full disk used to leave instance files in place whose index rows could not be committed: invisible to
the reader, never removed, keeping the disk full. A kill -9 or a power cut between the rename of a file
and the commit of its row leaves the same. The writers now remove what they could not index, and when
they cannot (or die first) this finds the rest: files under ``files/`` that no index row names. One that
reads as a complete DICOM instance the index lacks is indexed; anything else (damaged, or an instance the
index holds under another file) is removed.

The walk over ``files/`` runs only when there is reason to: a writer left the ``.repair`` mark (an index
write failed), a process died with files in flight (its temp folder was still there), or the cache was
never checked by this version (no ``.checked`` mark: caches filled by older versions may hold orphans).
``StudyCache.repaired`` says what was done; the command line and the window tell the reader.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from viewer.core.messages import msg
from viewer.dicom.header import NotImportable, read_index_header

log = logging.getLogger(__name__)

REPAIR_MARK = ".repair"
CHECKED_MARK = ".checked"


@dataclass
class RepairReport:
    temp_cleaned: int = 0  # temp folders of processes that are gone
    indexed: int = 0  # orphan files that were complete instances: now in the index
    removed: int = 0  # orphan files that were not (damaged, or a second copy): deleted
    scanned: bool = False

    def __bool__(self) -> bool:
        return bool(self.temp_cleaned or self.indexed or self.removed)

    def text(self) -> str:
        return msg("the study cache repaired itself: {indexed} stored file(s) missing from the index added, "
                   "{removed} unusable or duplicate file(s) removed, {temp} leftover temp folder(s) cleaned",
                   indexed=self.indexed, removed=self.removed, temp=self.temp_cleaned)


def mark_for_repair(root: Path) -> None:
    """A writer could not index files it had placed (and could not remove them all): check at next open."""
    try:
        (Path(root) / REPAIR_MARK).touch()
    except OSError:
        pass  # the disk is full: the temp folder left behind says the same at the next open


def repair(cache, stale_temp: int) -> RepairReport:
    """Run at ``StudyCache`` open; ``stale_temp`` is how many dead processes' temp folders were removed."""
    report = RepairReport(temp_cleaned=stale_temp)
    root = Path(cache.root)
    needed = stale_temp or (root / REPAIR_MARK).exists() or not (root / CHECKED_MARK).exists()
    if not needed:
        return report
    report.scanned = True
    try:
        _scan(cache, root, report)
        (root / CHECKED_MARK).touch()
        (root / REPAIR_MARK).unlink(missing_ok=True)
    except OSError as exc:  # a read-only or full disk: try again next time
        log.warning("cache repair incomplete (%s)", type(exc).__name__)
    if report:
        log.info("cache repair: %d orphan file(s) indexed, %d removed, %d temp folder(s) cleaned",
                 report.indexed, report.removed, report.temp_cleaned)
    return report


def _scan(cache, root: Path, report: RepairReport) -> None:
    indexed = cache.indexed_paths()
    orphans = [rel for rel in _stored_files(root) if rel not in indexed]
    if not orphans:
        return

    entries = []
    for rel in orphans:
        path = root / rel
        try:
            with open(path, "rb", buffering=0) as fh:
                header = read_index_header(fh, os.fstat(fh.fileno()).st_size)
        except (NotImportable, OSError):
            header = None
        if header is None or cache.has_instance(header.sop_uid):
            _remove(path, report)
        else:
            entries.append((header, rel, path.stat().st_size))
    for (header, rel, _size), outcome in zip(entries, cache.add_instances(entries) if entries else []):
        if outcome == "imported":
            report.indexed += 1
        else:  # refused (another patient under that study) or already there under another name
            _remove(root / rel, report)


def _remove(path: Path, report: RepairReport) -> None:
    try:
        path.unlink()
        report.removed += 1
    except FileNotFoundError:
        pass


def _stored_files(root: Path):
    """Relative paths ("files/aa/bbbb/....dcm") of every stored file."""
    base = root / "files"
    for dirpath, _dirnames, filenames in os.walk(base):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in filenames:
            yield f"{rel_dir}/{name}"
