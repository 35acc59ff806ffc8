"""PET fused over CT in the real window: «Fusionner», the hot spot's colour against the DICOM Hot Iron
palette's entry blended over the CT's grey, opacity 0 leaving the CT alone, the SUV under the cursor against
the SUVbw written out by hand from the PET's tags, and the fused layer on the MPR planes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from fusion_data import CT_HU, HOT_COL, HOT_ROW, HOT_SUV, HOT_Z, hand_suv, palette, write_pet_ct
from gui_helpers import import_and_open, screen_point_of, wait_ready, widget_pixels

pytestmark = pytest.mark.gui


def ct_grey(hu: float, centre: float = 40.0, width: float = 400.0) -> float:
    """PS3.3 C.11.2.1.2 linear window, written out."""
    return float(np.clip(((hu - (centre - 0.5)) / (width - 1) + 0.5) * 255.0, 0, 255))


def stack_of(window, modality):
    return next(ds for ds in window.ws.display_sets.values() if ds.modality == modality)


@pytest.fixture
def fused(qtbot, tmp_path):
    study, ct, pet = write_pet_ct(tmp_path / "src")
    window = import_and_open(qtbot, tmp_path / "home", [ct, pet], study)
    vp = window.grid.active
    ct_set = stack_of(window, "CT")
    if vp.state.display_set is not ct_set:
        window.study_switch.show_in_active(ct_set.uid)
    hot = next(i for i, p in enumerate(ct_set.positions) if abs(p[2] - HOT_Z) < 0.01)
    vp.apply(vp.state.__class__(**{**vp.state.__dict__, "index": hot}))
    wait_ready(qtbot, window)
    window.fusion_controls.act_fuse.trigger()  # one PET in the study: fused at once
    qtbot.waitUntil(lambda: vp.slot.wash is not None, timeout=20000)
    panel = window.fusion_controls.panel
    panel.low.setValue(0.0)
    panel.high.setValue(10.0)
    panel.opacity.setValue(60)
    wait_ready(qtbot, window)
    return window, vp, pet


def test_hot_spot_colour_is_the_palette_entry_over_the_ct(fused, qtbot):
    window, vp, _pet = fused
    assert vp.slot.wash.unit == "SUVbw" and vp.slot.wash.look.colour_map == "hot_iron"
    x, y = screen_point_of(vp, HOT_ROW, HOT_COL)
    fused_rgb = widget_pixels(vp)[y, x].astype(float)
    alpha = round(255 * 0.6) / 255.0
    entry = palette("hotiron.dcm")[int(np.rint(HOT_SUV / 10.0 * 255))]
    expected = alpha * entry + (1 - alpha) * ct_grey(CT_HU)
    assert np.abs(fused_rgb - expected).max() <= 3, (fused_rgb, expected)
    # Off the body (air, no uptake) the CT shows untinted.
    ax, ay = screen_point_of(vp, 2, 2)
    air = widget_pixels(vp)[ay, ax]
    assert air.max() - air.min() <= 1


def test_opacity_zero_shows_the_ct_alone(fused, qtbot):
    window, vp, _pet = fused
    window.fusion_controls.panel.opacity.setValue(0)
    wait_ready(qtbot, window)
    x, y = screen_point_of(vp, HOT_ROW, HOT_COL)
    rgb = widget_pixels(vp)[y, x].astype(float)
    assert np.abs(rgb - ct_grey(CT_HU)).max() <= 1, rgb


def test_suv_under_the_cursor_is_the_hand_computed_suv(fused, qtbot):
    window, vp, pet = fused
    expected = hand_suv(pet / "pt002.dcm", 16, 16)  # the hot cube's voxel (z = -24) on the PET's own grid
    x, y = screen_point_of(vp, HOT_ROW, HOT_COL)
    qtbot.mouseMove(vp, QPoint(x + 7, y + 7))  # Qt sends no move to where the cursor already is
    qtbot.mouseMove(vp, QPoint(x, y))
    qtbot.waitUntil(lambda: window.fusion_controls.panel.value.text() != "", timeout=5000)
    text = window.fusion_controls.panel.value.text()
    assert f"SUVbw {expected:.2f}".replace(".", ",") in text, text
    assert "\u00a0:" in text  # French typography


def test_the_fused_layer_follows_the_mpr_planes(fused, qtbot):
    window, vp, _pet = fused
    qtbot.keyClick(vp, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    wait_ready(qtbot, window)
    planes = [v for v in window.grid.visible_viewports() if v.mpr is not None]
    assert len(planes) == 3
    def hot_pixels(view) -> int:
        pixels = widget_pixels(view).astype(int)
        return int(((pixels[..., 0] > 200) & (pixels[..., 0] - pixels[..., 2] > 80)).sum())  # hot iron's reds

    fused_counts = {}
    for plane in planes:
        assert plane.slot.wash is not None, plane.mpr.view
        assert plane.last_scene.wash is not None and np.nanmax(plane.last_scene.wash.values) == pytest.approx(HOT_SUV, abs=0.05)
        fused_counts[plane.mpr.view] = hot_pixels(plane)
    window.ws.fusion.set_look(planes[0].slot, opacity=0.0)  # shared by the three planes
    wait_ready(qtbot, window)
    for plane in planes:  # the crosshair's red lines stay; the hot cube's wash goes
        assert fused_counts[plane.mpr.view] - hot_pixels(plane) > 100, plane.mpr.view


def test_fusion_hanging_protocol_lays_out_ct_pet_and_fused(qtbot, tmp_path):
    from gui_helpers import make_window
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    study, ct, pet = write_pet_ct(tmp_path / "src")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(ct), str(pet)])
    window = make_window(qtbot, home, protocols=True)
    window.open_study(study)
    wait_ready(qtbot, window)
    views = window.grid.visible_viewports()
    qtbot.waitUntil(lambda: views[2].slot.wash is not None, timeout=20000)
    wait_ready(qtbot, window)
    assert [v.state.display_set.modality for v in views] == ["CT", "PT", "CT"]
    assert views[0].slot.wash is None and views[1].slot.wash is None
    assert views[2].slot.wash.unit == "SUVbw" and views[2].last_scene.wash is not None
    # Page Down: the fused CT in MPR, every plane with the PET over it.
    qtbot.keyClick(views[0], Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    planes = lambda: [v for v in window.grid.visible_viewports() if v.mpr is not None]  # noqa: E731
    qtbot.waitUntil(lambda: len(planes()) == 3 and all(p.slot.wash is not None for p in planes()), timeout=20000)
    wait_ready(qtbot, window)
    assert all(p.last_scene.wash is not None for p in planes())
    assert window.mpr.session.volume.stack.modality == "CT"
    # Page Down again: the PET alone as a 400 mm MIP, coronal plane active.
    qtbot.keyClick(window.grid.active, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.stack.modality == "PT"
                    and window.mpr.session.volume.complete, timeout=20000)
    wait_ready(qtbot, window)
    assert window.ws.volumes.slab_mm == 400 and window.ws.volumes.slab_mode == "mip"
    assert window.grid.active.mpr.view == "coronal" and window.grid.active.slot.wash is None


def test_frames_of_reference_differ_the_pet_is_registered_first(qtbot, tmp_path):
    """A PET on a Frame of Reference of its own, 10, -6, 12 mm off the CT's: fused after a rigid registration,
    which finds that shift, and the hot spot's SUV read on the CT's nodule is the PET's own."""
    from fusion_data import write_pet_ct_two_frames

    shift = (10.0, -6.0, 12.0)
    study, ct, pet = write_pet_ct_two_frames(tmp_path / "src", shift)
    window = import_and_open(qtbot, tmp_path / "home", [ct, pet], study)
    vp = window.grid.active
    ct_set = stack_of(window, "CT")
    if vp.state.display_set is not ct_set:
        window.study_switch.show_in_active(ct_set.uid)
    hot = next(i for i, p in enumerate(ct_set.positions) if abs(p[2] - HOT_Z) < 0.01)
    vp.apply(vp.state.__class__(**{**vp.state.__dict__, "index": hot}))
    wait_ready(qtbot, window)
    window.fusion_controls.act_fuse.trigger()
    qtbot.waitUntil(lambda: vp.slot.wash is not None, timeout=60000)
    wait_ready(qtbot, window)
    m = np.asarray(vp.slot.wash.to_layer).reshape(4, 4)
    assert np.abs(m[:3, 3] - shift).max() < 1.0, m[:3, 3]
    x, y = screen_point_of(vp, HOT_ROW, HOT_COL)
    qtbot.mouseMove(vp, QPoint(x + 7, y + 7))  # Qt sends no move to where the cursor already is
    qtbot.mouseMove(vp, QPoint(x, y))
    qtbot.waitUntil(lambda: window.fusion_controls.panel.value.text() != "", timeout=5000)
    expected = hand_suv(pet / "pt002.dcm", 16, 16)
    assert f"SUVbw {expected:.2f}".replace(".", ",") in window.fusion_controls.panel.value.text()


def test_a_pet_dropped_with_shift_is_fused_a_plain_drop_replaces(qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from viewer.ui.viewport_widget import DISPLAY_SET_MIME

    study, ct, pet = write_pet_ct(tmp_path / "src")
    window = import_and_open(qtbot, tmp_path / "home", [ct, pet], study)
    vp = window.grid.active
    ct_set, pet_set = stack_of(window, "CT"), stack_of(window, "PT")
    if vp.state.display_set is not ct_set:
        window.study_switch.show_in_active(ct_set.uid)
        wait_ready(qtbot, window)

    def drop(modifiers) -> None:
        mime = QMimeData()
        mime.setData(DISPLAY_SET_MIME, pet_set.uid.encode())
        at = QPointF(vp.width() / 2, vp.height() / 2)
        enter = QDragEnterEvent(at.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, modifiers)
        QApplication.sendEvent(vp, enter)
        QApplication.sendEvent(vp, QDropEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, modifiers))

    drop(Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: vp.slot.wash is not None, timeout=20000)
    assert vp.state.display_set is ct_set  # the CT stays, the PET over it
    drop(Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: vp.state.display_set is not None and vp.state.display_set.uid == pet_set.uid, timeout=10000)
    assert vp.slot.wash is None  # another series shown: its layer went with the CT


def test_the_layer_is_held_in_the_memory_budget_and_refused_beyond_it(fused, qtbot):
    """The fused layer's voxels count in the workstation's one memory budget while a view shows it, and leave
    it with the layer; a layer that cannot fit is refused with its reason, never an out-of-memory crash."""
    window, vp, _pet = fused
    memory, layer = window.ws.memory, vp.slot.wash
    assert memory.used_by("fused layer") == layer.grid.values.nbytes  # float32 voxels, as read
    window.ws.fusion.set_layer(vp.slot, None)
    assert memory.used_by("fused layer") == 0
    said = []
    window.ws.fusion.failed.connect(said.append)
    memory.set_limit(layer.grid.values.nbytes // 2)  # room for half the layer, whatever the frames give up
    window.fusion_controls.act_fuse.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert vp.slot.wash is None and "more than the image memory budget" in str(said[0])
