"""Segmentations in the real window: a DICOM SEG double-clicked in the series list shows its CT with each
segment filled and outlined in the file's colour at the voxels the file marks; hiding a segment in the
segments panel takes it off the screen; the panel gives each segment's volume; an RT Structure Set's contour
is drawn where its points lie; an MPR plane cut through a segment shows it at its place."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

import segmentation_fixtures as F
from gui_helpers import make_window, screen_point_of, wait_ready, widget_pixels

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = F.write_study(tmp_path / "study")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "study")])
    window = make_window(qtbot, home)
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    return window, info


def activate(qtbot, window, kind_of):
    """Double-click, in the series list, the display set whose ``content`` is ``kind_of`` ("seg", "rtstruct")."""
    ds = next(d for d in window.ws.display_sets.values() if getattr(d, "content", "") == kind_of)
    series = window.browser.series
    item = next(series.item(i) for i in range(series.count()) if series.item(i).data(Qt.ItemDataRole.UserRole) == ds.uid)
    series.scrollToItem(item)
    rect = series.visualItemRect(item)
    assert series.viewport().rect().contains(rect.center()), rect
    qtbot.mouseClick(series.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double click's first press
    qtbot.mouseDClick(series.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not window.ws.segments.loading(), timeout=20000)  # read on a thread
    wait_ready(qtbot, window)
    return ds


def at(vp, px, row, col):
    x, y = screen_point_of(vp, row, col)
    return px[y, x].astype(int)


def is_grey(rgb) -> bool:
    return max(rgb) - min(rgb) <= 6


def test_seg_is_drawn_on_its_ct_and_hidden_from_the_panel(opened, qtbot):
    window, info = opened
    kinds = {d.kind for d in window.ws.display_sets.values()}
    assert "unsupported" not in kinds and "segmentation" in kinds
    # The CT opens alone: no colour on it.
    vp = window.grid.active
    assert vp.state.display_set.series_uid == info["series_uid"]
    activate(qtbot, window, "seg")
    vp = window.grid.active
    assert vp.state.display_set.series_uid == info["series_uid"], "the SEG's CT is not shown"
    index = vp.state.index
    assert 3 <= index <= 6, f"slice {index} does not cross the first segment (slices 3..6)"
    px = widget_pixels(vp)
    # Segment 1 (red) spans rows 20..35, columns 10..29 on this slice: its edge is red, its inside tinted,
    # outside it the CT's grey.
    edge, inside, outside = at(vp, px, 20, 20), at(vp, px, 28, 20), at(vp, px, 10, 50)
    assert edge[0] >= 240 and edge[1] <= 20 and edge[2] <= 20, edge
    grey = outside[0]
    assert is_grey(outside), outside
    expected_r = grey * (1 - 0.35) + 255 * 0.35  # the default opacity, by hand
    assert abs(inside[0] - expected_r) <= 8 and abs(inside[1] - grey * 0.65) <= 8, (inside, grey)
    # Two pixels outside the box's edges: no colour (the screen interpolates between neighbouring pixels).
    assert is_grey(at(vp, px, 18, 20)) and is_grey(at(vp, px, 28, 8)) and is_grey(at(vp, px, 28, 31))
    assert is_grey(at(vp, px, 37, 20)), "colour below the box"

    panel = window.segments_dock.panel
    assert window.segments_dock.dock.isVisible()
    header = panel.tree.headerItem()
    assert [header.text(i) for i in range(3)] == ["Segment", "Volume", "Opacité"]  # the window is in French
    assert panel.method.text() == "Volumes\u00a0: nombre de voxels × volume du voxel"
    seg = window.ws.segments.layers.all()[0].segmentation
    # Volume by hand: 16 rows x 20 columns x 4 slices x 0.8 x 0.8 x 2.5 mm = 2048 mm3 = 2.05 mL.
    items = [panel.tree.topLevelItem(0).child(i) for i in range(2)]
    assert items[0].text(1) == "2,05\u00a0mL" and items[1].text(1) == "1,02\u00a0mL"
    assert panel.boxes[(seg.sop_uid, 1)].text() == "Tumeur"
    box = panel.boxes[(seg.sop_uid, 1)]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not box.isChecked()
    wait_ready(qtbot, window)
    px = widget_pixels(vp)
    assert is_grey(at(vp, px, 20, 20)) and is_grey(at(vp, px, 28, 20)), "the hidden segment is still drawn"
    # Opacity: the slider of segment 1 back on, at 100 %: the inside is the segment's full colour.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    panel.sliders[(seg.sop_uid, 1)].setValue(100)
    wait_ready(qtbot, window)
    inside = at(vp, widget_pixels(vp), 28, 20)
    assert inside[0] >= 240 and inside[1] <= 20, inside


def test_rt_structure_contour_is_drawn_where_its_points_lie(opened, qtbot):
    window, info = opened
    activate(qtbot, window, "rtstruct")
    vp = window.grid.active
    assert vp.state.display_set.series_uid == info["series_uid"]
    assert vp.state.index in F.RT_SLICES
    px = widget_pixels(vp)
    # The square's left side lies 6 mm left of column 30: column 30 - 6 / 0.8 = 22.5.
    left = 30 - F.RT_HALF_MM / F.SPACING[1]
    blue = at(vp, px, 30, left)
    assert blue[2] >= 200 and blue[0] <= 60 and blue[1] <= 60, blue
    assert is_grey(at(vp, px, 30, left - 2)), "colour outside the contour"
    inside = at(vp, px, 30, 30)
    assert inside[2] > inside[0] + 30, inside  # filled, tinted blue
    panel = window.segments_dock.panel
    # 12 mm x 12 mm x 4 contours x 2.5 mm = 1440 mm3, by the areas and the slice spacing.
    assert panel.tree.topLevelItem(0).child(0).text(1) == "1,44\u00a0mL"
    assert "contour" in panel.method.text().lower()


def test_mpr_plane_shows_the_segment_at_its_place(opened, qtbot):
    window, info = opened
    activate(qtbot, window, "seg")
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    assert window.mpr.session is not None, window.status_label.text()
    qtbot.waitUntil(lambda: window.mpr.session.volume.complete, timeout=60000)
    session = window.mpr.session
    # The shared point inside segment 1 (row 28, column 20, slice 4.5): by the CT's geometry.
    session.center = np.array([F.ORIGIN[0] + 20 * F.SPACING[1], F.ORIGIN[1] + 28 * F.SPACING[0],
                               F.ORIGIN[2] + 4.5 * F.THICKNESS])
    session.changed()
    wait_ready(qtbot, window, timeout=60000)
    coronal = next(vp for vp in window.grid.visible_viewports() if vp.mpr is not None and vp.mpr.view == "coronal")
    scene = coronal.last_scene
    image = scene.image
    red = (image[..., 0].astype(int) - image[..., 1] > 60) & (image[..., 0].astype(int) - image[..., 2] > 60)
    assert red.any(), "segment 1 is not on the coronal plane"
    ox, oy = coronal.mpr.resampler.last_origin["coronal"]
    plane, vc = session.planes["coronal"], session.volume_center()
    first = vc + plane.normal * float(np.dot(session.center - vc, plane.normal)) + plane.right * ox + plane.down * oy
    rows, cols = np.nonzero(red)
    points = first + np.outer(cols * scene.spacing[0], plane.right) + np.outer(rows * scene.spacing[1], plane.down)
    xs, zs = points[:, 0], points[:, 2]
    x0, x1 = F.ORIGIN[0] + 10 * F.SPACING[1], F.ORIGIN[0] + 29 * F.SPACING[1]
    z0, z1 = F.ORIGIN[2] + 3 * F.THICKNESS, F.ORIGIN[2] + 6 * F.THICKNESS
    tol = max(scene.spacing) + F.THICKNESS / 2 + 0.01
    assert xs.min() >= x0 - tol and xs.max() <= x1 + tol and zs.min() >= z0 - tol and zs.max() <= z1 + tol, \
        (xs.min(), xs.max(), zs.min(), zs.max())
    assert xs.max() - xs.min() >= (x1 - x0) - 2 * tol and zs.max() - zs.min() >= (z1 - z0) - 2 * tol
    # And on screen: the plane's pixel in the middle of the red patch is red-tinted.
    r, c = int(np.median(rows)), int(np.median(cols))
    px = widget_pixels(coronal)
    rgb = at(coronal, px, r, c)
    assert rgb[0] > rgb[1] + 40, rgb
