"""SEG and RT Structure Set reading, without a window: masks placed on their referenced images (real files:
highdicom's CT and the SEG made on it), colours (CIELab -> sRGB against highdicom's own conversion),
volumes against hand computation (voxel counts read by pydicom; polygon areas), holes in RT contours, and
the command line: ``cauri info`` names them, ``cauri render`` draws a CT with its SEG."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image

import segmentation_fixtures as F
from conftest import shared_data

ROOT = Path(__file__).resolve().parents[1]


def cauri(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}"}
    return subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, timeout=180,
                          env=env, cwd=ROOT)


def test_highdicom_seg_lies_on_the_voxels_of_its_ct():
    from viewer.dicom.seg import read_seg
    from viewer.presentation.segment_layers import sample

    folder = shared_data("gh-highdicom", "data", "test_files")
    shared_data("gh-highdicom", "data", "test_files", "ct_image.dcm")
    ct = pydicom.dcmread(folder / "ct_image.dcm")
    path = folder / "seg_image_ct_binary_single_frame.dcm"
    seg = read_seg(path)
    assert seg.referenced_series == (ct.SeriesInstanceUID,) and seg.frame_of_reference == ct.FrameOfReferenceUID
    masks = sample(seg.grid, ct.ImagePositionPatient, ct.ImageOrientationPatient[:3], ct.ImageOrientationPatient[3:],
                   [float(v) for v in ct.PixelSpacing], (ct.Rows, ct.Columns))
    truth = pydicom.dcmread(path).pixel_array > 0
    assert np.array_equal(masks[0] > 0, truth)
    # Hand: voxels x 0.661468 mm x 0.661468 mm x 5 mm (Spacing Between Slices).
    assert seg.segments[0].volume_ml == pytest.approx(truth.sum() * 0.661468 ** 2 * 5.0 / 1000.0)


def test_liver_seg_colour_and_volume():
    import highdicom as hd

    from viewer.dicom.seg import read_seg

    path = shared_data("pypi-pydicom-data-1.0.0", "data", "liver.dcm")
    seg = read_seg(path)
    ds = pydicom.dcmread(path)
    lab = ds.SegmentSequence[0].RecommendedDisplayCIELabValue
    expected = hd.color.CIELabColor.from_dicom_value(lab).to_rgb()
    assert tuple(round(c * 255) for c in seg.segments[0].color) == pytest.approx(expected, abs=1)
    spacing = [float(v) for v in ds.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing]
    between = float(ds.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].SpacingBetweenSlices)
    assert seg.segments[0].volume_ml == pytest.approx(
        ds.pixel_array.astype(bool).sum() * spacing[0] * spacing[1] * between / 1000.0)
    assert seg.segments[0].label == "Liver"


def test_fractional_seg_volume_weighs_each_voxel_by_its_fraction():
    from viewer.dicom.seg import read_seg

    path = shared_data("gh-highdicom", "data", "test_files", "seg_image_ct_true_fractional.dcm")
    ds = pydicom.dcmread(path)
    seg = read_seg(path)
    assert seg.kind == "fractional"
    m = ds.SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0]
    depth = float(m.get("SpacingBetweenSlices") or 0) or None
    positions = sorted({round(float(f.PlanePositionSequence[0].ImagePositionPatient[2]), 2)
                        for f in ds.PerFrameFunctionalGroupsSequence})
    depth = depth or (float(np.median(np.diff(positions))) if len(positions) > 1 else float(m.SliceThickness))
    fraction = ds.pixel_array.astype(float) / float(ds.MaximumFractionalValue)
    expected = fraction.sum() * float(m.PixelSpacing[0]) * float(m.PixelSpacing[1]) * depth / 1000.0
    assert sum(s.volume_ml for s in seg.segments) == pytest.approx(expected, rel=1e-6)


def test_labelmap_seg_reads_as_the_binary_one_and_hides_its_background(tmp_path):
    from viewer.dicom.seg import read_seg
    from viewer.model.segments import SegmentLayers

    ct = F.write_ct(tmp_path / "ct")
    seg = read_seg(F.write_seg(tmp_path / "labels.dcm", ct["files"], labelmap=True))
    assert seg.kind == "labelmap"
    by_label = {s.label: s for s in seg.segments}
    assert by_label["Tumeur"].volume_ml == pytest.approx(2.048) and by_label["Kyste"].volume_ml == pytest.approx(1.024)
    layer = SegmentLayers().add(seg)
    assert [layer.style(s.number).visible for s in seg.segments] == [s.number != 0 for s in seg.segments]
    # Label 2 on slice 7 (box 2: rows 40..49, columns 40..55; box 1 ends at slice 6).
    k = int(np.argmin(np.abs(seg.grid.offsets - (F.ORIGIN[2] + 7 * F.THICKNESS))))
    n2 = [s.number for s in seg.segments].index(2)
    rows, cols = np.nonzero(seg.grid.mask(n2, k))
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (40, 49, 40, 55)


def test_a_view_along_the_grid_samples_as_an_oblique_one_does(tmp_path):
    """The fast path (the view's rows and columns along the SEG's) against the general one, on a plane
    tilted by 1e-3 degrees: the same pixels."""
    from viewer.dicom.seg import read_seg
    from viewer.presentation.segment_layers import sample

    ct = F.write_ct(tmp_path / "ct")
    seg = read_seg(F.write_seg(tmp_path / "seg.dcm", ct["files"]))
    origin = (F.ORIGIN[0] + 0.3, F.ORIGIN[1] - 0.2, F.ORIGIN[2] + 5 * F.THICKNESS)
    tilt = np.radians(1e-3)
    fast = sample(seg.grid, origin, (1, 0, 0), (0, 1, 0), F.SPACING, (F.ROWS, F.COLS))
    slow = sample(seg.grid, origin, (1, 0, 0), (0, np.cos(tilt), np.sin(tilt)), F.SPACING, (F.ROWS, F.COLS))
    assert fast.any() and np.array_equal(fast, slow)
    assert np.array_equal(fast[0] > 0, F.seg_masks()[5, ..., 0]) and np.array_equal(fast[1] > 0, F.seg_masks()[5, ..., 1])


def test_rt_contour_with_a_hole_and_its_volume(tmp_path):
    from pydicom.dataset import Dataset

    from viewer.dicom.rtstruct import rtstruct_from_dataset

    def square(half, z):
        return [v for p in ((-half, -half, z), (half, -half, z), (half, half, z), (-half, half, z)) for v in p]

    ds = Dataset()
    ds.SOPInstanceUID, ds.SeriesInstanceUID = "1.2.3", "1.2.4"
    roi = Dataset()
    roi.ROINumber, roi.ROIName = 1, "Anneau"
    ds.StructureSetROISequence = [roi]
    item = Dataset()
    item.ReferencedROINumber = 1
    item.ContourSequence = []
    for z in (0.0, 3.0, 6.0):
        for half in (10.0, 5.0):  # a 20 mm square with a 10 mm square hole
            c = Dataset()
            c.ContourGeometricType, c.ContourData = "CLOSED_PLANAR", square(half, z)
            item.ContourSequence.append(c)
    ds.ROIContourSequence = [item]
    seg = rtstruct_from_dataset(ds, pixel_mm=1.0)
    # (400 - 100) mm2 x 3 planes x 3 mm between them = 2700 mm3.
    assert seg.segments[0].volume_ml == pytest.approx(2.7)
    grid = seg.grid
    centre = np.round(-grid.origins[0] @ grid.right / grid.spacing[1]).astype(int), \
        np.round(-grid.origins[0] @ grid.down / grid.spacing[0]).astype(int)
    assert grid.mask(0, 1)[centre[1], centre[0]] == 0  # the hole
    assert grid.mask(0, 1)[centre[1], centre[0] + 8] == 255  # the ring


def test_cauri_info_lists_seg_and_rtstruct_with_their_kind(tmp_path):
    info = F.write_study(tmp_path / "study")
    run = cauri("info", "--json", str(tmp_path / "study"))
    assert run.returncode == 0, run.stderr
    series = {e["modality"]: e for e in json.loads(run.stdout)["series"]}
    seg, rt = series["SEG"], series["RTSTRUCT"]
    assert seg["kind"] == rt["kind"] == "segmentation"
    assert seg["segmentation"]["type"] == "SEG BINARY" and rt["segmentation"]["type"] == "RTSTRUCT"
    assert seg["segmentation"]["referenced_series"] == [info["series_uid"]]
    assert [(s["label"], s["color"], s["volume_ml"]) for s in seg["segmentation"]["segments"]] == [
        ("Tumeur", list(F.RED), 2.048), ("Kyste", list(F.GREEN), 1.024)]
    assert [(s["label"], s["color"], s["volume_ml"]) for s in rt["segmentation"]["segments"]] == [
        ("GTV", list(F.BLUE), 1.44)]
    text = cauri("info", str(tmp_path / "study")).stdout
    assert "segmentation: SEG BINARY, 2 segments" in text and "unsupported" not in text


def test_cauri_render_draws_the_ct_with_its_seg(tmp_path):
    F.write_study(tmp_path / "study")
    seg_uid = pydicom.dcmread(tmp_path / "study" / "seg" / "seg.dcm", stop_before_pixels=True).SeriesInstanceUID
    out = tmp_path / "ct_seg.png"
    run = cauri("render", str(tmp_path / "study" / "ct"), str(tmp_path / "study" / "seg"), "--series-uid", seg_uid,
                "--slice", "4", "--size", "512x512", "--out", str(out))
    assert run.returncode == 0, run.stderr
    px = np.asarray(Image.open(out).convert("RGB")).astype(int)

    def at(row, col):  # 64 pixels of 0.8 mm fitted into 512: 8 screen pixels each, centred
        return px[int(256 + (row - 31.5) * 8), int(256 + (col - 31.5) * 8)]

    edge, inside, outside = at(20, 20), at(28, 20), at(10, 50)
    assert edge[0] >= 240 and edge[1] <= 20 and edge[2] <= 20, edge
    assert abs(outside[0] - outside[1]) <= 3 and abs(inside[0] - (outside[0] * 0.65 + 255 * 0.35)) <= 6, inside
    plain = tmp_path / "ct.png"
    assert cauri("render", str(tmp_path / "study" / "ct"), "--slice", "4", "--size", "512x512",
                 "--out", str(plain)).returncode == 0
    px = np.asarray(Image.open(plain).convert("RGB")).astype(int)
    assert abs(at(20, 20)[0] - at(20, 20)[1]) <= 3  # without the SEG: grey


def test_workstation_shows_a_seg_over_its_ct_without_a_window(tmp_path):
    """Qt-free: the SEG dropped on a viewport shows its CT, its segments arrive from their thread, the slice
    moves into segment 1, hiding one is the workstation's, another study takes them away."""
    from viewer.workstation.service import Workstation

    info = F.write_study(tmp_path / "study")
    other = F.write_ct(tmp_path / "other")
    ws = Workstation.open(tmp_path / "home", language="fr")
    try:
        assert ws.start_import([str(tmp_path / "study"), str(tmp_path / "other")], open_after=False)
        assert ws.wait_idle(60)
        ws.open_study(info["study_uid"])
        slot = ws.views.visible()[0]
        seg = next(d for d in ws.display_sets.values() if getattr(d, "content", "") == "seg")
        ws.show_beside(slot, seg.uid)
        assert slot.state.display_set.series_uid == info["series_uid"]
        assert ws.wait_idle(60) and not ws.segments.loading()
        (layer,) = ws.segments.for_stack(slot.state.display_set)
        assert 3 <= slot.state.index <= 6
        ws.segments.set_style(layer.segmentation.sop_uid, 1, visible=False, opacity=0.8)
        (layer,) = ws.segments.for_stack(slot.state.display_set)
        assert not layer.style(1).visible and layer.style(1).opacity == 0.8 and layer.style(2).visible
        ws.open_study(other["study_uid"])
        assert ws.segments.layers.all() == []
    finally:
        ws.close()


def test_a_seg_naming_another_series_uid_finds_its_images_by_their_sop_uids(tmp_path):
    """The referenced series renamed (a re-export): the images are found by the SOP Instance UIDs the SEG
    references, not by the Frame of Reference, which a longer series of the study shares."""
    from pydicom.uid import generate_uid

    from synthetic import write_series
    from viewer.workstation.service import Workstation

    info = F.write_study(tmp_path / "study")
    frame_of_reference = pydicom.dcmread(info["files"][0], stop_before_pixels=True).FrameOfReferenceUID
    write_series(tmp_path / "study" / "longer", slices=12, rows=F.ROWS, cols=F.COLS, study_uid=info["study_uid"],
                 frame_uid=frame_of_reference, origin=F.ORIGIN)
    ds = pydicom.dcmread(info["seg"])
    ds.ReferencedSeriesSequence[0].SeriesInstanceUID = generate_uid()
    ds.save_as(info["seg"])
    ws = Workstation.open(tmp_path / "home", language="fr")
    try:
        assert ws.start_import([str(tmp_path / "study")], open_after=False) and ws.wait_idle(60)
        ws.open_study(info["study_uid"])
        slot = ws.views.visible()[0]
        seg = next(d for d in ws.display_sets.values() if getattr(d, "content", "") == "seg")
        ws.show_beside(slot, seg.uid)
        assert ws.wait_idle(60)
        assert slot.state.display_set.series_uid == info["series_uid"] and slot.state.display_set.frame_count == 10
    finally:
        ws.close()
