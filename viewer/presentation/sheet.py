"""A film sheet (N x M images, patient banner, scale stated) as geometry and rules, without a toolkit:
where each image goes on the page in millimetres, and whether an image may be printed at true size.

True size is for orthopaedic templating: 10 mm in the patient must be 10 mm on paper. It needs the size of a
pixel in the patient. Pixel Spacing (CT, MR, a corrected projection image) gives it; Imager Pixel Spacing
gives the size at the detector, larger than the patient by the geometric magnification, so it is only
accepted when the file states that magnification (Estimated Radiographic Magnification Factor: the
calibration then says ``ImagerPixelSpacing/ERMF``). Anything else is refused, and the sheet says why, rather
than printing a templating ruler that lies by 10 to 20 %.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.messages import Message, msg
from viewer.model.view_scale import fit_half_height

A4_MM = (210.0, 297.0)


@dataclass(frozen=True)
class Sheet:
    rows: int = 2
    cols: int = 2
    page_mm: tuple[float, float] = A4_MM
    margin_mm: float = 10.0
    banner_mm: float = 14.0  # the patient banner at the top
    footer_mm: float = 10.0  # the scale statement at the bottom
    gap_mm: float = 2.0

    @property
    def per_page(self) -> int:
        return self.rows * self.cols

    def cells(self) -> list[tuple[float, float, float, float]]:
        """(x, y, width, height) of each image in mm from the page's top-left, row by row."""
        w, h = self.page_mm
        top = self.margin_mm + self.banner_mm
        area_w = w - 2 * self.margin_mm
        area_h = h - top - self.margin_mm - self.footer_mm
        cw = (area_w - (self.cols - 1) * self.gap_mm) / self.cols
        ch = (area_h - (self.rows - 1) * self.gap_mm) / self.rows
        return [(self.margin_mm + c * (cw + self.gap_mm), top + r * (ch + self.gap_mm), cw, ch)
                for r in range(self.rows) for c in range(self.cols)]

    def pages(self, indices: list[int]) -> list[list[int]]:
        return [indices[i:i + self.per_page] for i in range(0, len(indices), self.per_page)] or [[]]


def true_size_refusal(header) -> Message | None:
    """Why ``header`` (a ``FrameHeader``) cannot be printed at true size, or None when it can."""
    if header is None or not header.pixel_spacing or not all(s > 0 for s in header.pixel_spacing):
        return msg("true size refused: the pixel spacing is unknown")
    if header.spacing_source == "PixelSpacing":
        return None
    if header.spacing_source == "ImagerPixelSpacing" and str(header.calibration).startswith("ImagerPixelSpacing/ERMF"):
        return None
    if header.spacing_source == "ImagerPixelSpacing":
        return msg("true size refused: only Imager Pixel Spacing (at the detector), and no magnification factor "
                   "is stated")
    return msg("true size refused: the pixel size is not known in the patient ({source})",
               source=header.spacing_source or "?")


def true_size_zoom(image_shape, spacing, viewport, pixels_per_mm: float) -> float:
    """The view state's zoom (relative to fit) at which one mm of the patient covers ``pixels_per_mm``
    device pixels of a ``viewport`` (width, height): the inverse of ``view_scale.mm_per_screen_pixel``."""
    return 2.0 * fit_half_height(image_shape, spacing, viewport) * pixels_per_mm / max(1, int(viewport[1]))
