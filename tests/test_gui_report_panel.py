"""The report panel without the network: another system's SR shown in it, a hospital's MRRT template chosen
from the list, a word added to the dictionary from the panel, and the report profile set in Preferences."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gui_helpers import make_window, wait_ready
from report_helpers import cached_study

pytestmark = pytest.mark.gui
DATA = Path(__file__).parent / "data" / "report_templates"


def _foreign_sr(study_header, path: Path) -> None:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.sequence import Sequence
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    def code(v, s, m):
        c = Dataset()
        c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = v, s, m
        return c

    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    for kw in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyDate",
               "StudyTime", "AccessionNumber"):
        setattr(ds, kw, study_header.get(kw, ""))
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.Modality, ds.SeriesInstanceUID, ds.SeriesNumber, ds.InstanceNumber = "SR", generate_uid(), 77, 1
    ds.Manufacturer = "RIS Hôpital"
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = Sequence([code("18748-4", "LN", "Diagnostic imaging report")])
    ds.VerificationFlag, ds.CompletionFlag, ds.ContentDate, ds.ContentTime = "VERIFIED", "COMPLETE", "20261121", "090000"
    txt = Dataset()
    txt.RelationshipType, txt.ValueType, txt.TextValue = "CONTAINS", "TEXT", "Pneumopathie lobaire inférieure droite."
    txt.ConceptNameCodeSequence = Sequence([code("121077", "DCM", "Conclusion")])
    ds.ContentSequence = Sequence([txt])
    ds.save_as(path, enforce_file_format=True)


def test_panel_shows_other_systems_reports_offers_the_hospitals_templates_and_learns_words(qtbot, tmp_path):
    import pydicom

    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    paths, info, _m, _ref = cached_study(tmp_path)
    header = pydicom.dcmread(next((tmp_path / "src").rglob("*.dcm")), stop_before_pixels=True)
    (tmp_path / "foreign").mkdir()
    _foreign_sr(header, tmp_path / "foreign" / "sr.dcm")
    with StudyCache(paths.store) as cache:
        assert not import_paths(cache, [str(tmp_path / "foreign")]).rejected
    (paths.config / "report_templates").mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "radreport_style_ct_chest.html", paths.config / "report_templates" / "chu-ct-chest.html")
    window = make_window(qtbot, tmp_path / "home")
    window.open_study(info["study_uid"])
    wait_ready(qtbot, window)
    panel = window.report.panel
    others = panel.others.toPlainText()
    assert "Pneumopathie lobaire inférieure droite." in others and "RIS Hôpital" in others and "Validé (signé), 21/11/2026 09:00" in others
    # The hospital's MRRT file is in the list; choosing it lays out its sections
    index = panel.template.findData("chu-ct-chest")
    assert index >= 0 and panel.template.itemText(index) == "CT Chest with contrast"
    panel.template.setCurrentIndex(index)
    panel.template.activated.emit(index)
    assert list(panel.edits) == ["Clinical information", "Procedure", "Findings", "Impression"]
    # A word unknown to the list, typed, then added from the panel: no longer underlined, kept for next time
    edit = panel.edits["Clinical information"]
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(edit, "Pneumatocele")

    def flagged():
        return [r for r in edit.document().firstBlock().layout().formats()
                if r.format.underlineStyle() == r.format.UnderlineStyle.SpellCheckUnderline]

    assert len(flagged()) == 1
    qtbot.mouseClick(panel.btn_word, Qt.MouseButton.LeftButton)
    assert flagged() == []
    assert "pneumatocele" in (paths.config / "spell_fr_user.txt").read_text(encoding="utf-8")


def test_report_profile_is_set_in_preferences(qtbot, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from viewer.core.settings import Settings
    from viewer.ui.preferences import PreferencesDialog

    settings = Settings()
    dialog = PreferencesDialog("fr", tmp_path / "home", None, settings)
    qtbot.addWidget(dialog)
    fields = dialog.profile.fields
    qtbot.keyClicks(fields["reader_name"], "KOUASSI^Awa")
    qtbot.keyClicks(fields["reader_credentials"], "Dr, radiologue")
    qtbot.keyClicks(fields["institution_name"], "CNHU-HKM")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert (settings.reader_name, settings.reader_credentials, settings.institution_name) == \
        ("KOUASSI^Awa", "Dr, radiologue", "CNHU-HKM")
