"""Viewports that move together: named link groups per kind (scroll, zoom, window), and how one view's
change becomes another's. No toolkit, no file reading: the workstation (``workstation.links``) binds it to
the view slots, the window to its toolbar toggles, a hanging protocol to its per-viewport ``link`` spec.

Scroll follows the patient, not the index: the followed view goes to its slice nearest, along its normal,
the point the leading view's slice lies at, so series of different thickness or slice count line up in
millimetres. Between two frames of reference (a prior) the point first goes through a ``placement``: a 4x4
rigid map from the leading view's patient coordinates to the followed view's (automatic registration, or
the reader's "sync here" offset). Zoom follows in millimetres per screen pixel (the same physical scale),
pan by the same millimetres of the patient (whatever each view's turn and flips), window/level as is (between views of one modality only).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from viewer.model.viewport import ViewportState
from viewer.presentation.scene import display_directions

KINDS = ("scroll", "zoom", "window")
PARALLEL = 0.99  # |cos| of the angle between two normals for their stacks to scroll together (about 8 degrees)


class LinkGroups:
    """Which views move together, per kind: each view is in at most one named group of each kind.

    Views are any hashable objects (the workstation's slots); a protocol's ``link`` spec is a ``join`` per
    kind it names, the toolbar's toggle a ``join`` of every visible view in one group."""

    def __init__(self) -> None:
        self._groups: dict[str, dict[object, str]] = {kind: {} for kind in KINDS}

    def join(self, kind: str, group: str, view) -> None:
        self._groups[_kind(kind)][view] = group

    def leave(self, kind: str, view) -> None:
        self._groups[_kind(kind)].pop(view, None)

    def clear(self, kind: str) -> None:
        self._groups[_kind(kind)].clear()

    def group_of(self, kind: str, view) -> str | None:
        return self._groups[_kind(kind)].get(view)

    def peers(self, kind: str, view) -> list:
        """The other views of ``view``'s group of ``kind`` (none when it is in no group)."""
        group = self.group_of(kind, view)
        if group is None:
            return []
        return [v for v, g in self._groups[_kind(kind)].items() if g == group and v is not view]

    def linked(self, kind: str) -> bool:
        return bool(self._groups[_kind(kind)])


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown link kind {kind!r} (kinds: {', '.join(KINDS)})")
    return kind


def stack_normal(stack) -> np.ndarray | None:
    """The unit normal (row x column) of a stack's shared orientation, None without one."""
    orientation = getattr(stack, "orientation", None)
    if not orientation or len(orientation) < 6:
        return None
    n = np.cross(np.asarray(orientation[:3], float), np.asarray(orientation[3:6], float))
    norm = float(np.linalg.norm(n))
    return n / norm if norm > 1e-6 else None


def slice_point(stack, index: int) -> np.ndarray | None:
    """Where slice ``index`` of ``stack`` lies (its Image Position), None without one."""
    positions = getattr(stack, "positions", ())
    if not 0 <= index < len(positions) or positions[index] is None:
        return None
    return np.asarray(positions[index], float)


def moved(point: np.ndarray, placement) -> np.ndarray:
    """``point`` through a 4x4 rigid ``placement`` (None: the same frame of reference)."""
    if placement is None:
        return point
    m = np.asarray(placement, float).reshape(4, 4)
    return m[:3, :3] @ point + m[:3, 3]


def turned(direction: np.ndarray, placement) -> np.ndarray:
    if placement is None:
        return direction
    return np.asarray(placement, float).reshape(4, 4)[:3, :3] @ direction


def nearest_slice(stack, point: np.ndarray) -> int | None:
    """The slice of ``stack`` nearest ``point`` along the stack's normal (None: no geometry). A point beyond
    either end gives the end slice: the followed series shows as near as it can."""
    normal = stack_normal(stack)
    positions = getattr(stack, "positions", ())
    if normal is None or not positions or any(p is None for p in positions):
        return None
    along = np.asarray(positions, float) @ normal
    return int(np.argmin(np.abs(along - float(point @ normal))))


def follow_scroll(source, index: int, target, placement=None) -> int | None:
    """The index ``target`` shows when ``source`` shows slice ``index``: the slice nearest the same patient
    point (through ``placement`` between frames of reference). None when the two cannot follow each other
    (no geometry, or planes that are not parallel: an axial does not scroll a sagittal)."""
    point, n_src, n_dst = slice_point(source, index), stack_normal(source), stack_normal(target)
    if point is None or n_src is None or n_dst is None:
        return None
    if abs(float(turned(n_src, placement) @ n_dst)) < PARALLEL:
        return None
    return nearest_slice(target, moved(point, placement))


def offset_placement(source, source_index: int, target, target_index: int) -> np.ndarray | None:
    """"Sync here": the reader says slice ``source_index`` of ``source`` and ``target_index`` of ``target``
    show the same level. The placement is the translation along the target's normal that maps the one onto
    the other (nothing else is known between two frames of reference)."""
    a, b, n = slice_point(source, source_index), slice_point(target, target_index), stack_normal(target)
    if a is None or b is None or n is None:
        return None
    m = np.eye(4)
    m[:3, 3] = n * float((b - a) @ n)
    return m


def nudged(placement, target, mm: float) -> np.ndarray:
    """``placement`` moved by ``mm`` along ``target``'s normal (the reader's nudge of a registration)."""
    m = np.array(placement if placement is not None else np.eye(4), float).reshape(4, 4)
    n = stack_normal(target)
    if n is not None:
        m[:3, 3] += n * mm
    return m


def inverse(placement) -> np.ndarray | None:
    return None if placement is None else np.linalg.inv(np.asarray(placement, float).reshape(4, 4))


def follow_zoom(source_before: ViewportState, source_after: ViewportState, source_fit_mm: float | None,
                target: ViewportState, target_fit_mm: float | None) -> ViewportState:
    """``target`` at the physical scale ``source_after`` shows (mm per screen pixel), panned by the same
    millimetres as the source just was. ``*_fit_mm``: mm per screen pixel of each view at zoom 1 (fitted),
    None when not drawn yet (the zoom factor is then copied)."""
    if source_fit_mm and target_fit_mm:
        zoom = source_after.zoom * target_fit_mm / source_fit_mm
    else:
        zoom = source_after.zoom
    dx, dy = pan_for(source_after, target, source_after.pan[0] - source_before.pan[0],
                     source_after.pan[1] - source_before.pan[1])
    return replace(target, zoom=max(0.05, min(64.0, zoom)), pan=(target.pan[0] + dx, target.pan[1] + dy), by_reader=True)


def pan_for(source: ViewportState, target: ViewportState, dx: float, dy: float) -> tuple[float, float]:
    """The source's pan step (screen right, down, in mm) as the target's: the same move of the patient, through
    each view's turn and flips and its image orientation (a prior turned on screen, a series stored with rows
    reversed), so both keep the same anatomy in view. As is when either lacks an orientation."""
    a, b = source.display_set, target.display_set
    oa, ob = getattr(a, "orientation", None), getattr(b, "orientation", None)
    if not oa or not ob:
        return dx, dy
    right_s, down_s = display_directions(oa, source.rotation, source.flip_h, source.flip_v)
    right_t, down_t = display_directions(ob, target.rotation, target.flip_h, target.flip_v)
    moved = dx * right_s + dy * down_s
    return float(moved @ right_t), float(moved @ down_t)


def follow_window(source: ViewportState, target: ViewportState) -> ViewportState | None:
    """``target`` with ``source``'s window/level; None between modalities (a CT window means nothing on MR)."""
    a, b = source.display_set, target.display_set
    if a is None or b is None or a.modality != b.modality:
        return None
    return replace(target, window=source.window)
