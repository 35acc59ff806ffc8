"""Resume after a cut link, the storage SCP fed by DCMTK storescu, peer checks, and sending."""

from __future__ import annotations

import os
import subprocess
import urllib.request
import json

import pytest

from viewer.net import NetError, dimse
from viewer.net.query import RemoteQuery
from viewer.net.nodes import NetworkConfig, Node
from viewer.net.retrieve import retrieve_study
from viewer.net.send import send_study
from viewer.net.storage_scp import StorageSCP
from viewer.store.importer import import_paths

from .orthanc import free_port
from .proxy import CuttingProxy
from .synth import write_study

pytestmark = pytest.mark.timeout(60)
DCMTK_ENV = dict(os.environ, TCP_NODELAY="1")


def _files_in_store(cache) -> int:
    return sum(len(files) for _root, _dirs, files in os.walk(cache.root / "files"))


def _leftover_temp(cache) -> list[str]:
    return [f for f in os.listdir(cache.files.tmp) if f != ".lock"]


@pytest.mark.parametrize("method", ["get", "wado"])
def test_resume_after_cut_fetches_only_the_missing(method, cache, config, archive):
    pacs = config.node("pacs")
    if method == "get":
        # ~8.5 kB per instance: the cut falls after a few instances, mid-instance.
        proxy = CuttingProxy(archive.server.dicom_port, cut_after=60_000)
        flaky = Node(name="flaky", ae_title=pacs.ae_title, host="127.0.0.1", port=proxy.port)
    else:
        proxy = CuttingProxy(archive.server.http_port, cut_after=60_000)
        flaky = Node(name="flaky", dicomweb_url=f"http://127.0.0.1:{proxy.port}/dicom-web", retrieve_method="wado")
    try:
        cut = retrieve_study(cache, config, flaky, archive.ct.study_uid, method=method, parallel=1)
    except NetError:
        # Into an empty cache the inventory is asked beside the whole-study C-GET: the cut may fall on it too,
        # and then there is nothing to count the missing from; what arrived is kept all the same.
        assert method == "get"
        cut = None
    finally:
        proxy.close()
    assert proxy.cut.is_set()
    held = cache.counts()["instance"]
    assert 0 < held < 20
    if cut is not None:
        assert not cut.complete and cut.missing == 20 - held, cut
    resumed = retrieve_study(cache, config, pacs, archive.ct.study_uid, method=method)
    assert resumed.complete, resumed
    assert resumed.present_before == held and resumed.requested == 20 - held
    assert resumed.received == 20 - held and resumed.imported == 20 - held  # no duplicates fetched
    assert cache.counts()["instance"] == 20 and _files_in_store(cache) == 20
    assert _leftover_temp(cache) == []


def test_parallel_uid_lists_split_one_series(cache, config, archive):
    # 12 missing of one series, parallel 4: split into UID lists over several associations.
    pacs = config.node("pacs")
    series = archive.ct.series_uids[0]
    report = retrieve_study(cache, config, pacs, archive.ct.study_uid, series_uid=series, method="get", parallel=4)
    assert report.complete and report.imported == 12


def _scp_config(archive, **ws_changes) -> NetworkConfig:
    cfg = NetworkConfig()
    cfg.workstation.ae_title = "CAURI"
    cfg.workstation.storage_port = free_port()
    cfg.workstation.min_free_mb = 0
    for k, v in ws_changes.items():
        setattr(cfg.workstation, k, v)
    cfg.add(Node(name="modality", ae_title="STORESCU", host="127.0.0.1", port=104))
    cfg.add(Node(name="elsewhere", ae_title="FARAWAY", host="192.0.2.7", port=104))
    return cfg


def _storescu(port: int, calling: str, files) -> subprocess.CompletedProcess:
    return subprocess.run(["storescu", "-aet", calling, "-aec", "CAURI", "127.0.0.1", str(port)]
                          + [str(f) for f in files], capture_output=True, text=True, env=DCMTK_ENV, timeout=30)


def test_storescu_pushes_into_our_scp(cache, archive, tmp_path):
    cfg = _scp_config(archive)
    study = write_study(tmp_path / "push", slices_per_series=(5,), patient_id="PUSH-1")
    with StorageSCP(cache, cfg, bind="127.0.0.1") as scp:
        done = _storescu(scp.port, "STORESCU", study.files)
        assert done.returncode == 0, done.stderr
        assert scp.writer.flush(timeout=10)
    assert {i.sop_uid for i in cache.instances_of(study.series_uids[0])} == set(study.sop_uids)
    # Hashed names only: no received UID is a file name.
    names = [f for _r, _d, fs in os.walk(cache.root / "files") for f in fs]
    assert not any(uid in name for uid in study.sop_uids for name in names)


@pytest.mark.parametrize("calling", ["EVIL", "FARAWAY"])
def test_scp_rejects_unknown_peers(calling, cache, archive, tmp_path):
    # EVIL is not configured; FARAWAY is, but at another host than the one it calls from.
    cfg = _scp_config(archive)
    study = write_study(tmp_path / "evil", slices_per_series=(1,))
    with StorageSCP(cache, cfg, bind="127.0.0.1") as scp:
        done = _storescu(scp.port, calling, study.files)
        assert scp.rejected_peers == 1
    assert done.returncode != 0
    assert "Calling AE Title Not Recognized" in (done.stdout + done.stderr)
    assert cache.counts()["instance"] == 0


def test_scp_refuses_when_disk_is_full(cache, archive, tmp_path):
    cfg = _scp_config(archive, min_free_mb=1 << 30)  # a petabyte free required: "full"
    study = write_study(tmp_path / "full", slices_per_series=(2,))
    with StorageSCP(cache, cfg, bind="127.0.0.1") as scp:
        done = _storescu(scp.port, "STORESCU", study.files)
        assert scp.refused_full >= 1  # storescu stops at the first refusal
        assert done.returncode != 0
        # The exact status, seen from our own C-STORE SCU posing as the configured modality.
        sender = NetworkConfig()
        sender.workstation.ae_title = "STORESCU"
        ours = Node(name="cauri", ae_title="CAURI", host="127.0.0.1", port=scp.port)
        out = dimse.c_store(sender.workstation, ours, [(f, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1")
                                                       for f in study.files])
        assert out.sent == 0 and out.failed == 2 and all("0xA700" in e for e in out.errors), out
    assert cache.counts()["instance"] == 0 and _leftover_temp(cache) == []


def _orthanc_has_study(archive, study_uid: str) -> int:
    req = urllib.request.Request(archive.server.http + "/tools/find", method="POST", data=json.dumps(
        {"Level": "Instance", "Query": {"StudyInstanceUID": study_uid}}).encode())
    with urllib.request.urlopen(req, timeout=10) as r:
        return len(json.loads(r.read()))


@pytest.mark.parametrize("method", ["store", "stow"])
def test_send_to_orthanc(method, cache, config, archive, tmp_path):
    study = write_study(tmp_path / method, slices_per_series=(4, 2), patient_id=f"SEND-{method}",
                        patient_name="ÉTIENNE^Gbèto")
    assert import_paths(cache, [tmp_path / method]).imported == 6
    report = send_study(cache, config, config.node("pacs"), study.study_uid, method=method)
    assert (report.sent, report.failed) == (6, 0), report
    assert _orthanc_has_study(archive, study.study_uid) == 6
    found = dimse.find(config.workstation, config.node("pacs"), RemoteQuery(study_uid=study.study_uid))
    assert found[0]["patient_name"] == "ÉTIENNE^Gbèto"
