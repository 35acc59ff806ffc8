"""A display set's voxels as one array: allocated once, filled in parallel, usable while filling.

One copy of the stored values in their native type (int16 for CT) is shared by every view; modality
values are derived on the fly through the slice's rescale. Uncompressed slices are read straight from
the end of the file into the array (no dataset parse); compressed ones are decoded by isolated worker
processes (viewer.model.decoding), because the codecs hold the GIL and may crash or hang on bad files.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import pydicom

from viewer.core.messages import msg
from viewer.dicom.geometry import median
from viewer.dicom.pixels import PixelDescriptor, describe_frame, read_frame, to_modality
from viewer.model.decoding import (
    PRIORITY_BULK,
    DecodedFrame,
    DecodeFailure,
    default_service,
)
from viewer.model.displaysets import FrameRef, ImageStack
from viewer.model.frames import load_frame, prefetch_order, stored_syntax
from viewer.store.records import os_reason

log = logging.getLogger(__name__)

_NATIVE_LE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1"}
_SAMPLE_TRIES = 3  # slices tried for the array's shape before giving up on the volume


@dataclass(frozen=True)
class VolumeGeometry:
    origin: tuple[float, float, float]  # LPS position of voxel (0, 0, 0): first slice, first pixel
    spacing: tuple[float, float, float]  # mm between columns, rows, slices
    row_direction: tuple[float, float, float]  # patient direction of increasing column index
    column_direction: tuple[float, float, float]  # patient direction of increasing row index
    slice_direction: tuple[float, float, float]  # from the first to the last slice (tilt shows here)

    @property
    def matrix(self) -> np.ndarray:
        """3x3 direction matrix, columns = row, column, slice directions (VTK's image direction)."""
        return np.column_stack([self.row_direction, self.column_direction, self.slice_direction])


def stack_geometry(stack: ImageStack, first_spacing: tuple[float, float] | None) -> VolumeGeometry:
    row_sp, col_sp = first_spacing or (1.0, 1.0)
    orient = stack.orientation or (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
    row_dir = np.asarray(orient[:3], float)
    col_dir = np.asarray(orient[3:], float)
    normal = np.cross(row_dir, col_dir)
    positions = [p for p in stack.positions if p is not None]
    if len(positions) == len(stack.frames) and len(positions) > 1:
        first, last = np.asarray(positions[0], float), np.asarray(positions[-1], float)
        step = (last - first) / (len(positions) - 1)
        dz = float(np.linalg.norm(step)) or 1.0
        slice_dir = step / dz
        origin = first
    else:
        dz = stack.spacing_between or 1.0
        slice_dir = normal
        origin = np.asarray(positions[0], float) if positions else np.zeros(3)
    return VolumeGeometry(
        tuple(origin), (col_sp, row_sp, dz), tuple(row_dir), tuple(col_dir), tuple(slice_dir)
    )


def native_pixel_offset(path, nbytes: int) -> int | None:
    """Offset of a frame's pixel bytes when Pixel Data is the file's last element, else None.

    The element header just before the last ``nbytes`` bytes must be (7FE0,0010) with that exact
    length (explicit VR OW/OB, or implicit VR); anything else (trailing padding, signatures,
    encapsulation) falls back to a full parse.
    """
    try:
        size = os.path.getsize(path)
        start = size - nbytes
        if start < 140:
            return None
        with open(path, "rb") as fh:
            fh.seek(start - 12)
            head = fh.read(12)
    except OSError:
        return None
    if head[0:4] == b"\xe0\x7f\x10\x00" and head[4:6] in (b"OW", b"OB") and struct.unpack("<I", head[8:12])[0] == nbytes:
        return start
    if head[4:8] == b"\xe0\x7f\x10\x00" and struct.unpack("<I", head[8:12])[0] == nbytes:
        return start
    return None


class Volume:
    def __init__(self, stack: ImageStack) -> None:
        if not stack.frames:
            raise ValueError(msg("empty display set"))
        self.stack = stack
        n = len(stack.frames)
        self.errors: dict[int, str] = {}
        # The first slice that decodes sets the array's shape and type; slices that crash or fail the codec
        # are recorded and skipped, so that one bad file does not stop the volume.
        first, sample, header = None, None, None
        for i in prefetch_order(n, 0)[:_SAMPLE_TRIES]:
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
        self.geometry = stack_geometry(stack, header.pixel_spacing)
        # PET slices each have their own Rescale Slope (up to 100x apart): one stored-value array read
        # through one slope would band the planes and misstate SUV, so PET keeps its modality values.
        self.rescaled = self.descriptor.modality in RESCALED_MODALITIES
        if self.rescaled:
            self.descriptor = as_modality_values(self.descriptor)
        # Zeros, not np.empty: planes are drawn while the volume fills, and the slices not read yet must show
        # as nothing, not as leftover memory (NaN and infinities in a PET's float32). Same cost (calloc).
        self.array = np.zeros((n, *sample.shape), dtype=np.float32 if self.rescaled else sample.dtype)
        self.slopes = np.full(n, self.descriptor.rescale_slope, np.float64)
        self.intercepts = np.full(n, self.descriptor.rescale_intercept, np.float64)
        self._put(first, sample, header.descriptor)
        self.filled = np.zeros(n, bool)
        self.filled[first] = True
        for i in self.errors:
            self.array[i] = 0
            self.filled[i] = True
        self._lock = threading.Lock()
        self.resampled_note = ""

    @property
    def nbytes(self) -> int:
        return self.array.nbytes

    @property
    def complete(self) -> bool:
        return bool(self.filled.all())

    def load(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        center: int | None = None,
        workers: int | None = None,
    ) -> "Volume":
        """Fill every slice, nearest to ``center`` first; returns when done (or cancelled)."""
        n = len(self.stack.frames)
        order = [i for i in prefetch_order(n, n // 2 if center is None else center) if not self.filled[i]]
        done = int(self.filled.sum())
        fast = self.transfer_syntax in _NATIVE_LE and all(f.frame == 0 for f in self.stack.frames)
        if fast:
            pool = ThreadPoolExecutor(max_workers=workers or min(4, (os.cpu_count() or 2)))
            futures = {pool.submit(self._read_native, i): i for i in order}
        else:
            # Compressed (or multi-frame) slices: isolated decode workers (viewer.model.decoding), where a
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
                        self.array[i] = result
                    self.filled[i] = True
                except Exception as exc:  # one bad slice must not sink the volume
                    if isinstance(exc, DecodeFailure):
                        reason = exc.reason
                    elif isinstance(exc, OSError):  # str(exc) would carry the path (a folder may name the patient)
                        reason = msg("could not be read ({why})", why=os_reason(exc))
                    else:
                        reason = str(exc)
                    self.errors[i] = (reason if len(reason) <= 200 else reason[:200]) or type(exc).__name__
                    self.array[i] = 0
                    self.filled[i] = True
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
        target = self.array[i]
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
        """Slice ``i`` from its stored values and its own header's rescale."""
        if self.rescaled:
            self.array[i] = to_modality(stored, desc)
        else:
            self.array[i] = stored
            self.slopes[i], self.intercepts[i] = desc.rescale_slope, desc.rescale_intercept

    def modality_slice(self, i: int) -> np.ndarray:
        return self.array[i].astype(np.float32) * np.float32(self.slopes[i]) + np.float32(self.intercepts[i])


RESCALED_MODALITIES = frozenset({"PT"})


def as_modality_values(desc: PixelDescriptor) -> PixelDescriptor:
    """The descriptor of an array that already holds modality values (float32, no rescale)."""
    return replace(desc, rescale_slope=1.0, rescale_intercept=0.0, modality_lut=None, is_float=True,
                   bits_allocated=32, bits_stored=32, high_bit=31, pixel_representation=1,
                   padding_value=None, padding_limit=None)


def slice_offsets(stack: ImageStack, geometry: VolumeGeometry) -> np.ndarray | None:
    """Distance of each slice from the first along the slice direction (mm), or None without positions."""
    if any(p is None for p in stack.positions) or len(stack.positions) != len(stack.frames):
        return None
    first = np.asarray(stack.positions[0], float)
    direction = np.asarray(geometry.slice_direction, float)
    return np.array([float(np.dot(np.asarray(p, float) - first, direction)) for p in stack.positions])


def is_irregular(offsets: np.ndarray | None, tolerance: float = 0.01) -> bool:
    if offsets is None or len(offsets) < 3:
        return False
    steps = np.diff(offsets)
    mid = median(steps)
    return mid > 0 and bool(np.any(np.abs(steps - mid) > tolerance * max(mid, 1e-6)))


def resample_regular(volume: "Volume") -> str:
    """Put an irregularly spaced (or gapped) complete volume on a regular grid along its slices.

    MPR and 3D assume evenly spaced slices; a series with a missing slice or a varying table step would
    otherwise be stretched. Linear interpolation between the two nearest acquired slices, at the median
    acquired step. Returns a note for the viewer ("" when nothing had to change)."""
    offsets = slice_offsets(volume.stack, volume.geometry)
    if not is_irregular(offsets) or not volume.complete:
        return ""
    if np.ptp(volume.slopes) > 1e-9 or np.ptp(volume.intercepts) > 1e-9:
        return "irregular spacing not resampled: the slices have different rescale values"
    step = median(np.diff(offsets))
    count = int(np.floor((offsets[-1] - offsets[0]) / step + 1e-6)) + 1
    targets = offsets[0] + step * np.arange(count)
    upper = np.clip(np.searchsorted(offsets, targets, side="left"), 1, len(offsets) - 1)
    lower = upper - 1
    span = offsets[upper] - offsets[lower]
    weight = np.where(span > 0, (targets - offsets[lower]) / np.where(span > 0, span, 1.0), 0.0)
    src = volume.array
    out = np.empty((count, *src.shape[1:]), dtype=src.dtype)
    for k in range(count):
        w = float(weight[k])
        if w <= 1e-6:
            out[k] = src[lower[k]]
        elif w >= 1 - 1e-6:
            out[k] = src[upper[k]]
        else:
            mixed = src[lower[k]].astype(np.float32) * (1 - w) + src[upper[k]].astype(np.float32) * w
            out[k] = np.rint(mixed).astype(src.dtype) if np.issubdtype(src.dtype, np.integer) else mixed
    g = volume.geometry
    volume.array = out
    volume.filled = np.ones(count, bool)
    volume.slopes = np.full(count, volume.slopes[0])
    volume.intercepts = np.full(count, volume.intercepts[0])
    volume.geometry = VolumeGeometry(g.origin, (g.spacing[0], g.spacing[1], step), g.row_direction, g.column_direction, g.slice_direction)
    volume.resampled_note = msg("irregular slice spacing: resampled to {step:.2f} mm for MPR/3D", step=step)
    return volume.resampled_note
