"""A presentation state's Displayed Area Selection (PS3.3 C.10.4): which part of the image fills the
display, and at what size.

Corners are kept as the file gives them (1-based column, row of the stored image, before the spatial
transformation; they may lie outside the image, the rest is shown black). ``pixel_spacing`` is the
Presentation Pixel Spacing (row, column mm) when given: the size TRUE SIZE means, whatever the image says.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset

from viewer.core.messages import msg

MODES = ("SCALE TO FIT", "TRUE SIZE", "MAGNIFY")


@dataclass(frozen=True)
class DisplayedArea:
    top_left: tuple[float, float]  # (column, row), 1-based, of the pixel shown top-left after transformation
    bottom_right: tuple[float, float]
    mode: str = "SCALE TO FIT"
    magnification: float = 1.0  # MAGNIFY: screen pixels per image pixel
    pixel_spacing: tuple[float, float] | None = None
    aspect_ratio: tuple[float, float] | None = None  # (vertical, horizontal) when there is no spacing

    def corner_box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in stored pixel corner coordinates: the two corner pixels included."""
        (c0, r0), (c1, r1) = self.top_left, self.bottom_right
        return min(c0, c1) - 1.0, min(r0, r1) - 1.0, max(c0, c1), max(r0, r1)


def _pair(item: Dataset, keyword: str):
    value = item.get(keyword)
    try:
        pair = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return pair if len(pair) == 2 else None


def read_area(item: Dataset) -> tuple[DisplayedArea | None, str]:
    """One Displayed Area Selection item -> (area, note); the note says why an item is not used."""
    tl, br = _pair(item, "DisplayedAreaTopLeftHandCorner"), _pair(item, "DisplayedAreaBottomRightHandCorner")
    if tl is None or br is None:
        return None, msg("a displayed area without its two corners is not applied")
    if tl[0] == br[0] or tl[1] == br[1]:
        return None, msg("an empty displayed area is not applied")
    mode = str(item.get("PresentationSizeMode", "SCALE TO FIT") or "SCALE TO FIT").strip().upper()
    note = ""
    if mode not in MODES:
        mode, note = "SCALE TO FIT", msg("presentation size mode {mode} unknown: scaled to fit", mode=mode)
    magnification = 1.0
    if mode == "MAGNIFY":
        try:
            magnification = float(item.get("PresentationPixelMagnificationRatio"))
        except (TypeError, ValueError):
            magnification = 0.0
        if not magnification > 0:
            mode, magnification, note = "SCALE TO FIT", 1.0, msg("a MAGNIFY displayed area without a valid ratio: scaled to fit")
    spacing = _pair(item, "PresentationPixelSpacing")
    if spacing is not None and min(spacing) <= 0:
        spacing = None
    aspect = _pair(item, "PresentationPixelAspectRatio")
    if aspect is not None and min(aspect) <= 0:
        aspect = None
    return DisplayedArea(tl, br, mode, magnification, spacing, aspect), note
