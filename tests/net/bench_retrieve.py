"""Throughput of C-GET, C-MOVE and WADO-RS into the cache vs DCMTK getscu/movescu, same Orthanc, same run.

Not a test (a minute and ~160 MB of temp data): ``TCP_NODELAY=1 .venv/bin/python -m tests.net.bench_retrieve``.
Every method runs ``BENCH_ROUNDS`` times, interleaved with the DCMTK runs so that a busy machine weighs
on both sides alike. Prints images/s (median and best of the rounds), the ratios to DCMTK's rate, and
the time from the call to the first instance present in the cache (indexed: what the viewer can show),
which includes the inventory C-FIND/QIDO and the association. Both median and best are shown because
movescu is bimodal: it looks for Orthanc's sub-association only when its wait on the main one times
out, once a second, so most runs pay ~1 s and a few do not.

DCMTK writes plain files (no fsync, no index); Cauri's figures include fsync, rename and indexing.
WADO-RS has no DCMTK client, so its peer is getscu.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from viewer.net.nodes import NetworkConfig, Node
from viewer.net.retrieve import DEFAULT_PARALLEL, retrieve_study
from viewer.store.cache import StudyCache

from .orthanc import OrthancServer, free_port
from .synth import write_study

N, SIZE = int(os.environ.get("BENCH_N", 300)), int(os.environ.get("BENCH_SIZE", 512))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))


def _dcmtk(cmd: list[str], out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run(cmd + ["-od", str(out)], check=True, capture_output=True, env=dict(os.environ, TCP_NODELAY="1"))
    seconds = time.perf_counter() - start
    got = len(list(out.iterdir()))
    assert got == N, f"{cmd[0]} wrote {got} files"
    shutil.rmtree(out)
    return N / seconds


def _cauri(work: Path, cfg: NetworkConfig, node: Node, study_uid: str, method: str, parallel: int) -> tuple[float, float]:
    root = work / f"cache-{method}-{parallel}"
    shutil.rmtree(root, ignore_errors=True)
    first: list[float] = []
    with StudyCache(root) as cache:
        t0 = time.perf_counter()
        report = retrieve_study(cache, cfg, node, study_uid, method=method, parallel=parallel,
                                progress=lambda d, n: first or first.append(time.perf_counter() - t0))
        seconds = time.perf_counter() - t0
    assert report.complete and report.imported == N, report
    shutil.rmtree(root)
    return N / seconds, first[0]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="cauri-bench-"))
    scp_port, move_port = free_port(), free_port()
    pdu = int(os.environ.get("BENCH_PDU", 16384))
    server = OrthancServer(work / "orthanc", modalities={"cauri": ("CAURI", scp_port), "getscu": ("GETSCU", free_port()),
                                                        "movescu": ("MOVESCU", move_port)}, pdu=pdu).start()
    try:
        study = write_study(work / "data", slices_per_series=(N,), size=SIZE)
        t = time.perf_counter()
        server.upload(study.files)
        print(f"{N} images {SIZE}x{SIZE} uploaded in {time.perf_counter() - t:.1f} s; Orthanc MaximumPduLength {pdu}; "
              f"{ROUNDS} interleaved rounds")
        host = ["127.0.0.1", str(server.dicom_port)]
        keys = ["-S", "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study.study_uid}"]
        cfg = NetworkConfig()
        cfg.workstation.ae_title = "CAURI"
        cfg.workstation.storage_port = scp_port
        cfg.workstation.min_free_mb = 0
        node = Node(name="pacs", ae_title="ORTHANC", host="127.0.0.1", port=server.dicom_port,
                    dicomweb_url=server.dicomweb)
        cfg.add(node)
        runs = [(m, p) for m in ("get", "move", "wado") for p in dict.fromkeys((1, DEFAULT_PARALLEL))]
        rates: dict[str, list[float]] = {}
        firsts: dict[str, list[float]] = {}
        for _round in range(ROUNDS):
            for name, cmd in (("getscu", ["getscu", "-aet", "GETSCU", "-aec", "ORTHANC", *host, *keys]),
                              ("movescu", ["movescu", "-aet", "MOVESCU", "-aec", "ORTHANC", "-aem", "MOVESCU",
                                           "+P", str(move_port), *host, *keys])):
                rates.setdefault(name, []).append(_dcmtk(cmd, work / name))
            for method, parallel in runs:
                rate, first = _cauri(work, cfg, node, study.study_uid, method, parallel)
                key = f"{method} x{parallel}"
                rates.setdefault(key, []).append(rate)
                firsts.setdefault(key, []).append(first)
        med = {k: statistics.median(v) for k, v in rates.items()}
        best = {k: max(v) for k, v in rates.items()}
        print(f"{'':14} {'median':>7} {'best':>7}  img/s")
        for name in ("getscu", "movescu"):
            print(f"DCMTK {name:<8} {med[name]:7.0f} {best[name]:7.0f}   rounds: "
                  + " ".join(f"{r:.0f}" for r in rates[name]))
        for method, parallel in runs:
            key = f"{method} x{parallel}"
            ref = "movescu" if method == "move" else "getscu"
            print(f"cauri {key:<8} {med[key]:7.0f} {best[key]:7.0f}   = {med[key] / med[ref]:.2f} (median) "
                  f"{best[key] / best[ref]:.2f} (best) x {ref:<8} first instance in the cache after "
                  f"{statistics.median(firsts[key]) * 1000:4.0f} ms (median)")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
