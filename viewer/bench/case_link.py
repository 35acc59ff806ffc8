"""``link``: a CT retrieved from a central archive over a slow wide-area link, Cauri vs DCMTK getscu.

The archive is a real Orthanc that stores its images JPEG-LS lossless (``IngestTranscoding``, as an
archive saving disk does); the link is ``slow_link.SlowLink``, a rate-limiting, delaying TCP proxy on
loopback (the CI kernel has no ``tc netem``), one per profile:

- ``20 Mbit/s, 20 ms RTT``: a site on a leased line;
- ``2 Mbit/s, 300 ms RTT, stalls``: a site on a radio or satellite link (1 s without a byte every 10 s).

Cauri retrieves as the viewer does (C-GET, the series on screen first in browse order: its middle image
first), proposing the lossless compressed syntaxes, so the archive sends what it stores; getscu, DCMTK's
fastest client, proposes uncompressed syntaxes only (its default), so the archive decompresses for it.
Both go through the same proxy, one after the other, one run each (the link, not the machine, sets the
pace). Rows per profile: time to complete (s, the retrieve call to every instance indexed; getscu: start
to exit), bytes on the wire (both directions, counted by the proxy), time to the first image (Cauri: its
pixels rendered offscreen as a viewport draws them, see ``first_image``; getscu: its first file written,
nothing shown). On the fast profile a WADO-RS row too: Cauri asks ``transfer-syntax=`` JPEG-LS lossless.

Targets (the issue's): bytes <= 0.5x and completion <= 0.6x getscu's on the 20 Mbit/s link, first image
<= 1 s. The slow profile carries ``ct_slices`` images too, except with ``--quick`` (``Sizes.slow_link_slices``,
30: getscu would need ~3.5 minutes for 100 uncompressed images at 2 Mbit/s).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pydicom
from pydicom.uid import JPEGLSLossless

from viewer.bench.first_image import getscu_timed, retrieve_and_show
from viewer.bench.orthanc import Orthanc, free_port
from viewer.bench.results import Measurement, skipped
from viewer.bench.slow_link import Profile, SlowLink
from viewer.dicom.decode import decode_frame, syntax_name
from viewer.net.nodes import NetworkConfig, Node, Workstation

CASE = "link"
OUR_AET = "CAURI"
PROFILES = (
    Profile("20 Mbit/s", mbit_s=20.0, rtt_ms=20.0),
    Profile("2 Mbit/s", mbit_s=2.0, rtt_ms=300.0, stall_every_s=10.0, stall_s=1.0),
)


def run(ctx) -> list[Measurement]:
    if Orthanc.binary() is None:
        return [skipped(CASE, "Orthanc is not installed (Debian: apt-get install orthanc orthanc-dicomweb)")]
    getscu = shutil.which("getscu")
    work = ctx.scratch / "link"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rows: list[Measurement] = []
    for k, profile in enumerate(PROFILES):
        slow = k > 0
        slices = min(ctx.sizes.ct_slices, ctx.sizes.slow_link_slices) if slow and ctx.quick else ctx.sizes.ct_slices
        series = ctx.inputs.ct(slices)
        modalities = {"cauri": (OUR_AET, free_port()), "getscu": ("GETSCU", free_port())}
        with Orthanc(work / f"orthanc-{k}", modalities, extra={"IngestTranscoding": str(JPEGLSLossless)}) as pacs:
            ctx.log(f"uploading {slices} files to Orthanc (stored JPEG-LS lossless)...")
            pacs.upload(series.files)
            rows += _profile_rows(ctx, pacs, profile, series, getscu, work / f"run-{k}", web=not slow)
    return rows


def _profile_rows(ctx, pacs: Orthanc, profile: Profile, series, getscu, work: Path, web: bool) -> list[Measurement]:
    n = len(series.files)
    with SlowLink(pacs.dicom_port, profile) as dimse, SlowLink(pacs.http_port, profile) as http:
        ws = Workstation(ae_title=OUR_AET, min_free_mb=0)
        node = Node(name="archive", ae_title=pacs.aet, host="127.0.0.1", port=dimse.port,
                    dicomweb_url=f"http://127.0.0.1:{http.port}/dicom-web" if pacs.has_dicomweb else "")
        config = NetworkConfig(workstation=ws, nodes=[node])
        ctx.log(f"link {profile.describe()}: Cauri C-GET of {n} images...")
        checked: dict[str, str] = {}
        ours = retrieve_and_show(config, node, series.study_uid, series.series_uid, work / "cauri",
                                 keep=lambda cache: checked.update(_check(cache, series)))
        ours_bytes = dimse.total_bytes
        first_is_middle = ours.first_sop == _middle_sop(series)
        peer = None
        if getscu:
            dimse.reset_counts()
            ctx.log(f"link {profile.describe()}: getscu of {n} images...")
            peer = getscu_timed(getscu, pacs.aet, dimse.port, series.study_uid, work / "getscu", n)
            peer_bytes = dimse.total_bytes
        wado = None
        if web and pacs.has_dicomweb:
            http.reset_counts()
            dimse.reset_counts()  # the inventory C-FIND goes by DIMSE
            ctx.log(f"link {profile.describe()}: Cauri WADO-RS of {n} images...")
            wado = retrieve_and_show(config, node, series.study_uid, series.series_uid, work / "wado", method="wado",
                                     keep=lambda cache: checked.update({"wado " + k: v for k, v in _check(cache, series).items()}))
            wado_bytes = http.total_bytes + dimse.total_bytes
    peer_name = "DCMTK getscu, uncompressed, same link" if getscu else "DCMTK getscu: not installed"
    where = f"{n} CT images, link {profile.describe()}"
    quality = "; ".join(f"{k}: {v}" for k, v in checked.items())
    shown = "shows pixels" if ours.shown else "IS BLANK"
    rows = [
        Measurement(CASE, f"C-GET complete, {where}", "s", ours.total_s, peer_name, peer[1] if peer else None,
                    note=f"Orthanc {_version(pacs)} storing JPEG-LS lossless, behind a rate-limiting, delaying TCP proxy "
                         f"(viewer.bench.slow_link); one run each, Cauri then getscu; Cauri as the viewer asks (series "
                         f"on screen first, browse order, 2 associations), getscu one association, default "
                         f"(uncompressed) contexts; {quality}"),
        Measurement(CASE, f"C-GET bytes on the wire, {where}", "MB", ours_bytes / 1e6, peer_name,
                    peer_bytes / 1e6 if peer else None,
                    note="both directions, counted by the proxy (DICOM PDUs: inventory, association, images)"),
        Measurement(CASE, f"C-GET first image, {where}", "ms", ours.first_ms,
                    "DCMTK getscu: first file appears (nothing shown)" if getscu else peer_name,
                    peer[0] if peer else None,
                    note=f"from the retrieve call (inventory C-FIND over the link included) to the first arrived image "
                         f"rendered offscreen as a viewport draws it; the link's floor is ~{_floor_ms(profile, ours_bytes / n):.0f} ms "
                         f"(4 round trips: association, series and image C-FIND, C-GET; then one image's bytes); "
                         f"the image {shown}; it is the series' "
                         f"{'middle image (where a viewport opens)' if first_is_middle else 'image ' + repr(ours.first_sop[-8:]) + ', NOT its middle'}"),
    ]
    if wado is not None:
        rows.append(Measurement(
            CASE, f"WADO-RS complete, {where}", "s", wado.total_s, peer_name, peer[1] if peer else None,
            note=f"Accept transfer-syntax= JPEG-LS lossless first; {wado_bytes / 1e6:.1f} MB on the wire "
                 f"(getscu {peer_bytes / 1e6:.1f} MB); first image {wado.first_ms:.0f} ms, {'shows pixels' if wado.shown else 'IS BLANK'}"
                 if peer else "getscu not installed"))
    return rows


def _check(cache, series) -> dict[str, str]:
    """What the cache holds, checked against the originals: transfer syntaxes, and the pixels of three images
    (first, middle, last): the original's uncompressed values against the received file decoded by pydicom
    and by Cauri's display-time decoder."""
    ours = {}
    for path in Path(cache.root).rglob("*"):
        if path.is_file() and pydicom.misc.is_dicom(path):
            ds = pydicom.dcmread(path)
            ours[str(ds.SOPInstanceUID)] = ds
    syntaxes = sorted({syntax_name(str(ds.file_meta.TransferSyntaxUID)) for ds in ours.values()})
    same = True
    for path in (series.files[0], series.files[len(series.files) // 2], series.files[-1]):
        original = pydicom.dcmread(path)
        got = ours.get(str(original.SOPInstanceUID))
        if got is None or not np.array_equal(got.pixel_array, original.pixel_array):
            same = False
        elif not np.array_equal(decode_frame(got)[0], original.pixel_array):
            same = False
    return {"stored as": ", ".join(syntaxes) or "nothing",
            "pixels": "equal to the originals" if same else "DIFFER from the originals"}


def _floor_ms(profile: Profile, image_bytes: float) -> float:
    """The least time to a first image over ``profile``: four round trips, then the image at the link's rate."""
    return 4 * profile.rtt_ms + image_bytes * 8 / (profile.mbit_s * 1e6) * 1000


def _middle_sop(series) -> str:
    return str(pydicom.dcmread(series.files[len(series.files) // 2], stop_before_pixels=True).SOPInstanceUID)


def _version(pacs) -> str:
    try:
        return pacs.get("/system").get("Version", "?")
    except OSError:
        return "?"
