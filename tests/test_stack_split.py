"""The image-stack handler splits series into volumes and takes enhanced multi-frame objects apart.

Synthetic series check each split rule with known geometry; the enhanced MR of dcm_qa_enh checks real
per-frame functional groups (positions compared with the file's own per-frame values, sorted along the
normal); Debian's XA cine stays one cine stack.
"""

from __future__ import annotations

import numpy as np
import pydicom
import pytest

from conftest import shared_data
from synthetic import write_series

SAGITTAL = (0, 1, 0, 0, 0, -1)


def _display_sets(*paths):
    from viewer.model.loose_files import open_paths

    with open_paths(paths) as loose:
        return loose.display_sets()


def _retag(files, **attributes):
    for path in files:
        ds = pydicom.dcmread(path)
        for keyword, value in attributes.items():
            setattr(ds, keyword, value)
        ds.save_as(path)


def _assert_sorted_stack(stack, count: int, spacing: float):
    assert stack.kind == "stack" and stack.frame_count == count and not stack.multiframe
    normal = np.cross(stack.orientation[:3], stack.orientation[3:])
    along = [float(np.dot(p, normal)) for p in stack.positions]
    assert along == sorted(along)
    assert np.diff(along) == pytest.approx(spacing)
    assert stack.spacing_between == pytest.approx(spacing)


def test_two_echoes_at_the_same_places_become_two_stacks(tmp_path):
    a = write_series(tmp_path / "e1", slices=6, rows=32, cols=32)
    b = write_series(tmp_path / "e2", slices=6, rows=32, cols=32, study_uid=a["study_uid"], series_uid=a["series_uid"])
    _retag(a["files"], EchoNumbers=1, EchoTime=10)
    _retag(b["files"], EchoNumbers=2, EchoTime=80)
    sets = _display_sets(tmp_path)
    assert [s.uid for s in sets] == [f"{a['series_uid']}#0", f"{a['series_uid']}#1"]
    for stack, label in zip(sets, ("echo 1", "echo 2")):
        _assert_sorted_stack(stack, 6, 2.0)
        assert stack.extra["label"] == label and label in stack.description
        assert any("split into 2 stacks" in w for w in stack.warnings)
        assert not any("share the position" in w for w in stack.warnings)
    # Each stack holds one echo's files only.
    first = {str(p) for p in a["files"]}
    assert {str(f.path) for f in sets[0].frames} == first


def test_temporal_positions_split_and_acquisition_numbers_alone_do_not(tmp_path):
    a = write_series(tmp_path / "t1", slices=4, rows=32, cols=32)
    b = write_series(tmp_path / "t2", slices=4, rows=32, cols=32, study_uid=a["study_uid"], series_uid=a["series_uid"])
    _retag(a["files"], TemporalPositionIdentifier=1)
    _retag(b["files"], TemporalPositionIdentifier=2)
    assert [s.extra["label"] for s in _display_sets(tmp_path)] == ["phase 1", "phase 2"]

    # CT that numbers each slice as its own acquisition: positions never repeat, so one volume.
    ct = write_series(tmp_path / "ct", slices=8, rows=32, cols=32)
    for k, path in enumerate(sorted(ct["files"])):
        _retag([path], AcquisitionNumber=k + 1)
    sets = _display_sets(tmp_path / "ct")
    assert len(sets) == 1 and sets[0].uid == ct["series_uid"] and not sets[0].warnings
    _assert_sorted_stack(sets[0], 8, 2.0)


def test_equal_repeats_that_no_attribute_separates_split_by_their_order_at_each_position(tmp_path):
    """Diffusion directions kept in private tags: two images at every position and nothing standard tells
    them apart. The second image at each position (by Instance Number) is the second volume."""
    a = write_series(tmp_path / "d1", slices=5, rows=32, cols=32)
    b = write_series(tmp_path / "d2", slices=5, rows=32, cols=32, study_uid=a["study_uid"], series_uid=a["series_uid"])
    for path in b["files"]:
        _retag([path], InstanceNumber=int(pydicom.dcmread(path).InstanceNumber) + 100)
    sets = _display_sets(tmp_path / "d1", tmp_path / "d2")
    assert [s.extra["label"] for s in sets] == ["volume 1", "volume 2"]
    for stack, files in zip(sets, (a["files"], b["files"])):
        _assert_sorted_stack(stack, 5, 2.0)
        assert {str(f.path) for f in stack.frames} == {str(p) for p in files}
        assert not any("share the position" in w for w in stack.warnings)

    # Uneven repeats (one extra image at two positions): no order can be trusted, the series stays whole.
    write_series(tmp_path / "d3", slices=2, rows=32, cols=32, study_uid=a["study_uid"], series_uid=a["series_uid"])
    (whole,) = _display_sets(tmp_path / "d1", tmp_path / "d3")
    assert whole.frame_count == 7 and any("share the position" in w for w in whole.warnings)


def test_scout_in_an_axial_series_is_its_own_stack(tmp_path):
    axial = write_series(tmp_path / "ax", slices=10, rows=32, cols=32, thickness=1.5)
    write_series(tmp_path / "scout", slices=1, rows=48, cols=48, orientation=SAGITTAL,
                 study_uid=axial["study_uid"], series_uid=axial["series_uid"])
    sets = _display_sets(tmp_path)
    assert len(sets) == 2
    main = next(s for s in sets if s.frame_count == 10)
    scout = next(s for s in sets if s.frame_count == 1)
    _assert_sorted_stack(main, 10, 1.5)
    assert main.orientation == pytest.approx((1, 0, 0, 0, 1, 0))
    assert scout.orientation == pytest.approx(SAGITTAL) and "SAGITTAL" in scout.extra["label"]
    assert {s.uid.rsplit("#", 1)[1] for s in sets} == {"0", "1"}


def test_enhanced_mr_frames_become_sorted_stacks():
    path = shared_data("gh-neurolabusc-dcm_qa_enh", "In", "Philips", "IM_0027_fMAP.dcm")
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    sets = _display_sets(path)
    assert len(sets) == 2 and all(s.uid.startswith(ds.SeriesInstanceUID + "#") for s in sets)
    per_frame = ds.PerFrameFunctionalGroupsSequence
    for stack in sets:
        _assert_sorted_stack(stack, 32, 4.0)
        assert {f.path for f in stack.frames} == {path}
        # Each frame's position is the file's own per-frame value, and one stack holds one echo time.
        echo_times = set()
        for ref, position in zip(stack.frames, stack.positions):
            item = per_frame[ref.frame]
            assert position == pytest.approx([float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient])
            echo_times.add(float(item.MREchoSequence[0].EffectiveEchoTime))
        assert len(echo_times) == 1
    # Siemens XA10: four files, each one time point of six slices -> four stacks of six.
    folder = shared_data("gh-neurolabusc-dcm_qa_enh", "In", "Siemens", "XA10")
    sets = _display_sets(folder)
    assert [s.frame_count for s in sets] == [6, 6, 6, 6]
    for n, stack in enumerate(sets):
        _assert_sorted_stack(stack, 6, 2.4)
        assert stack.extra["label"] == f"phase {n + 1}" and len({f.path for f in stack.frames}) == 1


def test_cine_stays_one_multiframe_stack():
    path = shared_data("debian-bookworm", "libgdcm3.0_3.0.21-1", "00191113.dcm")
    sets = _display_sets(path)
    assert len(sets) == 1
    cine = sets[0]
    assert cine.multiframe and cine.frame_count == 4 and [f.frame for f in cine.frames] == [0, 1, 2, 3]
    assert cine.uid == cine.series_uid
