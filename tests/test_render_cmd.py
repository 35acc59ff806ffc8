"""``cauri render``: the PNG is the viewport's picture. Checked against DCMTK's dcm2pnm (MONOCHROME1), the
PS3.3 LINEAR VOI formula on known HU values, the physical aspect of an MPR plane, a volume rendering, and
the same image read from the cache by series UID."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import shared_data
from synthetic import block_image, write_series
from test_mpr_render import COLS, DZ, PIX, ROWS, SLICES, phantom
from test_pixels import read_pnm

ROOT = Path(__file__).resolve().parents[1]


def render(tmp_path: Path, *args: str) -> tuple[int, np.ndarray | None]:
    """Run ``cauri render`` in-process (same parser and code as the command line); the PNG as an array."""
    from viewer.cli import main

    out = tmp_path / "out.png"
    if out.exists():
        out.unlink()
    code = main(["render", *args, "--out", str(out), "--home", str(tmp_path / "home")])
    return code, read_png(out) if out.exists() else None


def read_png(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert not image.isNull()
    h, w = image.height(), image.width()
    return np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()


def linear_voi(x: np.ndarray, center: float, width: float) -> np.ndarray:
    """PS3.3 C.11.2.1.2.1, written out independently of viewer.dicom.pixels."""
    y = ((x - (center - 0.5)) / (width - 1) + 0.5) * 255.0
    y = np.where(x <= center - 0.5 - (width - 1) / 2, 0.0, y)
    y = np.where(x > center - 0.5 + (width - 1) / 2, 255.0, y)
    return y


@pytest.fixture(scope="module")
def ct_series(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ct")
    return write_series(folder, slices=6, rows=128, cols=128, spacing=(0.8, 0.8), window=(400, 40))


def test_monochrome1_matches_dcm2pnm(tmp_path):
    if shutil.which("dcm2pnm") is None:
        pytest.skip("dcm2pnm (DCMTK) is not installed")
    src = shared_data("gh-highdicom", "data", "test_files", "dx_image.dcm")
    code, png = render(tmp_path, str(src), "--size", "211x169")  # one screen pixel per image pixel
    assert code == 0
    subprocess.run(["dcm2pnm", "-q", "+Wi", "1", str(src), str(tmp_path / "ref.pgm")], check=True, timeout=60)
    ref = read_pnm(tmp_path / "ref.pgm").astype(int)
    assert png.shape[:2] == ref.shape and (png[..., 0] == png[..., 2]).all()
    # The outermost screen rows/columns straddle the image border; the pixels are 1.2012 x 1.2 mm, so the
    # viewport (true aspect) resamples rows by 0.1 % where dcm2pnm shows square pixels.
    d = np.abs(png[1:-1, 1:-1, 0].astype(int) - ref[1:-1, 1:-1])
    assert d.mean() <= 1.0 and np.percentile(d, 99) <= 6
    assert abs(png[1:-1, 1:-1, 0].mean() - ref[1:-1, 1:-1].mean()) < 0.5


def test_window_level_changes_pixels_as_computed(tmp_path, ct_series):
    folder = ct_series["files"][0].parent
    hu = block_image(128, 128, 2)  # slice index 2 in geometric order
    inner = (slice(2, -2), slice(2, -2))
    for width, level in ((400, 40), (2000, 0), (80, -1000)):
        code, png = render(tmp_path, str(folder), "--slice", "2", "--window", str(width), "--level", str(level),
                           "--size", "128x128")
        assert code == 0
        expected = linear_voi(hu.astype(float), level, width)
        d = np.abs(png[..., 0].astype(float) - expected)[inner]
        assert d.max() <= 1.0, (width, level, d.max())
    # The file's own window is what the viewport opens with.
    code, default = render(tmp_path, str(folder), "--slice", "2", "--size", "128x128")
    assert np.abs(default[..., 0].astype(float) - linear_voi(hu.astype(float), 40, 400))[inner].max() <= 1.0
    # Overlays are off unless asked: the corners are black; with --overlays they carry text.
    # (A wide viewport: the square image sits in the middle, the corners hold only the texts.)
    code, texts = render(tmp_path, str(folder), "--slice", "2", "--size", "400x200", "--overlays")
    code, plain = render(tmp_path, str(folder), "--slice", "2", "--size", "400x200")
    assert plain[:, :95].max() == 0 and texts[:40, :95].max() > 100


@pytest.fixture(scope="module")
def phantom_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("phantom")
    write_series(folder, slices=SLICES, rows=ROWS, cols=COLS, spacing=(PIX, PIX), thickness=DZ,
                 hu_slices=phantom, window=(2000, 0))
    return folder


def test_coronal_plane_has_the_physical_aspect(tmp_path, phantom_folder):
    # Coronal planes are stacked along y (posterior); plane 30 passes through the cube's rows 20-39.
    code, png = render(tmp_path, str(phantom_folder), "--plane", "coronal", "--slice", "30", "--size", "400x400",
                       "--window", "2000", "--level", "0")
    assert code == 0
    ys, xs = np.nonzero(png[..., 0] > 200)  # the 1000 HU cube; the 800 HU rod is not in this plane
    height, width = np.ptp(ys) + 1, np.ptp(xs) + 1
    # 10 mm wide (x) and 20 mm tall (z: 10 slices of 2 mm), shown at its true aspect.
    assert height / width == pytest.approx(2.0, rel=0.08)
    # Head up: the cube (slices 10-19 of 40) sits below the middle of the picture.
    assert ys.mean() > 200
    code, slab = render(tmp_path, str(phantom_folder), "--plane", "axial", "--slab", "14", "--slab-mode", "mip",
                        "--size", "200x200", "--window", "2000", "--level", "0")
    assert code == 0 and slab[..., 0].max() > 200
    code, none = render(tmp_path, str(phantom_folder), "--plane", "coronal", "--slice", "9999", "--size", "64x64")
    assert code == 1 and none is None


def test_volume_rendering_is_not_blank(tmp_path, phantom_folder):
    code, front = render(tmp_path, str(phantom_folder), "--volume", "--size", "200x200")
    assert code == 0
    rgb = front.astype(float)
    assert rgb.std() > 5 and (rgb.sum(axis=2) > 60).mean() > 0.01
    code, turned = render(tmp_path, str(phantom_folder), "--volume", "--preset", "mip", "--azimuth", "90",
                          "--size", "200x200")
    assert code == 0 and np.abs(turned.astype(float) - rgb).mean() > 1


def test_series_uid_from_the_cache_matches_the_files(tmp_path, ct_series):
    home = tmp_path / "home"
    env = dict(os.environ, CAURI_HOME=str(home))

    def cauri(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)

    folder = ct_series["files"][0].parent
    assert cauri("import", str(folder)).returncode == 0
    out = tmp_path / "cached.png"
    run = cauri("render", "--series-uid", ct_series["series_uid"], "--out", str(out), "--size", "160x120", "--overlays")
    assert run.returncode == 0, run.stderr
    code, direct = render(tmp_path, str(folder), "--size", "160x120", "--overlays")
    assert code == 0
    assert np.array_equal(read_png(out), direct)
    missing = cauri("render", "--series-uid", "1.2.3.4", "--out", str(tmp_path / "x.png"))
    assert missing.returncode == 1 and "not in the cache" in missing.stderr and "Traceback" not in missing.stderr


def test_undecodable_image_is_reported_with_the_viewport_message(tmp_path):
    src = shared_data("pypi-pydicom-3.0.2", "test_files", "JPEG2000-embedded-sequence-delimiter.dcm")
    code, png = render(tmp_path, str(src), "--size", "200x100")
    assert code == 1 and png is not None and png.max() > 100  # the message is drawn, as in a viewport
    code, png = render(tmp_path, str(tmp_path / "nothing-here"))
    assert code == 1 and png is None
