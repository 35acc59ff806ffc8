"""Loading the pixels of display-set frames off the UI thread, within a memory budget.

Compressed frames are decoded in isolated worker processes (viewer.dicom.decoding): a file that crashes or
hangs a codec shows as one unreadable frame with its reason, and the rest of the series still displays.

The UI asks for the frame it shows first, then the loader prefetches outward from it, so that
scrolling finds frames already decoded. Results are delivered through a plain callback (called on
a worker thread); the Qt layer re-posts them to the UI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pydicom
from pydicom.filereader import read_file_meta_info

from viewer.core.memory import MemoryBudget, budget_bytes
from viewer.core.messages import msg
from viewer.dicom import decoding
from viewer.dicom.decode import pixel_reason
from viewer.dicom.frame_header import FrameHeader, frame_header
from viewer.dicom.pixels import prepare_display, read_frame
from viewer.model.displaysets import FrameRef
from viewer.model.native_frames import DEFER_BYTES, NativeFrames

log = logging.getLogger(__name__)


MISSING_FILE = msg("file missing from the cache")


@dataclass(frozen=True)
class LoadedFrame:
    ref: FrameRef
    stored: np.ndarray | None
    header: FrameHeader | None
    error: str = ""  # plain-language reason when the frame cannot be shown


class _Unreadable:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc


def stored_syntax(path) -> str | None:
    """A file's transfer syntax from its meta header alone (None when it has none, e.g. ACR-NEMA style)."""
    try:
        ts = read_file_meta_info(path).get("TransferSyntaxUID")
    except FileNotFoundError:
        raise
    except Exception:
        return None
    return str(ts) if ts else None


def decode_isolated(ref: FrameRef, priority: int = decoding.PRIORITY_VIEW) -> LoadedFrame:
    """Decode ``ref`` in a decode worker: a codec that crashes or hangs costs this frame, not the viewer."""
    try:
        result = decoding.default_service().decode(ref.path, ref.frame, priority)
    except FileNotFoundError:
        return LoadedFrame(ref, None, None, MISSING_FILE)
    except decoding.DecodeFailure as exc:
        log.warning("cannot decode %s frame %d: %s", ref.sop_uid, ref.frame, exc.kind)
        # Slicing would turn a message into plain English: only a long reason is cut.
        return LoadedFrame(ref, None, None, exc.reason if len(exc.reason) <= 200 else exc.reason[:200])
    return LoadedFrame(ref, result.stored, result.header)


def load_frame(ref: FrameRef, dataset=None) -> LoadedFrame:
    """Stored values and header of one frame. Without ``dataset``, compressed frames are decoded in an
    isolated worker process; uncompressed ones (no codec involved) are read here."""
    if dataset is None:
        try:
            syntax = stored_syntax(ref.path)
        except FileNotFoundError:
            return LoadedFrame(ref, None, None, MISSING_FILE)
        if syntax and decoding.needs_isolation(syntax):
            return decode_isolated(ref)
    try:
        if isinstance(dataset, _Unreadable):
            raise dataset.exc
        ds = dataset if dataset is not None else pydicom.dcmread(ref.path, defer_size=DEFER_BYTES)
        if isinstance(ds, NativeFrames):
            return LoadedFrame(ref, read_frame(ds.one(ref.frame), 0), frame_header(ds.header, ref.frame))
        header = frame_header(ds, ref.frame)
        return LoadedFrame(ref, read_frame(ds, ref.frame), header)
    except FileNotFoundError:
        return LoadedFrame(ref, None, None, MISSING_FILE)
    except Exception as exc:  # undecodable data is an expected event, never a crash
        log.warning("cannot decode %s frame %d: %s", ref.sop_uid, ref.frame, type(exc).__name__)
        return LoadedFrame(ref, None, None, _reason(exc))


def _reason(exc: Exception) -> str:
    if isinstance(exc, decoding.DecodeFailure):
        return exc.reason
    return pixel_reason(exc)


class FrameLoader:
    """An LRU of decoded frames in a memory budget (``core.memory``: shared with the volumes and thumbnails
    when one is given), filled by a small worker pool. What the budget evicts is read again on demand."""

    PREFETCH_SHARE = 4  # one viewport's prefetch takes at most this fraction of the budget

    def __init__(self, max_bytes: int = 1_500_000_000, workers: int = 2, budget: MemoryBudget | None = None) -> None:
        self._cache: "OrderedDict[FrameRef, LoadedFrame]" = OrderedDict()
        self.budget = budget if budget is not None else MemoryBudget(max_bytes)
        self._keep = budget is not None or max_bytes > 0
        self._frame_bytes = 512 * 512 * 2  # the last frame's size: what a prefetch counts on
        self._lock = threading.Lock()
        # Frames asked for and not started: the images viewports show first, then their prefetch.
        self._urgent: "OrderedDict[FrameRef, None]" = OrderedDict()
        self._later: "OrderedDict[FrameRef, None]" = OrderedDict()
        self._running: set[FrameRef] = set()
        self._urgent_running: set[FrameRef] = set()
        self._idle = threading.Condition(self._lock)
        self._closing = False
        self._held_until = 0.0  # monotonic time until which prefetch waits (``hold_prefetch``)
        self._waiting: dict[FrameRef, list] = {}  # ref -> [(owner, done)] of the requests waiting for it
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cauri-frames")
        # Readers running (each takes frames until the queues are empty): a request adds readers up to the
        # pool's size, not a task per frame (a 1,000-frame cine asked again at each step submitted 1,000
        # tasks a step: 25 ms of the window's thread, the cine at 5 frames/s).
        self._workers = workers
        self._readers = 0
        self._datasets: "OrderedDict[Path, object]" = OrderedDict()  # multi-frame files read once

    def cached(self, ref: FrameRef) -> LoadedFrame | None:
        with self._lock:
            frame = self._cache.get(ref)
            if frame is not None:
                self._cache.move_to_end(ref)
        if frame is not None:
            self.budget.touch((self, ref))
        return frame

    def prefetch_count(self, total: int) -> int:
        """How many frames of a series one viewport asks for ahead: those that fit its share of the budget's
        room beside the volumes held; the rest are streamed as the reader scrolls to them."""
        room = min(self.budget.limit // self.PREFETCH_SHARE, (self.budget.limit - self.budget.held()) // 2)
        return max(1, min(total, room // max(1, self._frame_bytes)))

    def load(self, ref: FrameRef) -> LoadedFrame:
        frame = self.cached(ref)
        if frame is None:
            frame = self._load_now(ref)
        return frame

    def request(self, refs: list[FrameRef], done: Callable[[LoadedFrame], None], owner=None) -> None:
        """Queue ``refs`` in the given order; ``owner``'s earlier requests not yet started are dropped (None: every
        earlier request). Several viewports (a hanging protocol fills four at once) each keep theirs; the first
        frame of each request (the image a viewport shows) is read before any viewport's prefetch, and a frame
        two of them wait for is read once and handed to both."""
        with self._lock:
            for queue in (self._urgent, self._later):
                for ref in list(queue):
                    others = [w for w in self._waiting.get(ref, []) if owner is not None and w[0] is not owner]
                    if others:
                        self._waiting[ref] = others
                    else:
                        del queue[ref]
                        self._waiting.pop(ref, None)
            for i, ref in enumerate(refs):
                if ref in self._cache:
                    continue
                self._waiting.setdefault(ref, []).append((owner, done))
                if ref in self._running or ref in self._urgent:
                    continue
                if i == 0:
                    self._later.pop(ref, None)
                    self._urgent[ref] = None
                    self._idle.notify_all()  # a reader waiting to prefetch takes it at once
                elif ref not in self._later:
                    self._later[ref] = None
            while self._readers < min(self._workers, len(self._urgent) + len(self._later)) and not self._closing:
                self._readers += 1
                self._pool.submit(self._read_queued)

    def hold_prefetch(self, seconds: float) -> None:
        """Prefetch waits (at most ``seconds``, or until ``release_prefetch``) while a study's first images are
        drawn: the frames the viewports show are still read at once."""
        with self._lock:
            self._held_until = time.monotonic() + seconds

    def release_prefetch(self) -> None:
        with self._lock:
            self._held_until = 0.0
            self._idle.notify_all()

    def prefetch_held(self) -> bool:
        return self._held_until > time.monotonic()

    def _read_queued(self) -> None:
        """A reader: the most urgent queued frame, then the next, until the queues are empty."""
        try:
            while self._work_next():
                pass
        except BaseException:
            with self._lock:
                self._readers -= 1
            raise

    def _work_next(self) -> bool:
        """Read the most urgent queued frame; False (and this reader gone) when nothing is queued."""
        with self._lock:
            # Prefetch waits while a frame a viewport shows is being read: with two cores and the GIL, a second
            # reader only slows the first image down (a CT's first slice 2-3x later when the two run together);
            # and while the first images of a study are drawn (a software renderer's frame took 2-5x longer
            # beside two prefetching readers).
            while not self._urgent and self._later and not self._closing:
                held = self._held_until - time.monotonic()
                if not self._urgent_running and held <= 0:
                    break
                self._idle.wait(min(0.5, held) if held > 0 else 0.5)
            queue = self._urgent or self._later
            if not queue or self._closing:
                self._readers -= 1  # under the same lock as the look: a request meanwhile starts another reader
                return False
            urgent = queue is self._urgent
            ref, _ = queue.popitem(last=False)
            self._running.add(ref)
            if urgent:
                self._urgent_running.add(ref)
        try:
            frame = self.cached(ref) or self._load_now(ref)
        except Exception as exc:  # a viewport waiting for this frame must hear back, whatever happened
            log.warning("frame loading failed for %s frame %d: %s", ref.sop_uid, ref.frame, type(exc).__name__)
            frame = LoadedFrame(ref, None, None, _reason(exc))
        finally:
            with self._lock:
                self._running.discard(ref)
                if ref in self._urgent_running:
                    self._urgent_running.discard(ref)
                    self._idle.notify_all()
                waiting = self._waiting.pop(ref, [])
        for _owner, done in waiting:
            done(frame)
        return True

    def _load_now(self, ref: FrameRef) -> LoadedFrame:
        with self._lock:
            ds = self._datasets.get(ref.path)
        if ds is None:
            try:
                syntax = stored_syntax(ref.path)
            except FileNotFoundError:
                syntax = None  # dcmread below reports it
            if syntax and decoding.needs_isolation(syntax):
                frame = decode_isolated(ref)
                self._store(frame)
                return frame
            try:
                ds = pydicom.dcmread(ref.path, defer_size=DEFER_BYTES)
            except Exception as exc:
                frame = load_frame(ref, _Unreadable(exc))
                self._store(frame)
                return frame
            if _frame_count(ds) > 1:
                # Multi-frame objects: the header read once, each frame on demand (uncompressed ones from their
                # place in the file, never the whole file held).
                ds = NativeFrames.of(ds, ref.path) or ds
                with self._lock:
                    self._datasets[ref.path] = ds
                    while len(self._datasets) > 4:
                        self._datasets.popitem(last=False)
        frame = load_frame(ref, ds)
        self._store(frame)
        return frame

    def _store(self, frame: LoadedFrame) -> None:
        if frame.stored is not None and frame.header is not None:
            try:  # on the loader's thread: a big image's display bytes, before a viewport asks to draw it
                prepare_display(frame.stored, frame.header.descriptor)
            except Exception:  # the window's thread makes them then, and says what is wrong if anything is
                pass
        size = frame.stored.nbytes if frame.stored is not None else 0
        if not self._keep:
            return  # a loader that keeps nothing (``cauri info`` probing): the caller holds what it needs
        with self._lock:
            if frame.ref in self._cache:
                return
            self._cache[frame.ref] = frame
            if size:
                self._frame_bytes = size
        # Outside the loader's lock: the budget may call back ``_evicted`` of this loader. Forced: the frame
        # just read is one a viewport waits for (at most one frame over the budget).
        self.budget.admit((self, frame.ref), size, "frame", lambda ref=frame.ref: self._evicted(ref), force=True)

    def _evicted(self, ref: FrameRef) -> None:
        with self._lock:
            self._cache.pop(ref, None)

    def forget(self) -> None:
        """Drop every decoded frame and open multi-frame dataset (a caller done with one series before the
        next: ``cauri info`` probing a zip of several series holds one at a time)."""
        with self._lock:
            refs = list(self._cache)
            self._cache.clear()
            self._datasets.clear()
        for ref in refs:
            self.budget.release((self, ref))

    def shutdown(self) -> None:
        with self._lock:
            self._urgent.clear()
            self._later.clear()
            self._closing = True
            self._idle.notify_all()
        self._pool.shutdown(wait=False, cancel_futures=True)


def frame_loader(budget_mb: float = 0) -> FrameLoader:
    """The workstation's loader, over a memory budget of ``budget_mb`` (0: from the machine's RAM) that its
    volumes and thumbnails share."""
    return FrameLoader(budget=MemoryBudget(budget_bytes(budget_mb)))


def _frame_count(ds) -> int:
    try:
        return int(ds.get("NumberOfFrames") or 1)
    except (TypeError, ValueError):  # e.g. "1A": read_frame reports the bad header for the frame itself
        return 1


def prefetch_order(count: int, center: int) -> list[int]:
    """Indices from ``center`` outward (center, +1, -1, +2, ...): what the reader will see next."""
    order = [center]
    for step in range(1, count):
        for i in (center + step, center - step):
            if 0 <= i < count:
                order.append(i)
    return order
