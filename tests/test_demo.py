"""The generated demo study: size, headers, HU values where anatomy puts them, geometry, determinism,
and validation by dciodvfy (dicom3tools) when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pydicom
import pytest

from viewer.dicom.demo import DEMO_PATIENT_ID, DEMO_PATIENT_NAME, demo_uids, generate_demo
from viewer.dicom.geometry import orientation_label, sort_stack
from viewer.dicom.pixels import describe_frame, read_frame, render_display, to_modality


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return generate_demo(out)


def _hu(path: Path) -> np.ndarray:
    ds = pydicom.dcmread(path)
    return to_modality(read_frame(ds), describe_frame(ds))


def test_demo_size(demo):
    info = demo  # how long generating it takes: `cauri bench open`
    assert len(info.ct_files) >= 220 and len(info.mr_files) >= 20
    assert info.files == info.ct_files + info.mr_files and all(p.is_file() for p in info.files)
    ct = pydicom.dcmread(info.ct_files[0])
    assert (ct.Rows, ct.Columns) == (512, 512)
    mr = pydicom.dcmread(info.mr_files[0])
    assert (mr.Rows, mr.Columns) == (256, 256)


def test_demo_headers(demo):
    info = demo
    ct = pydicom.dcmread(info.ct_files[10])
    assert ct.SpecificCharacterSet == "ISO_IR 192"
    assert str(ct.PatientName) == DEMO_PATIENT_NAME == "DEMO^Aïcha Béninoise"
    assert ct.PatientID == DEMO_PATIENT_ID and ct.IssuerOfPatientID == "CAURI"
    assert ct.StudyDescription == "TDM thoraco-abdominale (démo)"
    assert ct.PatientBirthDate and ct.PatientSex == "F" and ct.AccessionNumber and ct.StudyDate and ct.StudyTime
    assert ct.SOPClassUID == pydicom.uid.CTImageStorage and ct.Modality == "CT"
    assert ct.file_meta.MediaStorageSOPInstanceUID == ct.SOPInstanceUID
    assert ct.StudyInstanceUID == info.study_uid and ct.SeriesInstanceUID == info.series_uids[0]
    assert (ct.BitsAllocated, ct.BitsStored, ct.PixelRepresentation) == (16, 16, 1)
    assert (float(ct.RescaleIntercept), float(ct.RescaleSlope), ct.RescaleType) == (-1024.0, 1.0, "HU")
    assert float(ct.SliceThickness) >= 1.25 and float(ct.SliceThickness) <= 2.0
    assert 0.6 <= float(ct.PixelSpacing[0]) <= 0.8
    desc = describe_frame(ct)
    assert [w.explanation for w in desc.windows][:2] == ["MEDIASTIN", "POUMON"]
    assert read_frame(ct).dtype == np.int16
    mr = pydicom.dcmread(info.mr_files[0])
    assert mr.SOPClassUID == pydicom.uid.MRImageStorage and mr.StudyInstanceUID == info.study_uid
    assert mr.SeriesInstanceUID == info.series_uids[1] and mr.PhotometricInterpretation == "MONOCHROME2"
    assert read_frame(mr).dtype == np.uint16 and read_frame(mr).max() <= 4095
    assert len({pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in info.files[::7]}) == len(info.files[::7])


def test_demo_hounsfield_units(demo):
    info = demo
    ct = info.ct_files  # instance 1 = most superior; 2 mm apart, 500 mm from neck base to iliac crests
    chest, liver_level, pelvis = _hu(ct[85]), _hu(ct[135]), _hu(ct[240])
    for hu in (chest, liver_level, pelvis):
        assert abs(np.median(hu[:20, :20]) + 1000) < 30  # air around the patient
        assert hu.max() >= 700  # vertebra / ribs / pelvis cortical bone
        assert ((hu > -140) & (hu < -70)).mean() > 0.02  # subcutaneous fat
        assert ((hu > 20) & (hu < 70)).mean() > 0.05  # muscle and soft tissue
        assert hu.min() >= -1024
    assert ((chest > -950) & (chest < -750)).mean() > 0.10  # lungs
    body = liver_level[:430]  # above the table, whose foam core is also around -850 HU
    assert ((body > -950) & (body < -750)).mean() < 0.005  # no lung below the diaphragm
    # Liver: a large region of ~60 HU in the patient's right (image left) half.
    right = liver_level[:, :256]
    assert ((right > 45) & (right < 75)).mean() > 0.15
    # Vertebral body: cortical rim above 700 HU on the midline, posterior to the centre.
    midline = chest[256:, 250:262]
    assert midline.max() > 700


def test_demo_geometry(demo):
    info = demo
    headers = [pydicom.dcmread(p, stop_before_pixels=True) for p in info.ct_files]
    g = sort_stack([h.ImagePositionPatient for h in headers], [h.ImageOrientationPatient for h in headers])
    assert g.regular and not g.warnings and g.spacing == pytest.approx(float(headers[0].SliceThickness))
    assert g.normal == pytest.approx((0.0, 0.0, 1.0))
    assert g.order == tuple(reversed(range(len(headers))))  # instance 1 at the top, z descending
    assert len({h.FrameOfReferenceUID for h in headers}) == 1
    mr = [pydicom.dcmread(p, stop_before_pixels=True) for p in info.mr_files]
    gm = sort_stack([h.ImagePositionPatient for h in mr], [h.ImageOrientationPatient for h in mr])
    assert gm.regular and gm.spacing == pytest.approx(5.0)
    o = np.array(mr[0].ImageOrientationPatient, dtype=float)
    assert (orientation_label(o[:3]), orientation_label(o[3:])) == ("P", "F")  # sagittal


def test_demo_renders_with_its_windows(demo):
    info = demo
    ds = pydicom.dcmread(info.ct_files[85])
    desc = describe_frame(ds)
    stored = read_frame(ds)
    mediastinum, lung = (render_display(stored, desc, w) for w in desc.windows[:2])
    assert mediastinum.std() > 30 and lung.std() > 30 and (mediastinum != lung).mean() > 0.3
    mr = pydicom.dcmread(info.mr_files[12])
    img = render_display(read_frame(mr), describe_frame(mr), None)
    assert img.std() > 30


def test_demo_is_deterministic(demo, tmp_path):
    info = demo
    uids = demo_uids()
    assert info.study_uid == uids["study"] and info.series_uids == (uids["ct_series"], uids["mr_series"])
    a = generate_demo(tmp_path / "a", ct_slices=3, mr_slices=2)
    b = generate_demo(tmp_path / "b", ct_slices=3, mr_slices=2)
    assert a.study_uid == b.study_uid == info.study_uid and a.series_uids == info.series_uids
    for fa, fb in zip(a.files, b.files):
        assert fa.read_bytes() == fb.read_bytes()
    assert pydicom.dcmread(a.ct_files[0]).SOPInstanceUID == pydicom.dcmread(info.ct_files[0]).SOPInstanceUID
    assert not list((tmp_path / "a").rglob(".*.tmp"))  # temporary names renamed away


def test_demo_passes_dciodvfy(demo):
    tool = shutil.which("dciodvfy")
    if tool is None:
        pytest.skip("dciodvfy (dicom3tools) is not installed")
    info = demo
    for path in (info.ct_files[0], info.ct_files[-1], info.mr_files[0]):
        run = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=60)
        report = run.stdout + run.stderr
        assert run.returncode == 0 and "Error" not in report, report
