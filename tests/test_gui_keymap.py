"""A reader's own key and mouse map, in a real window: real drags and keys do what the map says, the F1
help says the same, and a map that cannot be used is said and leaves the default keys."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gui_helpers import make_window, wait_ready
from synthetic import write_series

pytestmark = pytest.mark.gui


def open_with_keymap(qtbot, tmp_path, keymap_text: str | None):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=6, rows=64, cols=64)
    home = tmp_path / "home"
    paths = resolve_paths(home).ensure()
    if keymap_text is not None:
        (paths.config / "keymap.json").write_text(keymap_text, encoding="utf-8")
    with StudyCache(paths.store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    window = make_window(qtbot, home)
    window.said_at_start = window.status_label.text()
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    return window


def drag(qtbot, vp, button, dy):
    start = vp.rect().center()
    qtbot.mousePress(vp, button, pos=start)
    qtbot.mouseMove(vp, start + QPoint(0, dy))
    qtbot.mouseRelease(vp, button, pos=start + QPoint(0, dy))


def help_shown(qtbot, window) -> str:
    """Press F1 on the keyboard and read the help box that opens."""
    seen = {}

    def read_and_close():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen["text"] = box.text()
            box.accept()
        else:
            QTimer.singleShot(50, read_and_close)

    QTimer.singleShot(50, read_and_close)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "text" in seen, timeout=10000)
    return seen["text"]


def test_the_readers_map_turns_left_drag_into_zoom_and_gives_invert_another_key(qtbot, tmp_path):
    window = open_with_keymap(qtbot, tmp_path, json.dumps({
        "stack": {"zoom": ["left-drag"], "window_level": ["right-drag"]},
        "window": {"invert": ["N"]},
    }))
    vp = window.grid.active
    mm_before = vp.renderer.mm_per_screen_pixel(vp.last_scene)
    drag(qtbot, vp, Qt.MouseButton.LeftButton, -150)  # 150 px up: twice as large
    wait_ready(qtbot, window)
    assert vp.state.zoom == pytest.approx(2.0) and vp.state.window is None
    assert vp.renderer.mm_per_screen_pixel(vp.last_scene) == pytest.approx(mm_before / 2)
    start = vp.current_window()
    drag(qtbot, vp, Qt.MouseButton.RightButton, 40)  # the right button windows now: down raises the level
    assert vp.state.window.center == pytest.approx(start.center + 40 * start.width / 256)
    assert vp.state.zoom == pytest.approx(2.0)
    qtbot.keyClick(vp, Qt.Key.Key_I)
    assert not vp.state.invert  # I is no longer invert's key...
    qtbot.keyClick(vp, Qt.Key.Key_N)
    assert vp.state.invert  # ...N is
    text = help_shown(qtbot, window)
    assert "N\u00a0: inverser" in text and "I\u00a0: inverser" not in text
    assert "glisser gauche\u00a0: zoom" in text and "glisser droit\u00a0: fenêtrage" in text
    assert window.said_at_start == ""


def test_a_map_that_cannot_be_read_is_said_and_the_default_keys_apply(qtbot, tmp_path):
    window = open_with_keymap(qtbot, tmp_path, "{ this is not json")
    assert window.said_at_start.startswith("keymap.json n'est pas un JSON lisible (JSONDecodeError)")
    vp = window.grid.active
    start = vp.current_window()
    drag(qtbot, vp, Qt.MouseButton.LeftButton, 40)
    assert vp.state.window.center == pytest.approx(start.center + 40 * start.width / 256)
    text = help_shown(qtbot, window)
    assert "glisser gauche\u00a0: fenêtrage" in text and "I\u00a0: inverser" in text
