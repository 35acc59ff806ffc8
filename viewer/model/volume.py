"""A display set's voxels as one array: allocated once, filled in parallel, usable while filling.

One copy of the stored values in their native type (int16 for CT) is shared by every view; modality
values are derived on the fly through the slice's rescale. Uncompressed slices are read straight from
the end of the file into the array (no dataset parse); compressed ones are decoded by isolated worker
processes (viewer.dicom.decoding), because the codecs hold the GIL and may crash or hang on bad files.
Where the voxels lie (regular as acquired, or resampled onto a regular grid) is ``viewer.model.acquisition``'s
decision, made from every slice's position; every view of the volume sees that one grid.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from typing import Callable

import numpy as np
import pydicom

from viewer.core.memory import MemoryBudget, memory_size
from viewer.core.messages import msg
from viewer.dicom.pixels import PixelDescriptor, describe_frame, read_frame, to_modality
from viewer.model.acquisition import Acquisition, SliceMaker, acquisition_of
from viewer.model.acquisition import VolumeGeometry  # noqa: F401 (volumes built in memory name their grid)
from viewer.dicom.decoding import (
    PRIORITY_BULK,
    DecodedFrame,
    DecodeFailure,
    default_service,
)
from viewer.model.displaysets import FrameRef, ImageStack
from viewer.model.frames import load_frame, prefetch_order, stored_syntax
from viewer.model.native_frames import native_pixel_offset
from viewer.store.records import os_reason

log = logging.getLogger(__name__)

_NATIVE_LE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"}
_SAMPLE_TRIES = 3  # slices tried for the array's shape before giving up on the volume
_KEYS = itertools.count()


class VolumeTooLarge(ValueError):
    """The volume does not fit the memory budget, even once every frame that can be read again has gone."""


class Volume:
    """One stack's voxels on the grid ``model.acquisition`` decides: the acquired slices themselves when they
    are evenly spread (one array), else a regular grid filled from them as they arrive (an output slice as
    soon as its acquired neighbours are in), the acquired array being let go once the grid is complete."""

    acquisition: Acquisition | None = None  # None: a volume built in memory (the bench), its grid as given
    acquired: np.ndarray | None = None  # the slices as read, while a resampled grid still needs them
    resampled_note = ""
    # (descriptor, stored pixels) of the slice read first, the middle: what planes open windowed on
    # (presentation.windows.volume_window); None for a volume built in memory.
    opening_slice = None
    _sample = None
    _maker = None

    def __init__(self, stack: ImageStack, budget: MemoryBudget | None = None) -> None:
        if not stack.frames:
            raise ValueError(msg("empty display set"))
        self.stack = stack
        n = len(stack.frames)
        self.errors: dict[int, str] = {}
        # The middle slice that decodes sets the array's shape and type and the opening window (an edge slice
        # of a sagittal series is mostly air, and scanners fit its window to that); slices that crash or fail
        # the codec are recorded and skipped, so that one bad file does not stop the volume.
        first, sample, header = None, None, None
        for i in prefetch_order(n, n // 2)[:_SAMPLE_TRIES]:
            loaded = load_frame(stack.frames[i])
            if loaded.stored is not None and loaded.header is not None:
                first, sample, header = i, loaded.stored, loaded.header
                break
            self.errors[i] = loaded.error
        if sample is None:
            raise ValueError(msg("the slices cannot be decoded: {reason}",
                                 reason=next(iter(self.errors.values()), msg("unknown error"))))
        try:  # from a slice that loaded: the first file may have gone from the cache since it was indexed
            self.transfer_syntax = stored_syntax(stack.frames[first].path) or ""
        except OSError:
            self.transfer_syntax = ""
        self.descriptor: PixelDescriptor = header.descriptor
        self.suv_factor = header.suv_factor  # PET: sets the planes' default window (SUV 0..5)
        if self.descriptor.is_color:
            raise ValueError(msg("colour images are shown as 2-D stacks, not volumes"))
        acq = self.acquisition = acquisition_of(stack.positions, stack.orientation, header.pixel_spacing,
                                                *sample.shape, stack.spacing_between)
        self.geometry = acq.geometry
        self.opening_slice = (header.descriptor, sample)
        self._sample = to_modality(sample, header.descriptor).astype(np.float32, copy=False)
        # PET slices each have their own Rescale Slope (up to 100x apart): one stored-value array read
        # through one slope would band the planes and misstate SUV, so PET keeps its modality values.
        self.rescaled = self.descriptor.modality in RESCALED_MODALITIES
        if self.rescaled:
            self.descriptor = as_modality_values(self.descriptor)
        dtype = np.float32 if self.rescaled else sample.dtype
        self._budget, self._key = budget, ("volume", next(_KEYS))
        self._reserve(budget, n * sample.size * np.dtype(dtype).itemsize
                      + (0 if acq.regular else int(np.prod(acq.shape)) * np.dtype(dtype).itemsize))
        # Zeros, not np.empty: planes are drawn while the volume fills, and the slices not read yet must show
        # as nothing, not as leftover memory (NaN and infinities in a PET's float32). Same cost (calloc).
        self.acquired = np.zeros((n, *sample.shape), dtype=dtype)
        self.acquired_slopes = np.full(n, self.descriptor.rescale_slope, np.float64)
        self.acquired_intercepts = np.full(n, self.descriptor.rescale_intercept, np.float64)
        self._acquired_filled = np.zeros(n, bool)
        self._lock = threading.Lock()
        if acq.regular:
            self.array, self.filled = self.acquired, self._acquired_filled
            self.slopes, self.intercepts = self.acquired_slopes, self.acquired_intercepts
        else:
            count = acq.shape[0]
            self.array = np.zeros(acq.shape, dtype=dtype)  # pages are touched as output slices are made
            self.filled = np.zeros(count, bool)
            self.slopes = np.full(count, self.descriptor.rescale_slope, np.float64)
            self.intercepts = np.full(count, self.descriptor.rescale_intercept, np.float64)
            self._waiting = acq.dependents()
            background = self._output_stored_value(float(self._sample.min()))  # what the scanner shows as air
            self._maker = SliceMaker(acq, background)
            self.resampled_note = acq.note
            for k in np.flatnonzero(acq.missing):
                self.array[k] = self._as_stored(self._maker.make(k, self._read_in_output_units))
                self.filled[k] = True
        if budget is not None:  # the bytes are accounted for as long as the array lives (a renderer may keep it)
            weakref.finalize(self.array, budget.release, self._key)
        self._put(first, sample, header.descriptor)
        self._arrived(first)
        for i in self.errors:
            self.acquired[i] = 0
            self._arrived(i)

    def _reserve(self, budget: MemoryBudget | None, nbytes: int) -> None:
        """Hold ``nbytes`` in the budget (frames that can be read again go first), or refuse the volume.

        Refused rather than built at a reduced resolution: a CT angiogram's MPR at half resolution could hide
        the small stenosis or flap the reader looks for, and a radiologist expects the planes at the
        acquired resolution or a plain reason; the series stays readable in 2-D, every image at full
        resolution, streamed from the cache."""
        if budget is None or budget.hold(self._key, nbytes):
            return
        raise VolumeTooLarge(msg(
            "MPR and 3D need {need} of memory for this series, more than the image memory budget ({limit}) can "
            "give: the series stays in 2D, every image at full resolution. The budget is set in Preferences.",
            need=memory_size(nbytes), limit=memory_size(budget.limit)))

    @property
    def nbytes(self) -> int:
        return self.array.nbytes + (self.acquired.nbytes if self.acquired is not None and self.acquired is not self.array else 0)

    @property
    def complete(self) -> bool:
        return bool(self.filled.all())

    def middle_values(self) -> np.ndarray:
        """Modality values of the slice the volume was opened from (the middle), filled or not yet."""
        return self._sample if self._sample is not None else self.modality_slice(self.array.shape[0] // 2)

    def load(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        center: int | None = None,
        workers: int | None = None,
    ) -> "Volume":
        """Fill every slice, nearest to ``center`` first; returns when done (or cancelled)."""
        n = len(self.stack.frames)
        order = [i for i in prefetch_order(n, n // 2 if center is None else center) if not self._acquired_filled[i]]
        done = int(self._acquired_filled.sum())
        fast = self.transfer_syntax in _NATIVE_LE and all(f.frame == 0 for f in self.stack.frames)
        if fast:
            pool = ThreadPoolExecutor(max_workers=workers or min(4, (os.cpu_count() or 2)))
            futures = {pool.submit(self._read_native, i): i for i in order}
        else:
            # Compressed (or multi-frame) slices: isolated decode workers (viewer.dicom.decoding), where a
            # codec that crashes, hangs or runs away with memory costs one slice, reported in ``errors``.
            pool = None
            service = default_service()
            futures = {
                service.submit(self.stack.frames[i].path, self.stack.frames[i].frame, PRIORITY_BULK, pixels_only=True): i
                for i in order
            }
        try:
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    result = fut.result()
                    if isinstance(result, DecodedFrame):
                        self._put(i, result.stored, result.descriptor)
                    elif result is not None:
                        self.acquired[i] = result
                except Exception as exc:  # one bad slice must not sink the volume
                    if isinstance(exc, DecodeFailure):
                        reason = exc.reason
                    elif isinstance(exc, OSError):  # str(exc) would carry the path (a folder may name the patient)
                        reason = msg("could not be read ({why})", why=os_reason(exc))
                    else:
                        reason = str(exc)
                    self.errors[i] = (reason if len(reason) <= 200 else reason[:200]) or type(exc).__name__
                    self.acquired[i] = 0
                self._arrived(i)
                done += 1
                if progress:
                    progress(done, n)
                if cancel and cancel():
                    for f in futures:
                        f.cancel()
                    break
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        return self

    def _read_native(self, i: int):
        ref: FrameRef = self.stack.frames[i]
        target = self.acquired[i]
        offset = None if self.rescaled else native_pixel_offset(ref.path, target.nbytes)
        if offset is not None and self.descriptor.bits_stored == self.descriptor.bits_allocated:
            with open(ref.path, "rb") as fh:
                fh.seek(offset)
                fh.readinto(memoryview(target).cast("B"))
            return None
        ds = pydicom.dcmread(ref.path)
        self._put(i, read_frame(ds, ref.frame), describe_frame(ds, ref.frame))
        return None

    def _put(self, i: int, stored: np.ndarray, desc: PixelDescriptor) -> None:
        """Acquired slice ``i`` from its stored values and its own header's rescale."""
        if self.rescaled:
            self.acquired[i] = to_modality(stored, desc)
        else:
            self.acquired[i] = stored
            self.acquired_slopes[i], self.acquired_intercepts[i] = desc.rescale_slope, desc.rescale_intercept

    def _arrived(self, i: int) -> None:
        """Acquired slice ``i`` is in (or failed): the output slices that only waited for it are made."""
        self._acquired_filled[i] = True
        if self.acquired is self.array:
            return
        acq = self.acquisition
        for k in self._waiting[i]:
            sources = acq.sources(k)
            if self.filled[k] or not all(self._acquired_filled[j] for j in sources):
                continue
            if len(sources) == 1 and acq.in_place(sources[0]) and self._same_rescale(sources[0]):
                self.array[k] = self.acquired[sources[0]]  # an acquired slice that lies on the grid: a copy
            else:
                self.array[k] = self._as_stored(self._maker.make(k, self._read_in_output_units))
            self.filled[k] = True
        if self._acquired_filled.all() and self.filled.all():
            self.acquired = self._maker = None  # the grid holds everything now: back to one copy of the voxels
            if self._budget is not None:
                self._budget.resize(self._key, self.array.nbytes)

    def _read_in_output_units(self, i: int, out: np.ndarray) -> None:
        """Acquired slice ``i`` into ``out`` as float32 stored values of the output grid (whose rescale is the
        opening slice's): the same numbers when the rescales agree, as they do in almost every series."""
        out[...] = self.acquired[i]
        if not self._same_rescale(i):
            m, b = self.acquired_slopes[i], self.acquired_intercepts[i]
            m0, b0 = self.descriptor.rescale_slope or 1.0, self.descriptor.rescale_intercept
            out *= np.float32(m / m0)
            out += np.float32((b - b0) / m0)

    def _same_rescale(self, i: int) -> bool:
        d = self.descriptor
        return self.acquired_slopes[i] == (d.rescale_slope or 1.0) and self.acquired_intercepts[i] == d.rescale_intercept

    def _output_stored_value(self, modality: float) -> float:
        return (modality - self.descriptor.rescale_intercept) / (self.descriptor.rescale_slope or 1.0)

    def _as_stored(self, values: np.ndarray) -> np.ndarray:
        """``values`` (a float32 buffer, changed in place) made fit for the array's stored type."""
        dtype = self.array.dtype
        if np.issubdtype(dtype, np.integer):
            info = np.iinfo(dtype)
            np.rint(values, out=values)
            np.clip(values, info.min, info.max, out=values)
        return values

    def modality_slice(self, i: int) -> np.ndarray:
        return self.array[i].astype(np.float32) * np.float32(self.slopes[i]) + np.float32(self.intercepts[i])


RESCALED_MODALITIES = frozenset({"PT"})


def as_modality_values(desc: PixelDescriptor) -> PixelDescriptor:
    """The descriptor of an array that already holds modality values (float32, no rescale)."""
    return replace(desc, rescale_slope=1.0, rescale_intercept=0.0, modality_lut=None, is_float=True,
                   bits_allocated=32, bits_stored=32, high_bit=31, pixel_representation=1,
                   padding_value=None, padding_limit=None)
