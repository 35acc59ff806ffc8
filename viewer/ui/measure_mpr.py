"""The measurement tools on MPR planes: which plane a viewport shows, in patient coordinates, and the
plane measurements that lie on it (drawn, hit-tested and edited on the view's own grid)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from viewer.core.messages import msg
from viewer.model import measurements as M
from viewer.model.measure.calibration import read_header
from viewer.model.measure.plane import compute_plane, on_plane, view_plane


def first_header(volume):
    return read_header(volume.stack.frames[0].path)


def frame_of_reference(volume) -> str:
    ds = first_header(volume)
    return str(ds.get("FrameOfReferenceUID", "") or "") if ds is not None else ""


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
    volume = vp.mpr.session.volume
    uid = frame_of_reference(volume) or f"volume:{volume.stack.series_uid}"
    g = volume.geometry
    pixel_mm = float(min(g.spacing[0], g.spacing[1])) if full else float(scene.spacing[0])
    return view_plane(vp.mpr.session, vp.mpr.view, origin, pixel_mm, uid)


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
    if plane is None:
        return []
    out = []
    for m in measurements:
        if m.plane is not None and m.image.series_uid == vp.mpr.session.volume.stack.series_uid:
            seen = on_plane(m, plane, tolerance_mm=_tolerance_mm(vp))
            if seen is not None:
                out.append((m, seen))
    return out


def _tolerance_mm(vp) -> float:
    """Half a scroll step: a measurement shows on the slice position nearest to its plane only."""
    session = vp.mpr.session
    return max(0.05, 0.49 * session.step_mm(session.planes[vp.mpr.view]))


def result(m: M.Measurement, session) -> M.MeasurementResult:
    """Values of a plane measurement, with the MPR volume's pixels when it is of that series."""
    volume = session.volume if session is not None and session.volume.stack.series_uid == m.image.series_uid else None
    complete = volume is not None and volume.complete
    result = compute_plane(m, volume if complete else None, first_header(volume) if complete else None)
    if complete and session.slab_mm > 0 and (m.kind.is_roi or m.kind is M.MeasurementKind.PROBE):
        note = msg("values of the plane itself (1 voxel thick), not of the slab shown")
        result = replace(result, messages=result.messages + (note,))
    return result


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
