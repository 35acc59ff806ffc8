"""The viewport corners in the reader's language: decimal comma and sensible rounding in French, points in
English, and a "Zoom" figure that is the real magnification (screen pixels per image pixel), computed here
by hand from the viewport and image sizes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from synthetic import write_series

NBSP = "\u00a0"
ROOT = Path(__file__).resolve().parents[1]


def _scene(folder, language, viewport=None, **state_changes):
    from dataclasses import replace

    from viewer.model.frames import load_frame
    from viewer.model.loose_files import open_paths
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    with open_paths([folder]) as loose:
        stack = loose.display_sets()[0]
        state = replace(ViewportState().with_display_set(stack), **state_changes)
        frame = load_frame(stack.frames[state.index])
    return build_scene(state, frame, PatientContext(), language, viewport=viewport)


@pytest.fixture(scope="module")
def thin_series(tmp_path_factory):
    """200 x 100 pixels of 0.5 x 0.5 mm, slices 0.666667 mm thick (3 per 2 mm), the first at z = -68 mm."""
    folder = tmp_path_factory.mktemp("thin")
    write_series(folder, slices=3, rows=100, cols=200, spacing=(0.5, 0.5), thickness=0.666667, shuffle=False,
                 origin=(-50.0, -25.0, -68.0), window=(400, 40.5))
    return folder


def test_french_corners_use_the_decimal_comma_and_two_decimals_at_most(thin_series):
    scene = _scene(thin_series, "fr", index=0)
    bl, br = scene.corners["bl"].split("\n"), scene.corners["br"]
    assert "Ép. 0,67 mm" in bl and "Pos. -68,0 mm" in bl
    assert "Larg. 400  Niv. 40,5" in br
    assert "0.666667" not in scene.corners["bl"] and "." not in scene.corners["bl"].replace("Ép.", "").replace("Pos.", "")


def test_english_corners_keep_points(thin_series):
    scene = _scene(thin_series, "en", index=0)
    assert "Th. 0.67 mm" in scene.corners["bl"].split("\n") and "Pos. -68.0 mm" in scene.corners["bl"]
    assert "W 400  L 40.5" in scene.corners["br"]


@pytest.mark.parametrize("viewport, zoom", [((800, 600), 1.0), ((800, 600), 2.0), ((300, 900), 1.0)])
def test_zoom_line_is_the_real_magnification(thin_series, viewport, zoom):
    # By hand: a 200 x 100 image of square pixels fits an 800 x 600 viewport by its width (800/200 = 4
    # screen pixels per image pixel: 400 %), a 300 x 900 one by its width too (300/200: 150 %).
    expected = {(800, 600): 400.0, (300, 900): 150.0}[viewport] * zoom
    fr = _scene(thin_series, "fr", viewport, zoom=zoom)
    en = _scene(thin_series, "en", viewport, zoom=zoom)
    assert f"Zoom {expected:.0f}{NBSP}%" in fr.corners["br"].split("\n")
    assert f"Zoom {expected:.0f}%" in en.corners["br"].split("\n")


def test_without_a_viewport_no_zoom_figure_is_made_up(thin_series):
    assert "Zoom" not in _scene(thin_series, "fr").corners["br"]


def test_renderer_one_to_one_agrees_with_the_corner(thin_series):
    from viewer.render.slice_renderer import SliceRenderer

    renderer = SliceRenderer(640, 480)
    try:
        scene = _scene(thin_series, "fr", (640, 480))
        one = renderer.zoom_for_one_to_one(scene)
        assert one == pytest.approx(200 / 640)  # fitted at 640/200 = 3.2 screen pixels per image pixel
        at_one = _scene(thin_series, "fr", (640, 480), zoom=one)
        assert f"Zoom 100{NBSP}%" in at_one.corners["br"]
        assert renderer.mm_per_screen_pixel(at_one) == pytest.approx(0.5)  # one 0.5 mm pixel per screen pixel
    finally:
        renderer.close()


def test_mpr_plane_corners_in_french(tmp_path):
    from viewer.model.mpr import MprSession
    from viewer.model.loose_files import open_paths
    from viewer.model.studies import PatientContext
    from viewer.model.viewport import ViewportState
    from viewer.model.volume import Volume
    from viewer.render.mpr_view import plane_scene
    from viewer.render.reslice import VolumeResampler

    write_series(tmp_path, slices=8, rows=64, cols=64, spacing=(0.5, 0.5), thickness=1.0, shuffle=False)
    with open_paths([tmp_path]) as loose:
        volume = Volume(loose.display_sets()[0]).load()
    session = MprSession(volume)
    session.set_slab(2.5, "mip")
    scene = plane_scene(VolumeResampler(session), "axial", ViewportState(), PatientContext(), "fr", (256, 512))
    bl = scene.corners["bl"].split("\n")
    assert "Épaisseur 2,5 mm MIP" in bl
    assert any(line.startswith("Pos. ") and "," in line and "." not in line[4:] for line in bl)
    # 64 grid pixels of 0.5 mm fit 256 screen pixels wide: 4 per pixel.
    assert f"Zoom 400{NBSP}%" in scene.corners["br"]


def test_cauri_render_draws_the_corner_the_viewport_computes(tmp_path):
    """``cauri render --overlays`` draws exactly the scene the viewport code builds for that size, its
    "Zoom 400 %" included: a scene whose zoom line says otherwise draws different corner pixels."""
    from dataclasses import replace

    from PIL import Image

    from viewer.render.slice_renderer import SliceRenderer

    write_series(tmp_path / "s", slices=1, rows=64, cols=64, shuffle=False)
    out = tmp_path / "r.png"
    proc = subprocess.run([sys.executable, "-m", "viewer", "render", str(tmp_path / "s"), "--out", str(out),
                           "--overlays", "--lang", "fr", "--size", "256x256"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    drawn = np.asarray(Image.open(out).convert("RGB")).astype(int)
    scene = _scene(tmp_path / "s", "fr", (256, 256))
    assert f"Zoom 400{NBSP}%" in scene.corners["br"]  # 64 pixels across 256 screen pixels
    wrong = replace(scene, corners={**scene.corners, "br": scene.corners["br"].replace("400", "100")})
    renderer = SliceRenderer(256, 256)
    try:
        ours = renderer.render(scene)[..., :3].astype(int)
        other = renderer.render(wrong)[..., :3].astype(int)
    finally:
        renderer.close()
    corner = (slice(-20, None), slice(-90, None))
    assert np.abs(other[corner] - ours[corner]).max() > 100  # the text is where we look
    assert np.abs(drawn[corner] - ours[corner]).max() <= 2
