"""The fused layer without a window: RT Dose grids read as the standard places them (Dose Grid Scaling, the
Grid Frame Offset Vector in its absolute and relative forms), a PET read in SUVbw, a layer sampled on an
oblique plane, and the colour tables against the DICOM palette files. Expected values are computed here from
the files with pydicom and by hand."""

from __future__ import annotations

import shutil

import numpy as np
import pydicom
import pytest

from conftest import shared_data
from fusion_data import CORPUS_DOSE, HOT_SUV, hand_suv, palette, write_pet_ct


@pytest.fixture
def dose_file(tmp_path):
    path = tmp_path / "rtdose.dcm"
    shutil.copy(shared_data(CORPUS_DOSE), path)
    return path


def test_dose_voxels_are_stored_values_times_dose_grid_scaling(dose_file):
    from viewer.dicom.scalar_volume import read_dose
    from viewer.model.fusion import make_layer, value_at

    ds = pydicom.dcmread(dose_file)
    layer = make_layer(read_dose(dose_file))
    x0, y0, z0 = (float(v) for v in ds.ImagePositionPatient)
    for k, r, c in ((0, 0, 0), (7, 3, 2), (14, 9, 9)):
        point = (x0 + 10.0 * c, y0 + 10.0 * r, z0 + float(ds.GridFrameOffsetVector[k]))
        assert value_at(layer, point) == pytest.approx(ds.pixel_array[k, r, c] * float(ds.DoseGridScaling), rel=1e-6)
    assert layer.kind == "dose" and layer.reference_gy == pytest.approx(ds.pixel_array.max() * float(ds.DoseGridScaling))
    assert layer.look.isodoses == pytest.approx(tuple(layer.reference_gy * p for p in (0.95, 0.8, 0.5, 0.2)))


def test_relative_grid_frame_offsets_place_the_planes_alike(dose_file):
    """PS3.3 C.8.8.3.2: offsets may be given relative to the first plane's z (first offset = that z)."""
    from viewer.dicom.scalar_volume import read_dose

    ds = pydicom.dcmread(dose_file)
    z0 = float(ds.ImagePositionPatient[2])
    absolute = read_dose(dose_file)
    ds.GridFrameOffsetVector = [z0 + float(v) for v in ds.GridFrameOffsetVector]
    ds.save_as(dose_file)
    relative = read_dose(dose_file)
    assert relative.origin == pytest.approx(absolute.origin) and relative.spacing == pytest.approx(absolute.spacing)


def test_a_pet_reads_in_suvbw_and_samples_on_an_oblique_plane(tmp_path):
    from viewer.dicom.scalar_volume import read_series
    from viewer.model.fusion import make_layer, sample_plane

    _study, _ct, pet = write_pet_ct(tmp_path)
    grid = read_series(sorted(pet.glob("*.dcm")))
    assert grid.unit == "SUVbw"
    assert grid.values[2, 16, 16] == pytest.approx(hand_suv(pet / "pt002.dcm", 16, 16), rel=1e-5)
    layer = make_layer(grid)
    # A plane through the hot cube's centre (3, 3, -24) turned 30 degrees about z: its centre pixel is hot.
    a = np.radians(30)
    right, down = np.array([np.cos(a), np.sin(a), 0.0]), np.array([-np.sin(a), np.cos(a), 0.0])
    centre = np.array([3.0, 3.0, -24.0])
    first = centre - right * 2.0 * 10 - down * 2.0 * 10
    values = sample_plane(layer, first, right, down, (21, 21), (2.0, 2.0))
    assert values[10, 10] == pytest.approx(HOT_SUV, abs=1e-3)
    assert np.isnan(sample_plane(layer, (500.0, 500.0, 500.0), right, down, (4, 4), (1.0, 1.0))).all()


@pytest.mark.parametrize("name,file", [("hot_iron", "hotiron.dcm"), ("pet", "pet.dcm")])
def test_colour_tables_are_the_dicom_palettes(name, file):
    from viewer.presentation.wash_layers import colour_table

    assert np.array_equal(colour_table(name).astype(float), palette(file))


def test_a_spect_reconstruction_reads_from_its_detector_information(tmp_path):
    """NM TOMO: position in the Detector Information Sequence, frames Spacing Between Slices apart along the
    normal (z = -66 + 6 k here): the hot cube's counts at the PET's hot spot, the body's beside it."""
    from fusion_data import SPECT_BACKGROUND, SPECT_HOT, write_spect
    from viewer.dicom.scalar_volume import read_series
    from viewer.model.fusion import make_layer, value_at

    path = write_spect(tmp_path / "nm.dcm", "1.2.3", "1.2.3.4")
    grid = read_series([path])
    assert grid.values.shape == (12, 32, 32) and grid.spacing == (6.0, 6.0, 6.0)
    layer = make_layer(grid)
    assert value_at(layer, (3.0, 3.0, -18.0)) == pytest.approx(SPECT_HOT)  # z -18: frame 8, inside the hot cube
    assert value_at(layer, (3.0, 45.0, -18.0)) == pytest.approx(SPECT_BACKGROUND)
    assert grid.frame_of_reference == "1.2.3.4" and layer.look.colour_map == "hot_iron"


def test_an_enhanced_mr_reads_as_its_volume_sorted_by_plane_position():
    """A second MR as an enhanced object (corpus: Siemens XA10): each plane is the frame at that Plane
    Position, through its Pixel Value Transformation, the planes sorted along the normal."""
    from viewer.dicom.scalar_volume import read_series

    path = shared_data("gh-neurolabusc-dcm_qa_enh") / "In" / "Siemens" / "XA10" / "6_1.dcm"
    ds = pydicom.dcmread(path)
    grid = read_series([path])
    frames = ds.PerFrameFunctionalGroupsSequence
    orient = ds.SharedFunctionalGroupsSequence[0].get("PlaneOrientationSequence") or frames[0].PlaneOrientationSequence
    iop = [float(v) for v in orient[0].ImageOrientationPatient]
    normal = np.cross(iop[:3], iop[3:])
    depth = [float(np.dot(normal, [float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient])) for f in frames]
    first = int(np.argmin(depth))
    group = frames[first].get("PixelValueTransformationSequence") or \
        ds.SharedFunctionalGroupsSequence[0].get("PixelValueTransformationSequence")
    slope, intercept = (float(group[0].RescaleSlope), float(group[0].RescaleIntercept)) if group else (1.0, 0.0)
    assert grid.values.shape == (len(frames), ds.Rows, ds.Columns)
    assert np.allclose(grid.values[0], ds.pixel_array[first] * slope + intercept)
    assert grid.spacing[2] == pytest.approx(np.median(np.diff(sorted(depth))))
    assert grid.origin == pytest.approx([float(v) for v in frames[first].PlanePositionSequence[0].ImagePositionPatient])
