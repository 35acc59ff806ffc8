"""``render``: frame times for scroll and window/level of a 512x512 CT slice at 1024x1024 and 1920x1080;
then MPR (scroll, window/level, oblique rotation), thick slab and VR rotation frames, and the input latency
while the VR still frame is computed (``mpr_frames``).

Cauri's frame is what a viewport does per event: ``present_image`` (VOI lookup on the CPU, overlay texts,
orientation markers, placement) then ``SliceRenderer.render`` (texture upload, draw, read-back). The peer is a plain
VTK pipeline in the same process and the same kind of offscreen window: the volume resident once in a
``vtkImageResliceMapper`` + ``vtkImageSlice``, window/level applied by the image property, read back the
same way; it draws no overlay text. Runs in a fresh process (its own GL context); the GL renderer string
says whether the figures come from a GPU or from llvmpipe.
"""

from __future__ import annotations

import sys

from viewer.bench.loading import stack_from_files
from viewer.bench.mpr_frames import stock_slice_view
from viewer.bench.results import Measurement
from viewer.bench.timing import fresh_window, median, now, percentile, run_worker
from viewer.model.frames import load_frame
from viewer.model.studies import PatientContext
from viewer.presentation.image import present_image
from viewer.presentation.windows import opening_state
from viewer.render.gl import capabilities, prepare_offscreen
from viewer.render.slice_renderer import SliceRenderer

CASE = "render"
VIEWS = ((1024, 1024), (1920, 1080))


def run(ctx) -> list[Measurement]:
    series = ctx.inputs.ct(ctx.sizes.ct_slices)
    n = min(len(series.files), max(4, ctx.sizes.render_frames))
    mid = len(series.files) // 2
    files = series.files[max(0, mid - n // 2): max(0, mid - n // 2) + n]
    payload = {"scratch": str(ctx.scratch), "files": [str(f) for f in files], "frames": ctx.sizes.render_frames, "views": VIEWS}
    out = run_worker("viewer.bench.case_render", payload, timeout=600)
    gl = out["gl"]
    gl_text = f"GL: {gl.get('renderer', '?')} ({gl.get('version', '?')}){' software' if gl.get('software') else ''}"
    rows = []
    for view in out["views"]:
        size = f"{view['w']}x{view['h']}"
        for action in ("scroll", "window/level"):
            key = "scroll" if action == "scroll" else "wl"
            ours, theirs = view[f"cauri_{key}"], view[f"peer_{key}"]
            rows.append(Measurement(
                CASE, f"{action} frame at {size}", "ms", ours["median"], "VTK vtkImageResliceMapper pipeline", theirs["median"],
                note=f"{action} {size}: both full quality, one process, median (p95 Cauri {ours['p95']:.1f} ms, peer "
                     f"{theirs['p95']:.1f} ms) of {ours['n']} frames after 3 warm-up"
                     + ("; a new window every frame on both sides (no LUT cache hit)" if key == "wl" else "")
                + _blank(view),
            ))
    rows[0].note = f"{gl_text}; Cauri = present_image + SliceRenderer.render incl. read-back; peer has no overlay text. " + rows[0].note
    return rows + _mpr_rows(ctx)


def _mpr_rows(ctx) -> list[Measurement]:
    """MPR, thick slab and VR on a 512x512xN volume at 1920x1080 (N = 400 for the default 300-slice run)."""
    # The volume keeps the default run's proportions (400 slices of 512) at any size: a flat one draws nearly nothing.
    size = ctx.sizes.mpr_size
    slices = max(16, ctx.sizes.ct_slices * 4 // 3 * size // 512, size * 3 // 4 if size < 512 else 0)
    w, h = ctx.sizes.mpr_view
    payload = {"scratch": str(ctx.scratch), "slices": slices, "width": w, "height": h, "frames": ctx.sizes.render_frames,
               "vr_frames": max(2, ctx.sizes.render_frames // 6), "size": size}
    out = run_worker("viewer.bench.mpr_frames", payload, timeout=1800)
    size = f"{w}x{h}, {size}x{size}x{slices}"
    rows = [Measurement(CASE, f"{r['label']} at {size}", "ms", r["cauri"],
                        r.get("peer_name") or "VTK vtkImageResliceMapper pipeline", r["peer"], note=r["note"])
            for r in out["rows"]]
    gl = out["gl"]
    rows[0].note = f"GL: {gl.get('renderer', '?')}{' software' if gl.get('software') else ''}; " + rows[0].note
    return rows


def _blank(view: dict) -> str:
    # The body phantom fills ~20% of a fitted 512x512 view; far less means nothing was drawn.
    out = [f"{who} RENDERED A BLANK FRAME ({view[key]:.1%} lit)" for who, key in (("Cauri", "cauri_lit"), ("peer", "peer_lit"))
           if view[key] < 0.05]
    return "; " + "; ".join(out) if out else ""


def _stats(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"median": median(ms), "p95": percentile(ms, 95), "n": len(ms)}


def _cauri(frames, stack, w: int, h: int, count: int) -> tuple[dict, dict, dict]:
    context = PatientContext(patient_name="BENCH^Synthetic", patient_id="BENCH", study_description="Benchmark", modality="CT")
    renderer = SliceRenderer(w, h)
    state = opening_state(stack)
    rgba = None

    def scene(st, frame):
        return present_image(st, frame, None, context, "en", (w, h)).scene

    try:
        for i in range(3):  # first frames pay for shader compilation and font caches
            renderer.render(scene(state.at(i), frames[i]))
        scroll = []
        for k in range(count):
            i = k % len(frames)
            t0 = now()
            renderer.render(scene(state.at(i), frames[i]))
            scroll.append(now() - t0)
        wl = []
        base = state.at(len(frames) // 2)
        for k in range(count):
            windowed = base.windowed(fresh_window())
            t0 = now()
            rgba = renderer.render(scene(windowed, frames[base.index]))
            wl.append(now() - t0)
        caps = capabilities(renderer.window)
    finally:
        renderer.close()
    return _stats(scroll), _stats(wl), caps, _lit(rgba)


def _peer(frames, w: int, h: int, count: int) -> tuple[dict, dict]:
    import numpy as np
    from viewer.render import vtk_classes as vtk
    from viewer.render.vtk_classes import numpy_support


    volume = np.ascontiguousarray(np.stack([f.stored for f in frames]))
    n, rows, cols = volume.shape
    spacing = frames[0].header.pixel_spacing or (1.0, 1.0)
    window, renderer, _mapper, prop = stock_slice_view(volume, (spacing[1], spacing[0], 1.0), w, h)
    offset = 1024.0  # stored = HU + 1024 in the synthetic series
    camera = renderer.GetActiveCamera()
    cx, cy = (cols - 1) * spacing[1] / 2.0, (rows - 1) * spacing[0] / 2.0
    camera.SetViewUp(0.0, -1.0, 0.0)
    camera.SetParallelScale(max(rows * spacing[0] / 2.0, cols * spacing[1] / 2.0 * h / w))
    out = vtk.vtkUnsignedCharArray()
    last = {}

    def frame(z: float) -> None:
        camera.SetFocalPoint(cx, cy, z)
        camera.SetPosition(cx, cy, z - 1000.0)
        renderer.ResetCameraClippingRange()
        window.Render()
        window.GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, out)
        last["rgba"] = np.ascontiguousarray(numpy_support.vtk_to_numpy(out).reshape(h, w, 4)[::-1])

    try:
        for i in range(3):
            frame(float(i))
        scroll = []
        for k in range(count):
            t0 = now()
            frame(float(k % n))
            scroll.append(now() - t0)
        wl = []
        for k in range(count):
            t0 = now()
            win = fresh_window()
            prop.SetColorWindow(win.width)
            prop.SetColorLevel(win.center + offset)
            frame(float(n // 2))
            wl.append(now() - t0)
    finally:
        window.Finalize()
    return _stats(scroll), _stats(wl), _lit(last["rgba"])


def _lit(rgba) -> float:
    """Fraction of non-black pixels: a blank frame renders fast and must not pass for a fast frame."""
    return float((rgba[..., :3].max(axis=2) > 16).mean())


def _worker(payload: dict) -> dict:
    prepare_offscreen()
    stack = stack_from_files(payload["files"])
    frames = [load_frame(ref) for ref in stack.frames]
    bad = [f.error for f in frames if f.stored is None]
    if bad:
        raise RuntimeError(f"cannot decode a render input: {bad[0]}")
    views, gl = [], {}
    for w, h in payload["views"]:
        c_scroll, c_wl, gl, c_lit = _cauri(frames, stack, w, h, payload["frames"])
        p_scroll, p_wl, p_lit = _peer(frames, w, h, payload["frames"])
        views.append({"w": w, "h": h, "cauri_scroll": c_scroll, "cauri_wl": c_wl, "peer_scroll": p_scroll, "peer_wl": p_wl,
                      "cauri_lit": c_lit, "peer_lit": p_lit})
    return {"views": views, "gl": gl}


if __name__ == "__main__":
    from viewer.bench.timing import worker_main

    sys.exit(worker_main(_worker))
