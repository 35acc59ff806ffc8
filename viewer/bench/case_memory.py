"""``memory``: peak RSS to hold a 512x512xN CT volume through Cauri's loading path, vs the raw voxel bytes.

Measured in a fresh process that first imports what the GUI process has loaded (Qt widgets, VTK,
pydicom, the model), so the "baseline" row is the fixed cost a workstation pays before any image.
Then the peak RSS counter is reset and every slice is loaded through a ``FrameLoader`` (the GUI's cache
of decoded frames: today that cache *is* Cauri's in-memory volume). Peak RSS growth / raw voxel bytes
is the ratio the issue sets at <= 1.25; the baseline target is < 400 MB.
"""

from __future__ import annotations

import sys

from viewer.bench.results import Measurement
from viewer.bench.timing import run_worker

CASE = "memory"
MB = 1024 * 1024


def run(ctx) -> list[Measurement]:
    series = ctx.inputs.ct(ctx.sizes.memory_slices)
    payload = {"scratch": str(ctx.scratch), "files": [str(f) for f in series.files]}
    out = run_worker("viewer.bench.case_memory", payload, timeout=600)
    raw = series.voxel_bytes / MB
    n = len(series.files)
    how = "VmHWM after clear_refs" if out["peak_reset"] else "peak RSS since start (could not reset it)"
    return [
        Measurement(
            CASE, f"peak RSS growth, {n} slices 512x512 int16", "MB", out["peak_growth"] / MB, "raw voxel bytes", raw,
            note=f"memory: {how}; FrameLoader budget {out['budget'] / MB:.0f} MB, holding {out['held_frames']} of {n} "
            f"frames; load took {out['seconds']:.1f} s; target ratio <= 1.25",
        ),
        Measurement(CASE, f"RSS held after the load, {n} slices", "MB", out["held_growth"] / MB, "raw voxel bytes", raw),
        Measurement(
            CASE, "baseline RSS before loading", "MB", out["baseline"] / MB, "none",
            note="baseline: a fresh Python with PySide6 widgets, VTK, pydicom and Cauri's model imported, before any "
            "image (no window); target < 400 MB",
        ),
    ]


def _worker(payload: dict) -> dict:
    import inspect

    import PySide6.QtWidgets  # noqa: F401 - the GUI's fixed cost belongs in the baseline
    import vtk  # noqa: F401

    from viewer.bench.loading import load_volume, stack_from_files
    from viewer.bench.timing import current_rss, now, peak_rss, reset_peak_rss
    from viewer.model.frames import FrameLoader

    files = payload["files"]
    loader = FrameLoader()
    load_volume(stack_from_files(files[:1]), keep=False)  # codecs and caches warmed
    baseline = current_rss()
    reset = reset_peak_rss()
    before = current_rss()
    t0 = now()
    load_volume(stack_from_files(files), loader=loader, keep=False)
    seconds = now() - t0
    peak = peak_rss()
    held = current_rss()
    held_frames = sum(loader.cached(ref) is not None for ref in stack_from_files(files).frames)
    loader.shutdown()
    return {
        "baseline": baseline,
        "peak_growth": peak - before,
        "held_growth": held - before,
        "peak_reset": reset,
        "seconds": seconds,
        "budget": inspect.signature(FrameLoader).parameters["max_bytes"].default,
        "held_frames": held_frames,
    }


if __name__ == "__main__":
    from viewer.bench.timing import worker_main

    sys.exit(worker_main(_worker))
