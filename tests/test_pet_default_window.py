"""PET opens showing its uptake: inverted grey, SUVbw 0..5 when SUV can be computed (OHIF's PT default),
else 0 .. a high percentile of the slice's activity; never the header window that scanners write once per
series while every slice has its own Rescale Slope (the reason PET used to open black).

Expected greys are computed here from the DICOM values and the SUVbw definition (weight / decayed dose),
independently of viewer.dicom.suv and viewer.dicom.pixels.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, PositronEmissionTomographyImageStorage, generate_uid

from conftest import shared_data
from test_render_cmd import render

ROWS = COLS = 48
SLICES = 9
SLICE_MM = 12.0  # 108 mm of body along z for 192 mm across: planes worth looking at
WEIGHT_KG = 70.0
DOSE_BQ = 370e6
HALF_LIFE_S = 6586.2
UPTAKE_S = 3600.0  # injection to series start
BQML_PER_SUV = DOSE_BQ * 2 ** (-UPTAKE_S / HALF_LIFE_S) / (WEIGHT_KG * 1000.0)


def suv_factor(ds) -> float:
    """SUVbw per Bq/ml for Decay Correction START, written out from PS3.3 C.8.9.1 / QIBA."""
    rp = ds.RadiopharmaceuticalInformationSequence[0]
    start = datetime.strptime(str(ds.SeriesDate) + str(rp.RadiopharmaceuticalStartTime)[:6], "%Y%m%d%H%M%S")
    series = datetime.strptime(str(ds.SeriesDate) + str(ds.SeriesTime)[:6], "%Y%m%d%H%M%S")
    decayed = float(rp.RadionuclideTotalDose) * 2 ** (-(series - start).total_seconds() / float(rp.RadionuclideHalfLife))
    return float(ds.PatientWeight) * 1000.0 / decayed


def inverted_grey(suv: np.ndarray) -> np.ndarray:
    """SUV 0 white, SUV 5 and above black."""
    return 255.0 * (1.0 - np.clip(suv / 5.0, 0.0, 1.0))


def body_suv(k: int) -> float:
    return 0.1 + 0.9 * (1 - abs(k - SLICES // 2) / (SLICES // 2))  # 0.1 at the ends, 1.0 in the middle


def phantom_suv(k: int) -> np.ndarray:
    """Air 0 around an elliptic body whose uptake changes along z; a hot sphere (SUV 10) in the middle."""
    y, x = np.mgrid[:ROWS, :COLS]
    body = ((x - COLS / 2) / (COLS * 0.4)) ** 2 + ((y - ROWS / 2) / (ROWS * 0.3)) ** 2 <= 1
    suv = np.where(body, body_suv(k), 0.0)
    r2 = (x - COLS / 2) ** 2 + (y - ROWS / 2) ** 2 + ((k - SLICES // 2) * 4) ** 2
    return np.where(r2 <= 25, 10.0, suv)


def body_mask() -> np.ndarray:
    return (phantom_suv(0) > 0) & (phantom_suv(0) < 1)


def write_pet(folder: Path, with_suv: bool = True, units: str = "BQML") -> tuple[Path, list[float]]:
    """A PET series as scanners write it: each slice's Rescale Slope fitted to its own maximum (here
    100x apart between the end and the middle slices), one window for the whole series (fitted to the
    hottest voxel), values in Bq/ml."""
    folder.mkdir(parents=True, exist_ok=True)
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    volumes = [phantom_suv(k) * (1.0 if units == "GML" else BQML_PER_SUV) for k in range(SLICES)]
    top = max(float(v.max()) for v in volumes)
    slopes = []
    for k, bqml in enumerate(volumes):
        slope = float(bqml.max()) / 32000.0
        slopes.append(slope)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = PositronEmissionTomographyImageStorage
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(str(folder / f"pt{k:03d}.dcm"), {}, file_meta=meta, preamble=b"\0" * 128)
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.Modality = "PT"
        ds.PatientName, ds.PatientID = "SYNTHÉTIQUE^Pet", "SYN-PET"
        ds.StudyDate = ds.SeriesDate = "20260101"
        ds.SeriesTime = "110000"
        ds.SeriesNumber, ds.InstanceNumber = 1, k + 1
        ds.ImagePositionPatient = [-COLS * 2.0, -ROWS * 2.0, float(-k * SLICE_MM)]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [4.0, 4.0]
        ds.SliceThickness = SLICE_MM
        ds.Rows, ds.Columns = ROWS, COLS
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleSlope, ds.RescaleIntercept = f"{slope:.8g}", "0"
        ds.WindowCenter, ds.WindowWidth = f"{top / 2:.1f}", f"{top:.1f}"
        ds.Units, ds.DecayCorrection, ds.CorrectedImage = units, "START", ["ATTN", "DECY"]
        if with_suv:
            ds.PatientWeight = f"{WEIGHT_KG:g}"
            rp = pydicom.Dataset()
            rp.RadiopharmaceuticalStartTime = "100000"
            rp.RadionuclideTotalDose = f"{DOSE_BQ:.0f}"
            rp.RadionuclideHalfLife = f"{HALF_LIFE_S}"
            ds.RadiopharmaceuticalInformationSequence = [rp]
        ds.PixelData = np.round(bqml / float(ds.RescaleSlope)).astype("<i2").tobytes()
        ds.save_as(folder / f"pt{k:03d}.dcm", enforce_file_format=True)
    return folder, slopes


@pytest.fixture(scope="module")
def pet_series(tmp_path_factory):
    return write_pet(tmp_path_factory.mktemp("pet"))


def slice_scene(path: Path, invert_key: bool = False):
    """The viewport's display pixels for one file, through load_frame and build_scene (what the GUI and
    ``cauri render`` draw), with the state a freshly opened PET series gets."""
    from viewer.model.frames import load_frame
    from viewer.model.loose_files import open_paths
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.presentation.windows import opening_state

    with open_paths([path]) as loose:
        stack = loose.display_sets()[0]
        state = opening_state(stack)
        if invert_key:
            state = replace(state, invert=not state.invert)
        frame = load_frame(stack.frames[state.index])
    return state, frame, build_scene(state, frame, PatientContext())


def test_synthetic_slopes_are_100x_apart_and_the_header_window_would_be_black(pet_series):
    folder, slopes = pet_series
    assert max(slopes) / min(slopes) == pytest.approx(100.0, rel=0.01)
    ds = pydicom.dcmread(folder / "pt000.dcm")
    values = ds.pixel_array * float(ds.RescaleSlope)
    low = float(ds.WindowCenter) - float(ds.WindowWidth) / 2
    header_grey = 255 * (values[body_mask()] - low) / float(ds.WindowWidth)
    assert header_grey.max() < 3  # the end slice's body under the series window: black on black


@pytest.mark.parametrize("k", range(SLICES))
def test_every_slice_shows_suv_0_to_5_in_inverted_grey(pet_series, k):
    folder, _ = pet_series
    state, frame, scene = slice_scene(folder / f"pt{k:03d}.dcm")
    assert state.invert and frame.header.suv_factor is not None
    ds = pydicom.dcmread(folder / f"pt{k:03d}.dcm")
    suv = ds.pixel_array * float(ds.RescaleSlope) * suv_factor(ds)
    expected = inverted_grey(suv)
    assert np.abs(scene.image.astype(float) - expected).max() <= 1.5
    assert scene.image[~(phantom_suv(k) > 0)].min() == 255  # air is white
    if phantom_suv(k).max() >= 10:
        assert scene.image[phantom_suv(k) >= 10].max() == 0  # the hot sphere is black


def test_the_header_window_stays_a_choice(pet_series):
    folder, _ = pet_series
    _, frame, scene = slice_scene(folder / "pt000.dcm")
    desc = frame.header.descriptor
    assert desc.windows and desc.windows[0] != scene.window
    assert "SUV" in scene.window.explanation


def test_without_suv_each_slice_shows_its_activity(tmp_path):
    folder, _ = write_pet(tmp_path / "nosuv", with_suv=False)
    for k in range(SLICES):
        state, frame, scene = slice_scene(folder / f"pt{k:03d}.dcm")
        assert frame.header.suv_factor is None
        air = scene.image[~(phantom_suv(k) > 0)]
        body = scene.image[body_mask()]
        assert air.min() == 255
        if phantom_suv(k).max() >= 10:  # the sphere is the slice's high percentile: black, the body grey
            assert scene.image[phantom_suv(k) >= 10].max() == 0 and body.max() <= 240
        else:  # the body is the slice's activity: dark on white, whatever its slope
            assert body.max() <= 5


def test_values_already_in_suv_open_in_suv_0_to_5(tmp_path):
    folder, _ = write_pet(tmp_path / "gml", with_suv=False, units="GML")
    for k in (0, SLICES // 2):
        _, frame, scene = slice_scene(folder / f"pt{k:03d}.dcm")
        ds = pydicom.dcmread(folder / f"pt{k:03d}.dcm")
        assert frame.header.suv_factor == 1.0
        assert np.abs(scene.image.astype(float) - inverted_grey(ds.pixel_array * float(ds.RescaleSlope))).max() <= 1.5


def test_invert_key_turns_pet_to_white_on_black(pet_series):
    folder, _ = pet_series
    state, _, scene = slice_scene(folder / f"pt{SLICES // 2:03d}.dcm", invert_key=True)
    assert not state.invert
    assert scene.image[~(phantom_suv(SLICES // 2) > 0)].max() == 0
    assert scene.image[phantom_suv(SLICES // 2) >= 10].min() == 255


def test_reset_view_keeps_pet_inverted(pet_series):
    folder, _ = pet_series
    state, _, _ = slice_scene(folder / "pt000.dcm", invert_key=True)
    assert state.reset_view().invert


def test_cauri_render_of_the_synthetic_pet_is_not_black(tmp_path, pet_series):
    folder, _ = pet_series
    code, png = render(tmp_path, str(folder), "--slice", str(SLICES // 2), "--size", "192x192")
    assert code == 0
    grey = png[..., 0].astype(int)
    # 192 px for 48 columns: 4 screen pixels per image pixel; the middle slice's body is SUV 1 (grey 204).
    assert np.abs(grey[96, 40] - 204) <= 2
    assert grey[96, 96] == 0 and grey[4, 4] == 255


@pytest.mark.parametrize("plane", ["coronal", "sagittal"])
def test_mpr_planes_of_the_synthetic_pet_show_suv_on_every_slice(tmp_path, pet_series, plane):
    """The volume keeps each slice's own rescale: through the plane, a body whose SUV goes 0.1 -> 1 -> 0.1
    along z, with slopes 100x apart, shows the greys of those SUVs (one slope for all would whiten the
    middle or blacken the ends)."""
    folder, _ = pet_series
    code, png = render(tmp_path, str(folder), "--plane", plane, "--size", "192x192")
    assert code == 0
    grey = png[..., 0].astype(int)
    # 192 px for 192 mm across; the slices centred, the middle one at row 96.
    assert grey[96, 96] == 0  # the hot sphere
    assert np.abs(grey[96, 50:70] - 204).max() <= 2  # SUV 1 on the middle slice
    column = grey[50:143, 60]  # the 96 mm between the first and the last slice centres
    assert column.min() >= 202 and column.max() <= 252
    assert column[0] >= 246 and column[-1] >= 246 and abs(int(column[46]) - 204) <= 3  # SUV 0.1, 1, 0.1


def test_volume_rendering_of_the_synthetic_pet_is_not_blank(tmp_path, pet_series):
    folder, _ = pet_series
    code, png = render(tmp_path, str(folder), "--volume", "--size", "160x160")
    assert code == 0
    assert png.std() > 5


REAL_PET = ("1.dcm", "2.dcm")  # ACRIN-FLT-Breast (TCIA): Bq/ml, per-slice slope, a series window


@pytest.mark.parametrize("name", REAL_PET)
def test_real_pet_opens_in_suv_0_to_5(name):
    path = shared_data("gh-suyashkumar-dicom", "testdata", name)
    state, frame, scene = slice_scene(path)
    ds = pydicom.dcmread(path)
    suv = ds.pixel_array * float(ds.RescaleSlope) * suv_factor(ds)
    assert np.abs(scene.image.astype(float) - inverted_grey(suv)).max() <= 1.5
    # Uptake is visible: the body (SUV above 0.3) is clearly darker than the white air around it ...
    body = suv > 0.3
    assert body.mean() > 0.05 and (scene.image[body] < 245).mean() > 0.95
    # ... the hottest voxel is the darkest, and the old header window showed that slice nearly black.
    hot = np.unravel_index(np.argmax(suv), suv.shape)
    assert scene.image[hot] == scene.image.min() and scene.image[hot] < 64
    values = ds.pixel_array * float(ds.RescaleSlope)
    low = float(ds.WindowCenter) - float(ds.WindowWidth) / 2
    assert (255 * (values[body] - low) / float(ds.WindowWidth) > 25).mean() < 0.01


@pytest.mark.parametrize("name", REAL_PET)
def test_cauri_render_of_real_pet_is_not_black(tmp_path, name):
    path = shared_data("gh-suyashkumar-dicom", "testdata", name)
    code, png = render(tmp_path, str(path), "--size", "336x336")
    assert code == 0
    grey = png[..., 0].astype(int)
    assert (grey > 250).mean() > 0.5  # air, white
    assert (grey < 245).mean() > 0.04  # the body's uptake, grey to black (the header window: all < 41)
