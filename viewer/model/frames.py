"""Loading the pixels of display-set frames off the UI thread, within a memory budget.

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

from viewer.dicom.pixels import PixelDescriptor, describe_frame, read_frame
from viewer.model.displaysets import FrameRef

log = logging.getLogger(__name__)


def _floats(value, n: int) -> tuple[float, ...] | None:
    try:
        out = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return out if len(out) == n else None


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _functional(ds, frame: int, sequence: str, item_attr: str):
    """An attribute from the per-frame, else shared, functional groups of an enhanced object."""
    for group_seq, index in (("PerFrameFunctionalGroupsSequence", frame), ("SharedFunctionalGroupsSequence", 0)):
        groups = ds.get(group_seq)
        if groups and len(groups) > index:
            inner = groups[index].get(sequence)
            if inner and item_attr in inner[0]:
                return inner[0].get(item_attr)
    return None


@dataclass(frozen=True)
class FrameHeader:
    """What overlays, geometry and measurements need from one frame's header."""

    descriptor: PixelDescriptor
    pixel_spacing: tuple[float, float] | None  # (row spacing, column spacing) in mm
    spacing_source: str  # "PixelSpacing", "ImagerPixelSpacing" or "" (uncalibrated)
    position: tuple[float, float, float] | None
    orientation: tuple[float, float, float, float, float, float] | None
    slice_thickness: float | None
    instance_number: int | None
    frame_time_ms: float | None


def frame_header(ds, frame: int = 0) -> FrameHeader:
    spacing = _floats(ds.get("PixelSpacing"), 2) or _floats(
        _functional(ds, frame, "PixelMeasuresSequence", "PixelSpacing"), 2
    )
    source = "PixelSpacing" if spacing else ""
    if not spacing:
        imager = _floats(ds.get("ImagerPixelSpacing"), 2)
        if imager:
            # Projection radiographs: spacing at the detector, corrected to the patient plane when the
            # modality recorded its magnification factor.
            factor = _float(ds.get("EstimatedRadiographicMagnificationFactor")) or 1.0
            spacing = (imager[0] / factor, imager[1] / factor)
            source = "ImagerPixelSpacing"
    position = _floats(ds.get("ImagePositionPatient"), 3) or _floats(
        _functional(ds, frame, "PlanePositionSequence", "ImagePositionPatient"), 3
    )
    orientation = _floats(ds.get("ImageOrientationPatient"), 6) or _floats(
        _functional(ds, frame, "PlaneOrientationSequence", "ImageOrientationPatient"), 6
    )
    thickness = _float(ds.get("SliceThickness")) or _float(
        _functional(ds, frame, "PixelMeasuresSequence", "SliceThickness")
    )
    frame_time = _float(ds.get("FrameTime"))
    if frame_time is None and ds.get("RecommendedDisplayFrameRate"):
        rate = _float(ds.get("RecommendedDisplayFrameRate"))
        frame_time = 1000.0 / rate if rate else None
    number = ds.get("InstanceNumber")
    return FrameHeader(
        descriptor=describe_frame(ds, frame),
        pixel_spacing=spacing,
        spacing_source=source,
        position=position,
        orientation=orientation,
        slice_thickness=thickness,
        instance_number=int(number) if number not in (None, "") else None,
        frame_time_ms=frame_time,
    )


@dataclass(frozen=True)
class LoadedFrame:
    ref: FrameRef
    stored: np.ndarray | None
    header: FrameHeader | None
    error: str = ""  # plain-language reason when the frame cannot be shown


class _Unreadable:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc


def load_frame(ref: FrameRef, dataset=None) -> LoadedFrame:
    try:
        if isinstance(dataset, _Unreadable):
            raise dataset.exc
        ds = dataset if dataset is not None else pydicom.dcmread(ref.path)
        header = frame_header(ds, ref.frame)
        return LoadedFrame(ref, read_frame(ds, ref.frame), header)
    except FileNotFoundError:
        return LoadedFrame(ref, None, None, "file missing from the cache")
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
        finally:
            with self._lock:
                self._pending.pop(ref, None)
        done(frame)

    def _load_now(self, ref: FrameRef) -> LoadedFrame:
        with self._lock:
            ds = self._datasets.get(ref.path)
        if ds is None:
            try:
                ds = pydicom.dcmread(ref.path)
            except Exception as exc:
                frame = load_frame(ref, _Unreadable(exc))
                self._store(frame)
                return frame
            if int(ds.get("NumberOfFrames") or 1) > 1:
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


def prefetch_order(count: int, center: int) -> list[int]:
    """Indices from ``center`` outward (center, +1, -1, +2, ...): what the reader will see next."""
    order = [center]
    for step in range(1, count):
        for i in (center + step, center - step):
            if 0 <= i < count:
                order.append(i)
    return order
