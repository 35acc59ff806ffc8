"""A study's first images come before the work around them (issue 20): prefetch waits while they are drawn
(the frames viewports show are still read at once), a fusion whose view moved on stops reading, a fusion of
one Frame of Reference reads the anatomy's header only."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pydicom
import pytest

from synthetic import write_series
from viewer.dicom.scalar_volume import ReadStopped, read_series
from viewer.model.displaysets import FrameRef
from viewer.model.frames import FrameLoader


@pytest.fixture(scope="module")
def slices(tmp_path_factory):
    folder = tmp_path_factory.mktemp("held")
    info = write_series(folder, slices=8, rows=64, cols=64, shuffle=False)
    return [Path(f) for f in info["files"]]


def _refs(files):
    return [FrameRef(f, 0, pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID, i + 1) for i, f in enumerate(files)]


def test_prefetch_waits_while_held_and_the_shown_frame_does_not(slices):
    loader = FrameLoader(workers=2)
    try:
        refs = _refs(slices)
        loader.hold_prefetch(30.0)
        arrived, done = [], threading.Event()

        def got(frame):
            arrived.append(frame.ref)
            if frame.ref == refs[0]:
                done.set()

        loader.request(refs, got, owner="vp")
        assert done.wait(10), "the frame a viewport shows was not read while prefetch was held"
        time.sleep(0.4)  # two idle readers had time to prefetch, were they allowed to
        assert arrived == [refs[0]]
        assert all(loader.cached(r) is None for r in refs[1:])
        # A second viewport's shown frame, asked while held, is read at once too (its readers wake up for it).
        second = threading.Event()
        loader.request([refs[5]], lambda f: second.set(), owner="vp2")
        assert second.wait(10)
        loader.release_prefetch()
        deadline = time.monotonic() + 10
        while len(set(arrived)) < len(refs) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert set(arrived) == set(refs)
        for r in refs:  # what was prefetched is the files' pixels
            assert np.array_equal(loader.cached(r).stored, pydicom.dcmread(r.path).pixel_array)
    finally:
        loader.shutdown()


def test_a_hold_ends_by_itself(slices):
    loader = FrameLoader(workers=1)
    try:
        refs = _refs(slices[:3])
        loader.hold_prefetch(0.3)  # nobody releases it: a viewport that never draws must not stop prefetch
        got = threading.Event()
        loader.request(refs, lambda f: got.set() if f.ref == refs[-1] else None, owner="vp")
        assert got.wait(10)
        assert not loader.prefetch_held()
    finally:
        loader.shutdown()


def test_a_read_told_to_stop_stops(slices):
    asked = []

    def stop():
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(ReadStopped):
        read_series(slices, stop=stop)
    assert len(asked) == 4  # at the slice after it was told, not at the end
    grid = read_series(slices, stop=lambda: False)
    assert grid.values.shape == (8, 64, 64)


def _stack(folder: Path, modality: str):
    from viewer.model.displaysets import ImageStack

    files = sorted(folder.glob("*.dcm"))
    first = pydicom.dcmread(files[0], stop_before_pixels=True)
    return ImageStack(uid=modality, study_uid=first.StudyInstanceUID, series_uid=first.SeriesInstanceUID,
                      modality=modality, number=1, description=modality, frames=tuple(_refs(files)))


def test_a_fusion_on_one_frame_of_reference_reads_the_anatomys_header_only(tmp_path):
    from fusion_data import HOT_SUV, hand_suv, write_pet_ct
    from viewer.workstation.fusion import build_layer

    _study, ct, pet = write_pet_ct(tmp_path)
    # The CT's pixels cut short in every file: a fusion that read them would fail.
    for f in ct.glob("*.dcm"):
        data = f.read_bytes()
        f.write_bytes(data[: len(data) - 4000])
    with pytest.raises(Exception):
        pydicom.dcmread(sorted(ct.glob("*.dcm"))[0]).pixel_array
    layer = build_layer(_stack(ct, "CT"), _stack(pet, "PT"))
    assert layer.to_layer is None and layer.grid.unit == "SUVbw"
    # The hot cube's SUV by hand from a file (rescale, decay, weight), at its centre voxel (k 2, j = i = 16).
    assert np.isclose(layer.grid.values[2, 16, 16], hand_suv(pet / "pt002.dcm", 16, 16), rtol=1e-4)
    assert np.isclose(hand_suv(pet / "pt002.dcm", 16, 16), HOT_SUV, rtol=1e-3)


def test_a_fusion_of_two_frames_of_reference_still_reads_the_anatomy(tmp_path):
    from fusion_data import write_pet_ct_two_frames
    from viewer.dicom.scalar_volume import ScalarGridError
    from viewer.workstation.fusion import build_layer

    _study, ct, pet = write_pet_ct_two_frames(tmp_path)
    with pytest.raises(ScalarGridError):  # the anatomy's header alone says the frames differ
        build_layer(_stack(ct, "CT"), _stack(pet, "PT"), register=False)
    layer = build_layer(_stack(ct, "CT"), _stack(pet, "PT"), stop=lambda: False)
    assert layer.to_layer is not None  # registered onto the CT it read


def test_many_frames_asked_again_and_again_are_read_by_the_pools_readers_only(tmp_path):
    # A cine asks for the frames ahead at every step: the loader keeps at most its pool's readers, none left
    # over, and every frame asked for is read once and handed to the viewport.
    info = write_series(tmp_path, slices=30, rows=32, cols=32, shuffle=False)
    refs = _refs([Path(f) for f in info["files"]])
    loader = FrameLoader(workers=2)
    seen, most = [], [0]
    lock = threading.Lock()

    def got(frame):
        with lock:
            seen.append(frame.ref)
            most[0] = max(most[0], loader._readers)

    try:
        for step in range(len(refs)):  # the window moves one frame at a time, as a cine's does
            loader.request(refs[step:] + refs[:step], got, owner="cine")
            most[0] = max(most[0], loader._readers)
        deadline = time.monotonic() + 20
        while len(set(seen)) < len(refs) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert set(seen) == set(refs) and most[0] <= 2
        deadline = time.monotonic() + 5
        while loader._readers and time.monotonic() < deadline:
            time.sleep(0.02)
        assert loader._readers == 0  # the readers went once the queues were empty
        loader.forget()
        again = threading.Event()
        loader.request(refs[:1], lambda f: again.set(), owner="other")  # a later request still gets a reader
        assert again.wait(10) and loader.cached(refs[0]) is not None
    finally:
        loader.shutdown()
