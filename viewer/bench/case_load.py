"""``load``: a series from the cache into a volume, Cauri's paths vs SimpleITK's ImageSeriesReader (GDCM).

Both read the same stored files of the scratch cache, warm in the page cache. SimpleITK is given the
file names already in slice order (it skips its own header scan, which favours the peer); Cauri's
figures include building the display set from the index, as opening a series does. Two Cauri rows:
the ``Volume`` loader (MPR/3-D) and the 2-D viewport's ``FrameLoader`` filling an array. Two more give the
cost of putting an irregular (and a tilted) stack on a regular grid (``viewer.model.acquisition``): the same
files, their positions moved as such a scanner writes them, against the regular stack's ``Volume`` load.
SimpleITK reads the files one after the other on one thread; each Cauri loader also gets a one-worker row
beside its all-core row, so the ratio of like for like is there too.
"""

from __future__ import annotations

import numpy as np

from viewer.bench.loading import (
    load_volume,
    load_with_volume,
    stack_from_cache,
)
from viewer.bench.results import Measurement, skipped
from viewer.bench.timing import median, now
from viewer.model.frames import FrameLoader
from viewer.model.volume import Volume

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
        if label == "synthetic CT":
            rows.extend(_resampled(ctx, store, series))
    if mr is None and ctx.sizes.real_mr:
        rows.append(skipped(CASE, "the shared 384-slice MR series is not on this machine; synthetic CT only"))
    return rows


def _measure(ctx, sitk, label: str, store, series) -> list[Measurement]:
    stack = stack_from_cache(store, series.study_uid, series.series_uid)
    files = [ref.path for ref in stack.frames]
    theirs = sitk.GetArrayFromImage(sitk_read(sitk, files))  # a copy: a view dies with its image
    paths = {"Volume": load_with_volume, "FrameLoader": load_volume,
             "Volume, 1 worker": _volume_one_worker, "FrameLoader, 1 worker": _frames_one_worker}
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
                    f"array, each on its usual workers ({_workers()}) and on 1 worker; SimpleITK given the sorted file "
                    f"names, 1 thread; same files, warm page cache, interleaved; best of {ctx.sizes.repeats} both sides "
                    f"(the machine is shared: the least disturbed run); target ratio <= 0.5"
                    + ("; " + "; ".join(checks) if checks else ""))
        rows.append(Measurement(CASE, f"{label} {n}x{rows_}x{cols}, {name}", "ms", min(times[name]) * 1000, peer,
                                min(peer_s) * 1000, note=note))
    return rows


def _volume_one_worker(stack) -> np.ndarray:
    return Volume(stack).load(workers=1).array


def _frames_one_worker(stack) -> np.ndarray:
    loader = FrameLoader(workers=1)
    try:
        return load_volume(stack, loader)
    finally:
        loader.shutdown()


def _workers() -> str:
    import os

    return f"Volume min(4, cores) threads = {min(4, os.cpu_count() or 2)}, FrameLoader 2 threads"


def _resampled(ctx, store, series) -> list[Measurement]:
    """``Volume`` load of the same files said to lie at irregular steps (0.5 to 1.25 mm), then also sheared
    by a 15 degree gantry tilt: the resampling they need, beside the regular stack's load."""
    import math
    from dataclasses import replace


    stack = stack_from_cache(store, series.study_uid, series.series_uid)
    n = len(stack.frames)
    steps = np.resize([0.5, 1.0, 0.625, 1.25, 0.75], max(0, n - 1))
    z = np.concatenate([[0.0], np.cumsum(steps)])
    x0, y0, z0 = stack.positions[0]
    tilt = math.tan(math.radians(15.0))
    variants = {
        "regular": stack,
        "irregular": replace(stack, positions=tuple((x0, y0, z0 + v) for v in z)),
        "irregular + 15 deg tilt": replace(stack, positions=tuple((x0, y0 + tilt * v, z0 + v) for v in z)),
    }
    times = {name: [] for name in variants}
    shapes = {}
    for _ in range(ctx.sizes.repeats):
        for name, variant in variants.items():
            t0 = now()
            volume = Volume(variant).load()
            times[name].append(now() - t0)
            shapes[name] = volume.array.shape
            del volume
    regular = min(times["regular"]) * 1000
    return [Measurement(CASE, f"Volume {n}x512x512 resampled, {name}", "ms", min(times[name]) * 1000,
                        "Volume of the same files, regular", regular,
                        note=f"grid {shapes[name][0]}x{shapes[name][1]}x{shapes[name][2]}; best of {ctx.sizes.repeats}")
            for name in list(variants)[1:]]
