"""``slide``: a 100,000 x 100,000-pixel whole-slide pyramid (JPEG tiles of 256 x 256, ``synthetic_slide``): the time
to its first view (the whole slide fitted, from a cold tile cache) and the time of a pan frame at full resolution,
each drawn by the slide viewport's own ``paint_slide`` with QPainter into a 1920x1080 image (Qt's raster engine:
the software renderer), and the worker's peak memory with the tile cache's budget.

The issue's budget: the first view within 1 s, a pan frame within 50 ms. No peer runs in this process (OpenSlide
and the browser viewers are not installed), so the rows have none.
"""

from __future__ import annotations

import sys

from viewer.bench.results import Measurement
from viewer.bench.timing import now, peak_rss, percentile, run_worker

CASE = "slide"
VIEW = (1920, 1080)
SIZE = 100_000
PAN_STEP = 40  # screen pixels per frame, a brisk drag


def run(ctx) -> list[Measurement]:
    frames = max(10, ctx.sizes.render_frames * 4)
    out = run_worker("viewer.bench.case_slide", {"scratch": str(ctx.scratch), "frames": frames, "size": SIZE},
                     timeout=600)
    peer = "none: no other slide viewer installed"
    w, h = VIEW
    return [
        Measurement(CASE, f"first view of a {SIZE:,} x {SIZE:,} slide at {w}x{h}", "ms", out["first_ms"], peer,
                    note=f"fitted, cold cache: {out['first_tiles']} tiles decoded at level {out['first_level']} of "
                    f"{out['levels']}; budget 1000 ms"),
        Measurement(CASE, f"pan frame at full resolution, {w}x{h}", "ms", out["pan_p50"], peer,
                    note=f"p95 {out['pan_p95']:.1f} ms over {out['frames']} frames of {PAN_STEP} px, "
                    f"{out['pan_tiles']} tiles decoded while panning; budget 50 ms"),
        Measurement(CASE, "peak memory while panning", "MB", out["peak_mb"], peer,
                    note=f"tile cache budget {out['budget_mb']} MB"),
    ]


def _worker(payload: dict) -> dict:
    from PySide6.QtGui import QGuiApplication, QImage, QPainter

    from cauri_builtins.slide.paint import paint_slide
    from cauri_builtins.slide.pyramid import TileCache, View
    from viewer.bench.synthetic_slide import SyntheticSlide

    app = QGuiApplication.instance() or QGuiApplication(["bench", "-platform", "offscreen"])  # noqa: F841
    w, h = VIEW
    image = QImage(w, h, QImage.Format.Format_RGB32)

    def frame(cache, view) -> tuple[float, int]:
        t = now()
        painter = QPainter(image)
        level = paint_slide(painter, cache, view, w, h, "en")
        painter.end()
        return (now() - t) * 1000, level

    slide = SyntheticSlide(payload["size"])
    cache = TileCache(slide)
    first_ms, first_level = frame(cache, View.fit(slide.levels, w, h))
    first_tiles = cache.decoded
    view = View(payload["size"] / 2, payload["size"] / 2, 1.0)
    frame(cache, view)  # the reader arrives at full resolution; then drags
    before, times = cache.decoded, []
    for _ in range(payload["frames"]):
        view = View(view.cx + PAN_STEP, view.cy + PAN_STEP / 2, view.zoom)
        times.append(frame(cache, view)[0])
    return {"first_ms": first_ms, "first_level": first_level + 1, "first_tiles": first_tiles,
            "levels": len(slide.levels), "pan_p50": percentile(times, 50), "pan_p95": percentile(times, 95),
            "frames": len(times), "pan_tiles": cache.decoded - before, "peak_mb": peak_rss() / 2**20,
            "budget_mb": cache.budget // 2**20}


if __name__ == "__main__":
    from viewer.bench.timing import worker_main

    sys.exit(worker_main(_worker))
