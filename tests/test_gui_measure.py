"""Measuring in the real window: draw with the mouse, values as computed from the data, edit, save as DICOM."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from gui_helpers import import_and_open, make_window, screen_point_of, wait_ready, widget_pixels
from synthetic import write_series

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=6, rows=128, cols=128, spacing=(0.8, 0.8))
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, home)
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    return window, info, home


def drag(qtbot, vp, a, b, steps=5):
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(*a))
    for k in range(1, steps + 1):
        qtbot.mouseMove(vp, QPoint(a[0] + (b[0] - a[0]) * k // steps, a[1] + (b[1] - a[1]) * k // steps))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(*b))


def choose(window, kind):
    window.tool_combo.setCurrentIndex(window.tool_combo.findData(kind))


def test_distance_drawn_with_the_mouse_has_its_length_in_mm(opened, qtbot):
    from viewer.model.measurements import MeasurementKind as K

    window, _, _ = opened
    vp = window.grid.active
    choose(window, K.LENGTH)
    a, b = screen_point_of(vp, 100, 70), screen_point_of(vp, 100, 120)  # 50 pixels along a row
    drag(qtbot, vp, a, b)
    wait_ready(qtbot, window)
    items = list(window.measure.mset)
    assert len(items) == 1 and items[0].kind is K.LENGTH
    frame = vp.current_frame()
    from viewer.model.measurements import compute

    length = next(v for v in compute(items[0], frame).values if v.name == "length")
    assert length.unit == "mm" and length.value == pytest.approx(50 * 0.8, abs=0.8 * 1.5)
    # The value is written on the image next to the line, and listed in the panel.
    assert "mm" in window.measure_panel.list.item(0).text()
    labels = vp.last_scene.labels
    assert labels and "mm" in labels[0][2]
    px = widget_pixels(vp)
    line_row = px[b[1] - 1 : b[1] + 2, a[0] + 10 : b[0] - 10]
    # The stroke is drawn in colour (cyan while selected) over the grey image.
    assert (np.abs(line_row[..., 0].astype(int) - line_row[..., 2].astype(int)) > 100).any()


def test_ellipse_roi_mean_in_hu_then_edit_undo_delete(opened, qtbot):
    from viewer.model.measurements import MeasurementKind as K, compute

    window, _, _ = opened
    vp = window.grid.active
    choose(window, K.ELLIPSE)
    drag(qtbot, vp, screen_point_of(vp, 80, 75), screen_point_of(vp, 110, 110))  # inside the 40 HU half
    wait_ready(qtbot, window)
    m = list(window.measure.mset)[0]
    values = {v.name: v for v in compute(m, vp.current_frame()).values}
    assert values["mean"].unit == "HU" and values["mean"].value == pytest.approx(40, abs=0.01)
    assert values["std"].value == pytest.approx(0, abs=0.01)
    # Navigation mode: grab the ellipse by a handle and drag it; one undo step brings it back.
    choose(window, None)
    handle = m.points[0]
    h = screen_point_of(vp, handle[1] - 0.5, handle[0] - 0.5)
    drag(qtbot, vp, h, (h[0] - 30, h[1]))
    moved = window.measure.mset.get(m.id)
    assert moved.points != m.points
    qtbot.keyClick(vp, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.measure.mset.get(m.id).points == m.points
    window.measure.selected = m.id
    qtbot.keyClick(vp, Qt.Key.Key_Delete)
    assert len(window.measure.mset) == 0


def test_measurements_survive_a_restart_and_save_as_dicom_round_trips(opened, qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.model.measurements import MeasurementKind as K, read_findings
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    window, info, home = opened
    vp = window.grid.active
    choose(window, K.LENGTH)
    drag(qtbot, vp, screen_point_of(vp, 30, 70), screen_point_of(vp, 90, 70))
    choose(window, K.PROBE)
    x, y = screen_point_of(vp, 100, 100)
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.keyClick(vp, Qt.Key.Key_K)  # key image
    assert len(window.measure.mset) == 2 and len(window.measure.mset.key_images) == 1
    wait_ready(qtbot, window)
    assert "IMAGE CLÉ" in vp.last_scene.corners["tr"]
    # Autosaved: a new window on the same home finds them without any save.
    window.close()
    again = make_window(qtbot, home)
    again.open_study(info["study_uid"])
    assert len(again.measure.mset) == 2 and len(again.measure.mset.key_images) == 1
    again.save_findings()
    uids = again.last_saved_findings
    assert len(uids) == 3  # SR, GSPS, KO
    # Another workstation that receives the images and these objects reads the same measurements.
    store = resolve_paths(home).store
    files = [str(p) for p in store.rglob("*.dcm")]
    with StudyCache(tmp_path / "other-cache") as other:
        import_paths(other, files)
        findings = read_findings(other, info["study_uid"])
    kinds = sorted(m.kind.value for m in findings.measurements if m.source.value == "SR")
    assert kinds == ["length", "probe"]
    assert findings.key_images and len(findings.key_images[0].images) == 1


def test_highdicom_sr_measurements_shown_on_their_image_and_report_opens_as_a_document(qtbot, tmp_path):
    from conftest import shared_data
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    folder = shared_data("gh-highdicom")
    files = [p for p in folder.rglob("*.dcm") if p.name in ("ct_image.dcm", "sr_document.dcm")]
    if len(files) < 2:
        pytest.skip(f"highdicom's ct_image.dcm / sr_document.dcm not found under {folder}")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        report = import_paths(cache, [str(p) for p in files])
    window = make_window(qtbot, home, layout=(1, 1))
    window.open_study(report.study_uids[0])
    wait_ready(qtbot, window)
    # The SR's measurements, read from the cache, are listed and drawn (read-only, in their own colour).
    assert window.measure.foreign, "no measurement read from the SR"
    assert window.measure_panel.list.count() >= 1 and "[SR]" in window.measure_panel.list.item(0).text()
    sr = next(ds for ds in window.ws.display_sets.values() if ds.kind != "stack")
    window.study_switch.show_in_active(sr.uid)
    dialog = window._document_dialog
    text = dialog.browser.toPlainText()
    assert len(text) > 50 and "<script" not in dialog.browser.toHtml().lower()


def test_saved_presentation_state_window_is_the_default_when_reopened(opened, qtbot):
    from viewer.dicom.pixels import Window

    window, info, home = opened
    vp = window.grid.active
    vp.set_window(Window(-600, 1500, "lung"))
    from viewer.model.measurements import MeasurementKind as K

    choose(window, K.ARROW)
    drag(qtbot, vp, screen_point_of(vp, 30, 30), screen_point_of(vp, 60, 60))
    window.save_findings()
    assert len(window.last_saved_findings) == 1  # a GSPS: an arrow is an annotation, not a measurement
    window.close()
    again = make_window(qtbot, home)
    again.open_study(info["study_uid"])
    wait_ready(qtbot, again)
    vp2 = again.grid.active
    assert vp2.state.window is None  # nothing chosen by hand...
    assert vp2.last_scene.window.width == 1500 and vp2.last_scene.window.center == -600  # ...the GSPS's window shows


def test_foreign_presentation_state_rotation_flip_and_shutter_are_applied(qtbot, tmp_path):
    """A GSPS written by another system (built by hand here) shapes how its image is first shown."""
    import pydicom

    from test_findings_gsps_voi_bitmap import build_gsps

    info = write_series(tmp_path / "src", slices=1, rows=64, cols=64, shuffle=False)
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    ps = build_gsps(img, lut=False, bitmap=False)
    ps.ImageRotation = 90
    ps.ImageHorizontalFlip = "N"
    ps.ShutterShape = "RECTANGULAR"
    ps.ShutterLeftVerticalEdge, ps.ShutterRightVerticalEdge = 1, 32
    ps.ShutterUpperHorizontalEdge, ps.ShutterLowerHorizontalEdge = 1, 64
    ps.ShutterPresentationValue = 0
    ps.save_as(tmp_path / "src" / "ps.dcm", enforce_file_format=True)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    vp = window.grid.active
    assert vp.state.rotation == 1  # 90 degrees clockwise, as the presentation state says
    # Shutter keeps columns 1-32 visible: the right half of the stored image (the 40 HU tissue) is black.
    # After the quarter turn the stored right half sits at the bottom of the screen.
    scene_img = vp.last_scene.image
    assert (scene_img[40:, :] == 0).all() and scene_img[:20, :].max() > 0


def test_panel_lists_every_value_and_says_why_suv_is_missing(qtbot, tmp_path):
    """A PET without Patient's Weight: the probe gives Bq/ml, and the panel says which header SUV lacks."""
    import pydicom

    from conftest import shared_data
    from viewer.model.measurements import MeasurementKind as K

    ds = pydicom.dcmread(shared_data("gh-suyashkumar-dicom", "testdata", "1.dcm"))
    del ds.PatientWeight
    (tmp_path / "src").mkdir()
    ds.save_as(tmp_path / "src" / "pt.dcm")
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", ds.StudyInstanceUID)
    vp = window.grid.active
    choose(window, K.RECTANGLE)
    drag(qtbot, vp, screen_point_of(vp, 40, 40), screen_point_of(vp, 80, 90))
    item = window.measure_panel.list.item(0)
    assert "⚠" in item.text() and "Bq/ml" in item.text()
    assert "Max" in item.text() and "ÉT" in item.text()  # the panel shows every value, not the short label
    assert "(0010,1030)" in item.toolTip() and "PixelSpacing" in item.toolTip()
