"""Removing studies' files from the cache while keeping their rows: the eviction's crash-safe half.

Order, for a kill or a power cut at any point:
1. one transaction per batch of studies lists their files in the ``removal`` table, deletes their instance
   rows, zeroes their counts and marks them evicted (``evicted_at``, ``evicted_count``): from its commit on,
   nothing in the index points at those files, and the list shows the studies "on the archive";
2. the files are deleted (and their folders, once empty);
3. once the whole eviction is done (or stopped), one flush of the filesystem, then their ``removal`` rows go.
A kill before 1's commit changes nothing; between 1 and 3 the next ``StudyCache`` open finishes the list
(``finish_removals``) before the repair's walk, which would otherwise count the files as orphans and index
them again. A study whose instances came back meanwhile (retrieved again: ``evicted_at`` is 0 once more)
keeps its files: they are the new copies, under the same names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Sequence

from viewer.store.filestore import syncfs

BATCH = 250  # studies per transaction: the cache's lock is free between batches (the window's queries)
_IN_LIMIT = 500


@dataclass
class RemovalReport:
    studies: int = 0
    files: int = 0
    bytes: int = 0
    cancelled: bool = False
    study_uids: list[str] = field(default_factory=list)  # the studies dealt with (evicted, or already)


def remove_studies(cache, study_uids: Sequence[str], now: float, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, batch: int = BATCH) -> RemovalReport:
    """Evict ``study_uids`` (those still local); the caller has decided they may go."""
    report = RemovalReport()
    uids = list(dict.fromkeys(study_uids))
    done: list[str] = []
    try:
        for start in range(0, len(uids), batch):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            part = uids[start : start + batch]
            studies, size = _commit_batch(cache, part, now)
            report.studies += studies
            report.bytes += size
            report.files += _delete_files(cache, part, done)
            report.study_uids += part
            if progress is not None:
                progress(min(start + batch, len(uids)), len(uids))
    finally:
        _clear(cache, done)
    return report


def finish_removals(cache) -> int:
    """Delete the files an interrupted eviction had listed; how many studies were listed."""
    pending = [row[0] for row in cache.read("SELECT DISTINCT study_uid FROM removal")]
    done: list[str] = []
    for start in range(0, len(pending), _IN_LIMIT):
        _delete_files(cache, pending[start : start + _IN_LIMIT], done)
    _clear(cache, done)
    return len(pending)


def _commit_batch(cache, uids: list[str], now: float) -> tuple[int, int]:
    marks = ",".join("?" * len(uids))
    with cache.transaction() as db:
        ids = [r[0] for r in db.execute(f"SELECT id FROM study WHERE uid IN ({marks}) AND evicted_at = 0", uids)]
        if not ids:
            return 0, 0
        id_marks = ",".join("?" * len(ids))
        in_series = f"SELECT id FROM series WHERE study IN ({id_marks})"
        size = db.execute(f"SELECT total(size) FROM instance WHERE series IN ({in_series})", ids).fetchone()[0]
        db.execute(
            f"""INSERT OR IGNORE INTO removal (rel_path, study_uid)
                SELECT i.rel_path, st.uid FROM instance i JOIN series se ON se.id = i.series
                JOIN study st ON st.id = se.study WHERE se.study IN ({id_marks})""", ids)
        db.execute(f"DELETE FROM instance WHERE series IN ({in_series})", ids)
        db.execute(f"UPDATE series SET instance_count = 0 WHERE study IN ({id_marks})", ids)
        db.execute(f"""UPDATE study SET evicted_at = ?, evicted_count = instance_count, instance_count = 0
                       WHERE id IN ({id_marks})""", [now, *ids])
    return len(ids), int(size)


def _delete_files(cache, uids: list[str], done: list[str]) -> int:
    """Delete the listed files of ``uids`` (and their folders once empty); the paths dealt with join ``done``."""
    marks = ",".join("?" * len(uids))
    rows = cache.read(
        f"""SELECT r.rel_path, ifnull(st.evicted_at, 1) FROM removal r LEFT JOIN study st ON st.uid = r.study_uid
            WHERE r.study_uid IN ({marks})""", uids)
    root = str(cache.root)
    folders: set[str] = set()
    deleted = 0
    for rel_path, evicted_at in rows:
        if evicted_at:  # else retrieved again since: the file under that name is the new copy
            path = os.path.join(root, rel_path)
            try:
                os.unlink(path)
                deleted += 1
            except FileNotFoundError:
                pass
            except OSError:
                continue  # kept on the list: the next open tries again
            folders.add(os.path.dirname(path))
        done.append(rel_path)
    for folder in folders:
        try:
            os.rmdir(folder)  # a series folder, once empty (the store makes it again if the series comes back)
        except OSError:
            pass
    return deleted


def _clear(cache, done: list[str]) -> None:
    """The deletions reach the disk before their list goes (one flush for a whole eviction): a power cut in
    between deletes them again (nothing), never forgets files that are still there."""
    if not done:
        return
    syncfs(cache.root)
    with cache.transaction() as db:
        for start in range(0, len(done), _IN_LIMIT):
            part = done[start : start + _IN_LIMIT]
            db.execute(f"DELETE FROM removal WHERE rel_path IN ({','.join('?' * len(part))})", part)
