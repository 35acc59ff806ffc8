"""Frame times of MPR, thick slab and volume rendering on a 512x512xN volume, beside stock VTK.

Run as a worker of the ``render`` case, or alone on the GPU machine (``installers/device-check.sh``):
it needs numpy, pydicom and VTK only. Per interaction it times Cauri's frame while the user drags
(``draft``), its frame once still (``full``), the path before adaptive drafts and cut reuse (``before``:
a new cut and a full-size frame every time) and a peer drawn by stock VTK in the same process, in the
same kind of offscreen window, read back the same way:
  2-D, slab: vtkImageResliceMapper + vtkImageSlice (window/level by the image property; slab by
             SetSlabThickness, the path ENVIRONMENT.md measured at 120-170 ms on the H100);
  VR:        vtkGPUVolumeRayCastMapper with its default settings.
  VR still:  input latency while the still frame is computed, against the same frame drawn on the
             event-loop thread (``vr_latency``).
Every frame's lit fraction is kept: a blank frame is fast and must not pass for a fast frame.

Like for like: the peer is compared with Cauri's still frame (full-size cut, no draw budget; VR at the same
sample distances and shading as Cauri's still frame), and the drag frame, which the draw budget steers to its
own target, gets a row of its own against that target. Every window/level frame, on either side, uses a
window no earlier frame of the process used (``fresh_window``): a LUT cache must not turn the drag into hits.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from viewer.bench import vr_latency
from viewer.bench.mpr_volume import synthetic_volume
from viewer.bench.timing import fresh_window
from viewer.dicom.pixels import Window
from viewer.model.mpr import MprSession
from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState
from viewer.model.volume_view import VR_PRESETS, VolumeViewState
from viewer.presentation.plane import build_plane_scene
from viewer.render import gl
from viewer.render.mpr_view import plane_scene
from viewer.render.reslice import VolumeResampler
from viewer.render.slice_renderer import SliceRenderer
from viewer.render.volume_renderer import VolumeRenderer

SLAB_MM = 15.0
TARGETS_GPU = {"2d": 8.0, "slab": 16.0, "vr": 1000.0 / 60.0}  # ms per frame at 1920x1080 (issue #5)
TARGET_SOFTWARE = 50.0  # any interaction on llvmpipe, with the adaptive path
VR_PRESET = "ct-soft"  # shows the whole body of the phantom: a frame that is mostly drawn, not mostly empty


def _lit(rgba) -> float:
    return float((np.asarray(rgba)[..., :3].max(axis=-1) > 16).mean())


def _median_ms(frame, count: int, warm: int = 2) -> tuple[float, float]:
    """Median of ``count`` calls of ``frame(k)`` in ms, and the lit fraction of the last frame."""
    for k in range(warm):
        frame(k)
    times, last = [], None
    for k in range(count):
        t0 = time.perf_counter()
        last = frame(k)
        times.append((time.perf_counter() - t0) * 1000.0)
    return float(np.median(times)), _lit(last)


class _Cauri:
    """A viewport's MPR frame: the plane's cut, its scene and the slice renderer, as the GUI does it."""

    def __init__(self, volume, width: int, height: int, slab_path: str | None = None) -> None:
        self.session = MprSession(volume)
        self.resampler = VolumeResampler(self.session, slab_path)
        self.renderer = SliceRenderer(width, height)
        self.context = PatientContext(patient_name="BENCH^Synthetic", patient_id="BENCH", modality="CT")
        self.state = ViewportState(window=Window(40.0, 400.0))

    def frame(self, view: str, mode: str):
        self.resampler.draft = mode == "draft"
        if mode == "before":
            self.resampler._cache.clear()  # the path before cut reuse: a new cut every frame
        scene = plane_scene(self.resampler, view, self.state, self.context, "en")
        scale = self.resampler.budget.scale if mode == "draft" else 1.0  # the draw budget, as the viewport uses it
        t0 = time.perf_counter()
        rgba = self.renderer.render(scene, scale)
        if mode == "draft":
            self.resampler.budget.record((time.perf_counter() - t0) * 1000.0, scale)
        return rgba

    def close(self) -> None:
        self.resampler.close()
        self.renderer.close()


def _interactions(volume, width: int, height: int, count: int, slab_path: str | None) -> dict:
    from dataclasses import replace


    c = _Cauri(volume, width, height, slab_path)
    s = c.session
    out = {}

    def scroll(view):
        def step(k):
            s.scroll(view, 1 if k % 2 == 0 else -1)
        return step

    def window(k):
        c.state = replace(c.state, window=fresh_window())

    def oblique(k):
        s.rotate("axial", np.radians(1.0 if k % 2 == 0 else -1.0))

    plan = {"scroll": ("axial", scroll("axial"), 0.0), "window/level": ("axial", window, 0.0),
            "oblique rotation": ("coronal", oblique, 0.0), f"thick slab MIP {SLAB_MM:g} mm": ("coronal", scroll("coronal"), SLAB_MM)}
    try:
        for name, (view, change, slab) in plan.items():
            s.reset(notify=False)
            s.set_slab(slab, "mip")
            out[name] = {}
            for mode in ("draft", "full", "before"):
                def frame(k, mode=mode, view=view, change=change):
                    change(k)
                    return c.frame(view, mode)
                out[name][mode] = _median_ms(frame, count)
        out["_slab_path"] = c.resampler.slab_path
    finally:
        c.close()
    return out


def _slab_paths(volume, width: int, height: int, count: int) -> dict:
    """The full-quality slab frame through each path, whichever is the default on this renderer."""
    out = {}
    for path in ("cpu", "gpu"):
        c = _Cauri(volume, width, height, path)
        try:
            c.session.set_slab(SLAB_MM, "mip")

            def frame(k, c=c):
                c.session.scroll("coronal", 1 if k % 2 == 0 else -1)
                return c.frame("coronal", "full")
            out[path] = _median_ms(frame, count)
            if c.resampler.slab_path != path:
                out[path + " (fell back to " + c.resampler.slab_path + ")"] = out[path]
        finally:
            c.close()
    return out


def stock_slice_view(array: np.ndarray, spacing, width: int, height: int):
    """Stock VTK's 2-D path over a (slices, rows, cols) array: vtkImageResliceMapper + vtkImageSlice in an
    offscreen window, window/level 40/400 HU (stored = HU + 1024). Returns (window, renderer, mapper, property)."""
    from viewer.render import vtk_classes as vtk
    from viewer.render.vtk_classes import numpy_support

    n, rows, cols = array.shape
    image = vtk.vtkImageData()
    image.SetDimensions(cols, rows, n)
    image.SetSpacing(*spacing)
    image.GetPointData().SetScalars(numpy_support.numpy_to_vtk(array.reshape(-1), deep=False))
    mapper = vtk.vtkImageResliceMapper()
    mapper.SetInputData(image)
    mapper.SliceFacesCameraOn()
    mapper.SliceAtFocalPointOn()
    actor = vtk.vtkImageSlice()
    actor.SetMapper(mapper)
    prop = actor.GetProperty()
    prop.SetInterpolationTypeToLinear()
    prop.SetColorWindow(400.0)
    prop.SetColorLevel(40.0 + 1024.0)
    renderer = vtk.vtkRenderer()
    renderer.AddViewProp(actor)
    window = vtk.vtkRenderWindow()
    window.SetOffScreenRendering(1)
    window.SetMultiSamples(0)
    window.AddRenderer(renderer)
    window.SetSize(width, height)
    renderer.GetActiveCamera().ParallelProjectionOn()
    renderer._image = image  # type: ignore[attr-defined]  (keeps the zero-copy source alive)
    return window, renderer, mapper, prop


def _peer_2d(volume, width: int, height: int, count: int) -> dict:
    from viewer.render import vtk_classes as vtk
    from viewer.render.vtk_classes import numpy_support

    n, rows, cols = volume.array.shape
    sx, sy, sz = volume.geometry.spacing
    window, renderer, mapper, prop = stock_slice_view(volume.array, (sx, sy, sz), width, height)
    camera = renderer.GetActiveCamera()
    centre = np.array([(cols - 1) * sx, (rows - 1) * sy, (n - 1) * sz]) / 2.0
    buf = vtk.vtkUnsignedCharArray()

    def show(focal, normal, up):
        camera.SetFocalPoint(*focal)
        camera.SetPosition(*(focal - np.asarray(normal) * 1000.0))
        camera.SetViewUp(*up)
        camera.SetParallelScale(max(rows * sy, n * sz) / 2.0)
        renderer.ResetCameraClippingRange()
        window.Render()
        window.GetRGBACharPixelData(0, 0, width - 1, height - 1, 0, buf)
        return numpy_support.vtk_to_numpy(buf).reshape(height, width, 4)

    axial, coronal = ((0, 0, 1), (0, -1, 0)), ((0, 1, 0), (0, 0, 1))
    out = {}
    try:
        out["scroll"] = _median_ms(lambda k: show(centre + (0, 0, sz * (k % 2)), *axial), count)

        def wl(k):
            w = fresh_window()
            prop.SetColorWindow(w.width)
            prop.SetColorLevel(w.center + 1024.0)
            return show(centre, *axial)
        out["window/level"] = _median_ms(wl, count)
        prop.SetColorWindow(400.0)
        prop.SetColorLevel(1064.0)

        def oblique(k):
            a = np.radians(10.0 + (k % 2))
            return show(centre, (np.sin(a), np.cos(a), 0.0), (0, 0, 1))
        out["oblique rotation"] = _median_ms(oblique, count)
        mapper.SetSlabThickness(SLAB_MM)
        mapper.SetSlabTypeToMax()
        out[f"thick slab MIP {SLAB_MM:g} mm"] = _median_ms(lambda k: show(centre + (0, sy * (k % 2), 0), *coronal), count)
    finally:
        window.Finalize()
    return out


def _vr(volume, width: int, height: int, count: int) -> dict:
    r = VolumeRenderer(width, height)
    r.set_volume(volume)
    out = {"software": r.software, "shade": bool(VR_PRESETS[VR_PRESET].get("shade", False)) and not r.software}
    try:
        for mode in ("draft", "full"):
            out[mode] = _median_ms(lambda k, mode=mode: r.render(VolumeViewState(VR_PRESET, azimuth=2.0 * k, interactive=mode == "draft")),
                                   count, warm=1)
    finally:
        r.close()
    return out


def _vr_still_latency(volume, width: int, height: int) -> dict:
    return vr_latency.measure(volume, width, height, VolumeViewState(VR_PRESET, azimuth=30.0))


def _peer_vr(volume, width: int, height: int, count: int, shade: bool) -> tuple[float, float]:
    """Stock VTK's GPU ray caster at the quality of Cauri's still frame: the same transfer function, ray step
    (the finest spacing), one ray per pixel and the same shading (``shade``: what Cauri's still frame does here)."""
    from viewer.render import vtk_classes as vtk
    from viewer.render.vtk_classes import numpy_support


    n, rows, cols = volume.array.shape
    image = vtk.vtkImageData()
    image.SetDimensions(cols, rows, n)
    image.SetSpacing(*volume.geometry.spacing)
    image.GetPointData().SetScalars(numpy_support.numpy_to_vtk(volume.array.reshape(-1), deep=False))
    mapper = vtk.vtkGPUVolumeRayCastMapper()
    mapper.SetInputData(image)
    mapper.SetAutoAdjustSampleDistances(False)
    mapper.SetSampleDistance(float(min(volume.geometry.spacing)))
    mapper.SetImageSampleDistance(1.0)
    preset = VR_PRESETS[VR_PRESET]  # the same transfer function as Cauri's frame; VTK's defaults otherwise
    color, opacity = vtk.vtkColorTransferFunction(), vtk.vtkPiecewiseFunction()
    for hu, r, g, b in preset["color"]:
        color.AddRGBPoint(hu + 1024.0, r, g, b)
    for hu, a in preset["opacity"]:
        opacity.AddPoint(hu + 1024.0, a)
    prop = vtk.vtkVolumeProperty()
    prop.SetColor(color)
    prop.SetScalarOpacity(opacity)
    prop.SetInterpolationTypeToLinear()
    prop.SetShade(bool(shade))
    prop.SetAmbient(0.3)
    prop.SetDiffuse(0.7)
    prop.SetSpecular(0.2)
    actor = vtk.vtkVolume()
    actor.SetMapper(mapper)
    actor.SetProperty(prop)
    renderer = vtk.vtkRenderer()
    renderer.AddVolume(actor)
    window = vtk.vtkRenderWindow()
    window.SetOffScreenRendering(1)
    window.AddRenderer(renderer)
    window.SetSize(width, height)
    renderer.ResetCamera()
    camera = renderer.GetActiveCamera()
    buf = vtk.vtkUnsignedCharArray()

    def frame(k):
        camera.Azimuth(2.0)
        renderer.ResetCameraClippingRange()
        window.Render()
        window.GetRGBACharPixelData(0, 0, width - 1, height - 1, 0, buf)
        return numpy_support.vtk_to_numpy(buf).reshape(height, width, 4)

    try:
        return _median_ms(frame, count, warm=1)
    finally:
        window.Finalize()


def measure(slices: int, width: int, height: int, frames: int, vr_frames: int, size: int = 512) -> dict:
    """``vr_frames``: frames of the peer's volume rendering (seconds each on llvmpipe)."""

    gl.prepare_offscreen()
    caps = gl.detect()
    volume = synthetic_volume(slices, size)
    result = {"gl": caps, "volume": [size, size, slices], "view": [width, height], "frames": frames, "vr_frames": vr_frames,
              "cauri": _interactions(volume, width, height, frames, None),
              "slab_paths": _slab_paths(volume, width, height, frames),
              "peer": _peer_2d(volume, width, height, frames),
              "vr": _vr(volume, width, height, frames),
              "peer_vr": None,
              "vr_still_latency": _vr_still_latency(volume, width, height)}
    result["peer_vr"] = _peer_vr(volume, width, height, vr_frames, result["vr"]["shade"])
    result["agreement"] = agreement(volume)
    result["rows"] = rows(result)
    return result


def rows(result: dict) -> list[dict]:
    """Per interaction two rows: the still (full-quality) frame against the peer's, and the drag frame against the
    interaction target (no peer: the draw budget steers it to that target, so a peer ratio would measure the
    target). The rest in words."""
    software = result["gl"].get("software", True)
    frames = result["frames"]
    out = []
    for name, figures in result["cauri"].items():
        if name.startswith("_"):
            continue
        peer_ms, peer_lit = result["peer"][name]
        kind = "slab" if "slab" in name else "2d"
        target = TARGET_SOFTWARE if software else TARGETS_GPU[kind]
        draft, full, before = figures["draft"], figures["full"], figures["before"]
        fresh = "; a new window every frame on both sides (no LUT cache hit)" if name == "window/level" else ""
        note = (f"still: Cauri full-size cut at draw scale 1 (path before cut reuse {before[0]:.1f} ms), peer stock VTK, "
                f"both at the window's full size, same window, linear interpolation, read back; median of {frames} frames "
                f"after 2 warm-up, one process, GL as above{fresh}")
        if kind == "slab":
            paths = result["slab_paths"]
            note += (f"; slab path {result['cauri']['_slab_path']} (still: CPU reslice {paths['cpu'][0]:.1f} ms, "
                     f"GPU ray cast {paths['gpu'][0]:.1f} ms)")
        note += _blanks([("Cauri still", full[1]), ("peer", peer_lit)])
        out.append({"name": name, "label": f"{name} still frame", "cauri": full[0], "peer": peer_ms, "note": note})
        out.append(_draft_row(name, draft, target, frames, "half-size cut, draw scale from the draw budget", fresh))
    vr = result["vr"]
    peer_ms, peer_lit = result["peer_vr"]
    target = TARGET_SOFTWARE if software else TARGETS_GPU["vr"]
    shading = "shading on" if vr["shade"] else "shading off (Cauri's still frame is flat on a software renderer)"
    out.append({"name": "VR rotation", "label": "VR rotation still frame", "cauri": vr["full"][0], "peer": peer_ms,
                "peer_name": "VTK vtkGPUVolumeRayCastMapper at Cauri's still quality",
                "note": f"still: Cauri {'CPU (all cores)' if vr['software'] else 'GPU'} ray caster, peer stock GPU ray caster; both "
                        f"one ray per pixel, ray step = finest spacing, same transfer function, {shading}; median of "
                        f"{frames} frames (Cauri) and {result['vr_frames']} (peer) after 1 warm-up"
                        + _blanks([("Cauri still", vr["full"][1]), ("peer", peer_lit)])})
    out.append(_draft_row("VR rotation", vr["draft"], target, frames, "coarser rays and fewer pixels, steered by the draw budget"))
    out.append(vr_latency.row(result["vr_still_latency"]))
    return out


def _draft_row(name: str, draft: tuple[float, float], target: float, frames: int, how: str, more: str = "") -> dict:
    met = "met" if draft[0] < target else "NOT met"
    return {"name": f"{name} draft", "label": f"{name} frame while dragging (draft)", "cauri": draft[0], "peer": target,
            "peer_name": "the interaction target (no peer)",
            "note": f"draft: Cauri's drag frame ({how}) against the target {target:.0f} ms, {met}; ratio = frame / "
                    f"target; median of {frames} frames after 2 warm-up{more}" + _blanks([("Cauri draft", draft[1])])}


def agreement(volume) -> dict:
    """Mean |GPU - CPU| display grey of each slab mode on a coronal plane: the GPU path draws what the
    reslice path draws (a few grey levels of sampling difference; a wrong clip or camera gives tens)."""

    out = {}
    window = Window(40.0, 400.0)
    cpu, gpu = _Cauri(volume, 64, 64, "cpu"), _Cauri(volume, 64, 64, "gpu")
    try:
        for mode in ("mip", "minip", "avg"):
            images = []
            for c in (cpu, gpu):
                c.session.set_slab(SLAB_MM, mode)
                cut = c.resampler.cut("coronal", window, False)
                scene = build_plane_scene(c.state, c.session, "coronal", cut.pixels, cut.pixel_mm, cut.origin_offset,
                                          c.context, "en", display=cut.display)
                images.append(scene.image[2:-2, 2:-2].astype(float))
            out[mode] = float(np.abs(images[0] - images[1]).mean())
        # The GPU slab is checked against the reslice before use: a failed check means CPU drew both.
        out["gpu_drew"] = gpu.resampler.slab_path == "gpu"
    finally:
        cpu.close()
        gpu.close()
    return out


def _blanks(pairs) -> str:
    bad = [f"{who} DREW A BLANK FRAME ({lit:.1%} lit)" for who, lit in pairs if lit < 0.02]
    return "; " + "; ".join(bad) if bad else ""


def _worker(payload: dict) -> dict:
    return measure(payload["slices"], payload["width"], payload["height"], payload["frames"], payload["vr_frames"],
                   payload.get("size", 512))


def _device(path: str, slices: int) -> None:
    """The GPU check (installers/device-check.sh): issue sizes, JSON to ``path``, a table on stdout."""
    result = measure(slices, 1920, 1080, 30, 20)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1)
    gl = result["gl"]
    print(f"GL: {gl.get('vendor')} / {gl.get('renderer')} / {gl.get('version')}; software={gl.get('software')}")
    print(f"slab path: {result['cauri']['_slab_path']}; GPU vs CPU slab grey difference: {result['agreement']}")
    for row in result["rows"]:
        print(f"{row['label'] if 'label' in row else row['name']:<40} Cauri {row['cauri']:8.1f} ms   peer {row['peer']:8.1f} ms   "
              f"ratio {row['cauri'] / row['peer']:.2f}   {row['note']}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--device":
        _device(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 400)
    else:
        from viewer.bench.timing import worker_main

        worker_main(_worker)
