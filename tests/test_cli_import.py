"""``cauri import`` and ``cauri studies`` as a script or a user runs them: a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pydicom.uid import generate_uid

from store_fixtures import corpus, write_instance, write_series

STUDY_KEYS = {
    "patient_id", "patient_name", "issuer", "birth_date", "sex", "study_uid", "study_date", "description",
    "accession", "modalities", "series_count", "instance_count", "flags", "on_archive",
}


def cauri(*args: str, home, check_rc: int | None = 0) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    # A C locale must not mangle accented names: the commands write UTF-8 whatever the locale.
    env.update(LC_ALL="C", LANG="C")
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    proc = subprocess.run(
        [sys.executable, "-m", "viewer", *args, "--home", str(home)],
        capture_output=True, env=env, timeout=120,
    )
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr
    return proc


def _write_sample(src):
    study_a = generate_uid()
    write_series(src / "a", 3, study_uid=study_a, patient_id="PID-A", name="Hôpital^Béninois",
                 charset="ISO_IR 100", study_date="20240310", accession="ACC-7", description="Scanner thorax")
    write_instance(src / "a" / "sr.dcm", study_uid=study_a, series_uid=generate_uid(), patient_id="PID-A",
                   name="Hôpital^Béninois", charset="ISO_IR 100", study_date="20240310", modality="SR",
                   series_number=2, accession="ACC-7", description="Scanner thorax")
    write_series(src / "b", 2, patient_id="PID-B", issuer="HOSP", name="Dupont^Jean", study_date="20221201",
                 modality="MR", accession="ACC-8", description="IRM genou")
    (src / "readme.txt").write_text("not dicom")
    return src, study_a


@pytest.fixture
def sample(tmp_path):
    return _write_sample(tmp_path / "src")


@pytest.fixture(scope="module")
def imported_home(tmp_path_factory):
    """One cache filled once, for the read-only filter tests."""
    base = tmp_path_factory.mktemp("cli")
    _write_sample(base / "src")
    cauri("import", str(base / "src"), home=base / "home")
    return base / "home"


def test_import_json_then_studies_json(tmp_path, sample):
    src, study_a = sample
    home = tmp_path / "home"
    report = json.loads(cauri("import", str(src), "--json", home=home).stdout)
    assert (report["imported"], report["already_present"], report["cancelled"]) == (6, 0, False)
    assert report["rejected"] == [{"source": str(src / "readme.txt"), "reason": "not a DICOM file"}]
    assert study_a in report["study_uids"] and len(report["study_uids"]) == 2

    again = json.loads(cauri("import", str(src), "--json", home=home).stdout)
    assert (again["imported"], again["already_present"]) == (0, 6)

    studies = json.loads(cauri("studies", "--json", home=home).stdout.decode("utf-8"))
    assert [s["patient_id"] for s in studies] == ["PID-A", "PID-B"]  # newest first
    first = studies[0]
    assert set(first) == STUDY_KEYS
    assert first["patient_name"] == "Hôpital^Béninois"
    assert first["study_uid"] == study_a
    assert (first["study_date"], first["accession"], first["description"]) == ("20240310", "ACC-7", "Scanner thorax")
    assert (first["modalities"], first["series_count"], first["instance_count"]) == (["CT", "SR"], 2, 4)
    assert (first["birth_date"], first["sex"]) == ("19700101", "F")
    assert studies[1]["issuer"] == "HOSP"


@pytest.mark.parametrize(
    "filters, expected",
    [
        (["--patient-id", "pid-b"], ["PID-B"]),
        (["--name", "hôp*"], ["PID-A"]),
        (["--name", "DUPONT"], ["PID-B"]),
        (["--modality", "SR"], ["PID-A"]),
        (["--date-from", "2023-01-01"], ["PID-A"]),
        (["--date-to", "20221231"], ["PID-B"]),
        (["--accession", "ACC-?"], ["PID-A", "PID-B"]),
        (["--modality", "CT", "--date-to", "20230101"], []),
    ],
)
def test_studies_filters(imported_home, filters, expected):
    studies = json.loads(cauri("studies", "--json", *filters, home=imported_home).stdout)
    assert [s["patient_id"] for s in studies] == expected


def test_human_output_is_utf8_whatever_the_locale(tmp_path, sample):
    src, study_a = sample
    home = tmp_path / "home"
    out = cauri("import", str(src), home=home).stdout.decode("utf-8")
    assert "Imported: 6 new instance(s), 0 already present, 1 rejected" in out
    assert "not a DICOM file (1):" in out and str(src / "readme.txt") in out
    table = cauri("studies", home=home).stdout.decode("utf-8")
    assert "Hôpital^Béninois" in table and study_a in table and "2024-03-10" in table and "CT/SR" in table
    assert table.strip().endswith("2 studies")
    empty = cauri("studies", "--name", "nobody", home=home).stdout.decode("utf-8")
    assert "No matching study" in empty


def test_exit_status(tmp_path):
    home = tmp_path / "home"
    (tmp_path / "junk.txt").write_text("x")
    only_junk = cauri("import", str(tmp_path / "junk.txt"), "--json", home=home, check_rc=1)
    assert json.loads(only_junk.stdout)["rejected"][0]["reason"] == "not a DICOM file"
    missing = cauri("import", str(tmp_path / "nope"), home=home, check_rc=1)
    assert b"not found" in missing.stdout
    bad_date = cauri("studies", "--date-from", "March", home=home, check_rc=2)
    assert b"YYYYMMDD" in bad_date.stderr


def test_import_real_dicomdir_and_zip(tmp_path):
    media = corpus("pypi-pydicom-3.0.2", "test_files", "dicomdirtests", "TINY_ALPHA", "DICOMDIR")
    home = tmp_path / "home"
    report = json.loads(cauri("import", str(media), "--json", home=home).stdout)
    assert report["imported"] == 50
    studies = json.loads(cauri("studies", "--json", home=home).stdout)
    assert [(s["patient_name"], s["instance_count"]) for s in studies] == [("Citizen^Jan", 50)]
