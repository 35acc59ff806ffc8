"""Issue 19: ``cauri listen`` receives headless (same allow-list as the window's listener), and what it and
the other commands do to studies is in the hash-chained audit trail, which shows tampering, and is sent to
a syslog collector (a real UDP and TCP socket server in the test)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading

import pytest

from store_fixtures import write_series

from .orthanc import free_port

pytestmark = [pytest.mark.timeout(180),
              pytest.mark.skipif(shutil.which("storescu") is None, reason="DCMTK storescu is not installed")]


def cauri(*args, home, check=True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)], capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def storescu(port: int, calling: str, files) -> subprocess.CompletedProcess:
    return subprocess.run(["storescu", "-aet", calling, "-aec", "CAURI", "127.0.0.1", str(port), *map(str, files)],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, TCP_NODELAY="1"))


class Collector:
    """A syslog collector: UDP datagrams and RFC 6587 octet-counted TCP frames, as received."""

    def __init__(self, kind: str):
        self.kind = kind
        self.messages: list[bytes] = []
        family = socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
        self.sock = socket.socket(socket.AF_INET, family)
        self.sock.bind(("127.0.0.1", 0))
        if kind == "tcp":
            self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                if self.kind == "udp":
                    self.messages.append(self.sock.recv(65535))
                    continue
                conn, _ = self.sock.accept()
            except OSError:
                return
            data = b""
            with conn:
                while chunk := conn.recv(65536):
                    data += chunk
            while data:
                length, _, rest = data.partition(b" ")
                self.messages.append(rest[:int(length)])
                data = rest[int(length):]


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    cauri("node", "add", "modality", "--ae", "STORESCU", "--host", "127.0.0.1", "--port", "104", home=home)
    cauri("config", "set", "ae_title", "CAURI", home=home)
    return home


@pytest.mark.parametrize("kind", ["udp", "tcp"])
def test_listen_receives_and_audits_to_the_trail_and_syslog(tmp_path, home, kind):
    collector = Collector(kind)
    cauri("config", "set", "audit_syslog", f"{kind}://127.0.0.1:{collector.port}", home=home)
    src = tmp_path / "src"
    write_series(src, 3, study_uid="1.2.826.0.1.3680043.2.1125.19.7", accession="ACC-19",
                 name="Secret^Patient", patient_id="PID-SECRET")
    port = free_port()
    listener = subprocess.Popen([sys.executable, "-m", "viewer", "listen", "--port", str(port), "--home", str(home)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = listener.stdout.readline()
        assert f"port {port}" in line and "receiving as CAURI" in line, line + listener.stderr.read()
        assert storescu(port, "STRANGER", sorted(src.iterdir())).returncode != 0  # not a configured peer
        sent = storescu(port, "STORESCU", sorted(src.iterdir()))
        assert sent.returncode == 0, sent.stdout + sent.stderr
    finally:
        listener.send_signal(signal.SIGTERM)
        out, err = listener.communicate(timeout=60)
    assert listener.returncode == 0, err
    assert "3 instance(s) stored" in out and "1 association(s) from unknown peers refused" in out
    assert "Traceback" not in err
    studies = json.loads(cauri("studies", "--json", home=home).stdout)
    assert [s["instance_count"] for s in studies] == [3]

    shown = cauri("audit", "show", "--json", home=home).stdout.splitlines()
    receive = [json.loads(r) for r in shown if json.loads(r)["action"] == "receive"]
    assert len(receive) == 1
    r = receive[0]
    assert (r["study_uid"], r["accession"], r["count"], r["peer"], r["ae"]) == (
        "1.2.826.0.1.3680043.2.1125.19.7", "ACC-19", 3, "STORESCU", "CAURI")
    assert r["user"] and r["host"] and r["time"].endswith("Z")
    trail = (home / "data" / "audit" / "audit.jsonl").read_text()
    assert "Secret" not in trail and "PID-SECRET" not in trail
    assert any(b"cauri@32473" in m and b'action="receive"' in m and b"ACC-19" in m for m in collector.messages)
    message = next(m for m in collector.messages if b'action="receive"' in m)
    assert message.startswith(b"<85>1 ") and b" cauri " in message  # authpriv.notice, RFC 5424 version 1


def test_audit_trail_shows_tampering(tmp_path, home):
    src = tmp_path / "src"
    write_series(src / "a", 2, study_uid="1.2.826.0.1.3680043.2.1125.19.8", accession="A1")
    write_series(src / "b", 2, study_uid="1.2.826.0.1.3680043.2.1125.19.9", accession="B2")
    cauri("import", str(src / "a"), home=home)
    cauri("import", str(src / "b"), home=home)
    cauri("import", str(src / "a"), home=home)  # nothing new: no record
    assert cauri("audit", "verify", home=home).stdout.startswith("audit trail intact: 2 record(s)")
    trail = home / "data" / "audit" / "audit.jsonl"
    lines = trail.read_text().splitlines()
    assert [json.loads(x)["action"] for x in lines] == ["import", "import"]

    changed = json.loads(lines[0])
    changed["count"] = 1  # someone hides one image
    trail.write_text("\n".join([json.dumps(changed, sort_keys=True)] + lines[1:]) + "\n")
    broken = cauri("audit", "verify", home=home, check=False)
    assert broken.returncode == 1 and "broken at line 1: content changed" in broken.stderr

    trail.write_text(lines[1] + "\n")  # the first record removed
    broken = cauri("audit", "verify", home=home, check=False)
    assert broken.returncode == 1 and "broken at line 1: does not follow" in broken.stderr

    trail.write_text("\n".join(lines) + "\n")
    exported = tmp_path / "audit.csv"
    cauri("audit", "export", "--out", str(exported), home=home)
    rows = exported.read_text().splitlines()
    assert rows[0].startswith("seq,time,user,host,ae,action,study_uid,accession,count") and len(rows) == 3


def test_retrieve_and_send_are_audited(net_home, cache, config, archive):
    from viewer.core import audit
    from viewer.net.retrieve import retrieve_study
    from viewer.net.send import send_study

    audit.configure(net_home)
    try:
        report = retrieve_study(cache, config, config.node("pacs"), archive.ct.study_uid, method="get")
        assert report.complete
        send_study(cache, config, config.node("pacs"), archive.ct.study_uid)
    finally:
        audit._configured.clear()
    rows = list(audit.records(audit.audit_path(net_home)))
    assert [(r["action"], r["study_uid"], r["count"], r["peer"], r["outcome"]) for r in rows] == [
        ("retrieve", archive.ct.study_uid, 20, "pacs", "success"),
        ("send", archive.ct.study_uid, 20, "pacs", "success"),
    ]
    assert audit.verify(audit.audit_path(net_home)).ok
