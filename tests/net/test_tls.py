"""A TLS association (C-ECHO, C-STORE) against DCMTK storescp +tls with a throwaway certificate."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest

from viewer.net import dimse
from viewer.net import NetError
from viewer.net.nodes import Workstation, Node

from .orthanc import OrthancServer, free_port, orthanc_binary
from .synth import write_study

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def tls_storescp(tmp_path):
    if not shutil.which("storescp") or not shutil.which("openssl"):
        pytest.skip("needs DCMTK storescp and openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-days", "1"], check=True, capture_output=True)
    port = free_port()
    out = tmp_path / "received"
    out.mkdir()
    proc = subprocess.Popen(["storescp", "+tls", str(key), str(cert), "-ic", "-aet", "TLSSCP",
                             "-od", str(out), str(port)], env=dict(os.environ, TCP_NODELAY="1"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield port, cert, out
    proc.terminate()
    proc.wait(10)


def test_tls_echo_and_store(tls_storescp, tmp_path):
    port, cert, out = tls_storescp
    node = Node(name="tls", ae_title="TLSSCP", host="127.0.0.1", port=port, tls_ca=str(cert))
    ws = Workstation()
    assert dimse.echo(ws, node) < 5
    study = write_study(tmp_path / "s", slices_per_series=(2,))
    sent = dimse.c_store(ws, node, [(f, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1") for f in study.files])
    assert (sent.sent, sent.failed) == (2, 0)
    assert len(list(out.iterdir())) == 2
    # Plain TCP to a TLS port, or a CA that did not sign the certificate: refused, clearly.
    with pytest.raises(NetError):
        dimse.echo(ws, Node(name="plain", ae_title="TLSSCP", host="127.0.0.1", port=port))
    other_ca = tmp_path / "other.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "k2"),
                    "-out", str(other_ca), "-subj", "/CN=x", "-days", "1"], check=True, capture_output=True)
    with pytest.raises(NetError):
        dimse.echo(ws, Node(name="wrongca", ae_title="TLSSCP", host="127.0.0.1", port=port, tls_ca=str(other_ca)))


def test_tls_retrieve_by_c_get_from_orthanc(tmp_path):
    """The lean upper layer (inventory C-FIND and C-GET) over TLS, against Orthanc with DICOM TLS on."""
    from viewer.net.nodes import NetworkConfig
    from viewer.net.retrieve import retrieve_study
    from viewer.store.cache import StudyCache

    if orthanc_binary() is None or not shutil.which("openssl"):
        pytest.skip("needs Orthanc and openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-days", "1"], check=True, capture_output=True)
    tls = {"DicomTlsEnabled": True, "DicomTlsCertificate": str(cert), "DicomTlsPrivateKey": str(key),
           "DicomTlsTrustedCertificates": str(cert), "DicomTlsRemoteCertificateRequired": False}
    server = OrthancServer(tmp_path / "orthanc", modalities={"cauri": ("CAURI", free_port())}, extra=tls).start()
    try:
        study = write_study(tmp_path / "s", slices_per_series=(5,), size=32)
        server.upload(study.files)
        config = NetworkConfig()
        config.workstation.ae_title = "CAURI"
        config.workstation.min_free_mb = 0
        node = Node(name="tls", ae_title=server.aet, host="127.0.0.1", port=server.dicom_port, tls_ca=str(cert))
        with StudyCache(tmp_path / "store") as cache:
            report = retrieve_study(cache, config, node, study.study_uid, method="get")
            assert report.complete and report.imported == 5, report
            with pytest.raises(NetError):  # plain TCP to the TLS port: refused, clearly
                retrieve_study(cache, config, Node(name="plain", ae_title=server.aet, host="127.0.0.1",
                                                   port=server.dicom_port), study.study_uid, method="get")
    finally:
        server.stop()
