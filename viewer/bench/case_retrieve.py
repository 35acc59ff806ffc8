"""``retrieve``: images/s from a real Orthanc on loopback, Cauri's retrieve vs DCMTK getscu / movescu.

The scratch CT series is uploaded to a fresh Orthanc; each run then fetches the whole study into an
empty destination: a fresh Cauri cache (``viewer.net.retrieve.retrieve_study``: image-level C-FIND
inventory, parallel associations, files fsynced and indexed) or an empty folder for DCMTK (files
written, nothing indexed). Cauri's time includes its inventory query. WADO-RS has no DCMTK client, so
its peer is getscu, DCMTK's fastest way. Ratio = Cauri images/s / DCMTK images/s (target >= 1.0).
"""

from __future__ import annotations

import shutil
import subprocess

from viewer.bench.orthanc import Orthanc, free_port, nodelay_env
from viewer.bench.results import Measurement, skipped
from viewer.bench.timing import now

CASE = "retrieve"
OUR_AET = "CAURI"


def run(ctx) -> list[Measurement]:
    if Orthanc.binary() is None:
        return [skipped(CASE, "Orthanc is not installed (Debian: apt-get install orthanc orthanc-dicomweb)")]
    tools = {name: shutil.which(name) for name in ("getscu", "movescu")}
    series = ctx.inputs.ct(ctx.sizes.ct_slices)
    work = ctx.scratch / "retrieve"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    scp_port, move_port = free_port(), free_port()
    modalities = {"cauri": (OUR_AET, scp_port), "getscu": ("GETSCU", free_port()), "movescu": ("MOVESCU", move_port)}
    rows = []
    with Orthanc(work / "orthanc", modalities) as pacs:
        ctx.log(f"uploading {len(series.files)} files to Orthanc...")
        pacs.upload(series.files)
        n = len(series.files)
        peers = {}
        for method, tool in (("get", "getscu"), ("move", "movescu")):
            if tools[tool] is None:
                peers[method] = (f"DCMTK {tool}: not installed", None)
                continue
            best = max(_dcmtk(tools[tool], method, pacs, series.study_uid, move_port, work / f"{tool}-{k}", n)
                       for k in range(ctx.sizes.repeats))
            peers[method] = (f"DCMTK {tool}", best)
        peers["wado"] = (peers["get"][0] + " (no DCMTK WADO-RS client)", peers["get"][1])
        version = _orthanc_version(pacs)
        ours = _cauri_methods(ctx, pacs, series, scp_port, work, n)
        labels = {"get": "C-GET", "move": "C-MOVE", "wado": "WADO-RS"}
        for method in ("get", "move", "wado"):
            figure, note = ours.get(method, (None, "Cauri: not implemented (no viewer.net.retrieve)"))
            peer, value = peers[method]
            rows.append(Measurement(CASE, f"{labels[method]} {n} CT images", "images/s", figure, peer, value, note=note))
    # Orthanc runs C-MOVE as a job: ~1 s of fixed start-up per move here, whoever asks.
    rows[0].note = (f"retrieve from Orthanc {version} on loopback, TCP_NODELAY=1, best of {ctx.sizes.repeats}; each C-MOVE "
                    "pays ~1 s of Orthanc job start-up, so small series understate both movers; " + rows[0].note)
    return rows


def _orthanc_version(pacs) -> str:
    try:
        return pacs.get("/system").get("Version", "?")
    except OSError:
        return "?"


def _dcmtk(tool: str, method: str, pacs: Orthanc, study_uid: str, move_port: int, out, expected: int) -> float:
    out.mkdir(parents=True)
    keys = ["-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study_uid}"]
    if method == "get":
        cmd = [tool, "-S", "-aet", "GETSCU", "-aec", pacs.aet, "-od", str(out), "127.0.0.1", str(pacs.dicom_port), *keys]
    else:
        cmd = [tool, "-S", "-aet", "MOVESCU", "-aem", "MOVESCU", "-aec", pacs.aet, "--port", str(move_port),
               "-od", str(out), "127.0.0.1", str(pacs.dicom_port), *keys]
    t0 = now()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=nodelay_env(), timeout=600)
    seconds = now() - t0
    got = sum(1 for p in out.iterdir() if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    if got != expected:
        raise RuntimeError(f"{tool} received {got} of {expected} images (exit {proc.returncode}): {proc.stderr.strip()[-200:]}")
    return got / seconds


def _cauri_methods(ctx, pacs: Orthanc, series, scp_port: int, work, n: int) -> dict[str, tuple[float | None, str]]:
    try:
        from viewer.net.nodes import NetworkConfig, Node, Workstation
        from viewer.net.retrieve import retrieve_study
    except ImportError:
        return {}
    from viewer.store.cache import StudyCache

    ws = Workstation(ae_title=OUR_AET, storage_port=scp_port, min_free_mb=0)
    node = Node(name="bench-pacs", ae_title=pacs.aet, host="127.0.0.1", port=pacs.dicom_port,
                dicomweb_url=f"{pacs.http}/dicom-web" if pacs.has_dicomweb else "")
    config = NetworkConfig(workstation=ws, nodes=[node])
    out: dict[str, tuple[float | None, str]] = {}
    for method in ("get", "move", "wado"):
        if method == "wado" and not pacs.has_dicomweb:
            out[method] = (None, "Orthanc's DICOMweb plugin is not installed (orthanc-dicomweb)")
            continue
        best, errors = None, []
        for k in range(ctx.sizes.repeats):
            root = work / f"cauri-{method}-{k}"
            with StudyCache(root) as cache:
                t0 = now()
                report = retrieve_study(cache, config, node, series.study_uid, method=method)
                seconds = now() - t0
            shutil.rmtree(root, ignore_errors=True)
            if not report.complete or report.imported != n:
                errors.append(f"got {report.imported} of {n}" + (f": {report.errors[0]}" if report.errors else ""))
                continue
            rate = n / seconds
            best = rate if best is None else max(best, rate)
        note = "" if not errors else f"Cauri {method}: INCOMPLETE run(s): {errors[0]}"
        out[method] = (best, note)
    return out
