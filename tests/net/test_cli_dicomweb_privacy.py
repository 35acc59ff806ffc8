"""The network commands end to end, QIDO-RS searches, and what reaches the logs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from viewer.cli import main
from viewer.net import dicomweb, dimse
from viewer.net import NetError
from viewer.net.query import RemoteQuery
from viewer.net.nodes import Node
from viewer.net.retrieve import retrieve_study

pytestmark = pytest.mark.timeout(60)


def cauri(home, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, CAURI_HOME=str(home), TCP_NODELAY="1")
    return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)],
                          capture_output=True, text=True, env=env, timeout=60, encoding="utf-8")


def test_node_and_config_commands(tmp_path, capsys):
    home = str(tmp_path / "h")
    assert main(["node", "add", "pacs", "--aet", "PACS", "--host", "10.0.0.5", "--port", "104",
                 "--dicomweb", "https://pacs/dicom-web", "--user", "u", "--secret", "s3cret", "--home", home]) == 0
    assert main(["node", "add", "pacs", "--aet", "PACS", "--host", "h", "--port", "104", "--home", home]) == 1
    assert main(["node", "add", "bad", "--aet", "TOO-LONG-AE-TITLE-X", "--host", "h", "--port", "1", "--home", home]) == 1
    capsys.readouterr()
    assert main(["node", "list", "--json", "--home", home]) == 0
    nodes = json.loads(capsys.readouterr().out)
    assert nodes[0]["name"] == "pacs" and nodes[0]["auth"] == "basic" and nodes[0]["secret"] == "***"
    assert main(["config", "set", "ae_title", "RADIO1", "--home", home]) == 0
    assert main(["config", "set", "storage_port", "70000", "--home", home]) == 1
    capsys.readouterr()
    assert main(["config", "get", "ae_title", "--home", home]) == 0
    assert capsys.readouterr().out.strip() == "RADIO1"
    assert main(["node", "remove", "pacs", "--home", home]) == 0
    assert main(["node", "remove", "pacs", "--home", home]) == 1


def test_cli_echo_find_retrieve(net_home, archive):
    done = cauri(net_home, "echo", "pacs")
    assert done.returncode == 0 and "OK" in done.stdout, done.stderr
    done = cauri(net_home, "echo", "pacs", "--dicomweb")
    assert done.returncode == 0 and "QIDO-RS" in done.stdout, done.stderr
    done = cauri(net_home, "find", "pacs", "--name", "désiré", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["patient_name"], r["local"]) for r in rows] == [("DÉSIRÉ^Aké Françoise", "remote")]
    done = cauri(net_home, "retrieve", "pacs", "--study-uid", archive.accented.study_uid, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["complete"] and report["imported"] == 3
    done = cauri(net_home, "find", "pacs", "--level", "series", "--study-uid", archive.accented.study_uid)
    assert done.returncode == 0 and " local " in done.stdout, done.stdout
    # Unknown node, unreachable node: clear message, non-zero exit.
    done = cauri(net_home, "echo", "nowhere")
    assert done.returncode == 1 and "no node named" in done.stderr
    # No patient identity in the log file, whatever pynetdicom would have said.
    log = (net_home / "logs" / "cauri.log").read_text(encoding="utf-8")
    for secret in ("DÉSIRÉ", "désiré", "NET-002", "Françoise", "ACC002"):
        assert secret not in log


def test_cli_retrieve_incomplete_exits_non_zero(net_home, archive):
    from .orthanc import free_port

    assert cauri(net_home, "node", "add", "dead", "--aet", "X", "--host", "127.0.0.1",
                 "--port", str(free_port())).returncode == 0
    done = cauri(net_home, "retrieve", "dead", "--study-uid", archive.ct.study_uid)
    assert done.returncode == 1 and "could not connect" in done.stderr


def test_no_identifiers_reach_logging(cache, config, archive, caplog):
    # Even with everything at DEBUG, pynetdicom's identifier dumps must not be produced.
    caplog.set_level(logging.DEBUG)
    logging.getLogger("pynetdicom").setLevel(logging.DEBUG)  # as a careless caller would
    ws, pacs = config.workstation, config.node("pacs")
    dimse.find(ws, pacs, RemoteQuery(name="DÉSIRÉ"))
    retrieve_study(cache, config, pacs, archive.accented.study_uid, method="get")
    text = caplog.text
    assert caplog.records  # something was logged (our counts), just nothing identifying
    for secret in ("DÉSIRÉ", "NET-002", "Françoise", "ACC002", "IRM GENOU"):
        assert secret not in text


def test_qido_search_levels_and_accents(config, archive):
    web = dicomweb.Client(config.node("pacs"))
    web.ping()
    # Accents come back intact. Orthanc 1.10's QIDO-RS matches no value holding a percent-encoded
    # character: the client sends "D*SIR*" and holds the answers to "DÉSIRÉ*" itself (test_find_names).
    studies = web.search(RemoteQuery(name="d*", patient_id="NET-002"))
    assert [s["patient_name"] for s in studies] == ["DÉSIRÉ^Aké Françoise"]
    assert [s["patient_name"] for s in web.search(RemoteQuery(name="DÉSIRÉ"))] == ["DÉSIRÉ^Aké Françoise"]
    assert web.search(RemoteQuery(name="DÉSIRÉE")) == []  # loosened on the wire, exact here
    assert {s["study_uid"] for s in web.search(RemoteQuery(patient_id="NET-001", date_from="20240101"))} \
        == {archive.ct.study_uid}
    assert {s["study_uid"] for s in web.search(RemoteQuery(name="koffi"))} == {archive.ct.study_uid}
    assert web.search(RemoteQuery(date_from="20990101")) == []
    series = web.search(RemoteQuery(level="SERIES", study_uid=archive.ct.study_uid))
    assert sorted(s["instance_count"] for s in series) == [8, 12]
    images = web.search(RemoteQuery(level="IMAGE", study_uid=archive.ct.study_uid))
    assert sorted(i["sop_uid"] for i in images) == sorted(archive.ct.sop_uids)


def test_dicomweb_bad_credentials_and_missing_url(config, archive):
    node = Node(name="web", dicomweb_url=f"http://127.0.0.1:{archive.server.dicom_port}/dicom-web")
    with pytest.raises(NetError):
        dicomweb.Client(node).ping()  # a DICOM port is no HTTP server
    with pytest.raises(NetError, match="no DICOMweb URL"):
        dicomweb.Client(Node(name="x", ae_title="A", host="h", port=1))
