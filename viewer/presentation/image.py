"""A 2-D image as a view shows it: ``present_image`` is the one chain the viewport, ``cauri render``, the
thumbnails and the bench go through (presentation state -> window/VOI -> shown frame -> shutter -> pixels
-> turn/flip -> placement -> corners -> findings); ``build_scene`` is its pixels-and-texts step."""

from __future__ import annotations

from dataclasses import dataclass, replace

from viewer.core.messages import in_language, msg
from viewer.core.numbers import colon
from viewer.dicom.overlays import apply_shutter, burn_overlays
from viewer.dicom.pixels import render_display
from viewer.model.frames import LoadedFrame
from viewer.model.studies import PatientContext
from viewer.model.viewport import ViewportState
from viewer.presentation import findings as F
from viewer.presentation import segment_layers
from viewer.presentation.corners import LABELS, image_corners, with_line, zoom_text
from viewer.presentation.scene import (
    SliceScene,
    display_directions,
    display_spacing,
    edge_markers,
    reference_lines,
    transform_image,
    view_scene,
)
from viewer.presentation.states import placed, presented_frame, presented_shutter, seen_through, states_for
from viewer.presentation.windows import applied_window, presentation_window


@dataclass(frozen=True)
class Presented:
    """What a view draws (``scene``), the state it was drawn with (a presentation state's turn, flip and
    displayed area in it until the reader changes the view) and that presentation state, if any."""

    state: ViewportState
    scene: SliceScene
    presentation_state: object = None


def present_image(
    state: ViewportState,
    frame: LoadedFrame | None,
    ref,
    context: PatientContext,
    language: str,
    viewport: tuple[int, int],
    findings: F.Findings = F.NO_FINDINGS,
    chosen: str | None = None,
    references=(),
    screen_mm_per_px: float | None = None,
    segments=(),
) -> Presented:
    """Image ``ref`` (an ``ImageRef``; None: no findings apply) of ``frame`` in a ``viewport`` of (width,
    height) device pixels: shown through its presentation state (the reader's pick ``chosen``, else the
    latest) with its VOI, shutter and placement, the corners, ``references`` (other views' planes), the
    findings. ``screen_mm_per_px``: the physical size of a device pixel, None when unknown (TRUE SIZE areas
    are then scaled to fit, and the corner says so). ``segments``: segmentation layers drawn over the image
    (``model.segments.Layer``, ``presentation.segment_layers``)."""
    ps = None
    if ref is not None and frame is not None and frame.stored is not None:
        shown = states_for(findings.states, ref.sop_uid, chosen)
        ps = shown[0] if shown else None
    windowed = state.window is not None
    if ps is not None and not windowed:
        state = replace(state, window=presentation_window(ps, ref))  # the state's window until the reader's
    shutter = presented_shutter(ps, frame)
    shown_frame = presented_frame(frame, ps, ref, windowed)

    def build(st: ViewportState) -> SliceScene:
        scene = build_scene(st, shown_frame, context, language, references, shutter, viewport)
        return segment_layers.scene_with(scene, segments, shown_frame, st)

    state = seen_through(state, ps)
    if state.by_reader:
        scene, note = build(state), ""
    else:
        state, scene, note = placed(state, ps, ref, shown_frame, build, viewport, screen_mm_per_px)
    if note:
        scene = replace(scene, corners=with_line(scene.corners, "br", in_language(msg("True size unknown: scaled to fit"), language)))
    return Presented(state, F.on_image(scene, findings, ps, ref, frame, state, language), ps)


def build_scene(
    state: ViewportState,
    frame: LoadedFrame | None,
    context: PatientContext,
    language: str = "fr",
    references=(),
    shutter=None,
    viewport: tuple[int, int] | None = None,
) -> SliceScene:
    """The picture of ``frame`` as ``state`` shows it: display pixels (window from ``windows``), shutter,
    burnt-in overlay planes, turn/flip, spacing in display axes, orientation markers, corners, reference
    lines. ``shutter``: (mask, value) from a presentation state; it replaces the image's own shutter.
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
    window = applied_window(state, frame)
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

    corners = image_corners(state, frame, context, window, calibrated, words, language,
                            zoom_text(state, image, (sx, sy), viewport, words, language))
    lines = reference_lines(frame, state, references, image.shape, (sx, sy)) if state.overlays else ()
    return view_scene(state, image, (sx, sy), calibrated, corners, markers, window, lines, language)
