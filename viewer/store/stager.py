"""The importer's store thread: files go into the cache in commit groups, beside the parsing thread.

One copy thread, fed whole chunks of files. Each file's copy is a handful of short system calls, and
every one of them hands the interpreter lock back and forth with the parser; several copy threads and
a Future per file made that hand-over cost more than the copies themselves. The copy thread copies
each file to a temp name (no flush). When the importer seals a group, a second thread flushes the
whole group (one ``syncfs``: mostly waiting on the disk), renames each file into place, flushes the
folders and hands the group's outcomes back; only then may the importer index those files. The copy
thread goes on with the next group meanwhile.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from viewer.store.filestore import FileStore, unlink_quietly

_SEAL = object()


@dataclass(slots=True)
class Job:
    src: str
    rel: str  # where it goes, relative to the cache root
    size: int | None  # what the copy must find (a source that changed since its header was read is refused)
    move: bool  # rename the source itself into place (our own temp files, ``import_paths(move=True)``)
    token: object  # the importer's record, handed back with the outcome


class Stager:
    """``submit`` chunks of jobs, ``seal`` a group; ``groups`` gives back ``[(job, size or error)]``
    per sealed group, in order, once its files are complete and flushed in their final place."""

    def __init__(self, files: FileStore):
        self._files = files
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._sealed: queue.SimpleQueue = queue.SimpleQueue()
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self.open_jobs = 0  # submitted since the last seal
        self.sealed = 0
        self.returned = 0

    def submit(self, jobs: list[Job]) -> None:
        if not jobs:
            return
        if not self._threads:
            self._threads = [
                threading.Thread(target=self._copy_loop, name="cauri-import-copy", daemon=True),
                threading.Thread(target=self._flush_loop, name="cauri-import-flush", daemon=True),
            ]
            for thread in self._threads:
                thread.start()
        self.open_jobs += len(jobs)
        self._inbox.put(jobs)

    def seal(self) -> None:
        if self.open_jobs:
            self.open_jobs = 0
            self.sealed += 1
            self._inbox.put(_SEAL)

    def outstanding(self) -> int:
        """Sealed groups not yet handed back."""
        return self.sealed - self.returned

    def next_group(self, wait: bool) -> list[tuple[Job, int | BaseException]] | None:
        if not self.outstanding():
            return None
        try:
            group = self._outbox.get(block=wait)
        except queue.Empty:
            return None
        self.returned += 1
        return group

    def close(self) -> None:
        """Stop the threads; files of an unsealed group are removed, never placed."""
        if self._threads:
            self._inbox.put(None)
            for thread in self._threads:
                thread.join()
            self._threads = []

    # -- the thread -------------------------------------------------------------------------------

    def _copy_loop(self) -> None:
        files = self._files
        staged: list[tuple[Job, Path, int]] = []
        done: list[tuple[Job, int | BaseException]] = []
        while True:
            message = self._inbox.get()
            if message is None:
                for _job, tmp, _size in staged:
                    unlink_quietly(tmp)
                self._sealed.put(None)
                return
            if message is _SEAL:
                self._sealed.put((done, staged))
                staged, done = [], []
                continue
            for job in message:
                try:
                    if job.move:
                        done.append((job, files.store_move(job.src, job.rel)))
                    else:
                        tmp, size = files.stage_copy(job.src, job.size, job.rel)
                        staged.append((job, tmp, size))
                except Exception as exc:  # noqa: BLE001 - handed back: one file never stops the thread
                    done.append((job, exc))

    def _flush_loop(self) -> None:
        while True:
            group = self._sealed.get()
            if group is None:
                return
            done, staged = group
            self._outbox.put(done + self._place(staged))

    def _place(self, staged: list[tuple[Job, Path, int]]) -> list[tuple[Job, int | BaseException]]:
        files = self._files
        try:
            errors = files.place_staged([(tmp, job.rel) for job, tmp, _size in staged])
            files.sync_dirs()
        except Exception as exc:  # noqa: BLE001 - the whole group failed to reach the disk
            for _job, tmp, _size in staged:
                unlink_quietly(tmp)
            return [(job, exc) for job, _tmp, _size in staged]
        return [(job, size if error is None else error) for (job, _tmp, size), error in zip(staged, errors)]
