"""``decode``: per-slice decode time of compressed series, per transfer syntax, Cauri vs SimpleITK (GDCM).

The compressed files are the scratch CT re-encoded by DCMTK (dcmcjpeg, dcmcjpls, dcmcrle) and GDCM
(gdcmconv --j2k). Cauri figures per syntax: ``read_frame`` in a plain loop on one thread (the codec path
itself), the 2-D viewport's ``FrameLoader`` with its worker threads, and the ``Volume`` loader with its
worker processes (all cores; the issue's target is for this one). The peer is SimpleITK's
ImageSeriesReader over the same files. Decoded pixels are checked against the
uncompressed originals: a fast wrong decoder must not look good.
"""

from __future__ import annotations

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
from viewer.dicom.decode import PREFERRED_PLUGINS
from viewer.dicom.pixels import read_frame

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
    for comp in COMPRESSORS:
        try:
            series = ctx.inputs.compressed(comp, source, n)
        except InputUnavailable as exc:
            rows.append(skipped(CASE, f"{comp.label}: {exc}"))
            continue
        files = list(series.files)
        ours = _read_all(files)  # warms the page cache too
        wrong = sum(not np.array_equal(a, b) for a, b in zip(ours, originals))
        if not warmed:
            load_with_volume(stack_from_files(files[:2]))  # the worker processes start once, untimed
            warmed = True
        single, threaded, processes, theirs = [], [], [], []
        for _ in range(ctx.sizes.repeats):
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
        rows.append(Measurement(CASE, f"{comp.label}, read_frame 1 thread", "ms/slice", min(single) * per, peer, peer_ms))
        rows.append(Measurement(CASE, f"{comp.label}, FrameLoader threads", "ms/slice", min(threaded) * per, peer, peer_ms))
        rows[-2 - bool(processes)].note = (f"{comp.label} made by {comp.command[0]}: {len(files)} slices 512x512, decoder "
                                           f"{plugin}{check}; best of {ctx.sizes.repeats}; target ratio <= 1.0 (all cores)")
    return rows
