"""``load``: a series from the cache into a volume, Cauri's path vs SimpleITK's ImageSeriesReader (GDCM).

Both read the same stored files of the scratch cache, warm in the page cache. SimpleITK is given the
file names already in slice order (it skips its own header scan, which favours the peer); Cauri's
figure includes building the display set from the index, as opening a series does.
"""

from __future__ import annotations

from viewer.bench.loading import load_volume, stack_from_cache
from viewer.bench.results import Measurement, skipped
from viewer.bench.timing import median, now

CASE = "load"


def sitk_peer():
    try:
        import SimpleITK as sitk
    except ImportError:
        return None
    return sitk


def sitk_read(sitk, files) -> object:
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames([str(f) for f in files])
    return sitk.GetArrayViewFromImage(reader.Execute())


def run(ctx) -> list[Measurement]:
    sitk = sitk_peer()
    if sitk is None:
        return [skipped(CASE, "peer SimpleITK is not installed (pip install SimpleITK)")]
    series_list = [("synthetic CT", ctx.inputs.ct(ctx.sizes.ct_slices))]
    mr = ctx.inputs.real_mr()
    if mr is not None:
        series_list.append(("real MR", mr))
    rows = []
    for label, series in series_list:
        store = ctx.inputs.imported(series)
        rows.append(_measure(ctx, sitk, label, store, series))
    if mr is None:
        rows.append(skipped(CASE, "the shared 384-slice MR series is not on this machine; synthetic CT only"))
    return rows


def _measure(ctx, sitk, label: str, store, series) -> Measurement:
    stack = stack_from_cache(store, series.study_uid, series.series_uid)
    files = [ref.path for ref in stack.frames]
    ours = load_volume(stack)  # also warms the page cache for both
    theirs = sitk_read(sitk, files)
    same = ours.shape == theirs.shape
    cauri_s, peer_s, index_s = [], [], []
    for _ in range(ctx.sizes.repeats):  # alternate, so drifting machine load hits both alike
        t0 = now()
        stack = stack_from_cache(store, series.study_uid, series.series_uid)
        t1 = now()
        load_volume(stack)
        cauri_s.append(now() - t0)
        index_s.append(t1 - t0)
        t0 = now()
        sitk_read(sitk, files)
        peer_s.append(now() - t0)
    n, (rows_, cols) = len(files), ours.shape[1:]
    return Measurement(
        CASE,
        f"{label} {n}x{rows_}x{cols} to volume",
        "ms",
        median(cauri_s) * 1000,
        f"SimpleITK {sitk.Version.VersionString()} ImageSeriesReader",
        median(peer_s) * 1000,
        note=(
            f"load {label}: Cauri = display set from the index + FrameLoader (2 threads) + copy into a "
            f"preallocated array (of which display set {median(index_s) * 1000:.0f} ms); median of "
            f"{ctx.sizes.repeats}; target ratio <= 0.5"
            + ("" if same else f"; SHAPE MISMATCH Cauri {ours.shape} vs SimpleITK {theirs.shape}")
        ),
    )
