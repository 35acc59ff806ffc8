"""Rendering one MPR plane: cut (VTK: CPU reslice, or GPU ray-cast slab) -> scene (model) -> slice renderer (VTK)."""

from __future__ import annotations

from viewer.model.scene import PatientContext, SliceScene, build_plane_scene, plane_window
from viewer.model.viewport import ViewportState
from viewer.render.reslice import VolumeResampler


def plane_scene(
    resampler: VolumeResampler, view: str, state: ViewportState, context: PatientContext, language: str = "fr",
    viewport: tuple[int, int] | None = None,
) -> SliceScene:
    window = plane_window(state, resampler.session.volume)
    cut = resampler.cut(view, window, state.invert)
    return build_plane_scene(state, resampler.session, view, cut.pixels, cut.pixel_mm, cut.origin_offset, context, language,
                             display=cut.display, viewport=viewport)
