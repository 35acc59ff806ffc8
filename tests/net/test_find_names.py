"""Person names split into components on "^" only: "KOFFI^Aïcha Élodie" (given name "Aïcha Élodie") typed
as is is found over C-FIND and QIDO-RS on a real Orthanc (DefaultEncoding Utf8) and in the local cache,
and not mistaken for "KOFFI^Aïcha^Élodie" (middle name Élodie) on the archive. DCMTK's findscu, sent the
same key, is the independent witness of what the archive answers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from .synth import write_study

ROOT = Path(__file__).resolve().parents[2]
NAME = "KOFFI^Aïcha Élodie"
DECOY = "KOFFI^Aïcha^Élodie"


@pytest.fixture(scope="module")
def named(archive, tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    wanted = write_study(folder / "wanted", slices_per_series=(1,), patient_id="NAME-001", patient_name=NAME,
                         accession="ACCNAME1")
    decoy = write_study(folder / "decoy", slices_per_series=(1,), patient_id="NAME-002", patient_name=DECOY,
                        accession="ACCNAME2")
    archive.server.upload(wanted.files + decoy.files)
    yield wanted, decoy
    for study in (wanted, decoy):  # the archive is the session's: other tests count the KOFFI patients
        for found in _rest(archive, "POST", "/tools/lookup", study.study_uid.encode()):
            _rest(archive, "DELETE", f"/studies/{found['ID']}")


def _rest(archive, method: str, path: str, data: bytes | None = None):
    req = urllib.request.Request(archive.server.http + path, data=data, method=method)
    with urllib.request.urlopen(req, timeout=10) as r:
        body = r.read()
    return json.loads(body) if body.strip() else None


def cauri(home, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, CAURI_HOME=str(home), TCP_NODELAY="1")
    return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], capture_output=True,
                          text=True, env=env, timeout=60, encoding="utf-8", cwd=ROOT)


@pytest.mark.parametrize("via", ["c-find", "qido"])
def test_name_with_a_space_inside_a_component_is_found_as_typed(net_home, named, via):
    wanted, _decoy = named
    extra = ["--dicomweb"] if via == "qido" else []
    run = cauri(net_home, "find", "pacs", "--name", NAME, "--json", *extra)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert [(r["patient_name"], r["study_uid"]) for r in rows] == [(NAME, wanted.study_uid)]
    # Wildcards behave as before: a component prefix finds both patients.
    run = cauri(net_home, "find", "pacs", "--name", "KOFFI^Aïcha*", "--json", *extra)
    assert sorted(r["patient_name"] for r in json.loads(run.stdout)) == sorted([NAME, DECOY])


def test_dcmtk_findscu_agrees(named, archive, tmp_path):
    if shutil.which("findscu") is None:
        pytest.skip("DCMTK findscu is not installed")
    wanted, _decoy = named
    run = subprocess.run(
        ["findscu", "-S", "-aet", "FINDSCU", "-aec", archive.server.aet, "-k", "QueryRetrieveLevel=STUDY",
         "-k", "SpecificCharacterSet=ISO_IR 192", "-k", f"PatientName={NAME}*", "-k", "StudyInstanceUID",
         "127.0.0.1", str(archive.server.dicom_port)],
        capture_output=True, timeout=60, env=dict(os.environ, TCP_NODELAY="1"))
    answers = run.stdout + run.stderr
    assert run.returncode == 0, answers[-2000:]
    assert answers.count(b"(0020,000d)") == 1 and wanted.study_uid.encode() in answers


def test_found_locally_as_typed(net_home, named):
    wanted, decoy = named
    run = cauri(net_home, "import", str(Path(wanted.files[0]).parent), str(Path(decoy.files[0]).parent))
    assert run.returncode == 0, run.stderr
    run = cauri(net_home, "studies", "--name", NAME, "--json")
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert wanted.study_uid in [s["study_uid"] for s in found]
    assert all(s["patient_name"] in (NAME, DECOY) for s in found)


