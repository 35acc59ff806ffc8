"""The GUI's composition root at work: the command line's plan (import, then MPR and 3-D of the first
series, then the screenshot once every view has drawn), and a window replaced in another language on the
same workstation, the study open again."""

from __future__ import annotations

from argparse import Namespace

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gui_helpers import widget_pixels
from synthetic import write_series

pytestmark = pytest.mark.gui


def workstation(home, language):
    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings
    from viewer.model.frames import FrameLoader
    from viewer.model.registry import load_plugins
    from viewer.store.cache import StudyCache
    from viewer.ui.i18n import install_language
    from viewer.ui.workstation_bridge import gui_workstation

    paths = resolve_paths(home).ensure()
    install_language(QApplication.instance(), language)
    return gui_workstation(paths, Settings(), StudyCache(paths.store), load_plugins(), FrameLoader(), language, home)


def test_the_command_line_imports_then_shows_mpr_and_3d_before_the_screenshot(qtbot, tmp_path):
    from viewer.ui.launch import CommandLine, WindowShell

    write_series(tmp_path / "src", slices=16, rows=48, cols=48, thickness=3.0)
    ws = workstation(tmp_path / "home", "en")
    shell = WindowShell(QApplication.instance(), ws, screenshot=True)
    shot = tmp_path / "shot.png"
    args = Namespace(paths=[str(tmp_path / "src"), str(tmp_path / "missing")], demo=False, mpr=True, volume=True,
                     screenshot=str(shot), layout=None, open_request=None)
    ended = []  # the exit status the program would end with
    plan = CommandLine(shell, args, None, None, finish=ended.append)
    try:
        qtbot.waitUntil(lambda: bool(ended), timeout=120000)
        assert ended == [0] and shot.exists()
        grid = shell.window.grid
        assert [vp.slot.mode() for vp in grid.visible_viewports()] == ["plane", "plane", "plane", "volume"]
        assert not plan.views_pending and ws.volumes.session.volume.complete
        for vp in grid.visible_viewports():  # every view drew its image, not a blank
            assert widget_pixels(vp)[20:-20, 20:-20].std() > 10
        # The picture saved is the 2x2 on screen now, not an earlier state of the window.
        saved = QImage(str(shot)).convertToFormat(QImage.Format.Format_RGB888)
        assert saved.size() == shell.window.size()
        corner = grid.mapTo(shell.window, QPoint(0, 0))
        saved = saved.copy(corner.x(), corner.y(), grid.width(), grid.height())
        buf = np.frombuffer(saved.constBits(), np.uint8, count=saved.bytesPerLine() * saved.height())
        saved = buf.reshape(saved.height(), saved.bytesPerLine())[:, : 3 * saved.width()].reshape(saved.height(), -1, 3)
        assert np.abs(saved.astype(int) - widget_pixels(grid).astype(int)).mean() < 1.0
    finally:
        shell.window.close()
        ws.close()


def test_another_language_is_a_new_window_on_the_same_workstation(qtbot, tmp_path):
    from viewer.store.importer import import_paths
    from viewer.ui.launch import WindowShell

    info = write_series(tmp_path / "src", slices=6, rows=32, cols=32)
    ws = workstation(tmp_path / "home", "fr")
    import_paths(ws.cache, [str(tmp_path / "src")])
    shell = WindowShell(QApplication.instance(), ws, screenshot=True)
    french = shell.window
    assert french.act_invert.text() == "Inverser"
    ws.open_study(info["study_uid"])
    slots = list(ws.views.slots)
    try:
        ws.settings.language = "en"
        french.language_changed.emit("en")  # what Preferences does when the reader picks English
        english = shell.window
        assert english is not french and not french.isVisible()
        assert english.act_invert.text() == "Invert" and ws.language == "en"
        assert ws.study.study_uid == info["study_uid"] and ws.views.slots[:len(slots)] == slots
        qtbot.waitUntil(lambda: english.grid.all_ready(), timeout=20000)
        assert english.grid.active.state.display_set is not None
        # The old window is gone and follows nothing: the workstation's events reach the new window only
        # (a listener left on a deleted window would raise here).
        qtbot.waitUntil(lambda: not shiboken6.isValid(french), timeout=5000)
        ws.open_study(info["study_uid"])
        assert english.browser.selected_study_uid() == info["study_uid"]
    finally:
        shell.window.close()
        ws.close()
