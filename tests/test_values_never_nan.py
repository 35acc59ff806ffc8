"""No NaN or infinity reaches a label, a list, a saved SR/GSPS or ``cauri measurements``: a measurement
that has no value yet says why, pixels that are not numbers are left out of statistics, and the display
pipeline never casts NaN (the "invalid value encountered in cast" warning of PET planes)."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pydicom
import pytest

from synthetic import write_series

NBSP = "\u00a0"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def ct(tmp_path):
    """(home, study uid, image ref, frame): one 64 x 64 CT image of 0.5 mm pixels, imported into a home's cache."""
    from viewer.core.paths import resolve_paths
    from viewer.model.frames import load_frame
    from viewer.model.measurements import ImageRef
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=1, rows=64, cols=64, spacing=(0.5, 0.5), shuffle=False)
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    ds = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    ref = ImageRef(info["study_uid"], info["series_uid"], ds.SOPInstanceUID, 0)
    from viewer.model.displaysets import FrameRef

    frame = load_frame(FrameRef(info["files"][0], 0, ds.SOPInstanceUID, 1))
    return home, info["study_uid"], ref, frame


def _result(kind, points, ct_fixture):
    from viewer.model.measurements import Measurement, compute

    _, _, ref, frame = ct_fixture
    m = Measurement(kind, points, ref)
    return m, compute(m, frame)


def test_cobb_whose_second_line_is_a_click_says_draw_the_second_line(ct):
    from viewer.core.messages import in_language
    from viewer.model.measurements import MeasurementKind as K, describe

    m, result = _result(K.COBB, [(10, 10), (40, 20), (30, 30), (30, 30)], ct)
    assert result.values == () and result.messages == ("Cobb angle: draw the second line",)
    assert in_language(result.messages[0], "fr") == f"angle de Cobb{NBSP}: tracez la seconde ligne"
    assert describe(m, result, "fr") == f"angle de Cobb{NBSP}: tracez la seconde ligne"
    assert describe(m, result, "en") == "Cobb angle: draw the second line"
    _, first = _result(K.COBB, [(10, 10), (10, 10), (30, 30), (50, 40)], ct)
    assert first.values == () and first.messages == ("Cobb angle: the first line has no length",)


def test_angle_with_a_side_of_no_length_has_no_value(ct):
    from viewer.model.measurements import MeasurementKind as K

    _, second = _result(K.ANGLE, [(10, 10), (20, 20), (20, 20)], ct)
    assert second.values == () and second.messages == ("angle: draw its second side",)
    _, first = _result(K.ANGLE, [(20, 20), (20, 20), (30, 10)], ct)
    assert first.values == () and first.messages == ("angle: its first side has no length",)
    _, right = _result(K.ANGLE, [(10, 20), (20, 20), (20, 10)], ct)
    assert right["angle"] == pytest.approx(90.0)


def test_parallel_lines_give_a_cobb_angle_of_zero_and_say_so(ct):
    from viewer.model.measurements import MeasurementKind as K

    _, result = _result(K.COBB, [(10, 10), (30, 10), (12, 25), (50, 25)], ct)
    assert result["angle"] == 0.0 and result.messages == ("parallel lines: the Cobb angle is 0°",)


def _float_frame(frame, image):
    """``frame`` holding float modality values (a parametric map, a PET's values): what a float image is."""
    from viewer.model.volume import as_modality_values

    header = replace(frame.header, descriptor=as_modality_values(frame.header.descriptor))
    return replace(frame, stored=image.astype(np.float32), header=header)


def test_statistics_leave_out_pixels_that_are_not_numbers(ct):
    from viewer.model.measurements import Measurement, MeasurementKind as K, compute

    _, _, ref, frame = ct
    image = np.full((64, 64), 7.0)
    image[12, 12:17] = np.nan  # 5 pixels inside the region below
    image[30, 30] = np.inf  # outside it
    # A rectangle from (10, 10) to (20, 20) holds the pixel centres 10.5 .. 19.5: 10 x 10 pixels.
    m = Measurement(K.RECTANGLE, [(10, 10), (20, 20)], ref)
    result = compute(m, _float_frame(frame, image))
    assert result.pixel_count == 95
    assert result["mean"] == 7.0 and result["std"] == 0.0 and result["min"] == result["max"] == 7.0
    assert "5 pixels have no value (not a number in the file) and are left out" in result.messages
    assert all(np.isfinite(v.value) for v in result.values)


def test_a_probe_on_a_pixel_that_is_not_a_number_says_so(ct):
    from viewer.model.measurements import Measurement, MeasurementKind as K, compute

    _, _, ref, frame = ct
    image = np.zeros((64, 64))
    image[5, 6] = np.nan
    result = compute(Measurement(K.PROBE, [(6.5, 5.5)], ref), _float_frame(frame, image))
    assert result.values == ()
    assert result.messages == ("the pixel under the probe has no value (not a number in the file)",)


def test_saved_sr_gsps_and_cli_hold_no_nan(ct, tmp_path):
    """A Cobb angle without a value is not written as a number: the SR leaves it out (its NUM items are all
    numbers, dciodvfy-clean), the GSPS text and ``cauri measurements`` say why, the JSON is valid."""
    from test_findings_roundtrip import dciodvfy_errors
    from viewer.core.paths import resolve_paths
    from viewer.model.measurements import AnnotationStore, Measurement, MeasurementKind as K, save_findings
    from viewer.store.cache import StudyCache

    home, study_uid, ref, _ = ct
    length = Measurement(K.LENGTH, [(10.0, 10.0), (10.0, 30.0)], ref, "length")
    cobb = Measurement(K.COBB, [(10, 10), (40, 20), (30, 30), (30, 30)], ref, "cobb")
    notes: list[str] = []
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        AnnotationStore(cache.root).save(study_uid, [length, cobb])
        uids = save_findings(cache, study_uid, [length, cobb], notes=notes)
        paths = [cache.instance_path(uid) for uid in uids]
    assert notes == ["1 measurement has no value and is not in the SR"]
    sr, gsps = (pydicom.dcmread(p) for p in paths)
    assert dciodvfy_errors(paths[0]) == []
    numbers, tracking = [], []

    def walk(items):
        for item in items:
            if item.get("ValueType") == "NUM":
                numbers.extend(float(v.NumericValue) for v in item.MeasuredValueSequence)
            if item.get("ValueType") == "TEXT" and item.ConceptNameCodeSequence[0].CodeValue == "112039":
                tracking.append(item.TextValue)
            walk(item.get("ContentSequence", []))

    walk(sr.ContentSequence)
    assert numbers == [pytest.approx(10.0)] and tracking == ["length"]  # 20 pixels of 0.5 mm; no Cobb
    texts = [t.UnformattedTextValue for a in gsps.GraphicAnnotationSequence for t in a.get("TextObjectSequence", [])]
    assert "cobb: Cobb angle: draw the second line" in texts

    out = subprocess.run([sys.executable, "-m", "viewer", "measurements", "--home", str(home), "--study-uid", study_uid,
                          "--json"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    rows = {r["label"]: r for r in json.loads(out.stdout, parse_constant=refuse)}
    assert rows["cobb"]["values"] == [] and rows["cobb"]["messages"] == ["Cobb angle: draw the second line"]
    assert rows["length"]["values"] == [{"name": "length", "value": pytest.approx(10.0), "unit": "mm"}]
    text = subprocess.run([sys.executable, "-m", "viewer", "measurements", "--home", str(home), "--study-uid",
                           study_uid], capture_output=True, text=True, cwd=ROOT).stdout
    assert "Cobb angle: draw the second line" in text and "nan" not in text.lower()


def test_display_pipeline_shows_nan_as_the_lowest_value_without_a_warning():
    from viewer.dicom.pixels import PixelDescriptor, Window, render_display  # noqa: F401
    from viewer.model.volume import as_modality_values

    desc = as_modality_values(_descriptor())
    values = np.array([[np.nan, 0.0, 50.0], [100.0, np.inf, -np.inf]], np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        plain = render_display(values, desc, Window(50.0, 100.0))
        inverted = render_display(values, desc, Window(50.0, 100.0), invert=True)
    # By hand (PS3.3 C.11.2.1.2, truncated): 50 -> ((50 - 49.5) / 99 + 0.5) * 255 = 128.8 -> 128, inverted
    # 126.2 -> 126; NaN as the lowest value, +inf the highest, -inf the lowest.
    assert plain.tolist() == [[0, 0, 128], [255, 255, 0]]
    assert inverted.tolist() == [[255, 255, 126], [0, 0, 255]]


def _descriptor():
    from viewer.dicom.pixels import describe_frame

    ds = pydicom.Dataset()
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 2, 3, 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.Modality = "PT"
    return describe_frame(ds, 0)


def test_pet_planes_while_the_volume_fills_raise_no_runtime_warning(tmp_path):
    """The PET volume's slices not read yet are zeros (they were np.empty: leftover memory, NaN included),
    and a NaN that a PET does hold shows as air: drawing the three planes under -W error::RuntimeWarning."""
    from test_pet_default_window import write_pet
    from viewer.model.loose_files import open_paths
    from viewer.model.mpr import MprSession
    from viewer.model.studies import PatientContext
    from viewer.model.volume import Volume
    from viewer.presentation.windows import plane_state
    from viewer.render.mpr_view import plane_scene
    from viewer.render.reslice import VolumeResampler

    folder, _ = write_pet(tmp_path / "pet")
    with open_paths([folder]) as loose:
        volume = Volume(loose.display_sets()[0])  # not loaded: one slice read, the others waiting
    waiting = ~volume.filled
    assert waiting.any() and volume.array.dtype == np.float32
    assert (volume.array[waiting] == 0).all()
    volume.array[np.flatnonzero(waiting)[0]] = np.nan
    resampler = VolumeResampler(MprSession(volume))
    state = plane_state("PT", True, None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        for view in ("axial", "coronal", "sagittal"):
            scene = plane_scene(resampler, view, state, PatientContext(), "fr", (256, 256))
            assert scene.image.dtype == np.uint8


def test_cauri_render_of_pet_planes_under_runtime_warnings_as_errors(tmp_path):
    from test_pet_default_window import write_pet

    folder, _ = write_pet(tmp_path / "pet")
    for plane in ("axial", "coronal", "sagittal"):
        out = tmp_path / f"{plane}.png"
        proc = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-m", "viewer", "render", str(folder),
                               "--plane", plane, "--overlays", "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0 and "Warning" not in proc.stderr, proc.stderr


def test_zero_pixel_spacing_is_uncalibrated_not_a_division_by_zero(tmp_path):
    """Pixel Spacing 0\\0 (seen on secondary captures): pixels, never NaN mm, and a finite zoom."""
    from viewer.model.displaysets import FrameRef
    from viewer.model.frames import load_frame
    from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K, compute
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState
    from viewer.render.slice_renderer import SliceRenderer

    info = write_series(tmp_path, slices=1, rows=32, cols=64, spacing=(0.0, 0.0), shuffle=False)
    path = info["files"][0]
    frame = load_frame(FrameRef(path, 0, "x", 1))
    result = compute(Measurement(K.LENGTH, [(0, 0), (30, 40)], ImageRef("a", "b", "x")), frame)
    assert result.values[0].value == 50.0 and result.values[0].unit == "px"
    from viewer.model.displaysets import ImageStack

    stack = ImageStack(uid="s", study_uid="a", series_uid="s", modality="CT", number=1, description="", frames=(frame.ref,))
    scene = build_scene(ViewportState().with_display_set(stack), frame, PatientContext(), "fr", viewport=(640, 480))
    assert "non calibré (px)" in scene.corners["br"] and f"Zoom 1000{NBSP}%" in scene.corners["br"]  # 640 / 64
    renderer = SliceRenderer(640, 480)
    try:
        assert np.isfinite(renderer.render(scene)).all() and renderer.zoom_for_one_to_one(scene) == pytest.approx(0.1)
    finally:
        renderer.close()
