"""Decoding frames in isolated worker processes: a crashing, hanging or memory-hungry codec costs one frame.

Why processes: the codecs (libjpeg, OpenJPEG, CharLS, the RLE plugin) are C code that holds the GIL, and a
malformed file can make them segfault, abort, loop forever or allocate without bound. Each worker decodes one
frame at a time, under an address-space limit (RLIMIT_AS on POSIX, sized to the file) and a per-frame deadline.
A worker that dies or overruns is killed and replaced; only the frame it held fails, with a plain reason, and
the rest of the series decodes. A worker decodes one frame at a time, which is what makes the blame exact:
the frame it was decoding when it died is the head of its queue (results sent before are read first).

While a volume fills, each worker is handed a second bulk frame before it finishes the first, so it never
waits for the dispatcher's round trip (wake-up, unpacking, the next job): that wait left the two workers of
a 2-core machine idle a fifth of the time on fast codecs (JPEG lossless ~5 ms per frame). Results travel
through two shared blocks used in turn: the worker writes a frame's result into one while the dispatcher
may still be reading the previous one out of the other.

Workers are spawned (never forked: the GUI process holds Qt and GL threads), started on demand, kept warm
while there is work, and stopped after a while idle. Each keeps the dataset of the file it last read, and the
dispatcher sends a frame to the worker that already holds its file, so multi-frame objects are read once.

Plain data and processes only (no Qt, no VTK): the GUI's frame loader, the volume loader and the headless
commands share one service. This module is the dispatcher; what runs inside a worker is ``decode_worker``.
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from multiprocessing.connection import wait as wait_any
from typing import Any, Callable

from viewer.core.messages import msg
from viewer.dicom.decode import is_native
from viewer.dicom.decode_worker import DEPTH, DecodedFrame, SharedArray, short_reason, worker_main

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 30.0  # a 4k x 4k JPEG 2000 frame decodes in well under a second; 30 s means "stuck"
DEFAULT_MEMORY_MB = 2048  # address space a worker may add on top of its baseline and twice the file size
STARTUP_TIMEOUT_S = 60.0  # importing numpy/pydicom/codecs on a cold, slow disk
IDLE_STOP_S = 60.0  # a warm worker costs ~100 MB; give it back when nothing has been decoded for a minute
PRIORITY_VIEW = 0  # the frame a viewport shows
PRIORITY_BULK = 10  # volume filling, statistics

DEFAULT_TASK = "viewer.dicom.decode_worker:decode_frame_task"


SHUT_DOWN = msg("the decode service is shut down")
STOPPED = msg("the decode service stopped")


class DecodeFailure(Exception):
    """A frame could not be decoded; ``reason`` is plain language, ``kind`` one of
    error | crash | timeout | memory | unavailable."""

    def __init__(self, reason: str, kind: str = "error") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


def _task_ref(task: str | Callable[[str, int], Any]) -> str:
    if isinstance(task, str):
        return task
    return f"{task.__module__}:{task.__qualname__}"


@dataclass
class _Job:
    id: int
    path: str
    frame: int
    future: Future
    priority: int
    pixels_only: bool = False
    started: bool = False  # its future is running (a job handed back by a worker that left is not restarted)


class _Worker:
    def __init__(self, ctx, task_ref: str, memory_mb: int | None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=worker_main, args=(child, task_ref, memory_mb), daemon=True,
                                   name="cauri-decode")
        self.process.start()
        child.close()
        self.started = time.monotonic()
        self.ready = False
        self.jobs: list[_Job] = []  # sent, in the order the worker decodes them; the head is in progress
        self.deadline: float | None = None  # for the head
        self.last_path: str | None = None
        self.idle_since = time.monotonic()
        self.inboxes: dict[str, Any] = {}  # the parent's mappings of the worker's shared blocks, by name

    @property
    def job(self) -> _Job | None:
        """The job being decoded now, or None when idle."""
        return self.jobs[0] if self.jobs else None

    def unpack(self, payload: Any) -> Any:
        if not isinstance(payload, DecodedFrame) or not isinstance(payload.stored, SharedArray):
            return payload
        from multiprocessing import shared_memory

        import numpy as np

        ref = payload.stored
        name = ref.name.lstrip("/")
        inbox = self.inboxes.get(name)
        if inbox is None:
            while len(self.inboxes) >= DEPTH:  # a block the worker replaced (and unlinked)
                self.inboxes.pop(next(iter(self.inboxes))).close()
            inbox = self.inboxes[name] = shared_memory.SharedMemory(name=ref.name)
        shared = np.ndarray(ref.shape, np.dtype(ref.dtype), buffer=inbox.buf)
        stored = _copy_releasing(shared, inbox) if shared.nbytes >= _RELEASE_BYTES else shared.copy()
        return replace(payload, stored=stored)

    def _drop_inbox(self, unlink: bool) -> None:
        inboxes, self.inboxes = self.inboxes, {}
        for inbox in inboxes.values():
            inbox.close()
            if unlink:  # a killed worker could not remove its blocks
                try:
                    inbox.unlink()
                except FileNotFoundError:
                    pass

    def stop(self) -> None:
        """Ask the worker to leave (it removes its shared block itself); kill it if it does not."""
        try:
            self.conn.send(None)
            self.process.join(timeout=2)
        except Exception:
            pass
        self.kill()

    def kill(self) -> None:
        try:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)
        except Exception:
            pass
        self._drop_inbox(unlink=self.process.exitcode != 0)
        try:
            self.conn.close()
        except Exception:
            pass


def _abandon(job: _Job, failure: DecodeFailure) -> None:
    """Fail a job that will not run (unless its caller cancelled it first)."""
    if job.started or job.future.set_running_or_notify_cancel():
        if not job.future.done():
            job.future.set_exception(failure)


def _unreceived(exc: BaseException) -> str:
    return msg("the decoded frame could not be received ({detail})", detail=short_reason(exc))


# A large frame's pages stay mapped in this process after the copy, two blocks per worker: a 27 MB
# mammogram would keep 54 MB resident here besides the frame itself. Above this size they are handed back
# (the worker still owns the block; the next frame through it faults its pages in again).
_RELEASE_BYTES = 4 << 20


_RELEASE_CHUNK = 1 << 20


def _copy_releasing(shared, inbox):
    """A copy of ``shared`` made a megabyte at a time, each megabyte's pages handed back once copied: this
    process then holds the frame plus one megabyte, not twice the frame, at the copy's peak."""
    import mmap

    import numpy as np

    mapping = getattr(inbox, "_mmap", None)  # SharedMemory keeps its mmap private; absent: a plain copy
    if mapping is None or not hasattr(mmap, "MADV_DONTNEED"):
        return shared.copy()
    out = np.empty(shared.shape, shared.dtype)
    src, dst = shared.reshape(-1).view(np.uint8), out.reshape(-1).view(np.uint8)
    for start in range(0, src.size, _RELEASE_CHUNK):
        end = min(start + _RELEASE_CHUNK, src.size)
        dst[start:end] = src[start:end]
        try:
            mapping.madvise(mmap.MADV_DONTNEED, start, end - start)
        except (OSError, ValueError):
            pass
    return out


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            return msg("the decoder was killed (SIGKILL; out of memory?)")
        return msg("the decoder crashed ({signal})", signal=name)
    return msg("the decoder process exited unexpectedly (status {status})", status=str(exitcode))


class DecodeService:
    """A pool of isolated decode workers; ``submit`` returns a Future of the task's result.

    ``task``: a module-level callable ``(path, frame) -> result`` (or its "module:name"), run in the workers;
    the default returns a ``DecodedFrame``. Tests pass one that crashes or hangs.
    """

    def __init__(
        self,
        workers: int | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        task: str | Callable[[str, int], Any] = DEFAULT_TASK,
        idle_stop_s: float = IDLE_STOP_S,
    ) -> None:
        self.max_workers = max(1, workers or (os.cpu_count() or 2))
        self.timeout_s = float(timeout_s)
        self.memory_mb = memory_mb
        self.idle_stop_s = idle_stop_s
        self._task_ref = _task_ref(task)
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._queue: list[tuple[int, int, _Job]] = []
        self._ids = itertools.count(1)
        self._workers: list[_Worker] = []
        self._wake_r, self._wake_w = self._ctx.Pipe(duplex=False)
        self._closed = False
        self._start_failures = 0
        self._keep_warm = 0
        self.counts = {"decoded": 0, "error": 0, "crash": 0, "timeout": 0, "memory": 0, "restarts": 0,
                       "ahead": 0}  # ahead: frames handed to a worker still decoding the one before
        self._thread = threading.Thread(target=self._run, name="cauri-decode-dispatch", daemon=True)
        self._thread.start()

    # -------------------------------------------------------------- public
    def submit(self, path: str | os.PathLike, frame: int = 0, priority: int = PRIORITY_BULK,
               pixels_only: bool = False) -> Future:
        """``pixels_only``: the result's ``header`` is None, its ``descriptor`` set (see ``decode_frame_task``)."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                future.set_exception(DecodeFailure(SHUT_DOWN, "unavailable"))
                return future
            job = _Job(next(self._ids), os.fspath(path), int(frame), future, priority, bool(pixels_only))
            heapq.heappush(self._queue, (priority, job.id, job))
        self._wake()
        return future

    def decode(self, path: str | os.PathLike, frame: int = 0, priority: int = PRIORITY_VIEW) -> Any:
        """Decode now (blocking); raises DecodeFailure."""
        return self.submit(path, frame, priority).result()

    def warm(self, count: int = 1) -> None:
        """Start ``count`` workers now and keep them through idle periods, so that the first compressed
        frame a viewer opens does not wait for a process to start (~0.3-1 s of imports)."""
        with self._lock:
            self._keep_warm = max(0, min(int(count), self.max_workers))
        self._wake()

    def shutdown(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pending = [job for *_, job in self._queue]
            self._queue.clear()
        for job in pending:
            _abandon(job, DecodeFailure(SHUT_DOWN, "unavailable"))
        self._wake()
        self._thread.join(timeout=10)

    @property
    def ready_workers(self) -> int:
        """Workers started and waiting for jobs (``warm`` asks for them; the bench waits for one)."""
        with self._lock:
            return sum(1 for w in self._workers if w.ready)

    @property
    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._workers if w.process.pid]

    # -------------------------------------------------------------- dispatcher thread
    def _wake(self) -> None:
        try:
            self._wake_w.send_bytes(b"!")
        except (OSError, ValueError):
            pass

    def _run(self) -> None:
        try:
            while True:
                with self._lock:
                    closed = self._closed
                if closed:
                    break
                self._assign()
                self._wait_and_collect()
                self._enforce_deadlines()
        except Exception:  # the dispatcher must never die silently: fail what is queued
            log.exception("decode dispatcher failed")
        finally:
            self._stop_all()
            with self._lock:
                pending = [job for *_, job in self._queue]
                self._queue.clear()
            for job in pending:
                _abandon(job, DecodeFailure(STOPPED, "unavailable"))

    def _stop_all(self) -> None:
        """Idle workers are asked to leave (they remove their shared blocks), busy ones are killed."""
        workers, self._workers = self._workers, []
        for w in workers:
            if w.jobs:
                for job in w.jobs:
                    if not job.future.done():
                        job.future.set_exception(DecodeFailure(STOPPED, "unavailable"))
                w.kill()
            else:
                try:
                    w.conn.send(None)
                except Exception:
                    pass
        deadline = time.monotonic() + 2.0
        for w in workers:
            if not w.jobs:
                w.process.join(timeout=max(0.0, deadline - time.monotonic()))
                w.kill()

    def _assign(self) -> None:
        now = time.monotonic()
        with self._lock:
            # Drop cancelled jobs first so they neither hold a worker nor start one.
            while self._queue and self._queue[0][2].future.cancelled():
                heapq.heappop(self._queue)
            queued = len(self._queue)
            idle = [w for w in self._workers if w.ready and not w.jobs]
            starting = sum(1 for w in self._workers if not w.ready)
            # Start workers for the backlog that idle and starting ones cannot absorb.
            need = min(max(queued - len(idle) - starting, self._keep_warm - len(self._workers)),
                       self.max_workers - len(self._workers))
            for _ in range(max(0, need)):
                try:
                    self._workers.append(_Worker(self._ctx, self._task_ref, self.memory_mb))
                except Exception as exc:  # e.g. out of processes, or a frozen app without freeze_support
                    self._start_failed(msg("the decode worker could not start ({detail})", detail=short_reason(exc)), locked=True)
                    return
            while self._queue and idle:
                self._send(heapq.heappop(self._queue)[2], idle, now)
            # Bulk frames left over: each busy worker gets its next one now (see the module doc).
            busy = [w for w in self._workers if w.ready and 0 < len(w.jobs) < DEPTH
                    and all(j.priority >= PRIORITY_BULK for j in w.jobs)]
            while self._queue and busy and self._queue[0][0] >= PRIORITY_BULK:
                self._send(heapq.heappop(self._queue)[2], busy, now)
            # Workers idle for long are given back (the next job starts a fresh one).
            if not self._queue:
                for w in list(self._workers):
                    if len(self._workers) <= self._keep_warm:
                        break
                    if w.ready and w.job is None and now - w.idle_since > self.idle_stop_s:
                        self._workers.remove(w)
                        w.stop()

    def _send(self, job: _Job, candidates: list[_Worker], now: float) -> None:
        """Hand ``job`` to one of ``candidates`` (the one holding its file if any); lock held."""
        if not job.started:
            if not job.future.set_running_or_notify_cancel():
                return
            job.started = True
        worker = next((w for w in candidates if w.last_path == job.path), candidates[0])
        candidates.remove(worker)
        try:
            worker.conn.send((job.id, job.path, job.frame, job.pixels_only))
        except (OSError, ValueError):
            self._fail(job, DecodeFailure(_death_reason(worker.process.exitcode), "crash"))
            return
        if not worker.jobs:
            worker.deadline = now + self.timeout_s
        else:
            self.counts["ahead"] += 1
        worker.jobs.append(job)
        worker.last_path = job.path

    def _done_with_head(self, w: _Worker) -> _Job | None:
        """The worker finished the job at the head of its queue: the next one is in progress from now."""
        job = w.jobs.pop(0) if w.jobs else None
        now = time.monotonic()
        w.deadline = now + self.timeout_s if w.jobs else None
        w.idle_since = now
        return job

    def _wait_and_collect(self) -> None:
        now = time.monotonic()
        deadlines = [w.deadline for w in self._workers if w.deadline is not None]
        deadlines += [w.started + STARTUP_TIMEOUT_S for w in self._workers if not w.ready]
        if len(self._workers) > self._keep_warm:  # someone may be reaped; kept-warm workers never are
            deadlines += [w.idle_since + self.idle_stop_s for w in self._workers if w.ready and not w.jobs]
        timeout = max(0.0, min(deadlines) - now) + 0.01 if deadlines else None
        handles: list[Any] = [self._wake_r]
        for w in self._workers:
            handles += [w.conn, w.process.sentinel]
        ready = wait_any(handles, timeout)
        if self._wake_r in ready:
            while self._wake_r.poll():
                try:
                    self._wake_r.recv_bytes()
                except (EOFError, OSError):
                    break
        for w in list(self._workers):
            if w.conn in ready or w.process.sentinel in ready:
                self._service(w)

    def _service(self, w: _Worker) -> None:
        try:
            while w.conn.poll():
                self._handle(w, w.conn.recv())
        except (EOFError, OSError):
            pass
        except Exception as exc:  # a result that cannot be unpickled
            job = self._done_with_head(w)
            if job is not None:
                self._fail(job, DecodeFailure(_unreceived(exc)))
        if not w.process.is_alive():
            w.process.join(timeout=1)
            self._retire(w, _death_reason(w.process.exitcode), "crash")

    def _handle(self, w: _Worker, message) -> None:
        if message[0] == "ready":
            w.ready = True
            w.idle_since = time.monotonic()
            self._start_failures = 0
            return
        if message[0] == "failed":
            self._retire(w, msg("the decode worker could not start ({detail})", detail=message[1]), "unavailable")
            return
        job_id, ok, payload = message
        if w.job is None or w.job.id != job_id:
            return
        job = self._done_with_head(w)
        if ok:
            try:
                payload = w.unpack(payload)
            except Exception as exc:
                self._fail(job, DecodeFailure(_unreceived(exc)))
                return
            self.counts["decoded"] += 1
            job.future.set_result(payload)
        else:
            kind, reason = payload
            if kind == "missing":
                job.future.set_exception(FileNotFoundError(job.path))
                return
            self._fail(job, DecodeFailure(reason, kind))

    def _enforce_deadlines(self) -> None:
        now = time.monotonic()
        for w in list(self._workers):
            if w.job is not None and w.deadline is not None and now > w.deadline:
                self._retire(w, msg("the decoder did not finish within {seconds:g} s (stopped)", seconds=self.timeout_s), "timeout")
            elif not w.ready and now > w.started + STARTUP_TIMEOUT_S:
                self._retire(w, msg("the decode worker did not start within {seconds:g} s", seconds=STARTUP_TIMEOUT_S), "unavailable")

    def _retire(self, w: _Worker, reason: str, kind: str) -> None:
        """Kill ``w``; fail the job it held. A worker that never became ready fails the backlog after
        repeated attempts, rather than leaving callers waiting forever."""
        if w not in self._workers:
            return  # already retired (a "failed" message, then its exit)
        self._workers.remove(w)
        w.kill()
        self.counts["restarts"] += 1
        if w.jobs:
            jobs, w.jobs = w.jobs, []
            if w.process.exitcode == 0:
                # A clean exit is the worker recycling itself (memory creep) as this job was sent: no codec
                # ran on it, so it goes back to the queue rather than failing.
                blamed, requeued = None, jobs
            else:
                blamed, requeued = jobs[0], jobs[1:]  # only the head was being decoded
            with self._lock:
                for job in requeued:
                    heapq.heappush(self._queue, (job.priority, job.id, job))
            if blamed is not None:
                self._fail(blamed, DecodeFailure(reason, kind))
        if not w.ready:
            self._start_failed(reason)

    def _start_failed(self, reason: str, locked: bool = False) -> None:
        self._start_failures += 1
        if self._start_failures < 3:
            return
        if locked:
            pending = [job for *_, job in self._queue]
            self._queue.clear()
        else:
            with self._lock:
                pending = [job for *_, job in self._queue]
                self._queue.clear()
        for job in pending:
            if job.started or job.future.set_running_or_notify_cancel():
                self._fail(job, DecodeFailure(reason, "unavailable"))

    def _fail(self, job: _Job, failure: DecodeFailure) -> None:
        if failure.kind in self.counts:
            self.counts[failure.kind] += 1
        log.warning("frame %d not decoded: %s", job.frame, failure.reason)  # no path: it may carry PHI
        if not job.future.done():
            job.future.set_exception(failure)


# --------------------------------------------------------------------------------------------- the shared one

_default: DecodeService | None = None
_default_lock = threading.Lock()
_atexit_registered: list[bool] = []


def default_service() -> DecodeService:
    """The process-wide service used by the frame and volume loaders (started on first use)."""
    global _default
    with _default_lock:
        if _default is None or _default._closed:
            _default = DecodeService()
            if not _atexit_registered:
                # Before multiprocessing's own exit hook (atexit runs last-registered first): workers leave
                # cleanly and remove their shared blocks instead of being terminated.
                atexit.register(shutdown_default)
                _atexit_registered.append(True)
        return _default


def shutdown_default() -> None:
    """Stop the shared service's workers now (headless commands, before exiting)."""
    global _default
    with _default_lock:
        service, _default = _default, None
    if service is not None:
        service.shutdown()


def set_default_service(service: DecodeService | None) -> DecodeService | None:
    """Replace the shared service (tests inject faulty decoders this way); returns the previous one."""
    global _default
    with _default_lock:
        previous, _default = _default, service
        return previous


def needs_isolation(transfer_syntax: str) -> bool:
    """Compressed pixel data goes through the workers; uncompressed data is read in place (no codec runs)."""

    try:
        return not is_native(transfer_syntax)
    except Exception:
        return True
