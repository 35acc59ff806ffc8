"""A PET series in the real window: the stack and its MPR planes open in inverted grey, SUV 0..5."""

from __future__ import annotations

import pydicom
import pytest
from PySide6.QtCore import Qt

from gui_helpers import make_window, wait_ready, widget_pixels
from test_pet_default_window import SLICES, write_pet

pytestmark = pytest.mark.gui


@pytest.fixture
def pet_window(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    folder, _ = write_pet(tmp_path / "src")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(folder)])
    window = make_window(qtbot, home)
    window.open_study(str(pydicom.dcmread(folder / "pt000.dcm").StudyInstanceUID))
    wait_ready(qtbot, window)
    return window


def test_pet_stack_opens_inverted_in_suv(pet_window):
    vp = pet_window.grid.active
    assert vp.state.invert and vp.state.index == SLICES // 2
    scene = vp.last_scene
    assert "SUV" in scene.window.explanation
    image = scene.image
    assert image[0, 0] == 255 and image[image.shape[0] // 2, image.shape[1] // 2] == 0  # air white, hot black
    assert widget_pixels(vp)[:, :, 0].mean() > 128  # what the reader sees is mostly white, not black


def test_invert_key_and_reset_on_a_pet_stack(pet_window, qtbot):
    vp = pet_window.grid.active
    qtbot.keyClick(vp, Qt.Key.Key_I)
    wait_ready(qtbot, pet_window)
    assert not vp.state.invert and vp.last_scene.image[0, 0] == 0
    qtbot.keyClick(vp, Qt.Key.Key_Escape)
    wait_ready(qtbot, pet_window)
    assert vp.state.invert and vp.last_scene.image[0, 0] == 255


def test_pet_planes_open_inverted(pet_window, qtbot):
    window = pet_window
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    wait_ready(qtbot, window)
    for vp in window.grid.visible_viewports():
        assert vp.state.invert
        image = vp.last_scene.image
        assert (image >= 240).mean() > 0.3 and image.min() == 0, vp.mpr.view  # white air, black sphere
