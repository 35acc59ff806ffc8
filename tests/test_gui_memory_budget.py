"""The memory budget in the real window: a series several times bigger than it is read slice by slice with
the right pixels on screen, MPR is refused with its reason in French and the stack stays, and the budget is
set in Préférences."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import Qt

from gui_helpers import change_preferences, import_and_open, wait_ready
from synthetic import write_series
from viewer.core.memory import MB

pytestmark = pytest.mark.gui
SLICES, FRAME = 40, 512 * 512 * 2


def _expected_grey(path) -> np.ndarray:
    """The file's W 400 / L 40 by PS3.3 C.11.2.1.2's linear function, from pydicom's stored values."""
    ds = pydicom.dcmread(path)
    hu = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    c, w = 40.0, 400.0
    return np.clip(((hu - (c - 0.5)) / (w - 1) + 0.5) * 255.0, 0, 255)


@pytest.fixture
def big_window(qtbot, tmp_path):
    info = write_series(tmp_path / "ct", slices=SLICES, rows=512, cols=512)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "ct", info["study_uid"])
    window.ws.memory.set_limit(3 * MB)  # 6 slices of 40: CI-sized (Préférences has 256 MB at least)
    return window


def test_a_series_bigger_than_the_budget_shows_each_slice_right_and_mpr_says_why_not(big_window, qtbot):
    window = big_window
    vp = window.grid.active
    memory = window.ws.memory
    frames = vp.state.display_set.frames
    for key, index in ((Qt.Key.Key_End, SLICES - 1), (Qt.Key.Key_Home, 0), (Qt.Key.Key_Down, 1), (Qt.Key.Key_End, SLICES - 1)):
        qtbot.keyClick(vp, key)
        qtbot.waitUntil(lambda: vp.state.index == index, timeout=5000)
        wait_ready(qtbot, window)
        shown = vp.last_scene.image.astype(np.float64)
        expected = _expected_grey(frames[index].path)
        assert shown.shape == expected.shape and np.abs(shown - expected).max() <= 1.0
        assert memory.used <= memory.limit + FRAME  # what stays decoded: the budget, and the slice on screen
    qtbot.keyClick(vp, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: "la série reste en 2D" in window.status_label.text(), timeout=5000)
    assert "20\u00a0Mo" not in window.status_label.text() and "20 Mo" in window.status_label.text()
    assert window.mpr.session is None and not window.act_mpr.isChecked()
    wait_ready(qtbot, window)
    assert np.abs(vp.last_scene.image.astype(np.float64) - _expected_grey(frames[SLICES - 1].path)).max() <= 1.0
    window.close()


def test_the_budget_is_chosen_in_preferences_and_applies_at_once(big_window, qtbot):
    window = big_window
    seen = {}

    def choose(box):
        seen["auto"] = box.memory_budget.specialValueText()
        seen["label"] = box.memory_budget.parentWidget().layout().labelForField(box.memory_budget).text()
        box.memory_budget.setFocus()
        box.memory_budget.selectAll()
        qtbot.keyClicks(box.memory_budget, "512")

    change_preferences(qtbot, window, choose)
    assert seen["label"] == "Mémoire pour les images"
    assert seen["auto"].startswith("Automatique (") and seen["auto"].endswith(" Mo)")
    assert window.ws.settings.memory_budget_mb == 512 and window.ws.memory.limit == 512 * MB
    window.close()
