"""The network tests start Orthanc with the same launcher as the benchmark (``viewer.bench.orthanc``).

Locked down as the environment notes say: it listens on all interfaces (1.10 cannot bind loopback
only), so HTTP is loopback-only (RemoteAccessAllowed false) and DICOM peers must be listed with
their host (DicomCheckModalityHost), with every DicomAlwaysAllow* off.
"""

from __future__ import annotations

from viewer.bench.orthanc import Orthanc as OrthancServer
from viewer.bench.orthanc import free_port

orthanc_binary = OrthancServer.binary

__all__ = ["OrthancServer", "free_port", "orthanc_binary"]
