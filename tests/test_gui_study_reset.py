"""Opening another study starts it with the reader's defaults: no MPR or 3-D, thin slice, MIP, whole volume,
Navigation, no floating panel of the previous study; and the clipping panel goes when 3-D goes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from gui_helpers import make_window, wait_ready
from synthetic import write_series
from test_gui_mpr import phantom

pytestmark = pytest.mark.gui


@pytest.fixture
def two_studies(qtbot, tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    a = write_series(tmp_path / "a", slices=24, rows=96, cols=96, spacing=(1.0, 1.0), thickness=2.0, hu_slices=phantom,
                     patient_id="RESET-A", patient_name="AHOUNOU^Ablavi")
    b = write_series(tmp_path / "b", slices=12, rows=64, cols=64, patient_id="RESET-B", patient_name="BADA^Bienvenu")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "a"), str(tmp_path / "b")])
    window = make_window(qtbot, home, language="en")
    return window, a, b


def _click_study(qtbot, window, study_uid):
    """The reader clicks the study's row in the list."""
    table = window.browser.table
    row = [st.study_uid for st in window.browser._studies].index(study_uid)
    rect = table.row_rect(row)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_ready(qtbot, window)
    assert window.ws.study.study_uid == study_uid


def _full_setup(qtbot, window):
    """MPR, a 10 mm MinIP slab, 3-D with the clip box narrowed, and the distance tool."""
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    window.slab.setValue(10.0)
    window.slab_mode.setCurrentIndex(window.slab_mode.findData("minip"))
    assert window.mpr.session.slab_mm == 10.0 and window.mpr.session.slab_mode == "minip"
    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)
    vr = window.grid.visible_viewports()[3]
    assert vr.vr is not None and window.act_clip.isEnabled()
    window.act_clip.trigger()
    assert window.clip_dialog.isVisible()
    window.clip_dialog.sliders[0].setValue(60)
    assert vr.vr_state.clip[0] == pytest.approx(0.6)
    window.tool_combo.setCurrentIndex(window.tool_combo.findText("Distance"))
    assert window.measure.tool is not None


def test_opening_another_study_resets_the_per_study_view(qtbot, two_studies):
    window, a, b = two_studies
    _click_study(qtbot, window, a["study_uid"])
    _full_setup(qtbot, window)
    assert window.act_mpr.isChecked() and window.act_vr.isChecked() and window.slab.isEnabled()

    _click_study(qtbot, window, b["study_uid"])
    assert not window.act_mpr.isChecked() and not window.act_vr.isChecked()
    assert window.slab.value() == 0.0 and not window.slab.isEnabled()
    assert window.slab_mode.currentData() == "mip" and not window.slab_mode.isEnabled()
    assert not window.vr_preset.isEnabled() and not window.act_clip.isEnabled()
    assert window.tool_combo.currentText() == "Navigate" and window.measure.tool is None
    assert not window.clip_dialog.isVisible()
    assert (window.grid.rows, window.grid.cols) == (1, 1)  # the layout the reader had before MPR
    assert all(vp.mpr is None and vp.vr is None for vp in window.grid.viewports)
    assert window.grid.active.state.display_set.study_uid == b["study_uid"]

    # 3-D on the new study: the whole volume, as it opens; the clip panel shows it so.
    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)
    assert window.grid.active.vr is not None
    assert window.grid.active.vr_state.clip == (0.0, 1.0, 0.0, 1.0, 0.0, 1.0)
    window.act_clip.trigger()
    assert [s.value() for s in window.clip_dialog.sliders] == [0, 100, 0, 100, 0, 100]


def test_the_clip_panel_closes_when_3d_goes(qtbot, two_studies):
    window, a, _ = two_studies
    _click_study(qtbot, window, a["study_uid"])
    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)
    window.act_clip.trigger()
    assert window.clip_dialog.isVisible()
    qtbot.keyClick(window.grid.active, Qt.Key.Key_D)  # 3-D off
    assert window.grid.active.vr is None and not window.act_vr.isChecked()
    assert not window.clip_dialog.isVisible()


def test_a_report_of_the_previous_study_closes_when_another_opens(qtbot, two_studies):
    window, a, b = two_studies
    _click_study(qtbot, window, a["study_uid"])
    vp = window.grid.active
    window.tool_combo.setCurrentIndex(window.tool_combo.findText("Distance"))
    c = vp.rect().center()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=c)
    qtbot.mouseMove(vp, c + QPoint(60, 0))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=c + QPoint(60, 0))
    qtbot.keyClick(vp, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # save findings: an SR joins the study
    assert window.last_saved_findings
    series = window.browser.series
    sr = next(series.item(i) for i in range(series.count())
              if window.ws.display_sets[series.item(i).data(Qt.ItemDataRole.UserRole)].modality == "SR")
    at = series.visualItemRect(sr).center()
    qtbot.mouseClick(series.viewport(), Qt.MouseButton.LeftButton, pos=at)  # a double click's first press
    qtbot.mouseDClick(series.viewport(), Qt.MouseButton.LeftButton, pos=at)
    report = window._document_dialog
    assert report.isVisible()
    _click_study(qtbot, window, b["study_uid"])
    assert not report.isVisible()
