"""MPR and volume rendering checked on pixels: a phantom with known structures at known places."""

from __future__ import annotations

import numpy as np
import pytest

from synthetic import write_series

ROWS, COLS, SLICES = 80, 96, 40
PIX, DZ = 0.5, 2.0  # anisotropic on purpose: 0.5 mm pixels, 2 mm slices


def phantom(i: int) -> np.ndarray:
    """Air everywhere; a 1000 HU cube (rows 20-39, cols 30-49, slices 10-19: 10 x 10 x 20 mm);
    a thin 800 HU rod along x at row 60 in slice 30 only (for the slab MIP)."""
    hu = np.full((ROWS, COLS), -1000, np.int16)
    if 10 <= i < 20:
        hu[20:40, 30:50] = 1000
    if i == 30:
        hu[60, 10:90] = 800
    return hu


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from viewer.model.displaysets import InstanceInput, SeriesInput
    from viewer.model.mpr import MprSession
    from viewer.model.registry import load_plugins
    from viewer.model.displaysets import build_display_sets
    from viewer.model.volume import Volume
    import pydicom

    folder = tmp_path_factory.mktemp("phantom")
    info = write_series(folder, slices=SLICES, rows=ROWS, cols=COLS, spacing=(PIX, PIX), thickness=DZ, hu_slices=phantom, window=(2000, 0))
    instances = []
    for path in info["files"]:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        instances.append(InstanceInput(ds.SOPInstanceUID, path, ds.SOPClassUID, int(ds.InstanceNumber), 1, ROWS, COLS,
                                       tuple(float(v) for v in ds.ImagePositionPatient), tuple(float(v) for v in ds.ImageOrientationPatient)))
    series = SeriesInput(info["study_uid"], info["series_uid"], "CT", 1, "phantom", tuple(instances))
    stack = build_display_sets(series, load_plugins().display_set_handlers())[0]
    volume = Volume(stack).load()
    assert volume.complete and not volume.errors
    return MprSession(volume)


def bright_box(pixels: np.ndarray, threshold: float):
    ys, xs = np.nonzero(pixels > threshold)
    return ys.min(), ys.max(), xs.min(), xs.max()


def test_volume_geometry_from_positions(session):
    g = session.volume.geometry
    assert g.spacing == pytest.approx((PIX, PIX, DZ))
    assert np.allclose(g.slice_direction, (0, 0, 1))
    assert session.volume.array.shape == (SLICES, ROWS, COLS)


def test_cube_has_its_physical_size_in_every_plane(session):
    from viewer.render.reslice import VolumeResampler

    rs = VolumeResampler(session)
    # Put the shared point in the cube's centre: col 39.5, row 29.5, slice 14.5.
    g = session.volume.geometry
    session.center = np.asarray(g.origin) + np.array([39.5 * PIX, 29.5 * PIX, 14.5 * DZ])
    stored_threshold = 1024 + 900  # above the 800 HU rod
    sizes = {}
    for view in ("axial", "coronal", "sagittal"):
        cut = rs.reslice(view)
        y0, y1, x0, x1 = bright_box(cut.pixels, stored_threshold)
        sizes[view] = ((x1 - x0 + 1) * cut.pixel_mm, (y1 - y0 + 1) * cut.pixel_mm)
    # Axial: 10 x 10 mm; coronal and sagittal: 10 mm wide, 20 mm tall (2 mm slices, not squashed).
    assert sizes["axial"] == pytest.approx((10, 10), abs=1.1)
    assert sizes["coronal"] == pytest.approx((10, 20), abs=2.1)
    assert sizes["sagittal"] == pytest.approx((10, 20), abs=2.1)


def test_cube_is_at_the_right_place_and_head_is_up(session):
    from viewer.render.reslice import VolumeResampler

    rs = VolumeResampler(session)
    g = session.volume.geometry
    session.center = np.asarray(g.origin) + np.array([39.5 * PIX, 29.5 * PIX, 14.5 * DZ])
    cut = rs.reslice("coronal")
    y0, y1, x0, x1 = bright_box(cut.pixels, 1524)
    # Columns: patient right (x small) on the screen's left -> cube cols 30-49 of 96.
    left_mm = cut.origin_offset[0] + x0 * cut.pixel_mm
    expected_left = (30 - (COLS - 1) / 2) * PIX
    assert left_mm == pytest.approx(expected_left, abs=1.0)
    # Rows: head (z large) at the top; the cube (slices 10-19 of 40) sits below the middle.
    top_mm = cut.origin_offset[1] + y0 * cut.pixel_mm
    expected_top = -((19 - (SLICES - 1) / 2) * DZ)  # down = -z
    assert top_mm == pytest.approx(expected_top, abs=2.5)


def test_slab_mip_reveals_a_thin_rod_a_thin_slice_misses(session):
    from viewer.render.reslice import VolumeResampler

    rs = VolumeResampler(session)
    g = session.volume.geometry
    session.slab_mm = 0
    session.center = np.asarray(g.origin) + np.array([47.5 * PIX, 39.5 * PIX, 27 * DZ])  # 3 slices away
    thin = rs.reslice("axial").pixels
    assert thin.max() < 1024  # only air in slice 27
    session.set_slab(14.0, "mip")
    thick = rs.reslice("axial").pixels
    row = thick[60]
    assert (row[12:88] >= 1024 + 790).all()  # the 800 HU rod, full length
    session.set_slab(14.0, "avg")
    avg = rs.reslice("axial").pixels
    assert 1024 - 1000 < avg[60, 50] < 1024 + 800  # averaged with air: between the two
    session.set_slab(0.0)


def test_mpr_scene_markers_and_crosshair(session):
    from viewer.model.studies import PatientContext
    from viewer.model.viewport import ViewportState
    from viewer.render.mpr_view import plane_scene
    from viewer.render.reslice import VolumeResampler
    from viewer.render.slice_renderer import SliceRenderer

    session.reset(notify=False)
    rs = VolumeResampler(session)
    expect = {
        "axial": {"left": "R", "right": "L", "top": "A", "bottom": "P"},
        "coronal": {"left": "R", "right": "L", "top": "H", "bottom": "F"},
        "sagittal": {"left": "A", "right": "P", "top": "H", "bottom": "F"},
    }
    renderer = SliceRenderer(300, 300)
    for view, markers in expect.items():
        scene = plane_scene(rs, view, ViewportState(), PatientContext(), "fr")
        assert scene.markers == markers
        assert len(scene.lines) == 2
        rgba = renderer.render(scene)
        # Crosshair lines cross the view through the shared point (the centre after reset).
        centre_row = rgba[150, :, :3].astype(int)
        assert (np.abs(centre_row[:, 0] - centre_row[:, 1]) > 100).sum() > 100  # a coloured line
    session.rotate("axial", np.radians(30))
    scene = plane_scene(rs, "coronal", ViewportState(), PatientContext(), "en")
    assert scene.markers["left"] in ("RA", "RP") and "oblique" in scene.corners["bl"]
    session.reset(notify=False)


def test_volume_rendering_is_not_blank_and_follows_the_preset(session):
    from viewer.model.volume_view import VolumeViewState
    from viewer.render.volume_renderer import VolumeRenderer

    r = VolumeRenderer(200, 200)
    r.set_volume(session.volume)
    bone = r.render(VolumeViewState("ct-bone"))[..., :3].astype(float)
    assert bone.std() > 5 and (bone.sum(axis=2) > 60).mean() > 0.01
    mip = r.render(VolumeViewState("mip"))[..., :3].astype(float)
    assert np.abs(mip - bone).mean() > 2
    turned = r.render(VolumeViewState("ct-bone", azimuth=90))[..., :3].astype(float)
    assert np.abs(turned - bone).mean() > 1
    fast = r.render(VolumeViewState("ct-bone", interactive=True))
    assert fast.shape[0] <= 200 and fast[..., :3].std() > 5
    r.close()


def test_missing_slice_leaves_a_marked_band_on_a_regular_grid(tmp_path):
    """A lost slice is neither squashed out nor interpolated over: the grid keeps the acquired step, the
    lost slice's place stays empty, and the planes that cross it mark it and say so."""
    import pydicom

    from viewer.model.displaysets import InstanceInput, SeriesInput, build_display_sets
    from viewer.model.mpr import MprSession
    from viewer.model.registry import load_plugins
    from viewer.model.studies import PatientContext
    from viewer.model.viewport import ViewportState
    from viewer.model.volume import Volume
    from viewer.render.mpr_view import plane_scene
    from viewer.render.reslice import VolumeResampler

    info = write_series(tmp_path / "gap", slices=SLICES, rows=ROWS, cols=COLS, spacing=(PIX, PIX), thickness=DZ,
                        hu_slices=phantom, window=(2000, 0))
    info["files"][7].unlink()  # slice 14 (written in a shuffled order), inside the cube
    files = [p for p in info["files"] if p.exists()]
    instances = []
    for path in files:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        instances.append(InstanceInput(ds.SOPInstanceUID, path, ds.SOPClassUID, int(ds.InstanceNumber), 1, ROWS, COLS,
                                       tuple(float(v) for v in ds.ImagePositionPatient), tuple(float(v) for v in ds.ImageOrientationPatient)))
    stack = build_display_sets(SeriesInput(info["study_uid"], info["series_uid"], "CT", 1, "gap", tuple(instances)),
                               load_plugins().display_set_handlers())[0]
    assert any("missing" in w.lower() or "irregular" in w.lower() for w in stack.warnings)
    volume = Volume(stack).load()
    assert "resampled" in volume.resampled_note
    assert volume.geometry.spacing[2] == pytest.approx(DZ)
    assert volume.array.shape[0] == SLICES  # the stack is not squashed by the gap
    assert list(np.flatnonzero(volume.acquisition.missing)) == [14]
    assert (volume.array[14] == volume.array[14].flat[0]).all()  # empty, not the cube invented back
    session = MprSession(volume)
    g = volume.geometry
    session.center = np.asarray(g.origin) + np.array([39.5 * PIX, 29.5 * PIX, 14.5 * DZ])
    cut = VolumeResampler(session).reslice("coronal")
    y0, y1, x0, x1 = bright_box(cut.pixels, 1924)
    assert (y1 - y0 + 1) * cut.pixel_mm == pytest.approx(20, abs=2.1)  # still 20 mm tall
    scene = plane_scene(VolumeResampler(session), "coronal", ViewportState(), PatientContext(), "en")
    assert "resampled to 2.00 mm (1 slice(s) missing)" in scene.corners["bl"]
    assert scene.image.ndim == 3 and scene.labels[0][2] == "missing slices"
    french = plane_scene(VolumeResampler(session), "coronal", ViewportState(), PatientContext(), "fr")
    assert "! rééchantillonné à 2,00 mm (1 coupe(s) manquante(s))" in french.corners["bl"]
    assert french.labels[0][2] == "coupes manquantes"
