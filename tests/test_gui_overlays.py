"""A corner line too long for a small viewport is shortened with an ellipsis, never cut, and the reader
hovering the corner gets it whole in a tooltip (issue 14). A real window, a 3x3 grid, a real help event."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from gui_helpers import make_window, wait_ready
from synthetic import write_series
from viewer.core.paths import resolve_paths
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

pytestmark = pytest.mark.gui


def test_a_shortened_corner_shows_whole_in_a_tooltip(qtbot, tmp_path):
    info = write_series(tmp_path / "ct", slices=4, rows=64, cols=64)
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "ct")])
    window = make_window(qtbot, home, layout=(3, 3))
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    vp = window.grid.visible_viewports()[0]
    full = vp.last_scene.corners["tr"]
    assert "tr" in vp.renderer.elided, f"a {vp.width()} px viewport should shorten: {full!r}"
    assert vp.renderer.elided["tr"] == full
    # The top right corner, where the shortened lines are drawn.
    pos = QPoint(vp.width() - 20, 12)
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    assert QToolTip.text() == full
    # Over the image's middle: no tooltip.
    centre = vp.rect().center()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, centre, vp.mapToGlobal(centre)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=5000)
    window.close()
