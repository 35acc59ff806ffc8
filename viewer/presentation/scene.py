"""What a viewport draws (``SliceScene``) and the geometry of the picture: the pixels turned and flipped as
the view says, the patient directions at its edges, where other views' planes cut it, a pixel's proportions.

Plain data and arithmetic (numpy), no decision about how an image looks: those are the sibling modules'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.dicom.geometry import orientation_label
from viewer.dicom.pixels import Window
from viewer.model.frames import LoadedFrame
from viewer.model.viewport import ViewportState


@dataclass(frozen=True)
class SliceScene:
    image: np.ndarray | None  # uint8, H x W or H x W x 3, already rotated/flipped (may be a strided view)
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
    # How many of ``lines``, from the first, are guides (crosshair, reference lines): they stop short of the
    # orientation letters; the findings' lines after them are drawn whole.
    guides: int = 0
    # A scalar layer washed over the image (fused PET, RT Dose with its isodose lines): a
    # ``presentation.wash_layers.WashScene`` on the image's pixel grid, drawn by ``render.wash_draw``.
    wash: object = None


def view_scene(state: ViewportState, image: np.ndarray, spacing, calibrated: bool, corners: dict, markers: dict,
               window: Window | None, lines, language: str, labels=()) -> SliceScene:
    """The scene of ``image`` in a view of ``state``: its zoom and pan, and its lines only while the
    overlays show."""
    # No copy into a packed array: the renderer packs what it draws, after shrinking a big image (packing a
    # flipped 4,000 x 3,300 mammogram here cost 70 ms of the window's thread before its first image).
    return SliceScene(image=image, spacing=spacing, calibrated=calibrated, zoom=state.zoom,
                      pan=state.pan, corners=corners, markers=markers, overlays=state.overlays, window=window,
                      lines=tuple(lines) if state.overlays else (), labels=tuple(labels), language=language,
                      guides=len(lines) if state.overlays else 0)


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
    # A view, not a copy: the renderer packs what it draws after shrinking it, and copying a flipped 4,000 x
    # 3,300 mammogram here cost 30-40 ms of the window's thread before the first image.
    return out


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


def placed_plane(plane: ReferencePlane, placement, frame_of_reference: str) -> ReferencePlane:
    """``plane`` carried into another Frame of Reference by a rigid ``placement`` (4x4, points of the plane's
    frame to ``frame_of_reference``'s: an accepted registration of a prior, or the reader's "sync here")."""
    m = np.asarray(placement, float).reshape(4, 4)
    position = m[:3, :3] @ np.asarray(plane.position, float) + m[:3, 3]
    row, col = (m[:3, :3] @ np.asarray(v, float) for v in (plane.orientation[:3], plane.orientation[3:]))
    return ReferencePlane(frame_of_reference, tuple(float(v) for v in position),
                          tuple(float(v) for v in (*row, *col)), plane.color)


def _display_point(col: float, row: float, w: int, h: int, rotation: int, flip_h: bool, flip_v: bool):
    """Pixel (col, row) of the stored image -> (col, row) after the same rot90/flips as transform_image."""
    for _ in range(rotation % 4):
        col, row, w, h = h - 1 - row, col, h, w
    if flip_h:
        col = w - 1 - col
    if flip_v:
        row = h - 1 - row
    return col, row


def clip_segment(x0, y0, x1, y1, xmin, xmax, ymin, ymax):
    """Liang-Barsky: the part of a segment inside a rectangle, (x0, y0, x1, y1), or None."""
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - xmin), (dx, xmax - x0), (-dy, y0 - ymin), (dy, ymax - y0)):
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
    return x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy


def _clip_segment(p0, p1, w: int, h: int):
    """A segment (pixel coordinates) clipped to the image rectangle, as two points, or None."""
    inside = clip_segment(p0[0], p0[1], p1[0], p1[1], 0, w - 1, 0, h - 1)
    return None if inside is None else (inside[:2], inside[2:])


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
