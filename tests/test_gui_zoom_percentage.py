"""In the real window, "Zoom 100 %" is one image pixel on one screen pixel, and a fitted image says its real
percentage, computed here from the widget's size and the image's."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui_helpers import import_and_open, wait_ready, widget_pixels
from synthetic import write_series

pytestmark = pytest.mark.gui
NBSP = "\u00a0"
SIDE, SQUARE = 100, 40  # a 100 x 100 image of 1 mm pixels with a bright 40 x 40 square in its middle


def _square(_i):
    hu = np.full((SIDE, SIDE), -1000, np.int16)
    lo = (SIDE - SQUARE) // 2
    hu[lo:lo + SQUARE, lo:lo + SQUARE] = 1000
    return hu


@pytest.fixture
def window(qtbot, tmp_path):
    info = write_series(tmp_path / "src", slices=1, rows=SIDE, cols=SIDE, spacing=(1.0, 1.0), hu_slices=_square,
                        window=(400, 0))
    return import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])


def _zoom_line(vp) -> str:
    return next(line for line in vp.last_scene.corners["br"].split("\n") if line.startswith("Zoom"))


def _bright_run(pixels: np.ndarray) -> int:
    """Screen pixels across the bright square along the widget's middle row (its longest bright run: the
    orientation letters at the row's ends are bright too)."""
    bright = np.concatenate([[0], pixels[pixels.shape[0] // 2, :, 0] > 128, [0]]).astype(int)
    edges = np.flatnonzero(np.diff(bright))
    return int((edges[1::2] - edges[::2]).max())


def test_fit_shows_its_real_percentage_and_1_to_1_is_100_percent(window, qtbot):
    vp = window.grid.active
    vp.setFocus()
    qtbot.keyClick(vp, Qt.Key.Key_F)
    wait_ready(qtbot, window)
    dpr = vp.devicePixelRatioF()
    w, h = int(vp.width() * dpr), int(vp.height() * dpr)
    fitted = 100.0 * min(w, h) / SIDE  # the square image fills the shorter side
    assert _zoom_line(vp) == f"Zoom {fitted:.0f}{NBSP}%"
    fit_pixels = widget_pixels(vp)
    assert _bright_run(fit_pixels) == pytest.approx(SQUARE * fitted / 100.0 / dpr, abs=3)

    qtbot.keyClick(vp, Qt.Key.Key_Equal)
    wait_ready(qtbot, window)
    assert _zoom_line(vp) == f"Zoom 100{NBSP}%"
    one_pixels = widget_pixels(vp)
    # One image pixel on one screen pixel: the 40-pixel square covers 40 device pixels.
    assert _bright_run(one_pixels) * dpr == pytest.approx(SQUARE, abs=1)

    # The corner text is drawn where the image is not (the image is narrower than the viewport at both
    # zooms): the bottom-right corner changed only because "Zoom N %" changed.
    corner = (slice(-24, None), slice(-110, None))
    assert fit_pixels[corner].max() > 150 and one_pixels[corner].max() > 150
    assert (fit_pixels[corner] != one_pixels[corner]).any()


def test_zoom_percentage_on_an_mpr_plane(window, qtbot, tmp_path):
    info = write_series(tmp_path / "vol", slices=20, rows=64, cols=64, spacing=(0.5, 0.5), thickness=1.0)
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    with StudyCache(resolve_paths(tmp_path / "home").ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "vol")])
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    wait_ready(qtbot, window)
    vp = window.grid.active
    vp.setFocus()
    qtbot.keyClick(vp, Qt.Key.Key_Equal)
    wait_ready(qtbot, window)
    assert _zoom_line(vp) == f"Zoom 100{NBSP}%"
    assert vp.renderer.mm_per_screen_pixel(vp.last_scene) == pytest.approx(0.5)  # one 0.5 mm grid pixel each
