"""The measurement tools on MPR planes: which plane a viewport shows, in patient coordinates, and the
plane measurements that lie on it (drawn, hit-tested and edited on the view's own grid)."""

from __future__ import annotations

import numpy as np

from viewer.model import measurements as M
from viewer.model.measure.plane import on_plane as on_plane  # noqa: PLC0414 (the tools' import)
from viewer.presentation.findings import on_plane_view
from viewer.presentation.findings import shown_plane as plane_grid


def plane_ref(vp) -> M.ImageRef | None:
    """What a plane measurement of this view names: its series, by the volume's first slice."""
    stack = vp.mpr.session.volume.stack
    if not stack.frames:
        return None
    return M.ImageRef(stack.study_uid, stack.series_uid, stack.frames[0].sop_uid, 0)


def shown_plane(vp, full: bool = False) -> M.PatientPlane | None:
    """The grid of the plane the viewport shows (``full``: at full resolution, what measurements keep,
    even while a draft cut is on screen)."""
    scene = vp.last_scene
    origin = vp.mpr.resampler.last_origin.get(vp.mpr.view)
    if scene is None or scene.image is None or origin is None:
        return None
    g = vp.mpr.session.volume.geometry
    pixel_mm = float(min(g.spacing[0], g.spacing[1])) if full else float(scene.spacing[0])
    return plane_grid(vp.mpr.session, vp.mpr.view, origin, pixel_mm)


def grid_point(vp, x: float, y: float):
    """The view's grid coordinates (pixel corner convention) under a widget position."""
    scene = vp.last_scene
    mm = vp.widget_to_image_mm(x, y)
    if scene is None or scene.image is None or mm is None:
        return None
    return (mm[0] / scene.spacing[0] + 0.5, mm[1] / scene.spacing[1] + 0.5)


def on_view(measurements, vp) -> list[tuple[M.Measurement, M.Measurement]]:
    """(measurement, the same expressed on the view's grid) for those lying on the view's plane."""
    plane = shown_plane(vp)
    return [] if plane is None else on_plane_view(measurements, vp.mpr.session, vp.mpr.view, plane)


def center_on(session, m: M.Measurement) -> bool:
    """Move the shared point to the measurement when one of the views is parallel to its plane."""
    normal = np.asarray(m.plane.normal)
    if not any(abs(abs(float(np.dot(p.normal, normal))) - 1.0) < 1e-6 for p in session.planes.values()):
        return False
    points = np.array([m.plane.to_patient(p) for p in m.points])
    session.center = points.mean(axis=0)
    session.changed()
    return True


def show(window, m: M.Measurement) -> str:
    """Bring a plane measurement on screen: the MPR of its series (opened in the active viewport if need
    be) moves onto it. Returns "" when shown, "no-mpr" (no MPR possible) or "not-parallel"."""
    ws = window.ws
    session = ws.volumes.session
    if session is None or session.volume.stack.series_uid != m.image.series_uid:
        stack = next((d for d in ws.display_sets.values() if getattr(d, "kind", "") == "stack"
                      and any(f.sop_uid == m.image.sop_uid for f in d.frames)), None)
        slot = ws.views.active
        if stack is None or slot is None:
            return "no-mpr"
        ws.show(slot, stack)  # leaves any MPR of another series first
        if ws.volumes.start_mpr(slot) is not None:  # the window's MPR controls follow the workstation's events
            return "no-mpr"
        session = ws.volumes.session
    return "" if center_on(session, m) else "not-parallel"
