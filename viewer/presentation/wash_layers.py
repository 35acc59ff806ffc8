"""A fused layer (PET over CT, RT Dose over its CT) as a view shows it: the layer's values on the view's own
pixel grid, turned and flipped like the anatomy, through its colour map and window, at its opacity, and the
isodose levels with their colours. ``render.wash_draw`` only draws the ``WashScene`` made here.

Colour maps are the standard tables: the DICOM Well-known Color Palettes (PS3.6 Annex B: Hot Iron, PET) as
pydicom ships them, grey, and "rainbow" as VTK's default lookup table (hue 240 deg to 0 deg, full
saturation), the usual dose wash.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from pydicom.pixels import apply_color_lut

from viewer.core.numbers import fixed, percent
from viewer.model.fusion import FusionLayer, sample_plane
from viewer.presentation.corners import with_line
from viewer.presentation.scene import SliceScene, transform_image

PALETTE_UIDS = {"hot_iron": "1.2.840.10008.1.5.1", "pet": "1.2.840.10008.1.5.2"}
# Isodose lines from the hottest level down, as planning systems colour them.
ISODOSE_COLOURS = ((1.0, 0.0, 0.0), (1.0, 0.55, 0.0), (1.0, 1.0, 0.0), (0.0, 0.6, 1.0), (0.6, 0.2, 1.0))


@cache
def colour_table(name: str) -> np.ndarray:
    """256 x 3 uint8 entries, index 0 for the window's bottom."""
    if name in PALETTE_UIDS:
        return apply_color_lut(np.arange(256, dtype=np.uint8), palette=PALETTE_UIDS[name]).astype(np.uint8)
    if name == "rainbow":
        hues = np.linspace(2.0 / 3.0, 0.0, 256)
        return np.array([[round(255 * c) for c in colorsys.hsv_to_rgb(h, 1.0, 1.0)] for h in hues], np.uint8)
    ramp = np.arange(256, dtype=np.uint8)
    return np.stack([ramp, ramp, ramp], axis=1)


def table_index(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """The colour-map entry of each value: ``low`` -> 0, ``high`` and above -> 255, linear between."""
    span = max(high - low, 1e-12)
    return np.clip(np.rint((np.nan_to_num(values, nan=low) - low) / span * 255.0), 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class WashScene:
    """On the scene's pixel grid (display orientation): ``rgba`` (H x W x 4 uint8) drawn over the anatomy,
    ``values`` (H x W float32, NaN outside the layer) for the isodose lines and the value under the cursor,
    ``isolines``: (level, (r, g, b)) drawn as contours of ``values``."""

    rgba: np.ndarray
    values: np.ndarray
    isolines: tuple = ()
    unit: str = ""
    kind: str = "fusion"
    line_width: float = 2.0


_WASHES: dict = {}  # (id(values), look, kind) -> (values, WashScene): a re-render of the same plane and look
WASHES_KEPT = 12


def _wash(layer: FusionLayer, values: np.ndarray) -> WashScene:
    key = (id(values), layer.look, layer.kind, layer.unit)
    hit = _WASHES.get(key)
    if hit is not None and hit[0] is values:
        return hit[1]
    wash = _coloured(layer, values)
    if len(_WASHES) >= WASHES_KEPT:
        _WASHES.pop(next(iter(_WASHES)))
    _WASHES[key] = (values, wash)
    return wash


def _coloured(layer: FusionLayer, values: np.ndarray) -> WashScene:
    look = layer.look
    rgb = colour_table(look.colour_map)[table_index(values, look.low, look.high)]
    shown = np.isfinite(values) & (values > look.low) & look.colourwash
    alpha = np.where(shown, np.uint8(round(255 * min(max(look.opacity, 0.0), 1.0))), np.uint8(0))
    rgba = np.ascontiguousarray(np.concatenate([rgb, alpha[..., None]], axis=2))
    lines = tuple((level, ISODOSE_COLOURS[i % len(ISODOSE_COLOURS)]) for i, level in enumerate(look.isodoses))
    return WashScene(rgba, np.ascontiguousarray(values, dtype=np.float32), lines, layer.unit, layer.kind)


def wash_on_image(layer: FusionLayer | None, frame, state) -> WashScene | None:
    """The layer on a stack's frame: sampled on the frame's stored pixels, turned like the picture."""
    h = getattr(frame, "header", None)
    if layer is None or h is None or frame.stored is None or not h.position or not h.orientation:
        return None
    row_sp, col_sp = h.pixel_spacing or (1.0, 1.0)
    values = sample_plane(layer, h.position, h.orientation[:3], h.orientation[3:], frame.stored.shape[:2],
                          (col_sp, row_sp))
    return _wash(layer, transform_image(values, state.rotation, state.flip_h, state.flip_v))


def wash_on_plane(layer: FusionLayer | None, session, view: str, origin_offset, pixel_mm: float,
                  shape) -> WashScene | None:
    """The layer on an MPR plane as it was cut (``origin_offset``: in-plane mm of pixel (0, 0))."""
    if layer is None or origin_offset is None:
        return None
    plane = session.planes[view]
    vc = session.volume_center()
    first = vc + plane.normal * float(np.dot(session.center - vc, plane.normal)) \
        + plane.right * origin_offset[0] + plane.down * origin_offset[1]
    values = sample_plane(layer, first, plane.right, plane.down, shape[:2], (pixel_mm, pixel_mm))
    return _wash(layer, values)


def with_wash(scene: SliceScene, wash: WashScene | None, layer: FusionLayer | None = None) -> SliceScene:
    """The scene with its wash, when both lie on the same pixel grid (a picture that did not come cannot
    carry one), and the layer named in the top-right corner: what is laid over, its window and opacity."""
    if wash is None or scene.image is None or scene.image.shape[:2] != wash.values.shape:
        return scene
    corners = scene.corners
    if layer is not None and scene.overlays:
        corners = with_line(corners, "tr", caption(layer, scene.language))
    return replace(scene, wash=wash, corners=corners)


def caption(layer: FusionLayer, language: str) -> str:
    """"+ TEP FDG 0–5 SUVbw 50 %": the layer, its window in its unit, its opacity."""
    look = layer.look
    unit = f" {layer.unit}" if layer.unit else ""
    span = f"{fixed(look.low, 1, language)}–{fixed(look.high, 1, language)}{unit}"
    text = f"+ {layer.name} {span} {percent(look.opacity * 100.0, language)}".strip()
    if look.isodoses and layer.reference_gy > 0:  # "isodoses 95/80/50/20 % de 1,254 Gy"
        shares = "/".join(fixed(level / layer.reference_gy * 100.0, 0, language) for level in look.isodoses)
        of = "de" if language == "fr" else "of"
        sign = "\u00a0%" if language == "fr" else "%"
        text += f"\nisodoses {shares}{sign} {of} {fixed(layer.reference_gy, 3, language)}{unit}"
    return text


def value_under(scene: SliceScene | None, x_mm: float, y_mm: float) -> float | None:
    """The layer's value at scene millimetres (the nearest pixel of the wash), None outside it."""
    wash = getattr(scene, "wash", None) if scene is not None else None
    if wash is None:
        return None
    col, row = int(round(x_mm / scene.spacing[0])), int(round(y_mm / scene.spacing[1]))
    h, w = wash.values.shape
    if not (0 <= row < h and 0 <= col < w):
        return None
    v = float(wash.values[row, col])
    return v if np.isfinite(v) else None


def value_text(value: float | None, unit: str, language: str) -> str:
    """"SUVbw 4,21", "1,254 Gy"; "" without a value."""
    if value is None:
        return ""
    if unit == "SUVbw":
        return f"SUVbw {fixed(value, 2, language)}"
    if unit == "Gy":
        return f"{fixed(value, 3, language)} Gy"
    return f"{fixed(value, 1, language)} {unit}".rstrip()
