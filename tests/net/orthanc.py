"""A real Orthanc (Debian package) started as a plain process for the network tests and benchmark.

Locked down as the environment notes say: it listens on all interfaces (1.10 cannot bind loopback
only), so HTTP is loopback-only (RemoteAccessAllowed false) and DICOM peers must be listed with
their host (DicomCheckModalityHost), with every DicomAlwaysAllow* off.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def orthanc_binary() -> str | None:
    return shutil.which("Orthanc")


@dataclass
class OrthancServer:
    workdir: Path
    modalities: dict[str, tuple[str, int]]  # name -> (AE title, port) at 127.0.0.1
    aet: str = "ORTHANC"
    dicom_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    pdu: int = 16384
    extra: dict = field(default_factory=dict)  # more configuration (e.g. DICOM TLS)
    process: subprocess.Popen | None = None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def dicomweb(self) -> str:
        return f"{self.http}/dicom-web"

    def start(self) -> "OrthancServer":
        storage = self.workdir / "storage"
        storage.mkdir(parents=True, exist_ok=True)
        config = {
            "Name": "CauriTest",
            "StorageDirectory": str(storage),
            "IndexDirectory": str(storage),
            "HttpPort": self.http_port,
            "DicomPort": self.dicom_port,
            "DicomAet": self.aet,
            "RemoteAccessAllowed": False,
            "AuthenticationEnabled": False,
            "DicomCheckModalityHost": True,
            "DicomAlwaysAllowEcho": False,
            "DicomAlwaysAllowStore": False,
            "DicomAlwaysAllowFind": False,
            "DicomAlwaysAllowFindWorklist": False,
            "DicomAlwaysAllowGet": False,
            "DicomAlwaysAllowMove": False,
            "DicomModalities": {n: [aet, "127.0.0.1", port] for n, (aet, port) in self.modalities.items()},
            "DefaultEncoding": "Utf8",
            "Plugins": [PLUGIN],
            "DicomWeb": {"Enable": True, "Root": "/dicom-web/", "EnableWado": False},
            "MaximumPduLength": self.pdu,
            "StableAge": 1,
            "DicomScpTimeout": 30,
            "HttpTimeout": 30,
            **self.extra,
        }
        path = self.workdir / "orthanc.json"
        path.write_text(json.dumps(config))
        env = dict(os.environ, TCP_NODELAY="1")
        log = open(self.workdir / "orthanc.log", "wb")
        self.process = subprocess.Popen(["Orthanc", str(path)], stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Orthanc exited: {(self.workdir / 'orthanc.log').read_text()[-2000:]}")
            try:
                self.get("/system")
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Orthanc did not start within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(self, path: str):
        with urllib.request.urlopen(self.http + path, timeout=10) as r:
            return json.loads(r.read())

    def upload(self, files) -> int:
        n = 0
        for f in files:
            req = urllib.request.Request(self.http + "/instances", data=Path(f).read_bytes(), method="POST",
                                         headers={"Content-Type": "application/dicom"})
            with urllib.request.urlopen(req, timeout=30) as r:
                r.read()
            n += 1
        return n

    def instance_count(self) -> int:
        return int(self.get("/statistics")["CountInstances"])
