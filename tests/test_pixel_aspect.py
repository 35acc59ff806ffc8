"""Non-square pixels show with their true proportions: a disc phantom that is round in the patient is round
on screen, in ``cauri render``'s PNG and in a real window, whether the proportions come from Pixel Spacing
(rows 0.5 mm, columns 1 mm), from Pixel Aspect Ratio (2\\1, no spacing) or from a presentation state's
Presentation Pixel Aspect Ratio / Presentation Pixel Spacing (PS3.3 C.10.4). Measurements keep the image's
calibration: a diameter is 40 mm across and down, or counts stored pixels when uncalibrated.

Each picture is also checked the other way (without the attribute, or without the state) so that a test
passing says the attribute was honoured, not that the phantom happened to be round in stored pixels."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pydicom
import pytest

from synthetic import write_series
from test_findings_gsps_voi_bitmap import build_gsps
from test_pixels import read_pnm
from test_render_cmd import read_png, render

SIZE = 300  # square viewport, device pixels
RADIUS = 20.0  # disc radius in display units (mm when calibrated, column widths when not)


def disc(rows: int, cols: int, row_units: float, col_units: float) -> np.ndarray:
    """HU: bone inside a disc round in display units (``row_units`` x ``col_units`` per stored pixel),
    air outside; pixel centres at (i + 0.5) units from the image's edge."""
    y = (np.arange(rows) + 0.5 - rows / 2.0) * row_units
    x = (np.arange(cols) + 0.5 - cols / 2.0) * col_units
    return np.where(y[:, None] ** 2 + x[None, :] ** 2 <= RADIUS**2, 1000, -1000).astype(np.int16)


def write_image(folder, rows, cols, row_units, col_units, *, spacing=True, aspect=None, stored=None):
    """One image of a disc round in ``row_units`` x ``col_units`` pixels; without ``spacing`` its Pixel
    Spacing is removed (uncalibrated), ``aspect`` is written as its Pixel Aspect Ratio."""
    hu = disc(rows, cols, *(stored or (row_units, col_units)))
    info = write_series(folder, slices=1, rows=rows, cols=cols, spacing=(row_units, col_units), window=(400, 0),
                        shuffle=False, hu_slices=lambda i: hu)
    path = info["files"][0]
    ds = pydicom.dcmread(path)
    if not spacing:
        del ds.PixelSpacing
    if aspect is not None:
        ds.PixelAspectRatio = list(aspect)
    ds.save_as(path)
    return info, ds


def disc_box(grey: np.ndarray) -> tuple[int, int]:
    """(width, height) in output pixels of the bright disc, edges at half height."""
    ys, xs = np.nonzero(grey > 127)
    assert xs.size, "no disc in the picture"
    return int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def expected_diameter(extent_units: float) -> float:
    """Output pixels of the disc's diameter when an image ``extent_units`` on its longer side fits SIZE."""
    return 2 * RADIUS * SIZE / extent_units


def rendered_box(tmp_path, *args) -> tuple[int, int]:
    code, png = render(tmp_path, *map(str, args), "--size", f"{SIZE}x{SIZE}")
    assert code == 0
    return disc_box(png[..., 0])


def add_gsps(folder, img, area_extra: dict, rotation: int = 0):
    """A presentation state (another system's) over the whole image with ``area_extra`` in its displayed
    area: Presentation Pixel Aspect Ratio or Presentation Pixel Spacing."""
    from pydicom.dataset import Dataset

    ps = build_gsps(img, lut=False, bitmap=False)
    ps.ImageRotation, ps.ImageHorizontalFlip = rotation, "N"
    item = Dataset()
    item.DisplayedAreaTopLeftHandCorner = [1, 1]
    item.DisplayedAreaBottomRightHandCorner = [int(img.Columns), int(img.Rows)]
    item.PresentationSizeMode = "SCALE TO FIT"
    for keyword, value in area_extra.items():
        setattr(item, keyword, value)
    ps.DisplayedAreaSelectionSequence = [item]
    ps.save_as(folder / "ps.dcm", enforce_file_format=True)


# ----------------------------------------------------------------------------- the image's own attributes
def test_non_square_pixel_spacing_renders_a_round_disc(tmp_path):
    """Rows 0.5 mm apart, columns 1 mm: 128 rows x 64 columns are a 64 mm square, the disc 40 mm wide."""
    info, _ = write_image(tmp_path / "src", 128, 64, 0.5, 1.0)
    w, h = rendered_box(tmp_path, info["files"][0])
    assert abs(w - h) <= 2 and abs(w - expected_diameter(64)) <= 2, (w, h)


def test_mpr_plane_of_a_non_square_series_is_round(tmp_path):
    """The axial MPR plane of eight such slices (resampled onto a square grid of the finer spacing) shows
    the disc as the 2-D image does."""
    hu = disc(128, 64, 0.5, 1.0)
    write_series(tmp_path / "src", slices=8, rows=128, cols=64, spacing=(0.5, 1.0), window=(400, 0),
                 hu_slices=lambda i: hu)
    w, h = rendered_box(tmp_path, tmp_path / "src", "--plane", "axial")
    assert abs(w - h) <= 2 and abs(w - expected_diameter(64)) <= 2, (w, h)


def test_pixel_aspect_ratio_without_spacing_renders_a_round_disc(tmp_path):
    """Pixel Aspect Ratio 2\\1 (pixels twice as tall as wide), no spacing: 64 rows x 128 columns are square."""
    info, _ = write_image(tmp_path / "src", 64, 128, 2.0, 1.0, spacing=False, aspect=(2, 1))
    w, h = rendered_box(tmp_path, info["files"][0])
    assert abs(w - h) <= 2 and abs(w - expected_diameter(128)) <= 2, (w, h)
    # The same pixels without the attribute are drawn square: the disc is then twice as wide as tall.
    plain, _ = write_image(tmp_path / "plain", 64, 128, 2.0, 1.0, spacing=False)
    w, h = rendered_box(tmp_path, plain["files"][0])
    assert abs(w - 2 * h) <= 3, (w, h)


def test_pixel_aspect_ratio_is_ignored_when_pixel_spacing_gives_the_proportions(tmp_path):
    """PS3.3 C.7.6.3.1.7: Pixel Aspect Ratio is for images without spacing; Pixel Spacing wins over a
    contradicting one (2\\1 here, where the spacing says 1\\2)."""
    info, _ = write_image(tmp_path / "src", 128, 64, 0.5, 1.0, aspect=(2, 1))
    w, h = rendered_box(tmp_path, info["files"][0])
    assert abs(w - h) <= 2 and abs(w - expected_diameter(64)) <= 2, (w, h)


def test_proportions_match_dcmtk(tmp_path):
    """The peer: DCMTK's dcm2pnm, with the file's window and scaled to the viewport's width with the pixel
    aspect recognised (+Sxv), draws both discs round and the same size as Cauri does (both images are a
    square in the patient, so both fill the 300 x 300 picture)."""
    if shutil.which("dcm2pnm") is None:
        pytest.skip("needs DCMTK's dcm2pnm (apt install dcmtk)")
    cases = ((write_image(tmp_path / "ps", 128, 64, 0.5, 1.0)[0], 64),
             (write_image(tmp_path / "par", 64, 128, 2.0, 1.0, spacing=False, aspect=(2, 1))[0], 128))
    for info, extent in cases:
        path = info["files"][0]
        subprocess.run(["dcm2pnm", "-q", "+Wi", "1", "+Sxv", str(SIZE), str(path), str(tmp_path / "ref.pgm")],
                       check=True, timeout=60)
        ref = read_pnm(tmp_path / "ref.pgm")
        rw, rh = disc_box(ref)
        assert ref.shape == (SIZE, SIZE) and abs(rw - expected_diameter(extent)) <= 2 and abs(rw - rh) <= 2, (rw, rh)
        w, h = rendered_box(tmp_path, path)
        assert abs(w - rw) <= 2 and abs(h - rh) <= 2, (w, h, rw, rh)


def test_real_ultrasound_with_pixel_aspect_ratio_matches_dcmtk(tmp_path):
    """A real colour ultrasound (pydicom-data's color-pl.dcm: 120 x 256, Pixel Aspect Ratio 4\\3, no
    spacing) is 160 screen rows tall when 256 wide, as DCMTK's dcm2pnm +Sxv 256 scales it, and shows the
    same pixels; in a square viewport it is 5/8 as tall as wide (not 15/32)."""
    from conftest import shared_data

    if shutil.which("dcm2pnm") is None:
        pytest.skip("needs DCMTK's dcm2pnm (apt install dcmtk)")
    src = shared_data("pypi-pydicom-data-1.0.0", "data", "color-pl.dcm")
    subprocess.run(["dcm2pnm", "-q", "+Sxv", "256", str(src), str(tmp_path / "ref.ppm")], check=True, timeout=60)
    ref = read_pnm(tmp_path / "ref.ppm").astype(int)
    code, png = render(tmp_path, str(src), "--size", "256x160")
    assert code == 0 and ref.shape == png.shape == (160, 256, 3)
    d = np.abs(png.astype(int) - ref)[1:-1, 1:-1]  # the outermost rows/columns straddle the border
    assert d.mean() <= 1.0 and np.percentile(d, 99) <= 10, (d.mean(), np.percentile(d, 99))
    code, png = render(tmp_path, str(src), "--size", "400x400")
    shown = np.flatnonzero(png.max(axis=(1, 2)) > 0)  # the viewport around the image is black
    assert abs(len(shown) - 250) <= 2, len(shown)


def test_angles_are_the_ones_seen_lengths_count_stored_pixels(tmp_path):
    """Pixel Aspect Ratio 2\\1, no spacing: from the vertex, 20 columns right and 10 rows down is 45 degrees
    below the horizontal on screen (the rows are twice as tall), not atan(10/20) = 26.6 as square pixels
    would have it; a Cobb angle the same; the stroke's length stays hypot(20, 10) stored pixels."""
    import math

    from viewer.model.displaysets import FrameRef
    from viewer.model.frames import load_frame
    from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K, compute

    info, ds = write_image(tmp_path / "src", 64, 128, 2.0, 1.0, spacing=False, aspect=(2, 1))
    path = info["files"][0]
    frame = load_frame(FrameRef(path, 0, ds.SOPInstanceUID, 1))
    ref = ImageRef(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, 0)
    vertex, right, down_right = (64, 32), (84, 32), (84, 42)
    assert compute(Measurement(K.ANGLE, [right, vertex, down_right], ref), frame)["angle"] == pytest.approx(45.0)
    cobb = Measurement(K.COBB, [vertex, right, vertex, down_right], ref)
    assert compute(cobb, frame)["angle"] == pytest.approx(45.0)
    length = compute(Measurement(K.LENGTH, [vertex, down_right], ref), frame)
    assert length["length"] == pytest.approx(math.hypot(20, 10))
    # With Pixel Spacing the angle already came from the mm: 0.5 mm rows x 1 mm columns make it 14.0.
    info, ds = write_image(tmp_path / "mm", 128, 64, 0.5, 1.0)
    frame = load_frame(FrameRef(info["files"][0], 0, ds.SOPInstanceUID, 1))
    ref = ImageRef(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID, 0)
    angle = compute(Measurement(K.ANGLE, [(52, 64), (32, 64), (52, 74)], ref), frame)["angle"]
    assert angle == pytest.approx(math.degrees(math.atan(5 / 20)))


@pytest.mark.parametrize("shape, header, thumb", [
    ((128, 64, 0.5, 1.0), {}, (96, 96)),  # a 64 mm square: rows sampled, columns repeated
    ((64, 128, 2.0, 1.0), dict(spacing=False, aspect=(2, 1)), (96, 96)),  # the other way round
    ((300, 200, 1.0, 1.0), {}, (96, 64)),  # square pixels, larger than a thumbnail: scaled down
    ((40, 30, 1.0, 1.0), {}, (40, 30)),  # smaller: kept as stored
], ids=["pixel-spacing", "pixel-aspect-ratio", "large", "small"])
def test_thumbnail_has_the_true_proportions(tmp_path, shape, header, thumb):
    """The study browser's thumbnail samples the stored pixels in the proportions the viewport shows."""
    from types import SimpleNamespace

    from viewer.model.displaysets import FrameRef
    from viewer.presentation.thumbnail import thumbnail_image

    info, ds = write_image(tmp_path / "src", *shape, **header)
    one_image = SimpleNamespace(frames=[FrameRef(info["files"][0], 0, ds.SOPInstanceUID, 1)], frame_count=1,
                                multiframe=False, modality="OT")
    img = thumbnail_image(one_image)
    assert img.shape[:2] == thumb
    extent = shape[0] * shape[2]
    if extent == shape[1] * shape[3]:  # a square image: the disc spans 2 x RADIUS of its units
        w, h = disc_box(img)
        assert abs(w - h) <= 1 and abs(w - 2 * RADIUS / extent * thumb[1]) <= 1, (w, h)


# ----------------------------------------------------------------------------- a presentation state's
def test_presentation_pixel_aspect_ratio_renders_a_round_disc(tmp_path):
    """An uncalibrated image with square pixels by its own header; the state says 2\\1. Without the state
    (--no-presentation) the disc is twice as wide as tall; through it, round and fitted; turned a quarter,
    still round (the proportions belong to the stored rows, which then run across)."""
    folder = tmp_path / "src"
    info, img = write_image(folder, 64, 128, 2.0, 1.0, spacing=False)
    add_gsps(folder, img, {"PresentationPixelAspectRatio": [2, 1]})
    w, h = rendered_box(tmp_path, folder, "--no-presentation")
    assert abs(w - 2 * h) <= 3, (w, h)
    w, h = rendered_box(tmp_path, folder)
    assert abs(w - h) <= 2 and abs(w - expected_diameter(128)) <= 2, (w, h)
    (folder / "ps.dcm").unlink()
    add_gsps(folder, img, {"PresentationPixelAspectRatio": [2, 1]}, rotation=90)
    w, h = rendered_box(tmp_path, folder)
    assert abs(w - h) <= 2 and abs(w - expected_diameter(128)) <= 2, (w, h)


def test_presentation_pixel_spacing_gives_the_proportions(tmp_path):
    """The image says square 1 mm pixels; the state's Presentation Pixel Spacing (rows 1 mm, columns 0.5 mm)
    is what the pixels measure for display (PS3.3 C.10.4: the image's own is ignored)."""
    folder = tmp_path / "src"
    info, img = write_image(folder, 64, 128, 1.0, 1.0, stored=(1.0, 0.5))
    w, h = rendered_box(tmp_path, folder, "--no-presentation")
    assert abs(w - 2 * h) <= 3, (w, h)
    add_gsps(folder, img, {"PresentationPixelSpacing": [1.0, 0.5]})
    w, h = rendered_box(tmp_path, folder)
    assert abs(w - h) <= 2 and abs(w - expected_diameter(64)) <= 2, (w, h)


def test_a_square_presentation_ratio_keeps_the_images_pixel_spacing(tmp_path):
    """highdicom writes Presentation Pixel Aspect Ratio 1\\1 whatever the image: an MR with 0.5 x 1 mm
    pixels shown through such a state keeps its true proportions."""
    from viewer.dicom.findings.displayed_area import DisplayedArea
    from viewer.presentation.states import presentation_aspect

    folder = tmp_path / "src"
    info, img = write_image(folder, 128, 64, 0.5, 1.0)
    add_gsps(folder, img, {"PresentationPixelAspectRatio": [1, 1]})
    w, h = rendered_box(tmp_path, folder)
    assert abs(w - h) <= 2 and abs(w - expected_diameter(64)) <= 2, (w, h)
    area = DisplayedArea((1, 1), (64, 128))
    assert presentation_aspect(area) is None and presentation_aspect(None) is None
    assert presentation_aspect(DisplayedArea((1, 1), (64, 128), aspect_ratio=(1.0, 3.0))) == (1.0, 3.0)
    assert presentation_aspect(DisplayedArea((1, 1), (64, 128), pixel_spacing=(0.5, 0.5), aspect_ratio=(1.0, 3.0))) == (0.5, 0.5)


def cauri_state(folder, shape, header):
    """(state file, image file, displayed area item) of the presentation state Cauri saves for an image of
    the disc with a window on it."""
    from viewer.dicom.findings.common import evidence_header
    from viewer.dicom.findings.gsps_write import build_presentation_state, plan_presentation_states
    from viewer.dicom.findings.records import ImageRef
    from viewer.dicom.pixels import Window

    info, img = write_image(folder, *shape, **header)
    ref = ImageRef(info["study_uid"], info["series_uid"], img.SOPInstanceUID)
    plans, _ = plan_presentation_states([], {ref: Window(0, 400)}, {img.SOPInstanceUID: evidence_header(img)})
    ps = build_presentation_state(plans[0], pydicom.uid.generate_uid(), 90, pydicom.uid.generate_uid(), 1, describe=str)
    ps.save_as(folder / "ps.dcm", enforce_file_format=True)
    (item,) = ps.DisplayedAreaSelectionSequence
    return folder / "ps.dcm", info["files"][0], item


@pytest.mark.parametrize("shape, header, written", [
    ((128, 64, 0.5, 1.0), {}, [1, 2]),
    ((64, 128, 2.0, 1.0), dict(spacing=False, aspect=(2, 1)), [2, 1]),
    ((64, 64, 0.8, 0.8), {}, [1, 1]),
], ids=["pixel-spacing", "pixel-aspect-ratio", "square"])
def test_cauris_own_presentation_state_says_the_true_proportions(tmp_path, shape, header, written):
    """A state Cauri saves (through highdicom, which writes 1\\1 whatever the image) carries the image's
    real proportions, as PS3.3 C.10.4 means them; read back, the disc shows round through it."""
    _, _, item = cauri_state(tmp_path / "src", shape, header)
    assert list(item.PresentationPixelAspectRatio) == written and "PresentationPixelSpacing" not in item
    w, h = rendered_box(tmp_path, tmp_path / "src")
    assert abs(w - h) <= 2 and abs(w - expected_diameter(max(shape[0] * shape[2], shape[1] * shape[3]))) <= 2, (w, h)


def test_dcmtk_reads_the_proportions_cauri_writes(tmp_path):
    """The peer reading Cauri's state: DCMTK's dcmp2pgm -d gives the pixel aspect as width / height, 2 for
    0.5 mm rows x 1 mm columns (highdicom's 1\\1 would read 1)."""
    if shutil.which("dcmp2pgm") is None:
        pytest.skip("needs DCMTK's dcmp2pgm (apt install dcmtk)")
    ps, image, _ = cauri_state(tmp_path / "src", (128, 64, 0.5, 1.0), {})
    dump = subprocess.run(["dcmp2pgm", "-d", "-p", str(ps), str(image)], capture_output=True, text=True, timeout=60)
    line = next(x for x in (dump.stdout + dump.stderr).splitlines() if "presentation pixel aspect ratio" in x)
    assert float(line.rsplit(":", 1)[1]) == pytest.approx(2.0)


def test_displayed_area_is_placed_in_display_proportions():
    """The placement on its own (numbers worked by hand): 64 rows x 128 columns shown 2 units per row and
    1 per column. Its top-left quarter (64 x 32 stored, 64 x 64 units) fills a 400 x 400 viewport at zoom
    2 of the whole image's fit (0.32 units per pixel), its centre 32 units left and up of the image's; TRUE
    SIZE with Presentation Pixel Spacing 1 x 0.5 mm on 0.25 mm screen pixels: a row (1 mm, 2 units) takes
    4 screen pixels, a column (0.5 mm, 1 unit) 2, i.e. 0.5 units per screen pixel both ways."""
    from viewer.dicom.findings.displayed_area import DisplayedArea
    from viewer.presentation.states import displayed_view

    quarter = DisplayedArea((1, 1), (64, 32))
    view = displayed_view(quarter, (0, False, False), (64, 128), None, (400, 400), 0.32, None, (2.0, 1.0))
    assert view.zoom == pytest.approx(2.0) and view.pan == pytest.approx((-32.0, -32.0))
    true = DisplayedArea((1, 1), (128, 64), "TRUE SIZE", pixel_spacing=(1.0, 0.5))
    for rotation in (0, 1):
        view = displayed_view(true, (rotation, False, False), (64, 128), None, (400, 400), 0.32, 0.25, (2.0, 1.0))
        assert view.zoom == pytest.approx(0.32 / 0.5) and view.note == ""
    # MAGNIFY 3: a column (the pixels' shorter side, 1 unit) takes 3 screen pixels, turned or not.
    magnify = DisplayedArea((1, 1), (128, 64), "MAGNIFY", magnification=3.0)
    for rotation in (0, 1):
        view = displayed_view(magnify, (rotation, False, False), (64, 128), None, (400, 400), 0.32, None, (2.0, 1.0))
        assert view.zoom == pytest.approx(0.32 / (1.0 / 3.0))


# ----------------------------------------------------------------------------- a real window
def screen_disc(qtbot, vp) -> tuple[int, int]:
    """(width, height) in device pixels of the disc the viewport shows, texts and markers off."""
    from dataclasses import replace

    from gui_helpers import widget_pixels

    vp.apply(replace(vp.state, overlays=False))
    vp.render_sync()
    grey = widget_pixels(vp).min(axis=2)  # the darkest channel: the active viewport's yellow frame is not bone
    w, h = disc_box(grey)
    dpr = vp.devicePixelRatioF()
    return int(round(w * dpr)), int(round(h * dpr))


def drawn_length(qtbot, window, vp, a, b):
    """The length of a line drawn with the mouse from image pixel ``a`` to ``b`` ((row, column))."""
    from gui_helpers import screen_point_of, wait_ready
    from test_gui_measure import choose, drag
    from viewer.model.measurements import MeasurementKind as K, compute

    choose(window, K.LENGTH)
    before = len(list(window.measure.mset))
    drag(qtbot, vp, screen_point_of(vp, *a), screen_point_of(vp, *b))
    wait_ready(qtbot, window)
    items = list(window.measure.mset)
    assert len(items) == before + 1
    return next(v for v in compute(items[-1], vp.current_frame()).values if v.name == "length")


# Two diameters of the disc, (row, column) ends: across and down; then what each measures.
MM_CASE = dict(shape=(128, 64, 0.5, 1.0), header={}, across=((64, 12), (64, 52)), down=((24, 32), (104, 32)),
               lengths=(40.0, 40.0), unit="mm", one_to_one=80)  # 40 columns x 1 mm, 80 rows x 0.5 mm
PIXEL_CASE = dict(shape=(64, 128, 2.0, 1.0), header=dict(spacing=False, aspect=(2, 1)), across=((32, 44), (32, 84)),
                  down=((22, 64), (42, 64)), lengths=(40.0, 20.0), unit="px",
                  one_to_one=40)  # stored pixels: no mm


@pytest.mark.gui
@pytest.mark.parametrize("case", [MM_CASE, PIXEL_CASE], ids=["pixel-spacing", "pixel-aspect-ratio"])
def test_window_shows_the_disc_round_and_measures_it_in_the_images_units(qtbot, tmp_path, case):
    """In the viewport: round on screen, and its diameters drawn with the mouse keep the image's own
    calibration: 40 mm across and down with 0.5 x 1 mm pixels; with Pixel Aspect Ratio 2\\1 and no
    spacing, the stored pixels they cross (40 columns, 20 rows), equal on screen."""
    from gui_helpers import import_and_open

    info, _ = write_image(tmp_path / "src", *case["shape"], **case["header"])
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    vp = window.grid.active
    w, h = screen_disc(qtbot, vp)
    assert abs(w - h) <= 2, (w, h)
    across = drawn_length(qtbot, window, vp, *case["across"])
    down = drawn_length(qtbot, window, vp, *case["down"])
    assert across.unit == down.unit == case["unit"], (across, down)
    # One screen pixel of mouse rounding is worth about 0.2 mm (0.3 stored pixel) here.
    assert (across.value, down.value) == pytest.approx(case["lengths"], abs=0.6), (across, down)
    # 1:1 shows one stored pixel per device pixel along the pixels' shorter side (the rows at 0.5 mm, the
    # columns at 2\\1): the disc is as many device pixels across as it has stored pixels that way.
    vp.one_to_one()
    w, h = screen_disc(qtbot, vp)
    assert abs(w - h) <= 2 and abs(w - case["one_to_one"]) <= 2, (w, h)


@pytest.mark.gui
def test_window_shows_presentation_pixel_aspect_ratio_round(qtbot, tmp_path):
    """The viewport places the image through the state (its own code path): round, the displayed area
    filling the viewport's shorter side; the reader's zoom keeps the proportions."""
    from gui_helpers import import_and_open

    folder = tmp_path / "src"
    info, img = write_image(folder, 64, 128, 2.0, 1.0, spacing=False)
    add_gsps(folder, img, {"PresentationPixelAspectRatio": [2, 1]}, rotation=90)
    window = import_and_open(qtbot, tmp_path / "home", folder, info["study_uid"])
    vp = window.grid.active
    w, h = screen_disc(qtbot, vp)
    side = min(vp.width(), vp.height()) * vp.devicePixelRatioF()
    assert abs(w - h) <= 2 and abs(w - 2 * RADIUS * side / 128) <= 2, (w, h, side)
    vp.apply(vp.state.zoomed(1.5))
    w, h = screen_disc(qtbot, vp)
    assert abs(w - h) <= 2, (w, h)
