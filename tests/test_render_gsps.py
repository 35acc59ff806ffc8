"""``cauri render`` shows an image through its presentation state (GSPS), as the viewport does: the latest
state's window, turn and annotations; ``--no-presentation`` gives the plain image."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset

from synthetic import write_series
from test_findings_gsps_voi_bitmap import build_gsps
from test_render_cmd import ROOT, linear_voi, read_png, render

N = 64  # image rows = columns, rendered one screen pixel per image pixel
BACKGROUND, SQUARE = 100, 300  # HU
GSPS_WINDOW = (150.0, 200.0)  # centre, width: background -> 64, square -> 255 (the file's own: 166, 255)
LINE = ((40.0, 50.0), (60.0, 50.0))  # (column, row) PIXEL coordinates: a horizontal stroke, lower right


def picture() -> np.ndarray:
    """An asymmetric bright square (upper left, taller than wide) on a flat background."""
    hu = np.full((N, N), BACKGROUND, np.int16)
    hu[4:24, 8:18] = SQUARE
    return hu


def gsps(img: Dataset, created: str, *, rotation: int, window: tuple[float, float], line: bool) -> Dataset:
    ps = build_gsps(img, lut=False, bitmap=False)  # references the image, nothing else
    ps.PresentationCreationDate, ps.PresentationCreationTime = created[:8], created[8:]
    ref = ps.ReferencedSeriesSequence[0].ReferencedImageSequence[0]
    voi = Dataset()
    voi.ReferencedImageSequence = [ref]
    voi.WindowCenter, voi.WindowWidth = window
    ps.SoftcopyVOILUTSequence = [voi]
    ps.ImageRotation, ps.ImageHorizontalFlip = rotation, "N"
    if line:
        obj = Dataset()
        obj.GraphicAnnotationUnits, obj.GraphicDimensions, obj.NumberOfGraphicPoints = "PIXEL", 2, 2
        obj.GraphicData = [v for point in LINE for v in point]
        obj.GraphicType, obj.GraphicFilled = "POLYLINE", "N"
        ann = Dataset()
        ann.ReferencedImageSequence = [ref]
        ann.GraphicLayer = "LAYER"
        ann.GraphicObjectSequence = [obj]
        ps.GraphicAnnotationSequence = [ann]
        layer = Dataset()
        layer.GraphicLayer, layer.GraphicLayerOrder = "LAYER", 1
        ps.GraphicLayerSequence = [layer]
    return ps


@pytest.fixture
def study(tmp_path):
    """The image, an older state (no turn, another window) and the latest (turn 90, window, line)."""
    info = write_series(tmp_path / "src", slices=1, rows=N, cols=N, spacing=(1.0, 1.0), shuffle=False,
                        hu_slices=lambda i: picture())
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    older = gsps(img, "20261120080000", rotation=0, window=(1000.0, 100.0), line=False)
    latest = gsps(img, "20261121090000", rotation=90, window=GSPS_WINDOW, line=True)
    # The latest is written first: which state wins is decided by its date, not by the file order.
    latest.save_as(tmp_path / "src" / "a_latest.dcm", enforce_file_format=True)
    older.save_as(tmp_path / "src" / "b_older.dcm", enforce_file_format=True)
    return info, latest


def annotation(png: np.ndarray) -> np.ndarray:
    """Where the GSPS annotation colour (bluish, not grey) is drawn."""
    rgb = png.astype(int)
    return (rgb[..., 2] - rgb[..., 0]) > 40


def test_image_is_shown_through_the_latest_presentation_state(tmp_path, study, capsys):
    info, latest = study
    folder = info["files"][0].parent
    code, png = render(tmp_path, str(folder), "--size", f"{N}x{N}")
    assert code == 0
    assert f"presentation state applied: {latest.SOPInstanceUID}" in capsys.readouterr().out
    # Turned 90 degrees clockwise (display row r, column c shows stored row N-1-c, column r), windowed by
    # the state: background 100 HU -> 64, square 300 HU -> 255 (PS3.3 C.11.2.1.2.1 by hand). Without
    # --overlays nothing is drawn over it, as in a viewport whose overlays are hidden (O).
    expected = np.rot90(linear_voi(picture().astype(float), *GSPS_WINDOW), k=-1)
    assert round(float(expected[0, 0])) == 64 and round(float(expected[10, 50])) == 255
    assert not annotation(png).any()
    assert (np.abs(png[..., 0].astype(float) - expected) <= 1.0).all()
    # With the overlays, the state's stroke (stored row 50, columns 40..60) turned: a vertical stroke at
    # display column N-1-50 = 13 (pixel centres: 13.5 in corner coordinates), display rows 40..60; its
    # length is written to its right, in the same colour.
    code, png = render(tmp_path, str(folder), "--size", f"{N}x{N}", "--overlays")
    assert code == 0
    drawn = annotation(png)
    stroke = drawn[:, :16]
    rows, cols = np.nonzero(stroke)
    assert stroke.sum() >= 15
    assert cols.min() >= 12 and cols.max() <= 14 and rows.min() >= 38 and rows.max() <= 62
    assert drawn[42:58, 12:15].any(axis=1).sum() >= 12  # the corner's text, drawn above it, hides a few rows
    assert drawn[:, 16:].any()


def test_no_presentation_gives_the_plain_image(tmp_path, study, capsys):
    info, _ = study
    code, png = render(tmp_path, str(info["files"][0].parent), "--size", f"{N}x{N}", "--no-presentation")
    assert code == 0
    assert "presentation state" not in capsys.readouterr().out
    expected = linear_voi(picture().astype(float), 40, 400)  # the file's own window, upright
    assert not annotation(png).any()
    assert np.abs(png[..., 0].astype(float) - expected).max() <= 1.0


def test_presentation_state_in_the_cache_applies_to_the_cached_series(tmp_path, study):
    info, latest = study
    home = tmp_path / "home"
    env = dict(os.environ, CAURI_HOME=str(home))

    def cauri(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)

    assert cauri("import", str(info["files"][0].parent)).returncode == 0
    out = tmp_path / "cached.png"
    run = cauri("render", "--series-uid", info["series_uid"], "--out", str(out), "--size", f"{N}x{N}")
    assert run.returncode == 0, run.stderr
    assert f"presentation state applied: {latest.SOPInstanceUID}" in run.stdout
    assert "SYN-001" not in run.stdout + run.stderr and "Koffi" not in run.stdout + run.stderr
    # The image file alone, with the same home: the state is found in the cache for its study.
    code, direct = render(tmp_path, str(info["files"][0]), "--size", f"{N}x{N}")
    assert code == 0 and np.array_equal(read_png(out), direct)
    # Its annotation too, with the overlays (not compared: the corners may differ, a file read in place
    # takes the study's facts from its header, a cached series from the index).
    code, direct = render(tmp_path, str(info["files"][0]), "--size", f"{N}x{N}", "--overlays")
    assert code == 0 and annotation(direct).any()
