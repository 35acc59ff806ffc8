"""A whole slide in the reading viewport: fitted on arrival with its pixels where pydicom puts them, its bulk
annotations drawn on it, the scale bar as long as its µm say, the wheel zooming about the cursor and a drag
panning it, and only the tiles on screen decoded."""

from __future__ import annotations

import shutil

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from gui_helpers import import_and_open, widget_pixels
from store_fixtures import corpus
from test_slide import SM, SM_ANN


def _wheel(widget, at: QPointF, notches: int) -> None:
    event = QWheelEvent(at, widget.mapToGlobal(at), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _open_slide(qtbot, tmp_path, names):
    """The window showing the corpus slide (and ``names``' other files), and its viewport."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(corpus(*name), folder / name[-1])
    study = str(pydicom.dcmread(folder / SM[-1]).StudyInstanceUID)
    window = import_and_open(qtbot, tmp_path / "home", folder, study)
    viewport = window.grid.visible_viewports()[0]
    qtbot.waitUntil(lambda: viewport.surface.widget is not None and viewport.surface.widget.isVisible())
    return window, viewport


def test_a_slide_is_fitted_annotated_scaled_zoomed_and_panned(qtbot, tmp_path):
    window, viewport = _open_slide(qtbot, tmp_path, (SM, SM_ANN))
    slide = viewport.surface.widget
    assert type(slide).__name__ == "SlideViewport"
    qtbot.waitUntil(lambda: slide.view is not None)
    pixels = widget_pixels(slide)
    h, w = pixels.shape[:2]
    zoom = min(w, h) / 50  # the 50 x 50 matrix fitted by hand
    assert slide.view.zoom == pytest.approx(zoom)
    frames = pydicom.dcmread(corpus(*SM)).pixel_array
    whole = frames.reshape(5, 5, 10, 10, 3).transpose(0, 2, 1, 3, 4).reshape(50, 50, 3)
    left, top = w / 2 - 25 * zoom, h / 2 - 25 * zoom

    def at(c, r):
        return pixels[int(top + (r + 0.5) * zoom), int(left + (c + 0.5) * zoom)]

    for r, c in ((2, 2), (13, 27), (25, 40), (30, 8)):
        assert np.abs(at(c, r).astype(int) - whole[r, c].astype(int)).max() <= 2, (r, c)

    # The nuclei annotation at (34.6, 18.4) of the matrix: a yellow ring of radius 5 px around it.
    cx, cy = left + 34.6 * zoom, top + 18.4 * zoom
    ring = [pixels[round(cy + 5 * np.sin(a)), round(cx + 5 * np.cos(a))] for a in np.linspace(0, 2 * np.pi, 16)]
    assert sum(1 for p in ring if p[0] > 200 and p[1] > 180 and p[2] < 120) >= 12

    # The scale bar: 0.499 µm a matrix pixel; 120 screen px hold 120 x 0.499 / zoom µm, rounded down to 1-2-5.
    um_per_px = 0.499 / zoom
    raw = 120 * um_per_px
    power = 10 ** np.floor(np.log10(raw))
    length = max(m * power for m in (1, 2, 5) if m * power <= raw)
    row = pixels[h - 12, :260]
    bar = np.flatnonzero(np.all(row >= 245, axis=1))
    assert abs(len(bar) - length / um_per_px) <= 1.5
    assert slide.cache.decoded == 25  # the whole slide: every tile once

    # Wheel: 2 notches in about a point keep the slide point under it where it was.
    point = QPointF(w / 2 + 60, h / 2 - 40)
    before = (slide.view.cx + (point.x() - w / 2) / slide.view.zoom, slide.view.cy + (point.y() - h / 2) / slide.view.zoom)
    _wheel(slide, point, 2)
    assert slide.view.zoom == pytest.approx(zoom * 1.25 ** 2)
    after = (slide.view.cx + (point.x() - w / 2) / slide.view.zoom, slide.view.cy + (point.y() - h / 2) / slide.view.zoom)
    assert after == pytest.approx(before)

    # A drag of 100 px to the right moves the slide 100 screen px: the centre moves left by 100 / zoom.
    cx0 = slide.view.cx
    qtbot.mousePress(slide, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.mouseMove(slide, QPoint(400, 300))
    qtbot.mouseRelease(slide, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert slide.view.cx == pytest.approx(cx0 - 100 / slide.view.zoom)

    # Zoomed in on a corner, a fresh cache decodes only the tiles on screen.
    for _ in range(12):
        _wheel(slide, QPointF(2, 2), 1)
    slide.cache = type(slide.cache)(slide.slide)
    slide.repaint()
    x0, y0, x1, y1 = slide.view.bounds(slide.width(), slide.height())
    on_screen = {(tx, ty) for tx in range(5) for ty in range(5)
                 if tx * 10 < x1 and (tx + 1) * 10 > x0 and ty * 10 < y1 and (ty + 1) * 10 > y0}
    assert slide.cache.decoded == len(on_screen) < 25


def test_a_slides_tiles_share_the_workstations_memory_budget(qtbot, tmp_path):
    """The decoded tiles are accounted in the one memory budget the frames and volumes use (25 tiles of
    10 x 10 RGB: 7,500 bytes, by hand), and leave it when the viewport shows something else."""
    window, viewport = _open_slide(qtbot, tmp_path, (SM,))
    slide = viewport.surface.widget
    qtbot.waitUntil(lambda: slide.cache.decoded >= 25)
    memory = window.ws.memory
    assert memory.used_by("slide tile") == 25 * 10 * 10 * 3
    window.ws.clear_slot(viewport.slot)  # the viewport empties: the slide's tiles leave the budget
    qtbot.waitUntil(lambda: viewport.surface.widget is None)
    assert memory.used_by("slide tile") == 0
