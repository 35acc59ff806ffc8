"""The second opinion abroad, end to end through the command line as a hospital and an expert run it: two
separate homes, one request package, one reply, the answer back on the original patient and study."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import numpy as np
import pydicom
import pytest
import pyzipper
from pydicom.uid import generate_uid
from synthetic import write_series

from viewer.core.paths import resolve_paths
from viewer.dicom.findings.records import ImageRef, Measurement, MeasurementKind
from viewer.model.annotation_store import AnnotationStore
from viewer.store.cache import StudyCache

PASSWORD = "mot de passe solide"
PATIENT_NAME, PATIENT_ID = "SYNTHÉTIQUE^Koffi", "SYN-001"  # synthetic.write_series' patient
QUESTION = "Nodule lobaire supérieur droit : suspect ?"
ANSWER = "Nodule de 12 mm, contours spiculés : biopsie conseillée."


def cauri(*args, home, password=PASSWORD, rc=0):
    env = dict(os.environ, LC_ALL="C", LANG="C")
    env.pop("CAURI_PACKAGE_PASSWORD", None)
    if password is not None:
        env["CAURI_PACKAGE_PASSWORD"] = password
    proc = subprocess.run([sys.executable, "-m", "viewer", "--home", str(home), *args], check=False, capture_output=True, env=env,
                          timeout=180, stdin=subprocess.DEVNULL)
    err = proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr, err
    assert proc.returncode == rc, err
    return proc


def _json(proc):
    return json.loads(proc.stdout.decode("utf-8"))


@pytest.fixture()
def hospital(tmp_path):
    info = write_series(tmp_path / "src", slices=4, rows=64, cols=64)
    home = tmp_path / "hospital"
    cauri("import", str(tmp_path / "src"), home=home)
    return home, info


def _instances(home) -> list:
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        return [i for st in cache.find_studies() for s in cache.series_of(st.study_uid) for i in cache.instances_of(s.series_uid)]


def _package_members(path) -> dict[str, bytes]:
    with pyzipper.AESZipFile(path) as zf:
        zf.setpassword(PASSWORD.encode())
        return {n: zf.read(n) for n in zf.namelist()}


def test_round_trip_lands_on_the_original_patient_and_study(hospital, tmp_path):
    home, info = hospital
    expert = tmp_path / "expert"
    req = tmp_path / "demande.zip"
    made = _json(cauri("second-opinion", "create", "--study-uid", info["study_uid"], "--question", QUESTION,
                       "--physician", "Dr Hounkpè", "--deadline", "2026-12-20", "--out", str(req), "--json", home=home))
    assert made["instances"] == 4
    members = _package_members(req)
    blob = b"".join(members.values())
    for secret in (PATIENT_ID.encode(), "SYNTHÉTIQUE".encode(), b"ACC-SYN-1", info["study_uid"].encode(), b"19800214"):
        assert secret not in blob  # nothing of the patient left the hospital
    assert b"SYN-001" not in req.read_bytes()
    pmap = resolve_paths(home).data / "private" / "pseudonyms.json"
    assert PATIENT_ID in pmap.read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(pmap.stat().st_mode) == 0o600

    opened = _json(cauri("second-opinion", "open", str(req), "--json", home=expert))
    assert opened["question"] == QUESTION and opened["physician"] == "Dr Hounkpè" and opened["deadline"] == "2026-12-20"
    assert opened["study_uid"] != info["study_uid"] and opened["patient_id"].startswith("CAURI-")
    pseudo_study = opened["study_uid"]
    # The expert measures in the viewer: what the viewer keeps for the study (its annotation store).
    with StudyCache(resolve_paths(expert).ensure().store) as cache:
        series = cache.series_of(pseudo_study)[0]
        inst = cache.instances_of(series.series_uid)[1]
        ref = ImageRef(pseudo_study, series.series_uid, inst.sop_uid, 0)
        AnnotationStore(cache.root).save(pseudo_study, [Measurement(MeasurementKind.LENGTH, ((10, 20), (40, 20)), ref,
                                                                    label="nodule")], [ref])
        expert_sop = inst.sop_uid
    reply = tmp_path / "reponse.zip"
    cauri("second-opinion", "reply", "--request", opened["request"], "--answer", ANSWER, "--expert", "Pr Dupont",
          "--out", str(reply), home=expert)

    before = {i.sop_uid for i in _instances(home)}
    done = _json(cauri("second-opinion", "import", str(reply), "--json", home=home))
    assert done["study_uid"] == info["study_uid"] and done["answer"] == ANSWER
    new = [i for i in _instances(home) if i.sop_uid not in before]
    assert len(new) >= 4  # the answer SR, the measurement SR, the GSPS, the KO
    classes = {}
    for inst in new:
        ds = pydicom.dcmread(inst.path)
        assert ds.PatientID == PATIENT_ID and str(ds.PatientName) == PATIENT_NAME
        assert ds.StudyInstanceUID == info["study_uid"] and ds.AccessionNumber == "ACC-SYN-1"
        assert ds.StudyDate == "20261120" and "PatientIdentityRemoved" not in ds
        classes[ds.SOPClassUID] = ds
    text = classes["1.2.840.10008.5.1.4.1.1.88.11"]  # Basic Text SR: the answer
    values = [str(i.get("TextValue", "")) for i in text.ContentSequence]
    assert ANSWER in values and QUESTION in values
    observer = [str(i.PersonName) for i in text.ContentSequence if i.ValueType == "PNAME"]
    assert observer == ["Pr Dupont"]
    # The measurement points at the ORIGINAL image: the one the expert measured, its UID given back.
    original_sop = _original_of(home, expert_sop)
    sr = classes["1.2.840.10008.5.1.4.1.1.88.34"]
    assert original_sop in _uids(sr) and expert_sop not in _uids(sr)
    ko = classes["1.2.840.10008.5.1.4.1.1.88.59"]
    assert original_sop in _uids(ko)
    studies = _json(cauri("studies", "--json", home=home))
    assert studies[0]["flags"] == ["external_opinion"] and studies[0]["study_uid"] == info["study_uid"]
    listed = _json(cauri("measurements", "--study-uid", info["study_uid"], "--json", home=home))
    assert [r["label"] for r in listed] == ["nodule"] and listed[0]["sop_instance_uid"] == original_sop


def _original_of(home, pseudo_uid: str) -> str:
    data = json.loads((resolve_paths(home).data / "private" / "pseudonyms.json").read_text(encoding="utf-8"))
    return next(rec["uids"][pseudo_uid] for rec in data["exports"].values() if pseudo_uid in rec["uids"])


def _uids(ds) -> set[str]:
    found = set()

    def walk(d):
        for e in d:
            if e.VR == "SQ":
                for item in e.value:
                    walk(item)
            elif e.VR == "UI":
                found.add(str(e.value))
    walk(ds)
    return found


def test_wrong_password_damaged_or_truncated_packages_import_nothing(hospital, tmp_path):
    home, info = hospital
    req = tmp_path / "demande.zip"
    cauri("second-opinion", "create", "--study-uid", info["study_uid"], "--question", "?", "--physician", "Dr A",
          "--out", str(req), home=home)
    expert = tmp_path / "expert"
    out = cauri("second-opinion", "open", str(req), home=expert, password="pas le bon mot", rc=1)
    assert b"wrong password" in out.stderr
    data = req.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    out = cauri("second-opinion", "open", str(cut), home=expert, rc=1)
    assert b"damaged or incomplete" in out.stderr
    bad = bytearray(data)
    bad[len(bad) // 3] ^= 0xFF  # one flipped byte inside an encrypted member
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(bad))
    out = cauri("second-opinion", "open", str(broken), home=expert, rc=1)
    assert b"damaged" in out.stderr
    # A flipped byte anywhere in the package: always a reason, never a traceback. Where it falls decides which
    # check meets it first (zip structure, the decompressor before the member's authentication code, the
    # code, the digests): 40 places through the file meet each of them.
    from viewer.distribute.second_opinion.package import PackageError, read_package

    original = read_package(req, PASSWORD, kind="request")
    met = set()
    for k in range(1, 41):
        bad = bytearray(data)
        bad[len(bad) * k // 41] ^= 0x5A
        broken.write_bytes(bytes(bad))
        try:
            pkg = read_package(broken, PASSWORD, kind="request")
        except PackageError as exc:
            met.add(str(exc))
        else:  # the byte fell in a field nothing reads (a date in a zip header): the same package, or an error
            assert pkg.manifest == original.manifest and pkg.files == original.files
    # Every byte of one image member's local header and encryption salt flipped in turn (the sweep above lands
    # there only now and then: a flipped byte in its sizes or extra field made pyzipper raise struct.error).
    import zipfile

    member = next(i for i in zipfile.ZipFile(req).infolist() if i.filename.startswith("DICOM/"))
    start = member.header_offset
    for offset in range(start, start + 30 + len(member.filename) + len(member.extra) + 16):
        bad = bytearray(data)
        bad[offset] ^= 0x5A
        broken.write_bytes(bytes(bad))
        try:
            pkg = read_package(broken, PASSWORD, kind="request")
        except PackageError as exc:
            met.add(str(exc))
        else:
            assert pkg.manifest == original.manifest and pkg.files == original.files
    assert met and all("damaged" in m or "cannot be read" in m or "password" in m for m in met), met
    short = tmp_path / "court.zip"
    out = cauri("second-opinion", "create", "--study-uid", info["study_uid"], "--question", "?", "--physician", "Dr A",
                "--out", str(short), home=home, password="court", rc=1)
    assert b"at least 8 characters" in out.stderr and not short.exists()
    assert _instances(expert) == []  # nothing half-imported
    out = cauri("second-opinion", "import", str(req), home=home, rc=1)  # a request is not a reply
    assert b"not a reply" in out.stderr


def test_a_reply_for_an_unknown_pseudonym_is_refused(hospital, tmp_path):
    home, _info = hospital
    other = tmp_path / "other-hospital"
    write_series(tmp_path / "src2", slices=2, rows=32, cols=32, patient_id="OTHER-9", patient_name="AUTRE^Patient")
    cauri("import", str(tmp_path / "src2"), home=other)
    other_study = _json(cauri("studies", "--json", home=other))[0]["study_uid"]
    req = tmp_path / "autre.zip"
    cauri("second-opinion", "create", "--study-uid", other_study, "--question", "?", "--physician", "Dr B",
          "--out", str(req), home=other)
    expert = tmp_path / "expert"
    opened = _json(cauri("second-opinion", "open", str(req), "--json", home=expert))
    reply = tmp_path / "reponse.zip"
    cauri("second-opinion", "reply", "--request", opened["request"], "--answer", "Normal.", "--expert", "Pr X",
          "--out", str(reply), home=expert)
    before = len(_instances(home))
    out = cauri("second-opinion", "import", str(reply), home=home, rc=1)
    assert b"did not send (unknown pseudonym)" in out.stderr
    assert len(_instances(home)) == before
    assert _json(cauri("studies", "--json", home=home))[0]["flags"] == []


def _ultrasound(folder, study_uid) -> str:
    from dicom_writer import write_image

    series = generate_uid()
    pixels = (np.arange(40 * 50) % 200 + 50).astype(np.uint16).reshape(40, 50)
    write_image(folder / "us.dcm", pixels, sop_class="1.2.840.10008.5.1.4.1.1.6.1", Modality="US",
                StudyInstanceUID=study_uid, SeriesInstanceUID=series, PatientID=PATIENT_ID, PatientName=PATIENT_NAME,
                SeriesNumber=7, InstanceNumber=1)
    return series


def test_burned_in_text_must_be_blacked_out_or_confirmed(hospital, tmp_path):
    home, info = hospital
    series = _ultrasound(tmp_path / "us", info["study_uid"])
    cauri("import", str(tmp_path / "us"), home=home)
    req = tmp_path / "demande.zip"
    out = cauri("second-opinion", "create", "--study-uid", info["study_uid"], "--question", "?", "--physician", "Dr A",
                "--out", str(req), home=home, rc=1)
    assert b"burned into the pixels" in out.stderr and series.encode() in out.stderr
    assert not req.exists()
    made = _json(cauri("second-opinion", "create", "--study-uid", info["study_uid"], "--question", "?",
                       "--physician", "Dr A", "--mask", f"{series}:5,3,20,10", "--out", str(req), "--json", home=home))
    assert made["flagged_series"] == [series]
    members = _package_members(req)
    manifest = json.loads(members["manifest.json"])
    assert list(manifest["masks"].values()) == [[{"x": 5, "y": 3, "width": 20, "height": 10}]]
    assert series not in manifest["masks"]  # the mask names the series by its pseudonym
    expert = tmp_path / "expert"
    cauri("second-opinion", "open", str(req), home=expert)
    us = [pydicom.dcmread(i.path) for i in _instances(expert)]
    us = next(d for d in us if d.Modality == "US")
    pix = us.pixel_array
    assert us.BurnedInAnnotation == "NO"
    expected = (np.arange(40 * 50) % 200 + 50).astype(np.uint16).reshape(40, 50)
    expected[3:13, 5:25] = expected.min()
    assert (pix == expected).all()


def test_a_request_sent_as_it_is_comes_back_too(hospital, tmp_path):
    """--no-deidentify (a colleague in the same hospital group): the expert sees the patient, the reply still
    lands on the study, flagged."""
    home, info = hospital
    req = tmp_path / "demande.zip"
    cauri("second-opinion", "create", "--study-uid", info["study_uid"], "--question", "?", "--physician", "Dr A",
          "--no-deidentify", "--out", str(req), home=home)
    expert = tmp_path / "expert"
    opened = _json(cauri("second-opinion", "open", str(req), "--json", home=expert))
    assert opened["study_uid"] == info["study_uid"] and opened["patient_id"] == PATIENT_ID
    reply = tmp_path / "reponse.zip"
    cauri("second-opinion", "reply", "--study-uid", info["study_uid"], "--answer", "Normal.", "--expert", "Pr X",
          "--out", str(reply), home=expert)
    done = _json(cauri("second-opinion", "import", str(reply), "--json", home=home))
    assert done["study_uid"] == info["study_uid"]
    assert _json(cauri("studies", "--json", home=home))[0]["flags"] == ["external_opinion"]


def test_a_reply_whose_study_is_filed_under_another_patient_imports_nothing(hospital, tmp_path):
    """The study the reply belongs to sits in this cache under another patient ID (merged records, a wrong
    reconciliation): not one object of the reply is filed, the reader is told why."""
    home, info = hospital
    req, reply, expert = tmp_path / "demande.zip", tmp_path / "reponse.zip", tmp_path / "expert"
    cauri("second-opinion", "create", "--study-uid", info["study_uid"], "--question", "?", "--physician", "Dr A",
          "--out", str(req), home=home)
    opened = _json(cauri("second-opinion", "open", str(req), "--json", home=expert))
    cauri("second-opinion", "reply", "--request", opened["request"], "--answer", "Normal.", "--expert", "Pr X",
          "--out", str(reply), home=expert)
    pmap_path = resolve_paths(home).data / "private" / "pseudonyms.json"
    pmap = json.loads(pmap_path.read_text(encoding="utf-8"))
    for export in pmap["exports"].values():
        export["studies"][info["study_uid"]]["PatientID"] = "SOMEONE-ELSE"
    pmap_path.write_text(json.dumps(pmap), encoding="utf-8")
    before = len(_instances(home))
    out = cauri("second-opinion", "import", str(reply), home=home, rc=1)
    assert b"nothing was imported" in out.stderr and b"another patient" in out.stderr
    assert len(_instances(home)) == before
