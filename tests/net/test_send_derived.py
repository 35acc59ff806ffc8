"""An instance whose UIDs Cauri derived (its file has none, or invalid ones) is never sent to an archive:
``cauri send`` sends the others, says why that one stayed, and exits 1 (real Orthanc, C-STORE and STOW-RS)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pydicom
import pytest

from viewer.store.importer import import_paths

from .synth import write_study

ROOT = Path(__file__).resolve().parents[2]


def _orthanc_find(archive, **query) -> list:
    req = urllib.request.Request(archive.server.http + "/tools/find", method="POST", data=json.dumps(
        {"Level": "Instance", "Query": query}).encode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


@pytest.mark.parametrize("method", ["store", "stow"])
def test_send_refuses_instances_with_derived_uids(method, net_home, cache, archive, tmp_path):
    study = write_study(tmp_path / "src", slices_per_series=(3,), patient_id=f"DERIVED-{method}")
    ds = pydicom.dcmread(study.files[1])
    del ds.SOPInstanceUID
    del ds.file_meta.MediaStorageSOPInstanceUID
    ds.save_as(study.files[1])
    assert import_paths(cache, [tmp_path / "src"]).imported == 3
    (series,) = cache.series_of(study.study_uid)
    derived = [i.sop_uid for i in cache.instances_of(series.series_uid) if i.derived]
    assert len(derived) == 1

    env = dict(os.environ, CAURI_HOME=str(net_home))
    run = subprocess.run([sys.executable, "-m", "viewer", "send", "pacs", "--study-uid", study.study_uid,
                          "--method", method, "--json", "--home", str(net_home)],
                         capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert (report["total"], report["sent"], report["failed"], report["refused"]) == (3, 2, 1, 1)
    assert any("1 instance(s) not sent: Cauri derived their UIDs" in e for e in report["errors"])
    assert len(_orthanc_find(archive, StudyInstanceUID=study.study_uid)) == 2
    assert _orthanc_find(archive, SOPInstanceUID=derived[0]) == []

    text = subprocess.run([sys.executable, "-m", "viewer", "send", "pacs", "--study-uid", study.study_uid,
                           "--method", method, "--home", str(net_home)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert text.returncode == 1
    assert "2 sent, 1 failed of 3" in text.stdout and "Cauri derived their UIDs" in text.stdout
