"""The reading window as a user drives it: real widgets, real renders, pixels checked against the data."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui_helpers import import_and_open, make_window, screen_point_of, wait_ready, widget_pixels
from synthetic import write_series

pytestmark = pytest.mark.gui


def linear_voi(hu: float, center: float, width: float) -> float:
    """PS3.3 C.11.2.1.2.1 LINEAR, written out independently of Cauri's implementation."""
    if hu <= center - 0.5 - (width - 1) / 2:
        return 0.0
    if hu > center - 0.5 + (width - 1) / 2:
        return 255.0
    return ((hu - (center - 0.5)) / (width - 1) + 0.5) * 255.0


@pytest.fixture
def opened(qtbot, tmp_path):
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=12, rows=128, cols=128)
    home = tmp_path / "home"
    from viewer.core.paths import resolve_paths

    with StudyCache(resolve_paths(home).ensure().store) as cache:
        report = import_paths(cache, [str(tmp_path / "src")])
    assert report.imported == 12
    window = make_window(qtbot, home)
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    return window, info


def grey_at(vp, row, col) -> int:
    x, y = screen_point_of(vp, row, col)
    return int(widget_pixels(vp)[y, x, 0])


def test_study_opens_in_the_viewport_with_the_file_window(opened):
    window, _ = opened
    vp = window.grid.active
    assert vp.state.display_set is not None and vp.state.count == 12
    assert vp.state.index == 6
    # Right half is 40 HU soft tissue, left half air; the file's window is 400/40.
    assert abs(grey_at(vp, 100, 100) - linear_voi(40, 40, 400)) <= 1.5
    assert grey_at(vp, 100, 20) == 0
    # The bone square of slice 6 starts at column 42 (see synthetic.block_image).
    assert grey_at(vp, 24, 42 + 10) == 255


def test_lung_preset_key_changes_pixels_as_computed_from_the_data(opened, qtbot):
    window, _ = opened
    vp = window.grid.active
    before = widget_pixels(vp)
    qtbot.keyClick(vp, Qt.Key.Key_5)  # 1 = file window, 2.. = brain, subdural, stroke, lung
    wait_ready(qtbot, window)
    assert vp.state.window.width == 1500 and vp.state.window.center == -600
    assert abs(grey_at(vp, 100, 100) - linear_voi(40, -600, 1500)) <= 1.5
    assert abs(grey_at(vp, 100, 20) - linear_voi(-1000, -600, 1500)) <= 1.5
    assert not np.array_equal(before, widget_pixels(vp))


def test_left_drag_windows_and_invert_inverts(opened, qtbot):
    window, _ = opened
    vp = window.grid.active
    start = vp.current_window()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=vp.rect().center())
    qtbot.mouseMove(vp, vp.rect().center() + type(vp.rect().center())(60, 0))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=vp.rect().center() + type(vp.rect().center())(60, 0))
    wait_ready(qtbot, window)
    assert vp.state.window.width > start.width
    w = vp.state.window
    assert abs(grey_at(vp, 100, 100) - linear_voi(40, w.center, w.width)) <= 1.5
    qtbot.keyClick(vp, Qt.Key.Key_I)
    wait_ready(qtbot, window)
    assert abs(grey_at(vp, 100, 100) - (255 - linear_voi(40, w.center, w.width))) <= 1.5


def test_scrolling_moves_through_slices_sorted_by_position(opened, qtbot):
    window, _ = opened
    vp = window.grid.active
    qtbot.keyClick(vp, Qt.Key.Key_Down)
    wait_ready(qtbot, window)
    assert vp.state.index == 7
    # Slice 7's bone square starts at column 49; column 45 is soft tissue again.
    assert grey_at(vp, 24, 49 + 10) == 255
    assert grey_at(vp, 24, 45) < 255
    qtbot.keyClick(vp, Qt.Key.Key_End)
    assert vp.state.index == 11
    qtbot.keyClick(vp, Qt.Key.Key_Home)
    assert vp.state.index == 0
    qtbot.keyClick(vp, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ShiftModifier)  # Page Down alone: next stage
    assert vp.state.index == 10


def test_orientation_markers_follow_rotation_and_flip(opened, qtbot):
    window, _ = opened
    vp = window.grid.active
    assert vp.last_scene.markers == {"left": "R", "right": "L", "top": "A", "bottom": "P"}
    qtbot.keyClick(vp, Qt.Key.Key_R)
    wait_ready(qtbot, window)
    assert vp.last_scene.markers == {"left": "P", "right": "A", "top": "R", "bottom": "L"}
    qtbot.keyClick(vp, Qt.Key.Key_Escape)
    qtbot.keyClick(vp, Qt.Key.Key_H)
    wait_ready(qtbot, window)
    assert vp.last_scene.markers["left"] == "L" and vp.last_scene.markers["right"] == "R"


def test_layout_grid_and_active_viewport(opened, qtbot):
    window, _ = opened
    window.set_layout(2, 2)
    wait_ready(qtbot, window)
    vps = window.grid.visible_viewports()
    assert len(vps) == 4
    qtbot.mouseClick(vps[3], Qt.MouseButton.LeftButton)
    assert window.grid.active is vps[3]
    # The active viewport carries a visible (yellow) frame; the others do not.
    active_px = widget_pixels(vps[3])[1, vps[3].width() // 2]
    other_px = widget_pixels(vps[0])[1, vps[0].width() // 2]
    assert active_px[0] > 200 and active_px[2] < 80
    assert not (other_px[0] > 200 and other_px[2] < 80)


def test_overlays_toggle_removes_corner_text(opened, qtbot):
    window, _ = opened
    vp = window.grid.active
    corner = lambda: widget_pixels(vp)[5:60, 5:200].max()  # noqa: E731
    assert corner() > 150  # patient name drawn in the top-left corner
    window.act_overlays.trigger()
    wait_ready(qtbot, window)
    assert corner() < 30


def test_french_and_english_interfaces(qtbot, tmp_path):
    fr = make_window(qtbot, tmp_path / "h1", language="fr")
    assert fr.act_invert.text() == "Inverser"
    assert fr.browser.search_button.text() == "Rechercher"
    en = make_window(qtbot, tmp_path / "h2", language="en")
    assert en.act_invert.text() == "Invert"


def test_series_dragged_into_a_viewport_and_files_dropped_on_the_window(opened, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    from viewer.ui.viewport_widget import DISPLAY_SET_MIME

    window, info = opened
    window.set_layout(1, 2)
    right = window.grid.visible_viewports()[1]
    uid = next(iter(window.ws.display_sets))
    mime = QMimeData()
    mime.setData(DISPLAY_SET_MIME, uid.encode())
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # Qt only dispatches drops during a real drag session; deliver to the widget's handler directly.
    right.dropEvent(drop)
    assert right.state.display_set is not None and right.state.display_set.uid == uid

    other = write_series(tmp_path / "more", slices=4, rows=64, cols=64, patient_id="SYN-002", patient_name="AUTRE^Patient")
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(tmp_path / "more"))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, files, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: not window.job_running() and getattr(window, "last_import_report", None) is not None, timeout=20000)
    assert window.last_import_report.imported == 4
    assert window.ws.study.study_uid == other["study_uid"]
    assert window.browser.table.rowCount() == 2


def test_double_click_series_thumbnail_and_study_search(opened, qtbot):
    window, info = opened
    browser = window.browser
    browser.search.setText("synth")
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    assert browser.table.rowCount() == 1
    browser.search.setText("nobody-like-this")
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    assert browser.table.rowCount() == 0
    browser.search.setText("")
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    assert browser.select_study(info["study_uid"])
    item = browser.series.item(0)
    window.set_layout(1, 2)
    window.grid.set_active(window.grid.visible_viewports()[1])
    browser.series.itemDoubleClicked.emit(item)
    assert window.grid.visible_viewports()[1].state.display_set is not None


def test_cine_advances_frames(opened, qtbot):
    window, _ = opened
    vp = window.grid.active
    start = vp.state.index
    window.fps.setValue(30)
    qtbot.keyClick(vp, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: vp.state.index != start, timeout=3000)
    qtbot.keyClick(vp, Qt.Key.Key_Space)
    assert not vp.cine.isActive()


def test_reference_lines_between_axial_and_coronal_of_one_frame_of_reference(qtbot, tmp_path):
    from pydicom.uid import generate_uid

    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    study, frame = generate_uid(), generate_uid()
    # Axial: 12 slices 2 mm apart from z=0; coronal: 10 slices 3 mm apart from y=-60, rows going down in z.
    write_series(tmp_path / "ax", slices=12, rows=64, cols=64, study_uid=study, frame_uid=frame)
    write_series(tmp_path / "cor", slices=10, rows=64, cols=64, study_uid=study, frame_uid=frame,
                 orientation=(1, 0, 0, 0, 0, -1), thickness=3.0, origin=(-50.0, -60.0, 40.0))
    home = tmp_path / "home"
    window = import_and_open(qtbot, home, [tmp_path / "ax", tmp_path / "cor"], study, layout=(1, 2))
    for vp in window.grid.visible_viewports():
        vp.render_sync()
    a, b = window.grid.visible_viewports()
    # Only the active view's plane is drawn, on the others (issue 14; before, every view drew every other's).
    assert window.grid.active is a
    assert len(a.last_scene.lines) == 0 and len(b.last_scene.lines) == 1
    # Scrolling the coronal makes it active and moves its line on the axial image (a horizontal line, y changes).
    qtbot.keyClick(b, Qt.Key.Key_Down)
    wait_ready(qtbot, window)
    assert window.grid.active is b and not b.last_scene.lines
    y_before = a.last_scene.lines[0][1]
    qtbot.keyClick(b, Qt.Key.Key_Down)
    qtbot.keyClick(b, Qt.Key.Key_Down)
    wait_ready(qtbot, window)
    a.render_sync()
    assert abs(a.last_scene.lines[0][1] - y_before) == pytest.approx(6.0, abs=0.01)  # 2 slices x 3 mm
    # A different frame of reference draws nothing.
    other = write_series(tmp_path / "other", slices=3, rows=64, cols=64, orientation=(1, 0, 0, 0, 0, -1))
    with StudyCache(resolve_paths(home).store) as cache:
        import_paths(cache, [str(tmp_path / "other")])
    window.open_study(other["study_uid"])
    wait_ready(qtbot, window)
    assert b.state.display_set is None  # the previous patient's series is not left beside the new one
    assert all(not vp.last_scene.lines for vp in window.grid.visible_viewports() if vp.last_scene)


def test_import_shows_progress_and_cancel_stops_it_keeping_what_arrived(qtbot, tmp_path):
    for k in range(30):
        write_series(tmp_path / "many" / f"s{k}", slices=40, rows=16, cols=16, patient_id=f"MANY-{k}", shuffle=False)
    window = make_window(qtbot, tmp_path / "home")
    # The reader presses Cancel as soon as the bar moves (1200 files take over a second to import).
    window.progress.valueChanged.connect(lambda v: v > 0 and window.cancel_button.isVisible() and window.cancel_button.click())
    window.start_import([str(tmp_path / "many")])
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: getattr(window, "last_import_report", None) is not None, timeout=30000)
    report = window.last_import_report
    assert report.cancelled and 0 < report.imported < 1200
    assert not window.progress.isVisible()
    # What arrived before the cancel is in the cache and listed.
    assert window.browser.table.rowCount() >= 1
