"""Throughput of C-GET, C-MOVE and WADO-RS into the cache vs DCMTK getscu/movescu, same Orthanc, same run.

Not a test (a minute and ~160 MB of temp data): ``TCP_NODELAY=1 .venv/bin/python -m tests.net.bench_retrieve``.
Prints images/s for each method and its ratio to DCMTK's rate, and the time to the first instance.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from viewer.net.nodes import NetworkConfig, Node
from viewer.net.retrieve import retrieve_study
from viewer.store.cache import StudyCache

from .orthanc import OrthancServer, free_port
from .synth import write_study

N, SIZE = int(os.environ.get("BENCH_N", 300)), int(os.environ.get("BENCH_SIZE", 512))


def _dcmtk(cmd: list[str], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    subprocess.run(cmd + ["-od", str(out)], check=True, capture_output=True, env=dict(os.environ, TCP_NODELAY="1"))
    seconds = time.perf_counter() - start
    got = len(list(out.iterdir()))
    assert got == N, f"{cmd[0]} wrote {got} files"
    return seconds


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cauri-bench-"))
    scp_port, move_port = free_port(), free_port()
    pdu = int(os.environ.get("BENCH_PDU", 16384))
    server = OrthancServer(work / "orthanc", modalities={"cauri": ("CAURI", scp_port), "getscu": ("GETSCU", 0 or free_port()),
                                                        "movescu": ("MOVESCU", move_port)}, pdu=pdu).start()
    try:
        study = write_study(work / "data", slices_per_series=(N,), size=SIZE)
        t = time.perf_counter()
        server.upload(study.files)
        print(f"{N} images {SIZE}x{SIZE} uploaded in {time.perf_counter() - t:.1f} s; Orthanc MaximumPduLength {pdu}")
        host = ["127.0.0.1", str(server.dicom_port)]
        keys = ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study.study_uid}"]
        rates: dict[str, float] = {}
        for rnd in range(2):
            s = _dcmtk(["getscu", "-aet", "GETSCU", "-aec", "ORTHANC", *host, *keys], work / f"getscu{rnd}")
            rates.setdefault("getscu", 0)
            rates["getscu"] = max(rates["getscu"], N / s)
            s = _dcmtk(["movescu", "-aet", "MOVESCU", "-aec", "ORTHANC", "-aem", "MOVESCU", "+P", str(move_port),
                        *host, *keys], work / f"movescu{rnd}")
            rates.setdefault("movescu", 0)
            rates["movescu"] = max(rates["movescu"], N / s)
        print(f"DCMTK getscu  {rates['getscu']:6.0f} img/s   movescu {rates['movescu']:6.0f} img/s (best of 2)")
        cfg = NetworkConfig()
        cfg.workstation.ae_title = "CAURI"
        cfg.workstation.storage_port = scp_port
        cfg.workstation.min_free_mb = 0
        node = Node(name="pacs", ae_title="ORTHANC", host="127.0.0.1", port=server.dicom_port,
                    dicomweb_url=server.dicomweb)
        cfg.add(node)
        for method, ref in (("get", "getscu"), ("move", "movescu"), ("wado", "getscu")):
            for parallel in (1, 4):
                root = work / f"cache-{method}-{parallel}"
                first = []
                t0 = time.perf_counter()
                with StudyCache(root) as cache:
                    report = retrieve_study(cache, cfg, node, study.study_uid, method=method, parallel=parallel,
                                            progress=lambda d, n: first or first.append(time.perf_counter() - t0))
                assert report.complete and report.imported == N, report
                rate = N / report.seconds
                print(f"cauri {method:<4} x{parallel}  {rate:6.0f} img/s  = {rate / rates[ref]:.2f} x {ref}"
                      f"   (first instance after {first[0] * 1000:.0f} ms, incl. the image-level C-FIND/QIDO)")
                shutil.rmtree(root)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
