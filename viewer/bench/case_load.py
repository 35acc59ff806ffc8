"""``load``: a series from the cache into a volume, Cauri's paths vs SimpleITK's ImageSeriesReader (GDCM).

Both read the same stored files of the scratch cache, warm in the page cache. SimpleITK is given the
file names already in slice order (it skips its own header scan, which favours the peer); Cauri's
figures include building the display set from the index, as opening a series does. Two Cauri rows:
the ``Volume`` loader (MPR/3-D) and the 2-D viewport's ``FrameLoader`` filling an array.
"""

from __future__ import annotations

import numpy as np

from viewer.bench.loading import (
    has_volume_loader,
    load_volume,
    load_with_volume,
    stack_from_cache,
)
from viewer.bench.results import Measurement, skipped
from viewer.bench.timing import median, now

CASE = "load"


def sitk_peer():
    try:
        import SimpleITK as sitk
    except ImportError:
        return None
    return sitk


def sitk_read(sitk, files):
    """The peer's volume as a SimpleITK image (the voxels, no copy into numpy: that would be extra work)."""
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames([str(f) for f in files])
    return reader.Execute()


def _rescale(path) -> tuple[float, float]:
    import pydicom

    ds = pydicom.dcmread(path, stop_before_pixels=True)
    return float(ds.get("RescaleSlope") or 1.0), float(ds.get("RescaleIntercept") or 0.0)


def run(ctx) -> list[Measurement]:
    sitk = sitk_peer()
    if sitk is None:
        return [skipped(CASE, "peer SimpleITK is not installed (pip install SimpleITK)")]
    series_list = [("synthetic CT", ctx.inputs.ct(ctx.sizes.ct_slices))]
    mr = ctx.inputs.real_mr(ctx.sizes.real_mr)
    if mr is not None:
        series_list.append(("real MR", mr))
    rows = []
    for label, series in series_list:
        store = ctx.inputs.imported(series)
        rows.extend(_measure(ctx, sitk, label, store, series))
    if mr is None and ctx.sizes.real_mr:
        rows.append(skipped(CASE, "the shared 384-slice MR series is not on this machine; synthetic CT only"))
    if not has_volume_loader():
        rows.append(skipped(CASE, "this Cauri has no viewer.model.volume loader; FrameLoader path only"))
    return rows


def _measure(ctx, sitk, label: str, store, series) -> list[Measurement]:
    stack = stack_from_cache(store, series.study_uid, series.series_uid)
    files = [ref.path for ref in stack.frames]
    theirs = sitk.GetArrayFromImage(sitk_read(sitk, files))  # a copy: a view dies with its image
    paths = {"FrameLoader": load_volume}
    if has_volume_loader():
        paths = {"Volume": load_with_volume, **paths}
    times = {name: [] for name in paths}
    index_s, peer_s, checks = [], [], []
    slope, intercept = _rescale(files[0])
    for name, load in paths.items():
        ours = load(stack)
        # SimpleITK hands back modality values (rescale applied): compare on that scale.
        if ours.shape != theirs.shape:
            checks.append(f"{name} SHAPE {ours.shape} vs SimpleITK {theirs.shape}")
        elif not np.allclose(ours[len(ours) // 2] * slope + intercept, theirs[len(ours) // 2]):
            checks.append(f"{name} VOXELS DIFFER from SimpleITK's")
    for _ in range(ctx.sizes.repeats):  # interleaved, so drifting machine load hits every path alike
        for name, load in paths.items():
            t0 = now()
            fresh = stack_from_cache(store, series.study_uid, series.series_uid)
            t1 = now()
            load(fresh)
            times[name].append(now() - t0)
            index_s.append(t1 - t0)
        t0 = now()
        sitk_read(sitk, files)
        peer_s.append(now() - t0)
    n, (rows_, cols) = len(files), theirs.shape[1:]
    peer = f"SimpleITK {sitk.Version.VersionString()} ImageSeriesReader"
    rows = []
    for k, name in enumerate(paths):
        note = ""
        if k == 0:
            note = (f"load {label}: Cauri = display set from the index ({median(index_s) * 1000:.0f} ms) + loader; "
                    f"Volume = viewer.model.volume (MPR/3-D), FrameLoader = 2-D viewport loader (threads) copied into an "
                    f"array; best of {ctx.sizes.repeats} (the machine is shared: the least disturbed run); target ratio <= 0.5" + ("; " + "; ".join(checks) if checks else ""))
        rows.append(Measurement(CASE, f"{label} {n}x{rows_}x{cols}, {name}", "ms", min(times[name]) * 1000, peer,
                                min(peer_s) * 1000, note=note))
    return rows
