"""Fixtures for the network tests: one real Orthanc per session, loaded with synthetic studies.

Everything listens on loopback ports chosen at run time. Orthanc knows our workstation (AE CAURI) and
the DCMTK tools at 127.0.0.1 only; our side knows Orthanc as node "pacs" (DIMSE + DICOMweb).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from .orthanc import OrthancServer, free_port, orthanc_binary
from .synth import SynthStudy, write_study

os.environ.setdefault("TCP_NODELAY", "1")

OUR_AET = "CAURI"


@dataclass
class Archive:
    server: OrthancServer
    scp_port: int  # where Orthanc sends C-MOVE to "CAURI"
    dcmtk_port: int  # where Orthanc sends C-MOVE to "MOVESCU" (DCMTK, benchmark)
    ct: SynthStudy  # 2 series, 12 + 8 slices, 64x64
    accented: SynthStudy  # 1 series, 3 slices, accented patient name


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Archive:
    if orthanc_binary() is None:
        pytest.skip("the Orthanc binary is not installed (Debian: apt-get install orthanc orthanc-dicomweb)")
    work = tmp_path_factory.mktemp("orthanc")
    scp_port, dcmtk_port = free_port(), free_port()
    server = OrthancServer(
        work,
        modalities={
            "cauri": (OUR_AET, scp_port),
            "storescu": ("STORESCU", 0 or free_port()),
            "getscu": ("GETSCU", free_port()),
            "movescu": ("MOVESCU", dcmtk_port),
            "findscu": ("FINDSCU", free_port()),
        },
    ).start()
    data = tmp_path_factory.mktemp("synthetic")
    ct = write_study(data / "ct", slices_per_series=(12, 8))
    accented = write_study(
        data / "accented", slices_per_series=(3,), patient_id="NET-002", patient_name="DÉSIRÉ^Aké Françoise",
        study_date="20230310", accession="ACC002", description="IRM GENOU",
    )
    server.upload(ct.files + accented.files)
    yield Archive(server, scp_port, dcmtk_port, ct, accented)
    server.stop()


@pytest.fixture
def net_home(tmp_path, archive, monkeypatch) -> Path:
    """A Cauri home whose network config knows the archive as node "pacs"."""
    from viewer.net.nodes import NetworkConfig, Node

    home = tmp_path / "home"
    monkeypatch.setenv("CAURI_HOME", str(home))
    cfg = NetworkConfig()
    cfg.workstation.ae_title = OUR_AET
    cfg.workstation.storage_port = archive.scp_port
    cfg.workstation.min_free_mb = 0
    cfg.add(Node(name="pacs", ae_title=archive.server.aet, host="127.0.0.1", port=archive.server.dicom_port,
                 dicomweb_url=archive.server.dicomweb))
    cfg.save(home)
    return home


@pytest.fixture
def cache(net_home):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache

    with StudyCache(resolve_paths(net_home).ensure().store) as c:
        yield c


@pytest.fixture
def config(net_home):
    from viewer.net.nodes import NetworkConfig

    return NetworkConfig.load(net_home)
