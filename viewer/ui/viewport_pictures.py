"""The pictures a viewport makes for export (« Exporter l'image… », the cine to MP4, the film sheet): drawn
again through the presentation at the viewport's size, never grabbed from the screen, so the patient band and
the window stay out and the identity can be left out (``presentation.corners.without_identity``)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QImage

from viewer.model.measurements import ImageRef
from viewer.presentation.corners import without_identity
from viewer.presentation.image import present_image
from viewer.presentation.volume import volume_overlay
from viewer.render.slice_renderer import SliceRenderer

TURN_FRAMES = 72  # one turn around the patient, a picture every 5 degrees (as `cauri render --volume x.mp4`)


def picture(vp, overlays: bool = True, annotations: bool = True, identity: bool = True) -> QImage:
    """What this viewport shows, as a picture to save: with or without the overlay texts, the reader's
    marks, and the patient's identity (``without_identity``: drawn without it, never painted over). The
    patient band is the window's, not the picture's. A 3-D view gives its last frame as it is."""
    if vp.surface.widget is not None:  # a plugin's viewport (a video): its own picture, without the strip
        return vp.surface.picture()
    w, h = vp._device_size()
    if vp.surface.widget is not None:  # a video, a waveform...: its own viewport makes the picture
        return vp.surface.picture()
    if vp.vr is not None:
        return vp._image.copy() if vp._image is not None else QImage()
    if vp.state.display_set is None and vp.mpr is None:
        return QImage()
    context = vp.context if identity else without_identity(vp.context)
    scene, _placed = vp._present((w, h), replace(vp.state, overlays=overlays), context, annotations)
    renderer = SliceRenderer(w, h)  # its own: the viewport's image keeps its buffer
    try:
        rgba = renderer.render(scene)
    finally:
        renderer.close()
    return QImage(rgba.data, rgba.shape[1], rgba.shape[0], 4 * rgba.shape[1], QImage.Format.Format_RGBX8888).copy()


def cine_pictures(vp, overlays: bool = True, annotations: bool = True, identity: bool = True):
    """Every image of the stack as this viewport would show it at its size and window (RGBA arrays, one at
    a time: a cine for ``export.video.write_mp4``); the viewport itself stays on its image."""
    ds = vp.state.display_set
    if ds is None or not ds.frames or vp.mpr is not None or vp.vr is not None:
        return
    w, h = vp._device_size()
    context = vp.context if identity else without_identity(vp.context)
    findings, chosen = vp._findings(annotations)
    state = replace(vp.state, overlays=overlays)
    renderer = SliceRenderer(w, h)  # its own: the viewport's image keeps its buffer
    try:
        for index, at in enumerate(ds.frames):
            ref = ImageRef(ds.study_uid, ds.series_uid, at.sop_uid, at.frame)
            presented = present_image(state.at(index), vp.loader.load(at), ref, context, vp.language, (w, h),
                                      findings, chosen, (), vp._screen_mm_per_px())
            yield renderer.render(presented.scene)
    finally:
        renderer.close()


def turn_pictures(vp, overlays: bool = True, identity: bool = True, frames: int = TURN_FRAMES):
    """A turn around the volume of this 3-D view, from the reader's current view (preset, elevation, zoom,
    clip box), full quality, at the viewport's size: RGBA arrays one at a time, for ``write_mp4``."""
    from viewer.render.volume_renderer import VolumeRenderer

    if vp.vr is None:
        return
    w, h = vp._device_size()
    context = vp.context if identity else without_identity(vp.context)
    start = replace(vp.vr_state, interactive=False, overlays=overlays)
    renderer = VolumeRenderer(w, h)  # its own: the viewport's frames and its still-frame worker go on
    try:
        renderer.set_volume(vp.vr)
        for k in range(frames):
            view = replace(start, azimuth=(start.azimuth + 360.0 * k / frames) % 360.0)
            renderer.set_overlay(volume_overlay(view, context, vp.language, overlays))
            yield renderer.render(view)
    finally:
        renderer.close()
