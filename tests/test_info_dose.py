"""``cauri info`` names an RT Dose as such (kind rtdose): its planes from the Grid Frame Offset Vector, its
units and maximum, read here independently with pydicom (stored value x Dose Grid Scaling)."""

from __future__ import annotations

import json

import pydicom
import pytest

from conftest import shared_data
from fusion_data import CORPUS_DOSE
from test_info_cmd import cauri


@pytest.mark.parametrize("name", ["rtdose.dcm", "rtdose_rle.dcm", "rtdose_expb_1frame.dcm"])
def test_info_lists_rt_dose_with_its_kind(tmp_path, name):
    path = shared_data(CORPUS_DOSE).with_name(name)
    ds = pydicom.dcmread(path)
    done = cauri(tmp_path, "info", "--json", str(path))
    assert done.returncode == 0, done.stderr
    entry = json.loads(done.stdout)["series"][0]
    assert entry["kind"] == "rtdose"
    dose = entry["dose"]
    frames = int(ds.get("NumberOfFrames", 1))
    assert dose["planes"] == frames
    offsets = [float(v) for v in ds.GridFrameOffsetVector] if frames > 1 else [0.0]
    assert dose["offsets_mm"] == [offsets[0], offsets[-1]]
    assert dose["max_gy"] == pytest.approx(float(ds.pixel_array.max()) * float(ds.DoseGridScaling), rel=1e-6)
    assert dose["dose_units"] == "RELATIVE" and dose["notes"]  # not Gy: the reader is told
    text = cauri(tmp_path, "info", str(path)).stdout
    assert "RT Dose (colourwash over its CT)" in text and f"{frames} dose plane" in text
