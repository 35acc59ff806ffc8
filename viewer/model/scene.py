"""From viewport state + decoded frame to a render-ready scene (pixels, texts, markers).

Everything that decides *what* a viewport shows lives here, so the GUI and the headless
``cauri render`` produce the same picture through the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.core.messages import in_language, msg
from viewer.core.numbers import colon, fixed, is_finite, percent, trimmed, window_value
from viewer.core.numbers import format_date as format_date  # noqa: PLC0414 (re-exported: browser, tests)
from viewer.dicom.geometry import orientation_label
from viewer.dicom.pixels import (
    Window,
    apply_shutter,
    burn_overlays,
    default_window,
    render_display,
)
from viewer.model.frames import LoadedFrame
from viewer.model.view_scale import magnification
from viewer.model.viewport import ViewportState

LABELS = {
    "fr": {
        "image": "Im",
        "thickness": "Ép.",
        "position": "Pos.",
        "width": "Larg.",
        "level": "Niv.",
        "zoom": "Zoom",
        "uncalibrated": "non calibré (px)",
        "series": "Série",
        "loading": "Chargement…",
        "empty": "Glisser une série ici",
        "cannot": "Image illisible",
        "inverted": "inversé",
        "imager": "calibration détecteur",
        "slab": "Épaisseur",
        "axial": "Axial",
        "coronal": "Coronal",
        "sagittal": "Sagittal",
        "oblique": "oblique",
        "filling": "chargement",
    },
    "en": {
        "image": "Im",
        "thickness": "Th.",
        "position": "Pos.",
        "width": "W",
        "level": "L",
        "zoom": "Zoom",
        "uncalibrated": "uncalibrated (px)",
        "series": "Series",
        "loading": "Loading…",
        "empty": "Drop a series here",
        "cannot": "Cannot display image",
        "inverted": "inverted",
        "imager": "detector calibration",
        "slab": "Slab",
        "axial": "Axial",
        "coronal": "Coronal",
        "sagittal": "Sagittal",
        "oblique": "oblique",
        "filling": "loading",
    },
}


@dataclass(frozen=True)
class PatientContext:
    """Study/series facts for the overlay corners (from the cache index, not re-read per frame)."""

    patient_name: str = ""
    patient_id: str = ""
    birth_date: str = ""
    sex: str = ""
    study_date: str = ""
    study_time: str = ""
    study_description: str = ""
    series_number: int | None = None
    series_description: str = ""
    modality: str = ""


@dataclass(frozen=True)
class SliceScene:
    image: np.ndarray | None  # uint8, H x W or H x W x 3, already rotated/flipped, C-contiguous
    spacing: tuple[float, float] = (1.0, 1.0)  # mm per pixel along display x and y
    calibrated: bool = False
    zoom: float = 1.0
    pan: tuple[float, float] = (0.0, 0.0)
    corners: dict = field(default_factory=dict)  # tl, tr, bl, br -> multi-line plain text
    markers: dict = field(default_factory=dict)  # left, right, top, bottom -> "L", "RA", ...
    overlays: bool = True
    message: str = ""
    window: Window | None = None  # the window actually applied
    # Lines drawn over the image (crosshair, reference lines), in image mm from pixel (0, 0):
    # (x0, y0, x1, y1, (r, g, b)).
    lines: tuple = ()
    # Text placed on the image (measurement values, annotations), display mm: (x, y, text, (r, g, b)).
    labels: tuple = ()
    language: str = "fr"  # of the texts the renderer adds (the scale bar's length)


def format_name(pn: str) -> str:
    parts = [p for p in str(pn).split("=")[0].split("^")]
    family, given = (parts + ["", ""])[:2]
    return " ".join(p for p in (family.strip(), given.strip(), *[x.strip() for x in parts[2:4]]) if p)


def _window_text(window, suv_factor: float | None, words: dict, language: str) -> str:
    """The window in the corner: width and level, or for a PET with SUV the SUV range it shows, the way
    PET is read ("SUV 0-5"), not in Bq/ml."""
    if window is None:
        return ""
    if suv_factor:
        lo, hi = ((window.center + k * window.width / 2.0) * suv_factor for k in (-1, 1))
        return f"SUV {fixed(lo, 1, language)} – {fixed(hi, 1, language)}"
    return f"{words['width']} {window_value(window.width, language)}  {words['level']} {window_value(window.center, language)}"


def _zoom_text(state: ViewportState, image, spacing, viewport, words: dict, language: str) -> str:
    """The real magnification (screen pixels per image pixel), which needs the viewport's size: a scene
    built without one (a test, a thumbnail) says nothing rather than a figure that is not on screen."""
    if viewport is None or image is None:
        return ""
    return f"{words['zoom']} {percent(100.0 * magnification(state.zoom, image.shape, spacing, viewport), language)}"


def display_directions(orientation, rotation: int, flip_h: bool, flip_v: bool):
    """Patient directions pointing to the screen's right and down after rotation and flips."""
    right = np.asarray(orientation[:3], float)
    down = np.asarray(orientation[3:], float)
    for _ in range(rotation % 4):
        right, down = -down, right
    if flip_h:
        right = -right
    if flip_v:
        down = -down
    return right, down


def edge_markers(right, down) -> dict:
    """Orientation letters at the four screen edges, from the patient directions of screen right and down."""
    right, down = np.asarray(right, float), np.asarray(down, float)
    return {
        "left": orientation_label(-right),
        "right": orientation_label(right),
        "top": orientation_label(-down),
        "bottom": orientation_label(down),
    }


def transform_image(img: np.ndarray, rotation: int, flip_h: bool, flip_v: bool) -> np.ndarray:
    out = np.rot90(img, k=-(rotation % 4)) if rotation % 4 else img
    if flip_h:
        out = out[:, ::-1]
    if flip_v:
        out = out[::-1]
    return np.ascontiguousarray(out)


@dataclass(frozen=True)
class ReferencePlane:
    """Another viewport's image plane, for the reference line it makes on this one."""

    frame_of_reference: str
    position: tuple[float, float, float]
    orientation: tuple[float, ...]
    color: tuple[float, float, float] = (1.0, 0.85, 0.2)


def frame_plane(frame: LoadedFrame | None, color=(1.0, 0.85, 0.2)) -> ReferencePlane | None:
    h = frame.header if frame is not None else None
    if h is None or not h.position or not h.orientation or not h.frame_of_reference:
        return None
    return ReferencePlane(h.frame_of_reference, tuple(h.position), tuple(h.orientation), color)


def _display_point(col: float, row: float, w: int, h: int, rotation: int, flip_h: bool, flip_v: bool):
    """Pixel (col, row) of the stored image -> (col, row) after the same rot90/flips as transform_image."""
    for _ in range(rotation % 4):
        col, row, w, h = h - 1 - row, col, h, w
    if flip_h:
        col = w - 1 - col
    if flip_v:
        row = h - 1 - row
    return col, row


def _clip_segment(p0, p1, w: int, h: int):
    """Liang-Barsky clipping of a segment (pixel coordinates) to the image rectangle."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0), (dx, (w - 1) - x0), (-dy, y0), (dy, (h - 1) - y0)):
        if abs(p) < 1e-12:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (x0 + t0 * dx, y0 + t0 * dy), (x0 + t1 * dx, y0 + t1 * dy)


def reference_lines(frame: LoadedFrame, state: ViewportState, references, image_shape, spacing) -> list:
    """Where the other viewports' planes cut this image, as scene lines (display mm)."""
    h = frame.header
    if not references or h is None or not h.position or not h.orientation or not h.frame_of_reference:
        return []
    rows, cols = frame.stored.shape[:2]
    row_sp, col_sp = h.pixel_spacing or (1.0, 1.0)
    origin = np.asarray(h.position, float)
    r, c = np.asarray(h.orientation[:3], float), np.asarray(h.orientation[3:], float)
    n = np.cross(r, c)
    out = []
    for ref in references:
        if ref is None or ref.frame_of_reference != h.frame_of_reference:
            continue
        m = np.cross(ref.orientation[:3], ref.orientation[3:])
        d = np.cross(n, m)
        if np.linalg.norm(d) < 1e-3:  # parallel planes never cross
            continue
        # A point on both planes: least-norm solution of n.x = n.origin, m.x = m.ref_position.
        A = np.vstack([n, m])
        b = np.array([n @ origin, m @ np.asarray(ref.position, float)])
        point = np.linalg.lstsq(A, b, rcond=None)[0]
        ends = []
        for t in (-1e4, 1e4):
            x = point + d / np.linalg.norm(d) * t - origin
            ends.append(((x @ r) / col_sp, (x @ c) / row_sp))  # (col, row) in stored pixels
        clipped = _clip_segment(ends[0], ends[1], cols, rows)
        if clipped is None:
            continue
        (c0, r0), (c1, r1) = (
            _display_point(cc, rr, cols, rows, state.rotation, state.flip_h, state.flip_v) for cc, rr in clipped
        )
        out.append((c0 * spacing[0], r0 * spacing[1], c1 * spacing[0], r1 * spacing[1], ref.color))
    return out


def display_spacing(header) -> tuple[float, float]:
    """(row, column) scene units of one stored pixel: its mm when calibrated, else 1 per column. A pixel
    aspect (the image's Pixel Aspect Ratio, or its presentation state's) sets the rows' proportion to the
    columns, so a round object shows round; the column keeps its mm, which the scale bar measures along."""
    row_sp, col_sp = header.pixel_spacing or (1.0, 1.0)
    aspect = header.pixel_aspect
    if aspect is not None:
        row_sp = col_sp * aspect[0] / aspect[1]
    return row_sp, col_sp


def effective_window(state: ViewportState, frame: LoadedFrame) -> Window | None:
    if frame.header is None or frame.header.descriptor.is_color:
        return None
    return state.window or default_window(frame.header.descriptor, frame.stored, frame.header.suv_factor)


def build_scene(
    state: ViewportState,
    frame: LoadedFrame | None,
    context: PatientContext,
    language: str = "fr",
    references=(),
    shutter=None,
    viewport: tuple[int, int] | None = None,
) -> SliceScene:
    """``shutter``: (mask, value) from a presentation state; it replaces the image's own shutter.
    ``viewport``: the (width, height) in device pixels it is drawn at, for the real magnification."""
    words = LABELS.get(language, LABELS["fr"])
    if state.display_set is None:
        return SliceScene(None, message=words["empty"], overlays=state.overlays, language=language)
    if frame is None:
        return SliceScene(None, message=words["loading"], overlays=state.overlays, language=language)
    if frame.stored is None or frame.header is None:
        return SliceScene(None, message=words["cannot"] + colon(language) + in_language(frame.error, language),
                          overlays=state.overlays, language=language)

    header = frame.header
    window = effective_window(state, frame)
    if state.window is None and header.descriptor.voi_luts and not header.descriptor.windows:
        window = None  # the image's (or its presentation state's) VOI LUT table, until windowed by hand
    pixels = render_display(frame.stored, header.descriptor, window, invert=state.invert)
    shutter = shutter or header.shutter
    if shutter is not None and shutter[0].shape == pixels.shape[:2]:
        pixels = apply_shutter(pixels, shutter[0], shutter[1])
    if header.overlays and state.overlays:
        pixels = burn_overlays(pixels, header.overlays)
    image = transform_image(pixels, state.rotation, state.flip_h, state.flip_v)

    calibrated = header.pixel_spacing is not None
    row_sp, col_sp = display_spacing(header)
    sx, sy = (row_sp, col_sp) if state.rotation % 2 else (col_sp, row_sp)

    markers = {}
    if header.orientation:
        markers = edge_markers(*display_directions(header.orientation, state.rotation, state.flip_h, state.flip_v))

    corners = _corners(state, frame, context, window, calibrated, words, language,
                       _zoom_text(state, image, (sx, sy), viewport, words, language))
    return SliceScene(
        image=image,
        spacing=(sx, sy),
        calibrated=calibrated,
        zoom=state.zoom,
        pan=state.pan,
        corners=corners,
        markers=markers,
        overlays=state.overlays,
        window=window,
        lines=tuple(reference_lines(frame, state, references, image.shape, (sx, sy))) if state.overlays else (),
        language=language,
    )


def _corners(state, frame, ctx: PatientContext, window, calibrated, words, language, zoom: str) -> dict:
    header = frame.header
    birth = format_date(ctx.birth_date, language)
    tl = [format_name(ctx.patient_name), ctx.patient_id, " ".join(x for x in (birth, ctx.sex) if x)]
    series = " ".join(
        x for x in (f"{words['series']} {ctx.series_number}" if ctx.series_number is not None else "",
                    in_language(ctx.series_description, language)) if x  # a split stack's name: "écho 2"
    )
    tr = [
        ctx.study_description,
        " ".join(x for x in (format_date(ctx.study_date, language), _time(ctx.study_time)) if x),
        series,
    ]
    bl = [f"{words['image']} {state.index + 1}/{state.count}"]
    if header.position and header.orientation:
        normal = np.cross(header.orientation[:3], header.orientation[3:])
        bl.append(f"{words['position']} {fixed(float(np.dot(header.position, normal)), 1, language)} mm")
    if is_finite(header.slice_thickness) and header.slice_thickness > 0:
        bl.append(f"{words['thickness']} {trimmed(header.slice_thickness, language)} mm")
    br = [_window_text(window, header.suv_factor, words, language)]
    if state.invert:
        br.append(words["inverted"])
    br.append(zoom)
    if not calibrated:
        br.append(words["uncalibrated"])
    elif header.spacing_source == "ImagerPixelSpacing":
        br.append(words["imager"])
    return {k: "\n".join(x for x in v if x) for k, v in (("tl", tl), ("tr", tr), ("bl", bl), ("br", br))}


def _time(t: str) -> str:
    t = (t or "").strip()
    return f"{t[0:2]}:{t[2:4]}" if len(t) >= 4 and t[:4].isdigit() else ""


PLANE_COLORS = {"axial": (1.0, 0.35, 0.35), "coronal": (0.35, 1.0, 0.35), "sagittal": (0.45, 0.65, 1.0)}


def plane_window(state: ViewportState, volume) -> Window:
    """The window an MPR plane is shown with: the viewport's, else the volume's own opening window (its
    middle slice's, not the first slice's, which on a sagittal series is mostly air)."""
    return state.window or volume.opening_window


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

    base = {"axial": (0, 0, 1), "coronal": (0, 1, 0), "sagittal": (1, 0, 0)}.get(view)
    oblique = base is not None and abs(abs(float(np.dot(plane.normal, base))) - 1.0) > 1e-3
    title = words.get(view, view) + (f" ({words['oblique']})" if oblique else "")
    tl = [format_name(context.patient_name), context.patient_id]
    tr = [context.study_description, in_language(context.series_description, language)]
    bl = [title]
    if session.slab_mm > 0:
        bl.append(f"{words['slab']} {trimmed(session.slab_mm, language)} mm {session.slab_mode.upper().replace('MINIP', 'MinIP').replace('AVG', 'Moy' if language == 'fr' else 'Avg')}")
    bl.append(f"{words['position']} {fixed(float(np.dot(session.center, plane.normal)), 1, language)} mm")
    if not volume.complete:
        bl.append(f"{words['filling']} {int(volume.filled.sum())}/{len(volume.filled)}")
    if getattr(volume, "resampled_note", ""):
        bl.append("! " + in_language(volume.resampled_note, language))
    br = [_window_text(window, getattr(volume, "suv_factor", None), words, language),
          _zoom_text(state, image, (pixel_mm, pixel_mm), viewport, words, language)]
    corners = {k: "\n".join(x for x in v if x) for k, v in (("tl", tl), ("tr", tr), ("bl", bl), ("br", br))}
    image, labels = _missing_slices(image, session, view, origin_offset, pixel_mm, language)
    return SliceScene(
        image=np.ascontiguousarray(image),
        spacing=(pixel_mm, pixel_mm),
        calibrated=True,
        zoom=state.zoom,
        pan=state.pan,
        corners=corners,
        markers=markers,
        overlays=state.overlays,
        window=window,
        lines=tuple(lines) if state.overlays else (),
        labels=labels,
        language=language,
    )


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
