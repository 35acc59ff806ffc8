"""``import``: header parse + index, files/s, Cauri's ``import_paths`` vs a plain pydicom loop.

The peer only parses (``dcmread(stop_before_pixels=True)``); Cauri also copies every file into the
store, fsyncs it and commits index rows, so this is the full cost of "import" against the bare cost
of "read the headers". Each Cauri run goes into a fresh, empty cache (an already-present instance
would be skipped and flatter the figure). Files are warm in the page cache for both.
"""

from __future__ import annotations

import shutil

import pydicom

from viewer.bench.results import Measurement
from viewer.bench.timing import now

CASE = "import"


def run(ctx) -> list[Measurement]:
    sets = [("synthetic CT", ctx.inputs.ct(ctx.sizes.ct_slices))]
    mr = ctx.inputs.real_mr(ctx.sizes.real_mr)
    if mr is not None:
        sets.append(("real MR", mr))
    rows = [_measure(ctx, label, series) for label, series in sets]
    if mr is None and ctx.sizes.real_mr:
        rows.append(Measurement(CASE, "real MR (384 files)", "files/s", None, "none",
                                note="the shared 384-slice MR series is not on this machine"))
    return rows


def _pydicom_loop(files) -> None:
    for f in files:
        pydicom.dcmread(f, stop_before_pixels=True)


def _measure(ctx, label: str, series) -> Measurement:
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    files = [str(f) for f in series.files]
    _pydicom_loop(files)  # warm the page cache
    ours, theirs = [], []
    for k in range(ctx.sizes.repeats):
        root = ctx.scratch / f"import-run-{k}"
        shutil.rmtree(root, ignore_errors=True)
        with StudyCache(root) as cache:
            t0 = now()
            report = import_paths(cache, files)
            ours.append(now() - t0)
        shutil.rmtree(root, ignore_errors=True)
        if report.imported != len(files):
            raise RuntimeError(f"{label}: imported {report.imported} of {len(files)} ({len(report.rejected)} rejected)")
        t0 = now()
        _pydicom_loop(files)
        theirs.append(now() - t0)
    n = len(files)
    return Measurement(
        CASE,
        f"{label} ({n} files)",
        "files/s",
        n / min(ours),
        f"pydicom {pydicom.__version__} dcmread(stop_before_pixels) loop",
        n / min(theirs),
        note=f"import {label}: Cauri = import_paths into an empty cache (parse, copy, fsync, index); best of "
        f"{ctx.sizes.repeats}; ratio = Cauri files/s / peer files/s, target >= 2",
    )
