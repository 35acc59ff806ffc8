"""Volume-rendering state and presets: data only (transfer functions in modality units)."""

from __future__ import annotations

from dataclasses import dataclass, replace

# (value, r, g, b) colour points and (value, opacity) points; values in modality units (HU for CT),
# except "relative" presets whose values are fractions of the data's robust range.
VR_PRESETS = {
    "ct-bone": {
        "labels": {"fr": "TDM os", "en": "CT bone"},
        "color": [(-1000, 0, 0, 0), (150, 0.55, 0.25, 0.15), (300, 0.9, 0.75, 0.55), (1200, 1, 1, 0.95)],
        "opacity": [(-1000, 0), (150, 0), (300, 0.15), (700, 0.6), (1500, 0.85)],
        "shade": True,
    },
    "ct-soft": {
        "labels": {"fr": "TDM tissus mous", "en": "CT soft tissue"},
        "color": [(-1000, 0, 0, 0), (-500, 0.55, 0.25, 0.15), (0, 0.9, 0.6, 0.45), (80, 1, 0.85, 0.75), (400, 1, 1, 0.95)],
        "opacity": [(-1000, 0), (-600, 0), (-400, 0.08), (40, 0.25), (80, 0.45), (400, 0.7)],
        "shade": True,
    },
    "ct-angio": {
        "labels": {"fr": "TDM angio (vaisseaux)", "en": "CT angiography (vessels)"},
        "color": [(-1000, 0, 0, 0), (100, 0.6, 0.1, 0.05), (250, 0.95, 0.45, 0.3), (500, 1, 0.9, 0.8), (1500, 1, 1, 1)],
        "opacity": [(-1000, 0), (120, 0), (200, 0.25), (400, 0.7), (1500, 0.9)],
        "shade": True,
    },
    "mr-default": {
        "labels": {"fr": "IRM standard", "en": "MR default"},
        "relative": True,
        "color": [(0.0, 0, 0, 0), (0.25, 0.5, 0.35, 0.3), (0.6, 0.9, 0.8, 0.7), (1.0, 1, 1, 1)],
        "opacity": [(0.0, 0), (0.15, 0), (0.35, 0.15), (1.0, 0.6)],
        "shade": True,
    },
    "mip": {
        "labels": {"fr": "MIP", "en": "MIP"},
        "relative": True,
        "mip": True,
        "color": [(0.0, 0, 0, 0), (1.0, 1, 1, 1)],
        "opacity": [(0.0, 0), (1.0, 1)],
        "shade": False,
    },
}


def default_preset(modality: str) -> str:
    # PET and NM are read in 3-D as a maximum-intensity projection, the way every PET station opens them.
    modality = (modality or "").upper()
    return "ct-bone" if modality == "CT" else "mip" if modality in ("PT", "NM") else "mr-default"


@dataclass(frozen=True)
class VolumeViewState:
    preset: str = "ct-bone"
    azimuth: float = 0.0  # degrees around the patient's head-foot axis, 0 = seen from the front
    elevation: float = 0.0
    zoom: float = 1.0
    pan: tuple[float, float] = (0.0, 0.0)  # screen fractions
    tf_shift: float = 0.0  # transfer function moved along the value axis (modality units)
    tf_scale: float = 1.0  # and widened/narrowed around its centre
    clip: tuple[float, float, float, float, float, float] = (0.0, 1.0, 0.0, 1.0, 0.0, 1.0)  # box, volume fractions
    interactive: bool = False  # user is dragging: the renderer may trade quality for speed
    overlays: bool = True

    def rotated(self, d_az: float, d_el: float) -> "VolumeViewState":
        return replace(self, azimuth=(self.azimuth + d_az) % 360.0, elevation=max(-89.0, min(89.0, self.elevation + d_el)))

    def with_preset(self, name: str) -> "VolumeViewState":
        if name not in VR_PRESETS:
            raise ValueError(f"unknown volume preset {name!r}; choose one of {', '.join(VR_PRESETS)}")
        return replace(self, preset=name, tf_shift=0.0, tf_scale=1.0)
