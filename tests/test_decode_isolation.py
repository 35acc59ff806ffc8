"""Decode isolation: a codec that crashes, hangs or runs away with memory costs one frame, and the rest of
the series still decodes (viewer.dicom.decoding, used by the frame loader and the volume loader).

The faults are simulated by a decode task injected into real worker processes: it aborts the process
(as a segfaulting C decoder would), sleeps past the deadline, or allocates far beyond the memory bound,
for files whose name asks for it; every other file goes through the real decode.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import RLELossless

from synthetic import block_image, write_series
from viewer.dicom.decode_worker import decode_frame_task
from viewer.dicom.decoding import DecodeFailure, DecodeService

ROWS = COLS = 64
SLICES = 8
BAD = {2: "crash", 5: "hang"}  # slice index (geometric order) -> fault


def faulty_task(path: str, frame: int):
    """Runs inside the decode workers (imported there by name)."""
    name = os.path.basename(path)
    if name.startswith("crash"):
        os.abort()  # what a segfaulting codec looks like from outside: the process dies on a signal
    if name.startswith("hang"):
        time.sleep(120)
    if name.startswith("hog"):
        return np.ones(8 << 30, np.uint8)  # 8 GiB: far past the bound
    return decode_frame_task(path, frame)


_LEAK: list = []


def leaky_task(path: str, frame: int):
    """A codec that leaks 40 MB per frame (in the workers)."""
    _LEAK.append(np.ones(40 << 20, np.uint8))
    return decode_frame_task(path, frame)


@pytest.fixture(scope="module")
def rle_series(tmp_path_factory):
    """An RLE-compressed CT series whose slices 2 and 5 (in geometric order) are named to fault."""
    folder = tmp_path_factory.mktemp("rle")
    info = write_series(folder, slices=SLICES, rows=ROWS, cols=COLS, shuffle=False)
    by_slice = {}
    for i, path in enumerate(info["files"]):
        ds = pydicom.dcmread(path)
        ds.compress(RLELossless)
        target = path.with_name(f"{BAD.get(i, 'ok')}_{i:02d}.dcm")
        ds.save_as(target)
        path.unlink()
        by_slice[i] = target
    return info, by_slice


def _stack(info, by_slice):
    from viewer.model.displaysets import build_display_sets
    from viewer.model.loose_files import open_paths
    from viewer.model.registry import load_plugins

    loose = open_paths([by_slice[0].parent])
    sets = build_display_sets(loose.series[0], load_plugins().display_set_handlers())
    assert len(sets) == 1 and sets[0].frame_count == SLICES
    return loose, sets[0]


def _expected(i: int) -> np.ndarray:
    return (block_image(ROWS, COLS, i).astype(np.int32) + 1024).astype(np.int16)


@pytest.fixture
def faulty_service():
    from viewer.dicom import decoding

    service = DecodeService(workers=2, timeout_s=3, task=faulty_task)
    previous = decoding.set_default_service(service)
    yield service
    decoding.set_default_service(previous)
    service.shutdown()


def test_crash_and_hang_are_reported_and_the_other_slices_decode(rle_series, faulty_service):
    """Through the volume loader (MPR's path): every good slice is right, the bad ones are named errors."""
    from viewer.model.volume import Volume

    info, by_slice = rle_series
    loose, stack = _stack(info, by_slice)
    volume = Volume(stack).load()
    loose.close()
    assert volume.complete
    assert set(volume.errors) == set(BAD)
    assert "crashed (SIGABRT)" in volume.errors[2]
    assert "did not finish within 3 s" in volume.errors[5]
    for i in range(SLICES):
        if i not in BAD:
            np.testing.assert_array_equal(volume.array[i], _expected(i), err_msg=f"slice {i}")
        else:
            assert not volume.array[i].any()  # shown empty, not garbage
    # The hang is cut at the deadline (the message above; what it costs in time: `cauri bench decode`).
    assert faulty_service.counts["crash"] == 1 and faulty_service.counts["timeout"] == 1


def test_frame_loader_shows_the_reason_in_the_viewport(rle_series, faulty_service):
    from viewer.model.frames import FrameLoader
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    info, by_slice = rle_series
    loose, stack = _stack(info, by_slice)
    loader = FrameLoader(workers=2)
    try:
        crashed = loader.load(stack.frames[2])
        good = loader.load(stack.frames[3])
    finally:
        loader.shutdown()
        loose.close()
    assert crashed.stored is None and "crashed" in crashed.error
    np.testing.assert_array_equal(good.stored, _expected(3))
    assert good.header.pixel_spacing == pytest.approx((0.8, 0.8)) and good.header.calibration == "PixelSpacing"
    scene = build_scene(ViewportState().with_display_set(stack).at(2), crashed, PatientContext(), "en")
    assert scene.image is None and "Cannot display image" in scene.message and "crashed" in scene.message


def test_memory_bound_stops_a_runaway_allocation(rle_series):
    if not hasattr(os, "getrlimit") and not Path("/proc/self/statm").exists():
        pytest.skip("address-space limits are POSIX (Linux) only")
    info, by_slice = rle_series
    hog = by_slice[0].with_name("hog_00.dcm")
    hog.write_bytes(by_slice[0].read_bytes())
    service = DecodeService(workers=1, timeout_s=20, memory_mb=256, task=faulty_task)
    try:
        with pytest.raises(DecodeFailure) as failure:
            service.decode(hog, 0)
        assert failure.value.kind == "memory" and "256 MB" in failure.value.reason
        # The same worker goes on decoding (a MemoryError does not kill it).
        result = service.decode(by_slice[1], 0)
        np.testing.assert_array_equal(result.stored, _expected(1))
        assert service.counts["restarts"] == 0
    finally:
        service.shutdown()
        hog.unlink()


def test_a_leaking_worker_is_recycled_between_frames(rle_series):
    if not Path("/proc/self/statm").exists():
        pytest.skip("worker size is measured from /proc (Linux)")
    info, by_slice = rle_series
    service = DecodeService(workers=1, timeout_s=20, memory_mb=64, task=leaky_task)
    try:
        # Each frame fits its 64 MB bound, but the worker grows 40 MB per frame: past twice the bound it
        # leaves between two frames and a fresh one takes over; no frame fails.
        for _ in range(2):
            for i in (0, 1, 3, 4, 6, 7):
                np.testing.assert_array_equal(service.decode(by_slice[i], 0).stored, _expected(i))
        assert service.counts["restarts"] >= 2 and service.counts["crash"] == 0
    finally:
        service.shutdown()


def test_real_codec_error_is_a_clean_failure_and_cancel_works(tmp_path, rle_series):
    """A damaged RLE stream through the real decoder: a plain reason, the worker survives."""
    info, by_slice = rle_series
    ds = pydicom.dcmread(by_slice[1])
    data = bytearray(ds.PixelData)
    # Encapsulated: empty Basic Offset Table item (8 bytes), fragment item header (8 bytes), then the RLE
    # header, whose first word is the number of segments: claim 15 for a 16-bit image (which has 2).
    data[16:20] = (15).to_bytes(4, "little")
    ds.PixelData = bytes(data)
    broken = tmp_path / "broken.dcm"
    ds.save_as(broken)
    service = DecodeService(workers=1, timeout_s=20)
    try:
        with pytest.raises(DecodeFailure) as failure:
            service.decode(broken, 0)
        assert failure.value.kind == "error" and "RLE" in failure.value.reason
        np.testing.assert_array_equal(service.decode(by_slice[3], 0).stored, _expected(3))
        # Jobs still queued can be cancelled (a viewport scrolled away before they started).
        futures = [service.submit(by_slice[i], 0) for i in (0, 1, 3, 4, 6, 7)]
        cancelled = sum(f.cancel() for f in futures[1:])
        results = [f.result() for f in futures if not f.cancelled()]
        assert len(results) == 6 - cancelled and cancelled >= 1
    finally:
        service.shutdown()


def test_idle_workers_are_given_back_and_warm_ones_kept(rle_series):
    info, by_slice = rle_series
    service = DecodeService(workers=2, idle_stop_s=0.3)
    try:
        futures = [service.submit(by_slice[i], 0) for i in (0, 1, 3, 4)]
        assert all(np.array_equal(f.result().stored, _expected(i)) for f, i in zip(futures, (0, 1, 3, 4)))
        deadline = time.monotonic() + 5
        while service.worker_pids and time.monotonic() < deadline:
            time.sleep(0.05)
        assert service.worker_pids == []  # ~100 MB each: not kept for nothing
        service.warm(1)
        deadline = time.monotonic() + 20
        while len(service.worker_pids) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.6)
        assert len(service.worker_pids) == 1  # started ahead of the first frame, and kept
        np.testing.assert_array_equal(service.decode(by_slice[6], 0).stored, _expected(6))
    finally:
        service.shutdown()


def test_one_worker_with_frames_queued_behind_a_crash_and_a_hang_blames_only_those(rle_series):
    """A worker holds the next bulk frame while it decodes one; when it dies or overruns, only the frame it
    was decoding fails and the one queued behind it is decoded by its replacement."""
    info, by_slice = rle_series
    service = DecodeService(workers=1, timeout_s=3, task=faulty_task)
    try:
        futures = {i: service.submit(by_slice[i]) for i in range(SLICES)}
        outcomes = {}
        for i, future in futures.items():
            try:
                outcomes[i] = future.result(timeout=60)
            except DecodeFailure as exc:
                outcomes[i] = exc
        assert {i for i, o in outcomes.items() if isinstance(o, DecodeFailure)} == set(BAD)
        assert outcomes[2].kind == "crash" and outcomes[5].kind == "timeout"
        for i in set(range(SLICES)) - set(BAD):
            np.testing.assert_array_equal(outcomes[i].stored, _expected(i), err_msg=f"slice {i}")
        assert service.counts["ahead"] >= 2  # frames were queued behind others, those behind the faults too
        assert service.counts["crash"] == 1 and service.counts["timeout"] == 1
    finally:
        service.shutdown()
