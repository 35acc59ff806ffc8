"""Hanging protocols and priors in the real window: a CT chest opens laid out by its protocol with its prior
beside it (each viewport's grey level says which series of which study it shows, computed by hand from the
stored values and the preset windows), Page Down / Page Up move through the stages, the prior is marked by an
amber edge and the current study by a blue one, a prior of another patient never joins, and the layout
saved as a protocol is a file the next opening uses."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gui_helpers import make_window, wait_ready, widget_pixels
from hanging_studies import thorax_with_prior

pytestmark = pytest.mark.gui


def grey(value: float, centre: float, width: float) -> float:
    """DICOM PS3.3 C.11.2.1.2.1 linear VOI, to 0..255 (hand formula, not Cauri's code)."""
    x = (value - (centre - 0.5)) / (width - 1) + 0.5
    return 255.0 * min(1.0, max(0.0, x))


def centre_grey(vp) -> float:
    px = widget_pixels(vp)
    h, w = px.shape[:2]
    return float(px[h // 2 - 3: h // 2 + 3, w // 2 - 3: w // 2 + 3].mean())


@pytest.fixture
def chest(qtbot, tmp_path):
    home = tmp_path / "home"
    current, prior, stranger = thorax_with_prior(tmp_path, home)
    window = make_window(qtbot, home, language="fr", layout=(1, 1), protocols=True)
    window.resize(1600, 1000)
    window.open_study(current.study_uid)
    wait_ready(qtbot, window)
    return window, current, prior, stranger


def test_ct_chest_opens_with_its_protocol_and_its_prior_beside(chest, qtbot):
    window, current, prior, _ = chest
    grid = window.grid
    assert (grid.rows, grid.cols) == (2, 2)  # two monitors of 1x2 folded onto one screen: one under the other
    vps = grid.visible_viewports()
    shown = [(vp.state.display_set.study_uid, vp.state.display_set.series_uid) for vp in vps]
    assert shown == [(current.study_uid, current.series["MEDIASTIN 3mm"]), (current.study_uid, current.series["POUMON 1mm"]),
                     (prior.study_uid, prior.series["Médiastin"]), (prior.study_uid, prior.series["Parenchyme pulmonaire"])]
    # Stored values 40 / 41 (current), 300 / 301 (prior), in the mediastinum (350/50) and lung (1500/-600) presets.
    expected = [grey(40, 50, 350), grey(41, -600, 1500), grey(300, 50, 350), grey(301, -600, 1500)]
    for vp, want in zip(vps, expected):
        assert centre_grey(vp) == pytest.approx(want, abs=2.0)
    # The current study is the list's and the findings': the prior joined it, it did not replace it.
    assert window.ws.study.study_uid == current.study_uid


def _edge_colour(vp):
    """The colour of the comparison edge: a few pixels in from the left border, half-way down."""
    px = widget_pixels(vp)
    return tuple(int(c) for c in px[px.shape[0] // 3, 5])


def test_prior_has_an_amber_edge_and_the_current_a_blue_one(chest):
    window, *_ = chest
    vps = window.grid.visible_viewports()
    r, g, b = _edge_colour(vps[1])  # current, not the active one (whose yellow frame is outside the edge)
    assert b > 150 and r < 60  # blue (0, 114, 178)
    for vp in vps[2:]:
        r, g, b = _edge_colour(vp)
        assert r > 230 and 110 < g < 170 and b < 40  # amber (255, 140, 0)


def test_page_down_and_up_cycle_the_stages(chest, qtbot):
    window, current, *_ = chest
    vp = window.grid.active
    qtbot.keyClick(vp, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: window.ws.reading.applied.index == 1)
    assert window.ws.volumes.mpr_active  # stage 2: the mediastinum series in MPR
    assert window.ws.volumes.session.volume.stack.series_uid == current.series["MEDIASTIN 3mm"]
    assert (window.grid.rows, window.grid.cols) == (1, 3)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: window.ws.reading.applied.index == 2)
    assert window.ws.volumes.session.volume.stack.series_uid == current.series["POUMON 1mm"]
    qtbot.keyClick(window.grid.active, Qt.Key.Key_PageDown)  # past the last stage: back to the first
    qtbot.waitUntil(lambda: window.ws.reading.applied.index == 0)
    assert not window.ws.volumes.mpr_active and (window.grid.rows, window.grid.cols) == (2, 2)
    qtbot.keyClick(window.grid.active, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: window.ws.reading.applied.index == 2)


def test_priors_panel_lists_only_this_patient_and_one_click_puts_a_prior_beside(qtbot, tmp_path):
    home = tmp_path / "home"
    current, prior, stranger = thorax_with_prior(tmp_path, home)
    window = make_window(qtbot, home, language="fr", layout=(1, 1), protocols=False)
    window.open_study(current.study_uid)
    wait_ready(qtbot, window)
    panel = window.reading.panel
    assert panel.list.count() == 1  # the other hospital's patient with the same ID is not a prior
    assert panel.row_of(prior.study_uid) == 0 and panel.row_of(stranger.study_uid) == -1
    item = panel.list.item(0)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    wait_ready(qtbot, window)
    vps = window.grid.visible_viewports()
    assert (window.grid.rows, window.grid.cols) == (1, 2)
    assert [vp.slot.study_uid() for vp in vps] == [current.study_uid, prior.study_uid]
    assert window.ws.study.study_uid == current.study_uid
    # The stranger may not join through the priors path either.
    assert window.ws.reading.show_prior(stranger.study_uid) is not None
    assert [vp.slot.study_uid() for vp in window.grid.visible_viewports()] == [current.study_uid, prior.study_uid]


def test_saved_layout_is_a_user_protocol_used_at_the_next_opening(chest, qtbot, tmp_path):
    window, current, prior, _ = chest
    ws = window.ws
    window.set_layout(1, 2)  # the reader's own: mediastinum current | lung current
    slot = ws.views.visible()[1]
    slot.apply(slot.state.flipped(True))
    protocol = ws.reading.layout_as_protocol("mine", {"fr": "Le mien"})
    from viewer.model.hanging.library import save_user_protocol

    path = save_user_protocol(ws.paths.config, protocol)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["id"] == "mine" and saved["stages"][0]["monitors"][0]["rows"] == 1
    assert saved["stages"][0]["monitors"][0]["viewports"][1]["flip_h"] is True
    ws.reading.reload()
    window.open_study(current.study_uid)
    wait_ready(qtbot, window)
    assert ws.reading.applied.protocol.id == "mine"  # the reader's protocol outranks Cauri's of equal score
    assert (window.grid.rows, window.grid.cols) == (1, 2)
    assert ws.views.visible()[1].state.flip_h


def test_save_the_layout_as_a_protocol_through_the_menu_and_the_rules_editor(chest, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialogButtonBox

    window, current, prior, _ = chest
    seen = {}

    def fill():
        dialog = window.reading.dialog
        seen["title"] = dialog.windowTitle()
        seen["modality"] = dialog.modality.text()
        dialog.name.setText("Thorax à moi")
        qtbot.keyClicks(dialog.study_description, ", scanner thoracique")
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    QTimer.singleShot(300, fill)
    window.act_save_protocol.trigger()  # Protocole > Enregistrer la disposition comme protocole…
    assert seen == {"title": "Protocole d'affichage", "modality": "CT"}
    path = window.ws.paths.config / "hanging_protocols" / "user-tdm-thoracique.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["name"]["fr"] == "Thorax à moi"
    assert data["match"]["study_description"] == ["tdm thoracique", "scanner thoracique"]
    (monitor,) = data["stages"][0]["monitors"]
    assert (monitor["rows"], monitor["cols"]) == (2, 2)
    assert [(v["study"], v["series"]["description"], v.get("preset")) for v in monitor["viewports"]] == [
        ("current", ["MEDIASTIN 3mm"], "ct.mediastinum"), ("current", ["POUMON 1mm"], "ct.lung"),
        ("prior:1", ["Médiastin"], "ct.mediastinum"), ("prior:1", ["Parenchyme pulmonaire"], "ct.lung")]
    assert monitor["viewports"][0]["link"] == {"scroll": "thorax", "zoom": "thorax"}  # kept from the stage
    assert window.status_label.text() == "Protocole enregistré\u00a0: user-tdm-thoracique.json"


def _mark_side(vp) -> str:
    """Where the 4-pixel mark written at the stored image's top left shows: "left" or "right" (grey on
    screen at the top-left and top-right pixels' places of an unflipped, fitted image)."""
    from gui_helpers import screen_point_of

    px = widget_pixels(vp)[:, :, 0]
    n = vp.last_scene.image.shape[1]
    left, right = (px[y, x] for x, y in (screen_point_of(vp, 1.5, 1.5), screen_point_of(vp, 1.5, n - 2.5)))
    assert abs(int(left) - int(right)) > 100, (left, right)
    return "left" if left > right else "right"


def test_mammography_right_views_are_mirrored_on_screen(qtbot, tmp_path):
    from hanging_studies import import_into, write_study

    home = tmp_path / "home"
    mg = write_study(tmp_path / "mg", [("L MLO", 1, 500), ("R CC", 1, 501), ("R MLO", 1, 502), ("L CC", 1, 503)],
                     modality="MG", description="MAMMOGRAPHIE BILATERALE", size=64)
    import_into(home, tmp_path / "mg")
    window = make_window(qtbot, home, language="fr", protocols=True)
    window.open_study(mg.study_uid)
    wait_ready(qtbot, window)
    vps = window.grid.visible_viewports()
    assert [vp.state.display_set.series_uid for vp in vps] == [mg.series[k] for k in ("R CC", "L CC", "R MLO", "L MLO")]
    # The mark is at the stored image's top left: on the right of the flipped right views, left otherwise.
    assert [_mark_side(vp) for vp in vps] == ["right", "left", "right", "left"]


def test_four_views_filed_in_one_series_are_hung_by_their_headers(qtbot, tmp_path):
    """A unit that files the whole screening in one series described "MAMMO BILAT": each image's Image
    Laterality and View Position (one by the View Code Sequence only) say its view; the protocol hangs
    R CC | L CC over R MLO | L MLO, right views mirrored."""
    from pydicom.dataset import Dataset
    from pydicom.uid import generate_uid

    from dicom_writer import write_image
    from hanging_studies import MG_STORAGE, import_into

    home, folder = tmp_path / "home", tmp_path / "mg"
    folder.mkdir()
    study, series = generate_uid(), generate_uid()
    written = {}
    # Filed out of order, as a unit may: L MLO first.
    for n, (side, view, value) in enumerate([("L", "MLO", 500), ("R", "CC", 501), ("R", "MLO", 502), ("L", "CC", 503)]):
        pixels = np.full((64, 64), value, np.int16)
        pixels[:4, :4] = value + 2000  # top-left mark
        extra = {"ViewPosition": view} if view == "CC" else {}
        sop = write_image(folder / f"{n}.dcm", pixels, sop_class=MG_STORAGE, StudyInstanceUID=study, SeriesInstanceUID=series,
                          PatientName="AHOUANDJINOU^Rose", PatientID="MG-1", PatientBirthDate="19700101", PatientSex="F",
                          StudyDate="20260301", StudyTime="090000", StudyDescription="MAMMOGRAPHIE BILATERALE", StudyID="1",
                          Modality="MG", SeriesNumber=1, SeriesDescription="MAMMO BILAT", InstanceNumber=n + 1,
                          ImageLaterality=side, PixelSpacing=[0.1, 0.1], **extra)
        if view == "MLO":  # this one says its view by code only (CID 4014)
            import pydicom

            ds = pydicom.dcmread(folder / f"{n}.dcm")
            code = Dataset()
            code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "R-10226", "SRT", "medio-lateral oblique"
            ds.ViewCodeSequence = [code]
            ds.save_as(folder / f"{n}.dcm")
        written[f"{side} {view}"] = sop
    import_into(home, folder)
    window = make_window(qtbot, home, language="fr", protocols=True)
    window.open_study(study)
    wait_ready(qtbot, window)
    assert window.ws.reading.applied.protocol.id == "mammography"
    vps = window.grid.visible_viewports()
    assert [vp.state.display_set.frames[0].sop_uid for vp in vps] == \
        [written[v] for v in ("R CC", "L CC", "R MLO", "L MLO")]
    assert [_mark_side(vp) for vp in vps] == ["right", "left", "right", "left"]
    assert "(R CC)" in window.grid.visible_viewports()[0].state.display_set.description


def test_ultrasound_loop_plays_on_arrival(qtbot, tmp_path):
    from hanging_studies import import_into, write_study

    home = tmp_path / "home"
    us = write_study(tmp_path / "us", [("ECHO FOIE", 12, 60)], modality="US", description="ÉCHOGRAPHIE ABDOMINALE")
    import_into(home, tmp_path / "us")
    window = make_window(qtbot, home, language="fr", protocols=True)
    window.open_study(us.study_uid)
    wait_ready(qtbot, window)
    assert window.ws.reading.applied.protocol.id == "us-cine"
    vp = window.grid.active
    assert vp.cine.isActive()
    start = vp.state.index
    qtbot.waitUntil(lambda: vp.state.index != start, timeout=5000)


def test_an_archive_prior_joins_with_its_first_images_and_keeps_the_readers_place(qtbot, tmp_path):
    """A prior being retrieved goes beside the open study as soon as its first images are cached, not when the
    retrieve ends; the images that follow join the same viewport, which stays on the image the reader scrolled
    to. The retrieve queue's progress reaches the workstation as QueueItem snapshots (what its notifier thread
    delivers): here they are given in order, with the cache filled between them as the retrieve would."""
    import shutil

    from hanging_studies import import_into, write_study
    from viewer.model.hanging.plan import Prior
    from viewer.net.queue import QueueItem

    home = tmp_path / "home"
    current = write_study(tmp_path / "cur", [("MEDIASTIN", 4, 40)], patient_id="ARR-14", study_date="20260301")
    prior = write_study(tmp_path / "pri", [("MEDIASTIN", 6, 300)], patient_id="ARR-14", study_date="20240301")
    files = sorted((tmp_path / "pri").glob("*.dcm"))
    first, rest = tmp_path / "first", tmp_path / "rest"
    for folder, part in ((first, files[:2]), (rest, files[2:])):
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
    import_into(home, tmp_path / "cur")
    window = make_window(qtbot, home, layout=(1, 1), protocols=False)
    window.open_study(current.study_uid)
    wait_ready(qtbot, window)
    ws = window.ws
    # What the archive's answer and the reader's click leave: the prior listed on the archive, asked for.
    ws.reading.priors = [Prior(prior.study_uid, "20240301", "100000", ("CT",), "TDM THORACIQUE", where="pacs",
                               instance_count=6)]
    ws.reading._wanted[prior.study_uid] = None

    import_into(home, first)  # the first two images are in the cache
    ws._queue_changed(QueueItem(prior.study_uid, "pacs", state="running", done=2, total=6))
    qtbot.waitUntil(lambda: prior.study_uid in [vp.slot.study_uid() for vp in window.grid.visible_viewports()])
    wait_ready(qtbot, window)
    vp = next(v for v in window.grid.visible_viewports() if v.slot.study_uid() == prior.study_uid)
    assert ws.study.study_uid == current.study_uid and vp.state.count == 2  # beside, with what has come
    vp.apply(vp.state.at(1))
    seen = vp.state.display_set.frames[1].sop_uid

    import_into(home, rest)  # the retrieve ends
    ws._queue_changed(QueueItem(prior.study_uid, "pacs", state="done", done=6, total=6))
    wait_ready(qtbot, window)
    assert vp.slot.study_uid() == prior.study_uid and vp.state.count == 6
    assert vp.state.display_set.frames[vp.state.index].sop_uid == seen  # still on the image the reader chose
    assert ws.study.study_uid == current.study_uid
