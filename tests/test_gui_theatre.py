"""Theatre mode in the real window (issue 15): entered from the toolbar, driven by synthesised touch events
(a QPointingDevice of type TouchScreen), the left mouse button and real key events; sizes checked from the
widgets' geometry and the screen's physical density, pictures from the rendered pixels."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import make_window, screen_point_of, widget_pixels
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QImage, QInputDevice
from PySide6.QtTest import QTest
from theatre_fixtures import KEY_SLICE, MEASURED_SLICE, REPORT_TEXT, theatre_study

pytestmark = pytest.mark.gui
SCROLL_PX = 16  # issue 15's gesture: one image per 16 px of finger travel (tools.touch)


@pytest.fixture
def theatre(qtbot, tmp_path):
    home, info = theatre_study(tmp_path)
    window = make_window(qtbot, home)
    window.open_study(info["study_uid"])
    window.act_theatre.trigger()  # the toolbar's switch
    tw = window.theatre.window
    qtbot.waitExposed(tw)
    ready(qtbot, tw)
    return window, tw, info


@pytest.fixture(scope="module")
def touch_device():
    return QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)


def ready(qtbot, tw):
    qtbot.waitUntil(lambda: not tw.ws.busy() and tw.grid.all_ready(), timeout=30000)
    for vp in tw.grid.visible_viewports():
        vp.render_sync()


def bone_column(pixels: np.ndarray, vp) -> float:
    """The image column of the left edge of the white (1000 HU) square as drawn, read from the pixels."""
    top, bottom = screen_point_of(vp, 22, 0)[1], screen_point_of(vp, 42, 0)[1]
    band = pixels[top:bottom]
    white = (band.min(axis=2) >= 250).any(axis=0)
    x = int(np.argmax(white))
    assert white[x], "no white square drawn"
    left = screen_point_of(vp, 0, 0)[0]
    per_col = (screen_point_of(vp, 0, 100)[0] - left) / 100.0
    return (x - left) / per_col


def stored_bone_column(vp, index: int) -> int:
    """The same, from the stored pixels of the image at ``index`` (stored value 2024: 1000 HU)."""
    frame = vp.loader.load(vp.state.display_set.frames[index])
    rows = frame.stored[22:42]
    return int(np.argmax((rows >= 2000).any(axis=0)))


def touch(qtbot, device, vp, steps):
    """``steps``: [(action, id, (x, y)), ...] per commit, action press/move/release."""
    for commit in steps:
        seq = QTest.touchEvent(vp, device)
        for action, fid, (x, y) in commit:
            getattr(seq, action)(fid, QPoint(int(x), int(y)), vp)
        seq.commit()
        qtbot.wait(10)


def test_toolbar_switch_shows_a_full_screen_read_only_theatre(theatre, qtbot):
    window, tw, info = theatre
    screen = tw.screen()
    assert tw.geometry() == screen.geometry() and not window.isVisible()
    assert window.ws.theatre.active and window.ws.findings.mset.locked
    # Nothing can be drawn, moved or deleted, whoever asks: the set itself refuses.
    from viewer.model.measurements import ReadOnlyError

    window.ws.set_tool("length")
    assert window.ws.tool is None
    saved = list(window.ws.findings.all_measurements())
    with pytest.raises(ReadOnlyError):
        window.ws.findings.mset.toggle_key_image(tw.grid.active.image_ref())
    tw.leave_button.click()
    assert not window.ws.theatre.active and window.isVisible() and window.theatre.window is None
    assert not window.ws.findings.mset.locked and list(window.ws.findings.all_measurements()) == saved


def test_controls_are_at_least_15_mm_and_text_readable_from_two_metres(theatre, qtbot):
    _, tw, _ = theatre
    screen = tw.screen()
    dpi = screen.physicalDotsPerInch()
    fifteen_mm = 15 / 25.4 * dpi  # logical pixels, from the screen's physical density
    on_24_inch = 15 / 25.4 * (1920 / (24 * 16 / (16 ** 2 + 9 ** 2) ** 0.5))  # 54.2 px on a 24" 1080p
    buttons = [*tw.drag_buttons.values(), tw.fit_button, tw.cine_button, *tw.plan_buttons.values(),
               tw.present_button, tw.leave_button] + [tile for tile, _ in tw.tiles]
    for b in buttons:
        assert b.isVisible()
        assert min(b.width(), b.height()) >= max(fifteen_mm, on_24_inch) - 0.5, b.text()
    # Qt's text: at least 24 px at 1080p.
    assert QFontMetrics(tw.banner_name.font()).height() >= 24 and QFontMetrics(tw.banner.font()).height() >= 24
    # The picture's overlay text: its lines are at least 24 device pixels apart (read from the pixels).
    vp = tw.grid.active
    pixels = widget_pixels(vp)
    corner = pixels[4:200, 4:vp.width() // 3]
    rows = np.flatnonzero((corner.min(axis=2) >= 200).sum(axis=1) >= 2)
    starts = [r for i, r in enumerate(rows) if i == 0 or r - rows[i - 1] > 2]
    assert len(starts) >= 2 and starts[1] - starts[0] >= 24


def test_patient_banner_and_side_words_from_the_orientation(theatre, qtbot):
    _, tw, _ = theatre
    # The wrong patient is a never-event: name, ID, birth date and study date, permanently at the top.
    assert tw.banner_name.text() == "SYNTHÉTIQUE Koffi"
    text = tw.banner.text()
    assert "SYN-001" in text and "14/02/1980" in text and "20/11/2026" in text
    vp = tw.grid.active
    # Rows along +x (the patient's left, DICOM LPS): the screen's left edge is the patient's right.
    assert {k: str(v) for k, v in vp.sides.items()} == {"left": "RIGHT", "right": "LEFT"}
    pixels = widget_pixels(vp)
    amber = (pixels[..., 0] > 200) & (pixels[..., 1] > 170) & (pixels[..., 2] < 60)
    h, w = amber.shape
    assert amber[h // 3:, : w // 4].sum() > 200 and amber[h // 3:, 3 * w // 4:].sum() > 200


def test_flipped_rows_put_the_patients_left_on_the_left(qtbot, tmp_path):
    home, info = theatre_study(tmp_path, orientation=(-1, 0, 0, 0, 1, 0))
    window = make_window(qtbot, home)
    window.open_study(info["study_uid"])
    window.ws.enter_theatre()
    tw = window.theatre.window
    ready(qtbot, tw)
    assert {k: str(v) for k, v in tw.grid.active.sides.items()} == {"left": "LEFT", "right": "RIGHT"}


def test_one_finger_drag_scrolls_to_the_expected_image(theatre, qtbot, touch_device):
    _, tw, _ = theatre
    vp = tw.grid.active
    start = vp.state.index
    before = bone_column(widget_pixels(vp), vp)
    assert before == pytest.approx(stored_bone_column(vp, start), abs=1.5)
    x, y = vp.width() // 2, vp.height() // 3
    touch(qtbot, touch_device, vp, [[("press", 0, (x, y))], [("move", 0, (x, y + 20))], [("move", 0, (x, y + 50))],
                                     [("release", 0, (x, y + 50))]])
    ready(qtbot, tw)
    expected = start + 50 // SCROLL_PX
    assert vp.state.index == expected
    after = bone_column(widget_pixels(vp), vp)
    assert after == pytest.approx(stored_bone_column(vp, expected), abs=1.5)
    assert abs(after - before) > 10  # the square moves 7 columns an image: another image is on screen


def test_window_mode_toggle_makes_the_finger_window(theatre, qtbot, touch_device):
    _, tw, _ = theatre
    vp = tw.grid.active
    qtbot.mouseClick(tw.drag_buttons["window"], Qt.MouseButton.LeftButton)
    assert tw.ws.theatre.drag == "window" and tw.drag_buttons["window"].isChecked()
    index, grey_before = vp.state.index, widget_pixels(vp)
    x, y = vp.width() // 2, vp.height() // 2
    touch(qtbot, touch_device, vp, [[("press", 0, (x, y))], [("move", 0, (x + 120, y + 80))],
                                     [("release", 0, (x + 120, y + 80))]])
    ready(qtbot, tw)
    assert vp.state.index == index and vp.state.window is not None
    assert vp.state.window.width != 400 and vp.state.window.center != 40
    # The soft tissue (40 HU, the right half) is drawn in another grey.
    r, c = screen_point_of(vp, 100, 100)[1], screen_point_of(vp, 100, 100)[0]
    assert abs(int(widget_pixels(vp)[r, c, 0]) - int(grey_before[r, c, 0])) > 5


def test_two_fingers_pan_pinch_zooms_and_double_tap_fits(theatre, qtbot, touch_device):
    _, tw, _ = theatre
    vp = tw.grid.active
    cx, cy = vp.width() // 2, vp.height() // 2
    top = screen_point_of(vp, 30, 0)[1]

    def square_left() -> int:  # screen column of the white square's left edge, on one of its rows
        white = np.flatnonzero(widget_pixels(vp)[top, :, :].min(axis=1) >= 250)
        assert white.size
        return int(white[0])

    x_before = square_left()
    touch(qtbot, touch_device, vp, [
        [("press", 0, (cx - 60, cy)), ("press", 1, (cx + 60, cy))],
        [("move", 0, (cx + 20, cy)), ("move", 1, (cx + 140, cy))],
        [("release", 0, (cx + 20, cy)), ("release", 1, (cx + 140, cy))]])
    ready(qtbot, tw)
    assert vp.state.zoom == pytest.approx(1.0)
    assert square_left() == pytest.approx(x_before + 80, abs=2)  # the image followed the fingers
    width_before = screen_point_of(vp, 0, 100)[0] - screen_point_of(vp, 0, 0)[0]
    touch(qtbot, touch_device, vp, [
        [("press", 0, (cx - 50, cy)), ("press", 1, (cx + 50, cy))],
        [("move", 0, (cx - 100, cy)), ("move", 1, (cx + 100, cy))],
        [("release", 0, (cx - 100, cy)), ("release", 1, (cx + 100, cy))]])
    ready(qtbot, tw)
    assert vp.state.zoom == pytest.approx(2.0, rel=0.02)
    width_after = screen_point_of(vp, 0, 100)[0] - screen_point_of(vp, 0, 0)[0]
    assert width_after == pytest.approx(2 * width_before, rel=0.03)  # 100 image columns on screen: twice as wide
    # Double tap: fitted again, the square back where it was.
    touch(qtbot, touch_device, vp, [[("press", 0, (cx, cy))], [("release", 0, (cx, cy))]])
    touch(qtbot, touch_device, vp, [[("press", 0, (cx + 5, cy))], [("release", 0, (cx + 5, cy))]])
    ready(qtbot, tw)
    assert vp.state.zoom == pytest.approx(1.0) and vp.state.pan == (0.0, 0.0)
    assert square_left() == pytest.approx(x_before, abs=1)


def test_long_press_shows_the_value_in_hu_under_the_finger(theatre, qtbot, touch_device):
    _, tw, _ = theatre
    vp = tw.grid.active
    x, y = screen_point_of(vp, 100, 100)  # right half: 40 HU, below the square
    touch(qtbot, touch_device, vp, [[("press", 0, (x, y))]])
    qtbot.waitUntil(lambda: vp.probe is not None, timeout=15000)
    assert "40" in vp.probe[2] and "UH" in vp.probe[2]
    assert tw.status.text() == vp.probe[2]
    touch(qtbot, touch_device, vp, [[("release", 0, (x, y))]])
    x, y = screen_point_of(vp, 100, 20)  # left half: air
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(x, y))  # the mouse is one finger too
    qtbot.waitUntil(lambda: vp.probe is not None and "-1000" in vp.probe[2].replace("\u2212", "-"), timeout=15000)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def test_keys_and_remote_move_through_images_and_space_plays_cine(theatre, qtbot):
    _, tw, _ = theatre
    vp = tw.grid.active
    vp.setFocus()
    start = vp.state.index
    QTest.keyClick(vp, Qt.Key.Key_Down)
    assert vp.state.index == start + 1
    QTest.keyClick(vp, Qt.Key.Key_PageUp)
    assert vp.state.index == max(0, start + 1 - 10)
    QTest.keyClick(tw, Qt.Key.Key_Space)
    assert vp.cine.isActive() and tw.cine_button.isChecked()
    QTest.keyClick(tw, Qt.Key.Key_Space)
    assert not vp.cine.isActive()


def test_content_first_key_image_measurement_report_then_series(theatre, qtbot):
    _, tw, info = theatre
    kinds = [item.kind for _, item in tw.tiles]
    assert kinds == ["key", "measurement", "report", "series"]
    vp = tw.grid.active
    measurement = tw.tiles[1][1]
    assert "40" in tw.tiles[1][0].label.text() and "mm" in tw.tiles[1][0].label.text()  # 50 px at 0.8 mm
    assert measurement.index == MEASURED_SLICE
    # The key image's tile shows that image: its white square where the stored image has it.
    thumb = tw.tiles[0][0].picture.pixmap().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w = thumb.width()
    buf = np.frombuffer(thumb.constBits(), np.uint8, count=thumb.bytesPerLine() * thumb.height())
    grey = buf.reshape(thumb.height(), thumb.bytesPerLine())[:, : 3 * w].reshape(thumb.height(), w, 3)[..., 0]
    white_cols = np.flatnonzero((grey >= 250).any(axis=0))
    assert white_cols.size and white_cols[0] == pytest.approx(stored_bone_column(vp, KEY_SLICE) * w / 128, abs=1.5)
    assert tw.tiles[3][0].picture is None  # series tiles: text only (the browser has their thumbnails)
    # One tap: the key image.
    qtbot.mouseClick(tw.tiles[0][0], Qt.MouseButton.LeftButton)
    ready(qtbot, tw)
    assert vp.state.index == KEY_SLICE
    assert bone_column(widget_pixels(vp), vp) == pytest.approx(stored_bone_column(vp, KEY_SLICE), abs=1.5)
    # One tap: the measured image, its line drawn large (at least 3 px thick where the 1.5 px line was 1-2).
    qtbot.mouseClick(tw.tiles[1][0], Qt.MouseButton.LeftButton)
    ready(qtbot, tw)
    assert vp.state.index == MEASURED_SLICE and vp.renderer.line_width >= 4
    pixels = widget_pixels(vp)
    x, y = screen_point_of(vp, 100, 55)
    column = pixels[y - 10:y + 10, x].astype(int)
    coloured = np.flatnonzero(np.abs(column[:, 0] - column[:, 2]) + np.abs(column[:, 1] - column[:, 2]) > 60)
    assert coloured.size >= 3
    # One tap: the report's text.
    qtbot.mouseClick(tw.tiles[2][0], Qt.MouseButton.LeftButton)
    assert tw.centre.currentIndex() == 1 and REPORT_TEXT in tw.report.toPlainText()


def test_planning_views_are_one_tap_away(theatre, qtbot, touch_device):
    _, tw, _ = theatre
    ws = tw.ws
    qtbot.mouseClick(tw.plan_buttons["mip"], Qt.MouseButton.LeftButton)
    ready(qtbot, tw)
    assert ws.volumes.mpr_active and ws.volumes.slab_mm == 20.0 and ws.volumes.slab_mode == "mip"
    assert len(tw.grid.visible_viewports()) == 3 and tw.plan_buttons["mip"].isChecked()
    axial, coronal, _ = tw.grid.visible_viewports()
    for plane in (axial, coronal):  # narrow views: DROITE and GAUCHE both there, never on each other
        widget_pixels(plane)
        boxes = plane.side_boxes
        assert set(boxes) == {"left", "right"} and not boxes["left"].intersects(boxes["right"])
    # A value read on a plane, through the volume (40 HU in the right half of every slice).
    x, y = axial.width() * 3 // 4, axial.height() // 2 + axial.height() // 10
    qtbot.mousePress(axial, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.waitUntil(lambda: axial.probe is not None, timeout=5000)
    qtbot.mouseRelease(axial, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert "40" in axial.probe[2] and "UH" in axial.probe[2], axial.probe
    # One finger moves the plane: drafts while it moves, the full-size picture once still.
    touch(qtbot, touch_device, axial, [[("press", 0, (x, y))], [("move", 0, (x, y + 40))], [("move", 0, (x, y + 80))]])
    qtbot.waitUntil(lambda: axial.last_drawn_size != axial._device_size(), timeout=5000)  # a draft frame
    touch(qtbot, touch_device, axial, [[("release", 0, (x, y + 80))]])
    qtbot.waitUntil(lambda: axial.last_drawn_size == axial._device_size(), timeout=5000)
    qtbot.mouseClick(tw.plan_buttons["bone3d"], Qt.MouseButton.LeftButton)
    ready(qtbot, tw)
    [slot] = ws.volumes.volume_slots()
    assert slot.vr_state.preset == "ct-bone" and not ws.volumes.mpr_active
    vr = tw.grid.widget_of(slot)
    assert widget_pixels(vr).max() > 60  # the bone drawn (on the CPU here: no GPU on this machine)
    qtbot.mouseClick(tw.plan_buttons["images"], Qt.MouseButton.LeftButton)
    ready(qtbot, tw)
    assert not ws.volumes.volume_slots() and not ws.volumes.mpr_active


def test_a_left_drag_on_a_measurement_moves_nothing(theatre, qtbot):
    _, tw, _ = theatre
    qtbot.mouseClick(tw.tiles[1][0], Qt.MouseButton.LeftButton)
    ready(qtbot, tw)
    vp = tw.grid.active
    before = [m.points for m in tw.ws.findings.all_measurements()]
    a, b = screen_point_of(vp, 100, 30), screen_point_of(vp, 140, 30)  # on the line's end handle, dragged away
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(*a))
    qtbot.mouseMove(vp, QPoint(*b))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(*b))
    assert [m.points for m in tw.ws.findings.all_measurements()] == before


def test_present_without_a_second_screen_says_so(theatre, qtbot):
    from PySide6.QtGui import QGuiApplication

    window, tw, _ = theatre
    if len(QGuiApplication.screens()) != 1:
        pytest.skip("this display has more than one screen")
    qtbot.mouseClick(tw.present_button, Qt.MouseButton.LeftButton)
    assert window.theatre.presenter is None and not tw.present_button.isChecked()
    assert tw.status.text() == "Pas de second écran\u00a0: branchez-en un pour présenter"


def test_in_english_the_sides_read_right_and_left(qtbot, tmp_path):
    home, info = theatre_study(tmp_path)
    window = make_window(qtbot, home, language="en")
    window.open_study(info["study_uid"])
    window.ws.enter_theatre()
    tw = window.theatre.window
    ready(qtbot, tw)
    vp = tw.grid.active
    widget_pixels(vp)
    assert set(vp.side_boxes) == {"left", "right"}
    assert tw.drag_buttons["scroll"].text() == "Scroll" and tw.leave_button.text() == "Leave theatre"
    assert "Born: 1980-02-14" in tw.banner.text() and "Study: 2026-11-20" in tw.banner.text()
