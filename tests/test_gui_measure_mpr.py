"""Measuring on MPR planes in the real window: drawn with the mouse, values in patient mm and HU, drawn
again only on the plane they lie in, listed, kept, saved as an SR, and the panel jumps back to them."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui_helpers import import_and_open, make_window, screen_point_of, wait_ready, widget_pixels
from synthetic import write_series
from test_gui_measure import choose, drag
from test_measurements_mpr import COLS, DZ, ORIGIN, PX, ROWS, SLICES, hu_at, ramp

pytestmark = pytest.mark.gui


def open_mpr(qtbot, window, study_uid=None):
    if study_uid is not None:
        window.open_study(study_uid)
        wait_ready(qtbot, window)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    assert window.mpr.session is not None
    # Generous: the volume fills in worker threads, slow on a loaded 2-core machine (not a timing check).
    qtbot.waitUntil(lambda: window.mpr.session.volume.complete, timeout=60000)
    wait_ready(qtbot, window, timeout=60000)
    return window


@pytest.fixture
def mpr(qtbot, tmp_path):
    info = write_series(tmp_path / "src", slices=SLICES, rows=ROWS, cols=COLS, spacing=(PX, PX), thickness=DZ,
                        hu_slices=ramp, origin=tuple(ORIGIN), window=(2000, 0))
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    return open_mpr(qtbot, window), info, tmp_path / "home"


def coloured(vp, rgb) -> int:
    """How many on-screen pixels have this overlay colour (the image itself is grey; the active
    viewport's frame, also yellow, is left out)."""
    px = widget_pixels(vp).astype(int)[4:-4, 4:-4]
    return int((np.abs(px - np.array(rgb)).max(axis=2) <= 40).sum())


YELLOW = (255, 217, 25)  # MeasureController.COLOR
CYAN = (51, 255, 255)  # selected


def patient(m) -> np.ndarray:
    return np.array([m.plane.to_patient(p) for p in m.points])


def test_length_on_a_coronal_plane_is_in_patient_mm_and_shows_on_its_plane_only(mpr, qtbot):
    from viewer.model.measurements import AnnotationStore, MeasurementKind as K

    window, info, _ = mpr
    axial, coronal, _ = window.grid.visible_viewports()
    session = window.mpr.session
    choose(window, K.LENGTH)
    drag(qtbot, coronal, screen_point_of(coronal, 4, 10), screen_point_of(coronal, 20, 60))
    (m,) = list(window.measure.mset)
    assert m.plane is not None and abs(abs(np.dot(m.plane.normal, (0, 1, 0))) - 1) < 1e-9
    p0, p1 = patient(m)
    assert p0[1] == pytest.approx(p1[1])  # both on the coronal plane: same y
    # By hand: grid pixel centres (10.5, 4.5) -> (60.5, 20.5), 0.5 mm pixels, within a screen pixel's rounding.
    mm_per_screen = coronal.renderer.mm_per_screen_pixel(coronal.last_scene)
    assert np.linalg.norm(p1 - p0) == pytest.approx(np.hypot(50 * PX, 16 * PX), abs=3 * mm_per_screen)
    result = window.measure.result(m, None)
    assert result["length"] == pytest.approx(float(np.linalg.norm(p1 - p0)))
    assert result.calibration == "patient coordinates (MPR plane)"
    assert window.measure_panel.list.count() == 1 and "mm" in window.measure_panel.list.item(0).text()

    # Edit: drag the second handle with no tool chosen; one undo puts it back.
    window.tool_combo.setCurrentIndex(0)  # navigation
    x, y = m.points[1]
    drag(qtbot, coronal, screen_point_of(coronal, y - 0.5, x - 0.5), screen_point_of(coronal, 30, 20))
    (edited,) = list(window.measure.mset)
    assert edited.id == m.id and edited.points[1] != m.points[1]
    assert window.measure.result(edited, None)["length"] != pytest.approx(result["length"])
    window.measure.undo()
    assert list(window.measure.mset)[0].points == m.points
    window.measure.selected = None
    wait_ready(qtbot, window)
    assert coloured(coronal, YELLOW) > 30
    assert coloured(axial, YELLOW) == 0  # the line crosses the axial plane but does not lie in it
    session.scroll("coronal", 3)
    wait_ready(qtbot, window)
    assert coloured(coronal, YELLOW) == 0
    # The panel brings the view back to the measurement's plane.
    window.jump_to_measurement(m)
    wait_ready(qtbot, window)
    assert coloured(coronal, CYAN) > 30
    stored = AnnotationStore(window.ws.paths.store).load(info["study_uid"])
    assert [s.plane for s in stored] == [m.plane]
    # Back to the 2-D stack: the slice its reference names shows no 3-D measurement as if it were 2-D.
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    vp = window.grid.active
    first = vp.state.display_set.frames.index(next(f for f in vp.state.display_set.frames if f.sop_uid == m.image.sop_uid))
    vp.apply(vp.state.at(first))
    wait_ready(qtbot, window)
    assert coloured(vp, YELLOW) == 0 and coloured(vp, CYAN) == 0
    # From the 2-D stack, the panel's row opens the MPR again on the measurement's plane.
    window.jump_to_measurement(m)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=60000)
    wait_ready(qtbot, window, timeout=60000)
    assert coloured(window.grid.visible_viewports()[1], CYAN) > 30


def test_rectangle_on_the_axial_plane_has_the_volume_hu(mpr, qtbot, monkeypatch):
    from viewer.model.measurements import MeasurementKind as K

    window, info, home = mpr
    axial = window.grid.visible_viewports()[0]
    window.mpr.session.scroll("axial", 2)
    wait_ready(qtbot, window)
    choose(window, K.RECTANGLE)
    drag(qtbot, axial, screen_point_of(axial, 8, 6), screen_point_of(axial, 30, 40))
    (m,) = list(window.measure.mset)
    result = window.measure.result(m, None)
    # By hand: the pixel centres inside the rectangle, on the plane, where HU is a known linear function.
    (x0, y0), (x1, y1) = sorted(m.points)[0], sorted(m.points)[-1]
    xs = np.arange(np.floor(min(x0, x1)), np.ceil(max(x0, x1))) + 0.5
    ys = np.arange(np.floor(min(y0, y1)), np.ceil(max(y0, y1))) + 0.5
    xs = xs[(xs >= min(x0, x1)) & (xs <= max(x0, x1))]
    ys = ys[(ys >= min(y0, y1)) & (ys <= max(y0, y1))]
    gx, gy = np.meshgrid(xs, ys)
    centres = np.array([m.plane.to_patient(p) for p in zip(gx.ravel(), gy.ravel())])
    assert result.pixel_count == len(centres)
    assert result["mean"] == pytest.approx(hu_at(centres).mean(), abs=1e-3)
    assert result["max"] == pytest.approx(hu_at(centres).max(), abs=1e-3)
    assert result.get("mean").unit == "HU"
    window.mpr.session.set_slab(10.0)  # a thick slab on screen: the values stay the plane's, and say so
    thick = window.measure.result(m, None)
    assert thick["mean"] == result["mean"] and any("slab" in msg for msg in thick.messages)
    window.mpr.session.set_slab(0.0)
    choose(window, K.ARROW)  # an annotation on the plane: kept in the cache, not a DICOM object
    drag(qtbot, axial, screen_point_of(axial, 20, 50), screen_point_of(axial, 12, 30))
    assert [a.kind for a in window.measure.mset if a.plane is not None] == [K.RECTANGLE, K.ARROW]
    from viewer.model.measure import findings_io

    # Saving uses the MPR's volume for the ROI values; reading the series again would freeze the window.
    monkeypatch.setattr(findings_io, "_volume_of", lambda *_: pytest.fail("the volume was read again to save"))
    window.save_findings()
    assert len(window.last_saved_findings) == 1  # an SR: a 3-D measurement has no presentation state
    assert "(flèches, texte)" in window.status_label.text()  # the French window says it in French
    # After a restart the panel lists it with the statistics, once MPR has the volume again.
    window.close()
    again = open_mpr(qtbot, make_window(qtbot, home), info["study_uid"])
    qtbot.waitUntil(lambda: again.measure_panel.list.count() == 2 and "Moy" in again.measure_panel.list.item(0).text(), timeout=5000)
    assert "(MPR)" in again.measure_panel.list.item(0).text()
