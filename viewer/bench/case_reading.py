"""``reading``: a cached CT chest with a cached prior opens laid out by its hanging protocol (mediastinum and
lung windows of the current study above, the prior's below: four viewports), measured in the real window
from the ``open_study`` call to the paint of the last of the four viewports.

Peer, as honest as we can make it: the same two series shown without a protocol, the way a reader did
before it (the reader's 1x2 layout: the current study opened, then the prior put beside it), in a fresh
process of its own, to both viewports painted. The protocol draws twice as many viewports with two
windows each: the ratio says what the protocol's layout costs over showing the series plainly. Each side
runs in its own process with its own frame cache; the files were read once beforehand so that both find
them in the system's file cache ("a cached CT").
"""

from __future__ import annotations

import sys

from viewer.bench.gui_window import bench_window, close_bench_window
from viewer.bench.results import Measurement
from viewer.bench.synthetic_ct import write_ct_series
from viewer.bench.timing import now, run_worker
from viewer.core.paths import resolve_paths
from viewer.core.settings import Settings
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

CASE = "reading"
PATIENT = "BENCH-READING"


def _studies(ctx):
    """Two CT chest studies of one patient (current 2026, prior 2025), imported once into the bench home."""
    n = ctx.sizes.ct_slices
    root = ctx.inputs.root / f"reading-{n}"
    marker = root / "uids.txt"
    if marker.exists():
        return marker.read_text(encoding="utf-8").split(), root
    root.mkdir(parents=True, exist_ok=True)
    made = [write_ct_series(root / name, n, patient_id=PATIENT, study_date=date, description="TDM THORACIQUE", seed=seed)
            for name, date, seed in (("current", "20260101", 7), ("prior", "20250101", 8))]
    with StudyCache(resolve_paths(ctx.inputs.home).ensure().store) as cache:
        import_paths(cache, [str(s.folder) for s in made])
    uids = [s.study_uid for s in made]
    marker.write_text(" ".join(uids), encoding="utf-8")
    return uids, root


def run(ctx) -> list[Measurement]:
    (current, prior), root = _studies(ctx)
    for path in root.rglob("*.dcm"):
        path.read_bytes()  # in the system's file cache, as a cached study is after its first reading
    base = {"scratch": str(ctx.scratch), "home": str(ctx.inputs.home), "current": current, "prior": prior,
            "timeout_s": 120}
    protocol = run_worker("viewer.bench.case_reading", {**base, "protocol": True}, timeout=300)
    plain = run_worker("viewer.bench.case_reading", {**base, "protocol": False}, timeout=300)
    n = ctx.sizes.ct_slices
    return [Measurement(
        CASE, f"CT chest + prior ({n} slices each) opened with its protocol, every viewport drawn", "ms",
        protocol["last_ms"], "same 2 series without protocol: current opened, prior put beside (1x2)", plain["last_ms"],
        note=f"reading: real MainWindow, {protocol['platform']} Qt; protocol {protocol['protocol']} stage 1, "
             f"{protocol['viewports']} viewports ({protocol['grid']}, {protocol['size']} each) vs {plain['viewports']} "
             f"({plain['size']}); open_study() itself blocked {protocol['open_call_ms']:.0f} ms; viewports painted at "
             f"{', '.join(f'{t:.0f}' for t in protocol['painted_ms'])} ms; one screen (the second monitor folded); "
             "target: every viewport within 1 s")]


def _worker(payload: dict) -> dict:
    from PySide6.QtCore import QEvent, QObject, QTimer

    with_protocol = payload["protocol"]
    settings = Settings(grid_rows=1, grid_cols=1 if with_protocol else 2, extra={"hanging_protocols": with_protocol})
    app, ws, window, cache = bench_window(payload["home"], settings)
    m: dict = {"t0": None, "painted": {}, "open_call": None}

    def expected() -> list:
        return window.grid.visible_viewports()

    class Painted(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint and m["t0"] is not None and obj not in m["painted"]:
                if obj in expected() and obj.state.display_set is not None and obj.is_ready():
                    m["painted"][obj] = now()
                    if len(m["painted"]) == len(expected()) and all(vp in m["painted"] for vp in expected()):
                        QTimer.singleShot(0, app.quit)
            return False

    watch = Painted()
    for vp in window.grid.viewports:
        vp.installEventFilter(watch)
    window.grid.viewport_created.connect(lambda vp: vp.installEventFilter(watch))

    def start() -> None:
        m["t0"] = now()
        window.open_study(payload["current"])
        if not with_protocol:
            ws.show_beside(ws.views.visible()[1], "", payload["prior"])
        m["open_call"] = now()

    QTimer.singleShot(1000, start)
    QTimer.singleShot(int(payload["timeout_s"] * 1000), app.quit)
    app.exec()
    shown = expected()
    if not all(vp in m["painted"] for vp in shown):
        raise RuntimeError(f"not every viewport was drawn within {payload['timeout_s']} s")
    times = sorted((t - m["t0"]) * 1000 for vp, t in m["painted"].items() if vp in shown)
    applied = ws.reading.applied
    result = {
        "last_ms": times[-1], "painted_ms": times, "open_call_ms": (m["open_call"] - m["t0"]) * 1000,
        "viewports": len(shown), "grid": f"{ws.views.rows}x{ws.views.cols}", "size": f"{shown[0].width()}x{shown[0].height()}",
        "protocol": applied.protocol.id if applied is not None else "none", "platform": app.platformName(),
    }
    close_bench_window(window, ws, cache)
    return result


if __name__ == "__main__":
    from viewer.bench.timing import worker_main

    sys.exit(worker_main(_worker))
