"""Issue 16: pictures and cine from ``cauri render``: JPEG beside PNG, a picture with no name on it, and an
MP4 of the stack (or a turn around the volume) read back with PyAV frame by frame."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PySide6.QtGui import QImage

from synthetic import write_series

pytestmark = pytest.mark.timeout(240)


def render(*args, home) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "viewer", "render", *map(str, args), "--home", str(home)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc


def rgb_of(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert not image.isNull(), path
    w, h = image.width(), image.height()
    return np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    base = tmp_path_factory.mktemp("pic")
    write_series(base / "src", slices=12, patient_name="IMAGE^Kossi", patient_id="PIC-99")
    return base


def test_no_phi_picture_leaves_out_name_id_and_birth_date(series, tmp_path):
    from viewer.model.studies import PatientContext
    from viewer.presentation.corners import LABELS, image_corners, without_identity

    home = tmp_path / "h"
    render(series / "src", "--out", tmp_path / "phi.png", "--overlays", "--lang", "fr", home=home)
    render(series / "src", "--out", tmp_path / "anon.png", "--overlays", "--lang", "fr", "--no-phi", home=home)
    phi, anon = rgb_of(tmp_path / "phi.png"), rgb_of(tmp_path / "anon.png")
    # The synthetic image is black (air) on its left half: any ink in the top-left corner is text.
    corner = (slice(0, 40), slice(0, 160))
    ink_phi, ink_anon = int((phi[corner] > 60).sum()), int((anon[corner] > 60).sum())
    assert ink_phi > 300 and ink_anon < ink_phi // 4  # three lines of identity against one letter (sex)
    outside = np.ones(phi.shape[:2], bool)
    outside[corner] = False
    assert np.array_equal(phi[outside], anon[outside])  # nothing else on the picture changed

    ctx = PatientContext(patient_name="IMAGE^Kossi", patient_id="PIC-99", birth_date="19800214", sex="F")

    class _Header:
        position = orientation = None
        slice_thickness = 0
        suv_factor = None
        spacing_source = ""

    class _Frame:
        header = _Header()

    class _State:
        index, count, invert = 0, 1, False

    corners = image_corners(_State(), _Frame(), without_identity(ctx), None, True, LABELS["fr"], "fr", "")
    text = " ".join(corners.values())
    assert "Kossi" not in text and "PIC-99" not in text and "1980" not in text and "F" in corners["tl"]


def test_jpeg_is_written_by_its_name(series, tmp_path):
    render(series / "src", "--out", tmp_path / "a.jpg", "--size", "300x200", home=tmp_path / "h")
    data = (tmp_path / "a.jpg").read_bytes()
    assert data[:3] == b"\xff\xd8\xff"  # JPEG SOI + marker
    assert rgb_of(tmp_path / "a.jpg").shape == (200, 300, 3)


def test_cine_mp4_has_every_image_and_its_pixels(series, tmp_path):
    home = tmp_path / "h"
    render(series / "src", "--out", tmp_path / "cine.mp4", "--size", "256x256", "--fps", "12", home=home)
    with av.open(str(tmp_path / "cine.mp4")) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264" and stream.average_rate == 12
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == 12 and frames[0].shape == (256, 256, 3)
    for k in (0, 5, 11):
        render(series / "src", "--out", tmp_path / f"s{k}.png", "--size", "256x256", "--slice", k, home=home)
        still = rgb_of(tmp_path / f"s{k}.png").astype(int)
        assert np.abs(frames[k].astype(int) - still).mean() < 3.0  # H.264 at CRF 18: close, not exact
    assert np.abs(frames[0].astype(int) - frames[5].astype(int)).mean() > 5  # the bone square moved


def test_turn_around_the_volume_as_mp4(series, tmp_path):
    render(series / "src", "--out", tmp_path / "turn.mp4", "--volume", "--turn-frames", "8", "--size", "129x96",
           home=tmp_path / "h")
    with av.open(str(tmp_path / "turn.mp4")) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == 8 and frames[0].shape == (96, 130, 3)  # odd width padded to even for H.264
    assert not np.array_equal(frames[0], frames[2])  # it turns
