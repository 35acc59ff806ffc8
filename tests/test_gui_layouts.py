"""Views show all they claim: MPR and 3-D in either order give the same 2x2, every plane is whole after a
layout change, and Ctrl+Q quits (in the window, from the clipping panel, and the real application)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from gui_helpers import make_window, wait_ready, widget_pixels
from synthetic import write_series
from test_gui_mpr import phantom

pytestmark = pytest.mark.gui


def _window_on(qtbot, tmp_path, name, **series):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / name, **series)
    home = tmp_path / f"home-{name}"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / name)])
    window = make_window(qtbot, home, language="en")
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    return window


def _press(qtbot, window, key):
    qtbot.keyClick(window.grid.active, key)
    if key == Qt.Key.Key_M and window.mpr.session is not None:
        qtbot.waitUntil(lambda: window.mpr.session.volume.complete, timeout=20000)
    qtbot.waitUntil(lambda: window.grid.all_ready(), timeout=30000)
    wait_ready(qtbot, window, timeout=30000)


@pytest.mark.parametrize("keys", ["MD", "DM"])
def test_mpr_and_3d_in_either_order_give_axial_coronal_sagittal_and_3d(qtbot, tmp_path, keys):
    window = _window_on(qtbot, tmp_path, "ph", slices=24, rows=96, cols=96, spacing=(1.0, 1.0), thickness=2.0,
                        hu_slices=phantom)
    for key in keys:
        _press(qtbot, window, Qt.Key.Key_M if key == "M" else Qt.Key.Key_D)
    vps = window.grid.visible_viewports()
    assert (window.grid.rows, window.grid.cols) == (2, 2)
    assert [vp.mpr.view if vp.mpr else None for vp in vps] == ["axial", "coronal", "sagittal", None]
    assert vps[3].vr is not None and vps[3].vr is window.mpr.session.volume
    assert window.act_mpr.isChecked() and window.act_vr.isChecked()
    # What each view shows: the plane named by its markers (axial: anterior up; coronal and sagittal: head
    # up), drawn from the data (not an empty view), and a 3-D picture in the fourth.
    assert [vp.last_scene.markers["top"] for vp in vps[:3]] == ["A", "H", "H"]
    assert [vp.last_scene.markers["left"] for vp in vps[:3]] == ["R", "R", "A"]
    for vp in vps[:3]:
        assert widget_pixels(vp)[:, :, 0].std() > 20
    assert widget_pixels(vps[3]).std() > 5
    # Each plane shows the bone block (1000 HU, 16 mm wide, slices 8-15) at the volume centre: white in
    # every plane, beside the crosshair drawn through the centre.
    for vp in vps[:3]:
        px = widget_pixels(vp)
        h, w = px.shape[:2]
        assert px[h // 2 - 12: h // 2 - 6, w // 2 - 12: w // 2 - 6].min() > 200


def grey_extent(vp):
    """Columns and rows of the viewport covered by the plane's image: the soft tissue's uniform grey."""
    px = widget_pixels(vp).astype(int)
    grey = (px[..., 0] == px[..., 1]) & (px[..., 1] == px[..., 2]) & (px[..., 0] > 90) & (px[..., 0] < 200)
    ys, xs = np.nonzero(grey)
    return xs.min(), xs.max(), ys.min(), ys.max()


def body(i):
    hu = np.full((128, 96), 40, np.int16)  # 40 HU: mid grey in the file's 400/40 window
    hu[0, 0] = -1000  # the volume's minimum, so that outside the volume is black
    return hu


def test_every_plane_is_whole_after_the_layout_changes(qtbot, tmp_path):
    # 96 x 128 mm in plane, 100 slices 2.5 mm apart: 247.5 mm from the first slice centre to the last.
    window = _window_on(qtbot, tmp_path, "body", slices=100, rows=128, cols=96, spacing=(1.0, 1.0), thickness=2.5,
                        hu_slices=body)
    _press(qtbot, window, Qt.Key.Key_M)
    axial, coronal, sagittal = window.grid.visible_viewports()
    # The reader zooms into the coronal (right drag up) and pans it (middle drag), then turns the planes
    # (Ctrl + left drag around the axial view's centre, about 30 degrees): the coronal becomes oblique.
    c = coronal.rect().center()
    qtbot.mousePress(coronal, Qt.MouseButton.RightButton, pos=c)
    qtbot.mouseMove(coronal, c - QPoint(0, 150))
    qtbot.mouseRelease(coronal, Qt.MouseButton.RightButton, pos=c - QPoint(0, 150))
    qtbot.mousePress(coronal, Qt.MouseButton.MiddleButton, pos=c)
    qtbot.mouseMove(coronal, c + QPoint(40, 60))
    qtbot.mouseRelease(coronal, Qt.MouseButton.MiddleButton, pos=c + QPoint(40, 60))
    assert coronal.state.zoom > 1.5
    a = axial.rect().center()
    start, end = a + QPoint(80, 0), a + QPoint(69, 40)  # 0 -> 30 degrees around the centre
    qtbot.mousePress(axial, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, start)
    qtbot.mouseMove(axial, end)
    qtbot.mouseRelease(axial, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, end)
    _press(qtbot, window, Qt.Key.Key_D)
    vps = window.grid.visible_viewports()
    assert [vp.mpr.view if vp.mpr else None for vp in vps] == ["axial", "coronal", "sagittal", None]
    assert "oblique" in coronal.last_scene.corners["bl"]
    right = window.mpr.session.planes["coronal"].right
    assert 20 < math.degrees(math.atan2(abs(right[1]), abs(right[0]))) < 40  # the turn the reader made
    for vp in vps[:3]:
        plane = window.mpr.session.planes[vp.mpr.view]
        (x0, x1, y0, y1), (w_px, h_px) = grey_extent(vp), whole_plane_px(plane.right, plane.down, vp.width(), vp.height())
        tol = 4
        assert x1 - x0 + 1 == pytest.approx(w_px, abs=tol), vp.mpr.view
        assert y1 - y0 + 1 == pytest.approx(h_px, abs=tol), vp.mpr.view
        assert (x0 + x1) / 2 == pytest.approx(vp.width() / 2, abs=tol)  # centred: the pan is gone too
        assert (y0 + y1) / 2 == pytest.approx(vp.height() / 2, abs=tol)


# The body series by hand: slice centres span 95 mm (x), 127 mm (y), 247.5 mm (z) around the volume centre.
HALF = (47.5, 63.5, 123.75)


def whole_plane_px(right, down, width, height):
    """The size on screen of the volume's cut through its centre along ``right``/``down``, fitted whole.

    The view fits the plane's grid, the volume's outline seen along the plane's normal (a voxel more for the
    half voxels drawn at each edge); the cut is the part of it inside the volume, where the grey is.
    """
    def outline(d):
        return 2 * sum(h * abs(c) for h, c in zip(HALF, d)) + 1

    def cut(d):
        return 2 * min(h / abs(c) for h, c in zip(HALF, d) if abs(c) > 1e-9) + 1

    scale = min(width / outline(right), height / outline(down))
    return cut(right) * scale, cut(down) * scale


def test_ctrl_q_quits_from_the_window_and_from_the_clip_panel(qtbot, tmp_path):
    window = _window_on(qtbot, tmp_path, "q", slices=12, rows=64, cols=64)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)
    window.act_clip.trigger()
    panel = window.clip_dialog
    with qtbot.waitActive(panel):
        panel.activateWindow()
    # The key goes to the panel's own window, as a keyboard's would (through the window system's path).
    QTest.keyClick(panel.windowHandle(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)

    other = _window_on(qtbot, tmp_path, "q2", slices=3, rows=32, cols=32)
    assert "Ctrl+Q" in [k.toString() for k in other.act_quit.shortcuts()]  # whatever the platform's Quit is
    other.grid.active.setFocus()
    QTest.keyClick(other.windowHandle(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not other.isVisible(), timeout=5000)


def test_ctrl_q_on_the_keyboard_quits_the_application(tmp_path):
    from xkeys import XKeyboard

    try:
        keyboard = XKeyboard()
    except OSError as exc:
        pytest.skip(f"needs an X display with XTest (xvfb-run): {exc}")
    before = keyboard.focus()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("QT_QPA_PLATFORM", None)
    # Not a first run: a first run opens the setup wizard before the window (tests/test_gui_setup_wizard.py).
    (tmp_path / "home" / "config").mkdir(parents=True)
    (tmp_path / "home" / "config" / "settings.json").write_text('{"setup_done": true}')
    app = subprocess.Popen([sys.executable, "-m", "viewer", "--home", str(tmp_path / "home"), "--lang", "en"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The window takes the keyboard when it appears (no window manager here to give it).
        deadline = time.monotonic() + 60
        while keyboard.focus() in (before, 0, 1) and app.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert app.poll() is None, app.communicate()
        assert keyboard.focus() not in (before, 0, 1), "the window never took the keyboard"
        keyboard.chord("Control_L", "q")
        rc = app.wait(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
        keyboard.close()
    out, err = app.communicate()
    assert rc == 0, err
