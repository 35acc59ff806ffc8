"""Findings as DICOM: create -> save SR + GSPS + KO -> fresh cache -> read back -> same measurements;
every written object is dciodvfy-clean."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from synthetic import write_series
from viewer.dicom.pixels import Window
from viewer.model.measurements import (
    AnnotationStore,
    ImageRef,
    Measurement,
    MeasurementKind as K,
    Source,
    compute_on_cache,
    ellipse_from_box,
    read_findings,
    save_findings,
)
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

MULTIFRAME_SC = "1.2.840.10008.5.1.4.1.1.7.3"  # Multi-frame Grayscale Word Secondary Capture


def write_multiframe(folder: Path, study_uid: str, frames: int = 3) -> Path:
    """A small multi-frame grayscale image (no pixel spacing: uncalibrated) in the same study."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MULTIFRAME_SC
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    path = folder / "mf.dcm"
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID, ds.SOPInstanceUID = MULTIFRAME_SC, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, generate_uid()
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "SYNTHÉTIQUE^Koffi", "SYN-001", "19800214", "F"
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber = "20261120", "101500", "ACC-SYN-1"
    ds.Modality, ds.ConversionType, ds.SeriesNumber, ds.InstanceNumber = "OT", "WSD", 7, 1
    ds.NumberOfFrames, ds.Rows, ds.Columns = frames, 32, 40
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = (np.arange(frames * 32 * 40, dtype=np.uint16).reshape(frames, 32, 40) % 4096).tobytes()
    ds.save_as(path, enforce_file_format=True)
    return path


def dciodvfy_errors(path: Path) -> list[str]:
    if shutil.which("dciodvfy") is None:
        pytest.skip("dciodvfy (dicom3tools) is not installed")
    out = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True, errors="replace", timeout=60)
    return [line for line in (out.stdout + out.stderr).splitlines() if line.startswith("Error")]


def read_back(cache, study_uid, measurements):
    """(findings, measurements by id) read from ``cache``: no problem, exactly the ids written."""
    found = read_findings(cache, study_uid)
    assert found.problems == []
    by_id = {m.id: m for m in found.measurements}
    assert set(by_id) == {m.id for m in measurements}
    return found, by_id


def assert_reported(expected, got) -> None:
    """The values an SR states for ``got`` are those computed before saving (``expected``)."""
    want = {(v.name, v.unit): v.value for v in expected.values}
    have = {(v.name, v.unit): v.value for v in got.reported}
    assert have.keys() == want.keys(), got.kind
    for key, value in want.items():
        assert have[key] == pytest.approx(value, rel=1e-6, abs=1e-9), (got.kind, key)


@pytest.fixture
def study(tmp_path):
    """A cache holding an anisotropic CT series and a multi-frame image of the same study."""
    src = tmp_path / "src"
    info = write_series(src / "ct", slices=3, rows=64, cols=64, spacing=(0.7, 0.5), shuffle=False)
    mf = write_multiframe(src / "mf", info["study_uid"])
    cache = StudyCache(tmp_path / "cache1")
    report = import_paths(cache, [src])
    assert report.imported == 4
    cts = [pydicom.dcmread(f, stop_before_pixels=True) for f in info["files"]]
    mfd = pydicom.dcmread(mf, stop_before_pixels=True)
    refs = [ImageRef(d.StudyInstanceUID, d.SeriesInstanceUID, d.SOPInstanceUID, 0) for d in cts]
    mf_ref = ImageRef(mfd.StudyInstanceUID, mfd.SeriesInstanceUID, mfd.SOPInstanceUID, 2)
    yield cache, info["study_uid"], refs, mf_ref, src
    cache.close()


def make_measurements(refs, mf_ref) -> list[Measurement]:
    a, b = refs[0], refs[1]
    return [
        Measurement(K.LENGTH, [(10.5, 10.5), (40.25, 50.75)], a, "L1"),
        Measurement(K.ANGLE, [(10, 10), (30, 30), (50, 12)], a),
        Measurement(K.COBB, [(5, 5), (40, 9), (8, 40), (44, 30)], a, "thoracic"),
        Measurement(K.BIDIRECTIONAL, [(10, 20), (50, 24), (30, 10), (28, 34)], b),
        Measurement(K.ELLIPSE, ellipse_from_box((20, 20), (50, 40)), b, "lesion"),
        Measurement(K.RECTANGLE, [(5, 5), (25, 15)], b),
        Measurement(K.POLYGON, [(10, 10), (50, 12), (30, 50)], a),
        Measurement(K.FREEHAND, [(10 + 8 * np.cos(t), 30 + 6 * np.sin(t)) for t in np.linspace(0, 6, 25)], a),
        Measurement(K.PROBE, [(47.5, 20.5)], a),
        Measurement(K.ARROW, [(60, 60), (40, 40)], b, "see here"),
        Measurement(K.TEXT, [(8, 56)], b, "Note: <b>not bold</b> é"),
        Measurement(K.LENGTH, [(1, 1), (11, 1)], mf_ref),  # frame 3 of a multi-frame, uncalibrated
        Measurement(K.ELLIPSE, ellipse_from_box((5, 5), (25, 25)), mf_ref),
    ]


def test_round_trip_through_a_fresh_cache(study, tmp_path):
    cache, study_uid, refs, mf_ref, src = study
    measurements = make_measurements(refs, mf_ref)
    key_images = [refs[1], mf_ref]
    windows = {refs[0]: Window(40.0, 400.0), refs[1]: Window(-600.0, 1500.0), mf_ref: Window(2000, 4000)}
    expected = {m.id: compute_on_cache(cache, m) for m in measurements}
    notes: list[str] = []
    uids = save_findings(cache, study_uid, measurements, key_images, windows, notes=notes)
    assert len(uids) == 1 + 2 + 1, notes  # SR, one GSPS per image group (CT series, multi-frame), KO
    written = [cache.instance_path(u) for u in uids]
    for path in written:
        assert path is not None and path.exists()
        assert dciodvfy_errors(path) == [], path

    # A fresh cache that only ever saw the images and the written objects.
    fresh = StudyCache(tmp_path / "cache2")
    try:
        report = import_paths(fresh, [src, *written])
        assert report.imported == 4 + len(written)
        assert AnnotationStore(fresh.root).load(study_uid) == []
        found, by_id = read_back(fresh, study_uid, measurements)
        for m in measurements:
            got = by_id[m.id]
            assert got.kind is m.kind, m.kind
            assert got.image == m.image, m.kind
            assert got.label == m.label, m.kind
            assert np.allclose(got.points, m.points, atol=1e-4), m.kind
            if m.kind in (K.ARROW, K.TEXT):
                assert got.source is Source.GSPS
                continue
            assert got.source is Source.SR
            assert_reported(expected[m.id], got)
            # Recomputed on the fresh cache: the same numbers.
            again = compute_on_cache(fresh, got)
            assert [v.name for v in again.values] == [v.name for v in expected[m.id].values]
            assert [v.value for v in again.values] == pytest.approx([v.value for v in expected[m.id].values])

        (ko,) = found.key_images
        assert set(ko.images) == set(key_images)
        assert len(found.presentation_states) == 2
        for ref, window in windows.items():
            ps = next(p for p in found.presentation_states if any(i.sop_uid == ref.sop_uid for i in p.images))
            got_w = ps.window_for(ref)
            assert (got_w.center, got_w.width) == (window.center, window.width)
        kinds = {d.kind for d in found.documents}
        assert kinds == {"SR"}
    finally:
        fresh.close()


def test_saving_again_replaces_the_previous_snapshot(study):
    cache, study_uid, refs, mf_ref, _ = study
    first = Measurement(K.LENGTH, [(1, 1), (20, 1)], refs[0])
    second = Measurement(K.RECTANGLE, [(1, 1), (20, 9)], refs[0])
    save_findings(cache, study_uid, [first, second])
    save_findings(cache, study_uid, [second])  # the length was deleted before the second save
    found = read_findings(cache, study_uid)
    assert [m.id for m in found.measurements] == [second.id]
    # Both saves went into the same Cauri series.
    sr_series = [s for s in cache.series_of(study_uid) if s.modality == "SR"]
    assert len(sr_series) == 1 and sr_series[0].instance_count == 2


def test_nothing_to_save(study):
    cache, study_uid, *_ = study
    notes: list[str] = []
    assert save_findings(cache, study_uid, [], notes=notes) == []
    assert notes == ["nothing to save"]


def test_cli_lists_store_sr_and_gsps(study, tmp_path, monkeypatch, capsys):
    import json

    from viewer.cli import main

    cache, study_uid, refs, mf_ref, _ = study
    saved = Measurement(K.LENGTH, [(0.5, 0.5), (10.5, 0.5)], refs[0], "saved")
    save_findings(cache, study_uid, [saved, Measurement(K.ARROW, [(5, 5), (9, 9)], refs[0])])
    local = Measurement(K.ELLIPSE, ellipse_from_box((10, 10), (30, 20)), refs[1], "only local")
    AnnotationStore(cache.root).save(study_uid, [saved, local])
    home = tmp_path / "home"
    # Point the CLI's home at a layout whose store is this cache.
    store = home / "data" / "store"
    store.parent.mkdir(parents=True)
    cache.close()
    shutil.move(str(cache.root), str(store))
    assert main(["measurements", "--home", str(home), "--study-uid", study_uid, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_label = {r["label"]: r for r in rows}
    assert by_label["saved"]["sources"] == ["cauri", "SR", "GSPS"]
    assert by_label["saved"]["values"][0] == {"name": "length", "value": pytest.approx(5.0), "unit": "mm"}
    assert by_label["saved"]["sop_instance_uid"] == refs[0].sop_uid and by_label["saved"]["frame"] == 1
    assert by_label["only local"]["sources"] == ["cauri"]
    assert any(r["type"] == "arrow" and r["sources"] == ["GSPS"] for r in rows)
    assert main(["measurements", "--home", str(home), "--study-uid", study_uid]) == 0
    text = capsys.readouterr().out
    assert "only local" in text and "5.00 mm" in text and "GSPS" in text


def test_pet_suv_round_trip(tmp_path):
    from conftest import shared_data

    path = shared_data("gh-suyashkumar-dicom", "testdata", "1.dcm")
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    ref = ImageRef(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, 0)
    with StudyCache(tmp_path / "cache") as cache:
        import_paths(cache, [path])
        roi = Measurement(K.ELLIPSE, ellipse_from_box((40, 40), (90, 80)), ref, "liver")
        probe = Measurement(K.PROBE, [(64.5, 64.5)], ref)
        want = {m.id: compute_on_cache(cache, m) for m in (roi, probe)}
        assert want[roi.id].get("suv_max") is not None and want[probe.id].get("suv") is not None
        uids = save_findings(cache, ds.StudyInstanceUID, [roi, probe], window_by_image={ref: Window(5000, 20000)})
        for uid in uids:
            assert dciodvfy_errors(cache.instance_path(uid)) == []
        found = {m.id: m for m in read_findings(cache, ds.StudyInstanceUID).measurements}
    for m in (roi, probe):
        got = {(v.name, v.unit): v.value for v in found[m.id].reported}
        assert got == pytest.approx({(v.name, v.unit): v.value for v in want[m.id].values}, rel=1e-6)
    assert found[probe.id].kind is K.PROBE and found[probe.id].points == probe.points
    assert ("suv_mean", "SUVbw") in {(v.name, v.unit) for v in found[roi.id].reported}


def test_a_later_document_of_cauris_does_not_hide_the_measurements(study, tmp_path):
    """A second opinion's answer (Basic Text SR) or a report written after the last save is also Cauri's, and
    later: it is not a snapshot of the measurements and must not be taken for the latest save (it was, when
    the answer's second ticked after the findings': the expert's measurement vanished from the study)."""
    from viewer.distribute.second_opinion.answer_sr import build_answer_sr
    from viewer.distribute.second_opinion.common import import_datasets

    cache, study_uid, refs, _mf_ref, _ = study
    length = Measurement(K.LENGTH, [(1, 1), (20, 1)], refs[0], "nodule")
    save_findings(cache, study_uid, [length])
    header = pydicom.dcmread(cache.instances_of(refs[0].series_uid)[0].path, stop_before_pixels=True)
    answer = build_answer_sr(header, "Question ?", "Réponse.", "Pr Dupont")
    answer.ContentDate, answer.ContentTime = "29991231", "235959"  # unmistakably later than the save
    import_datasets(cache, [answer])
    found = read_findings(cache, study_uid)
    assert [m.id for m in found.measurements] == [length.id]
