"""`cauri --demo --screenshot`: the real program, end to end, its picture checked."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

pytestmark = pytest.mark.gui


def load_png(path):
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert not image.isNull(), "screenshot is not a readable PNG"
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return buf.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()  # the QImage dies here


def run_cauri(*args, home, timeout=240):
    env = dict(os.environ, CAURI_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "viewer", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_demo_screenshot_shows_the_phantom_in_both_viewports(qapp, tmp_path):  # qapp: QImage needs one
    shot = tmp_path / "demo.png"
    proc = run_cauri("--demo", "--screenshot", str(shot), "--lang", "en", home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    img = load_png(shot)
    assert img.shape[0] >= 600 and img.shape[1] >= 1000
    # The viewports fill the right part of the window: each half must show an image with
    # real contrast (body, bone, air), not a blank or uniform render.
    right = img[:, img.shape[1] // 3 :, 0].astype(float)
    halves = np.array_split(right, 2, axis=1)
    for half in halves:
        centre = half[half.shape[0] // 4 : 3 * half.shape[0] // 4]
        assert centre.std() > 30, "viewport looks blank"
        assert (centre > 200).mean() > 0.002, "no bright structure (bone) visible"
        assert (centre < 20).mean() > 0.05, "no air/background visible"
    # Second start: the demo is already in the cache, nothing is regenerated.
    shot2 = tmp_path / "demo2.png"
    proc = run_cauri("--demo", "--screenshot", str(shot2), home=tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    assert load_png(shot2).std() > 20


def test_screenshot_of_imported_path_and_bad_path(qapp, tmp_path):
    from synthetic import write_series

    write_series(tmp_path / "src", slices=5, rows=64, cols=64)
    (tmp_path / "src" / "notes.txt").write_text("not dicom")
    shot = tmp_path / "s.png"
    proc = run_cauri(str(tmp_path / "src"), str(tmp_path / "missing"), "--screenshot", str(shot), home=tmp_path / "h")
    assert proc.returncode == 0, proc.stderr
    assert "not found" in proc.stderr
    assert "Traceback" not in proc.stderr
    img = load_png(shot)
    assert img[:, img.shape[1] // 3 :].std() > 20
