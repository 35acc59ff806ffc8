"""MPR geometry in the real window: irregular gaps read as a straight ramp on screen, a distance drawn with
the mouse across slices of a tilted stack is the physical one, a lost slice is a marked band, a series
whose slices share positions says why it cannot be reformatted, and planes open at a window that shows
the volume rather than its edge slice's."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui_helpers import make_window, screen_point_of, wait_ready, widget_pixels
from synthetic import write_series
from test_acquisition_geometry import (
    MARKERS,
    RAMP_COLS,
    RAMP_ROWS,
    RAMP_WINDOW,
    TILT_N,
    PX,
    ramp_positions,
    ramp_slice,
    tilt_positions,
    tilt_slice,
)
from test_gui_measure import choose, drag
from test_render_cmd import linear_voi

pytestmark = pytest.mark.gui


def open_mpr(qtbot, tmp_path, folder, study_uid, language="fr"):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(folder)])
    window = make_window(qtbot, home, language)
    window.open_study(study_uid)
    wait_ready(qtbot, window)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    return window


def wait_filled(qtbot, window):
    assert window.mpr.session is not None, window.status_label.text()
    # Generous: the volume fills in worker threads, slow on a loaded 2-core machine (not a timing check).
    qtbot.waitUntil(lambda: window.mpr.session.volume.complete, timeout=60000)
    wait_ready(qtbot, window, timeout=60000)


def grey(px) -> np.ndarray:
    """Pixels the image itself drew (grey), not the crosshair, frame or texts (coloured)."""
    return (np.abs(px[..., 0].astype(int) - px[..., 1]) <= 2) & (np.abs(px[..., 1].astype(int) - px[..., 2]) <= 2)


def ramp_rows_checked(vp, centre_z: float = 12.0) -> int:
    """Compares every image row of a coronal/sagittal plane on screen with the grey of 10 x its z (HU) at the
    ramp's window; returns how many rows were checked. ``centre_z``: by hand, the slices span z 0..24 mm."""
    view = vp.mpr.view
    scene = vp.last_scene
    oy = vp.mpr.resampler.last_origin[view][1]
    px = widget_pixels(vp)
    h, w = scene.image.shape[:2]
    col = w // 4  # clear of the vertical crosshair through the middle
    checked = 0
    for row in range(h):
        z = centre_z - (oy + row * scene.spacing[1])  # down is -z
        if not 0.5 <= z <= 23.5 or abs(z - centre_z) < 1.5:  # the faces, the horizontal crosshair
            continue
        x, y = screen_point_of(vp, row, col)
        expected = float(linear_voi(np.array([10.0 * z]), RAMP_WINDOW[1], RAMP_WINDOW[0])[0])
        assert grey(px[y, x][None])[0], (view, row)
        assert abs(float(px[y, x, 0]) - expected) <= 4.0, (view, row, z, px[y, x, 0], expected)
        checked += 1
    return checked


def test_irregular_gaps_show_a_straight_ramp_on_screen_from_the_first_frame(qtbot, tmp_path):
    info = write_series(tmp_path / "src", rows=RAMP_ROWS, cols=RAMP_COLS, spacing=(1.0, 1.0), thickness=1.0,
                        positions=ramp_positions(), hu_slices=ramp_slice, window=RAMP_WINDOW)
    window = open_mpr(qtbot, tmp_path, tmp_path / "src", info["study_uid"])
    # The frame drawn as soon as the slices are in, before the window has heard that the fill finished
    # (QThread.wait does not run the event loop): no fix-up after completion may be what makes it right.
    assert window.mpr.fill.wait(60000)
    planes = window.grid.visible_viewports()[1:]  # coronal, sagittal
    # At full quality, as the frame that follows once still (a draft's coarser pixels, upscaled, blur the
    # rows this reads by a few grey levels).
    window.mpr.resampler.draft = False
    for vp in planes:
        vp.render_sync()
    assert sum(ramp_rows_checked(vp) for vp in planes) >= 2 * 18
    wait_filled(qtbot, window)
    assert sum(ramp_rows_checked(vp) for vp in planes) >= 2 * 18


def test_distance_drawn_across_slices_of_a_tilted_stack_is_the_physical_one(qtbot, tmp_path):
    from viewer.model.measurements import MeasurementKind as K

    info = write_series(tmp_path / "src", rows=TILT_N, cols=TILT_N, spacing=(PX, PX), thickness=1.5,
                        positions=tilt_positions(), hu_slices=tilt_slice, window=(2000.0, 500.0))
    window = open_mpr(qtbot, tmp_path, tmp_path / "src", info["study_uid"])
    window.resize(1900, 1000)  # wider planes: markers tens of screen pixels across
    wait_filled(qtbot, window)
    session = window.mpr.session
    # The coronal plane through markers 1 and 2 (same y), its crosshair clear of both.
    session.center = np.array([0.0, MARKERS[0][1], 27.5])
    session.changed()
    wait_ready(qtbot, window, timeout=60000)
    coronal = window.grid.visible_viewports()[1]
    px = widget_pixels(coronal)
    bright = grey(px) & (px[..., 0] > 150)  # 1000 HU markers over 0 HU (grey 64 at W 2000 / L 500)
    # Where the markers show on screen: the centre of the bright pixels near each one's expected place.
    resampler, scene = coronal.mpr.resampler, coronal.last_scene
    ox, oy = resampler.last_origin["coronal"]
    vc = session.volume_center()
    found = []
    for m in MARKERS[:2]:
        col = ((m - vc) @ np.array([1.0, 0, 0]) - ox) / scene.spacing[0]
        row = ((m - vc) @ np.array([0, 0, -1.0]) - oy) / scene.spacing[1]
        sx, sy = screen_point_of(coronal, row, col)
        y0, x0 = max(0, sy - 40), max(0, sx - 40)
        ys, xs = np.nonzero(bright[y0:sy + 41, x0:sx + 41])
        assert len(xs) > 50, "no marker on screen near its patient position"
        found.append((int(round(xs.mean())) + x0, int(round(ys.mean())) + y0))
    choose(window, K.LENGTH)
    drag(qtbot, coronal, found[0], found[1])
    wait_ready(qtbot, window)
    (m,) = list(window.measure.mset)
    physical = float(np.linalg.norm(MARKERS[1] - MARKERS[0]))  # 30.81 mm, across acquired slices 10 to 16
    mm_per_screen = coronal.renderer.mm_per_screen_pixel(coronal.last_scene)
    assert window.measure.result(m, None)["length"] == pytest.approx(physical, abs=1.0 + 2 * mm_per_screen)


def test_a_lost_slice_is_a_marked_band_on_the_planes_that_cross_it(qtbot, tmp_path):
    z = [2.0 * k for k in range(12) if k != 3]  # 0 .. 22 mm, the slice at 6 mm lost
    positions = [(-20.0, -20.0, v) for v in z]
    info = write_series(tmp_path / "src", rows=40, cols=40, spacing=(1.0, 1.0), thickness=2.0, positions=positions,
                        hu_slices=lambda i: np.full((40, 40), 40.0), window=(400, 40))
    window = open_mpr(qtbot, tmp_path, tmp_path / "src", info["study_uid"])
    wait_filled(qtbot, window)
    axial, coronal, sagittal = window.grid.visible_viewports()
    for vp in (coronal, sagittal):
        scene = vp.last_scene
        assert "rééchantillonné à 2,00 mm (1 coupe(s) manquante(s))" in scene.corners["bl"]
        assert [label[2] for label in scene.labels] == ["coupes manquantes"]
        oy = vp.mpr.resampler.last_origin[vp.mpr.view][1]
        px = widget_pixels(vp)
        h, w = scene.image.shape[:2]
        marked = plain = 0
        for row in range(h):
            zr = 11.0 - (oy + row * scene.spacing[1])  # by hand: the volume's centre is at z 11
            if not 0.5 <= zr <= 21.5 or 3.5 <= abs(zr - 4.0) <= 4.5 or abs(zr - 8.0) <= 0.5 or abs(zr - 11.0) < 1.5:
                continue  # faces, the band's edges (screen rounding) and the crosshair
            x, y = screen_point_of(vp, row, 3 * w // 4)
            r, g, b = (int(v) for v in px[y, x])
            if 4.0 < zr < 8.0:
                assert r - b > 40, (vp.mpr.view, row, zr, (r, g, b))  # amber over the grey
                marked += 1
            else:
                assert abs(r - b) <= 2 and abs(r - 127) <= 3, (vp.mpr.view, row, zr, (r, g, b))  # grey, 40 HU at L 40
                plain += 1
        assert marked >= 2 and plain >= 10
    # The axial plane through the middle (z 11) crosses no band: plain grey, no label.
    assert axial.last_scene.labels == () and axial.last_scene.image.ndim == 2


@pytest.mark.parametrize("language, words", [
    ("fr", "ont la position d'une autre image"),
    ("en", "share their position with another image"),
])
def test_slices_sharing_positions_say_why_mpr_cannot_start(qtbot, tmp_path, language, words):
    z = [0.0, 0.0, 2.0, 2.0, 4.0, 4.0, 6.0]  # uneven repeats: the series list cannot split them
    info = write_series(tmp_path / "src", rows=32, cols=32, positions=[(0.0, 0.0, v) for v in z])
    window = open_mpr(qtbot, tmp_path, tmp_path / "src", info["study_uid"], language)
    assert window.mpr.session is None and not window.act_mpr.isChecked()
    text = window.status_label.text()
    assert words in text and ("MPR" in text) and "Traceback" not in text
    assert window.grid.active.state.display_set is not None  # the series is still shown, slice by slice


def test_planes_of_a_sagittal_series_open_at_the_middle_slices_window_not_its_edge_slices(qtbot, tmp_path):
    sagittal = (0, 1, 0, 0, 0, -1)

    def body(i):
        hu = np.full((48, 48), -1000.0)
        if 2 <= i <= 13:
            hu[8:40, 8:40] = 40.0
            hu[20:28, 20:28] = 300.0
        return hu

    # The outermost slice (first along the normal) carries the window a scanner fits to air: W 8 / L 4.
    info = write_series(tmp_path / "src", slices=16, rows=48, cols=48, orientation=sagittal, hu_slices=body,
                        window=lambda i: (8, 4) if i == 0 else (400, 40))
    window = open_mpr(qtbot, tmp_path, tmp_path / "src", info["study_uid"])
    wait_filled(qtbot, window)
    for vp in window.grid.visible_viewports():
        shown = vp.last_scene.window
        assert (shown.center, shown.width) == (40, 400), vp.mpr.view
        image = vp.last_scene.image
        assert (image == 255).mean() < 0.2, vp.mpr.view  # not a white blob
