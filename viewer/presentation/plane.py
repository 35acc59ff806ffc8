"""An MPR plane as a view shows it: ``present_plane`` decides its window, has it cut (the cut itself is
VTK's, handed in by the caller: ``render.reslice.VolumeResampler.cut``), draws the crosshair of the other
planes, the corners, the bands of missing slices and the plane measurements lying on it."""

from __future__ import annotations

from typing import Callable

import numpy as np

from viewer.core.messages import in_language, msg
from viewer.dicom.pixels import render_display
from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState
from viewer.presentation import findings as F
from viewer.presentation import segment_layers
from viewer.presentation.corners import LABELS, plane_corners
from viewer.presentation.image import Presented
from viewer.presentation.scene import SliceScene, edge_markers, view_scene
from viewer.presentation.windows import plane_window


def present_plane(
    cut: Callable,
    session,
    view: str,
    state: ViewportState,
    context: PatientContext,
    language: str,
    viewport: tuple[int, int] | None,
    findings: F.Findings = F.NO_FINDINGS,
    segments=(),
) -> Presented:
    """Plane ``view`` of ``session`` in a viewport of (width, height) device pixels. ``cut(view, window,
    invert)`` returns the plane's pixels (``ReslicedImage``: stored values, or grey already windowed by
    the GPU slab path, with their size and where pixel (0, 0) lies)."""
    window = plane_window(state, session.volume)
    resliced = cut(view, window, state.invert)
    scene = build_plane_scene(state, session, view, resliced.pixels, resliced.pixel_mm, resliced.origin_offset,
                              context, language, display=resliced.display, viewport=viewport)
    scene = segment_layers.plane_scene_with(scene, segments, session, view, resliced.origin_offset, resliced.pixel_mm)
    return Presented(state, F.on_plane_scene(scene, findings, session, view, resliced.origin_offset, language))


PLANE_COLORS = {"axial": (1.0, 0.35, 0.35), "coronal": (0.35, 1.0, 0.35), "sagittal": (0.45, 0.65, 1.0)}


def build_plane_scene(
    state: ViewportState,
    session,
    view: str,
    pixels: np.ndarray,
    pixel_mm: float,
    origin_offset: tuple[float, float],
    context: PatientContext,
    language: str = "fr",
    display: np.ndarray | None = None,
    viewport: tuple[int, int] | None = None,
) -> SliceScene:
    """An MPR plane of ``session``'s volume, with the crosshair lines of the two other planes.

    ``display``: the plane already windowed to grey (the GPU slab path), instead of stored ``pixels``.
    """
    words = LABELS.get(language, LABELS["fr"])
    volume = session.volume
    window = plane_window(state, volume)
    image = display if display is not None else render_display(pixels, volume.descriptor, window, invert=state.invert)
    plane = session.planes[view]
    right, down = plane.right, plane.down
    markers = edge_markers(right, down)
    cx, cy = session.in_plane(view)
    px, py = cx - origin_offset[0], cy - origin_offset[1]
    h, w = image.shape[:2]
    reach = float(np.hypot(w, h) * pixel_mm)
    lines = []
    for other, other_plane in session.planes.items():
        if other == view:
            continue
        d = np.cross(plane.normal, other_plane.normal)
        if np.linalg.norm(d) < 1e-6:
            continue
        dx, dy = float(np.dot(d, right)), float(np.dot(d, down))
        norm = float(np.hypot(dx, dy)) or 1.0
        dx, dy = dx / norm * reach, dy / norm * reach
        lines.append((px - dx, py - dy, px + dx, py + dy, PLANE_COLORS.get(other, (1.0, 1.0, 0.0))))

    corners = plane_corners(state, session, view, image, pixel_mm, context, window, words, language, viewport)
    image, labels = _missing_slices(image, session, view, origin_offset, pixel_mm, language)
    return view_scene(state, image, (pixel_mm, pixel_mm), True, corners, markers, window, lines, language, labels)


MISSING_COLOR = (1.0, 0.69, 0.0)  # amber: seen on grey and on inverted grey, and unlike any plane colour


def _missing_slices(image: np.ndarray, session, view: str, origin_offset, pixel_mm: float, language: str):
    """The plane with its bands of missing slices hatched in amber and named, and the label(s) to draw.

    A gap in the acquisition is left empty on the volume's grid (``model.acquisition``), never interpolated;
    here the reader sees where: every pixel whose value involves an empty slice (the slab's depth included)
    is tinted, with stripes, the picture still visible under them."""
    acquisition = getattr(session.volume, "acquisition", None)
    if acquisition is None or not acquisition.bands or image.ndim != 2:
        return image, ()
    plane = session.planes[view]
    vc = session.volume_center()
    first = vc + plane.normal * float(np.dot(session.center - vc, plane.normal)) \
        + plane.right * origin_offset[0] + plane.down * origin_offset[1]
    mask = acquisition.band_mask(first, plane.right, plane.down, pixel_mm, image.shape, plane.normal, session.slab_mm)
    if mask is None:
        return image, ()
    rows, cols = np.indices(image.shape)
    alpha = np.where(((rows + cols) // 4) % 2 == 0, 0.55, 0.25)[mask][:, None]
    rgb = np.repeat(image[..., None], 3, axis=2)
    amber = np.array(MISSING_COLOR) * 255.0
    rgb[mask] = np.rint(rgb[mask] * (1.0 - alpha) + amber * alpha).astype(np.uint8)
    ys, xs = np.nonzero(mask)
    y = int(np.median(ys))
    x = int(xs[ys == y].min()) + max(2, image.shape[1] // 12)  # inside the band, clear of the edge markers
    text = in_language(msg("missing slices"), language)
    return rgb, ((x * pixel_mm, y * pixel_mm, text, MISSING_COLOR),)
