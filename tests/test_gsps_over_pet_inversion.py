"""A presentation state decides black and white itself: a PET's opening inversion does not turn it over, the
reader's own I key still does (commit c906deb). Checked on a real PET image (TCIA, gh-suyashkumar-dicom) with a
real Grayscale Softcopy Presentation State written by highdicom (the shared corpus has no GSPS file), through
``cauri render`` as a process and through ``present_image`` (the viewport's path); the expected grey levels are
computed here by hand from the state's window (PS3.3 C.11.2.1.2.1) and the image's rescale."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pydicom
import pytest

from conftest import shared_data
from test_render_cmd import linear_voi, read_png

PET = ("gh-suyashkumar-dicom", "testdata", "1.dcm")
WINDOW = (6000.0, 8000.0)  # centre, width in Bq/ml: the PET's 0..12,100 Bq/ml spread over the grey scale


def write_state(image_path, out_path, shape: str) -> pydicom.Dataset:
    import highdicom as hd
    from pydicom.uid import generate_uid

    img = pydicom.dcmread(image_path, stop_before_pixels=True)
    for keyword in ("AccessionNumber",):  # present but empty in the file: highdicom copies what is there
        if keyword not in img:
            setattr(img, keyword, "")
    ps = hd.pr.GrayscaleSoftcopyPresentationState(
        [img], generate_uid(), 99, generate_uid(), 1, "Cauri tests", "tests", "1", "0", "PET_GSPS",
        voi_lut_transformations=[hd.pr.SoftcopyVOILUTTransformation(window_center=WINDOW[0], window_width=WINDOW[1])],
        presentation_lut_transformation=hd.PresentationLUTTransformation(presentation_lut_shape=shape))
    ps.save_as(out_path)
    return ps


def by_hand(image_path) -> np.ndarray:
    """Grey levels the state asks for: stored x slope + intercept (the PET's rescale), then the linear VOI."""
    ds = pydicom.dcmread(image_path)
    values = ds.pixel_array.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    return linear_voi(values, *WINDOW)


@pytest.fixture
def pet(tmp_path):
    source = shared_data(*PET)
    folder = tmp_path / "pet"
    folder.mkdir()
    shutil.copyfile(source, folder / "pet.dcm")
    return folder


def test_rendered_pet_through_an_identity_state_is_not_inverted(pet, tmp_path):
    write_state(pet / "pet.dcm", pet / "state.dcm", "IDENTITY")
    expected = by_hand(pet / "pet.dcm")
    assert expected.min() == 0 and expected.max() > 200  # the window spreads this image over the scale
    out = tmp_path / "out.png"
    run = subprocess.run([sys.executable, "-m", "viewer", "render", str(pet), "--out", str(out), "--size", "168x168",
                          "--home", str(tmp_path / "home")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "presentation state applied" in run.stdout
    grey = read_png(out)[..., 0].astype(float)
    # One screen pixel per image pixel: every pixel is the state's grey, not the PET's inverted opening.
    assert np.abs(grey - expected).max() <= 1.0
    plain = subprocess.run([sys.executable, "-m", "viewer", "render", str(pet), "--out", str(out), "--size", "168x168",
                            "--no-presentation", "--home", str(tmp_path / "home")], capture_output=True, timeout=120)
    assert plain.returncode == 0
    assert read_png(out)[0, 0, 0] > 200  # without the state the PET opens inverted: its empty corner is white


def test_inverse_state_and_the_readers_invert_key_on_the_viewports_path(pet):
    from viewer.dicom.findings.gsps_read import read_presentation_state
    from viewer.model.displaysets import FrameRef, ImageStack
    from viewer.model.frames import load_frame
    from viewer.model.measurements import ImageRef
    from viewer.model.studies import PatientContext
    from viewer.presentation.findings import Findings
    from viewer.presentation.image import present_image
    from viewer.presentation.windows import opening_state

    path = pet / "pet.dcm"
    expected = by_hand(path)
    sop = str(pydicom.dcmread(path, stop_before_pixels=True).SOPInstanceUID)
    frame = load_frame(FrameRef(path, 0, sop, 1))
    stack = ImageStack(uid="p", study_uid="p", series_uid="p", modality="PT", number=1, description="", frames=(frame.ref,))
    opened = opening_state(stack)
    assert opened.invert and opened.invert_default  # how a PET opens

    def shown(state, ps_path):
        ps, _ = read_presentation_state(pydicom.dcmread(ps_path))
        image = present_image(state, frame, ImageRef("p", "p", sop, 0), PatientContext(), "en", (168, 168),
                              Findings(states=(ps,))).scene.image
        return np.asarray(image, dtype=float)

    write_state(path, pet / "identity.dcm", "IDENTITY")
    write_state(path, pet / "inverse.dcm", "INVERSE")
    assert np.abs(shown(opened, pet / "identity.dcm") - expected).max() <= 1.0
    assert np.abs(shown(opened, pet / "inverse.dcm") - (255 - expected)).max() <= 1.0  # the state's own INVERSE
    pressed = replace(opened, invert=not opened.invert)  # the reader pressed I: that still turns it over
    assert np.abs(shown(pressed, pet / "identity.dcm") - (255 - expected)).max() <= 1.0
