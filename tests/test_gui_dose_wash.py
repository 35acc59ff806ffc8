"""An RT Dose (the corpus's, 10 x 10 x 15 planes) as a colourwash with isodose lines over a CT generated on
its Frame of Reference, in the real window: the dose under the cursor against the file's value times Dose
Grid Scaling, and the 80 % isodose line where the dose, interpolated by hand between two grid rows, crosses
80 % of the maximum."""

from __future__ import annotations

import shutil

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QPoint

from conftest import shared_data
from fusion_data import CORPUS_DOSE, write_ct_under_dose
from gui_helpers import import_and_open, screen_point_of, wait_ready, widget_pixels

pytestmark = pytest.mark.gui
PLANE = 7  # dose plane shown: Grid Frame Offset 35 mm


@pytest.fixture
def dose_view(qtbot, tmp_path):
    src = tmp_path / "src"
    (src / "dose").mkdir(parents=True)
    dose_path = src / "dose" / "rtdose.dcm"
    shutil.copy(shared_data(CORPUS_DOSE), dose_path)
    ds = pydicom.dcmread(dose_path)
    ds.DoseUnits = "GY"  # the corpus file says RELATIVE; a plan's dose is in Gy
    ds.save_as(dose_path)
    study, ct = write_ct_under_dose(src / "ct", dose_path)
    window = import_and_open(qtbot, tmp_path / "home", [ct, src / "dose"], study)
    vp = window.grid.active
    ct_set = next(d for d in window.ws.display_sets.values() if d.modality == "CT")
    dose_set = next(d for d in window.ws.display_sets.values() if d.modality == "RTDOSE")
    if vp.state.display_set is not ct_set:
        window.study_switch.show_in_active(ct_set.uid)
    z = float(ds.ImagePositionPatient[2]) + float(ds.GridFrameOffsetVector[PLANE])
    index = next(i for i, p in enumerate(ct_set.positions) if abs(p[2] - z) < 0.01)
    vp.apply(vp.state.__class__(**{**vp.state.__dict__, "index": index}))
    wait_ready(qtbot, window)
    window.fusion_controls.fuse(vp.slot, dose_set)
    qtbot.waitUntil(lambda: vp.slot.wash is not None, timeout=20000)
    wait_ready(qtbot, window)
    return window, vp, ds


def test_dose_under_the_cursor_in_gy(dose_view, qtbot):
    window, vp, ds = dose_view
    r, c = 3, 2
    expected = float(ds.pixel_array[PLANE, r, c]) * float(ds.DoseGridScaling)  # 1.083 Gy
    x, y = screen_point_of(vp, 4 + 5 * r, 4 + 5 * c)  # CT pixel 4 + 5 k lies on dose voxel k
    qtbot.mouseMove(vp, QPoint(x + 7, y + 7))  # Qt sends no move to where the cursor already is
    qtbot.mouseMove(vp, QPoint(x, y))
    qtbot.waitUntil(lambda: window.fusion_controls.panel.value.text() != "", timeout=5000)
    text = window.fusion_controls.panel.value.text()
    assert f"{expected:.3f} Gy".replace(".", ",") in text, text


def test_80_percent_isodose_line_at_its_boundary(dose_view, qtbot):
    window, vp, ds = dose_view
    wash = vp.slot.wash
    assert wash.kind == "dose" and wash.look.isodoses
    dose = ds.pixel_array.astype(float) * float(ds.DoseGridScaling)
    level = 0.8 * dose.max()
    c = 5
    column = dose[PLANE, :, c]
    k = next(i for i in range(9) if column[i] >= level > column[i + 1])
    crossing = k + (column[k] - level) / (column[k] - column[k + 1])  # in dose rows (10 mm)
    ct_row = (crossing * 10.0 + 8.0) / 2.0  # CT pixels of 2 mm, starting 8 mm before the dose grid
    x, y = screen_point_of(vp, ct_row, 4 + 5 * c)
    pixels = widget_pixels(vp).astype(int)
    orange = (pixels[..., 0] > 220) & (np.abs(pixels[..., 1] - 140) < 40) & (pixels[..., 2] < 60)
    assert orange[y - 2:y + 3, x - 1:x + 2].any(), pixels[y - 2:y + 3, x]
    # Well inside the 80-95 % band: the wash, no line.
    _, y_off = screen_point_of(vp, ct_row - 5, 4 + 5 * c)
    assert not orange[y_off - 1:y_off + 2, x - 1:x + 2].any()
    # The 50 % and 20 % levels are not reached on this plane (its least is 64 % of the maximum): no yellow or
    # blue line anywhere, not even along the grid's edge where the dose ends.
    assert column.min() > 0.5 * dose.max()
    yellow = (pixels[..., 0] > 230) & (pixels[..., 1] > 230) & (pixels[..., 2] < 40)
    blue = (pixels[..., 0] < 30) & (np.abs(pixels[..., 1] - 153) < 30) & (pixels[..., 2] > 230)
    assert not yellow.any() and not blue.any()


def test_rt_dose_protocol_washes_the_dose_over_its_ct(qtbot, tmp_path):
    from gui_helpers import make_window
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    src = tmp_path / "src"
    (src / "dose").mkdir(parents=True)
    dose_path = src / "dose" / "rtdose.dcm"
    shutil.copy(shared_data(CORPUS_DOSE), dose_path)
    study, ct = write_ct_under_dose(src / "ct", dose_path)
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(ct), str(src / "dose")])
    window = make_window(qtbot, home, protocols=True)
    window.open_study(study)
    vp = window.grid.visible_viewports()[0]
    qtbot.waitUntil(lambda: vp.slot.wash is not None, timeout=20000)
    wait_ready(qtbot, window)
    assert vp.state.display_set.modality == "CT" and vp.slot.wash.kind == "dose"
    assert "isodoses 95/80/50/20\u00a0% de 1,254" in vp.last_scene.corners["tr"]
