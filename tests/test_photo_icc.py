"""Colour photos are shown through their embedded ICC profile: the displayed pixel equals LittleCMS's
transform of the stored one (Pillow's ImageCms called here, as the independent peer), in the display pipeline,
the thumbnail and ``cauri render``; without a profile the stored colours are shown unchanged."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image, ImageCms

from photo_files import photo_pixels, wide_gamut_profile, write_photo

ROOT = Path(__file__).resolve().parents[1]


def peer(rgb: np.ndarray, profile: bytes) -> np.ndarray:
    return np.asarray(ImageCms.profileToProfile(Image.fromarray(rgb), ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                                                ImageCms.createProfile("sRGB")))


def displayed(path: Path) -> np.ndarray:
    from viewer.dicom.pixels import describe_frame, read_frame, render_display

    ds = pydicom.dcmread(path)
    return render_display(read_frame(ds, 0), describe_frame(ds, 0), None)


def test_the_profile_is_applied_where_it_is_stored(tmp_path):
    profile = wide_gamut_profile()
    stored = photo_pixels()
    expected = peer(stored, profile)
    assert np.abs(expected.astype(int) - stored).max() >= 30  # the profile changes colours measurably
    for name, in_path in (("top", False), ("optical-path", True)):
        shown = displayed(write_photo(tmp_path / f"{name}.dcm", stored, profile, in_optical_path=in_path)["path"])
        assert np.array_equal(shown, expected), name
    plain = displayed(write_photo(tmp_path / "plain.dcm", stored, None)["path"])
    assert np.array_equal(plain, stored)


def test_a_damaged_profile_leaves_the_stored_colours(tmp_path):
    stored = photo_pixels()
    shown = displayed(write_photo(tmp_path / "bad.dcm", stored, b"\0" * 200)["path"])
    assert np.array_equal(shown, stored)


def test_thumbnail_is_drawn_through_the_profile(tmp_path):
    from viewer.model.loose_files import open_paths
    from viewer.presentation.thumbnail import thumbnail_image

    profile = wide_gamut_profile()
    info = write_photo(tmp_path / "photo" / "p.dcm", photo_pixels(), profile)
    with open_paths([str(tmp_path / "photo")], home=tmp_path / "home") as loose:
        ds = next(d for d in loose.display_sets() if d.kind == "stack")
        thumb = thumbnail_image(ds, size=96)
    expected = peer(info["pixels"], profile)
    # 96 columns at 96 pixels: the thumbnail samples every pixel of the first row
    assert np.array_equal(thumb[0], expected[0])


def test_cauri_render_shows_the_photo_through_its_profile(tmp_path):
    profile = wide_gamut_profile()
    info = write_photo(tmp_path / "photo" / "p.dcm", photo_pixels(), profile)
    out = tmp_path / "photo.png"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "viewer", "--home", str(tmp_path / "home"), "render",
                             str(info["path"]), "-o", str(out), "--size", "96x64"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    png = np.asarray(Image.open(out).convert("RGB"))
    expected = peer(info["pixels"], profile)
    assert png.shape == expected.shape
    assert np.abs(png.astype(int) - expected).max() <= 1  # the renderer's texture sampling at 1:1
    assert np.abs(png.astype(int) - info["pixels"]).max() >= 30


def test_a_multi_frame_colour_photo_is_a_stack_shown_through_its_profile(tmp_path):
    """Ophthalmic Photography 8 Bit, 4 frames of different colours: one stack of 4 images, each frame shown
    through the profile."""
    from viewer.model.frames import load_frame
    from viewer.model.loose_files import open_paths
    from viewer.dicom.pixels import render_display

    profile = wide_gamut_profile()
    frames = np.stack([np.full((32, 48, 3), colour, np.uint8)
                       for colour in ((200, 40, 40), (40, 190, 60), (50, 60, 200), (128, 128, 128))])
    path = tmp_path / "eye" / "op.dcm"
    write_photo(path, frames[0], profile, sop_class="1.2.840.10008.5.1.4.1.1.77.1.5.1", modality="OP",
                body_part="EYE")
    ds = pydicom.dcmread(path)
    ds.NumberOfFrames = 4
    ds.PixelData = frames.tobytes()
    ds.save_as(path, enforce_file_format=True)
    with open_paths([str(tmp_path / "eye")], home=tmp_path / "home") as loose:
        sets = loose.display_sets()
    assert [(d.kind, d.frame_count) for d in sets] == [("stack", 4)]
    for k, ref in enumerate(sets[0].frames):
        frame = load_frame(ref)
        shown = render_display(frame.stored, frame.header.descriptor, None)
        assert np.array_equal(shown, peer(frames[k], profile)), k


def test_a_slide_tile_from_the_corpus_is_shown_through_its_optical_path_profile():
    """highdicom's sm_image.dcm: its profile is in the Optical Path Sequence (sRGB: LittleCMS's transform of
    the stored tile, whatever small rounding it makes, is what is shown)."""
    from conftest import shared_data
    from viewer.dicom.colour import icc_profile
    from viewer.dicom.pixels import describe_frame, read_frame, render_display

    path = shared_data("gh-highdicom", "data", "test_files", "sm_image.dcm")
    ds = pydicom.dcmread(path)
    profile = icc_profile(ds)
    assert profile is not None and "ICCProfile" not in ds  # only the optical path carries it
    stored = read_frame(ds, 2)
    assert np.array_equal(render_display(stored, describe_frame(ds, 2), None), peer(stored, profile))
