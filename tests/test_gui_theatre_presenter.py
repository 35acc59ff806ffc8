"""Presenter mode (issue 15): on a machine with two screens the theatre's active view is mirrored full screen
on the other one, following it, with the pointer drawn on the same image point. Two virtual screens come
from Qt's offscreen platform and a screen layout file (docs/ENVIRONMENT.md, "Several screens"), in a process
of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from theatre_fixtures import theatre_study

pytestmark = pytest.mark.gui
HERE = Path(__file__).resolve().parent


def test_presenter_mirrors_the_active_view_on_the_second_screen_with_the_pointer(tmp_path):
    home, info = theatre_study(tmp_path)
    screens = {"screens": [
        {"name": "THEATRE", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "PROJECTOR", "x": 1920, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1}]}
    layout = tmp_path / "screens.json"
    layout.write_text(json.dumps(screens))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={layout}",
               PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    run = subprocess.run([sys.executable, str(HERE / "theatre_presenter_probe.py"), str(home), info["study_uid"]],
                         env=env, capture_output=True, text=True, timeout=240)
    line = next((x for x in run.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert run.returncode == 0 and line, run.stderr[-3000:]
    out = json.loads(line[len("RESULT "):])
    assert sorted(out["screens"]) == ["PROJECTOR", "THEATRE"]
    assert out["theatre_screen"] == "THEATRE" and out["theatre_geometry"] == [0, 0, 1920, 1080]
    assert out["presenter_screen"] == "PROJECTOR" and out["presenter_geometry"] == [1920, 0, 1280, 720]
    assert out["same_index"] and out["same_image"] and out["mirror_bright"] > 200
    # The pointer, on the same image point of the mirror (its own size), drawn in red there only.
    px, py = out["pointer"]
    ex, ey = out["expected_pointer"]
    assert abs(px - ex) <= 1.5 and abs(py - ey) <= 1.5
    assert out["red_pixels_near_pointer"] > 50 and out["red_pixels_elsewhere"] == 0
    assert out["presenter_closed"]
