"""Issue 16: ``cauri export`` writes a patient's disc (IHE PDI) that other software validates and reads back.

Checked by independent tools, not by the code that wrote it: DCMTK's dcmdump reads every file, dicom3tools'
dciodvfy finds no error on a written instance that its source did not already have, DCMTK's dcmmkdir builds
its own DICOMDIR over the same files and finds the same instances at the same File IDs, pydicom's FileSet
reads ours back, and Cauri imports the media into a fresh home with the same instances and pixels. The ISO
image is read back with pycdlib (ISO 9660, Rock Ridge and Joliet trees). A full USB key is a real small
tmpfs in a private mount namespace: the export fails with a plain message and leaves nothing there.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pycdlib
import pydicom
import pytest
from pydicom.fileset import FileSet

from conftest import shared_data
from synthetic import write_series

pytestmark = pytest.mark.timeout(240)
PATIENT_NAME, PATIENT_ID = "SYNTHÉTIQUE^Koffi", "SYN-PDI-7"


def cauri(*args, home, rc=0) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "viewer", *map(str, args), "--home", str(home)],
                          capture_output=True, text=True, timeout=180)
    assert b"Traceback" not in proc.stderr.encode()
    if rc is not None:
        assert proc.returncode == rc, proc.stderr
    return proc


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """A home holding two studies: a synthetic CT (12 slices, two series) and a real CT from the corpus."""
    base = tmp_path_factory.mktemp("pdi")
    study = pydicom.uid.generate_uid()
    write_series(base / "src" / "ct", slices=8, study_uid=study, patient_id=PATIENT_ID, patient_name=PATIENT_NAME)
    write_series(base / "src" / "ct2", slices=4, study_uid=study, patient_id=PATIENT_ID, patient_name=PATIENT_NAME,
                 thickness=5.0)
    real = shared_data("pypi-pydicom-3.0.2", "test_files", "CT_small.dcm")
    shutil.copy(real, base / "src" / "real.dcm")
    home = base / "home"
    cauri("import", base / "src", home=home)
    return base, home, [study, str(pydicom.dcmread(real).StudyInstanceUID)]


def _sources_by_sop(home: Path) -> dict[str, Path]:
    return {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID): p
            for p in (home / "data" / "store" / "files").rglob("*") if p.is_file() and p.suffix == ".dcm"}


def _pixel_hash(path: Path) -> str:
    return hashlib.sha1(pydicom.dcmread(path).pixel_array.tobytes()).hexdigest()


def _dciodvfy_errors(path: Path) -> set[str]:
    out = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True).stderr
    return {line for line in out.splitlines() if line.startswith("Error")}


def test_folder_media_validates_and_reads_back_identically(cached, tmp_path):
    base, home, studies = cached
    out = tmp_path / "KEY"
    report = json.loads(cauri("export", "--study-uid", *studies, "--media", out, "--json", home=home).stdout)
    sources = _sources_by_sop(home)
    assert report["instances"] == len(sources) == 13

    files = sorted(p for p in (out / "DICOM").rglob("*") if p.is_file())
    assert len(files) == 13
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"DICOMDIR", "README.TXT", "INDEX.HTM"} <= names and not any("autorun" in n.lower() for n in names)
    for f in files:  # IHE PDI / PS3.10 File IDs: up to 8 components of 1-8 of A-Z 0-9 _
        parts = f.relative_to(out).parts
        assert parts[0] == "DICOM" and len(parts) <= 8
        assert all(re.fullmatch(r"[A-Z0-9_]{1,8}", c) for c in parts), parts

    # DCMTK reads every file (dcmdump exits non-zero on any it cannot parse)
    dump = subprocess.run(["dcmdump", "-q", *map(str, files), str(out / "DICOMDIR")], capture_output=True, text=True)
    assert dump.returncode == 0, dump.stderr
    # dciodvfy: no error a written file has that its source did not already have
    written_sop = {}
    for f in files:
        sop = str(pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID)
        written_sop[f.relative_to(out).parts] = sop
        assert _dciodvfy_errors(f) <= _dciodvfy_errors(sources[sop]), f
        assert f.read_bytes() == sources[sop].read_bytes()  # byte for byte without a transform
    assert not _dciodvfy_errors(out / "DICOMDIR")

    # pydicom's FileSet over our DICOMDIR: every record names a file holding that very instance
    fs = FileSet(out / "DICOMDIR")
    ours = {tuple(Path(i.path).relative_to(out).parts): i.SOPInstanceUID for i in fs}
    assert ours == written_sop
    # DCMTK builds its own DICOMDIR over the same files (+I: invent missing Type 1 record keys, as we do)
    theirs_path = tmp_path / "DCMTKDIR"
    made = subprocess.run(["dcmmkdir", "+r", "+I", "-Nxc", "+id", str(out), "+D", str(theirs_path), "DICOM"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    theirs = {tuple(r.ReferencedFileID): str(r.ReferencedSOPInstanceUIDInFile)
              for r in pydicom.dcmread(theirs_path).DirectoryRecordSequence if "ReferencedFileID" in r}
    assert theirs == written_sop

    # The pages tell what is on the disc, never who
    for page in ("README.TXT", "INDEX.HTM"):
        text = (out / page).read_bytes().decode("utf-8-sig" if page.endswith("TXT") else "ascii")
        assert "DICOMDIR" in text and "CT" in text
        for phi in (PATIENT_ID, "Koffi", "SYNTH", "CompressedSamples"):
            assert phi.lower() not in text.lower()
    readme = (out / "README.TXT").read_bytes().decode("utf-8-sig")
    assert "Pour ouvrir les images" in readme and "To open the images" in readme

    # Cauri reads the media into a fresh home: the same instances, the same pixels
    fresh = tmp_path / "fresh"
    cauri("import", out, home=fresh)
    back = _sources_by_sop(fresh)
    assert set(back) == set(sources)
    assert {s: _pixel_hash(back[s]) for s in back} == {s: _pixel_hash(sources[s]) for s in sources}


def test_iso_image_holds_the_same_files_in_iso9660_and_rock_ridge(cached, tmp_path):
    base, home, studies = cached
    cauri("export", "--study-uid", studies[0], "--media", tmp_path / "KEY", home=home)
    image = tmp_path / "patient.iso"
    cauri("export", "--study-uid", studies[0], "--media", image, home=home)
    assert not list(tmp_path.glob(".*cauri-part*"))
    iso = pycdlib.PyCdlib()
    iso.open(str(image))
    try:
        assert iso.pvd.volume_identifier.decode().strip() == "CAURI"  # the File-set ID (PS3.12 F.3.2)
        assert iso.has_rock_ridge() and not iso.has_joliet() and not iso.has_udf()  # no long names to hold
        folder = {p.relative_to(tmp_path / "KEY").as_posix(): p for p in (tmp_path / "KEY").rglob("*") if p.is_file()}
        found = {}
        for root, _dirs, files in iso.walk(rr_path="/"):
            for name in files:
                rr = f"{root.rstrip('/')}/{name}"
                data = io.BytesIO()
                iso.get_file_from_iso_fp(data, rr_path=rr)
                found[rr.lstrip("/")] = data.getvalue()
        assert set(found) == set(folder)
        for rel, data in found.items():
            if rel != "DICOMDIR":  # its own instance UID differs from one export to the next
                assert data == folder[rel].read_bytes(), rel

        def records(ds):
            return [(tuple(r.ReferencedFileID), r.ReferencedSOPInstanceUIDInFile)
                    for r in ds.DirectoryRecordSequence if "ReferencedFileID" in r]
        on_iso = pydicom.dcmread(io.BytesIO(found["DICOMDIR"]))
        assert records(on_iso) == records(pydicom.dcmread(folder["DICOMDIR"])) and len(records(on_iso)) == 12
        # the same names in the plain ISO 9660 tree (what Windows reads): level 1, 8.3 upper case
        record = iso.get_record(iso_path="/DICOM/PT000000/ST000000/SE000000/IM000000.;1")
        assert record.is_file()
    finally:
        iso.close()
    if shutil.which("isoinfo"):
        listing = subprocess.run(["isoinfo", "-R", "-f", "-i", str(image)], capture_output=True, text=True).stdout
        assert "/DICOMDIR" in listing


LONG = "numpy-2.4.6.dist-info__licenses__numpy___core__src__npysort__x86-simd-sort__LICENSE.md"  # 86, as built


def _fake_portable_build(folder: Path) -> Path:
    """Stands in for installers/build-portable.sh's dist/cauri (minutes to build): a program, long mixed-case
    names, a folder deeper than ISO 9660's eight levels."""
    build = folder / "FAKE-portable-build-for-tests"
    (build / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "deep" / "deeper").mkdir(parents=True)
    prog = build / "cauri"
    prog.write_text("#!/bin/sh\necho fake cauri\n")
    prog.chmod(0o755)
    (build / "_internal" / "libpython3.11.so.1.0").write_bytes(b"\x7fELF fake")
    (build / "_internal" / LONG).write_bytes(b"x" * 5000)  # longer than Joliet's 64 characters
    (build / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "deep" / "deeper" / "libqxcb-Long_Name.so"
     ).write_bytes(b"x" * 5000)
    return build


def test_viewer_is_copied_onto_the_media_and_the_iso(cached, tmp_path):
    base, home, studies = cached
    build = _fake_portable_build(tmp_path)
    out = tmp_path / "KEY"
    cauri("export", "--study-uid", studies[1], "--media", out, "--viewer", "--viewer-from", build, home=home)
    assert os.access(out / "CAURI" / "cauri", os.X_OK)
    assert (out / "CAURI" / "_internal" / "libpython3.11.so.1.0").read_bytes() == b"\x7fELF fake"
    assert "CAURI" in (out / "INDEX.HTM").read_text("ascii") and "(Linux)" in (out / "README.TXT").read_text("utf-8-sig")

    image = tmp_path / "with-viewer.iso"
    cauri("export", "--study-uid", studies[1], "--media", image, "--viewer", "--viewer-from", build, home=home)
    iso = pycdlib.PyCdlib()
    iso.open(str(image))
    try:
        assert iso.has_udf() and iso.has_rock_ridge()
        deep = "/CAURI/_internal/PySide6/Qt/plugins/platforms/deep/deeper/libqxcb-Long_Name.so"
        for kw in ({"rr_path": deep}, {"udf_path": deep}, {"udf_path": "/CAURI/_internal/" + LONG}):
            data = io.BytesIO()
            iso.get_file_from_iso_fp(data, **kw)
            assert data.getvalue() == b"x" * 5000
        assert iso.get_record(rr_path="/CAURI/cauri").rock_ridge.get_file_mode() & 0o111
        assert iso.get_record(rr_path="/DICOMDIR").is_file()
    finally:
        iso.close()


def test_without_a_portable_build_viewer_is_refused_and_nothing_written(cached, tmp_path):
    base, home, studies = cached
    proc = cauri("export", "--study-uid", studies[1], "--media", tmp_path / "KEY", "--viewer",
                 "--viewer-from", tmp_path / "nothing-here", home=home, rc=1)
    assert "not a portable Cauri build" in proc.stderr
    assert not (tmp_path / "KEY").exists() and not list(tmp_path.glob(".*"))


def test_a_deidentified_disc_carries_no_identity_and_reads_back(cached, tmp_path):
    """--deidentify basic: no byte of the patient's name or ID anywhere on the media (images, DICOMDIR, pages),
    Patient Identity Removed = YES, the same number of images in a fresh home, the link back kept only in
    this workstation's home. An unknown profile is refused before anything is written."""
    base, home, studies = cached
    assert "unknown" in cauri("export", "--study-uid", studies[0], "--media", tmp_path / "K0", "--deidentify",
                              "nonsense", home=home, rc=2).stderr.lower()
    assert not (tmp_path / "K0").exists()
    cauri("export", "--study-uid", studies[0], "--media", tmp_path / "KEY", "--deidentify", "basic", home=home)
    written = [p for p in (tmp_path / "KEY").rglob("*") if p.is_file()]
    names = {PATIENT_NAME.encode(), PATIENT_ID.encode(), PATIENT_NAME.split("^")[0].encode()}
    for path in written:
        data = path.read_bytes()
        assert not any(n in data for n in names), path
    images = [p for p in written if p.parent.name.startswith("SE")]
    assert len(images) == 12
    for path in images:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        assert ds.PatientIdentityRemoved == "YES" and ds.StudyInstanceUID != studies[0]
    fresh = tmp_path / "fresh"
    cauri("import", tmp_path / "KEY", home=fresh)
    listed = json.loads(cauri("studies", "--json", home=fresh).stdout)
    assert [s["instance_count"] for s in listed] == [12]
    assert list((home).rglob("pseudonyms.json")) and not list((tmp_path / "KEY").rglob("pseudonyms*"))
    # --deid-option adds a PS3.15 E.3 option to the profile: here dates shifted instead of removed
    cauri("export", "--study-uid", studies[0], "--media", tmp_path / "KEY2", "--deidentify", "basic",
          "--deid-option", "retain-dates", home=home)
    one = pydicom.dcmread(next(p for p in (tmp_path / "KEY2").rglob("IM*")), stop_before_pixels=True)
    assert one.LongitudinalTemporalInformationModified == "MODIFIED" and images and \
        pydicom.dcmread(images[0], stop_before_pixels=True).LongitudinalTemporalInformationModified == "REMOVED"


def test_a_deidentified_export_stops_at_images_that_may_carry_burned_in_text(tmp_path):
    home = tmp_path / "home"  # its own: the module's home keeps the studies other tests count
    sc = tmp_path / "sc"
    info = write_series(sc, slices=2, patient_id=PATIENT_ID, patient_name=PATIENT_NAME)
    for f in info["files"]:
        ds = pydicom.dcmread(f)
        ds.Modality = "US"
        ds.save_as(f)
    cauri("import", sc, home=home)
    proc = cauri("export", "--study-uid", info["study_uid"], "--media", tmp_path / "KEY", "--deidentify", "basic",
                 home=home, rc=2)
    assert "burned" in proc.stderr and "--accept-burned-in" in proc.stderr and not (tmp_path / "KEY").exists()
    cauri("export", "--study-uid", info["study_uid"], "--media", tmp_path / "KEY", "--deidentify", "basic",
          "--accept-burned-in", home=home)
    assert len([p for p in (tmp_path / "KEY").rglob("IM*")]) == 2



def test_clean_pixel_data_exports_ultrasound_whose_regions_are_declared_without_asking(tmp_path):
    """--deid-option clean-pixel-data: ultrasound images whose header declares their image regions are cleaned
    all around them on the way out (no reader's check needed); one without regions still stops the export."""
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence

    home = tmp_path / "home"
    us = tmp_path / "us"
    info = write_series(us, slices=2, rows=32, cols=32, patient_id=PATIENT_ID, patient_name=PATIENT_NAME)
    for f in info["files"]:
        ds = pydicom.dcmread(f)
        ds.Modality = "US"
        region = Dataset()
        region.RegionLocationMinX0, region.RegionLocationMinY0 = 4, 6
        region.RegionLocationMaxX1, region.RegionLocationMaxY1 = 27, 29
        ds.SequenceOfUltrasoundRegions = Sequence([region])
        ds.save_as(f)
    cauri("import", us, home=home)
    cauri("export", "--study-uid", info["study_uid"], "--media", tmp_path / "KEY", "--deidentify", "basic",
          "--deid-option", "clean-pixel-data", home=home)
    written = sorted((tmp_path / "KEY").rglob("IM*"))
    assert len(written) == 2
    for path in written:
        out = pydicom.dcmread(path)
        source = pydicom.dcmread(next(f for f in info["files"] if pydicom.dcmread(f).InstanceNumber == out.InstanceNumber))
        pix, original = out.pixel_array, source.pixel_array
        assert (pix[6:30, 4:28] == original[6:30, 4:28]).all()  # inside the declared region: as acquired
        outside = np.ones(pix.shape, bool)
        outside[6:30, 4:28] = False
        assert (pix[outside] == original.min()).all() and out.BurnedInAnnotation == "NO"
    bare = pydicom.dcmread(info["files"][0])
    del bare.SequenceOfUltrasoundRegions
    bare.SOPInstanceUID = pydicom.uid.generate_uid()
    bare.save_as(us / "bare.dcm")
    cauri("import", us / "bare.dcm", home=home)
    proc = cauri("export", "--study-uid", info["study_uid"], "--media", tmp_path / "KEY2", "--deidentify", "basic",
                 "--deid-option", "clean-pixel-data", home=home, rc=2)
    assert "burned" in proc.stderr and not (tmp_path / "KEY2").exists()


def test_a_non_empty_folder_or_unknown_study_is_refused(cached, tmp_path):
    base, home, studies = cached
    (tmp_path / "KEY").mkdir()
    (tmp_path / "KEY" / "holiday.jpg").write_bytes(b"x")
    assert "not empty" in cauri("export", "--study-uid", studies[1], "--media", tmp_path / "KEY", home=home, rc=1).stderr
    assert "not in the cache" in cauri("export", "--study-uid", "1.2.3.4", "--media", tmp_path / "K2", home=home,
                                       rc=1).stderr
    assert sorted(os.listdir(tmp_path / "KEY")) == ["holiday.jpg"] and not (tmp_path / "K2").exists()


@pytest.mark.parametrize("where", ["new folder", "the key itself", "iso"])
def test_a_full_usb_key_fails_cleanly_and_leaves_nothing(cached, tmp_path, where):
    base, home, studies = cached
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"]).returncode:
        pytest.skip("no private mount namespace here (needs root): cannot simulate a small key")
    key = tmp_path / "usb"
    key.mkdir()
    target = {"new folder": key / "PATIENT", "the key itself": key, "iso": key / "patient.iso"}[where]
    # 300 KiB: the DICOMDIR and some images fit, not the 13 images (~430 KiB)
    script = (f'mount -t tmpfs -o size=300k tmpfs "{key}" && "{sys.executable}" -m viewer export --study-uid '
              f'{" ".join(studies)} --media "{target}" --home "{home}"; echo "rc=$?"; ls -A "{key}"')
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.split()
    assert "rc=1" in lines, proc.stdout + proc.stderr
    assert lines[lines.index("rc=1") + 1:] == []  # the key is empty: nothing half-written left on it
    assert "not enough space" in proc.stderr


def test_cancel_leaves_nothing(cached, tmp_path):
    from viewer.export.media import MediaCancelled, MediaRequest, write_media

    base, home, studies = cached
    sources = sorted(_sources_by_sop(home).values())
    seen = []
    with pytest.raises(MediaCancelled):
        write_media(MediaRequest(sources, tmp_path / "KEY"), progress=lambda *a: seen.append(a),
                    cancel=lambda: len(seen) >= 5)
    assert os.listdir(tmp_path) == []


def test_a_transform_reaches_every_file_and_the_dicomdir(cached, tmp_path):
    """The hook de-identification plugs into: each dataset goes through it before it is written, and the
    DICOMDIR's records are made from what was written."""
    from viewer.export.media import MediaRequest, write_media

    base, home, studies = cached
    sources = sorted(_sources_by_sop(home).values())

    def rename(ds):
        ds.PatientName, ds.PatientID = "PSEUDO^Nyme", "PSN-1"
        return ds

    report = write_media(MediaRequest(sources, tmp_path / "KEY", transform=rename))
    assert report.instances == 13
    fs = FileSet(tmp_path / "KEY" / "DICOMDIR")
    assert {str(pydicom.dcmread(i.path).PatientID) for i in fs} == {"PSN-1"}
    patients = [r for r in pydicom.dcmread(tmp_path / "KEY" / "DICOMDIR").DirectoryRecordSequence
                if r.DirectoryRecordType == "PATIENT"]
    assert [str(r.PatientID) for r in patients] == ["PSN-1"] and str(patients[0].PatientName) == "PSEUDO^Nyme"
