"""PET SUV: the Philips private factors when the standard body-weight route cannot be taken, and a
message naming the missing header when nothing allows SUV. Expected values are computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset

from synthetic import write_series
from viewer.model.displaysets import FrameRef
from viewer.model.frames import load_frame
from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K, compute, suv_bw_factor

SLOPE = 2.5  # stored 1 -> 2.5 rescaled units
SUV_FACTOR = 0.000123  # (7053,1000): rescaled value x this = SUVbw
ACTIVITY_FACTOR = 3.2  # (7053,1009): rescaled counts x this = Bq/ml


def _values(_i):
    r, c = np.mgrid[0:16, 0:16]
    return (100 + c + 16 * r).astype(np.int16)  # stored values 1124.. after write_series' +1024


def _pet(tmp_path, units="CNTS", suv=SUV_FACTOR, activity=None, weight=None, implicit=False):
    info = write_series(tmp_path / "pt", slices=1, rows=16, cols=16, hu_slices=_values, shuffle=False)
    path = info["files"][0]
    ds = pydicom.dcmread(path)
    ds.Modality = "PT"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.128"
    ds.Units = units
    ds.RescaleSlope, ds.RescaleIntercept = SLOPE, 0
    del ds.RescaleType
    ds.CorrectedImage = ["ATTN", "DECY"]
    ds.DecayCorrection = "START"
    ds.SeriesTime = "110000"
    if weight is not None:
        ds.PatientWeight = weight
    item = Dataset()
    item.RadionuclideTotalDose = 370e6
    item.RadionuclideHalfLife = 6586.2
    item.RadiopharmaceuticalStartTime = "100000"
    ds.RadiopharmaceuticalInformationSequence = [item]
    block = ds.private_block(0x7053, "Philips PET Private Group", create=True)
    if suv is not None:
        block.add_new(0x00, "DS", str(suv))
    if activity is not None:
        block.add_new(0x09, "DS", str(activity))
    if implicit:  # the element's VR is lost: the reader gets raw bytes
        ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
    ds.save_as(path, enforce_file_format=True)
    ds = pydicom.dcmread(path)
    ref = ImageRef(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, 0)
    return load_frame(FrameRef(path, 0, ds.SOPInstanceUID, 1)), ref


@pytest.mark.parametrize("implicit", [False, True])
def test_philips_suv_scale_factor_on_counts(tmp_path, implicit):
    frame, ref = _pet(tmp_path, implicit=implicit)
    r = compute(Measurement(K.PROBE, [(3.5, 2.5)], ref), frame)
    stored = 100 + 3 + 16 * 2 + 1024  # column 3, row 2 of _values, +1024 from write_series
    assert r["value"] == pytest.approx(stored * SLOPE)
    assert r["suv"] == pytest.approx(stored * SLOPE * SUV_FACTOR)
    assert any("(7053,1000)" in m for m in r.messages)


def test_philips_factor_when_standard_route_lacks_weight(tmp_path):
    frame, ref = _pet(tmp_path, units="BQML")  # no Patient's Weight
    r = compute(Measurement(K.RECTANGLE, [(0, 0), (2, 1)], ref), frame)
    mean_stored = (100 + 0 + 100 + 1) / 2 + 1024
    assert r["suv_mean"] == pytest.approx(mean_stored * SLOPE * SUV_FACTOR)
    assert any("(7053,1000)" in m and "(0010,1030)" in m for m in r.messages)


def test_standard_route_wins_over_philips_factor(tmp_path):
    frame, ref = _pet(tmp_path, units="BQML", weight=70)
    r = compute(Measurement(K.PROBE, [(0.5, 0.5)], ref), frame)
    decayed = 370e6 * math.exp(-math.log(2) * 3600 / 6586.2)
    assert r["suv"] == pytest.approx((100 + 1024) * SLOPE * 70000 / decayed)
    assert not any("7053" in m for m in r.messages)


def test_philips_activity_factor_then_body_weight(tmp_path):
    frame, ref = _pet(tmp_path, suv=None, activity=ACTIVITY_FACTOR, weight=70)
    r = compute(Measurement(K.PROBE, [(0.5, 0.5)], ref), frame)
    decayed = 370e6 * math.exp(-math.log(2) * 3600 / 6586.2)
    assert r["suv"] == pytest.approx((100 + 1024) * SLOPE * ACTIVITY_FACTOR * 70000 / decayed)
    assert any("(7053,1009)" in m for m in r.messages)


def test_counts_without_any_factor_say_which_header(tmp_path):
    frame, ref = _pet(tmp_path, suv=None)
    r = compute(Measurement(K.PROBE, [(0.5, 0.5)], ref), frame)
    assert r.get("suv") is None
    assert any("CNTS" in m and "(7053,1000)" in m for m in r.messages)


@pytest.mark.parametrize(
    "remove, named",
    [
        ("PatientWeight", "(0010,1030)"),
        ("RadionuclideTotalDose", "(0018,1074)"),
        ("RadionuclideHalfLife", "(0018,1075)"),
        ("RadiopharmaceuticalStartTime", "(0018,1072)"),
        ("SeriesTime", "(0008,0031)"),
        ("DecayCorrection", "(0054,1102)"),
        ("RadiopharmaceuticalInformationSequence", "(0054,0016)"),
    ],
)
def test_each_missing_header_is_named(remove, named):
    ds = Dataset()
    ds.Modality, ds.Units, ds.DecayCorrection = "PT", "BQML", "START"
    ds.PatientWeight, ds.SeriesDate, ds.SeriesTime = 70, "20240101", "110000"
    item = Dataset()
    item.RadionuclideTotalDose, item.RadionuclideHalfLife, item.RadiopharmaceuticalStartTime = 370e6, 6586.2, "100000"
    ds.RadiopharmaceuticalInformationSequence = [item]
    assert suv_bw_factor(ds).factor is not None
    delattr(item if remove in item else ds, remove)
    found = suv_bw_factor(ds)
    assert found.factor is None and named in found.message
