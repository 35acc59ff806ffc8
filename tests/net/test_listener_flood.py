"""Issue 19: idle, slow and malformed connections cannot lock a configured peer out of the storage listener.

The hostile sockets are real TCP connections opened by the test from other loopback addresses (Linux
routes all of 127/8 to lo: another address stands for another machine); the legitimate peer is DCMTK's
``storescu`` from 127.0.0.1, configured as node "modality". pytest-timeout catches a lock-out; nothing
is timed.
"""

from __future__ import annotations

import logging
import os
import resource
import shutil
import socket
import struct
import subprocess
import threading
import time

import pytest

from store_fixtures import write_series
from viewer.net.nodes import NetworkConfig, Node
from viewer.net.storage_scp import StorageSCP
from viewer.store.cache import StudyCache

from .orthanc import free_port

pytestmark = [pytest.mark.timeout(180),
              pytest.mark.skipif(shutil.which("storescu") is None, reason="DCMTK storescu is not installed")]


def _config(**ws) -> NetworkConfig:
    cfg = NetworkConfig()
    cfg.workstation.ae_title = "CAURI"
    cfg.workstation.storage_port = free_port()
    cfg.workstation.min_free_mb = 0
    for key, value in ws.items():
        setattr(cfg.workstation, key, value)
    cfg.add(Node(name="modality", ae_title="STORESCU", host="127.0.0.1", port=104))
    return cfg


def _storescu(port: int, files) -> subprocess.CompletedProcess:
    return subprocess.run(["storescu", "-aet", "STORESCU", "-aec", "CAURI", "-to", "20", "127.0.0.1", str(port),
                           *map(str, files)], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, TCP_NODELAY="1"))


def _connect_from(source: str, port: int) -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    try:
        s.connect(("127.0.0.1", port))
    except ConnectionResetError:
        pass  # over the limits: the listener closed it as soon as it came in
    return s


def _association_request(calling: bytes = b"STORESCU", called: bytes = b"CAURI") -> bytes:
    """A minimal A-ASSOCIATE-RQ (PS3.8 9.3.2): application context and one Verification context."""
    def item(kind: int, body: bytes) -> bytes:
        return struct.pack(">BBH", kind, 0, len(body)) + body

    context = item(0x20, struct.pack(">BBBB", 1, 0, 0, 0) + item(0x30, b"1.2.840.10008.1.1")
                   + item(0x40, b"1.2.840.10008.1.2"))
    user = item(0x50, item(0x51, struct.pack(">L", 16384)))
    body = (struct.pack(">HH", 1, 0) + called.ljust(16) + calling.ljust(16) + b"\x00" * 32
            + item(0x10, b"1.2.840.10008.3.1.1.1") + context + user)
    return struct.pack(">BBL", 0x01, 0, len(body)) + body


@pytest.fixture
def many_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_thousand_idle_and_slow_sockets_do_not_stop_a_configured_peer(tmp_path, many_files):
    files = [tmp_path / "src" / f for f in sorted(os.listdir(write_series_dir(tmp_path)))]
    cfg = _config()
    with StudyCache(tmp_path / "store") as cache, StorageSCP(cache, cfg) as scp:
        threads_before = threading.active_count()
        slow = [_connect_from(f"127.0.9.{k + 1}", scp.port) for k in range(20)]  # first: they hold the slots
        idle = [_connect_from("127.0.0.2", scp.port) for _ in range(500)]  # one other machine
        idle += [_connect_from(f"127.0.{1 + k // 250}.{1 + k % 250}", scp.port) for k in range(500)]  # 500 more
        stop = threading.Event()

        def trickle():  # slow loris: a valid request, one byte a second
            rq = _association_request()
            for at in range(len(rq)):
                if stop.wait(1.0):
                    return
                for s in slow:
                    try:
                        s.send(rq[at:at + 1])
                    except OSError:
                        pass

        loris = threading.Thread(target=trickle, daemon=True)
        loris.start()
        try:
            # No thread per idle socket: what is over the limits is closed at accept.
            assert threading.active_count() - threads_before < 40
            proc = _storescu(scp.port, files)
            assert proc.returncode == 0, proc.stdout + proc.stderr
        finally:
            stop.set()
            for s in idle + slow:
                s.close()
        assert sorted(r.sop_uid for r in _stored(cache)) == sorted(_sop_uids(files))
        assert scp.admission.refused >= 900


def test_silent_and_slow_connections_are_cut_at_the_artim_deadline(tmp_path):
    with StudyCache(tmp_path / "store") as cache, StorageSCP(cache, _config()) as scp:
        scp.artim_seconds = 1.0
        silent = _connect_from("127.0.0.1", scp.port)  # even from the configured peer's own address
        slow = _connect_from("127.0.0.1", scp.port)
        rq = _association_request()
        slow.settimeout(0.5)
        cut = False
        for at in range(len(rq)):  # one byte every 0.3 s: well past the deadline before the end
            try:
                slow.send(rq[at:at + 1])
                if slow.recv(1) == b"":
                    cut = True
                    break
            except socket.timeout:
                continue
            except OSError:
                cut = True
                break
        assert cut, "a request sent too slowly was never cut"
        silent.settimeout(30)
        try:
            assert silent.recv(1) == b""  # closed by the listener, not by us
        except ConnectionResetError:
            pass
        assert scp.admission.timed_out >= 2


def test_malformed_association_request_is_one_warning_line(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    with StudyCache(tmp_path / "store") as cache, StorageSCP(cache, _config()) as scp:
        s = _connect_from("127.0.0.1", scp.port)
        garbage = bytearray(_association_request())
        garbage[74:78] = b"\xff\xff\xff\xff"  # the application context item's length: far past the end
        s.sendall(bytes(garbage))
        s.settimeout(30)
        try:
            while s.recv(4096):
                pass
        except OSError:
            pass
        s.close()
        deadline = time.monotonic() + 30
        while not [r for r in caplog.records if "malformed" in r.getMessage()] and time.monotonic() < deadline:
            time.sleep(0.05)
    records = [r for r in caplog.records if r.name.startswith("viewer.net") and r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in records] == ["storage SCP: malformed A-ASSOCIATE-RQ refused"]
    assert records[0].levelno == logging.WARNING and records[0].exc_info is None


def test_storage_bind_limits_the_listener_to_one_address(tmp_path):
    cfg = _config(storage_bind="127.0.0.1")
    with StudyCache(tmp_path / "store") as cache, StorageSCP(cache, cfg) as scp:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.2", scp.port), timeout=10)
        socket.create_connection(("127.0.0.1", scp.port), timeout=10).close()


def test_storage_bind_setting_accepts_addresses_only(tmp_path):
    from viewer.net.nodes import ConfigError, Workstation

    ws = Workstation()
    ws.set("storage_bind", "192.168.1.20")
    assert ws.storage_bind == "192.168.1.20"
    with pytest.raises(ConfigError):
        ws.set("storage_bind", "not an address")
    ws.set("storage_bind", "")
    assert ws.storage_bind == ""


def write_series_dir(tmp_path):
    src = tmp_path / "src"
    write_series(src, 4, study_uid="1.2.826.0.1.3680043.2.1125.19.1")
    return src


def _sop_uids(files) -> list[str]:
    import pydicom

    return [pydicom.dcmread(f, stop_before_pixels=True).SOPInstanceUID for f in files]


def _stored(cache):
    out = []
    for study in cache.find_studies():
        for series in cache.series_of(study.study_uid):
            out.extend(cache.instances_of(series.series_uid))
    return out
