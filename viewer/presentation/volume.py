"""What a 3-D (volume rendering) view shows over its picture: the patient corners every viewport has, the
orientation letters at its edges and those of its orientation cube, from the same camera the renderer
places (``render.volume_renderer``: seen from the front, head up, turned by azimuth and elevation)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.dicom.geometry import orientation_label
from viewer.model.studies import PatientContext
from viewer.model.volume_view import VR_PRESETS, VolumeViewState
from viewer.presentation.corners import LABELS, volume_corners
from viewer.presentation.scene import edge_markers

# The cube's faces, by the LPS axis each faces along: the letters 2-D views write at their edges.
CUBE_FACES = {f"{sign}{axis}": orientation_label(v) for axis, base in zip("xyz", np.eye(3))
              for sign, v in (("+", base), ("-", -base))}


@dataclass(frozen=True)
class VolumeOverlay:
    corners: dict = field(default_factory=dict)
    markers: dict = field(default_factory=dict)
    faces: dict = field(default_factory=lambda: dict(CUBE_FACES))
    shown: bool = True


def camera_directions(state: VolumeViewState):
    """Patient directions of screen right and up for ``state`` (the renderer's camera, in LPS)."""
    az, el = np.radians(state.azimuth), np.radians(state.elevation)
    towards_camera = np.array([np.sin(az) * np.cos(el), -np.cos(az) * np.cos(el), np.sin(el)])
    up = np.array([-np.sin(az) * np.sin(el), np.cos(az) * np.sin(el), np.cos(el)])
    return np.cross(-towards_camera, up), up


def volume_overlay(state: VolumeViewState, context: PatientContext, language: str, overlays: bool = True) -> VolumeOverlay:
    words = LABELS.get(language, LABELS["fr"])
    preset = VR_PRESETS.get(state.preset, {}).get("labels", {}).get(language, "")
    right, up = camera_directions(state)
    return VolumeOverlay(volume_corners(context, preset, words, language), edge_markers(right, -up), dict(CUBE_FACES),
                         overlays)
