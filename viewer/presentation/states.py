"""Presentation states (GSPS): which one an image is shown through, and what it does to it: its VOI LUT
table and Presentation LUT Shape, its pixel proportions, its shutter, its turn and flip and where its
displayed area lands in a viewport (PS3.4 N.2). Its window is ``windows.presentation_voi``'s."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom.findings.displayed_area import DisplayedArea
from viewer.dicom.findings.records import Shutter, Source
from viewer.dicom.overlays import shutter_mask
from viewer.dicom.pixels import LUT, PixelDescriptor, Window, modality_range
from viewer.model.measure.drawing import to_display
from viewer.model.view_scale import mm_per_screen_pixel
from viewer.presentation.windows import presentation_voi


def presentation_shutter(shutter: Shutter | None, rows: int, columns: int) -> tuple[np.ndarray, int] | None:
    """(visible mask, display value) of a GSPS shutter on a rows x columns image, or None."""
    if shutter is None or not shutter.shapes:
        return None
    ds = Dataset()
    ds.ShutterShape = list(shutter.shapes)
    if shutter.rectangle is not None:
        left, right, upper, lower = shutter.rectangle
        ds.ShutterLeftVerticalEdge, ds.ShutterRightVerticalEdge = int(left), int(right)
        ds.ShutterUpperHorizontalEdge, ds.ShutterLowerHorizontalEdge = int(upper), int(lower)
    if shutter.circle is not None:
        row, col, radius = shutter.circle
        ds.CenterOfCircularShutter = [int(row), int(col)]
        ds.RadiusOfCircularShutter = int(radius)
    if shutter.polygon:
        ds.VerticesOfThePolygonalShutter = [int(v) for point in shutter.polygon for v in point]
    mask = shutter_mask(ds, rows, columns)
    if mask is None:
        return None
    if shutter.bitmap is not None:
        mask &= ~_placed(shutter.bitmap, shutter.bitmap_origin, rows, columns)
    return mask, int(round(shutter.presentation_value * 255 / 65535))


def _placed(bitmap: np.ndarray, origin: tuple[int, int], rows: int, columns: int) -> np.ndarray:
    """The overlay bitmap on the image grid; parts outside the image are dropped (C.9.2.1.1 allows it)."""
    out = np.zeros((rows, columns), dtype=bool)
    r0, c0 = origin
    h, w = bitmap.shape
    rs, cs = max(0, -r0), max(0, -c0)
    re, ce = min(h, rows - r0), min(w, columns - c0)
    if re > rs and ce > cs:
        out[r0 + rs : r0 + re, c0 + cs : c0 + ce] = bitmap[rs:re, cs:ce]
    return out


def with_voi_lut(desc: PixelDescriptor, lut: LUT) -> PixelDescriptor:
    """The image's descriptor with a presentation state's VOI LUT table in place of its own VOI.

    A LUT Descriptor's first mapped value is read unsigned; it is the signed value when the image's
    modality values can be negative (CT: -1024 is written as 64512)."""
    if lut.first_mapped >= 32768 and modality_range(desc)[0] < 0:
        lut = replace(lut, first_mapped=lut.first_mapped - 65536)
    return replace(desc, voi_luts=(lut,), windows=())


def with_presentation_shape(desc: PixelDescriptor, shape: str) -> PixelDescriptor:
    """The descriptor shown through a presentation state's Presentation LUT Shape: a GSPS replaces the
    image's own inversion (MONOCHROME1 is meant to come with INVERSE there, PS3.4 N.2.1.1), so the
    shape alone decides whether low values are white. An absent or unknown shape changes nothing."""
    shape = (shape or "").strip().upper()
    if shape not in ("IDENTITY", "INVERSE"):
        return desc
    if desc.photometric == "MONOCHROME2" and desc.presentation_lut_shape == shape:
        return desc
    return replace(desc, photometric="MONOCHROME2", presentation_lut_shape=shape)


@dataclass(frozen=True)
class PresentedView:
    """Where a presentation state puts its image in a viewport, in ``ViewportState`` terms."""

    rotation: int = 0  # quarter turns clockwise (Cauri's order: rotate, then flip)
    flip_h: bool = False
    flip_v: bool = False
    zoom: float = 1.0
    pan: tuple[float, float] = (0.0, 0.0)
    note: str = ""  # "true size unknown" when TRUE SIZE fell back to scaling to fit


def displayed_view(
    area: DisplayedArea | None,
    transform: tuple[int, bool, bool],
    shape: tuple[int, int],
    spacing: tuple[float, float] | None,
    viewport: tuple[int, int],
    fit_mm_per_px: float,
    screen_mm_per_px: float | None,
    display: tuple[float, float] | None = None,
) -> PresentedView:
    """The zoom and pan that show ``area`` of a rows x columns image as its Presentation Size Mode says.

    ``transform``: the state's (rotation, flip_h, flip_v); ``spacing``: the image's (row, column) mm,
    None when uncalibrated (the scene then counts pixels); ``viewport``: device pixels; ``fit_mm_per_px``:
    scene mm per device pixel at zoom 1 for the transformed image (the renderer's fit);
    ``screen_mm_per_px``: the physical size of a device pixel, None when the screen does not say;
    ``display``: the scene's (row, column) units of a stored pixel when a pixel aspect makes them differ
    from ``spacing`` (``scene.display_spacing``). The area's centre goes to the viewport's centre (the
    whole area shows when it fits)."""
    rotation, flip_h, flip_v = transform
    rows, cols = shape
    if area is None:
        return PresentedView(rotation, flip_h, flip_v)
    row_sp, col_sp = display or spacing or (1.0, 1.0)
    sx, sy = (row_sp, col_sp) if rotation % 2 else (col_sp, row_sp)  # scene mm along display x, y
    left, top, right, bottom = area.corner_box()
    corners = [to_display(p, shape, rotation, flip_h, flip_v) for p in ((left, top), (right, bottom))]
    (x0, y0), (x1, y1) = corners
    width_mm, height_mm = abs(x1 - x0) * sx, abs(y1 - y0) * sy
    w, h = (rows, cols) if rotation % 2 else (cols, rows)
    pan = (((x0 + x1) / 2.0 - w / 2.0) * sx, ((y0 + y1) / 2.0 - h / 2.0) * sy)
    vw, vh = viewport
    mm_per_px, note = max(width_mm / max(vw, 1), height_mm / max(vh, 1)), ""
    if area.mode == "MAGNIFY":
        # "Specified in one dimension": along the pixels' shorter side, as the reader's 1:1 (one stored
        # pixel per screen pixel at ratio 1); square pixels make it either.
        mm_per_px = min(sx, sy) / area.magnification
    elif area.mode == "TRUE SIZE":
        true = area.pixel_spacing or spacing  # physical (row, column) mm of a stored pixel
        if true is None or not screen_mm_per_px:
            note = "true size unknown"
        else:
            true_y = true[1] if rotation % 2 else true[0]
            mm_per_px = sy * screen_mm_per_px / true_y
    return PresentedView(rotation, flip_h, flip_v, fit_mm_per_px / mm_per_px, pan, note)


# ----------------------------------------------------------------- which state shows an image, and how


def states_for(states, sop_uid: str, chosen: str | None = None) -> list:
    """The presentation states that reference image ``sop_uid``, the one it is shown through first: the
    state picked by the reader (``chosen``, a SOP Instance UID), else the latest by creation date and time
    (among equals, the last in ``states``: file and cache order say nothing of which is newer)."""
    dated = sorted(states, key=lambda ps: ps.created)
    found = [ps for ps in reversed(dated) if any(i.sop_uid == sop_uid for i in ps.images)]
    picked = [ps for ps in found if ps.sop_uid == chosen]
    return picked + [ps for ps in found if ps not in picked]


def presentation_aspect(area: DisplayedArea | None) -> tuple[float, float] | None:
    """The (vertical, horizontal) pixel proportions a displayed area shows its image with (PS3.3 C.10.4),
    None to keep the image's own. Presentation Pixel Spacing gives them when present, else Presentation
    Pixel Aspect Ratio. A 1:1 ratio keeps the image's own proportions: writers put it as a default
    whatever the image (highdicom always does), and squashing an MR with 0.5 x 1 mm pixels would be worse
    than trusting its Pixel Spacing; any other ratio was meant and wins (as Weasis does)."""
    if area is None:
        return None
    if area.pixel_spacing is not None:
        return area.pixel_spacing
    if area.aspect_ratio is not None and area.aspect_ratio[0] != area.aspect_ratio[1]:
        return area.aspect_ratio
    return None


def presented_frame(frame, ps, ref, windowed_by_reader: bool):
    """``frame`` as ``ps`` shows it: its VOI LUT table as the VOI (unless the reader windowed by hand), its
    Presentation LUT Shape in place of the image's photometric inversion, and its pixel proportions
    (display only: measurements keep the image's calibration)."""
    if frame is None or frame.header is None:
        return frame
    header = frame.header
    aspect = presentation_aspect(ps.area_for(ref)) if ps is not None and ref is not None else None
    if aspect is not None:
        header = replace(header, pixel_aspect=aspect)
    desc = header.descriptor
    if not desc.is_color:
        voi = presentation_voi(ps, ref) if not windowed_by_reader else None
        if voi is not None and not isinstance(voi, Window):
            desc = with_voi_lut(desc, voi)
        if ps is not None:
            desc = with_presentation_shape(desc, ps.presentation_lut_shape)
    if desc is not header.descriptor:
        header = replace(header, descriptor=desc)
    return frame if header is frame.header else replace(frame, header=header)


def presented_shutter(ps, frame) -> tuple[np.ndarray, int] | None:
    """The state's shutter on ``frame``'s stored grid, or None."""
    if ps is None or frame is None or frame.stored is None:
        return None
    return presentation_shutter(ps.shutter, *frame.stored.shape[:2])


def in_presentation(m, ps) -> bool:
    """A presentation state's annotations belong to it: they show when the image is shown through it, not
    stacked with every other state's; other measurements (Cauri's own, SR) always show."""
    return m.source != Source.GSPS or (ps is not None and m.source_uid == ps.sop_uid)


def seen_through(state, ps):
    """``state`` for an image shown through ``ps``: the state's Presentation LUT Shape says black or white
    (``presented_frame``), so a modality's opening inversion (PET) would turn it over; only the reader's
    own I still inverts. Without a state, ``state`` as it is."""
    if ps is None:
        return state
    return replace(state, invert=state.invert != state.invert_default)


def placed(state, ps, ref, frame, build, viewport: tuple[int, int], screen_mm_per_px):
    """(state, scene, note): the image placed as ``ps`` says (turn, flip, then its displayed area in the
    viewport, PS3.4 N.2); without a state, upright and fitted. ``build(state)`` makes the scene; it runs
    again only when the placement changes the zoom or pan. ``viewport``: its (width, height) in device
    pixels; ``screen_mm_per_px``: the physical size of one, None when the screen does not say; ``note``:
    "true size unknown" when TRUE SIZE fell back to scaling to fit."""
    transform = ps.viewport_transform() if ps is not None else (0, False, False)
    state = replace(state, rotation=transform[0], flip_h=transform[1], flip_v=transform[2])
    scene = build(state)
    if scene.image is None or frame is None or frame.header is None or frame.stored is None:
        return state, scene, ""
    # The scene's own units of a stored pixel (a pixel aspect may stretch its rows), back before the turn.
    sx, sy = scene.spacing
    display = (sx, sy) if transform[0] % 2 else (sy, sx)
    fit_mm_per_px = mm_per_screen_pixel(scene.image.shape, scene.spacing, 1.0, viewport)
    view = displayed_view(ps.area_for(ref) if ps is not None else None, transform, frame.stored.shape[:2],
                          frame.header.pixel_spacing, viewport, fit_mm_per_px, screen_mm_per_px, display)
    if abs(view.zoom - state.zoom) > 1e-9 or view.pan != state.pan:
        state = replace(state, zoom=view.zoom, pan=view.pan)
        scene = build(state)
    return state, scene, view.note
