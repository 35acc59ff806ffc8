"""A GSPS's spatial part: Image Horizontal Flip, Image Rotation and the Displayed Area Selection place the
referenced image in a real viewport (checked on the pixels the window shows), until the reader turns,
flips, zooms or pans it; resetting the view gives the presentation state's placement back.

The synthetic image (``synthetic.block_image``, 64 x 64, 0.8 mm) has a bright bone square in its top-left
corner (rows 8-23, columns 0-15), air on the left half and tissue on the right half; axial, so the edge
markers are R (left), L (right), A (top), P (bottom) untransformed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset

from synthetic import write_series
from test_findings_gsps_voi_bitmap import build_gsps

N = 64
BONE = np.zeros((N, N), bool)
BONE[8:24, 0:16] = True


def expected_bone(rotation: int, flip: bool) -> np.ndarray:
    """Where the bone square is displayed, in the standard's order (PS3.3 Table C.10-6): turned clockwise
    "before any Image Horizontal Flip is applied", then flipped."""
    out = np.rot90(BONE, k=-(rotation // 90))
    return out[:, ::-1] if flip else out


def area_item(tlhc, brhc, mode="SCALE TO FIT", **extra) -> Dataset:
    item = Dataset()
    item.DisplayedAreaTopLeftHandCorner = list(tlhc)
    item.DisplayedAreaBottomRightHandCorner = list(brhc)
    item.PresentationSizeMode = mode
    for keyword, value in extra.items():
        setattr(item, keyword, value)
    return item


def open_with_gsps(qtbot, tmp_path, rotation=0, flip=False, area=None, extra=None):
    from gui_helpers import import_and_open

    info = write_series(tmp_path / "src", slices=1, rows=N, cols=N, shuffle=False)
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    ps = build_gsps(img, lut=False, bitmap=False)
    ps.ImageRotation = rotation
    ps.ImageHorizontalFlip = "Y" if flip else "N"
    if area is not None:
        ps.DisplayedAreaSelectionSequence = [area]
    if extra is not None:
        extra(ps)
    ps.save_as(tmp_path / "src" / "ps.dcm", enforce_file_format=True)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    return window, window.grid.active


def screen_grey(qtbot, vp) -> np.ndarray:
    """The viewport's pixels on screen, without corner texts and markers; the darkest channel, so the
    active viewport's yellow frame does not pass for bone."""
    from gui_helpers import widget_pixels

    vp.apply(replace(vp.state, overlays=False))
    vp.render_sync()
    return widget_pixels(vp).min(axis=2).astype(int)


def bright_run(line: np.ndarray) -> int:
    """Length of the bright stretch along a screen line, edges at half height (the texture is interpolated)."""
    on = np.flatnonzero(line > 127)
    return int(on.max() - on.min() + 1)


def stored_to_screen(vp, col: float, row: float, shape=(N, N)) -> tuple[int, int]:
    """Widget position of a stored-image point (corner convention), through the state's turn and flips."""
    from viewer.model.measurements import to_display

    scene, st = vp.last_scene, vp.state
    x, y = to_display((col, row), shape, st.rotation, st.flip_h, st.flip_v)
    h, w = scene.image.shape[:2]
    mm = vp.renderer.mm_per_screen_pixel(scene) * vp.devicePixelRatioF()
    sx = vp.width() / 2.0 + ((x - w / 2.0) * scene.spacing[0] - scene.pan[0]) / mm
    sy = vp.height() / 2.0 + ((y - h / 2.0) * scene.spacing[1] - scene.pan[1]) / mm
    return int(round(sx)), int(round(sy))


def assert_bone_on_screen(grey: np.ndarray, vp, expected: np.ndarray) -> None:
    """Sample the screen at display pixel centres, every 4 pixels: bright exactly where ``expected`` says.
    The positions come from the fitted view (no pan, zoom 1), computed here from the widget size."""
    h, w = expected.shape
    scale = min(vp.width() / w, vp.height() / h)  # screen pixels per image pixel when fitted
    for row in range(2, h, 4):
        for col in range(2, w, 4):
            x = int(vp.width() / 2.0 + (col + 0.5 - w / 2.0) * scale)
            y = int(vp.height() / 2.0 + (row + 0.5 - h / 2.0) * scale)
            assert (grey[y, x] > 200) == expected[row, col], (row, col, grey[y, x])


# Hand-made: what each edge shows after the transformation (the clockwise turn, then the flip).
MARKERS = {
    (0, False): ("R", "L", "A", "P"),
    (90, False): ("P", "A", "R", "L"),
    (180, False): ("L", "R", "P", "A"),
    (270, False): ("A", "P", "L", "R"),
    (0, True): ("L", "R", "A", "P"),
    (90, True): ("A", "P", "R", "L"),
    (270, True): ("P", "A", "L", "R"),
}


@pytest.mark.gui
@pytest.mark.parametrize("rotation, flip", list(MARKERS))
def test_rotation_and_flip_place_the_marker_and_the_edge_letters(qtbot, tmp_path, rotation, flip):
    _, vp = open_with_gsps(qtbot, tmp_path, rotation, flip)
    left, right, top, bottom = MARKERS[(rotation, flip)]
    assert vp.last_scene.markers == {"left": left, "right": right, "top": top, "bottom": bottom}
    assert not vp.state.by_reader
    assert_bone_on_screen(screen_grey(qtbot, vp), vp, expected_bone(rotation, flip))


@pytest.mark.gui
def test_gsps_annotation_follows_the_flip_and_turn(qtbot, tmp_path):
    """A PIXEL-unit line along the bone square's top edge, stored (0, 8)-(16, 8), is drawn where the
    turned, flipped square is: by hand, (x, y) -> quarter turn (64 - y, x) -> flip (y, x)."""
    line = Dataset()
    line.GraphicAnnotationUnits, line.GraphicDimensions, line.NumberOfGraphicPoints = "PIXEL", 2, 2
    line.GraphicData, line.GraphicType, line.GraphicFilled = [0.0, 8.0, 16.0, 8.0], "POLYLINE", "N"
    ann = Dataset()
    ann.GraphicLayer = "L"
    ann.GraphicObjectSequence = [line]
    _, vp = open_with_gsps(qtbot, tmp_path, 90, True, extra=lambda ps: setattr(ps, "GraphicAnnotationSequence", [ann]))
    (x0, y0, x1, y1, color), = vp.last_scene.lines
    assert vp.state.rotation == 1 and vp.state.flip_h and not vp.state.flip_v
    assert (x0, y0, x1, y1) == pytest.approx(((8 - 0.5) * 0.8, (0 - 0.5) * 0.8, (8 - 0.5) * 0.8, (16 - 0.5) * 0.8))
    from gui_helpers import widget_pixels

    x, y = stored_to_screen(vp, 8, 8)
    r, g, b = (int(v) for v in widget_pixels(vp)[y, x])
    assert b > 200 and b - r > 60, (r, g, b)  # the light blue of annotations read from another system


@pytest.mark.gui
def test_displayed_area_of_the_top_left_quarter_fills_the_viewport(qtbot, tmp_path):
    _, vp = open_with_gsps(qtbot, tmp_path, area=area_item((1, 1), (32, 32)))
    grey = screen_grey(qtbot, vp)
    vw, vh = vp.width(), vp.height()
    s = min(vw, vh) / 32.0  # the quarter's 32 pixels fill the viewport's smaller side
    at = lambda col, row: grey[int(vh / 2.0 + (row - 16) * s), int(vw / 2.0 + (col - 16) * s)]  # noqa: E731
    assert at(8, 16) > 200  # the bone square, now large
    assert at(2, 4) < 20 and at(24, 16) < 20  # air around it, inside the quarter
    assert at(2, 1) < 20 and at(30, 31) < 20  # the quarter's corners are on screen
    for col, row in ((8, 9), (8, 23), (1, 16), (15, 16)):
        assert at(col, row) > 200, (col, row)  # the square's own edges, one image pixel inside
    # Its edges are where the quarter's scale puts them: 16 image pixels = 16 * s screen pixels.
    assert abs(bright_run(grey[:, int(vw / 2.0 - 8 * s)]) - 16 * s) <= 2


@pytest.mark.gui
def test_displayed_area_beyond_the_image_is_black(qtbot, tmp_path):
    """An area twice the image's size, the image in its top-left quarter: the rest of the area is black."""
    _, vp = open_with_gsps(qtbot, tmp_path, area=area_item((1, 1), (128, 128)))
    grey = screen_grey(qtbot, vp)
    x, y = stored_to_screen(vp, 48, 40)
    assert 100 < grey[y, x] < 160  # tissue, inside the image
    x, y = stored_to_screen(vp, 96, 96)
    assert grey[y, x] == 0  # beyond it
    # The image's centre is left and above the viewport's centre: the area's centre is.
    cx, cy = stored_to_screen(vp, 32, 32)
    assert cx < vp.width() / 2 - 50 and cy < vp.height() / 2 - 50


@pytest.mark.gui
def test_rotated_area_and_the_readers_own_changes(qtbot, tmp_path):
    """A flipped, turned presentation of the top-left quarter; the reader's turn keeps the flip, the zoom
    and the region on screen; a new reader zoom sticks; reset gives the presentation state's view back."""
    window, vp = open_with_gsps(qtbot, tmp_path, 90, True, area=area_item((1, 1), (32, 32)))
    shown = vp.state
    # Turn then flip: stored (4, 12), in the bone square, is 4 left of and 12 above the quarter's centre
    # ((4, 12) -> turn (52, 4) -> flip (12, 4); the quarter -> the top-left one, centre (16, 16)).
    x, y = stored_to_screen(vp, 4, 12)
    assert x < vp.width() / 2 - 20 and y < vp.height() / 2 - 100
    grey = screen_grey(qtbot, vp)
    assert grey[y, x] > 200
    window.act_rotate.trigger()
    vp.render_sync()
    st = vp.state
    # One flip in effect (after the turn, in the state): a clockwise turn on screen is one quarter less there.
    assert st.by_reader and st.rotation == (shown.rotation - 1) % 4 and (st.flip_h, st.flip_v) == (shown.flip_h, shown.flip_v)
    assert st.zoom == pytest.approx(shown.zoom)  # the reader's turn keeps the magnification
    grey = screen_grey(qtbot, vp)
    x2, y2 = stored_to_screen(vp, 4, 12)
    assert grey[y2, x2] > 200
    # Turned clockwise about the view's centre: (-4, -12) image pixels from it became (+12, -4).
    assert x2 > vp.width() / 2 + 100 and y < y2 < vp.height() / 2 - 20
    vp.apply(vp.state.zoomed(0.5))
    vp.render_sync()
    assert vp.state.zoom == pytest.approx(shown.zoom * 0.5)  # not placed again by the presentation state
    vp.apply(vp.state.reset_view())
    vp.render_sync()
    st = vp.state
    assert not st.by_reader and (st.rotation, st.flip_h, st.flip_v, st.zoom, st.pan) == (
        shown.rotation, shown.flip_h, shown.flip_v, pytest.approx(shown.zoom), pytest.approx(shown.pan))


@pytest.mark.gui
def test_magnify_shows_image_pixels_at_the_ratio(qtbot, tmp_path):
    _, vp = open_with_gsps(qtbot, tmp_path, area=area_item((1, 1), (64, 64), "MAGNIFY", PresentationPixelMagnificationRatio=3.0))
    grey = screen_grey(qtbot, vp)
    dpr = vp.devicePixelRatioF()
    x, y = stored_to_screen(vp, 8, 16)
    assert abs(bright_run(grey[y, :]) * dpr - 16 * 3.0) <= 2  # 16 bone pixels, 3 screen pixels each


@pytest.mark.gui
def test_true_size_uses_the_screens_physical_size(qtbot, tmp_path):
    """TRUE SIZE: the 16-pixel (12.8 mm) bone square is 12.8 mm wide on the screen Qt describes."""
    _, vp = open_with_gsps(qtbot, tmp_path, area=area_item((1, 1), (64, 64), "TRUE SIZE"))
    screen = vp.screen()
    assert screen.physicalSize().width() > 0  # Xvfb and real screens report one; the fallback is tested below
    mm_per_px = 25.4 / screen.physicalDotsPerInch()
    grey = screen_grey(qtbot, vp)
    x, y = stored_to_screen(vp, 8, 16)
    assert abs(bright_run(grey[y, :]) * mm_per_px - 16 * 0.8) <= 2 * mm_per_px


def test_displayed_view_math():
    """The placement on its own: the fallback when the screen's size is unknown, Presentation Pixel
    Spacing for TRUE SIZE, and an area past the image's corner (numbers worked by hand)."""
    from viewer.dicom.findings.displayed_area import DisplayedArea
    from viewer.presentation.states import displayed_view

    quarter = DisplayedArea((1, 1), (32, 32))
    # 64 x 64 at 0.8 mm in 800 x 400 device pixels; fit: 51.2 mm / 400 px = 0.128 mm/px.
    view = displayed_view(quarter, (0, False, False), (64, 64), (0.8, 0.8), (800, 400), 0.128, None)
    assert view.zoom == pytest.approx(2.0) and view.pan == pytest.approx((-12.8, -12.8)) and view.note == ""
    true = replace(quarter, mode="TRUE SIZE")
    assert displayed_view(true, (0, False, False), (64, 64), (0.8, 0.8), (800, 400), 0.128, None).note == "true size unknown"
    # 0.25 mm screen pixels; the state says 0.4 mm image pixels shown in the scene's 0.8 mm units.
    view = displayed_view(replace(true, pixel_spacing=(0.4, 0.4)), (0, False, False), (64, 64), (0.8, 0.8), (800, 400), 0.128, 0.25)
    assert view.zoom == pytest.approx(0.128 / (0.8 * 0.25 / 0.4)) and view.note == ""
    # Rows 1-32 and columns 33-64 (top-right quarter), turned a quarter clockwise: it lands bottom-right.
    view = displayed_view(DisplayedArea((33, 1), (64, 32)), (1, False, False), (64, 64), (0.8, 0.8), (800, 400), 0.128, None)
    assert view.pan == pytest.approx((12.8, 12.8))


def test_reader_keeps_areas_per_image_and_maps_display_units_through_the_turn(tmp_path):
    from viewer.dicom.findings.gsps_read import read_presentation_state
    from viewer.model.measurements import ImageRef

    info = write_series(tmp_path / "src", slices=1, rows=N, cols=N, shuffle=False)
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    ps_ds = build_gsps(img, lut=False, bitmap=False)
    ps_ds.ImageRotation, ps_ds.ImageHorizontalFlip = 90, "N"
    target = Dataset()
    target.ReferencedSOPClassUID, target.ReferencedSOPInstanceUID = img.SOPClassUID, img.SOPInstanceUID
    area = area_item((1, 1), (32, 32), "MAGNIFY", PresentationPixelMagnificationRatio=2.5, PresentationPixelSpacing=[0.5, 0.5])
    area.ReferencedImageSequence = [target]
    broken = area_item((5, 5), (5, 9))
    ps_ds.DisplayedAreaSelectionSequence = [area, broken]
    text = Dataset()
    text.UnformattedTextValue = "here"
    text.AnchorPointAnnotationUnits = "DISPLAY"
    text.AnchorPoint = [0.75, 0.25]  # right of centre, high up, as displayed
    text.AnchorPointVisibility = "N"
    ann = Dataset()
    ann.GraphicLayer = "L"
    ann.TextObjectSequence = [text]
    ps_ds.GraphicAnnotationSequence = [ann]
    ps, notes = read_presentation_state(ps_ds)
    assert notes == ["an empty displayed area is not applied"]
    got = ps.area_for(ImageRef(img.StudyInstanceUID, img.SeriesInstanceUID, img.SOPInstanceUID, 0))
    assert (got.mode, got.magnification, got.pixel_spacing, got.corner_box()) == ("MAGNIFY", 2.5, (0.5, 0.5), (0, 0, 32, 32))
    (note,) = ps.annotations
    # Displayed (0.75, 0.25) of a quarter turned clockwise is stored (0.25, 0.25) of the 32-pixel quarter.
    assert note.points[0] == pytest.approx((8.0, 8.0))


@pytest.mark.parametrize("flip_h, flip_v", [(False, False), (True, False), (False, True), (True, True)])
def test_readers_turn_is_clockwise_on_screen_whatever_the_flips(flip_h, flip_v):
    """R turns the picture as shown, flipped or not, and the region on screen (pan) turns with it."""
    from viewer.presentation.scene import transform_image
    from viewer.model.viewport import ViewportState

    img = np.arange(12).reshape(3, 4)
    for rotation in range(4):
        st = ViewportState(rotation=rotation, flip_h=flip_h, flip_v=flip_v, pan=(3.0, 1.0))
        turned = st.rotated(1)
        shown = transform_image(img, st.rotation, st.flip_h, st.flip_v)
        assert (transform_image(img, turned.rotation, turned.flip_h, turned.flip_v) == np.rot90(shown, k=-1)).all()
        assert turned.pan == (-1.0, 3.0) and turned.by_reader


@pytest.mark.gui
def test_real_ct_with_a_highdicom_presentation_state(qtbot, tmp_path):
    """highdicom's CT from the shared corpus, a GSPS written by highdicom (its own Displayed Area: the whole
    image, SCALE TO FIT) then turned 270°, flipped and narrowed to the image's right half: the pixels shown
    are the plain image's, turned then flipped, and the half fills the viewport's width."""
    import shutil

    import highdicom as hd
    from pydicom.uid import generate_uid

    from conftest import shared_data
    from gui_helpers import import_and_open
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    source = shared_data("gh-highdicom", "data", "test_files", "ct_image.dcm")
    (tmp_path / "src").mkdir()
    shutil.copy(source, tmp_path / "src" / "ct.dcm")
    ct = pydicom.dcmread(source)
    voi = hd.pr.SoftcopyVOILUTTransformation(window_center=40.0, window_width=400.0)
    ps = hd.pr.GrayscaleSoftcopyPresentationState(
        [ct], generate_uid(), 99, generate_uid(), 1, "Other", "Model", "1", "SN", "SPATIAL", voi_lut_transformations=[voi])
    (area,) = ps.DisplayedAreaSelectionSequence
    assert list(area.DisplayedAreaBottomRightHandCorner) == [ct.Columns, ct.Rows]
    area.DisplayedAreaTopLeftHandCorner = [ct.Columns // 2 + 1, 1]  # the right half
    ps.ImageRotation, ps.ImageHorizontalFlip = 270, "Y"
    ps.save_as(tmp_path / "src" / "ps.dcm")
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", ct.StudyInstanceUID)
    vp = window.grid.active
    scene = vp.last_scene
    plain = build_scene(ViewportState(display_set=vp.state.display_set, window=scene.window), vp.current_frame(), PatientContext())
    assert (scene.window.center, scene.window.width) == (40.0, 400.0)
    assert np.array_equal(scene.image, np.fliplr(np.rot90(plain.image, k=-3)))
    # 270° clockwise (a quarter counter-clockwise: top edge left, left edge down), then the flip.
    assert scene.markers == {"left": "P", "right": "A", "top": "L", "bottom": "R"}
    # A quarter counter-clockwise makes the right half the top half (128 wide, 64 high), the flip keeps it
    # there: it fills the viewport's width, its centre 32 rows above the image's.
    mm = vp.renderer.mm_per_screen_pixel(scene) * vp.devicePixelRatioF()
    assert 128 * float(ct.PixelSpacing[1]) / mm == pytest.approx(vp.width(), rel=0.01)
    assert scene.pan == pytest.approx((0.0, -32 * float(ct.PixelSpacing[0])))


def test_turn_and_flip_match_dcmtk(tmp_path):
    """The peer: DCMTK's dcmp2pgm renders the image through the same highdicom-written presentation state;
    the bone square is where Cauri puts it, for every rotation with and without the flip."""
    import shutil
    import subprocess

    import highdicom as hd
    from pydicom.uid import generate_uid

    from viewer.dicom.findings.gsps_read import read_presentation_state
    from viewer.model.displaysets import FrameRef, ImageStack
    from viewer.model.frames import load_frame
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    if shutil.which("dcmp2pgm") is None:
        pytest.skip("needs DCMTK's dcmp2pgm (apt install dcmtk)")
    info = write_series(tmp_path, slices=1, rows=N, cols=N, shuffle=False)
    path = info["files"][0]
    img = pydicom.dcmread(path)
    img.StudyID, img.ReferringPhysicianName, img.AccessionNumber = "1", "", "A1"  # highdicom copies them
    img.save_as(path)
    frame = load_frame(FrameRef(path, 0, img.SOPInstanceUID, 1))
    stack = ImageStack(uid="s", study_uid="s", series_uid="s", modality="CT", number=1, description="", frames=(frame.ref,))
    voi = hd.pr.SoftcopyVOILUTTransformation(window_center=40.0, window_width=400.0)
    for rotation in (0, 90, 180, 270):
        for flip in (False, True):
            ps = hd.pr.GrayscaleSoftcopyPresentationState(
                [img], generate_uid(), 99, generate_uid(), 1, "Other", "M", "1", "SN", "TURN", voi_lut_transformations=[voi])
            ps.ImageRotation, ps.ImageHorizontalFlip = rotation, "Y" if flip else "N"
            ps_path, pgm = tmp_path / f"ps{rotation}{flip}.dcm", tmp_path / f"out{rotation}{flip}.pgm"
            ps.save_as(ps_path)
            subprocess.run(["dcmp2pgm", "-q", "-p", str(ps_path), str(path), str(pgm)], check=True, timeout=60)
            data = pgm.read_bytes()
            theirs = np.frombuffer(data[-N * N:], np.uint8).reshape(N, N) > 200
            q, fh, fv = read_presentation_state(pydicom.dcmread(ps_path))[0].viewport_transform()
            ours = build_scene(ViewportState(display_set=stack, rotation=q, flip_h=fh, flip_v=fv), frame, PatientContext()).image
            assert np.array_equal(ours > 200, theirs), (rotation, flip)
            assert np.array_equal(theirs, expected_bone(rotation, flip)), (rotation, flip)


@pytest.mark.gui
def test_only_referenced_images_are_placed_and_the_readers_view_holds_across_the_stack(qtbot, tmp_path):
    """A presentation state for the middle image of three: scrolling off it shows the others plain, back on
    it turned again; once the reader turns the view, it stays theirs on every image."""
    from gui_helpers import import_and_open

    info = write_series(tmp_path / "src", slices=3, rows=N, cols=N, shuffle=False)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    vp = window.grid.active
    middle = pydicom.dcmread(vp.state.display_set.frames[1].path, stop_before_pixels=True)
    window.close()
    ps = build_gsps(middle, lut=False, bitmap=False)
    ps.ImageRotation = 180
    (tmp_path / "ps").mkdir()
    ps.save_as(tmp_path / "ps" / "ps.dcm", enforce_file_format=True)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "ps", info["study_uid"])
    vp = window.grid.active
    assert vp.state.index == 1 and vp.state.rotation == 2 and vp.last_scene.markers["top"] == "P"
    for index, rotation in ((0, 0), (1, 2), (2, 0)):
        vp.apply(vp.state.at(index))
        qtbot.waitUntil(lambda: vp.is_ready(), timeout=10000)
        vp.render_sync()
        assert vp.state.rotation == rotation, index
        assert vp.last_scene.markers["top"] == ("P" if rotation else "A"), index
    window.act_rotate.trigger()  # on the third image: the reader's view from now on
    for index in (1, 0):
        vp.apply(vp.state.at(index))
        qtbot.waitUntil(lambda: vp.is_ready(), timeout=10000)
        vp.render_sync()
        assert vp.state.rotation == 1 and vp.state.by_reader, index


def test_bench_case_runs_against_dcmtk(tmp_path):
    """``cauri bench gsps`` plumbing on tiny inputs: both figures, and Cauri's display pixels agree with
    DCMTK's (the figures themselves are never checked)."""
    import shutil

    from viewer.bench import runner

    if shutil.which("dcmp2pgm") is None:
        pytest.skip("needs DCMTK's dcmp2pgm (apt install dcmtk)")
    (row,) = runner.run_cases(["gsps"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert row.case == "gsps" and row.cauri > 0 and row.peer_value > 0, row
    assert "within one grey level of DCMTK's: 100.00 %" in row.note, row.note


@pytest.mark.gui
def test_true_size_of_an_uncalibrated_image_is_scaled_to_fit_and_says_so(qtbot, tmp_path):
    """No Pixel Spacing and no Presentation Pixel Spacing: true size cannot be known; the area is scaled to
    fit and the corner says why (in French, the window's language)."""
    from gui_helpers import import_and_open

    info = write_series(tmp_path / "src", slices=1, rows=N, cols=N, shuffle=False)
    img = pydicom.dcmread(info["files"][0])
    del img.PixelSpacing
    img.save_as(info["files"][0])
    ps = build_gsps(img, lut=False, bitmap=False)
    ps.DisplayedAreaSelectionSequence = [area_item((1, 1), (32, 32), "TRUE SIZE", PresentationPixelAspectRatio=[1, 1])]
    ps.save_as(tmp_path / "src" / "ps.dcm", enforce_file_format=True)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    vp = window.grid.active
    assert "Taille réelle inconnue\u00a0: ajustée à la fenêtre" in vp.last_scene.corners["br"]
    scene = vp.last_scene
    mm = vp.renderer.mm_per_screen_pixel(scene) * vp.devicePixelRatioF()
    assert 32 * scene.spacing[0] / mm == pytest.approx(min(vp.width(), vp.height()), rel=0.01)  # the quarter fits


@pytest.mark.gui
def test_p_picks_the_presentation_state_again_then_the_next_one(qtbot, tmp_path):
    """Two presentation states for one image (a quarter turn, a half turn with its own window): P shows the
    other one; after the reader's own turn and window, P first gives the one shown back, then cycles."""
    from gui_helpers import import_and_open
    from viewer.dicom.pixels import Window

    info = write_series(tmp_path / "src", slices=1, rows=N, cols=N, shuffle=False)
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    for label, rotation, center in (("QUARTER", 90, None), ("HALF", 180, 300.0)):
        ps = build_gsps(img, lut=False, bitmap=False)
        ps.ContentLabel, ps.ImageRotation = label, rotation
        if center is not None:
            voi = Dataset()
            voi.WindowCenter, voi.WindowWidth = center, 100.0
            ps.SoftcopyVOILUTSequence = [voi]
        ps.save_as(tmp_path / "src" / f"{label}.dcm", enforce_file_format=True)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    vp = window.grid.active
    turns = {"QUARTER": 1, "HALF": 2}
    centers = {"QUARTER": 40.0, "HALF": 300.0}  # QUARTER has no window: the image's own (400, 40)

    def shown() -> str:
        vp.render_sync()
        label = window.measure.presentation_for(vp).label
        assert vp.state.rotation == turns[label] and vp.last_scene.window.center == centers[label], label
        return label

    first = shown()
    window.act_presentation.trigger()
    second = shown()
    assert second != first and window.status_label.text() == f"État de présentation\u00a0: {second}"
    window.act_rotate.trigger()
    vp.set_window(Window(0.0, 50.0))
    vp.render_sync()
    assert vp.state.by_reader and vp.last_scene.window.center == 0.0
    window.act_presentation.trigger()
    assert shown() == second and not vp.state.by_reader  # the reader's view and window gave way
    window.act_presentation.trigger()
    assert shown() == first


@pytest.mark.gui
def test_p_without_a_presentation_state_says_so(qtbot, tmp_path):
    from gui_helpers import import_and_open

    info = write_series(tmp_path / "src", slices=1, rows=N, cols=N, shuffle=False)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    window.act_presentation.trigger()
    assert window.status_label.text() == "Aucun état de présentation pour cette image"
    assert window.grid.active.state.rotation == 0


@pytest.mark.gui
def test_only_the_annotations_of_the_presentation_state_shown_through(qtbot, tmp_path):
    """Two presentation states of one image, each with its own line: the image is shown through the later
    one, with its line only; P shows it through the other, with the other's line only."""
    from gui_helpers import import_and_open

    info = write_series(tmp_path / "src", slices=1, rows=N, cols=N, shuffle=False)
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    rows_of = {}
    for name, row, time in (("early", 10.0, "080000"), ("late", 40.0, "170000")):
        ps = build_gsps(img, lut=False, bitmap=False)
        ps.PresentationCreationTime = ps.ContentTime = time
        line = Dataset()
        line.GraphicAnnotationUnits, line.GraphicDimensions, line.NumberOfGraphicPoints = "PIXEL", 2, 2
        line.GraphicData, line.GraphicType, line.GraphicFilled = [4.0, row, 60.0, row], "POLYLINE", "N"
        ann = Dataset()
        ann.GraphicLayer = "L"
        ann.GraphicObjectSequence = [line]
        ps.GraphicAnnotationSequence = [ann]
        ps.save_as(tmp_path / "src" / f"ps-{name}.dcm", enforce_file_format=True)
        rows_of[str(ps.SOPInstanceUID)] = row
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    vp = window.grid.active

    def drawn_rows():
        vp.render_sync()
        return sorted({round(y0 / 0.8 + 0.5, 3) for (_x0, y0, _x1, _y1, _c) in vp.last_scene.lines})

    first = window.measure.presentation_for(vp).sop_uid
    assert drawn_rows() == [rows_of[first]]
    other = window.measure.next_presentation(vp).sop_uid
    assert other != first
    assert drawn_rows() == [rows_of[other]]


@pytest.mark.gui
def test_what_a_presentation_state_could_not_use_is_said_in_the_status_bar_in_french(qtbot, tmp_path):
    """A bitmap shutter whose overlay plane is missing is not applied, and the reader is told why."""
    def broken_shutter(ps):
        ps.ShutterShape = "BITMAP"
        ps.ShutterOverlayGroup = 0x6000  # no overlay plane at 6000 in this GSPS
        ps.ShutterPresentationValue = 0

    window, _vp = open_with_gsps(qtbot, tmp_path, extra=broken_shutter)
    assert window.language == "fr"
    status = window.status_label.text()
    assert "un cache d'affichage bitmap sans son plan de superposition n'est pas appliqué" in status, status
