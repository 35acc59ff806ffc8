"""What is drawn over a picture besides the image: measurements and annotations (Cauri's own, an SR's, a
presentation state's), their values, the key-image mark and a drawing in progress; on 2-D images in the
image's pixels turned as the view turns, on MPR planes those lying on the plane shown, on its grid."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from viewer.model import measurements as M
from viewer.model.measure.plane import on_plane, view_plane
from viewer.model.measurements import MeasurementKind as K
from viewer.presentation.corners import LABELS, with_line
from viewer.presentation.states import in_presentation
from viewer.presentation.values import MeasurementValues, draft_text, first_header

COLOR = (1.0, 0.85, 0.1)  # Cauri's own
SELECTED = (0.2, 1.0, 1.0)
ANNOTATION_COLOR = (0.6, 0.85, 1.0)  # read from an SR/GSPS: shown, not editable


@dataclass(frozen=True)
class Draft:
    """A measurement being drawn: its tool, its points so far (image pixels, or the MPR plane's grid),
    and for the two-stroke tools whether the last point still follows the mouse."""

    kind: K
    points: tuple
    plane: M.PatientPlane | None = None
    stroke_open: bool = False


@dataclass(frozen=True)
class Findings:
    """A study's findings as a view draws them: every measurement and annotation (``measurements``), its
    presentation states, its key images ((SOP Instance UID, frame index)), the one selected, the values
    already computed, and the drawing in progress in this view."""

    measurements: tuple = ()
    states: tuple = ()
    key_images: frozenset = frozenset()
    selected: str | None = None
    values: MeasurementValues = field(default_factory=MeasurementValues, compare=False)
    draft: Draft | None = None


NO_FINDINGS = Findings()


def color_of(m: M.Measurement, selected: str | None) -> tuple:
    return SELECTED if m.id == selected else (COLOR if m.source == M.Source.CAURI else ANNOTATION_COLOR)


def _label(x: float, y: float, spacing, text: str, color) -> tuple:
    """A label beside display pixel (x, y): one pixel right, half a pixel up (scene mm)."""
    return ((x + 1.0) * spacing[0], (y - 0.5) * spacing[1], text, color)


def on_image(scene, findings: Findings, ps, ref, frame, state, language: str):
    """``scene`` of image ``ref`` with the findings on it: those shown through presentation state ``ps``
    (``in_presentation``), the key-image mark, the draft. Nothing when the overlays are hidden."""
    if ref is None or scene.image is None or frame is None or frame.stored is None or not scene.overlays:
        return scene
    shape = frame.stored.shape[:2]
    turn = (state.rotation, state.flip_h, state.flip_v)
    lines, labels = list(scene.lines), list(scene.labels)
    for m in findings.measurements:
        if m.plane is not None or m.image.sop_uid != ref.sop_uid or m.image.frame_index != ref.frame_index \
                or not in_presentation(m, ps):
            continue
        color = color_of(m, findings.selected)
        lines += M.scene_lines(m, shape, scene.spacing, color, *turn)
        text = m.label if m.kind is K.TEXT else findings.values.label_text(m, frame, None, language, stacked=True)
        if text:
            labels.append(_label(*M.to_display(M.label_anchor(m), shape, *turn), scene.spacing, text, color))
    corners = scene.corners
    if (ref.sop_uid, ref.frame_index) in findings.key_images:
        corners = with_line(corners, "tr", LABELS.get(language, LABELS["fr"])["key_image"])
    draft_lines, draft_labels = _draft(findings.draft, scene.spacing, shape, frame, turn, language)
    return replace(scene, lines=tuple(lines + draft_lines), labels=tuple(labels + draft_labels), corners=corners)


def _draft(draft: Draft | None, spacing, shape, frame, turn, language: str) -> tuple[list, list]:
    """The draft's strokes, and for an angle or a Cobb angle its value as it is drawn."""
    if draft is None or len(draft.points) < 2:
        return [], []
    pts = [M.to_display(p, shape, *turn) for p in draft.points]
    mm = [((x - 0.5) * spacing[0], (y - 0.5) * spacing[1]) for x, y in pts]
    pairs = [(0, 1), (2, 3)] if draft.kind in (K.COBB, K.BIDIRECTIONAL) else [(i, i + 1) for i in range(len(mm) - 1)]
    lines = [(*mm[i], *mm[j], SELECTED) for i, j in pairs if j < len(mm)]
    text = draft_text(draft.kind, draft.points, draft.plane, draft.stroke_open, frame, language)
    return lines, [_label(*pts[-1], spacing, text, SELECTED)] if text else []


# ------------------------------------------------------------------------------------- MPR planes


def frame_of_reference(volume) -> str:
    ds = first_header(volume)
    return str(ds.get("FrameOfReferenceUID", "") or "") if ds is not None else ""


def shown_plane(session, view: str, origin, pixel_mm: float) -> M.PatientPlane:
    """The grid of plane ``view`` cut with pixel (0, 0) at in-plane ``origin`` mm, ``pixel_mm`` apart, in
    patient coordinates (what plane measurements are kept on)."""
    volume = session.volume
    uid = frame_of_reference(volume) or f"volume:{volume.stack.series_uid}"
    return view_plane(session, view, origin, pixel_mm, uid)


def on_plane_view(measurements, session, view: str, plane: M.PatientPlane) -> list[tuple[M.Measurement, M.Measurement]]:
    """(measurement, the same on ``plane``'s grid) for the plane measurements of the volume's series lying
    on it: within half a scroll step, so a measurement shows on the slice position nearest its plane only."""
    tolerance = max(0.05, 0.49 * session.step_mm(session.planes[view]))
    out = []
    for m in measurements:
        if m.plane is not None and m.image.series_uid == session.volume.stack.series_uid:
            seen = on_plane(m, plane, tolerance_mm=tolerance)
            if seen is not None:
                out.append((m, seen))
    return out


def on_plane_scene(scene, findings: Findings, session, view: str, origin, language: str):
    """``scene`` of an MPR plane (cut with pixel (0, 0) at ``origin``) with the plane measurements lying on
    it, drawn on its grid, with their values, and the draft."""
    if scene.image is None or not scene.overlays:
        return scene
    series = session.volume.stack.series_uid if getattr(session.volume, "stack", None) is not None else None
    mine = [m for m in findings.measurements if m.plane is not None and m.image.series_uid == series]
    if not mine and findings.draft is None:
        return scene
    shape = scene.image.shape[:2]
    lines, labels = list(scene.lines), list(scene.labels)
    plane = shown_plane(session, view, origin, float(scene.spacing[0])) if mine else None
    for m, seen in on_plane_view(mine, session, view, plane) if mine else ():
        color = color_of(m, findings.selected)
        lines += M.scene_lines(seen, shape, scene.spacing, color)
        text = m.label if m.kind is K.TEXT else findings.values.label_text(m, None, session, language, stacked=True)
        if text:
            labels.append(_label(*M.label_anchor(seen), scene.spacing, text, color))
    draft_lines, draft_labels = _draft(findings.draft, scene.spacing, shape, None, (0, False, False), language)
    return replace(scene, lines=tuple(lines + draft_lines), labels=tuple(labels + draft_labels))


def foreign_measurements(found, own) -> list[M.Measurement]:
    """What a study's SR and GSPS objects (``read_findings``'s measurements) add to Cauri's own ``own``:
    Cauri's own saved SR reads back with the same ids, so it is not counted twice."""
    own_ids = {m.id for m in own}
    return [m for m in found if m.source != M.Source.CAURI and m.id not in own_ids]


def study_findings(own=(), own_keys=(), found=None) -> Findings:
    """A study's findings as a viewport holds them: Cauri's own measurements and key images (the
    annotation store) and what ``found`` (``read_findings``: SR, GSPS, KO) says."""
    measurements = list(own)
    states, keys = (), key_images_of(own_keys)
    if found is not None:
        measurements += foreign_measurements(found.measurements, own)
        states, keys = tuple(found.presentation_states), keys | key_images_of(found.key_images)
    return Findings(tuple(measurements), states, keys)


def key_images_of(key_image_sets) -> frozenset:
    """(SOP Instance UID, frame index) of every image that Key Object Selections (or Cauri's own key-image
    list, ``ImageRef``s) flag."""
    out = set()
    for item in key_image_sets:
        refs = getattr(item, "images", None)
        for r in refs if refs is not None else (item,):
            out.add((r.sop_uid, r.frame_index))
    return frozenset(out)

