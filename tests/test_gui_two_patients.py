"""Two patients on screen: each viewport shows its patient in a colour band (same patient, same colour),
the window warns, measuring stays on the open study, and linking views asks first."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from gui_helpers import make_window, wait_ready, widget_pixels
from net.synth import write_study

pytestmark = pytest.mark.gui


@pytest.fixture
def three_studies(qtbot, tmp_path):
    """Patient KOFFI with a study and a prior, patient DOSSOU with one; a 1x3 window on KOFFI's study."""
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    studies = {
        "koffi": write_study(tmp_path / "k1", slices_per_series=(3,), size=64, patient_id="CNHU-17", patient_name="KOFFI^Aïcha",
                             study_date="20260301", accession="K1"),
        "koffi_prior": write_study(tmp_path / "k0", slices_per_series=(3,), size=64, patient_id="CNHU-17",
                                   patient_name="KOFFI^Aïcha", study_date="20250301", accession="K0"),
        "dossou": write_study(tmp_path / "d1", slices_per_series=(3,), size=64, patient_id="CNHU-18",
                              patient_name="DOSSOU^Bio", study_date="20260302", accession="D1"),
    }
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / k) for k in ("k1", "k0", "d1")])
    return home, studies


def _open(qtbot, home, studies, language):
    window = make_window(qtbot, home, language=language, layout=(1, 3))
    window.open_study(studies["koffi"].study_uid)
    wait_ready(qtbot, window)
    return window


def _drop_study_row(qtbot, window, vp, study_uid):
    """Drop the list's own drag data for a study row onto a viewport (Qt delivers drops only during a real
    drag session, so the drop event is handed to the viewport)."""
    browser = window.browser
    row = browser._row_of(study_uid)
    mime = browser.table.mime_of(row)
    drop = QDropEvent(QPointF(vp.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    vp.dropEvent(drop)
    wait_ready(qtbot, window)


def band_colour(vp):
    """The colour filling the strip along the top of a viewport (around the name written on it), or None
    when that strip is not mostly one saturated colour."""
    px = widget_pixels(vp).astype(int)
    strip = px[4:14, 4: vp.width() - 4].reshape(-1, 3)
    colours, counts = np.unique(strip, axis=0, return_counts=True)
    top = colours[counts.argmax()]
    if counts.max() < 0.6 * len(strip) or top.max() - top.min() < 60:  # grey image or black: no band
        return None
    return tuple(int(c) for c in top)


def test_a_prior_of_the_same_patient_is_no_warning(qtbot, three_studies):
    home, studies = three_studies
    window = _open(qtbot, home, studies, "fr")
    vps = window.grid.visible_viewports()
    _drop_study_row(qtbot, window, vps[1], studies["koffi_prior"].study_uid)
    assert vps[1].state.display_set.study_uid == studies["koffi_prior"].study_uid
    assert not window.patient_warning.isVisible()
    assert [band_colour(vp) for vp in vps[:2]] == [None, None]
    assert window.confirm_link(vps[:2]) is True  # the same patient links without a question


@pytest.mark.parametrize("language, warning", [("fr", "Patients différents à l'écran"), ("en", "Different patients on screen")])
def test_another_patient_dropped_beside_gets_its_own_band_and_a_warning(qtbot, three_studies, language, warning):
    home, studies = three_studies
    window = _open(qtbot, home, studies, language)
    vps = window.grid.visible_viewports()
    _drop_study_row(qtbot, window, vps[1], studies["koffi_prior"].study_uid)
    _drop_study_row(qtbot, window, vps[2], studies["dossou"].study_uid)
    assert vps[2].state.display_set.study_uid == studies["dossou"].study_uid
    # DOSSOU's corner says DOSSOU: the viewport shows its own patient, not the open study's.
    assert vps[2].last_scene.corners["tl"].startswith("DOSSOU Bio")
    koffi, prior, dossou = (band_colour(vp) for vp in vps)
    assert koffi is not None and dossou is not None
    assert koffi == prior  # the same patient in two studies: one colour
    assert koffi != dossou
    # The band does not cover the corner's first line (the name): its text starts below the band's height.
    for vp in vps:
        vp.render_sync()
        top = vp.renderer.overlay_boxes()["corner_tl"][3]  # frame pixels from the bottom
        assert vp.renderer.frame_size[1] - top >= vp.band_height() * vp.devicePixelRatioF(), "band over the name"
    assert window.patient_warning.isVisible()
    text = window.patient_warning.text()
    assert warning in text and "KOFFI Aïcha" in text and "DOSSOU Bio" in text
    # The study list stays on the open study: the dropped one is shown beside it, not opened.
    assert window.ws.study.study_uid == studies["koffi"].study_uid
    assert window.browser.selected_study_uid() == studies["koffi"].study_uid
    window.grab().save(str(home.parent / f"two-patients-{language}.png"))
    # Opening one study again leaves one patient on screen: no band, no warning.
    window.open_study(studies["dossou"].study_uid)
    wait_ready(qtbot, window)
    assert not window.patient_warning.isVisible()
    assert all(band_colour(vp) is None for vp in window.grid.visible_viewports())


def test_measuring_stays_on_the_open_studys_images(qtbot, three_studies):
    home, studies = three_studies
    window = _open(qtbot, home, studies, "en")
    vps = window.grid.visible_viewports()
    _drop_study_row(qtbot, window, vps[2], studies["dossou"].study_uid)
    window.tool_combo.setCurrentIndex(1)  # distance
    for vp in (vps[2], vps[0]):
        c = vp.rect().center()
        qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=c - QPoint(30, 0))
        qtbot.mouseMove(vp, c + QPoint(30, 0))
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=c + QPoint(30, 0))
    saved = list(window.measure.mset)
    # DOSSOU's image is not KOFFI's study: a line drawn there is not filed in KOFFI's findings.
    assert len(saved) == 1 and saved[0].image.study_uid == studies["koffi"].study_uid
    window.tool_combo.setCurrentIndex(0)
    qtbot.mouseClick(vps[2], Qt.MouseButton.LeftButton, pos=vps[2].rect().center())
    assert window.grid.active is vps[2]
    qtbot.keyClick(vps[2], Qt.Key.Key_K)  # key image: not filed in KOFFI's study either
    assert window.measure.mset.key_images == frozenset()


def test_linking_views_of_two_patients_asks_first(qtbot, three_studies):
    home, studies = three_studies
    window = _open(qtbot, home, studies, "fr")
    vps = window.grid.visible_viewports()
    _drop_study_row(qtbot, window, vps[2], studies["dossou"].study_uid)
    asked = []

    def answer(button):
        def click():
            box = window.patients.last_question
            asked.append((box.text(), box.informativeText()))
            box.button(button).click()
        QTimer.singleShot(50, click)

    answer(QMessageBox.StandardButton.No)
    assert window.confirm_link([vps[0], vps[2]]) is False
    answer(QMessageBox.StandardButton.Yes)
    assert window.confirm_link([vps[0], vps[2]]) is True
    assert asked == [("Ces vues montrent des patients différents.", "Les lier quand même\u00a0?")] * 2


def test_opening_another_patient_never_leaves_the_previous_picture_while_the_new_one_is_read(three_studies, qtbot):
    """open_study returns before the new images are read (they come from the loader's threads): at that moment
    each viewport shows the new patient's band over black, never KOFFI's pixels under DOSSOU's name."""
    home, studies = three_studies
    window = _open(qtbot, home, studies, "fr")
    vps = window.grid.visible_viewports()
    shown = [vp for vp in vps if vp.state.display_set is not None]
    assert shown and all(widget_pixels(vp)[vp.height() // 2].max() > 0 for vp in shown)  # KOFFI's images on screen
    window.ws.loader.forget()  # DOSSOU's frames must be read: nothing of them is decoded yet
    window.open_study(studies["dossou"].study_uid)
    for vp in vps:
        if vp.state.display_set is None:
            continue
        assert vp.state.display_set.study_uid == studies["dossou"].study_uid
        assert not vp.is_ready()  # nothing of DOSSOU drawn yet
        pixels = widget_pixels(vp)  # grab() paints now, as the screen would be painted
        top = vp.band_height() + 4  # inside the band and the active view's 3-pixel frame
        assert pixels[top:-4, 4:-4].max() == 0, "another patient's picture under this patient's band"
    wait_ready(qtbot, window)
    assert all(widget_pixels(vp)[vp.height() // 2].max() > 0 for vp in vps if vp.state.display_set is not None)
