"""Choosing and describing the OpenGL path VTK renders with."""

from __future__ import annotations

import os
import sys


def prepare_offscreen() -> None:
    """Pick a headless-safe VTK window class when no display server is there.

    Cauri renders every viewport offscreen and paints the result into a plain widget; on a
    Linux machine without X (CI, a server) VTK must then use EGL rather than GLX.
    """
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")


def offscreen_window(multisamples: int | None = 0):
    """A new offscreen render window with one black renderer: ``(window, renderer)``.

    ``multisamples=None`` keeps VTK's default (the volume renderer's); the 2-D paths read back exact pixels
    and turn multisampling off."""
    from viewer.render import vtk_classes as vtk

    prepare_offscreen()
    window = vtk.vtkRenderWindow()
    window.SetOffScreenRendering(1)
    if multisamples is not None:
        window.SetMultiSamples(multisamples)
    renderer = vtk.vtkRenderer()
    renderer.SetBackground(0.0, 0.0, 0.0)
    window.AddRenderer(renderer)
    return window, renderer


def capabilities(render_window) -> dict:
    """Vendor/renderer strings, to tell a real GPU from a software rasteriser (llvmpipe)."""
    text = render_window.ReportCapabilities() or ""
    info = {}
    for line in text.splitlines():
        if ":" in line:
            key, _, value = line.partition(":")
            key = key.strip().lower()
            if key in ("opengl vendor string", "opengl renderer string", "opengl version string"):
                info[key.split()[1]] = value.strip()
    info["software"] = any(s in info.get("renderer", "").lower() for s in ("llvmpipe", "softpipe", "swrast"))
    return info


_detected: dict | None = None


def detect() -> dict:
    """The capabilities of this process's OpenGL, found once with a tiny offscreen window."""
    global _detected
    if _detected is None:
        from viewer.render import vtk_classes as vtk

        prepare_offscreen()
        window = vtk.vtkRenderWindow()
        window.SetOffScreenRendering(1)
        window.SetSize(8, 8)
        window.AddRenderer(vtk.vtkRenderer())
        window.Render()
        _detected = capabilities(window)
        window.Finalize()
    return _detected


def learn_from(render_window) -> None:
    """Take this process's capabilities from a window that has rendered (a spare slice renderer made while
    idle), so that ``detect`` does not make one when MPR starts (100 ms of the window's thread there)."""
    global _detected
    if _detected is None:
        _detected = capabilities(render_window)


def slab_path() -> str:
    """Who casts MPR thick slabs: "gpu" (ray caster clipped to the slab) or "cpu" (vtkImageReslice).

    On a real GPU the ray caster is ~10x faster than the reslice slab; on llvmpipe the reslice slab
    measured faster (docs/rendering.md). ``CAURI_SLAB_PATH=gpu|cpu`` overrides, for tests and benchmarks.
    """
    forced = os.environ.get("CAURI_SLAB_PATH", "").lower()
    if forced in ("gpu", "cpu"):
        return forced
    return "cpu" if detect().get("software", True) else "gpu"
