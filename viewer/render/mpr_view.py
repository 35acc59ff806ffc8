"""One MPR plane through this layer's cut: ``presentation.plane`` decides what is shown, the
``VolumeResampler`` (VTK) cuts the plane it asks for."""

from __future__ import annotations

from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState
from viewer.presentation.findings import NO_FINDINGS, Findings
from viewer.presentation.image import Presented
from viewer.presentation.plane import present_plane
from viewer.render.reslice import VolumeResampler


def present(resampler: VolumeResampler, view: str, state: ViewportState, context: PatientContext, language: str = "fr",
            viewport: tuple[int, int] | None = None, findings: Findings = NO_FINDINGS, segments=()) -> Presented:
    return present_plane(resampler.cut, resampler.session, view, state, context, language, viewport, findings,
                         segments)


def plane_scene(resampler: VolumeResampler, view: str, state: ViewportState, context: PatientContext, language: str = "fr",
                viewport: tuple[int, int] | None = None):
    return present(resampler, view, state, context, language, viewport).scene
