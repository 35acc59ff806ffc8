"""Files without a SOP Instance UID, or with invalid UIDs, still open: Cauri derives stable UIDs for them
(2.25 + a name-based UUID of the file's SHA-256 for the SOP Instance UID), marks them derived in the index
and in ``cauri info``, and no invalid UID text reaches the index or the logs. Expected UIDs are computed
here by hand from the file's bytes (hashlib + uuid), not by the code under test."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pydicom
import pytest
from pydicom.uid import generate_uid

from store_fixtures import write_instance
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

ROOT = Path(__file__).resolve().parents[1]
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:cauri:derived-uid")  # Cauri's namespace, as documented
STRICT_UID = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*")
# A damaged header: header bytes, a name among them, where the SOP Instance UID should be.
HOSTILE = "1.2.3" + "\x00PN\x10\x00KOUASSI^ROGER" * 60
INVALID = {
    "letters": "1.2.840.abc.7",
    "too-long": "1." + "2" * 63,  # 65 characters
    "leading-zero": "1.2.840.0113619.2",
    "empty-component": "1.2..840",
    "header-bytes": HOSTILE,
}


def expected_uid(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return "2.25." + str(uuid.uuid5(NAMESPACE, digest).int)


def without_sop_uid(path: Path) -> Path:
    write_instance(path, study_uid=generate_uid(), series_uid=generate_uid())
    ds = pydicom.dcmread(path)
    del ds.SOPInstanceUID
    del ds.file_meta.MediaStorageSOPInstanceUID
    ds.save_as(path)
    return path


def only_instance(cache: StudyCache):
    (study,) = cache.find_studies()
    (series,) = cache.series_of(study.study_uid)
    (inst,) = cache.instances_of(series.series_uid)
    return study, series, inst


def index_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.glob("index.sqlite*"))


def test_missing_sop_uid_gets_a_stable_uid_from_the_content(tmp_path):
    src = without_sop_uid(tmp_path / "src" / "no-uid.dcm")
    uids = []
    for n in range(2):  # two caches: another import, another machine
        with StudyCache(tmp_path / f"cache{n}") as cache:
            report = import_paths(cache, [src])
            assert (report.imported, report.rejected) == (1, [])
            _study, _series, inst = only_instance(cache)
            uids.append(inst.sop_uid)
            assert inst.derived == "sop"
            assert import_paths(cache, [src]).already_present == 1  # the same file is the same instance
    assert uids[0] == uids[1] == expected_uid(src)
    assert len(uids[0]) <= 64 and STRICT_UID.fullmatch(uids[0])


@pytest.mark.parametrize("kind", sorted(INVALID))
def test_invalid_sop_uids_never_reach_the_index_or_the_logs(tmp_path, kind, caplog):
    bad = INVALID[kind]
    src = tmp_path / "src" / "bad.dcm"
    write_instance(src, study_uid=generate_uid(), series_uid=generate_uid(), sop_uid=bad)
    with StudyCache(tmp_path / "cache") as cache:
        caplog.clear()  # pydicom's own complaint while the test wrote the file is not Cauri's log
        with caplog.at_level("DEBUG"):
            report = import_paths(cache, [src])
            logged = caplog.text
        assert (report.imported, report.rejected) == (1, [])
        _study, _series, inst = only_instance(cache)
        assert inst.sop_uid == expected_uid(src) and inst.derived == "sop"
        assert pydicom.dcmread(inst.path).SOPInstanceUID == bad  # the stored file is the file as given
    stored = index_bytes(tmp_path / "cache")
    assert bad.encode("latin-1") not in stored and b"KOUASSI" not in stored
    assert "import: 1 imported" in logged  # what the import logs: counts
    assert "KOUASSI" not in logged and bad not in logged


def test_invalid_study_and_series_uids_are_replaced_and_still_group(tmp_path):
    src = tmp_path / "src"
    bad_study, bad_series = "1.2.840.01.5", "1.2.840.01.5.abc"
    for i in range(3):
        write_instance(src / f"{i}.dcm", study_uid=bad_study, series_uid=bad_series, instance_number=i + 1,
                       position=(0.0, 0.0, float(i)))
    write_instance(src / "other.dcm", study_uid=bad_study, series_uid="1.2.840.01.6.abc")
    with StudyCache(tmp_path / "cache") as cache:
        assert import_paths(cache, [src]).imported == 4
        (study,) = cache.find_studies()
        assert STRICT_UID.fullmatch(study.study_uid) and study.study_uid != bad_study
        series = cache.series_of(study.study_uid)
        assert sorted(s.instance_count for s in series) == [1, 3]  # the instances that shared a UID still do
        for s in series:
            assert STRICT_UID.fullmatch(s.series_uid)
            assert {i.derived for i in cache.instances_of(s.series_uid)} == {"series study"}
    stored = index_bytes(tmp_path / "cache")
    assert b"1.2.840.01.5" not in stored


def test_cauri_info_says_which_uids_were_derived(tmp_path):
    src = without_sop_uid(tmp_path / "src" / "no-uid.dcm")
    write_instance(tmp_path / "src" / "fine.dcm", study_uid=generate_uid(), series_uid=generate_uid())
    env = dict(os.environ, CAURI_HOME=str(tmp_path / "home"))

    def info(*args):
        return subprocess.run([sys.executable, "-m", "viewer", "info", *args, str(tmp_path / "src")],
                              capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)

    run = info("--json")
    assert run.returncode == 0, run.stderr
    entries = json.loads(run.stdout)["series"]
    derived = sorted(json.dumps(e["derived_uids"]) for e in entries)
    assert derived == sorted([json.dumps({}), json.dumps({"SOPInstanceUID": 1})])
    text = info()
    assert text.returncode == 0
    assert text.stdout.count("derived by Cauri (missing or invalid in the files): SOPInstanceUID (1 instance)") == 1
