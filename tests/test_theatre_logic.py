"""Theatre mode without a window (issue 15): the read-only rule in the workstation and the measurement set,
the sizes, the patient-side words, the touch gestures, the content-first list, the planning views and the
hanging-protocol hook. No Qt here."""

from __future__ import annotations

import math

import pytest
from theatre_fixtures import (
    KEY_SLICE,
    MEASURED_SLICE,
    REPORT_TEXT,
    dicomdir_media,
    theatre_study,
)


@pytest.fixture
def ws(tmp_path):
    from viewer.workstation.service import Workstation

    home, info = theatre_study(tmp_path)
    w = Workstation.open(home, language="fr")
    w.open_study(info["study_uid"])
    yield w, info
    w.close()


# ---------------------------------------------------------------------- sizes, by hand
def test_fifteen_millimetres_in_pixels():
    from viewer.workstation.theatre import control_px

    assert control_px(96.0) == math.ceil(15 / 25.4 * 96)  # 57
    assert control_px(0.0) == math.ceil(15 / 25.4 * 91.79)  # a screen that reports nothing: a 24" 1080p
    assert control_px(185.0) == 110  # a 12" 1080p laptop panel: 15 mm is 110 px there


def test_text_at_least_24_px_at_1080p_and_scaled_with_the_screen():
    from viewer.workstation.theatre import text_px, text_scale

    assert text_px(text_scale(1080, 1.0, 96)) >= 24
    assert text_scale(2160, 1.0, 96) == 2.0  # a 4K wall screen
    assert text_scale(2160, 2.0, 96) == 2.0  # a high-density laptop, scaled by 2
    assert text_scale(1080, 1.0, 144) == 1.5  # 150 % text scaling
    assert text_px(text_scale(2160, 1.0, 96)) >= 48


def test_side_words_only_from_orientation_letters():
    from viewer.workstation.theatre import patient_sides

    assert {k: str(v) for k, v in patient_sides({"left": "R", "right": "L", "top": "A", "bottom": "P"}).items()} \
        == {"left": "RIGHT", "right": "LEFT"}
    assert {k: str(v) for k, v in patient_sides({"left": "LA", "right": "RP"}).items()} == {"left": "LEFT", "right": "RIGHT"}
    assert patient_sides({"left": "A", "right": "P"}) == {}  # sagittal: no side word
    assert patient_sides({"left": "AR", "right": "PL"}) == {}  # mostly front/back: no side word
    assert patient_sides({}) == {}  # no orientation: never a guess


def test_side_words_in_french():
    from viewer.core.messages import in_language
    from viewer.workstation.theatre import SIDE_WORDS

    assert in_language(SIDE_WORDS["R"], "fr") == "DROITE" and in_language(SIDE_WORDS["L"], "fr") == "GAUCHE"


# ---------------------------------------------------------------------- read-only, at the service and below
def test_theatre_locks_the_findings_and_the_tool(ws):
    from viewer.model import measurements as M

    w, info = ws
    mset = w.findings.mset
    w.enter_theatre()
    assert w.theatre.active and mset.locked
    w.set_tool(M.MeasurementKind.LENGTH)
    assert w.tool is None
    ref = M.ImageRef(info["study_uid"], "s", "i")
    m = M.Measurement(M.MeasurementKind.LENGTH, ((0, 0), (1, 1)), ref)
    for attempt in (lambda: mset.add(m), lambda: mset.toggle_key_image(ref), mset.undo, mset.redo, mset.begin_edit):
        with pytest.raises(M.ReadOnlyError):
            attempt()
    # The measuring tools cannot grab a measurement's handle either.
    assert w.measuring.grab(mset, [], (0.0, 0.0), 5.0) is None
    w.leave_theatre()
    assert not mset.locked
    mset.add(m)
    assert len(mset) == 1


def test_a_study_opened_in_theatre_mode_is_locked_as_it_opens(ws):
    w, info = ws
    w.enter_theatre()
    w.open_study(info["study_uid"])
    assert w.findings.mset.locked and w.theatre.active


def test_protocol_option_enters_theatre_with_its_drag_mode(ws):
    w, _ = ws
    seen = []
    w.theatre.changed.connect(seen.append)
    w.theatre.apply_protocol({"layout": "1x1"})
    assert not w.theatre.active
    w.theatre.apply_protocol({"theatre": True, "theatre_drag": "window"})
    assert w.theatre.active and w.theatre.drag == "window" and seen == [True]
    with pytest.raises(ValueError):
        w.theatre.set_drag("zoom")


# ---------------------------------------------------------------------- content first
def test_content_lists_key_image_measurement_report_then_series(ws):
    from viewer.core.messages import in_language
    from viewer.workstation import theatre_content as C

    w, info = ws
    items = C.study_content(w, "fr", w.loader)
    assert [i.kind for i in items] == [C.KEY, C.MEASUREMENT, C.REPORT, C.SERIES]
    key, measurement, report, series = items
    assert (key.display_set, key.index) == (info["stack_uid"], KEY_SLICE)
    assert (measurement.display_set, measurement.index) == (info["stack_uid"], MEASURED_SLICE)
    assert "40,0 mm" in in_language(measurement.title, "fr")  # 50 px at 0.8 mm, decimal comma
    assert in_language(key.detail, "fr") == f"série 3, image {KEY_SLICE + 1} sur 12"
    title, text = C.report_text(w.cache, report.series_uid)
    assert REPORT_TEXT in text
    assert in_language(series.detail, "fr") == "CT, 12 images"
    banner = C.patient_banner(w.study, "fr")
    assert (banner.name, banner.patient_id, banner.birth_date, banner.study_date) == \
        ("SYNTHÉTIQUE Koffi", "SYN-001", "14/02/1980", "20/11/2026")


def test_one_tap_shows_the_image(ws):
    from viewer.workstation.theatre import show_image

    w, info = ws
    assert show_image(w, info["stack_uid"], KEY_SLICE)
    assert w.views.active.state.index == KEY_SLICE
    assert not show_image(w, "no-such-series", 0)


def test_offline_study_from_a_dicomdir(tmp_path):
    """A CD brought by the patient, no network: imported from its DICOMDIR and shown in theatre mode."""
    from viewer.workstation import theatre_content as C
    from viewer.workstation.service import Workstation

    media, info = dicomdir_media(tmp_path)
    w = Workstation.open(tmp_path / "home", language="fr")
    try:
        assert w.start_import([str(media / "DICOMDIR")])
        assert w.wait_idle(60)
        assert w.study is not None and w.study.study_uid == info["study_uid"]
        w.enter_theatre()
        items = C.study_content(w, "fr", w.loader)
        assert [i.kind for i in items] == [C.SERIES] and items[0].index == 4
    finally:
        w.close()


# ---------------------------------------------------------------------- planning views
def test_planning_views_mip_and_bone(ws):
    w, _ = ws
    w.enter_theatre()
    assert w.theatre.plan("mip") is None
    assert w.volumes.mpr_active and (w.volumes.slab_mm, w.volumes.slab_mode) == (20.0, "mip")
    assert w.theatre.planning_view() == "mip"
    assert w.theatre.plan("mpr") is None and w.volumes.slab_mm == 0.0 and w.theatre.planning_view() == "mpr"
    assert w.theatre.plan("bone3d") is None
    [slot] = w.volumes.volume_slots()
    assert slot.vr_state.preset == "ct-bone" and not w.volumes.mpr_active
    assert w.theatre.plan("images") is None and w.theatre.planning_view() == "images"
    assert w.views.active.state.display_set is not None
    w.wait_idle(60)


# ---------------------------------------------------------------------- touch gestures
def _view(state=None, mode="stack"):
    from viewer.dicom.pixels import Window
    from viewer.model.displaysets import FrameRef, ImageStack
    from viewer.model.viewport import ViewportState
    from viewer.model.volume_view import VolumeViewState
    from viewer.tools.events import ViewOnScreen

    frames = tuple(FrameRef("f", 0, f"1.2.{i}", i + 1) for i in range(40))
    state = state or ViewportState(display_set=ImageStack("s", "st", "se", "CT", 1, "", frames=frames), index=10)
    return ViewOnScreen(mode, state, VolumeViewState(), Window(40, 400), (800, 600), 0.5)


def test_one_finger_scrolls_one_image_per_16_px():
    from viewer.tools.touch import Finger, TouchGestures

    g = TouchGestures()
    v = _view()
    g.begin(v, [Finger(0, 100, 100)], 0.0)
    assert g.update(v, [Finger(0, 100, 110)], 0.05).change is None  # within the glove's wobble
    r = g.update(v, [Finger(0, 100, 164)], 0.1)
    assert r.change.state.index == 10 + 4
    r = g.update(v, [Finger(0, 100, 36)], 0.2)
    assert r.change.state.index == 10 - 4
    assert g.end(v, [], 0.3).change is None


def test_pinch_and_pan_from_finger_positions():
    from viewer.tools.touch import Finger, TouchGestures

    g = TouchGestures()
    v = _view()
    g.begin(v, [Finger(0, 300, 300), Finger(1, 400, 300)], 0.0)
    r = g.update(v, [Finger(0, 250, 300), Finger(1, 450, 300)], 0.1)
    assert r.change.state.zoom == pytest.approx(2.0) and r.change.state.pan == (0.0, 0.0)
    r = g.update(v, [Finger(0, 250, 340), Finger(1, 450, 340)], 0.2)
    # The centre moved 40 px down at zoom 2: 40 * 0.5 mm / 2 = 10 mm, the image follows (pan goes up).
    assert r.change.state.pan == pytest.approx((0.0, -10.0))


def test_double_tap_fits_and_long_press_probes():
    from viewer.tools.touch import Finger, TouchGestures

    g = TouchGestures()
    v = _view()
    g.begin(v, [Finger(0, 100, 100)], 0.0)
    assert g.end(v, [], 0.1).change is None
    g.begin(v, [Finger(0, 110, 105)], 0.3)
    assert g.end(v, [], 0.35).change.command == "fit"
    g.begin(v, [Finger(0, 200, 200)], 1.0)
    assert g.hold(v, 1.3).probe is None
    assert g.hold(v, 1.7).probe == (200, 200)
    assert g.update(v, [Finger(0, 260, 200)], 1.8).probe == (260, 200)  # the value follows the finger
    g.end(v, [], 2.0)
    assert g.begin(v, [Finger(0, 5, 5)], 3.0).probe_end  # the next touch takes the value away


def test_window_mode_windows_with_one_finger():
    from viewer.tools.touch import Finger, TouchGestures

    g = TouchGestures("window")
    v = _view()
    g.begin(v, [Finger(0, 100, 100)], 0.0)
    r = g.update(v, [Finger(0, 200, 100)], 0.1)
    assert r.change.state.index == 10 and r.change.state.window.width > 400


def test_theatre_keymap_draws_nothing():
    from viewer.tools.keymap import Keymap
    from viewer.tools.touch import theatre_keymap

    km = theatre_keymap(Keymap.default())
    assert km.measure_button("stack") == "" and km.measure_button("plane") == ""
    assert km.key_action("stack", "PgDown", ()) == "forward_10" and km.wheel_action("stack", ()) == "scroll"
