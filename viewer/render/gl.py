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
