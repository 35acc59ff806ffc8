"""Every slice where it was acquired: irregular gaps, gantry tilt, missing slices and shared positions, checked
on the planes MPR cuts (VTK's reslice) and on ``cauri render --plane`` against geometry worked out by hand.

The volumes are synthetic so that the truth is known exactly: a ramp whose value is 10 x the slice's true
position along the normal (linear interpolation of a linear function is exact, so every plane pixel must
read 10 x its own z), and bright spheres at known patient coordinates in a sheared (tilted) stack.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from synthetic import write_series
from test_render_cmd import linear_voi, read_png

ROOT = Path(__file__).resolve().parents[1]

# The gaps: 4, 4, 1, 7, 2, 6 mm (median 4; the 7 mm step is 1.75x: a varying step, not a lost slice).
GAPS = (4.0, 4.0, 1.0, 7.0, 2.0, 6.0)
RAMP_Z = np.concatenate([[0.0], np.cumsum(GAPS)])  # 0, 4, 8, 9, 16, 18, 24
RAMP_ROWS, RAMP_COLS = 24, 32
RAMP_ORIGIN = (-16.0, -12.0)  # x, y of every slice's first pixel
RAMP_WINDOW = (241.0, 120.0)  # width, centre: HU 0..240 over the grey scale


def ramp_positions():
    return [(RAMP_ORIGIN[0], RAMP_ORIGIN[1], float(z)) for z in RAMP_Z]


def ramp_slice(i: int) -> np.ndarray:
    return np.full((RAMP_ROWS, RAMP_COLS), 10.0 * RAMP_Z[i])


@pytest.fixture(scope="module")
def ramp_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ramp")
    write_series(folder, rows=RAMP_ROWS, cols=RAMP_COLS, spacing=(1.0, 1.0), thickness=1.0, positions=ramp_positions(),
                 hu_slices=ramp_slice, window=RAMP_WINDOW)
    return folder


def stack_of(folder):
    from viewer.model.loose_files import open_paths

    loose = open_paths([str(folder)])
    try:
        (stack,) = [d for d in loose.display_sets() if d.kind == "stack"]
    finally:
        loose.close()
    return stack


def loaded_session(folder):
    from viewer.model.mpr import MprSession
    from viewer.model.volume import Volume

    volume = Volume(stack_of(folder)).load()
    assert volume.complete and not volume.errors
    return MprSession(volume)


def pixel_centres(grid) -> np.ndarray:
    """LPS of every pixel centre of a plane cut, from the plane's right/down/origin (rows x columns x 3)."""
    nx, ny = grid.size
    xs = grid.origin_offset[0] + np.arange(nx) * grid.pixel_mm
    ys = grid.origin_offset[1] + np.arange(ny) * grid.pixel_mm
    return grid.plane_origin + xs[None, :, None] * grid.right + ys[:, None, None] * grid.down


# ------------------------------------------------------------------------------------------------ (1) ramp


@pytest.mark.parametrize("view", ["coronal", "sagittal"])
def test_irregular_gaps_reformat_to_a_straight_ramp(ramp_folder, view):
    from viewer.render.reslice import VolumeResampler

    session = loaded_session(ramp_folder)
    # By hand: the volume spans z 0..24 mm; its centre is the shared point the planes open on.
    centre = np.array([RAMP_ORIGIN[0] + (RAMP_COLS - 1) / 2, RAMP_ORIGIN[1] + (RAMP_ROWS - 1) / 2, 12.0])
    assert session.volume_center() == pytest.approx(centre)
    resampler = VolumeResampler(session)
    cut = resampler.reslice(view)
    grid = resampler.grid(view)
    z = pixel_centres(grid)[..., 2]
    hu = cut.pixels.astype(float) - 1024.0
    inside = (z >= -1e-6) & (z <= 24.0 + 1e-6)
    rows_inside = np.flatnonzero(inside.any(axis=1))
    assert len(rows_inside) >= 24  # 24 mm of 1 mm rows, every one of them checked
    middle = grid.size[0] // 2
    for r in rows_inside:
        assert hu[r, middle] == pytest.approx(10.0 * z[r, middle], abs=1.0), (view, r, z[r, middle])
    # And straight across the whole plane, not just one column.
    assert np.abs(hu[inside] - 10.0 * z[inside]).max() <= 1.0
    assert not session.volume.acquisition.regular and session.volume.geometry.spacing[2] == pytest.approx(4.0)


def test_slabs_and_roi_sampling_read_the_slices_where_they_were_acquired(ramp_folder):
    """By hand on the ramp (HU = 10 z): a 12 mm slab about z 12 samples z 8, 12 and 16 (one 4 mm step apart):
    mean 120, MIP 160, MinIP 80; the volume sampled at z 9, 12 and 20 reads 90, 120 and 200."""
    from viewer.model.measure.plane import sample_modality
    from viewer.render.reslice import VolumeResampler

    session = loaded_session(ramp_folder)
    resampler = VolumeResampler(session)
    session.center = np.array([0.0, 0.0, 12.0])
    inner = (slice(2, -2), slice(2, -2))
    for mode, expected in (("avg", 120.0), ("mip", 160.0), ("minip", 80.0)):
        session.set_slab(12.0, mode)
        hu = resampler.reslice("axial").pixels.astype(float)[inner] - 1024.0
        assert hu == pytest.approx(np.full(hu.shape, expected), abs=1.0), mode
    values, inside = sample_modality(session.volume, np.array([(0.0, 0.0, 9.0), (0.0, 0.0, 12.0), (-3.0, 4.0, 20.0)]))
    assert inside.all() and values == pytest.approx([90.0, 120.0, 200.0], abs=0.5)


def test_a_slab_of_an_even_sample_count_is_centred_on_its_plane(ramp_folder):
    """By hand on the ramp (HU = 10 z, 4 mm grid): an 8 mm slab about z 12 takes two samples one step apart,
    z 10 and 14, so its mean is 120 (the plane's own value), its MIP 140 and its MinIP 100. VTK centres an odd
    count of slab samples on the output plane but puts an even count half a step below it (z 8 and 12: mean
    100), which would show a 16 mm slab about z 12 as one about z 10."""
    from viewer.render.reslice import VolumeResampler

    session = loaded_session(ramp_folder)
    resampler = VolumeResampler(session)
    session.center = np.array([0.0, 0.0, 12.0])
    inner = (slice(2, -2), slice(2, -2))
    for mm, mode, expected in ((8.0, "avg", 120.0), (8.0, "mip", 140.0), (8.0, "minip", 100.0), (16.0, "avg", 120.0)):
        session.set_slab(mm, mode)
        hu = resampler.reslice("axial").pixels.astype(float)[inner] - 1024.0
        assert hu == pytest.approx(np.full(hu.shape, expected), abs=1.0), (mm, mode)


def test_cauri_render_plane_is_a_straight_ramp_too(ramp_folder, tmp_path):
    out = tmp_path / "coronal.png"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-m", "viewer", "render", str(ramp_folder), "--plane", "coronal", "--size", "256x256",
         "--out", str(out), "--home", str(tmp_path / "home")],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    png = read_png(out).astype(float)
    grey = png[..., 0]
    # The column through the middle of the picture, where the image is (not the black surround).
    column = grey[:, 64]  # a quarter across: clear of the sagittal crosshair (not drawn without --overlays)
    rows = np.flatnonzero(column > 0.5)
    assert len(rows) > 100
    # The image spans z 24 (top) .. 0 (bottom): grey falls linearly from the window's top to its bottom.
    top, bottom = rows.min(), rows.max()
    expected = linear_voi(np.linspace(240.0, 0.0, bottom - top + 1), RAMP_WINDOW[1], RAMP_WINDOW[0])
    inner = slice(3, -3)  # the first and last screen rows straddle the volume's faces
    assert np.abs(column[top:bottom + 1][inner] - expected[inner]).max() <= 6.0
    # Straight: a fitted line leaves only rounding, where evenly spread slices left a 30 HU (32 grey) kink.
    ys = np.arange(top, bottom + 1)[inner]
    fit = np.polyval(np.polyfit(ys, column[ys], 1), ys)
    assert np.abs(column[ys] - fit).max() <= 3.0


# ------------------------------------------------------------------------------------------------ (2), (3) tilt

# A stack sheared by a 20 degree gantry tilt (each slice 0.364 mm further posterior per mm along z), with ten
# 1.5 mm steps then ten 4 mm steps: evenly spread, slice 10 would sit 12.5 mm from where it was acquired.
TILT = math.tan(math.radians(20.0))
TILT_Z = np.concatenate([[0.0], np.cumsum([1.5] * 10 + [4.0] * 10)])  # 0 .. 55 mm
TILT_N, PX = 64, 1.0
TILT_ORIGIN = (-32.0, -32.0)
MARKERS = np.array([(-10.0, -12.0, 15.0), (8.0, -12.0, 40.0), (0.0, 5.0, 27.0)])  # LPS mm; 1 and 2 share a y
RADIUS = 5.0


def tilt_positions():
    return [(TILT_ORIGIN[0], TILT_ORIGIN[1] + TILT * z, float(z)) for z in TILT_Z]


def tilt_slice(i: int) -> np.ndarray:
    """0 HU, and 1000 HU inside the spheres, each pixel at its own patient position on this slice."""
    x0, y0, z = tilt_positions()[i]
    r, c = np.mgrid[0:TILT_N, 0:TILT_N].astype(float)
    pts = np.stack([x0 + c * PX, y0 + r * PX, np.full_like(r, z)], axis=-1)
    hu = np.zeros((TILT_N, TILT_N))
    for m in MARKERS:
        hu[np.linalg.norm(pts - m, axis=-1) <= RADIUS] = 1000.0
    return hu


@pytest.fixture(scope="module")
def tilted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tilt")
    write_series(folder, rows=TILT_N, cols=TILT_N, spacing=(PX, PX), thickness=1.5, positions=tilt_positions(),
                 hu_slices=tilt_slice, window=(2000.0, 500.0))
    return folder


def blob_centre(pixels: np.ndarray, expected: tuple[float, float], reach: int = 12) -> tuple[float, float]:
    """Centre (column, row) of the bright blob near ``expected``: weighted by HU over half the peak."""
    hu = pixels.astype(float) - 1024.0
    x, y = int(round(expected[0])), int(round(expected[1]))
    y0, x0 = max(0, y - reach), max(0, x - reach)
    part = hu[y0:y + reach + 1, x0:x + reach + 1]
    weight = np.where(part > 500.0, part, 0.0)
    assert weight.sum() > 0, "no marker near where the plane geometry puts it"
    rows, cols = np.indices(part.shape)
    return float((cols * weight).sum() / weight.sum() + x0), float((rows * weight).sum() / weight.sum() + y0)


def expected_pixel(grid, point) -> tuple[float, float]:
    """By hand: where ``point`` falls on a plane cut (column, row of pixel centres)."""
    rel = np.asarray(point) - grid.plane_origin
    return ((rel @ grid.right - grid.origin_offset[0]) / grid.pixel_mm,
            (rel @ grid.down - grid.origin_offset[1]) / grid.pixel_mm)


def test_tilted_irregular_stack_puts_each_marker_at_its_patient_coordinates(tilted):
    from viewer.render.reslice import VolumeResampler

    session = loaded_session(tilted)
    resampler = VolumeResampler(session)
    turns = [None, ("axial", 30.0), ("coronal", 20.0)]  # straight planes, then oblique, then double oblique
    seen = 0
    for turn in turns:
        if turn is not None:
            session.rotate(turn[0], math.radians(turn[1]))
        for marker in MARKERS:
            session.center = marker.copy()
            for view in ("axial", "coronal", "sagittal"):
                grid = resampler.grid(view)
                cut = resampler.reslice(view)
                want = expected_pixel(grid, marker)
                got = blob_centre(cut.pixels, want)
                assert np.hypot(got[0] - want[0], got[1] - want[1]) <= 1.0, (turn, tuple(marker), view, got, want)
                seen += 1
    assert seen == 27
    volume = session.volume
    assert np.allclose(volume.geometry.slice_direction, (0, 0, 1))  # the shear is gone: an orthogonal grid
    assert not volume.acquisition.regular and "tilt 20.0°" in volume.resampled_note


def test_distance_across_slices_on_a_plane_is_the_physical_one(tilted):
    """Markers 1 and 2 lie 25 mm apart along z (on acquired slices 10 and 16) in one coronal plane."""
    from viewer.model.measure.plane import compute_plane, view_plane
    from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K
    from viewer.render.reslice import VolumeResampler

    session = loaded_session(tilted)
    session.center = MARKERS[0].copy()
    resampler = VolumeResampler(session)
    grid = resampler.grid("coronal")
    cut = resampler.reslice("coronal")
    found = [blob_centre(cut.pixels, expected_pixel(grid, m)) for m in MARKERS[:2]]
    plane = view_plane(session, "coronal", cut.origin_offset, cut.pixel_mm, "1.2.826.0.1.3680043.2.1")
    # Grid coordinates put a pixel's centre at +0.5 (the corner convention measurements use).
    points = [(x + 0.5, y + 0.5) for x, y in found]
    result = compute_plane(Measurement(K.LENGTH, points, ImageRef("1.2", "1.2.3", "1.2.3.4", 0), plane=plane))
    physical = float(np.linalg.norm(MARKERS[1] - MARKERS[0]))  # sqrt(18^2 + 25^2) = 30.81 mm
    assert result["length"] == pytest.approx(physical, abs=1.0)


# ------------------------------------------------------------------------------------------------ the grid itself


def test_regular_series_keeps_one_array_and_its_own_slices(tmp_path):
    from viewer.model.volume import Volume

    write_series(tmp_path, slices=8, rows=16, cols=20, thickness=2.5)
    volume = Volume(stack_of(tmp_path)).load()
    assert volume.acquisition.regular and volume.resampled_note == ""
    assert volume.array is volume.acquired  # no second copy: 1.00x the voxels
    assert volume.nbytes == 8 * 16 * 20 * 2
    assert volume.geometry.spacing[2] == pytest.approx(2.5)


def test_resampled_grid_fills_while_loading_and_lets_the_acquired_copy_go(ramp_folder):
    """An output slice is there as soon as both its acquired neighbours are; the rest waits."""
    from viewer.model.volume import Volume

    volume = Volume(stack_of(ramp_folder))
    acq = volume.acquisition
    # Only the middle acquired slice (z = 9, index 3) is in: no output slice has both neighbours yet,
    # except those that lie exactly on it (none here: the grid is 0, 4, ..., 24).
    assert volume.filled.sum() == 0 and not volume.complete
    arrived = []
    volume.load(cancel=lambda: len(arrived) >= 2, progress=lambda d, t: arrived.append(d), workers=1)
    have = np.flatnonzero(volume._acquired_filled)
    for k in range(acq.shape[0]):
        assert volume.filled[k] == all(i in have for i in acq.sources(k)), k
        if volume.filled[k]:
            assert volume.modality_slice(k) == pytest.approx(np.full((RAMP_ROWS, RAMP_COLS), 40.0 * k), abs=0.5)
    volume.load()
    assert volume.complete and volume.acquired is None  # one copy again once the grid is whole
    assert volume.array.shape == (7, RAMP_ROWS, RAMP_COLS)


def test_regular_series_with_a_lost_slice_gets_an_empty_band_not_invented_anatomy(tmp_path):
    from viewer.model.acquisition import acquisition_of

    z = [0.0, 2.0, 4.0, 8.0, 10.0, 12.0]  # 6 mm: the 6 mm slice is lost
    acq = acquisition_of([(0.0, 0.0, v) for v in z], (1, 0, 0, 0, 1, 0), (1.0, 1.0), 4, 4)
    assert acq.shape[0] == 7 and acq.geometry.spacing[2] == pytest.approx(2.0)
    assert list(acq.missing) == [False, False, False, True, False, False, False]
    assert acq.bands == ((4.0, 8.0),)
    assert acq.sources(3) == () and acq.sources(4) == (3,)
    # The irregular gaps are a varying step, interpolated: no band.
    acq = acquisition_of(ramp_positions(), (1, 0, 0, 0, 1, 0), (1.0, 1.0), 4, 4)
    assert not acq.missing.any() and acq.bands == ()
    assert acq.sources(3) == (3, 4)  # z 12 between the slices at 9 and 16 mm
    assert acq.weight[3] == pytest.approx(3.0 / 7.0)


def test_slices_sharing_positions_are_refused_in_words(tmp_path):
    from viewer.core.messages import in_language, message_of
    from viewer.model.acquisition import acquisition_of

    z = [0.0, 0.0, 2.0, 2.0, 4.0, 4.0]
    with pytest.raises(ValueError) as err:
        acquisition_of([(0.0, 0.0, v) for v in z], (1, 0, 0, 0, 1, 0), (1.0, 1.0), 4, 4)
    text = message_of(err.value)
    assert text.startswith("3 of its 6 images share their position with another image (3 distinct positions)")
    assert "cannot be split into stacks" in text
    assert in_language(text, "fr").startswith("3 de ses 6 images ont la position d'une autre image")


def test_cauri_render_plane_of_slices_sharing_positions_says_why_without_a_traceback(tmp_path):
    folder = tmp_path / "src"
    z = [0.0, 0.0, 2.0, 2.0, 4.0, 4.0, 6.0]  # uneven repeats: nothing splits them into stacks
    write_series(folder, rows=32, cols=32, positions=[(0.0, 0.0, v) for v in z])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-m", "viewer", "render", str(folder), "--plane", "coronal", "--out", str(tmp_path / "x.png"),
         "--home", str(tmp_path / "home")],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "singular" not in proc.stderr.lower()
    assert proc.stderr.startswith("cauri render: 3 of its 7 images share their position with another image")
    assert "cannot be split into stacks" in proc.stderr


def test_a_slice_is_placed_at_its_fractional_shift_by_hand():
    """Bilinear placement of an acquired slice on the grid, values worked out by hand; -1 is the background."""
    from viewer.model.acquisition import SliceMaker, acquisition_of

    image = np.arange(20, dtype=np.float32).reshape(4, 5)
    # Half a row down: row 0 reads between the background and image row 0; row 4 between row 3 and nothing.
    acq = acquisition_of([(0.0, 0.5 * k, 1.0 * k) for k in range(3)], (1, 0, 0, 0, 1, 0), (1.0, 1.0), 4, 5)
    maker = SliceMaker(acq, -1.0)
    assert acq.shape[1:] == (5, 5)  # one more row: the last slice's footprint reaches 1 mm further
    out = np.empty((5, 5), np.float32)
    maker.place(image, (0.5, 0.0), out)
    assert out[0].tolist() == [-0.5, 0.0, 0.5, 1.0, 1.5]
    assert out[1].tolist() == [2.5, 3.5, 4.5, 5.5, 6.5]
    assert out[4].tolist() == [7.0, 7.5, 8.0, 8.5, 9.0]
    maker.place(image, (1.0, 0.0), out)  # a whole row: a plain copy one row lower
    assert out[0].tolist() == [-1.0] * 5 and out[1:].tolist() == image.tolist()
    maker.place(image, (-1.0, -2.0), out)
    assert out[0].tolist() == [7.0, 8.0, 9.0, -1.0, -1.0] and out[3:].tolist() == [[-1.0] * 5] * 2
