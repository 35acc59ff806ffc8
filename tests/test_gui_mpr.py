"""MPR and 3D in the real window: keys, clicks and the pixels they change."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from gui_helpers import make_window, wait_ready, widget_pixels
from synthetic import write_series

pytestmark = pytest.mark.gui


def phantom(i):
    hu = np.full((96, 96), -1000, np.int16)
    hu[20:76, 20:76] = 40
    if 8 <= i < 16:
        hu[40:56, 40:56] = 1000
    return hu


@pytest.fixture
def mpr_window(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=24, rows=96, cols=96, spacing=(1.0, 1.0), thickness=2.0, hu_slices=phantom)
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, home)
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    wait_ready(qtbot, window)
    return window


def test_m_key_opens_three_linked_planes(mpr_window):
    window = mpr_window
    vps = window.grid.visible_viewports()
    assert [vp.mpr.view for vp in vps] == ["axial", "coronal", "sagittal"]
    assert [vp.last_scene.markers["top"] for vp in vps] == ["A", "H", "H"]
    for vp in vps:
        assert widget_pixels(vp)[:, :, 0].std() > 20


def test_click_in_axial_moves_the_point_in_the_other_planes(mpr_window, qtbot):
    window = mpr_window
    axial, coronal, sagittal = window.grid.visible_viewports()
    session = window.mpr.session
    before_cor = coronal.last_scene.lines
    target = axial.rect().center() + QPoint(60, 0)  # to the patient's left
    qtbot.mouseClick(axial, Qt.MouseButton.LeftButton, pos=target)
    wait_ready(qtbot, window)
    x_mm, _ = session.in_plane("axial")
    assert x_mm > 10  # moved right on screen = patient left (+x)
    # The sagittal plane moved with it: its position readout changed, and the coronal crosshair moved.
    assert coronal.last_scene.lines != before_cor
    assert f"{session.center[0]:.1f}".replace(".", ",") in sagittal.last_scene.corners["bl"]  # French: decimal comma


def test_wheel_scrolls_a_plane_and_slab_changes_pixels(mpr_window, qtbot):
    window = mpr_window
    axial = window.grid.visible_viewports()[0]
    session = window.mpr.session
    z0 = session.center[2]
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(axial.rect().center())
    wheel = QWheelEvent(centre, axial.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(axial, wheel)
    assert session.center[2] != z0
    before = widget_pixels(window.grid.visible_viewports()[1])
    window.slab.setValue(20.0)
    wait_ready(qtbot, window)
    assert session.slab_mm == 20.0
    assert not np.array_equal(before, widget_pixels(window.grid.visible_viewports()[1]))
    assert "MIP" in window.grid.visible_viewports()[1].last_scene.corners["bl"]


def test_3d_view_and_back_to_stack(mpr_window, qtbot):
    window = mpr_window
    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)
    vps = window.grid.visible_viewports()
    assert len(vps) == 4 and vps[3].vr is not None
    qtbot.waitUntil(lambda: vps[3].is_ready(), timeout=30000)
    vps[3].render_sync()
    px = widget_pixels(vps[3])
    assert px.std() > 5
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)  # leave MPR: back to the stack
    assert window.mpr.session is None
    assert all(vp.vr is None and vp.mpr is None for vp in window.grid.viewports)
    assert window.grid.visible_viewports()[0].state.display_set is not None


def test_clip_box_cuts_the_volume_rendering(mpr_window, qtbot):
    window = mpr_window
    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)
    vr = window.grid.visible_viewports()[3]
    qtbot.waitUntil(lambda: vr.is_ready(), timeout=30000)
    vr.render_sync()
    whole = widget_pixels(vr).astype(float)
    window.act_clip.trigger()  # the toolbar's Clip… action
    dialog = window.clip_dialog
    dialog.sliders[0].setValue(60)  # keep only the patient's left 40 %
    qtbot.waitUntil(lambda: vr.is_ready(), timeout=30000)
    vr.render_sync()
    assert vr.vr_state.clip[0] == pytest.approx(0.6)
    cut = widget_pixels(vr).astype(float)
    assert np.abs(cut - whole).mean() > 1
    dialog.reset()
    assert vr.vr_state.clip == (0.0, 1.0, 0.0, 1.0, 0.0, 1.0)


def test_a_drag_shows_drafts_and_full_quality_follows_when_still(mpr_window, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from viewer.ui.mpr_controller import STILL_MS

    window = mpr_window
    axial = window.grid.visible_viewports()[0]
    full = widget_pixels(axial)
    centre = QPointF(axial.rect().center())
    for step in (-120, 120):  # one slice down and back: the same plane as before
        wheel = QWheelEvent(centre, axial.mapToGlobal(centre), QPoint(0, 0), QPoint(0, step),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(axial, wheel)
    axial.render_sync()  # the frame drawn while the user is still scrolling
    assert not axial.is_ready()
    draft = widget_pixels(axial)
    assert draft.shape == full.shape
    assert np.abs(draft.astype(float) - full.astype(float)).mean() > 0.5  # coarser: not the full frame
    wait_ready(qtbot, window, timeout=20000 + STILL_MS)
    assert np.array_equal(widget_pixels(axial), full)  # the full-quality frame of the same plane


def test_a_renderer_too_slow_for_its_budget_draws_smaller_drag_frames(mpr_window, qtbot):
    # Stands for a weak GPU: no real draw meets a 0.01 ms target, so each drag frame gets fewer pixels,
    # down to the floor; the frame shown still fills the viewport, and full quality follows when still.
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from viewer.render.draw_budget import FLOOR, DrawBudget
    from viewer.ui.mpr_controller import STILL_MS

    window = mpr_window
    axial = window.grid.visible_viewports()[0]
    full = widget_pixels(axial)
    full_size = axial.last_drawn_size
    window.mpr.resampler.budget = DrawBudget(software=False, target_ms=0.01)
    centre = QPointF(axial.rect().center())
    sizes = []
    for k in range(8):
        wheel = QWheelEvent(centre, axial.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120 if k % 2 else -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(axial, wheel)
        axial.render_sync()
        sizes.append(axial.last_drawn_size[0])
    assert sizes[0] == full_size[0]  # a GPU starts at full size
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] < full_size[0] * 0.5
    assert sizes[-1] >= int(full_size[0] * FLOOR) - 1
    assert widget_pixels(axial).shape == full.shape  # scaled up to the viewport
    wait_ready(qtbot, window, timeout=20000 + STILL_MS)
    assert axial.last_drawn_size == full_size
    assert np.array_equal(widget_pixels(axial), full)


def test_invert_and_reset_keys_act_on_the_active_mpr_plane(mpr_window, qtbot):
    window = mpr_window
    axial, coronal, _ = window.grid.visible_viewports()
    assert window.grid.active is axial
    before, other = widget_pixels(axial).astype(float), widget_pixels(coronal).astype(float)
    qtbot.keyClick(axial, Qt.Key.Key_I)
    wait_ready(qtbot, window)
    inverted = widget_pixels(axial).astype(float)
    assert axial.state.invert
    # The image's grey pixels become their negative (the border, crosshair and outside of the volume aside).
    def grey(px):
        return (px[..., 0] == px[..., 1]) & (px[..., 1] == px[..., 2])
    image = grey(before) & grey(inverted) & (before[..., 0] > 5) & (before[..., 0] < 250)
    assert image.sum() > 2000  # the soft tissue of the phantom
    assert np.abs(255 - inverted[..., 0][image] - before[..., 0][image]).mean() < 3
    assert np.abs(widget_pixels(coronal).astype(float) - other).mean() < 1  # only the active plane
    qtbot.keyClick(axial, Qt.Key.Key_Escape)
    wait_ready(qtbot, window)
    assert not axial.state.invert
    assert np.abs(widget_pixels(axial).astype(float) - before).mean() < 1
