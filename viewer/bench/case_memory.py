"""``memory``: peak RSS to hold a 512x512xN CT volume through Cauri's loading paths, vs the raw voxel bytes.

Each path is measured in its own fresh process (freed memory is not given back to the OS reliably,
so a second measurement in the same process would reuse the first one's pages and look free). The
process first imports what the GUI process has loaded (Qt widgets, VTK, pydicom, the model), so the
"baseline" row is the fixed cost a workstation pays before any image. Then the peak RSS counter is
reset and every slice is loaded: by ``viewer.model.volume.Volume`` (MPR/3-D: one array), and by the
2-D viewport's ``FrameLoader`` (its LRU of decoded frames is the 2-D path's "volume"). Peak RSS growth /
raw voxel bytes is the issue's ratio (target <= 1.25); the baseline target is < 400 MB.
"""

from __future__ import annotations

import sys

from viewer.bench.loading import load_volume, load_with_volume, stack_from_files
from viewer.bench.results import Measurement
from viewer.bench.timing import current_rss, now, peak_rss, reset_peak_rss, run_worker
from viewer.model.frames import FrameLoader

CASE = "memory"
MB = 1024 * 1024


def run(ctx) -> list[Measurement]:
    series = ctx.inputs.ct(ctx.sizes.memory_slices)
    raw = series.voxel_bytes / MB
    n = len(series.files)
    rows = []
    paths = ["volume", "frames"]
    baseline = None
    for path in paths:
        payload = {"scratch": str(ctx.scratch), "files": [str(f) for f in series.files], "path": path}
        out = run_worker("viewer.bench.case_memory", payload, timeout=600)
        baseline = out["baseline"]
        how = "VmHWM after clear_refs" if out["peak_reset"] else "peak RSS since start (could not reset it)"
        name = "Volume" if path == "volume" else "FrameLoader"
        extra = (f"budget {out['budget'] / MB:.0f} MB, holding {out['held_frames']} of {n} frames; " if path == "frames" else "")
        rows.append(Measurement(
            CASE, f"peak RSS growth, {n}x512x512 int16, {name}", "MB", out["peak_growth"] / MB, "raw voxel bytes", raw,
            note=f"{name}: {how}; {extra}held after load {out['held_growth'] / MB:.0f} MB; load {out['seconds']:.1f} s; "
            "target ratio <= 1.25",
        ))
    rows.append(Measurement(
        CASE, "baseline RSS before loading", "MB", baseline / MB, "none",
        note="baseline: a fresh Python with PySide6 widgets, VTK, pydicom and Cauri's model imported, before any "
        "image (no window); target < 400 MB",
    ))
    return rows


def _worker(payload: dict) -> dict:
    import inspect

    import PySide6.QtWidgets  # noqa: F401 - the GUI's fixed cost belongs in the baseline
    from viewer.render import vtk_classes as vtk  # noqa: F401


    files = payload["files"]
    stack = stack_from_files(files)
    warm = stack_from_files(files[:2])
    # Codecs, caches and pools warmed on two slices, so that the growth is the volume's own.
    if payload["path"] == "volume":
        load_with_volume(warm)
    else:
        load_volume(warm, keep=False)
    baseline = current_rss()
    reset = reset_peak_rss()
    before = current_rss()
    t0 = now()
    held_frames = len(files)
    if payload["path"] == "volume":
        array = load_with_volume(stack)
    else:
        loader = FrameLoader()
        load_volume(stack, loader=loader, keep=False)
    seconds = now() - t0
    peak = peak_rss()
    held = current_rss()
    if payload["path"] == "frames":
        held_frames = sum(loader.cached(ref) is not None for ref in stack.frames)
        loader.shutdown()
    else:
        del array
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
