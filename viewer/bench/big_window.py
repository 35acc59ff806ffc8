"""The ``big`` case's window worker: each big study opened in turn in the real window, the US cine played, MPR
of the CT angiogram, all under a heartbeat timer whose lateness is the UI's latency.

One state machine driven by the heartbeat: what it measures happens in the running event loop, as a reader's
clicks do, never from a blocking call in the test.
"""

from __future__ import annotations

import numpy as np

from viewer.bench.gui_window import bench_window, close_bench_window, heartbeat_timer
from viewer.bench.timing import now, percentile
from viewer.core.settings import Settings

CINE_SECONDS = 4.0
ROUNDS = 3


def measure_window(payload: dict, heartbeat_ms: int) -> dict:
    from PySide6.QtCore import QEvent, QObject, QTimer

    app, ws, window, cache = bench_window(payload["home"], Settings(grid_rows=1, grid_cols=1))
    vp = window.grid.visible_viewports()[0]
    # The window's first study alone, then each study ROUNDS times, its decoded frames dropped before each open
    # (as a study not opened yet: read from the disk cache again); the cine after the first US open.
    first, others = payload["studies"][0], payload["studies"][1:]
    steps = [("open", first[0], first[1])] + [("open", label, uid) for _ in range(ROUNDS) for label, uid in others]
    cine_at = next(i for i, s in enumerate(steps) if s[2] == payload["cine"])
    steps.insert(cine_at + 1, ("cine", "US cine", payload["cine"]))
    steps.append(("open", "CT angiography (again, for MPR)", payload["mpr"]))
    steps.append(("mpr", "MPR", payload["mpr"]))
    m = {"step": -1, "t0": None, "ticks": [], "phase": {}, "first_ms": {}, "image_ok": {}, "paints": [],
         "mpr_ms": None, "done": False}

    class Paints(QObject):
        # A cine frame counts when painted with its image decoded (not a stale picture). An open's first image
        # is on screen when the viewport paints the study's image: timed there, not when the next heartbeat
        # looks (work the window does after painting it, e.g. laying out the report, is the latency's row).
        def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
            if event.type() != QEvent.Type.Paint:
                return False
            if vp.cine.isActive() and vp.current_frame() is not None:
                if not m["paints"] or m["paints"][-1][1] != vp.state.index:
                    m["paints"].append((now(), vp.state.index))
            if 0 <= m["step"] < len(steps) and steps[m["step"]][0] == "open" and m.get("painted_step") != m["step"]:
                ds = vp.state.display_set
                if ds is not None and ds.study_uid == steps[m["step"]][2] and vp.is_ready():
                    m["painted_step"], m["painted_at"] = m["step"], now()
            return False

    paints = Paints()
    vp.installEventFilter(paints)

    def begin(index: int) -> None:
        m["step"], m["t0"] = index, now()
        if index >= len(steps):
            m["done"] = True
            heartbeat.stop()
            app.quit()
            return
        kind, label, uid = steps[index]
        if kind == "open":
            if label != "CT angiography (again, for MPR)":
                ws.loader.forget()
                window.browser.forget_thumbnails()
            m["t0"] = now()
            window.open_study(uid)
        elif kind == "cine":
            frame = vp.current_frame()
            m["frame_ms"] = frame.header.frame_time_ms if frame is not None and frame.header is not None else None
            m["cine_start"] = now()
            vp.cine.play()
        else:
            window.volume_controls.toggle_mpr()

    def step_done(t: float) -> bool:
        kind, label, uid = steps[m["step"]]
        if kind == "open":
            ready = vp.state.display_set is not None and vp.state.display_set.study_uid == uid and vp.is_ready()
            if ready and m.get("timed") != m["step"]:
                m["timed"] = m["step"]
                shown = m["painted_at"] if m.get("painted_step") == m["step"] else t
                m["first_ms"].setdefault(label, []).append((shown - m["t0"]) * 1000)
                scene = vp.last_scene
                # A sample of the pixels: the check must not hold the loop it measures (13 Mpx mammograms).
                m["image_ok"][label] = m["image_ok"].get(label, True) and scene is not None and \
                    scene.image is not None and float(np.std(scene.image[::7, ::7])) > 0.5
            return ready and not window.job_running()
        if kind == "cine":
            if t - m["cine_start"] < CINE_SECONDS:
                return False
            vp.cine.stop()
            return True
        session = window.mpr.session
        if session is not None and session.volume.complete and window.grid.all_ready():
            m["mpr_ms"] = (t - m["t0"]) * 1000
            return True
        if session is None and not window.act_mpr.isChecked():  # refused: the reason is in the status bar
            m["mpr_refused"] = window.status_label.text()
            return True
        return False

    def tick() -> None:
        t = now()
        m["ticks"].append(t)
        m["phase"].setdefault(steps[m["step"]][0] if 0 <= m["step"] < len(steps) else "idle", []).append(t)
        if t - m["t0"] > payload["timeout_s"]:
            heartbeat.stop()
            app.quit()
            return
        if step_done(t):
            begin(m["step"] + 1)

    heartbeat = heartbeat_timer(heartbeat_ms, tick)

    def start() -> None:
        ws.warm_up()  # as the application does at start (a decode worker ready, numpy's first-call costs paid)
        m["ticks"].append(now())
        heartbeat.start()
        begin(0)

    QTimer.singleShot(1000, start)  # the window laid out and drawn empty first
    app.exec()
    if not m["done"]:
        raise RuntimeError(f"step {steps[max(0, m['step'])][:2]} did not finish within {payload['timeout_s']} s")
    late = _lateness(m["ticks"], heartbeat_ms)
    result = {
        "first_ms": m["first_ms"], "image_ok": m["image_ok"], "mpr_ms": m["mpr_ms"], "mpr_refused": m.get("mpr_refused"),
        "budget_mb": ws.memory.limit / (1 << 20),
        "latency_p95_ms": percentile(late, 95), "latency_max_ms": max(late), "ticks": len(late),
        "phase_p95": ", ".join(f"{k} {percentile(_lateness(v, heartbeat_ms), 95):.0f} ms" for k, v in m["phase"].items()),
        "cine": _cine(m), "platform": app.platformName(), "viewport": f"{vp.width()}x{vp.height()}",
    }
    close_bench_window(window, ws, cache)
    return result


def _lateness(ticks, heartbeat_ms: int) -> list[float]:
    return [max(0.0, (b - a) * 1000 - heartbeat_ms) for a, b in zip(ticks, ticks[1:])] or [0.0]


def _cine(m: dict) -> dict:
    paints, frame_ms, seconds = m["paints"], m.get("frame_ms"), CINE_SECONDS
    gaps = [(b[0] - a[0]) * 1000 for a, b in zip(paints, paints[1:])] or [0.0]
    return {"shown_fps": len(paints) / seconds, "acquired_fps": 1000.0 / frame_ms if frame_ms else None,
            "seconds": seconds, "painted": len(paints), "steps": int(seconds * 1000 / frame_ms) if frame_ms else 0,
            "median_ms": percentile(gaps, 50), "p95_ms": percentile(gaps, 95)}
