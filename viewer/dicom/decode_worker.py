"""The worker's side of isolated decoding (``decoding`` is the dispatcher's): what runs inside a decode process.

A worker announces itself, then decodes one job at a time: the default job (``decode_frame_task``) reads the
file (keeping the last one read, so a multi-frame object is parsed once), decodes the frame and reads its
header. Before each job it bounds its address space to what the file can need (``_bound_memory``); a result
that fails is sent back as a reason, and the worker lives on. Decoded frames go back through shared-memory
blocks used in turn (``_Outbox``), small ones and reasons through the pipe.

numpy, pydicom and the pixel modules are imported inside the functions that use them: a spawned worker
imports this module before ``_quiet_threads`` sets the BLAS thread limits, which numpy reads once, when it
is first imported.
"""

from __future__ import annotations

import importlib
import os
import signal
from dataclasses import dataclass, replace
from typing import Any, Callable

from viewer.core.messages import msg

DEPTH = 2  # bulk frames a worker holds: the one it decodes and the next (a view frame never waits behind one)


@dataclass(frozen=True)
class DecodedFrame:
    stored: Any  # numpy array of stored values, as viewer.dicom.pixels.read_frame returns them
    header: Any  # viewer.dicom.frame_header.FrameHeader of that frame; None when only the pixels were asked for
    pixel_descriptor: Any = None  # viewer.dicom.pixels.PixelDescriptor, when ``header`` is None

    @property
    def descriptor(self):
        """How to read ``stored`` (rescale, signedness, photometric)."""
        return self.header.descriptor if self.header is not None else self.pixel_descriptor



_worker_cache: dict[str, Any] = {}  # path -> (mtime, size, dataset): the file this worker read last


def decode_frame_task(path: str, frame: int, pixels_only: bool = False) -> DecodedFrame:
    """The default job, run inside a worker: stored values and header of one frame (``pixels_only``: the
    stored values and their descriptor, what a volume keeps; the whole header (geometry, calibration,
    overlays, shutter) costs ~1 ms more per frame, a fifth of a fast codec's time)."""
    import pydicom

    from viewer.dicom.frame_header import frame_header
    from viewer.dicom.pixels import describe_frame, read_frame

    st = os.stat(path)
    cached = _worker_cache.get(path)
    if cached is not None and cached[:2] == (st.st_mtime_ns, st.st_size):
        ds = cached[2]
    else:
        _worker_cache.clear()  # one file at a time: the memory bound is sized to it
        ds = pydicom.dcmread(path)
        _worker_cache[path] = (st.st_mtime_ns, st.st_size, ds)
    if pixels_only:
        return DecodedFrame(read_frame(ds, frame), None, describe_frame(ds, frame))
    header = frame_header(ds, frame)
    return DecodedFrame(read_frame(ds, frame), header)


def _resolve(ref: str) -> Callable[[str, int], Any]:
    module, _, name = ref.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _vsize() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def _bound_memory(extra_bytes: int) -> bool:
    """Let this process grow by ``extra_bytes`` of address space from now on (soft RLIMIT_AS, POSIX).

    Only the soft limit moves, so it can be raised again for the next, larger file without privileges.
    """
    try:
        import resource
    except ImportError:  # Windows: no rlimits (a job object would be the equivalent)
        return False
    base = _vsize()
    if base is None:
        return False  # without knowing the baseline a limit would be a guess (macOS ignores RLIMIT_AS anyway)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = base + extra_bytes
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        return True
    except (ValueError, OSError):
        return False


def _quiet_threads() -> None:
    # Under an address-space limit, every thread-local malloc arena (64 MB reserved each on glibc) and
    # BLAS thread buffer counts; a decoder needs neither.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(-8, 2)  # M_ARENA_MAX = 2 (glibc); harmless no-op elsewhere or absent
        # A frame's buffers (compressed bytes, codec output, the array: ~0.3-1 MB each) come from the heap
        # and stay there for the next frame, instead of a fresh mmap that the kernel zero-fills page by
        # page and a munmap per buffer: measured 25-35% of a JPEG lossless frame's decode in a worker.
        libc.mallopt(-3, 64 << 20)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 128 << 20)  # M_TRIM_THRESHOLD: up to 128 MB kept between frames
    except Exception:
        pass


def short_reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


# Decoded frames travel through shared-memory blocks per worker, reused from frame to frame (two, used in
# turn: see _Outbox): a 512x512 int16
# slice costs ~0.8 ms through a pipe here, and for fast codecs (RLE) the parent's receiving was the bottleneck
# of a parallel volume load. Small results and anything that is not a DecodedFrame use the pipe.
_SHARED_MIN_BYTES = 64 * 1024


@dataclass(frozen=True)
class SharedArray:
    name: str
    shape: tuple[int, ...]
    dtype: str


class _Outbox:
    """The worker's side of its shared blocks, used in turn (``DEPTH`` of them); one is grown (replaced)
    when a frame does not fit. The dispatcher sends a job only after reading the result before the one
    that used the same block, so a block is never rewritten while it is being read."""

    def __init__(self) -> None:
        self.blocks: list = [None] * DEPTH
        self.turn = 0

    def pack(self, result: Any) -> Any:
        stored = getattr(result, "stored", None)
        if not isinstance(result, DecodedFrame) or getattr(stored, "nbytes", 0) < _SHARED_MIN_BYTES:
            return result
        from multiprocessing import shared_memory

        import numpy as np

        k, self.turn = self.turn, (self.turn + 1) % DEPTH
        block = self.blocks[k]
        if block is None or block.size < stored.nbytes:
            self._free(k)
            block = self.blocks[k] = shared_memory.SharedMemory(create=True, size=max(stored.nbytes, 1 << 20))
        np.ndarray(stored.shape, stored.dtype, buffer=block.buf)[...] = stored
        return replace(result, stored=SharedArray(block.name, tuple(stored.shape), stored.dtype.str))

    def _free(self, k: int) -> None:
        block, self.blocks[k] = self.blocks[k], None
        if block is not None:
            block.close()
            try:
                block.unlink()
            except FileNotFoundError:
                pass

    def close(self) -> None:
        for k in range(DEPTH):
            self._free(k)


def worker_main(conn, task_ref: str, memory_mb: int | None) -> None:
    """Entry point of a worker process: announce readiness, then decode one job at a time."""
    _quiet_threads()
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        task = _resolve(task_ref)
        import numpy  # noqa: F401  (imports counted in the baseline, not in the per-frame budget)
        import pydicom  # noqa: F401

        from viewer.dicom.decode import allow_last_resort

        allow_last_resort()  # GDCM gets what no plugin decodes; here a crash in it costs one frame
    except BaseException as exc:
        conn.send(("failed", short_reason(exc)))
        return
    conn.send(("ready", os.getpid()))
    outbox = _Outbox()
    try:
        _serve(conn, task, memory_mb, outbox)
    finally:
        outbox.close()


def _serve(conn, task, memory_mb: int | None, outbox: _Outbox) -> None:
    start = _vsize()
    while True:
        if memory_mb is not None and start is not None and (_vsize() or 0) > start + 2 * memory_mb * 2**20:
            # The per-frame bound is relative to the worker's size; a codec that leaks would raise it job
            # after job. Leave between jobs (nothing is lost) and let the dispatcher start a fresh worker.
            _worker_cache.clear()
            if (_vsize() or 0) > start + 2 * memory_mb * 2**20:
                return
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, path, frame, pixels_only = message
        if memory_mb is not None:
            try:
                size = os.path.getsize(path)
            except OSError:
                size = 0
            _bound_memory(memory_mb * 2**20 + 2 * size)
        try:
            # Only the default task knows pixels_only; a task passed in (tests' faulty decoders) gets (path, frame).
            result = task(path, frame, pixels_only=True) if pixels_only and task is decode_frame_task else task(path, frame)
            conn.send((job_id, True, outbox.pack(result)))
        except MemoryError:
            _worker_cache.clear()
            conn.send((job_id, False, ("memory", msg("decoding needs more memory than the {mb} MB allowed", mb=memory_mb))))
        except FileNotFoundError:
            conn.send((job_id, False, ("missing", "file missing")))
        except BaseException as exc:  # codecs raise anything; the reason travels, the worker lives on
            kind = "error"
            reason = short_reason(exc)
            try:
                conn.send((job_id, False, (kind, reason)))
            except Exception:
                return
