"""``cauri --theatre`` from the command line (issue 15): a CD's DICOMDIR imported offline and shown in theatre
mode full screen; the screenshot is the theatre window at the screen's 1920x1080."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from theatre_fixtures import dicomdir_media

pytestmark = pytest.mark.gui


def test_cauri_theatre_opens_a_dicomdir_full_screen(tmp_path):
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs Xvfb (xvfb-run -s '-screen 0 1920x1080x24')")
    media, info = dicomdir_media(tmp_path)
    shot = tmp_path / "theatre.png"
    run = subprocess.run([sys.executable, "-m", "viewer", "--home", str(tmp_path / "home"), "--lang", "fr", "--theatre",
                          "--screenshot", str(shot), str(media / "DICOMDIR")], capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    image = np.asarray(Image.open(shot).convert("RGB"))
    assert image.shape[:2] == (1080, 1920)  # the whole screen, not the reading window's 1600x1000
    amber = (image[..., 0] > 230) & (image[..., 1] > 190) & (image[..., 2] < 40)
    assert amber[:120].sum() > 2000  # the patient banner, in amber on black, at the top
    assert amber[200:].sum() > 500  # DROITE / GAUCHE beside the image and the lit "Défiler" and "Images"
    assert image[300:800, 600:1300].max() > 200  # the image itself


def test_theatre_is_in_the_help():
    run = subprocess.run([sys.executable, "-m", "viewer", "--help"], capture_output=True, text=True, timeout=60)
    assert "--theatre" in run.stdout
