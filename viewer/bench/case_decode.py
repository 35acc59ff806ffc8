"""``decode``: per-slice decode time of compressed series, per transfer syntax, Cauri vs SimpleITK (GDCM).

The compressed files are the scratch CT re-encoded by DCMTK (dcmcjpeg, dcmcjpls, dcmcrle) and GDCM
(gdcmconv --j2k). Cauri figures per syntax: ``read_frame`` in a plain loop on one thread (the codec path
itself), the 2-D viewport's ``FrameLoader`` with its worker threads, and the ``Volume`` loader with its
worker processes (all cores; the issue's target is for this one), and the same ``Volume`` loader on one worker
process, as the peer: SimpleITK's ImageSeriesReader over the same files decodes file after file on one thread.
Decoded pixels are checked against the uncompressed originals: a fast wrong decoder must not look good.

One more row: a series with one slice whose decoder hangs (``bench.faults``) loaded by ``Volume`` under a 1 s
deadline, against the same series' clean load plus that deadline: the hang costs its deadline, nothing more.
"""

from __future__ import annotations

import shutil

import numpy as np
import pydicom

from viewer.bench.case_load import sitk_peer, sitk_read
from viewer.bench.inputs import COMPRESSORS, InputUnavailable
from viewer.bench.loading import (
    load_volume,
    load_with_volume,
    stack_from_files,
)
from viewer.bench.results import Measurement, skipped
from viewer.bench.timing import now
from viewer.dicom import decoding
from viewer.dicom.decode import PREFERRED_PLUGINS
from viewer.dicom.pixels import read_frame
from viewer.model.volume import Volume

CASE = "decode"


def _plugin(syntax_uid: str) -> str:
    """The pydicom plugin Cauri's decoder preference picks for this syntax here."""
    from pydicom.pixels import get_decoder


    available = get_decoder(syntax_uid).available_plugins
    chosen = [p for p in PREFERRED_PLUGINS.get(syntax_uid, ()) if p in available]
    return chosen[0] if chosen else f"pydicom default of {', '.join(available) or 'none'}"


def _read_all(files) -> list[np.ndarray]:
    return [read_frame(pydicom.dcmread(f)) for f in files]


def run(ctx) -> list[Measurement]:
    sitk = sitk_peer()
    if sitk is None:
        return [skipped(CASE, "peer SimpleITK is not installed (pip install SimpleITK)")]
    source = ctx.inputs.ct(ctx.sizes.ct_slices)
    n = min(ctx.sizes.decode_slices, len(source.files))
    originals = _read_all(source.files[:n])
    peer = f"SimpleITK {sitk.Version.VersionString()} ImageSeriesReader"
    rows = []
    warmed = False
    rle_files: list = []
    for comp in COMPRESSORS:
        try:
            series = ctx.inputs.compressed(comp, source, n)
        except InputUnavailable as exc:
            rows.append(skipped(CASE, f"{comp.label}: {exc}"))
            continue
        files = list(series.files)
        if "RLE" in comp.label:
            rle_files = files
        ours = _read_all(files)  # warms the page cache too
        wrong = sum(not np.array_equal(a, b) for a, b in zip(ours, originals))
        if not warmed:
            load_with_volume(stack_from_files(files[:2]))  # the worker processes start once, untimed
            warmed = True
        single, threaded, processes, theirs, one_worker = [], [], [], [], []
        for _ in range(ctx.sizes.repeats):
            one_worker.append(_one_worker_load(files))
            t0 = now()
            _read_all(files)
            single.append(now() - t0)
            t0 = now()
            load_volume(stack_from_files(files))
            threaded.append(now() - t0)
            t0 = now()
            load_with_volume(stack_from_files(files))
            processes.append(now() - t0)
            t0 = now()
            sitk_read(sitk, files)
            theirs.append(now() - t0)
        per = 1000.0 / len(files)
        check = f"; {wrong} of {len(files)} slices DIFFER from the originals" if wrong else "; pixels identical to the originals"
        plugin = _plugin(comp.syntax_uid)
        peer_ms = min(theirs) * per
        if processes:
            rows.append(Measurement(CASE, f"{comp.label}, Volume (processes)", "ms/slice", min(processes) * per, peer, peer_ms))
        rows.append(Measurement(CASE, f"{comp.label}, Volume, 1 worker process", "ms/slice", min(one_worker) * per, peer, peer_ms))
        rows.append(Measurement(CASE, f"{comp.label}, read_frame 1 thread", "ms/slice", min(single) * per, peer, peer_ms))
        rows.append(Measurement(CASE, f"{comp.label}, FrameLoader threads", "ms/slice", min(threaded) * per, peer, peer_ms))
        rows[-3 - bool(processes)].note = (
            f"{comp.label} made by {comp.command[0]}: {len(files)} slices 512x512, decoder {plugin}{check}; Volume on "
            f"{decoding.default_service().max_workers} worker processes (all cores) and on 1, read_frame on 1 thread, "
            f"FrameLoader on its 2 threads; SimpleITK 1 thread; workers started before timing, warm page cache, "
            f"interleaved; best of {ctx.sizes.repeats} both sides; target ratio <= 1.0 (all cores)")
    return rows + ([_hang_row(ctx, rle_files[:8])] if rle_files else [])


def _one_worker_load(files) -> float:
    """``Volume`` load on a decode service of one (already started) worker process: seconds."""
    service = decoding.DecodeService(workers=1)
    previous = decoding.set_default_service(service)
    try:
        load_with_volume(stack_from_files(files[:1]))  # the worker starts, untimed
        t0 = now()
        load_with_volume(stack_from_files(files))
        return now() - t0
    finally:
        decoding.set_default_service(previous)
        service.shutdown()


def _hang_row(ctx, sources) -> Measurement:
    """One slice of an RLE series hangs in its decoder: ``Volume`` cuts it at the deadline and fills the rest."""
    folder = ctx.scratch / "decode-hang"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = []
    for i, f in enumerate(sources):
        target = folder / f"{'hang' if i == len(sources) // 2 else 'ok'}-{i:03d}.dcm"
        shutil.copyfile(f, target)
        files.append(target)
    deadline = 1.0
    service = decoding.DecodeService(timeout_s=deadline, task="viewer.bench.faults:hanging_task")
    previous = decoding.set_default_service(service)
    try:
        load_with_volume(stack_from_files(files[:1]))  # workers start, untimed
        clean = [f for f in files if not f.name.startswith("hang")]
        t0 = now()
        load_with_volume(stack_from_files(clean))
        t_clean = now() - t0
        t0 = now()
        volume = Volume(stack_from_files(files)).load()
        t_hang = now() - t0
    finally:
        decoding.set_default_service(previous)
        service.shutdown()
    ok = set(volume.errors) == {len(files) // 2} and volume.complete
    return Measurement(
        CASE, f"RLE {len(files)} slices, one decoder hangs: Volume load", "s", t_hang,
        f"the {len(clean)} good slices' load + the {deadline:.0f} s deadline", t_clean + deadline,
        note=f"hang: the hung slice's worker killed at its {deadline:.0f} s deadline, the others decoded beside it "
             f"(worker processes started before timing); one run each"
             + ("" if ok else f"; the hung slice was not the only error, or slices are MISSING: {sorted(volume.errors)}"))
