"""Thick slabs drawn by both paths, the CPU reslice and the GPU ray caster (on llvmpipe here), checked on
the phantom's pixels; and the draft frames shown while the user drags."""

from __future__ import annotations

import numpy as np
import pytest

from test_mpr_render import DZ, PIX, session  # noqa: F401 (the phantom session fixture)
from viewer.dicom.pixels import Window

WINDOW = Window(0.0, 2000.0)  # HU -1000 -> grey 0, 0 -> 128, +1000 -> 255


def grey(hu: float) -> float:
    return float(np.clip((hu + 1000.0) / 2000.0, 0.0, 1.0) * 255.0)


def slab_image(session, path: str, view: str, mm: float, mode: str, z_slice: float, row=39.5, col=47.5,
               oblique: bool = False, drawn_by: str | None = None) -> np.ndarray:
    """The plane's display grey, asked of ``path``; ``drawn_by``: the path expected to draw it (default: the same)."""
    from viewer.model.studies import PatientContext
    from viewer.model.viewport import ViewportState
    from viewer.render.mpr_view import plane_scene
    from viewer.render.reslice import VolumeResampler

    g = session.volume.geometry
    session.reset(notify=False)
    if oblique:
        session.rotate("axial", np.radians(25))
        session.rotate("sagittal", np.radians(-15))
    session.center = np.asarray(g.origin) + np.array([col * PIX, row * PIX, z_slice * DZ])
    session.set_slab(mm, mode)
    rs = VolumeResampler(session, slab_path=path)
    try:
        scene = plane_scene(rs, view, ViewportState(window=WINDOW), PatientContext())
        assert (rs.cut(view, WINDOW, False).display is not None) == ((drawn_by or path) == "gpu" and mm > 0)
        return scene.image.astype(float)
    finally:
        rs.close()
        session.set_slab(0.0)


@pytest.mark.parametrize("path", ["cpu", "gpu"])
def test_slab_mip_shows_the_thin_rod_at_its_grey(session, path):  # noqa: F811
    thin = slab_image(session, path, "axial", 0.0, "mip", 27)
    assert thin[60].max() < grey(-900)  # slice 27 has only air on the rod's row
    thick = slab_image(session, path, "axial", 14.0, "mip", 27)
    rod = thick[60, 12:88]
    assert np.abs(rod - grey(800)).max() <= 6  # the 800 HU rod, full length, at its windowed grey
    assert thick[56].max() < grey(-900)  # and nothing beside it


@pytest.mark.parametrize("path", ["cpu", "gpu"])
def test_slab_minip_keeps_the_darkest(session, path):  # noqa: F811
    # Slices 10-19 hold the 1000 HU cube (rows 20-39, cols 30-49); slice 14.5 is its middle.
    inside = slab_image(session, path, "axial", 8.0, "minip", 14.5)
    assert np.abs(inside[24:36, 34:46] - grey(1000)).max() <= 6  # every sample is cube
    across = slab_image(session, path, "axial", 30.0, "minip", 14.5)
    assert across[24:36, 34:46].max() <= grey(-990)  # the slab reaches the air above and below


@pytest.mark.parametrize("path", ["cpu", "gpu"])
def test_slab_average_of_cube_and_air_is_their_mean(session, path):  # noqa: F811
    # The cube is 20 mm tall (slices 10-19); a 40 mm slab centred on it is half cube, half air -> 0 HU.
    half = slab_image(session, path, "axial", 40.0, "avg", 14.5)
    assert np.abs(half[24:36, 34:46] - grey(0.0)).max() <= 10
    inside = slab_image(session, path, "axial", 8.0, "avg", 14.5)
    assert np.abs(inside[24:36, 34:46] - grey(1000)).max() <= 6


@pytest.mark.parametrize("view", ["coronal", "sagittal", "oblique"])
def test_gpu_and_cpu_slabs_share_the_grid(session, view):  # noqa: F811
    """Same size, spacing and orientation: overlays and measurements line up whichever path drew."""
    plane = "coronal" if view == "oblique" else view
    images = {path: slab_image(session, path, plane, 6.0, "mip", 14.5, row=29.5, col=39.5, oblique=view == "oblique")
              for path in ("cpu", "gpu")}
    session.reset(notify=False)
    cpu, gpu = images["cpu"], images["gpu"]
    assert cpu.shape == gpu.shape
    assert cpu.std() > 20  # the cube is in the plane: a blank pair cannot agree by accident
    inner = (slice(2, -2), slice(2, -2))  # the outermost rows sit on the volume's faces: half in, half out
    assert np.abs(cpu[inner] - gpu[inner]).mean() < 4
    bright_cpu, bright_gpu = cpu > grey(500), gpu > grey(500)
    assert (bright_cpu ^ bright_gpu).sum() <= 0.1 * bright_cpu.sum()  # the cube's outline, pixel for pixel


def test_draft_cut_is_coarser_and_an_unchanged_plane_keeps_its_full_cut(session):  # noqa: F811
    from viewer.render.reslice import DRAFT_FACTOR, VolumeResampler

    session.reset(notify=False)
    rs = VolumeResampler(session, slab_path="cpu")
    full = rs.cut("axial", WINDOW, False)
    rs.draft = True
    assert rs.cut("axial", WINDOW, False) is full  # windowing while dragging: no new cut needed
    session.scroll("axial", 1)
    draft = rs.cut("axial", WINDOW, False)
    assert draft.pixel_mm == pytest.approx(full.pixel_mm * DRAFT_FACTOR)
    assert draft.pixels.shape[0] < full.pixels.shape[0]
    rs.draft = False
    again = rs.cut("axial", WINDOW, False)
    assert again.pixel_mm == full.pixel_mm and again.pixels.shape == full.pixels.shape
    session.reset(notify=False)


def test_draft_frame_is_the_same_view_on_fewer_pixels(session):  # noqa: F811
    from viewer.model.studies import PatientContext
    from viewer.model.viewport import ViewportState
    from viewer.render.mpr_view import plane_scene
    from viewer.render.reslice import VolumeResampler
    from viewer.render.slice_renderer import SliceRenderer

    g = session.volume.geometry
    session.reset(notify=False)
    session.center = np.asarray(g.origin) + np.array([39.5 * PIX, 29.5 * PIX, 14.5 * DZ])
    scene = plane_scene(VolumeResampler(session), "axial", ViewportState(window=WINDOW, overlays=False), PatientContext())
    r = SliceRenderer(400, 300)
    full = r.render(scene)[..., 0].astype(float)
    half = r.render(scene, 0.5)[..., 0].astype(float)
    assert full.shape == (300, 400) and half.shape == (150, 200)
    # The cube covers the same fraction of the view, at the same place.
    up = np.repeat(np.repeat(half, 2, axis=0), 2, axis=1)
    cube_full, cube_half = full > 200, up > 200
    assert cube_full.sum() > 500
    assert (cube_full ^ cube_half).sum() <= 0.15 * cube_full.sum()
    assert r.mm_per_screen_pixel(scene) == pytest.approx(2 * r.fit_scale(scene) / 300)  # mouse mapping unchanged
    r.close()
    session.reset(notify=False)


def test_draft_and_full_grids_share_their_centre(session):  # noqa: F811
    from viewer.render.reslice import DRAFT_FACTOR, VolumeResampler

    session.reset(notify=False)
    session.rotate("axial", np.radians(17))  # an oblique extent that is no whole number of pixels
    rs = VolumeResampler(session)
    for view in ("axial", "coronal", "sagittal"):
        full = rs.grid(view)
        draft = rs.grid(view, full.pixel_mm * DRAFT_FACTOR)
        assert np.allclose(full.center_world, draft.center_world)
        assert draft.size[0] < full.size[0] and draft.size[1] < full.size[1]
    session.reset(notify=False)


@pytest.mark.parametrize("software", [True, False])
def test_vr_drag_frames_get_coarser_when_slow_and_finer_when_fast(software):
    from viewer.render.volume_renderer import VolumeRenderer

    r = VolumeRenderer(64, 64, force_cpu=software)
    try:
        start = (r.draft_scale, r.draft_isd, r.draft_step)
        for _ in range(30):
            r._adapt(400.0)  # far over the aim: as coarse as allowed
        if software:
            assert r.draft_scale == pytest.approx(0.15) and r.draft_step == pytest.approx(4.0)
        else:
            assert r.draft_isd == pytest.approx(4.0) and r.draft_scale == start[0]
        for _ in range(30):
            r._adapt(1.0)  # far under it: back to full detail
        if software:
            assert r.draft_scale == pytest.approx(1.0) and r.draft_step == pytest.approx(2.0)
        else:
            assert r.draft_isd == pytest.approx(1.0)
    finally:
        r.close()


def test_gpu_slab_follows_a_gantry_tilt_like_the_reslice():
    """A tilted acquisition has a sheared voxel grid: the ray caster's volume matrix must carry the shear."""
    from dataclasses import replace

    from viewer.bench.mpr_volume import synthetic_volume
    from viewer.model.mpr import MprSession
    from viewer.model.studies import PatientContext
    from viewer.model.viewport import ViewportState
    from viewer.render.mpr_view import plane_scene
    from viewer.render.reslice import VolumeResampler

    volume = synthetic_volume(40, 96)
    tilt = np.radians(20)
    volume.geometry = replace(volume.geometry, slice_direction=(0.0, float(np.sin(tilt)), float(np.cos(tilt))))
    session = MprSession(volume)
    session.set_slab(6.0, "mip")
    images = {}
    for path in ("cpu", "gpu"):
        rs = VolumeResampler(session, slab_path=path)
        try:
            images[path] = plane_scene(rs, "sagittal", ViewportState(window=Window(40.0, 400.0)), PatientContext()).image.astype(float)
        finally:
            rs.close()
    cpu, gpu = images["cpu"], images["gpu"]
    assert cpu.shape == gpu.shape and cpu.std() > 20
    # The sheared volume leaves empty corners in a sagittal plane; its faces are half in, half out of the
    # pixels along them. Compare two pixels inside them.
    inside = cpu > 5
    for _ in range(2):
        inside = inside & np.roll(inside, 1, 0) & np.roll(inside, -1, 0) & np.roll(inside, 1, 1) & np.roll(inside, -1, 1)
        inside[[0, -1], :] = False
        inside[:, [0, -1]] = False
    assert inside.mean() > 0.3
    assert np.abs(cpu - gpu)[inside].mean() < 4


def test_slab_path_follows_the_renderer_unless_forced(monkeypatch):
    from viewer.render import gl

    monkeypatch.delenv("CAURI_SLAB_PATH", raising=False)
    software = gl.detect()["software"]
    assert gl.slab_path() == ("cpu" if software else "gpu")  # the faster path measured on each kind
    from viewer.render.draw_budget import DrawBudget

    assert DrawBudget(software).scale == (0.5 if software else 1.0)  # drag frames start from what was measured fluid
    for forced in ("gpu", "cpu"):
        monkeypatch.setenv("CAURI_SLAB_PATH", forced)
        assert gl.slab_path() == forced


def test_a_gpu_slab_that_draws_wrong_is_dropped_for_the_cpu_one(session, monkeypatch, caplog):  # noqa: F811
    """A failing driver gives black or garbage without an error: the first slab is checked against the reslice."""
    from viewer.render.gpu_slab import GpuSlab

    good = slab_image(session, "gpu", "axial", 14.0, "mip", 27)  # a working ray caster passes the check
    monkeypatch.setattr(GpuSlab, "render", lambda self, grid, *a, **k: np.zeros(grid.size[::-1], np.uint8))
    with caplog.at_level("WARNING"):
        image = slab_image(session, "cpu", "axial", 14.0, "mip", 27)
        fallen = slab_image(session, "gpu", "axial", 14.0, "mip", 27, drawn_by="cpu")
    assert np.array_equal(fallen, image)
    assert np.abs(good - image).mean() < 2
    assert "slabs use the CPU" in caplog.text


def test_capabilities_learned_from_a_slice_renderer_are_those_detect_finds(monkeypatch):
    # The spare renderers tell the process's GL once they have drawn: MPR no longer makes a window to ask.
    from viewer.presentation.scene import SliceScene
    from viewer.render import gl
    from viewer.render.slice_renderer import SliceRenderer

    found = gl.detect()
    monkeypatch.setattr(gl, "_detected", None)
    renderer = SliceRenderer(64, 64)
    renderer.render(SliceScene(image=np.zeros((8, 8), np.uint8)))
    gl.learn_from(renderer.window)
    assert gl._detected == found and found.get("renderer")
    renderer.close()
