"""A 3-D view carries the patient corners like every viewport, orientation letters at its edges and an
orientation cube that turns with the camera (issue 14). Letters are worked out by hand from the camera the
renderer documents: seen from the front (camera anterior), head up; turned 90 degrees of azimuth, the camera
is on the patient's left."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from gui_helpers import widget_pixels

pytestmark = pytest.mark.gui


def test_orientation_letters_and_cube_follow_the_camera(qtbot):
    from viewer.bench.mpr_volume import synthetic_volume
    from viewer.model.frames import FrameLoader
    from viewer.model.studies import PatientContext
    from viewer.model.volume_view import VolumeViewState
    from viewer.presentation.volume import volume_overlay
    from viewer.ui.viewport_widget import ViewportWidget
    from viewer.workstation.views import ViewSlot

    loader = FrameLoader()
    slot = ViewSlot(0)
    slot.context = PatientContext(patient_name="TEST^Awa", patient_id="VR-1", study_description="TDM")
    vp = ViewportWidget(slot, loader, "fr")
    qtbot.addWidget(vp)
    vp.resize(640, 480)
    vp.show()
    qtbot.waitExposed(vp)
    try:
        vp.bind_volume(synthetic_volume(64, 96), VolumeViewState("ct-soft"))
        vp.render_sync()
        # From the front: the patient's right on the screen's left, head up (radiological convention).
        front = volume_overlay(vp.vr_state, slot.context, "fr")
        assert (front.markers["left"], front.markers["right"], front.markers["top"], front.markers["bottom"]) == ("R", "L", "H", "F")
        assert "TEST" in front.corners["tl"] and "VR-1" in front.corners["tl"] and "3D" in front.corners["bl"]
        # Drawn: the cube in the lower right (coloured face, not grey text) and the corner text at the top left.
        px = widget_pixels(vp).astype(int)
        h, w = px.shape[:2]
        cube = px[int(h * 0.6):h - 10, int(w * 0.7):w - 10]
        assert (np.abs(cube[..., 0] - cube[..., 2]) > 40).any() or (np.abs(cube[..., 1] - cube[..., 0]) > 40).any()
        assert px[4:40, 4:120].max() > 150  # the patient's name
        before = cube.copy()
        # Turned 90 degrees: the camera on the patient's left looks right-wards: anterior on the screen's left.
        vp.set_vr_state(replace(vp.vr_state, azimuth=90.0))
        vp.render_sync()
        side = volume_overlay(vp.vr_state, slot.context, "fr")
        assert (side.markers["left"], side.markers["right"]) == ("A", "P")
        after = widget_pixels(vp).astype(int)[int(h * 0.6):h - 10, int(w * 0.7):w - 10]
        assert not np.array_equal(before, after)  # the cube turned with the camera
    finally:
        vp.release()
        loader.shutdown()
