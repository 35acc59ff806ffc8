"""Rendering one MPR plane: reslice (VTK, CPU) -> scene (model) -> slice renderer (VTK)."""

from __future__ import annotations

from viewer.model.scene import PatientContext, SliceScene, build_plane_scene
from viewer.model.viewport import ViewportState
from viewer.render.reslice import VolumeResampler


def plane_scene(
    resampler: VolumeResampler, view: str, state: ViewportState, context: PatientContext, language: str = "fr"
) -> SliceScene:
    cut = resampler.reslice(view)
    return build_plane_scene(state, resampler.session, view, cut.pixels, cut.pixel_mm, cut.origin_offset, context, language)
