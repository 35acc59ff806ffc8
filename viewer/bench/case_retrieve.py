"""``retrieve``: images/s from a real Orthanc on loopback, Cauri's retrieve vs DCMTK getscu / movescu,
and the time to the first displayed image while a retrieve runs.

The scratch CT series is uploaded to a fresh Orthanc; each run then fetches the whole study into an
empty destination: a fresh Cauri cache (``viewer.net.retrieve.retrieve_study``: image-level C-FIND
inventory, parallel associations, files flushed to disk and indexed) or an empty folder for DCMTK
(files written, not flushed, nothing indexed). Cauri's time includes its inventory query. Cauri's
C-GET/C-MOVE/WADO-RS rows fetch as ``cauri retrieve`` does (nobody looking: whole series per request);
"C-GET, series on screen" as the viewer does (UID lists in browse order, the archive looking each UID
up). WADO-RS has
no DCMTK client, so its peer is getscu, DCMTK's fastest way. Ratio = Cauri images/s / DCMTK images/s
(target >= 1.0). WADO-RS takes the images as stored (the node's ``wire_compression`` off: on loopback,
asking the archive to transcode costs more than the bytes it saves). Each Cauri run is paired with a run of its peer, back to back and in alternating order,
so a machine busy with something else weighs on both sides alike; the medians of the rounds are reported,
the median and range of the paired ratios in the note.

Associations: ``cauri retrieve`` of a one-series study asks in one request (one association), as getscu does;
the viewer's browse-order C-GET runs two associations in parallel, so it also gets a row on one association.
C-ECHO: ``net.dimse.echo`` (association, echo, release) in this process against DCMTK ``echoscu`` less its
process start-up (``echoscu --version``), best of the same number of runs.

First image: from the call to ``retrieve_study`` (C-GET, empty cache) until the first instance to
arrive has been indexed, loaded and rendered as a viewport draws it (display sets from the cache,
``FrameLoader``, ``present_image``, offscreen ``SliceRenderer``; the pixels are checked to show an
image). Its peer is the moment getscu's first file appears in its output folder (nothing displayed).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess

from viewer.bench.first_image import getscu_command, getscu_timed, retrieve_and_show
from viewer.bench.orthanc import Orthanc, free_port, nodelay_env
from viewer.bench.results import Measurement, skipped
from viewer.bench.timing import now
from viewer.net.dimse import echo
from viewer.net.nodes import NetworkConfig, Node, Workstation
from viewer.net.retrieve import DEFAULT_PARALLEL, retrieve_study
from viewer.store.cache import StudyCache

CASE = "retrieve"
OUR_AET = "CAURI"
LABELS = {"get": "C-GET", "move": "C-MOVE", "wado": "WADO-RS", "get-viewed": "C-GET, series on screen (browse order),",
          "get-viewed-1": "C-GET, series on screen (browse order), 1 association,"}
PEER_OF = {"get": "getscu", "move": "movescu", "wado": "getscu", "get-viewed": "getscu", "get-viewed-1": "getscu"}
METHODS = ("get", "move", "wado", "get-viewed", "get-viewed-1")
ASSOCIATIONS = {"get-viewed": DEFAULT_PARALLEL}  # the others: one (a one-series study, nobody looking)


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
    n = len(series.files)
    with Orthanc(work / "orthanc", modalities) as pacs:
        ctx.log(f"uploading {n} files to Orthanc...")
        pacs.upload(series.files)
        config, node = _config(pacs, scp_port)
        methods = [m for m in METHODS if m != "wado" or pacs.has_dicomweb]
        rates: dict[str, list[float]] = {}  # per method (ours) and per "peer of method", same rounds
        pairs: dict[str, list[float]] = {}  # ours / peer, each pair run back to back
        errors: dict[str, str] = {}
        rounds = 2 * ctx.sizes.repeats + 1
        for k in range(rounds):
            for method in methods:
                tool = tools[PEER_OF[method]]
                # Back to back, in alternating order: what the machine or the archive does meanwhile (another
                # program, Orthanc tidying up after a C-MOVE job) falls on both sides of the pair alike.
                order = ("peer", "ours") if k % 2 == 0 else ("ours", "peer")
                got: dict[str, float | None] = {}
                for side in order:
                    if side == "peer":
                        got["peer"] = None if tool is None else _dcmtk(
                            tool, pacs, series.study_uid, move_port, work / f"{method}-peer-{k}", n)
                    else:
                        got["ours"], error = _cauri(config, node, series, method, work / f"cauri-{method}-{k}", n)
                        if got["ours"] is None and method not in errors:
                            errors[method] = error
                if got["peer"] is not None:
                    rates.setdefault("peer:" + method, []).append(got["peer"])
                if got["ours"] is not None:
                    rates.setdefault(method, []).append(got["ours"])
                    if got["peer"]:
                        pairs.setdefault(method, []).append(got["ours"] / got["peer"])
        first = _first_image_rows(ctx, pacs, config, node, series, tools["getscu"], work, n)
        first.append(_echo_row(ctx, config, node, pacs))
        version = _orthanc_version(pacs)
    rows = []
    for method in METHODS:
        tool = PEER_OF[method]
        peer = f"DCMTK {tool}" + (" (no DCMTK WADO-RS client)" if method == "wado" else "")
        if tools[tool] is None:
            peer = f"DCMTK {tool}: not installed"
        ours, theirs = rates.get(method), rates.get("peer:" + method)
        note = ""
        if method == "wado" and not pacs.has_dicomweb:
            note = "Orthanc's DICOMweb plugin is not installed (orthanc-dicomweb)"
        elif method in errors:
            note = f"Cauri {method}: INCOMPLETE run(s): {errors[method]}"
        elif pairs.get(method):
            ratios = sorted(pairs[method])
            note = (f"{ASSOCIATIONS.get(method, 1)} association(s) vs getscu's 1; "
                    f"pairs (ours/peer, back to back): median {statistics.median(ratios):.2f}, "
                    f"range {ratios[0]:.2f}-{ratios[-1]:.2f}; best {max(ours):.0f} vs {max(theirs):.0f} images/s")
        rows.append(Measurement(CASE, f"{LABELS[method]} {n} CT images", "images/s",
                                statistics.median(ours) if ours else None, peer,
                                statistics.median(theirs) if theirs else None, note=note))
    # Orthanc runs C-MOVE as a job: ~1 s of fixed start-up per move here, whoever asks.
    rows[0].note = (f"retrieve from Orthanc {version} on loopback, TCP_NODELAY=1, medians of {rounds} rounds, each "
                    "Cauri run paired with its DCMTK peer's; each C-MOVE pays Orthanc's job start-up, so small series "
                    "understate both movers; Cauri counts an instance once it is fsynced and indexed (its inventory "
                    "C-FIND included), DCMTK once written to the page cache (no flush, no index); " + rows[0].note)
    return rows + first


def _config(pacs: Orthanc, scp_port: int):
    ws = Workstation(ae_title=OUR_AET, storage_port=scp_port, min_free_mb=0)
    # On loopback the archive's CPU is the limit, not the link: WADO-RS takes images as stored, as a site on
    # a LAN sets its node (``cauri node add --as-stored``); the ``link`` case measures the compressed transfer.
    node = Node(name="bench-pacs", ae_title=pacs.aet, host="127.0.0.1", port=pacs.dicom_port,
                dicomweb_url=f"{pacs.http}/dicom-web" if pacs.has_dicomweb else "", wire_compression=False)
    return NetworkConfig(workstation=ws, nodes=[node]), node


def _orthanc_version(pacs) -> str:
    try:
        return pacs.get("/system").get("Version", "?")
    except OSError:
        return "?"


def _dcmtk_command(tool: str, pacs: Orthanc, study_uid: str, move_port: int, out) -> list[str]:
    keys = ["-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study_uid}"]
    if tool.endswith("getscu"):
        return getscu_command(tool, pacs.aet, pacs.dicom_port, study_uid, out)
    return [tool, "-S", "-aet", "MOVESCU", "-aem", "MOVESCU", "-aec", pacs.aet, "--port", str(move_port),
            "-od", str(out), "127.0.0.1", str(pacs.dicom_port), *keys]


def _dcmtk(tool: str, pacs: Orthanc, study_uid: str, move_port: int, out, expected: int) -> float:
    out.mkdir(parents=True)
    t0 = now()
    proc = subprocess.run(_dcmtk_command(tool, pacs, study_uid, move_port, out), capture_output=True, text=True,
                          env=nodelay_env(), timeout=600)
    seconds = now() - t0
    got = sum(1 for p in out.iterdir() if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    if got != expected:
        raise RuntimeError(f"{tool} received {got} of {expected} images (exit {proc.returncode}): {proc.stderr.strip()[-200:]}")
    return got / seconds


def _cauri(config, node, series, method: str, root, n: int) -> tuple[float | None, str]:
    """``get-viewed``: C-GET as the viewer asks for it, the series on screen in browse order (UID lists);
    the others as ``cauri retrieve`` does, nobody looking, a whole series per request."""

    viewed = method.startswith("get-viewed")
    with StudyCache(root) as cache:
        t0 = now()
        report = retrieve_study(cache, config, node, series.study_uid, method="get" if viewed else method,
                                first_series=series.series_uid if viewed else None,
                                parallel=1 if method == "get-viewed-1" else DEFAULT_PARALLEL)
        seconds = now() - t0
    shutil.rmtree(root, ignore_errors=True)
    if not report.complete or report.imported != n:
        return None, f"got {report.imported} of {n}" + (f": {report.errors[0]}" if report.errors else "")
    return n / seconds, ""


def _echo_row(ctx, config, node, pacs) -> Measurement:
    tool = shutil.which("echoscu")
    reps = max(3, ctx.sizes.repeats * 3)
    ours = min(echo(config.workstation, node) for _ in range(reps))
    if tool is None:
        return Measurement(CASE, "C-ECHO round trip", "ms", ours * 1000, "DCMTK echoscu: not installed")

    def timed(args) -> float:
        t0 = now()
        subprocess.run([tool, *args], check=True, capture_output=True, timeout=60, env=nodelay_env())
        return now() - t0

    theirs = min(timed(["-aet", "GETSCU", "-aec", pacs.aet, "127.0.0.1", str(pacs.dicom_port)]) for _ in range(reps))
    start = min(timed(["--version"]) for _ in range(reps))
    return Measurement(CASE, "C-ECHO round trip", "ms", ours * 1000, "DCMTK echoscu, less its process start-up",
                       max(theirs - start, 1e-6) * 1000,
                       note=f"echo: association, C-ECHO, release; Cauri in this process, echoscu {theirs * 1000:.1f} ms as a "
                            f"process less its start-up {start * 1000:.1f} ms (echoscu --version); best of {reps} each; "
                            f"target < 5 s")


# -- time to the first displayed image -------------------------------------------------------------


def _first_image_rows(ctx, pacs, config, node, series, getscu, work, n) -> list[Measurement]:
    ours = [retrieve_and_show(config, node, series.study_uid, series.series_uid, work / f"first-{k}")
            for k in range(ctx.sizes.repeats)]
    theirs = [getscu_timed(getscu, pacs.aet, pacs.dicom_port, series.study_uid, work / f"first-getscu-{k}", n)[0]
              for k in range(ctx.sizes.repeats)] if getscu else []
    shown = all(r.shown for r in ours)
    return [Measurement(
        CASE, f"first image shown while {n} images arrive (C-GET)", "ms", min(r.first_ms for r in ours),
        "DCMTK getscu: first file appears (nothing shown)" if getscu else "DCMTK getscu: not installed",
        min(theirs) if theirs else None,
        note=f"first image: from the retrieve call (inventory C-FIND included) to its pixels rendered offscreen as a "
             f"viewport draws them, best of {len(ours)}; the image {'shows pixels' if shown else 'IS BLANK'}",
    )]
