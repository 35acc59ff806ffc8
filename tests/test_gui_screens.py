"""Cauri on two monitors (issue 14), with two virtual screens: Qt's offscreen platform and a screen layout
file (docs/ENVIRONMENT.md "Several screens"; Xvfb shows Qt one screen whatever its xinerama says). Each case
runs in a process of its own: this test process already has its QApplication on Xvfb.

- One window per screen: ``--screenshot FILE.png`` writes FILE-1.png and FILE-2.png, each the size of its
  screen; the first shows the main window (toolbar, worklist, the CT), the second the other screen's grid
  (the MR: the demo's next series), with no toolbar.
- One spanning window, worklist on screen 2: every viewport lies inside one screen (geometry of the real
  widgets against the screens'), each screen keeps the grid the reader chose for it, and the pictures show
  the viewports on the left screen and the worklist on the right one.
- The second screen's layout, chosen in one session, is the next session's (the reader's settings).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from test_render_cmd import ROOT, read_png

pytestmark = pytest.mark.gui

W, H = 1920, 1080
SCREENS = {"screens": [
    {"name": "LEFT", "x": 0, "y": 0, "width": W, "height": H, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    {"name": "RIGHT", "x": W, "y": 0, "width": W, "height": H, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
]}

PROBE = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
from viewer.render.gl import prepare_offscreen
prepare_offscreen()
app = QApplication([sys.argv[0]])
from viewer.core.paths import resolve_paths
from viewer.core.settings import Settings
from viewer.model.frames import FrameLoader
from viewer.model.registry import load_plugins
from viewer.store.cache import StudyCache
from viewer.ui.workstation_bridge import gui_workstation
from viewer.ui.launch import WindowShell
from viewer.ui.i18n import install_language
install_language(app, "fr")  # as the app does: the window's texts in French
home = sys.argv[1]
paths = resolve_paths(home).ensure()
settings = Settings.load(paths.settings_file)
ws = gui_workstation(paths, settings, StudyCache(paths.store), load_plugins(), FrameLoader(), "fr", home)
shell = WindowShell(app, ws, True)
win = shell.window
if len(sys.argv) > 2 and sys.argv[2] != "-":
    win.screens.show_layout(1, *map(int, sys.argv[2].split("x")))
uid = ws.cache.find_studies()[0].study_uid
ws.open_study(uid)
end = time.monotonic() + 60
while time.monotonic() < end and not win.grid.all_ready():
    app.processEvents()
for vp in win.grid.visible_viewports():
    vp.render_sync()
app.processEvents()
def rect(r):
    return [r.x(), r.y(), r.width(), r.height()]
keys = None
if win.screens.windows and win.grid.screen_viewports(1):
    # The reader clicks a viewport on the second monitor and presses I: the window there has the keys.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    vp2, sw = win.grid.screen_viewports(1)[0], win.screens.windows[0]
    sw.activateWindow()
    app.processEvents()
    QTest.mouseClick(vp2, Qt.MouseButton.LeftButton, pos=vp2.rect().center())
    QTest.keyClick(vp2, Qt.Key.Key_I)
    app.processEvents()
    keys = {"active_on_2": ws.views.screen_of(ws.views.active) == 1, "inverted": vp2.state.invert}
plug = None
if len(sys.argv) > 3 and sys.argv[3] == "unplug":
    # The second monitor's cable is pulled, then plugged back: what Qt's screenRemoved/screenAdded call.
    arrangement, everything = win.screens, list(app.screens())
    arrangement.follow_screens(everything[:1])
    app.processEvents()
    plug = {"out_per_screen": [len(win.grid.screen_viewports(i)) for i in range(ws.views.screen_count)],
            "out_window_visible": bool(arrangement.windows) and arrangement.windows[0].isVisible(),
            "out_main_shown": [bool(vp.state.display_set) and vp.isVisible() for vp in win.grid.visible_viewports()],
            "out_status": win.status_label.text()}
    arrangement.follow_screens(everything)
    end = time.monotonic() + 60
    while time.monotonic() < end and not win.grid.all_ready():
        app.processEvents()
    plug["back_window_visible"] = arrangement.windows[0].isVisible()
    plug["back_shown"] = [bool(vp.state.display_set) and vp.isVisible() for vp in win.grid.screen_viewports(1)]
out = {
    "plug": plug,
    "screens": [rect(s.geometry()) for s in app.screens()],
    "viewports": [rect(vp.rect().translated(vp.mapToGlobal(vp.rect().topLeft()))) for vp in win.grid.visible_viewports()],
    "per_screen": [len(win.grid.screen_viewports(i)) for i in range(win.ws.views.screen_count)],
    "shown": [bool(vp.state.display_set) for vp in win.grid.visible_viewports()],
    "layouts": [list(ws.views.screen_layout(i)) for i in range(ws.views.screen_count)],
    "keys": keys,
}
print("PROBE " + json.dumps(out))
win.close()
ws.close()
"""


def _env(tmp_path: Path) -> dict:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "plugins"), env.get("PYTHONPATH", "")])
    return env


def _cauri(tmp_path, home, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "viewer", "--home", str(home), *args], env=_env(tmp_path), cwd=ROOT,
                          capture_output=True, text=True, timeout=240)


def _probe(tmp_path, home, *args) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(home), *args], env=_env(tmp_path), cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("PROBE "))
    return json.loads(line[len("PROBE "):])


def _image_area(picture: np.ndarray) -> float:
    """Share of the picture's pixels that are mid-grey image content (neither the black of an empty view
    nor the light grey of Qt's widgets)."""
    grey = picture[..., :3].mean(axis=2)
    return float(((grey > 25) & (grey < 200)).mean())


def _settings(home: Path, **values) -> None:
    path = home / "config" / "settings.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_one_window_per_screen_and_one_picture_per_screen(tmp_path):
    home = tmp_path / "home"
    _settings(home, extra={"hanging_protocols": False})  # the reader's own layouts (protocols: their own test)
    shot = tmp_path / "shot.png"
    done = _cauri(tmp_path, home, "--demo", "--layout", "1x1", "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr[-3000:]
    assert not shot.exists()
    first, second = read_png(tmp_path / "shot-1.png"), read_png(tmp_path / "shot-2.png")
    assert first.shape[:2] == (H, W) and second.shape[:2] == (H, W)
    # The main window: its toolbar and menus (light grey rows at the top) and an image; the second screen:
    # a viewport from edge to edge (no toolbar), showing the demo's second series.
    assert first[5:25, :, :3].mean() > 180 and second[5:25, :, :3].mean() < 60
    assert _image_area(first) > 0.08 and _image_area(second) > 0.15

    layout = _probe(tmp_path, home)
    assert layout["per_screen"] == [1, 1] and all(layout["shown"])
    left, right = layout["screens"]
    assert left == [0, 0, W, H] and right == [W, 0, W, H]
    assert layout["keys"] == {"active_on_2": True, "inverted": True}


def test_a_monitor_unplugged_and_plugged_back_while_reading(tmp_path):
    """The second screen goes (a cable pulled): its views fold away, the main window keeps its image and says
    why; it comes back: its window shows again with a series in it."""
    home = tmp_path / "home"
    _settings(home, extra={"hanging_protocols": False})
    assert _cauri(tmp_path, home, "--demo", "--layout", "1x1", "--screenshot", str(tmp_path / "warm.png")).returncode == 0
    plug = _probe(tmp_path, home, "-", "unplug")["plug"]
    assert plug["out_per_screen"] == [1] and not plug["out_window_visible"] and plug["out_main_shown"] == [True]
    assert plug["out_status"] == "Un écran a été débranché\u00a0: ses vues sont repliées"
    assert plug["back_window_visible"] and plug["back_shown"] == [True]


def test_a_spanning_window_never_cuts_a_viewport_on_the_seam_and_remembers_each_screens_grid(tmp_path):
    home = tmp_path / "home"
    _settings(home, extra={"hanging_protocols": False})
    assert _cauri(tmp_path, home, "--demo", "--layout", "1x1", "--screenshot", str(tmp_path / "warm.png")).returncode == 0
    _settings(home, screen_mode="span", browser_screen=1, grid_rows=1, grid_cols=3)
    layout = _probe(tmp_path, home, "2x1")  # the reader sets screen 2 to two rows
    assert layout["layouts"] == [[1, 3], [2, 1]] and layout["per_screen"] == [3, 2]
    screens = layout["screens"]
    for x, y, w, h in layout["viewports"]:
        inside = [s for s in screens if s[0] <= x and x + w <= s[0] + s[2] and s[1] <= y and y + h <= s[1] + s[3]]
        assert len(inside) == 1, f"viewport {(x, y, w, h)} straddles a seam"
    on_right = [v for v in layout["viewports"] if v[0] >= W]
    assert len(on_right) == 2 and on_right[0][1] < on_right[1][1]  # two rows on the right screen

    again = _probe(tmp_path, home)  # the next session: screen 2's grid is the one chosen before
    assert again["layouts"] == [[1, 3], [2, 1]]

    shot = tmp_path / "span.png"
    done = _cauri(tmp_path, home, "--demo", "--screenshot", str(shot))
    assert done.returncode == 0, done.stderr[-3000:]
    first, second = read_png(tmp_path / "span-1.png"), read_png(tmp_path / "span-2.png")
    assert first.shape[:2] == (H, W) and second.shape[:2] == (H, W)
    # Left screen: viewports from the left edge (no worklist there); right screen: the worklist on its right.
    assert first[200:900, 5:300, :3].mean() < 80
    assert second[200:900, W - 300:W - 5, :3].mean() > 150


PROTOCOL_PROBE = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
from viewer.render.gl import prepare_offscreen
prepare_offscreen()
app = QApplication([sys.argv[0]])
from viewer.core.paths import resolve_paths
from viewer.core.settings import Settings
from viewer.model.frames import FrameLoader
from viewer.model.registry import load_plugins
from viewer.store.cache import StudyCache
from viewer.ui.workstation_bridge import gui_workstation
from viewer.ui.launch import WindowShell
home, uid = sys.argv[1], sys.argv[2]
paths = resolve_paths(home).ensure()
ws = gui_workstation(paths, Settings.load(paths.settings_file), StudyCache(paths.store), load_plugins(), FrameLoader(),
                     "fr", home)
shell = WindowShell(app, ws, True)
ws.open_study(uid)
end = time.monotonic() + 60
while time.monotonic() < end and not shell.window.grid.all_ready():
    app.processEvents()
views = ws.views
out = {"layouts": [list(views.screen_layout(i)) for i in range(views.screen_count)],
       "studies": [[s.state.display_set.study_uid if s.state.display_set else None for s in views.screen_visible(i)]
                   for i in range(views.screen_count)]}
print("PROBE " + json.dumps(out))
shell.window.close()
ws.close()
"""


def test_a_protocol_puts_its_second_monitor_on_the_second_screen(tmp_path):
    """The CT chest protocol's stage 1: mediastinum + lung of the current study on monitor 0, the prior's on
    monitor 1. With two screens the prior goes to the second screen (with one, both fold onto one grid:
    tests/test_gui_hanging_protocols.py)."""
    from hanging_studies import thorax_with_prior

    home = tmp_path / "home"
    current, prior, _ = thorax_with_prior(tmp_path, home)
    done = subprocess.run([sys.executable, "-c", PROTOCOL_PROBE, str(home), current.study_uid], env=_env(tmp_path),
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(next(x for x in done.stdout.splitlines() if x.startswith("PROBE "))[len("PROBE "):])
    assert out["layouts"] == [[1, 2], [1, 2]]
    assert out["studies"] == [[current.study_uid] * 2, [prior.study_uid] * 2]
