"""``decode``: per-slice decode time of compressed series, per transfer syntax, Cauri vs SimpleITK (GDCM).

The compressed files are the scratch CT re-encoded by DCMTK (dcmcjpeg, dcmcjpls, dcmcrle) and GDCM
(gdcmconv --j2k). Cauri figures per syntax: ``read_frame`` in a plain loop on one thread (the codec path
itself), the 2-D viewport's ``FrameLoader`` with its worker threads, and the ``Volume`` loader with its
worker processes (all cores; the issue's target is for this one), and the same ``Volume`` loader on one worker
process, as the peer: SimpleITK's ImageSeriesReader over the same files decodes file after file on one thread.
Decoded pixels are checked against the uncompressed originals: a fast wrong decoder must not look good.

Two rows on an uncompressed 512x512 slice, both in this process, one thread, best of the same number of runs:
``read_frame`` (a view of the dataset's bytes, no copy) against pydicom's ``pixels.pixel_array`` of the same
dataset; and its display through a window no earlier frame used (``render_display``: the LUT rebuilt, as in a
window/level drag) against the plain numpy float pipeline (rescale, VOI, 8 bits) giving the same pixels.

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
from viewer.bench.timing import best_of, fresh_window, now
from viewer.dicom import decoding
from viewer.dicom.decode import PREFERRED_PLUGINS
from viewer.dicom.pixels import describe_frame, read_frame, render_display, voi_transform
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
    one = decoding.DecodeService(workers=1)
    one.warm(1)  # started now, untimed, and kept between the syntaxes
    try:
        rows, rle_files = _per_syntax(ctx, sitk, n, originals, peer, source, one)
    finally:
        one.shutdown()
    rows += _uncompressed_rows(ctx, source.files[len(source.files) // 2])
    return rows + ([_hang_row(ctx, rle_files[:8])] if rle_files else [])


def _per_syntax(ctx, sitk, n, originals, peer, source, one) -> tuple[list[Measurement], list]:
    rows: list[Measurement] = []
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
            _one_worker_load(files[:1], one)
            warmed = True
        single, threaded, processes, theirs, one_worker = [], [], [], [], []
        for _ in range(ctx.sizes.repeats):
            one_worker.append(_one_worker_load(files, one))
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
    return rows, rle_files


def _uncompressed_rows(ctx, path) -> list[Measurement]:
    from pydicom.pixels import pixel_array

    ds = pydicom.dcmread(path)
    desc = describe_frame(ds)
    reps = max(20, ctx.sizes.repeats * 10)
    stored = read_frame(ds)
    t_view = best_of(reps, lambda: read_frame(ds))
    t_pydicom = best_of(reps, lambda: pixel_array(ds))
    same = np.array_equal(stored, pixel_array(ds))
    view = not stored.flags.owndata

    def ours():
        return render_display(stored, desc, fresh_window())

    def numpy_pipeline(window):
        hu = stored.astype(np.float64) * desc.rescale_slope + desc.rescale_intercept
        return np.floor(voi_transform(hu, window) * 255 + 1e-6).astype(np.uint8)

    t_lut = best_of(reps, ours)
    t_float = best_of(reps, lambda: numpy_pipeline(fresh_window()))
    check = fresh_window()
    display_same = np.array_equal(render_display(stored, desc, check), numpy_pipeline(check))
    return [
        Measurement(CASE, "uncompressed 512x512 read_frame (a view)", "ms", t_view * 1000, "pydicom pixels.pixel_array",
                    t_pydicom * 1000, note=f"read: the same dataset in memory, one thread, best of {reps} both sides; "
                    + ("a view, no copy" if view else "a copy (WRONG: a view expected)")
                    + ("" if same else "; VOXELS DIFFER from pydicom's")),
        Measurement(CASE, "512x512 CT slice to display grey, a new window each time", "ms", t_lut * 1000,
                    "numpy float pipeline (rescale, VOI, 8 bits)", t_float * 1000,
                    note=f"display: a window no earlier call used on both sides (the LUT rebuilt every time), one thread, "
                         f"best of {reps}; target 10 ms" + ("" if display_same else "; display grey DIFFER from the float pipeline")),
    ]


def _one_worker_load(files, service) -> float:
    """``Volume`` load on a decode service of one (already started) worker process: seconds."""
    previous = decoding.set_default_service(service)
    try:
        t0 = now()
        load_with_volume(stack_from_files(files))
        return now() - t0
    finally:
        decoding.set_default_service(previous)


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
    service = decoding.DecodeService(workers=2, timeout_s=deadline, task="viewer.bench.faults:hanging_task")
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
        note=f"hang: 2 decode workers; the hung slice's worker killed at its {deadline:.0f} s deadline, the others decoded beside it "
             f"(worker processes started before timing); one run each"
             + ("" if ok else f"; the hung slice was not the only error, or slices are MISSING: {sorted(volume.errors)}"))
