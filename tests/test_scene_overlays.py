"""Overlay planes and display shutters reach the displayed picture (same path as the viewport)."""

from __future__ import annotations

import pydicom

from conftest import shared_data
from synthetic import write_series


def scene_of(path, overlays=True):
    from viewer.model.displaysets import FrameRef, ImageStack
    from viewer.model.frames import load_frame
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    frame = load_frame(FrameRef(path, 0, "x", 1))
    assert frame.stored is not None, frame.error
    stack = ImageStack(uid="s", study_uid="a", series_uid="s", modality="OT", number=1, description="", frames=(frame.ref,))
    state = ViewportState(overlays=overlays).with_display_set(stack)
    from dataclasses import replace

    return build_scene(replace(state, overlays=overlays), frame, PatientContext(), "fr"), frame


def test_overlay_plane_is_drawn_and_follows_the_overlay_toggle():
    path = shared_data("pypi-pydicom-3.0.2", "test_files", "examples_overlay.dcm")
    on, frame = scene_of(path, overlays=True)
    off, _ = scene_of(path, overlays=False)
    assert frame.header.overlays, "the file's 60xx overlay was not read"
    bitmap = frame.header.overlays[0].bitmap
    r0, c0 = frame.header.overlays[0].origin
    drawn = on.image[r0 : r0 + bitmap.shape[0], c0 : c0 + bitmap.shape[1]][bitmap]
    assert (drawn == 255).all()
    assert (on.image != off.image).sum() > 0


def test_rectangular_shutter_hides_outside(tmp_path):
    info = write_series(tmp_path / "s", slices=1, rows=64, cols=64, shuffle=False)
    path = info["files"][0]
    ds = pydicom.dcmread(path)
    ds.ShutterShape = "RECTANGULAR"
    ds.ShutterLeftVerticalEdge, ds.ShutterRightVerticalEdge = 17, 48  # 1-based columns
    ds.ShutterUpperHorizontalEdge, ds.ShutterLowerHorizontalEdge = 9, 56
    ds.save_as(path)
    scene, _ = scene_of(path)
    img = scene.image
    assert (img[:, :16] == 0).all() and (img[:8] == 0).all() and (img[:, 48:] == 0).all()
    assert img[20:50, 40:47].min() > 0  # inside, the 40 HU half is shown as usual
