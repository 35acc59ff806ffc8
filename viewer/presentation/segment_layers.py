"""Segments drawn over a picture: each visible segment filled in its colour at its opacity and outlined in
full colour, wherever the view's pixels fall inside it.

A view's pixels are points in the patient (its plane: where pixel (0, 0) lies, the directions of its rows
and columns, the spacing); each is looked up on the segmentation's own slices (nearest slice within half a
slice, nearest pixel), so the same code draws a SEG on the slice it was made on, on another series of its
Frame of Reference, and on an oblique MPR plane. The outline is the segment's own boundary pixels on the
view's grid (inside, with a 4-neighbour outside), one display pixel wide.

RT Structure Set contours that lie on a 2-D image's plane are also drawn as their polylines (``contour_lines``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from viewer.presentation.scene import _display_point, transform_image

OUTLINE_LEVEL = 128  # of 255: a fractional segment's outline is drawn at half its fraction


def sample(grid, origin, right, down, spacing: tuple[float, float], shape: tuple[int, int],
           shown=None) -> np.ndarray:
    """(segments, rows, cols) uint8: ``grid``'s masks at the pixels of a plane whose pixel (r, c) lies at
    ``origin + c * spacing[1] * right + r * spacing[0] * down``; ``shown[s]`` False: segment s left empty."""
    rows, cols = shape
    out = np.zeros((len(grid.parts), rows, cols), np.uint8)
    if not any(part is not None for part in grid.parts):
        return out
    origin, right, down = (np.asarray(v, float) for v in (origin, right, down))
    if np.allclose(right, grid.right, atol=1e-4) and np.allclose(down, grid.down, atol=1e-4):
        _sample_parallel(grid, out, origin, spacing, shown)
        return out
    r = np.arange(rows, dtype=np.float64)[:, None] * spacing[0]
    c = np.arange(cols, dtype=np.float64)[None, :] * spacing[1]

    def along(axis) -> np.ndarray:
        return origin @ axis + c * (right @ axis) + r * (down @ axis)

    offsets = grid.offsets
    n = along(grid.normal)
    if len(offsets) > 1:
        k = np.clip(np.searchsorted(offsets, n), 1, len(offsets) - 1)
        k = np.where(np.abs(n - offsets[k - 1]) <= np.abs(n - offsets[k]), k - 1, k)
    else:
        k = np.zeros(n.shape, np.int64)
    inside = np.abs(n - offsets[k]) <= grid.thickness / 2.0 + 1e-3
    if not inside.any():
        return out
    # Only the pixels on a slice, as flat lists: a plane crossing the grid obliquely touches few of them.
    at = np.nonzero(inside.ravel())[0]
    k = k.ravel()[at]
    u = np.rint((along(grid.right).ravel()[at] - (grid.origins @ grid.right)[k]) / grid.spacing[1]).astype(np.int64)
    v = np.rint((along(grid.down).ravel()[at] - (grid.origins @ grid.down)[k]) / grid.spacing[0]).astype(np.int64)
    k_lo, k_hi = int(k.min()), int(k.max())
    flat = out.reshape(len(grid.parts), -1)
    for s, part in enumerate(grid.parts):
        if part is None or (shown is not None and not shown[s]):
            continue
        nk, nr, nc = part.array.shape
        if part.k0 > k_hi or part.k0 + nk <= k_lo:  # not on this plane's slices
            continue
        kk, vv, uu = k - part.k0, v - part.r0, u - part.c0
        hit = (kk >= 0) & (kk < nk) & (vv >= 0) & (vv < nr) & (uu >= 0) & (uu < nc)
        if hit.any():
            flat[s, at[hit]] = part.array[kk[hit], vv[hit], uu[hit]]
    return out


def _sample_parallel(grid, out, origin, spacing, shown) -> None:
    """``sample`` for a view whose rows and columns run along the grid's (the SEG on the images it was made
    on, the usual case): one slice, and a row and a column lookup instead of one per pixel."""
    offsets = grid.offsets
    n = float(origin @ grid.normal)
    k = int(np.argmin(np.abs(offsets - n)))
    if abs(offsets[k] - n) > grid.thickness / 2.0 + 1e-3:
        return
    rows, cols = out.shape[1:]
    u = np.rint((origin @ grid.right - grid.origins[k] @ grid.right + np.arange(cols) * spacing[1])
                / grid.spacing[1]).astype(np.int64)
    v = np.rint((origin @ grid.down - grid.origins[k] @ grid.down + np.arange(rows) * spacing[0])
                / grid.spacing[0]).astype(np.int64)
    for s, part in enumerate(grid.parts):
        if part is None or (shown is not None and not shown[s]) or not part.k0 <= k < part.k0 + part.array.shape[0]:
            continue
        plane = part.array[k - part.k0]
        ok_r = (v >= part.r0) & (v < part.r0 + plane.shape[0])
        ok_c = (u >= part.c0) & (u < part.c0 + plane.shape[1])
        if ok_r.any() and ok_c.any():
            out[s][np.ix_(ok_r, ok_c)] = plane[np.ix_(v[ok_r] - part.r0, u[ok_c] - part.c0)]


def outline(mask: np.ndarray) -> np.ndarray:
    """Pixels of ``mask`` (bool) with a 4-neighbour outside it, the picture's edge counting as outside."""
    padded = np.pad(mask, 1)
    core = padded[1:-1, 1:-1]
    interior = core & padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    return mask & ~interior


def blend(image: np.ndarray, masks: np.ndarray, colors, opacities, outlines=None) -> np.ndarray:
    """``image`` (grey H x W or RGB H x W x 3, uint8) with each mask (uint8 0..255) filled at its opacity
    and, where ``outlines[i]``, its boundary in full colour; ``opacities[i]`` None: the segment is hidden."""
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    out = image.astype(np.float32)
    for i, mask in enumerate(masks):
        if opacities[i] is None or not mask.any():
            continue
        color = np.asarray(colors[i], np.float32) * 255.0
        alpha = (mask.astype(np.float32) / 255.0 * float(opacities[i]))[..., None]
        out = out * (1.0 - alpha) + color * alpha
        if outlines is None or outlines[i]:
            edge = outline(mask >= OUTLINE_LEVEL)
            out[edge] = color
    return np.rint(np.clip(out, 0, 255)).astype(np.uint8)


def _styled(layers):
    """(segmentation, colours, opacities or None when hidden) per layer that has a grid."""
    for layer in layers:
        seg = layer.segmentation
        if seg.grid is None:
            continue
        styles = [layer.style(s.number) for s in seg.segments]
        yield seg, [s.color for s in seg.segments], [st.opacity if st.visible else None for st in styles]


def on_image(image: np.ndarray, layers, header, state) -> tuple[np.ndarray, list]:
    """A 2-D image's display pixels (after turn/flip) with ``layers`` drawn, and the contour lines
    (display mm) to add to its scene. ``header``: the frame's geometry (position, orientation, spacing)."""
    if not layers or header is None or not header.position or not header.orientation:
        return image, []
    rows, cols = (image.shape[1], image.shape[0]) if state.rotation % 2 else image.shape[:2]
    spacing = header.pixel_spacing or (1.0, 1.0)
    right, down = header.orientation[:3], header.orientation[3:]
    lines = []
    for seg, colors, opacities in _styled(layers):
        masks = sample(seg.grid, header.position, right, down, spacing, (rows, cols), [o is not None for o in opacities])
        shown = [transform_image(m, state.rotation, state.flip_h, state.flip_v) for m in masks]
        drawn = contour_lines(seg, colors, opacities, header, state, (rows, cols)) if seg.contours else {}
        image = blend(image, shown, colors, opacities, [s.number not in drawn for s in seg.segments])
        lines.extend(line for found in drawn.values() for line in found)
    return image, lines


def contour_lines(seg, colors, opacities, header, state, shape) -> dict:
    """Segment number -> lines ((x0, y0, x1, y1, colour), display mm) of its contours lying on this image's
    plane (within half the distance between contour planes), for visible segments."""
    rows, cols = shape
    row_sp, col_sp = header.pixel_spacing or (1.0, 1.0)
    origin = np.asarray(header.position, float)
    r, c = np.asarray(header.orientation[:3], float), np.asarray(header.orientation[3:], float)
    normal = np.cross(r, c)
    tolerance = max(seg.grid.thickness / 2.0, 0.01) if seg.grid is not None else 0.5
    sx, sy = (row_sp, col_sp) if state.rotation % 2 else (col_sp, row_sp)
    found: dict = {}
    for s, color, opacity in zip(seg.segments, colors, opacities):
        if opacity is None:
            continue
        for points in seg.contours.get(s.number, ()):
            if np.max(np.abs((points - origin) @ normal)) > tolerance:
                continue
            cc, rr = (points - origin) @ r / col_sp, (points - origin) @ c / row_sp
            shown = [_display_point(x, y, cols, rows, state.rotation, state.flip_h, state.flip_v) for x, y in zip(cc, rr)]
            closed = shown + shown[:1]
            found.setdefault(s.number, []).extend(
                (x0 * sx, y0 * sy, x1 * sx, y1 * sy, tuple(color)) for (x0, y0), (x1, y1) in zip(closed, closed[1:]))
    return found


def on_plane(image: np.ndarray, layers, first, right, down, pixel_mm: float) -> np.ndarray:
    """An MPR plane's display pixels with ``layers`` drawn; ``first``: where its pixel (0, 0) lies."""
    for seg, colors, opacities in _styled(layers):
        masks = sample(seg.grid, first, right, down, (pixel_mm, pixel_mm), image.shape[:2],
                       [o is not None for o in opacities])
        image = blend(image, masks, colors, opacities)
    return image


def scene_with(scene, layers, frame, state):
    """A 2-D image's scene with ``layers`` over it (fills and outlines in its pixels, contours as lines
    after the guides)."""
    if not layers or scene.image is None or frame is None:
        return scene
    image, lines = on_image(scene.image, layers, frame.header, state)
    return replace(scene, image=np.ascontiguousarray(image), lines=tuple(scene.lines) + tuple(lines))


def plane_scene_with(scene, layers, session, view: str, origin_offset, pixel_mm: float):
    """An MPR plane's scene with ``layers`` over it; the plane's pixel (0, 0) is found as the cut placed it
    (on the volume's centre, ``render.reslice``)."""
    if not layers or scene.image is None:
        return scene
    plane = session.planes[view]
    vc = session.volume_center()
    first = vc + plane.normal * float(np.dot(session.center - vc, plane.normal)) \
        + plane.right * origin_offset[0] + plane.down * origin_offset[1]
    image = on_plane(scene.image, layers, first, plane.right, plane.down, pixel_mm)
    return replace(scene, image=np.ascontiguousarray(image))
