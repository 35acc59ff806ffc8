"""Issue 19: after N idle minutes the window hides patient data behind an opaque panel until the reader
unlocks it; input meant for what is behind it does nothing meanwhile. Real window, real events, pixels."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest

from gui_helpers import import_and_open, wait_ready, widget_pixels
from synthetic import write_series

pytestmark = [pytest.mark.gui, pytest.mark.timeout(180)]
PANEL = (0x1B, 0x1F, 0x24)  # the panel's colour, from its style sheet


@pytest.fixture
def opened(qtbot, tmp_path):
    info = write_series(tmp_path / "src", slices=6, rows=128, cols=128)
    return import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])


def _share_of_panel_colour(pixels: np.ndarray) -> float:
    return float(np.mean(np.all(pixels == PANEL, axis=-1)))


def test_idle_window_hides_patient_data_until_unlocked(opened, qtbot):
    window = opened
    vp = window.grid.active
    before = widget_pixels(window)
    assert _share_of_panel_colour(before) < 0.05 and before[..., 0].std() > 10  # the study is on screen
    start = vp.state.index
    QTest.keyClick(vp, Qt.Key.Key_Down)  # unlocked, the key moves a slice...
    qtbot.waitUntil(lambda: vp.state.index != start, timeout=5000)
    window.idle_lock.set_minutes(0.5 / 60)  # half a second, for the test
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=20000)
    locked = widget_pixels(window)
    assert _share_of_panel_colour(locked) > 0.9  # study list, images, corners: all under the panel
    assert window.windowTitle() == "Cauri"
    assert window.idle_lock.panel.label.text() == "Cauri est verrouillé\u00a0: les données patient sont masquées."

    # Input for what lies behind does nothing: a slice change by key, a click into the viewport.
    index = vp.state.index
    QTest.keyClick(vp, Qt.Key.Key_Down)  # ...locked, it does nothing
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, pos=QPoint(vp.width() // 2, vp.height() // 2))
    qtbot.wait(200)
    assert window.idle_lock.locked and vp.state.index == index

    qtbot.mouseClick(window.idle_lock.panel.button, Qt.MouseButton.LeftButton)
    assert not window.idle_lock.locked
    wait_ready(qtbot, window)
    after = widget_pixels(window)
    assert _share_of_panel_colour(after) < 0.05
    window.idle_lock.set_minutes(0)


def test_activity_keeps_the_window_unlocked(opened, qtbot):
    window = opened
    vp = window.grid.active
    window.idle_lock.set_minutes(3 / 60)  # three seconds
    for k in range(25):  # 5 s of mouse movement, a move every 0.2 s
        # Delivered as the window system delivers it, to the window's QWindow (QTest.mouseMove moves the X
        # pointer, whose motion goes to whichever window is under it: one left by an earlier test took it).
        at = QPointF(vp.mapTo(window, QPoint(20 + k, 20 + k)))
        QApplication.sendEvent(window.windowHandle(), QMouseEvent(
            QEvent.Type.MouseMove, at, window.mapToGlobal(at), Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier))
        qtbot.wait(200)
        assert not window.idle_lock.locked
    window.idle_lock.set_minutes(0)
    qtbot.wait(300)
    assert not window.idle_lock.locked


def test_the_delay_is_set_in_preferences_and_kept(opened, qtbot):
    """The reader (or IT, on this PC) sets the delay in Préférences > Général; it applies at once and is saved
    with the settings (read back from the file after the window closes)."""
    import json

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from viewer.ui.preferences import PreferencesDialog

    window = opened
    seen = {}

    def fill_in():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PreferencesDialog) and w.isVisible())
        seen["label"] = dialog.idle_lock.specialValueText()
        dialog.idle_lock.selectAll()
        QTest.keyClicks(dialog.idle_lock, "25")
        QTest.keyClick(dialog.idle_lock, Qt.Key.Key_Return)  # Enter: the dialog's OK

    QTimer.singleShot(500, fill_in)
    window.show_preferences()
    assert seen["label"] == "Jamais"
    assert window.idle_lock.minutes == 25 and window.ws.settings.idle_lock_minutes == 25
    window.ws.stop_background()  # what closing the window does: the settings are written
    saved = json.loads(window.ws.paths.settings_file.read_text())
    assert saved["idle_lock_minutes"] == 25
