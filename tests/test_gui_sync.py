"""Linked viewports as a reader drives them (issue 14): the toolbar's toggles, real wheel, key and mouse
events, two series of one study side by side. Expected slices are worked out by hand from the positions the
series were written with, never from the linking code."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QToolBar
from pydicom.uid import generate_uid

from gui_helpers import import_and_open, wait_ready
from synthetic import write_series

pytestmark = pytest.mark.gui

# Series A: 12 axial slices, 2 mm apart from z = 0 (z = 0, 2, ..., 22), 0.8 mm pixels.
# Series B: 6 axial slices, 5 mm apart from z = -3 (z = -3, 2, 7, 12, 17, 22), 0.5 mm pixels.
A_Z = [2.0 * i for i in range(12)]
B_Z = [-3.0 + 5.0 * i for i in range(6)]


@pytest.fixture
def pair(qtbot, tmp_path):

    study, frame = generate_uid(), generate_uid()
    write_series(tmp_path / "a", slices=12, rows=96, cols=96, study_uid=study, frame_uid=frame, thickness=2.0,
                 origin=(-40.0, -40.0, 0.0))
    write_series(tmp_path / "b", slices=6, rows=128, cols=128, study_uid=study, frame_uid=frame, thickness=5.0,
                 spacing=(0.5, 0.5), origin=(-30.0, -30.0, -3.0))
    window = import_and_open(qtbot, tmp_path / "home", [tmp_path / "a", tmp_path / "b"], study,
                             layout=(1, 2))
    a, b = window.grid.visible_viewports()
    if a.state.count != 12:  # the series list order is by series number; both were written as 1
        a, b = b, a
    window.grid.set_active(a)
    assert a.state.count == 12 and b.state.count == 6
    return window, a, b


def z_of(vp) -> float:
    return vp.state.display_set.positions[vp.state.index][2]


def wheel(vp, steps: int) -> None:
    centre = QPointF(vp.rect().center())
    for _ in range(abs(steps)):
        delta = QPoint(0, -120 if steps > 0 else 120)
        event = QWheelEvent(centre, vp.mapToGlobal(centre), QPoint(0, 0), delta, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(vp, event)


def click_toolbar(qtbot, window, action) -> None:
    bar = window.findChild(QToolBar, "links")
    button = bar.widgetForAction(action)
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def nearest(values, z):
    return min(values, key=lambda v: abs(v - z))


def test_linked_scroll_follows_patient_position_not_index(pair, qtbot):
    window, a, b = pair
    controls = window.link_controls
    # Unlinked: scrolling A leaves B where it is.
    b_before = b.state.index
    wheel(a, 2)
    wait_ready(qtbot, window)
    assert b.state.index == b_before
    click_toolbar(qtbot, window, controls.actions["scroll"])
    assert controls.actions["scroll"].isChecked()
    wait_ready(qtbot, window)
    # Turning the link on brings B to A's level at once.
    assert z_of(b) == nearest(B_Z, z_of(a))
    for steps in (1, 1, 3, -5, -4, 6):
        wheel(a, steps)
        wait_ready(qtbot, window)
        # By hand: A's slice z (2 mm steps) -> the B slice (5 mm steps from -3) nearest it, in mm.
        assert z_of(b) == nearest(B_Z, z_of(a)), (z_of(a), z_of(b))
    # Keys on A (Down: next slice) carry B along too; at A's z = 12 B must show z = 12, index unlike A's.
    while z_of(a) != 12.0:
        qtbot.keyClick(a, Qt.Key.Key_Down if z_of(a) < 12.0 else Qt.Key.Key_Up)
    wait_ready(qtbot, window)
    assert z_of(b) == 12.0 and b.state.index != a.state.index
    # B leads as well: its 5 mm step moves A by 5 mm worth of its 2 mm slices (nearest of 17: 16 or 18).
    wheel(b, 1 if b.state.display_set.positions[-1][2] > 12 else -1)
    wait_ready(qtbot, window)
    assert abs(z_of(a) - z_of(b)) <= 1.0
    # Unlinked again: A scrolls alone.
    click_toolbar(qtbot, window, controls.actions["scroll"])
    b_index = b.state.index
    wheel(a, 3)
    wait_ready(qtbot, window)
    assert b.state.index == b_index


def test_linked_window_propagates_and_unlinked_does_not(pair, qtbot):
    window, a, b = pair
    click_toolbar(qtbot, window, window.link_controls.actions["window"])
    a.setFocus()
    qtbot.keyClick(a, Qt.Key.Key_5)  # lung preset on the active view: W 1500 / L -600
    wait_ready(qtbot, window)
    assert (b.state.window.width, b.state.window.center) == (1500, -600)
    assert b.last_scene.window.width == 1500  # drawn with it
    click_toolbar(qtbot, window, window.link_controls.actions["window"])
    window.grid.set_active(a)
    a.setFocus()
    qtbot.keyClick(a, Qt.Key.Key_2)  # brain preset: A only
    wait_ready(qtbot, window)
    assert a.state.window.width != 1500
    assert (b.state.window.width, b.state.window.center) == (1500, -600)


def test_linked_zoom_keeps_the_same_millimetres_per_screen_pixel(pair, qtbot):
    window, a, b = pair
    click_toolbar(qtbot, window, window.link_controls.actions["zoom"])
    centre = a.rect().center()
    qtbot.mousePress(a, Qt.MouseButton.RightButton, pos=centre)
    qtbot.mouseMove(a, centre + QPoint(0, -80))
    qtbot.mouseRelease(a, Qt.MouseButton.RightButton, pos=centre + QPoint(0, -80))
    wait_ready(qtbot, window)
    assert a.state.zoom != 1.0
    # The same physical scale: one screen pixel covers the same millimetres in both views (by the renderer's
    # own camera), though A's image is 76.8 mm wide and B's 64 mm.
    mm_a = a.renderer.mm_per_screen_pixel(a.last_scene)
    mm_b = b.renderer.mm_per_screen_pixel(b.last_scene)
    assert mm_b == pytest.approx(mm_a, rel=1e-3)
    assert b.state.zoom != pytest.approx(a.state.zoom, rel=1e-3)


def test_linked_cine_carries_the_linked_view(pair, qtbot):
    window, a, b = pair
    click_toolbar(qtbot, window, window.link_controls.actions["scroll"])
    window.fps.setValue(30)
    a.setFocus()
    start = a.state.index
    qtbot.keyClick(a, Qt.Key.Key_Space)  # cine on the active view
    qtbot.waitUntil(lambda: abs(a.state.index - start) >= 3, timeout=5000)
    qtbot.keyClick(a, Qt.Key.Key_Space)
    wait_ready(qtbot, window)
    assert not a.cine.isActive() and not b.cine.isActive()  # one cine leads; the other follows it
    assert z_of(b) == nearest(B_Z, z_of(a))


def test_link_toggles_are_kept_for_the_next_session(pair, qtbot, tmp_path):
    """A reader who reads with linked scroll finds it on the next day: the toggle is saved when clicked (a power
    cut must not forget it), and a window made from the saved settings starts with it on and linking."""
    import json

    from PySide6.QtWidgets import QApplication as App

    from viewer.core.settings import Settings
    from viewer.model.frames import FrameLoader
    from viewer.model.registry import load_plugins
    from viewer.store.cache import StudyCache
    from viewer.ui.main_window import MainWindow
    from viewer.ui.workstation_bridge import gui_workstation

    window, a, b = pair
    click_toolbar(qtbot, window, window.link_controls.actions["scroll"])
    paths = window.ws.paths
    assert json.loads(paths.settings_file.read_text(encoding="utf-8"))["extra"]["linked_views"] == ["scroll"]
    study = window.ws.study.study_uid
    window.close()
    App.processEvents()

    settings = Settings.load(paths.settings_file)
    settings.grid_rows, settings.grid_cols = 1, 2
    ws = gui_workstation(paths, settings, StudyCache(paths.store), load_plugins(), FrameLoader(), "fr", tmp_path / "home")
    again = MainWindow(ws)
    qtbot.addWidget(again)
    again.resize(1200, 800)
    again.show()
    qtbot.waitExposed(again)
    assert again.link_controls.actions["scroll"].isChecked() and not again.link_controls.actions["zoom"].isChecked()
    again.open_study(study)
    wait_ready(qtbot, again)
    a2, b2 = again.grid.visible_viewports()
    if a2.state.count != 12:
        a2, b2 = b2, a2
    again.grid.set_active(a2)
    before = b2.state.index
    wheel(a2, 6)
    wait_ready(qtbot, again)
    assert b2.state.index != before  # linked from the first image on, without a click
    assert abs(z_of(b2) - nearest(B_Z, z_of(a2))) < 1e-6
