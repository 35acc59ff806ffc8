"""Issue 16: "Graver / Exporter…" from the study list's context menu writes the study to a key, with a
progress dialog whose Cancel leaves nothing at the target. A real window, a real right click and keys."""

from __future__ import annotations

import threading

import pydicom
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton
from pydicom.fileset import FileSet

from gui_helpers import choose_from_row_menu, make_window
from synthetic import write_series

pytestmark = [pytest.mark.gui, pytest.mark.timeout(120)]


def _home_with_study(tmp_path, slices=6, reuse=False):
    """``reuse``: the series written already (a test changed its files before the import)."""
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = None if reuse else write_series(tmp_path / "src", slices=slices, patient_id="GUI-PDI",
                                           patient_name="GRAVURE^Ama")
    home = tmp_path / "home"
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [str(tmp_path / "src")])
    return home, info


def _dialog(window):
    from viewer.ui.media_dialog import MediaDialog

    found = [d for d in window.findChildren(MediaDialog) if d.isVisible()]
    return found[0] if found else None


def _fill_and_accept(qtbot, dialog, target):
    qtbot.keyClicks(dialog.target, str(target))
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.text() == "Exporter"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_context_menu_exports_the_study_to_a_key(qtbot, tmp_path):
    home, _info = _home_with_study(tmp_path)
    window = make_window(qtbot, home, language="fr")
    table = window.browser.table
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    chosen = [a.text() for a in choose_from_row_menu(qtbot, window, "Graver / Exporter…")]
    qtbot.waitUntil(lambda: _dialog(window) is not None)
    assert chosen == ["Graver / Exporter…"]
    target = tmp_path / "CLE"
    _fill_and_accept(qtbot, _dialog(window), target)
    qtbot.waitUntil(lambda: not window.media_export.running() and window.media_export.progress is None, timeout=60000)
    assert window.status_label.text().startswith("Écrit\u00a0:"), window.status_label.text()
    fs = FileSet(target / "DICOMDIR")
    assert len(fs) == 6
    assert {str(pydicom.dcmread(i.path).PatientID) for i in fs} == {"GUI-PDI"}


def test_cancel_in_the_progress_dialog_leaves_nothing(qtbot, tmp_path, monkeypatch):
    import viewer.export.media as media

    home, _info = _home_with_study(tmp_path, slices=8)
    window = make_window(qtbot, home, language="fr")
    qtbot.waitUntil(lambda: window.browser.table.rowCount() == 1)
    window.browser.select_study(window.browser._studies[0].study_uid, notify=False)
    # A slow key: the second image is copied only after the reader pressed Cancel.
    release, copies = threading.Event(), []
    real_copy = media.shutil.copyfile

    def slow_copy(src, dst, *a, **kw):
        copies.append(dst)
        if len(copies) == 2:
            release.wait(30)
        return real_copy(src, dst, *a, **kw)

    monkeypatch.setattr(media.shutil, "copyfile", slow_copy)
    window.act_export_media.trigger()
    qtbot.waitUntil(lambda: _dialog(window) is not None)
    target = tmp_path / "CLE"
    _fill_and_accept(qtbot, _dialog(window), target)
    qtbot.waitUntil(lambda: len(copies) == 2 and window.media_export.progress is not None)
    progress = window.media_export.progress
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Annuler")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not window.media_export.running() and window.media_export.progress is None, timeout=60000)
    assert "annulé" in window.status_label.text()
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "src"]  # no work folder left beside it


def test_the_de_identify_box_writes_a_disc_that_names_no_one(qtbot, tmp_path):
    """« Anonymiser » ticked in the dialog: the same Annex E engine as `cauri export --deidentify`, with the
    profile and the « keep the hospital's name » option chosen there; no byte of the patient's name or ID on
    the disc, the hospital's name kept as asked, the link back kept in this home only."""
    write_series(tmp_path / "src", slices=6, patient_id="GUI-PDI", patient_name="GRAVURE^Ama")
    for path in (tmp_path / "src").rglob("*"):  # the source images say where they were made
        if path.is_file():
            ds = pydicom.dcmread(path)
            ds.InstitutionName = "CNHU-HKM"
            ds.save_as(path)
    home, _info = _home_with_study(tmp_path, reuse=True)
    window = make_window(qtbot, home, language="fr")
    qtbot.waitUntil(lambda: window.browser.table.rowCount() == 1)
    window.browser.select_study(window.browser._studies[0].study_uid, notify=False)
    window.act_export_media.trigger()
    qtbot.waitUntil(lambda: _dialog(window) is not None)
    dialog = _dialog(window)
    assert dialog.deidentify.text().startswith("Anonymiser")
    assert not dialog.profile.isEnabled() and not dialog.keep_institution.isEnabled()  # only with « Anonymiser »
    qtbot.mouseClick(dialog.deidentify, Qt.MouseButton.LeftButton, pos=dialog.deidentify.rect().bottomLeft() + QPoint(8, -6))
    assert dialog.deidentify.isChecked() and dialog.profile.isEnabled()
    assert dialog.profile.currentData() == "basic" and dialog.keep_institution.text() == "Garder le nom de l'hôpital"
    dialog.profile.setCurrentIndex(dialog.profile.findData("research"))
    qtbot.mouseClick(dialog.keep_institution, Qt.MouseButton.LeftButton,
                     pos=dialog.keep_institution.rect().bottomLeft() + QPoint(8, -6))
    assert dialog.keep_institution.isChecked()
    target = tmp_path / "CLE"
    _fill_and_accept(qtbot, dialog, target)
    qtbot.waitUntil(lambda: not window.media_export.running() and window.media_export.progress is None, timeout=60000)
    assert window.status_label.text().startswith("Écrit\u00a0:"), window.status_label.text()
    written = [p for p in target.rglob("*") if p.is_file()]
    for path in written:
        data = path.read_bytes()
        assert b"GRAVURE" not in data and b"GUI-PDI" not in data, path
    fs = FileSet(target / "DICOMDIR")
    assert len(fs) == 6 and {str(pydicom.dcmread(i.path).PatientIdentityRemoved) for i in fs} == {"YES"}
    disc = [pydicom.dcmread(i.path, stop_before_pixels=True) for i in fs]
    assert {d.InstitutionName for d in disc} == {"CNHU-HKM"}
    # CID 7050: the research profile's device identity and UIDs across exports, and the institution option
    assert {"113109", "113112"} <= {c.CodeValue for c in disc[0].DeidentificationMethodCodeSequence}
    assert list(home.rglob("pseudonyms.json"))
