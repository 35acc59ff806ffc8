"""Each tool's values against a hand computation on synthetic images of known geometry."""

from __future__ import annotations

import math

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset

from synthetic import write_series
from viewer.model.displaysets import FrameRef
from viewer.model.frames import load_frame
from viewer.model.measurements import (
    ImageRef,
    Measurement,
    MeasurementKind as K,
    compute,
    describe,
    ellipse_from_box,
    roi_mask,
    suv_bw_factor,
)

ROWS, COLS = 64, 80


def ramp(_i: int) -> np.ndarray:
    """HU = column + 100 * row: every pixel value is known, so any mask's stats can be checked."""
    r, c = np.mgrid[0:ROWS, 0:COLS]
    return (c + 100 * r - 3000).astype(np.int16)


def _frame(tmp_path, spacing=(0.5, 0.25), calibrated=True, edit=None):
    info = write_series(tmp_path / "s", slices=1, rows=ROWS, cols=COLS, spacing=spacing, hu_slices=ramp, shuffle=False)
    path = info["files"][0]
    if not calibrated or edit:
        ds = pydicom.dcmread(path)
        if not calibrated:
            del ds.PixelSpacing
        if edit:
            edit(ds)
        ds.save_as(path)
    ds = pydicom.dcmread(path)
    ref = ImageRef(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, 0)
    return load_frame(FrameRef(path, 0, ds.SOPInstanceUID, 1)), ref


@pytest.fixture
def aniso(tmp_path):
    # Row spacing 0.5 mm, column spacing 0.25 mm: x (columns) and y (rows) scale differently.
    return _frame(tmp_path)


def test_length_anisotropic(aniso):
    frame, ref = aniso
    r = compute(Measurement(K.LENGTH, [(10, 10), (40, 50)], ref), frame)
    assert r.calibration == "PixelSpacing"
    assert r["length"] == pytest.approx(math.hypot(30 * 0.25, 40 * 0.5))
    assert r.get("length").unit == "mm"


def test_angle_measured_in_mm(aniso):
    frame, ref = aniso
    # A right angle in pixels is not one in millimetres when pixels are not square.
    r = compute(Measurement(K.ANGLE, [(20, 10), (10, 10), (10, 20)], ref), frame)
    assert r["angle"] == pytest.approx(90.0)
    r = compute(Measurement(K.ANGLE, [(20, 10), (10, 10), (20, 20)], ref), frame)
    assert r["angle"] == pytest.approx(math.degrees(math.atan2(10 * 0.5, 10 * 0.25)))
    assert r.get("angle").unit == "°"


def test_cobb_is_the_acute_angle_between_lines(aniso):
    frame, ref = aniso
    a = [(0, 0), (40, 0)]  # horizontal
    b = [(40, 20), (0, 20 + 40 * 0.25 / 0.5)]  # drawn right-to-left, 45 degrees in mm
    r = compute(Measurement(K.COBB, a + b, ref), frame)
    assert r["angle"] == pytest.approx(45.0)


def test_bidirectional_long_and_short(aniso):
    frame, ref = aniso
    short = [(10, 10), (10, 14)]  # 4 rows = 2 mm
    long = [(5, 12), (45, 12)]  # 40 columns = 10 mm
    r = compute(Measurement(K.BIDIRECTIONAL, short + long, ref), frame)
    assert r["long_axis"] == pytest.approx(10.0)
    assert r["short_axis"] == pytest.approx(2.0)
    assert [v.name for v in r.values] == ["short_axis", "long_axis"]  # stroke order


def _expected_stats(mask):
    hu = ramp(0).astype(np.float64)
    v = hu[mask]
    return v.mean(), v.std(), v.min(), v.max()


def test_rectangle_roi_area_and_stats(aniso):
    frame, ref = aniso
    m = Measurement(K.RECTANGLE, [(10, 5), (30, 15)], ref)
    r = compute(m, frame)
    assert r["area"] == pytest.approx(20 * 10 * 0.25 * 0.5)
    assert r.get("area").unit == "mm²"
    # Pixel centres inside: columns 10..29, rows 5..14.
    mask = np.zeros((ROWS, COLS), bool)
    mask[5:15, 10:30] = True
    assert (roi_mask(m, (ROWS, COLS)) == mask).all()
    mean, std, lo, hi = _expected_stats(mask)
    assert r.pixel_count == 200
    assert (r["mean"], r["std"], r["min"], r["max"]) == pytest.approx((mean, std, lo, hi))
    assert r.get("mean").unit == "HU"
    assert lo == 10 + 500 - 3000 and hi == 29 + 1400 - 3000


def test_ellipse_roi(aniso):
    frame, ref = aniso
    m = Measurement(K.ELLIPSE, ellipse_from_box((20, 10), (60, 40)), ref)
    r = compute(m, frame)
    assert r["area"] == pytest.approx(math.pi * 20 * 15 * 0.25 * 0.5)
    rr, cc = np.mgrid[0:ROWS, 0:COLS] + 0.5
    mask = ((cc - 40) / 20) ** 2 + ((rr - 25) / 15) ** 2 <= 1
    assert (roi_mask(m, (ROWS, COLS)) == mask).all()
    assert (r["mean"], r["std"], r["min"], r["max"]) == pytest.approx(_expected_stats(mask))
    # The pixel count approaches the geometric area.
    assert r.pixel_count == pytest.approx(math.pi * 20 * 15, rel=0.02)


def test_polygon_and_freehand(aniso):
    frame, ref = aniso
    tri = [(10, 10), (50, 10), (10, 50)]
    for kind in (K.POLYGON, K.FREEHAND):
        m = Measurement(kind, tri, ref)
        r = compute(m, frame)
        assert r["area"] == pytest.approx(40 * 40 / 2 * 0.25 * 0.5)
        rr, cc = np.mgrid[0:ROWS, 0:COLS] + 0.5
        mask = (cc > 10) & (rr > 10) & (cc + rr < 60)
        # Pixel centres never fall on these edges (they are at .5), so the rule is unambiguous.
        assert (roi_mask(m, (ROWS, COLS)) == mask).all()
        assert (r["mean"], r["std"], r["min"], r["max"]) == pytest.approx(_expected_stats(mask))


def test_probe_reads_the_pixel_under_the_point(aniso):
    frame, ref = aniso
    r = compute(Measurement(K.PROBE, [(12.9, 7.1)], ref), frame)
    assert r["value"] == 12 + 700 - 3000
    r = compute(Measurement(K.PROBE, [(200, 7)], ref), frame)
    assert r.get("value") is None and "outside" in r.messages[0]


def test_uncalibrated_lengths_in_pixels(tmp_path):
    frame, ref = _frame(tmp_path, calibrated=False)
    r = compute(Measurement(K.LENGTH, [(0, 0), (3, 4)], ref), frame)
    assert r.calibration == "uncalibrated px"
    assert r["length"] == pytest.approx(5.0)
    assert r.get("length").unit == "px"
    r = compute(Measurement(K.RECTANGLE, [(0, 0), (3, 4)], ref), frame)
    assert r["area"] == 12 and r.get("area").unit == "px²"
    assert any("pixels" in msg for msg in r.messages)


def test_imager_pixel_spacing_magnification(tmp_path):
    def dx(ds):
        del ds.PixelSpacing
        ds.ImagerPixelSpacing = [0.2, 0.2]
        ds.EstimatedRadiographicMagnificationFactor = 1.25

    frame, ref = _frame(tmp_path, edit=dx)
    r = compute(Measurement(K.LENGTH, [(0, 0), (100, 0)], ref), frame)
    assert r.calibration == "ImagerPixelSpacing (magnification-corrected)"
    assert r["length"] == pytest.approx(100 * 0.2 / 1.25)


def test_padding_excluded_from_stats(tmp_path):
    def pad(ds):
        ds.add_new(0x00280120, "SS", 0)  # Pixel Padding Value: stored 0 (HU -1024), set only below
        arr = ds.pixel_array.copy()
        arr[5:10, 10:20] = 0
        ds.PixelData = arr.tobytes()

    frame, ref = _frame(tmp_path, edit=pad)
    m = Measurement(K.RECTANGLE, [(10, 5), (30, 15)], ref)
    r = compute(m, frame)
    assert r.pixel_count == 200 - 50


def test_suv_factor_by_decay_correction():
    ds = Dataset()
    ds.Modality = "PT"
    ds.Units = "BQML"
    ds.CorrectedImage = ["ATTN", "DECY"]
    ds.DecayCorrection = "START"
    ds.PatientWeight = 70
    ds.SeriesDate = "20240101"
    ds.SeriesTime = "110000"
    item = Dataset()
    item.RadionuclideTotalDose = 370e6
    item.RadionuclideHalfLife = 6586.2
    item.RadiopharmaceuticalStartTime = "100000"
    ds.RadiopharmaceuticalInformationSequence = [item]
    decayed = 370e6 * math.exp(-math.log(2) * 3600 / 6586.2)
    assert suv_bw_factor(ds).factor == pytest.approx(70000 / decayed)
    ds.DecayCorrection = "ADMIN"
    assert suv_bw_factor(ds).factor == pytest.approx(70000 / 370e6)
    ds.DecayCorrection = "START"
    item.RadiopharmaceuticalStartTime = "233000"  # injected the evening before (no dates)
    ds.SeriesTime = "003000"
    assert suv_bw_factor(ds).factor == pytest.approx(70000 / decayed)
    del ds.PatientWeight
    f = suv_bw_factor(ds)
    assert f.factor is None and "Weight" in f.message
    ds.PatientWeight = 70
    ds.Units = "CNTS"
    assert "CNTS" in suv_bw_factor(ds).message


def test_suv_on_real_pet(tmp_path):
    from conftest import shared_data

    path = shared_data("gh-suyashkumar-dicom", "testdata", "1.dcm")
    ds = pydicom.dcmread(path)
    frame = load_frame(FrameRef(path, 0, ds.SOPInstanceUID, 1))
    ref = ImageRef(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, 0)
    m = Measurement(K.RECTANGLE, [(40, 40), (90, 90)], ref)
    r = compute(m, frame)
    # By hand: 15:23:16.921 - 14:17:00 = 3976.921 s; F-18 half-life 6586.2 s.
    decayed = 178340011.59668 * math.exp(-math.log(2) * 3976.921 / 6586.2)
    factor = 69.7344 * 1000 / decayed
    assert r.get("mean").unit == "Bq/ml"
    assert r["suv_max"] == pytest.approx(r["max"] * factor, rel=1e-6)
    assert r["suv_mean"] == pytest.approx(r["mean"] * factor, rel=1e-6)
    hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    assert r["max"] == pytest.approx(hu[40:90, 40:90].max(), rel=1e-5)


def test_pet_without_weight_says_why(tmp_path):
    from conftest import shared_data

    path = shared_data("gh-suyashkumar-dicom", "testdata", "1.dcm")
    ds = pydicom.dcmread(path)
    del ds.PatientWeight
    out = tmp_path / "pt.dcm"
    ds.save_as(out)
    frame = load_frame(FrameRef(out, 0, ds.SOPInstanceUID, 1))
    r = compute(Measurement(K.PROBE, [(64, 64)], ImageRef("s", "s", ds.SOPInstanceUID, 0)), frame)
    assert r.get("suv") is None
    assert any("Weight" in msg for msg in r.messages)


def test_describe_reads_like_a_label(aniso):
    frame, ref = aniso
    m = Measurement(K.RECTANGLE, [(10, 5), (30, 15)], ref, "liver")
    text = describe(m, compute(m, frame))
    assert text.startswith("liver: Area 25.0 mm², Mean")
    assert "HU" in text


def test_polygon_mask_matches_a_point_by_point_test():
    from viewer.model.measure.shapes import point_in_polygon, polygon_mask

    rng = np.random.default_rng(7)
    t = np.sort(rng.uniform(0, 2 * np.pi, 40))
    r = rng.uniform(5, 20, 40)
    star = [(25 + rr * np.cos(a), 22 + rr * np.sin(a)) for rr, a in zip(r, t)]
    star += [(3.0, 3.0), (48.0, 40.0)]  # and make it self-intersecting
    mask = polygon_mask(star, (45, 50))
    brute = np.array([[point_in_polygon(star, (c + 0.5, rr + 0.5)) for c in range(50)] for rr in range(45)])
    assert (mask == brute).all()
    big = [(256 + 200 * np.cos(a), 256 + 180 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 500, endpoint=False)]
    area = polygon_mask(big, (512, 512)).sum()  # its speed: `cauri bench measure`
    assert area == pytest.approx(np.pi * 200 * 180, rel=0.01)
