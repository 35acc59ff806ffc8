"""The study list selects, and scrolls to, the study the viewports show after an import (a folder dropped
on the window, a CD's DICOMDIR), clearing the filters that hid it and saying so; a refresh or a search
never leaves the highlight on another patient."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from conftest import shared_data
from gui_helpers import make_window, wait_ready
from net.synth import write_study

pytestmark = pytest.mark.gui


def _fill_cache(home, tmp_path, count=30):
    """``count`` newer studies of other patients: the list is longer than the table shows."""
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    for k in range(count):
        write_study(tmp_path / "fill" / f"{k:02d}", slices_per_series=(1,), size=16, patient_id=f"FILL-{k:02d}",
                    patient_name=f"REMPLI^Numéro {k:02d}", study_date=f"2025{k % 12 + 1:02d}15", accession=f"F{k}")
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "fill")])


def _search(qtbot, browser, text, field="all"):
    browser.field.setCurrentIndex(browser.field.findData(field))
    browser.search.setText(text)
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)


def _row_on_screen(browser) -> int:
    """The highlighted row, checked to be within the table's visible area."""
    assert len(browser.table.selectedItems()) == 1
    row = browser.table.selected_row()
    rect = browser.table.row_rect(row)
    assert browser.table.viewport().rect().contains(rect.center()), "the selected row is scrolled out of sight"
    return row


def _assert_list_shows_screen(window):
    browser = window.browser
    shown = {vp.state.display_set.study_uid for vp in window.grid.visible_viewports() if vp.state.display_set}
    assert shown == {window.ws.study.study_uid}
    row = _row_on_screen(browser)
    assert browser.selected_study_uid() == window.ws.study.study_uid
    # What the reader sees on both sides: the patient's name in the row and in the viewport's corner.
    item = browser.table.row_item(row)
    name = (item.parent() or item).text(0)  # a study's row sits under its patient's, which has the name
    assert name and name in window.grid.active.last_scene.corners["tl"]
    return name


def test_a_folder_of_two_patients_dropped_while_the_list_shows_the_other(qtbot, tmp_path):
    home = tmp_path / "home"
    _fill_cache(home, tmp_path)
    write_study(tmp_path / "bulk" / "1-alpha", slices_per_series=(3,), patient_id="P-ALPHA", patient_name="ALPHA^Awa",
                study_date="20190101", accession="A1")
    write_study(tmp_path / "bulk" / "2-beta", slices_per_series=(3,), patient_id="P-BETA", patient_name="BETA^Bio",
                study_date="20190102", accession="B1")
    window = make_window(qtbot, home, language="fr")
    _search(qtbot, window.browser, "BETA")
    assert window.browser.table.rowCount() == 0
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(tmp_path / "bulk"))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, files, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: getattr(window, "last_import_report", None) is not None, timeout=30000)
    wait_ready(qtbot, window)
    assert window.last_import_report.imported == 6
    assert window.ws.study.patient_id == "P-ALPHA"  # the first patient of the folder is the one opened
    assert _assert_list_shows_screen(window) == "ALPHA Awa"
    assert window.browser.search.text() == ""
    assert window.browser.table.rowCount() == 32  # both new patients and the 30 others
    assert window.list_note.text() == "Filtres effacés pour afficher l'examen ouvert\u00a0: texte recherché"


def test_a_cd_dicomdir_import_selects_the_study_on_screen(qtbot, tmp_path):
    dicomdir = shared_data("pypi-pydicom-3.0.2", "test_files", "dicomdirtests", "DICOMDIR")
    window = make_window(qtbot, tmp_path / "home", language="en")
    browser = window.browser
    browser.modality.setCurrentIndex(browser.modality.findData("MR"))
    _search(qtbot, browser, "Peter", field="name")
    window.start_import([str(dicomdir)])
    qtbot.waitUntil(lambda: getattr(window, "last_import_report", None) is not None, timeout=60000)
    wait_ready(qtbot, window, timeout=60000)
    # pydicom's test CD: Doe^Archibald's CR study comes first; the list was on Doe^Peter's MR studies.
    assert window.ws.study.patient_name == "Doe^Archibald" and window.ws.study.modalities == ("CR",)
    assert _assert_list_shows_screen(window) == "Doe Archibald"
    assert browser.modality.currentData() == "" and browser.search.text() == ""
    assert window.list_note.text() == "Filters cleared to show the open study: search text, modality"


def test_a_search_that_hides_the_open_study_highlights_no_other_patient(qtbot, tmp_path):
    from viewer.store.importer import import_paths

    home = tmp_path / "home"
    old = write_study(tmp_path / "old", slices_per_series=(2,), patient_id="P-OLD", patient_name="ANCIEN^Ali", study_date="20200101")
    new = write_study(tmp_path / "new", slices_per_series=(2,), patient_id="P-NEW", patient_name="NOUVEAU^Nafi", study_date="20240101")
    window = make_window(qtbot, home)
    import_paths(window.ws.cache, [str(tmp_path / "old"), str(tmp_path / "new")])
    window.browser.refresh_requested()
    window.open_study(new.study_uid)  # the newest: the first row
    wait_ready(qtbot, window)
    assert window.browser.selected_study_uid() == new.study_uid
    # The reader searches another patient: row 0 now holds ANCIEN, and must not be highlighted.
    _search(qtbot, window.browser, "ANCIEN")
    assert window.browser.table.rowCount() == 1
    assert window.browser.table.selectedItems() == []
    assert window.ws.study.study_uid == new.study_uid  # nothing else was opened
    assert window.grid.active.state.display_set.study_uid == new.study_uid
    # A study arriving in the background (a prior, a push) refreshes the list without opening anything.
    _search(qtbot, window.browser, "")
    later = write_study(tmp_path / "later", slices_per_series=(1,), patient_id="P-LATE", patient_name="TARD^Tolu", study_date="20250101")
    import_paths(window.ws.cache, [str(tmp_path / "later")])
    window.browser.refresh_requested()
    assert window.browser.table.rowCount() == 3
    assert window.browser.selected_study_uid() == new.study_uid and window.ws.study.study_uid == new.study_uid
    assert later.study_uid != old.study_uid


def test_beyond_the_list_limit_the_patients_studies_are_listed(qtbot, tmp_path, monkeypatch):
    from viewer.ui.study_browser import StudyBrowser

    home = tmp_path / "home"
    _fill_cache(home, tmp_path, count=4)
    oldest = write_study(tmp_path / "oldest", slices_per_series=(2,), patient_id="P-OLDEST", patient_name="VIEUX^Vi",
                         study_date="19990101")
    monkeypatch.setattr(StudyBrowser, "LIMIT", 3)
    window = make_window(qtbot, home, language="en")
    from viewer.store.importer import import_paths

    import_paths(window.ws.cache, [str(tmp_path / "oldest")])
    window.browser.refresh_requested()
    assert window.browser.table.rowCount() == 3 and window.browser._row_of(oldest.study_uid) is None
    window.open_study(oldest.study_uid)
    wait_ready(qtbot, window)
    assert _assert_list_shows_screen(window) == "VIEUX Vi"
    assert window.browser.search.text() == "P-OLDEST" and window.browser.field.currentData() == "patient_id"
    assert "the patient's studies are listed" in window.list_note.text()
