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
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pydicom
from pydicom.filereader import read_file_meta_info

from viewer.core.messages import msg
from viewer.dicom import decoding
from viewer.dicom.frame_header import FrameHeader, frame_header
from viewer.dicom.pixels import read_frame
from viewer.model.displaysets import FrameRef

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
        ds = dataset if dataset is not None else pydicom.dcmread(ref.path)
        header = frame_header(ds, ref.frame)
        return LoadedFrame(ref, read_frame(ds, ref.frame), header)
    except FileNotFoundError:
        return LoadedFrame(ref, None, None, MISSING_FILE)
    except Exception as exc:  # undecodable data is an expected event, never a crash
        log.warning("cannot decode %s frame %d: %s", ref.sop_uid, ref.frame, type(exc).__name__)
        return LoadedFrame(ref, None, None, _reason(exc))


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


class FrameLoader:
    """A byte-budgeted LRU of decoded frames, filled by a small worker pool."""

    def __init__(self, max_bytes: int = 1_500_000_000, workers: int = 2) -> None:
        self._cache: "OrderedDict[FrameRef, LoadedFrame]" = OrderedDict()
        self._bytes = 0
        self._max = max_bytes
        self._lock = threading.Lock()
        self._pending: dict[FrameRef, Future] = {}
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cauri-frames")
        self._generation = 0
        self._datasets: "OrderedDict[Path, object]" = OrderedDict()  # multi-frame files read once

    def cached(self, ref: FrameRef) -> LoadedFrame | None:
        with self._lock:
            frame = self._cache.get(ref)
            if frame is not None:
                self._cache.move_to_end(ref)
            return frame

    def load(self, ref: FrameRef) -> LoadedFrame:
        frame = self.cached(ref)
        if frame is None:
            frame = self._load_now(ref)
        return frame

    def request(self, refs: list[FrameRef], done: Callable[[LoadedFrame], None]) -> None:
        """Queue ``refs`` in the given order; earlier requests not yet started are dropped."""
        with self._lock:
            self._generation += 1
            generation = self._generation
            for ref, fut in list(self._pending.items()):
                if fut.cancel():
                    del self._pending[ref]
            todo = [r for r in refs if r not in self._cache and r not in self._pending]
            for ref in todo:
                self._pending[ref] = self._pool.submit(self._work, ref, generation, done)

    def _work(self, ref: FrameRef, generation: int, done: Callable[[LoadedFrame], None]) -> None:
        try:
            frame = self.cached(ref) or self._load_now(ref)
        except Exception as exc:  # a viewport waiting for this frame must hear back, whatever happened
            log.warning("frame loading failed for %s frame %d: %s", ref.sop_uid, ref.frame, type(exc).__name__)
            frame = LoadedFrame(ref, None, None, _reason(exc))
        finally:
            with self._lock:
                self._pending.pop(ref, None)
        done(frame)

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
                ds = pydicom.dcmread(ref.path)
            except Exception as exc:
                frame = load_frame(ref, _Unreadable(exc))
                self._store(frame)
                return frame
            if _frame_count(ds) > 1:
                # Multi-frame objects are read once and their frames decoded on demand.
                with self._lock:
                    self._datasets[ref.path] = ds
                    while len(self._datasets) > 4:
                        self._datasets.popitem(last=False)
        frame = load_frame(ref, ds)
        self._store(frame)
        return frame

    def _store(self, frame: LoadedFrame) -> None:
        size = frame.stored.nbytes if frame.stored is not None else 0
        with self._lock:
            if frame.ref in self._cache:
                return
            self._cache[frame.ref] = frame
            self._bytes += size
            while self._bytes > self._max and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._bytes -= old.stored.nbytes if old.stored is not None else 0

    def shutdown(self) -> None:
        with self._lock:
            for fut in self._pending.values():
                fut.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)


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
