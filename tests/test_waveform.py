"""Waveforms read with their calibration, listed by ``cauri info`` with their kind and drawn by ``cauri render``
on the ECG paper; a malformed one is a message. Expected values are hand computations from the stored integers
(Channel Sensitivity x Correction Factor + Baseline, PS3.3 C.10.9.1.4) and from the paper's definition."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset
from store_fixtures import corpus

ECG = ("pypi-pydicom-3.0.2", "test_files", "waveform_ecg.dcm")
HEMODYNAMIC = ("gh-cornerstonejs-dicomParser", "testImages", "deflate", "wave_dfl")


def _code(value, meaning, scheme="UCUM"):
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def write_general_ecg(path, samples, sensitivity=2.5, units="uV", correction=0.9, baseline=0.1, frequency=500):
    """A General ECG object of one channel (lead II) with the given raw samples and calibration."""
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.9.1.2"
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Modality, ds.PatientName, ds.PatientID = "ECG", "SYNTHETIQUE^Ecg", "SYN-ECG"
    group = Dataset()
    group.MultiplexGroupLabel, group.SamplingFrequency = "RHYTHM", frequency
    group.NumberOfWaveformChannels, group.NumberOfWaveformSamples = 1, len(samples)
    group.WaveformBitsAllocated, group.WaveformSampleInterpretation = 16, "SS"
    channel = Dataset()
    channel.ChannelSourceSequence = [_code("5.6.3-9-2", "Lead II", "SCPECG")]
    channel.ChannelSensitivity, channel.ChannelSensitivityCorrectionFactor = sensitivity, correction
    channel.ChannelSensitivityUnitsSequence = [_code(units, units)]
    channel.ChannelBaseline, channel.WaveformBitsStored = baseline, 16
    group.ChannelDefinitionSequence = [channel]
    group.WaveformData = np.asarray(samples, "<i2").tobytes()
    ds.WaveformSequence = [group]
    ds.save_as(path, enforce_file_format=True)
    return ds


def cauri(*args, home):
    return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], capture_output=True,
                          text=True, timeout=120)


def test_a_channel_is_calibrated_by_sensitivity_correction_and_baseline_in_millivolts(tmp_path):
    from cauri_builtins.waveform.reading import read_waveform

    write_general_ecg(tmp_path / "ecg.dcm", [0, 400, -200, 1000])
    lead = read_waveform(tmp_path / "ecg.dcm").main.lead("II")
    # 400 x 2.5 µV x 0.9 + 0.1 µV = 900.1 µV = 0.9001 mV
    assert lead.units == "mV"
    assert lead.values.tolist() == pytest.approx([0.0001, 0.9001, -0.4499, 2.2501])


def test_the_corpus_ecg_reads_its_twelve_leads_and_stored_measurements():
    from cauri_builtins.waveform.reading import read_waveform

    path = corpus(*ECG)
    wave = read_waveform(path)
    raw = np.frombuffer(pydicom.dcmread(path).WaveformSequence[0].WaveformData, "<i2").reshape(10000, 12)
    ii = wave.main.lead("II")
    assert [c.label for c in wave.main.channels][:3] == ["I", "II", "III"] and wave.main.frequency == 1000
    assert ii.values[:100].tolist() == pytest.approx((raw[:100, 1] * 1.25 / 1000).tolist())  # 1.25 µV a step
    stored = {a.text: a.value for a in wave.annotations if a.value is not None}
    assert stored["RR Interval"] == 982 and stored["QT Interval"] == 368 and stored["QRS Axis"] == 52
    assert any(a.text == "RITMO SINUSALE" for a in wave.annotations)


def test_caliper_maths_from_the_paper():
    from cauri_builtins.waveform.layout import (
        Caliper,
        caliper_results,
        heart_rate,
        interval_ms,
        qtc_bazett,
    )

    from viewer.model.registry import load_plugins
    from viewer.plugin_api import in_language

    load_plugins()  # the built-in plugin gives its French at register
    assert interval_ms(10.0, 35.0, 25.0) == pytest.approx(1000.0)  # 25 mm at 25 mm/s is one second
    assert heart_rate(800.0) == pytest.approx(75.0)
    assert qtc_bazett(400.0, 640.0) == pytest.approx(500.0)  # 400 / sqrt(0.64)
    from cauri_builtins.waveform.layout import px_per_mm

    assert px_per_mm(127.0) == (5.0, True)  # 127 dpi: 5 px a mm, the screen's true size
    assert px_per_mm(0.0) == (96 / 25.4, False)  # a screen without a size: nominal 96 dpi, and said so
    said = [in_language(m, "fr") for m in caliper_results([Caliper("RR", 0, 20, 0), Caliper("QT", 0, 10, 0)], 25.0)]
    assert said == ["RR 800 ms", "QT 400 ms", "fréquence cardiaque 75 batt/min", "QTc (Bazett) 447 ms"]


def test_info_lists_waveforms_with_their_kind_channels_rate_and_duration(tmp_path):
    result = cauri("info", "--json", str(corpus(*ECG)), str(corpus(*HEMODYNAMIC)), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    entries = {e["waveform"]: e for e in json.loads(result.stdout)["series"]}
    ecg, hemo = entries["12-lead ECG"], entries["Hemodynamic"]
    assert ecg["kind"] == "waveform" and ecg["sampling_rate_hz"] == 1000 and ecg["duration_s"] == 10
    assert ecg["channels"] == ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    assert hemo["kind"] == "waveform" and hemo["sampling_rate_hz"] == 240 and hemo["duration_s"] == 10
    text = cauri("info", str(corpus(*ECG)), home=tmp_path / "home").stdout
    assert "waveform: 12-lead ECG, 12 channels" in text and "1000 Hz, 10 s" in text and "unsupported" not in text


def _png(path):
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    buf = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return buf.reshape(image.height(), image.bytesPerLine())[:, :3 * image.width()].reshape(
        image.height(), image.width(), 3).copy()


def test_render_draws_the_ecg_sheet_on_a_5_mm_grid(tmp_path):
    out = tmp_path / "ecg.png"
    result = cauri("render", str(corpus(*ECG)), "--out", str(out), "--lang", "fr", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    pixels = _png(out)
    # 4 px/mm; 5 + 10 mm before the traces, 10 s x 25 mm/s, 5 mm after: 270 mm. Header 20 mm, 4 rows of
    # 30 mm (3 mV at 10 mm/mV), 5 mm under: 145 mm.
    assert pixels.shape[:2] == (580, 1080)
    row = pixels[578]  # the bottom margin: paper only
    majors = np.flatnonzero(np.all(row == (226, 128, 128), axis=1))
    assert np.all(np.diff(majors) == 20)  # a major square is 5 mm = 20 px
    assert len(majors) == 54


def test_a_malformed_waveform_is_a_message_not_a_crash(tmp_path):
    (tmp_path / "in").mkdir()
    write_general_ecg(tmp_path / "in" / "bad.dcm", [1, 2, 3, 4])
    ds = pydicom.dcmread(tmp_path / "in" / "bad.dcm")
    ds.WaveformSequence[0].NumberOfWaveformSamples = 5000  # declares more than it holds
    ds.save_as(tmp_path / "in" / "bad.dcm")
    info = cauri("info", "--json", str(tmp_path / "in"), home=tmp_path / "home")
    entry = json.loads(info.stdout)["series"][0]
    assert entry["kind"] == "waveform"
    assert entry["warnings"] == ["waveform group 1 holds fewer samples than it declares"]
    render = cauri("render", str(tmp_path / "in"), "--out", str(tmp_path / "bad.png"), "--lang", "fr",
                   home=tmp_path / "home")
    assert render.returncode == 1 and "Traceback" not in render.stderr
    assert "le groupe de tracés 1 contient moins d'échantillons qu'il n'en annonce" in render.stderr


def test_a_pressure_channel_has_its_own_units_and_fills_its_row(tmp_path):
    from cauri_builtins.waveform.layout import sheet_for, value_y
    from cauri_builtins.waveform.reading import read_waveform

    write_general_ecg(tmp_path / "p.dcm", [80, 100, 120], sensitivity=1.0, units="mm[Hg]", correction=1.0,
                      baseline=0.0)
    group = read_waveform(tmp_path / "p.dcm").main
    assert group.channels[0].units == "mm[Hg]"  # not turned into mV: it is no voltage
    sheet = sheet_for(group, "standard", 25.0, 10.0)  # not a 12-lead record: one row per channel
    (trace,) = sheet.traces
    # A 30 mm row (3 mV at 10 mm/mV); 80..120 mmHg fills 80 % of it: 24 mm for 40 mmHg, centred on 100.
    assert value_y(trace, 100.0) == pytest.approx(trace.baseline)
    assert value_y(trace, 120.0) == pytest.approx(trace.baseline - 12.0)
    assert value_y(trace, 80.0) == pytest.approx(trace.baseline + 12.0)
