"""What a viewport shows and what ``cauri render --overlays`` writes for the same image, at the same size and
in the same language, are the same pixels: one presentation module decides both (``viewer.presentation``).

Method: a real window (pytest-qt, ``gui_helpers``) opens a study from a cache; the image the active viewport
shows is the RGBA its ``SliceRenderer`` drew (``vp._rgba``: the image area, without the frame and the patient
band Qt paints around it). ``python -m viewer render --home HOME --series-uid UID --overlays --size WxH
--lang fr`` (a separate process, reading the same cache: Cauri's own measurements from the annotation store,
the SR/GSPS/KO objects) renders the same display set at the viewport's device-pixel size W x H. The PNG must
equal the viewport's RGB exactly, pixel for pixel. So that two blank or two equally wrong pictures cannot
pass, each case also checks what must be in the picture, from the data written here: the measurements'
strokes in Cauri's colour and their values (an ROI's mean of the 40 HU half), the presentation state's
annotation colour, text and window, the key-image mark, a PET's inverted SUV grey.

Cases: a 2-D image with measurements (length, ellipse ROI with its statistics, angle, text) and a GSPS
(turn, window, graphic, text annotation) and a key image; the same image without a GSPS; an MPR plane
(``--plane``) with a length measured on it; a PET stack (opens inverted, SUV 0..5).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import Qt
from pydicom.dataset import Dataset

from gui_helpers import import_and_open, wait_ready
from synthetic import write_series
from test_render_cmd import ROOT, read_png
from test_render_gsps import gsps

pytestmark = pytest.mark.gui

GSPS_WINDOW = (50.0, 500.0)  # centre, width: the corner then reads "Larg. 500  Niv. 50"
YELLOW = (1.0, 0.85, 0.1)  # Cauri's own measurements (presentation.findings.COLOR), by hand
BLUISH = (0.6, 0.85, 1.0)  # an SR's or GSPS's annotations


def gsps_for(image_path, text: str) -> Dataset:
    """A state for one image: a quarter turn, its own window, a stroke (``test_render_gsps``) and a text
    annotation (PIXEL anchor)."""
    ps = gsps(pydicom.dcmread(image_path, stop_before_pixels=True), "20261121090000", rotation=90,
              window=GSPS_WINDOW, line=True)
    note = Dataset()
    note.AnchorPointAnnotationUnits, note.AnchorPoint, note.AnchorPointVisibility = "PIXEL", [30.0, 70.0], "N"
    note.UnformattedTextValue = text
    ps.GraphicAnnotationSequence[0].TextObjectSequence = [note]
    return ps


def add_measurements(window, vp) -> None:
    """Cauri's own measurements on the image shown, saved to the cache's annotation store (as drawing them
    does), nothing selected, and the image flagged as a key image."""
    from viewer.model.measurements import Measurement, MeasurementKind as K, ellipse_from_box

    ref = window.measure.image_ref(vp)
    mset = window.measure.mset
    mset.add(Measurement(K.LENGTH, ((70.0, 20.0), (120.0, 20.0)), ref))  # 50 pixels along a row: 40 mm
    mset.add(Measurement(K.ELLIPSE, ellipse_from_box((80.0, 60.0), (110.0, 90.0)), ref))  # inside the 40 HU half
    mset.add(Measurement(K.ANGLE, ((20.0, 120.0), (40.0, 100.0), (60.0, 120.0)), ref))
    mset.add(Measurement(K.TEXT, ((90.0, 110.0),), ref, label="note A"))
    mset.toggle_key_image(ref)
    window.measure.selected = None
    vp.schedule_render()


def render_like(home, vp, tmp_path, *extra) -> np.ndarray:
    """``cauri render`` of what ``vp`` shows, in another process, at its size: the PNG's RGB."""
    out = tmp_path / "render.png"
    w, h = vp._rgba.shape[1], vp._rgba.shape[0]
    uid = vp.mpr.session.volume.stack.uid if vp.mpr is not None else vp.state.display_set.uid
    proc = subprocess.run([sys.executable, "-m", "viewer", "render", "--home", str(home), "--series-uid", uid,
                           "--out", str(out), "--overlays", "--size", f"{w}x{h}", "--lang", "fr", *extra],
                          capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return read_png(out)


def shown(vp) -> np.ndarray:
    """The image area of the viewport: what its renderer drew, as Qt paints it (RGB; RGBX, X ignored)."""
    assert vp.last_drawn_size == (vp._rgba.shape[1], vp._rgba.shape[0])  # a full frame, not a draft
    return np.ascontiguousarray(vp._rgba[..., :3])


def coloured(rgb: np.ndarray, colour) -> np.ndarray:
    """Pixels drawn in ``colour`` (anti-aliased edges left out), whatever is beneath."""
    return (np.abs(rgb.astype(float) - np.array(colour) * 255.0) <= 12).all(axis=2)


def assert_identical(viewport: np.ndarray, rendered: np.ndarray) -> None:
    assert rendered.shape == viewport.shape
    differing = np.any(rendered != viewport, axis=2)
    assert not differing.any(), f"{int(differing.sum())} pixels differ, first at {np.argwhere(differing)[0]}"


@pytest.fixture
def ct(tmp_path):
    info = write_series(tmp_path / "src", slices=6, rows=128, cols=128, spacing=(0.8, 0.8))
    return info


@pytest.mark.parametrize("with_gsps", [True, False], ids=["measurements-and-gsps", "measurements-only"])
def test_viewport_and_cauri_render_draw_the_same_image(qtbot, tmp_path, ct, with_gsps):
    info = ct
    home = tmp_path / "home"
    middle = sorted(info["files"], key=lambda p: float(pydicom.dcmread(p, stop_before_pixels=True).ImagePositionPatient[2]))[3]
    if with_gsps:
        gsps_for(middle, "lesion B").save_as(tmp_path / "src" / "ps.dcm", enforce_file_format=True)
    window = import_and_open(qtbot, home, tmp_path / "src", info["study_uid"])
    vp = window.grid.active
    assert window.measure.image_ref(vp).sop_uid == str(pydicom.dcmread(middle, stop_before_pixels=True).SOPInstanceUID)
    add_measurements(window, vp)
    wait_ready(qtbot, window)

    scene = vp.last_scene
    texts = " | ".join(label[2] for label in scene.labels)
    assert "40,0 mm" in texts  # 50 pixels of 0.8 mm
    assert "Moy. 40,0 UH" in texts or "Moyenne 40,0 UH" in texts, texts  # the ROI's mean of the 40 HU half
    assert "note A" in texts and "IMAGE CLÉ" in scene.corners["tr"]
    viewport = shown(vp)
    assert coloured(viewport, YELLOW).sum() > 100
    if with_gsps:
        assert "lesion B" in texts and "Larg. 500  Niv. 50" in scene.corners["br"]
        assert coloured(viewport, BLUISH).sum() > 30
        assert vp.state.rotation == 1  # placed by the state
    else:
        assert "Larg. 400  Niv. 40" in scene.corners["br"] and not coloured(viewport, BLUISH).any()

    assert_identical(viewport, render_like(home, vp, tmp_path))


def test_an_mpr_plane_in_the_viewport_and_cauri_render_plane_are_the_same(qtbot, tmp_path, ct):
    info = ct
    home = tmp_path / "home"
    window = import_and_open(qtbot, home, tmp_path / "src", info["study_uid"])
    qtbot.keyClick(window.grid.active, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: window.mpr.session is not None and window.mpr.session.volume.complete, timeout=20000)
    wait_ready(qtbot, window)
    vp = next(v for v in window.grid.visible_viewports() if v.mpr is not None and v.mpr.view == "coronal")
    # A length on the plane, kept in patient coordinates (as the tool does): 60 grid pixels of 0.8 mm.
    from viewer.model.measurements import Measurement, MeasurementKind as K
    from viewer.ui import measure_mpr

    plane = measure_mpr.shown_plane(vp, full=True)
    window.measure.mset.add(Measurement(K.LENGTH, ((20.0, 5.0), (80.0, 5.0)), measure_mpr.plane_ref(vp), plane=plane))
    vp.schedule_render()
    wait_ready(qtbot, window)
    viewport = shown(vp)
    assert "Coronal" in vp.last_scene.corners["bl"] and vp.last_scene.lines  # the crosshair of the two others
    assert "48,0 mm" in " | ".join(label[2] for label in vp.last_scene.labels)
    assert coloured(viewport, YELLOW).sum() > 30
    assert (viewport[..., 0] > 200).any() and (viewport[..., 0] < 20).any()  # bone and air on the plane
    assert_identical(viewport, render_like(home, vp, tmp_path, "--plane", "coronal"))


def test_a_pet_in_the_viewport_and_cauri_render_are_the_same(qtbot, tmp_path):
    from test_pet_default_window import write_pet

    folder, _ = write_pet(tmp_path / "src")
    home = tmp_path / "home"
    window = import_and_open(qtbot, home, folder, str(pydicom.dcmread(folder / "pt000.dcm").StudyInstanceUID))
    vp = window.grid.active
    scene = vp.last_scene
    assert vp.state.invert and "SUV 0,0 – 5,0" in scene.corners["br"]
    assert scene.image[0, 0] == 255 and scene.image[scene.image.shape[0] // 2, scene.image.shape[1] // 2] == 0
    assert_identical(shown(vp), render_like(home, vp, tmp_path))
