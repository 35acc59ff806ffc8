"""A real Orthanc for the retrieve case: a plain process, loopback ports chosen at run time, locked down.

As the environment notes say: Orthanc 1.10 cannot bind to loopback only, so HTTP is refused to remote
hosts (RemoteAccessAllowed false), DICOM peers are admitted only when listed with their 127.0.0.1
address (DicomCheckModalityHost, every DicomAlwaysAllow* off), and TCP_NODELAY=1 is set for it and
for the DCMTK tools (without it Debian's DCMTK stalls ~50 ms per image).
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

DICOMWEB_PLUGIN = Path("/usr/share/orthanc/plugins/libOrthancDicomWeb.so")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nodelay_env() -> dict:
    return dict(os.environ, TCP_NODELAY="1")


@dataclass
class Orthanc:
    workdir: Path
    modalities: dict[str, tuple[str, int]]  # name -> (AE title, port), all at 127.0.0.1
    aet: str = "ORTHANC"
    dicom_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    pdu: int = 16384
    extra: dict = field(default_factory=dict)  # more configuration (e.g. DICOM TLS)
    process: subprocess.Popen | None = None

    @staticmethod
    def binary() -> str | None:
        return shutil.which("Orthanc")

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def dicomweb(self) -> str:
        return f"{self.http}/dicom-web"

    @property
    def has_dicomweb(self) -> bool:
        return DICOMWEB_PLUGIN.exists()

    def start(self) -> "Orthanc":
        storage = self.workdir / "storage"
        storage.mkdir(parents=True, exist_ok=True)
        config = {
            "Name": "Cauri",
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
            "Plugins": [str(DICOMWEB_PLUGIN)] if self.has_dicomweb else [],
            "DicomWeb": {"Enable": True, "Root": "/dicom-web/", "EnableWado": False},
            "MaximumPduLength": self.pdu,
            "StableAge": 1,
            "DicomScpTimeout": 30,
            "HttpTimeout": 30,
            **self.extra,
        }
        path = self.workdir / "orthanc.json"
        path.write_text(json.dumps(config), encoding="utf-8")
        log = open(self.workdir / "orthanc.log", "wb")
        self.process = subprocess.Popen([self.binary() or "Orthanc", str(path)], stdout=log, stderr=subprocess.STDOUT,
                                        env=nodelay_env())
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Orthanc exited at start: " + (self.workdir / "orthanc.log").read_text(errors="replace")[-500:])
            try:
                self.get("/system")
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("Orthanc did not answer within 30 s")

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
            with urllib.request.urlopen(req, timeout=60) as r:
                r.read()
            n += 1
        return n

    def instance_count(self) -> int:
        return int(self.get("/statistics")["CountInstances"])

    def __enter__(self) -> "Orthanc":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
