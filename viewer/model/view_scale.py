"""How big an image is drawn in a viewport: the arithmetic the scene's "Zoom" line and the renderer's
camera share, so the percentage printed is the one drawn.

``ViewportState.zoom`` is relative to fitting the image in the viewport (1: the whole image shows, as large
as it fits); the reader is told the real magnification instead: screen pixels per image pixel x 100, along
the pixel's shorter side (non-square pixels are stretched along the longer one, never dropped), so
"Zoom 100 %" is one image pixel on one screen pixel whatever the viewport.
"""

from __future__ import annotations


def fit_half_height(image_shape, spacing, viewport) -> float:
    """Half the visible height, in scene units (mm), when the image fits the viewport: the camera's
    parallel scale at zoom 1. ``image_shape``: displayed (rows, columns); ``spacing``: scene units per
    displayed pixel along x and y; ``viewport``: (width, height) in device pixels."""
    h, w = image_shape[:2]
    vw, vh = max(1, int(viewport[0])), max(1, int(viewport[1]))
    half = max(h * spacing[1] / 2.0, (w * spacing[0] / 2.0) * vh / vw)
    return half if half > 0 else 1.0


def mm_per_screen_pixel(image_shape, spacing, zoom: float, viewport) -> float:
    """Scene units (mm) one device pixel covers at ``zoom`` (relative to fit)."""
    return 2.0 * fit_half_height(image_shape, spacing, viewport) / max(zoom, 1e-6) / max(1, int(viewport[1]))


def fit_magnification(image_shape, spacing, viewport) -> float:
    """Screen pixels per image pixel (along its shorter side) when the image fits the viewport."""
    shorter = min(spacing)
    if not shorter > 0:
        return 1.0
    return max(1, int(viewport[1])) * shorter / (2.0 * fit_half_height(image_shape, spacing, viewport))


def magnification(zoom: float, image_shape, spacing, viewport) -> float:
    """Screen pixels per image pixel at ``zoom`` (relative to fit): 1.0 is one to one."""
    return zoom * fit_magnification(image_shape, spacing, viewport)
