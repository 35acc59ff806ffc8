"""``open``: opening a 300-slice series in the real GUI, and ``cauri --demo`` to its first picture.

The GUI part runs in a fresh process (offscreen Qt where there is no display): the real ``MainWindow``
on a Cauri home whose cache already holds the series, a 1x1 layout, then ``open_study`` called from
inside the running event loop. Measured from that call: the first paint of the viewport once it
``is_ready()`` (first image), the moment every frame of the stack is in the frame cache (complete),
how long the call itself blocks, and the event loop's lateness during the load through a 5 ms
``QTimer`` heartbeat (p95 and max). Peers, explicitly: plain pydicom reading one file (``dcmread`` +
``pixel_array``) for the first image, and a plain pydicom loop filling a volume for the complete load;
none for the latency (the issue's target is p95 < 50 ms).

Same statistic both sides: the GUI worker runs as many times as the peers (the repeats of the run, each a
fresh process), and each side's best run is reported.

``cauri --demo --screenshot`` is timed as a user would see it, process start included, once on a
fresh home (demo generated and imported) and once more (already there). The screenshot waits for
both viewports and polls every 100 ms, so it is an upper bound of the time to first image. The demo's
generation alone (``generate_demo``) and a command line refused before any work (a screenshot into a missing
folder) have rows of their own: tests check what they do, the bench how long they take.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pydicom

from viewer.bench.gui_window import bench_window, close_bench_window, heartbeat_timer
from viewer.bench.results import Measurement, skipped
from viewer.bench.timing import best_of, now, percentile, run_worker
from viewer.core.settings import Settings
from viewer.dicom.demo import generate_demo
from viewer.model.frames import prefetch_order

CASE = "open"
HEARTBEAT_MS = 5


def run(ctx) -> list[Measurement]:
    series = ctx.inputs.ct(ctx.sizes.ct_slices)
    ctx.inputs.imported(series)
    payload = {"scratch": str(ctx.scratch), "home": str(ctx.inputs.home), "study_uid": series.study_uid,
               "series_uid": series.series_uid, "timeout_s": 300}
    reps = ctx.sizes.repeats
    runs = [run_worker("viewer.bench.case_open", payload, timeout=400) for _ in range(reps)]
    gui = min(runs, key=lambda r: r["first_ms"])
    gui["complete_ms"] = min(r["complete_ms"] for r in runs)
    gui["image_ok"] = all(r["image_ok"] for r in runs)
    for key in ("latency_p95_ms", "latency_max_ms"):  # no peer: the worst run is the honest figure
        gui[key] = max(r[key] for r in runs)
    n = len(series.files)
    files = [str(f) for f in series.files]
    one_file = best_of(reps, lambda: pydicom.dcmread(files[n // 2]).pixel_array) * 1000
    volume = np.empty((n, series.rows, series.columns), np.int16)

    def pydicom_loop():
        for i, f in enumerate(files):
            volume[i] = pydicom.dcmread(f).pixel_array

    all_files = best_of(ctx.sizes.repeats, pydicom_loop) * 1000
    rows = [
        Measurement(CASE, f"first image, {n}-slice series", "ms", gui["first_ms"], "pydicom dcmread+pixel_array, 1 file",
                    one_file, note=f"open: real MainWindow, {gui['platform']} Qt, viewport {gui['viewport']}; "
                    f"open_study() itself blocked {gui['open_call_ms']:.0f} ms{_reopened(gui)}; "
                    f"rendering the first image took {gui['first_render_ms'] or 0:.0f} ms; first image "
                    f"{'shows pixels' if gui['image_ok'] else 'IS BLANK'}; best of {reps} runs both sides (Cauri a fresh "
                    f"process each, peer in this process), warm page cache; target < 150 ms"),
        Measurement(CASE, f"complete load, {n} slices", "ms", gui["complete_ms"], "pydicom loop into a volume, 1 thread",
                    all_files, note=f"complete: Cauri's FrameLoader on its 2 threads while the window runs, peer 1 thread; "
                    f"best of {reps} both sides"),
        Measurement(CASE, "UI event-loop latency p95 during load", "ms", gui["latency_p95_ms"], "none",
                    note=f"latency: lateness of a {HEARTBEAT_MS} ms QTimer heartbeat from open_study() to complete load, "
                    f"{gui['ticks']} ticks, max {gui['latency_max_ms']:.0f} ms; the worst of {reps} runs; target p95 < 50 ms"),
    ]
    rows.extend(_demo(ctx) if ctx.sizes.demo_runs else
                [skipped(CASE, "cauri --demo --screenshot is not timed at the plumbing test's size")])
    rows.extend(_generated_and_refused(ctx))
    return rows


def _reopened(gui: dict) -> str:
    n = gui.get("reopened", 0)
    return f" (the study browser re-entered it {n} time(s): the study was opened {n + 1} times)" if n else ""


def _demo(ctx) -> list[Measurement]:
    home = ctx.scratch / "demo-home"
    shutil.rmtree(home, ignore_errors=True)
    rows = []
    for label in ("first run (generates)", "demo in the cache"):
        shot = ctx.scratch / "demo.png"
        shot.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "viewer", "--home", str(home), "--demo", "--screenshot", str(shot)]
        t0 = now()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        seconds = now() - t0
        ok = proc.returncode == 0 and shot.exists() and shot.stat().st_size > 0
        rows.append(Measurement(
            CASE, f"--demo to screenshot, {label}", "s", seconds if ok else None, "none",
            note="" if ok else f"cauri --demo --screenshot exited {proc.returncode}: {proc.stderr.strip()[-200:]}",
        ))
    rows[0].note = ("demo: wall time of `cauri --demo --screenshot` (process start, imports, window, both viewports "
                    "drawn, PNG saved; polled every 100 ms): an upper bound of time to first image; one run each. " + rows[0].note)
    return rows


def _generated_and_refused(ctx) -> list[Measurement]:
    rows = []
    generated = ctx.scratch / "demo-generated"
    shutil.rmtree(generated, ignore_errors=True)
    t0 = now()
    # The plumbing test's size makes a small demo: its figure means nothing there, as every figure of that size.
    info = generate_demo(generated) if ctx.sizes.demo_runs else generate_demo(generated, ct_slices=4, mr_slices=2)
    seconds = now() - t0
    shutil.rmtree(generated, ignore_errors=True)
    rows.append(Measurement(CASE, f"demo study generated ({len(info.files)} files)", "s", seconds, "none",
                            note="generate_demo into an empty folder, in this process, one run; target < 15 s"))
    missing = ctx.scratch / "no" / "such" / "folder" / "shot.png"
    cmd = [sys.executable, "-m", "viewer", "--home", str(ctx.scratch / "refused-home"), "--demo", "--screenshot", str(missing)]
    t0 = now()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    seconds = now() - t0
    rows.append(Measurement(CASE, "command line refused (screenshot into a missing folder)", "s", seconds, "none",
                            note=f"refused: process start to exit status {proc.returncode}, one run; nothing generated; "
                                 f"target < 30 s" + ("" if proc.returncode == 2 else " (exit status WRONG: 2 expected)")))
    return rows


def _worker(payload: dict) -> dict:
    from PySide6.QtCore import QEvent, QObject, QTimer

    app, ws, window, cache = bench_window(payload["home"], Settings(grid_rows=1, grid_cols=1))
    vp = window.grid.visible_viewports()[0]
    m: dict = {"t0": None, "first": None, "complete": None, "open_call": None, "ticks": [], "remaining": None,
               "first_render_ms": None, "reopened": 0}
    # The browser's selection signal re-enters open_study when it fires during the open: count it.
    window.browser.study_selected.connect(
        lambda _uid: m.__setitem__("reopened", m["reopened"] + (m["t0"] is not None and m["open_call"] is None)))

    class FirstPaint(QObject):
        # The first paint of a ready viewport is when the user sees the image.
        def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint and m["t0"] is not None and m["first"] is None:
                if vp.state.display_set is not None and vp.is_ready():
                    m["first"] = now()
                    m["first_render_ms"] = vp.last_render_ms
            return False

    painter_watch = FirstPaint()
    vp.installEventFilter(painter_watch)

    def tick() -> None:
        t = now()
        m["ticks"].append(t)
        if m["first"] is None and vp.state.display_set is not None and vp.is_ready():
            m["first"] = t  # a paint the filter missed (should not happen): the tick is the upper bound
        if m["remaining"] is None and vp.state.display_set is not None:
            ds = vp.state.display_set
            m["remaining"] = [ds.frames[i] for i in prefetch_order(len(ds.frames), vp.state.index)]
        rem = m["remaining"]
        if rem is not None:
            while rem and ws.loader.cached(rem[0]) is not None:
                rem.pop(0)
            if not rem and m["first"] is not None:
                m["complete"] = t
                heartbeat.stop()
                app.quit()
        if t - m["t0"] > payload["timeout_s"]:
            heartbeat.stop()
            app.quit()

    heartbeat = heartbeat_timer(HEARTBEAT_MS, tick)

    def start() -> None:
        heartbeat.start()
        m["t0"] = now()
        m["ticks"].append(m["t0"])
        window.open_study(payload["study_uid"])
        m["open_call"] = now()

    QTimer.singleShot(1000, start)  # let the window lay out and draw its empty state first
    app.exec()
    if m["complete"] is None:
        raise RuntimeError(f"the series did not finish loading within {payload['timeout_s']} s")
    scene = vp.last_scene
    image_ok = scene is not None and scene.image is not None and float(np.std(scene.image)) > 1.0
    ticks = [t for t in m["ticks"] if t <= m["complete"]]
    late = [max(0.0, (b - a) * 1000 - HEARTBEAT_MS) for a, b in zip(ticks, ticks[1:])] or [0.0]
    result = {
        "first_ms": (m["first"] - m["t0"]) * 1000,
        "complete_ms": (m["complete"] - m["t0"]) * 1000,
        "open_call_ms": (m["open_call"] - m["t0"]) * 1000,
        "first_render_ms": m["first_render_ms"],
        "reopened": m["reopened"],
        "latency_p95_ms": percentile(late, 95),
        "latency_max_ms": max(late),
        "ticks": len(late),
        "image_ok": image_ok,
        "platform": app.platformName(),
        "viewport": f"{vp.width()}x{vp.height()}",
    }
    close_bench_window(window, ws, cache)
    return result


if __name__ == "__main__":
    from viewer.bench.timing import worker_main

    sys.exit(worker_main(_worker))
