"""Cauri's own SR, GSPS and KO series appear in the series strip as what they are: a drawn icon (not a black
"not displayable" tile) and "Mesures", "États de présentation", "Images clés" in French, "Measurements",
"Presentation states", "Key images" in English. Checked in a real window, on the pixels it shows."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import Qt

from gui_helpers import make_window, widget_pixels
from synthetic import write_series
from viewer.dicom.pixels import Window
from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K, save_findings

pytestmark = pytest.mark.gui

CAPTIONS = {
    "fr": {"SR": "Mesures", "PR": "États de présentation", "KO": "Images clés"},
    "en": {"SR": "Measurements", "PR": "Presentation states", "KO": "Key images"},
}


@pytest.fixture
def home_with_findings(tmp_path):
    from viewer.core.paths import resolve_paths
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    home = tmp_path / "home"
    info = write_series(tmp_path / "src", slices=4, rows=64, cols=64)
    with StudyCache(resolve_paths(home).ensure().store) as cache:
        import_paths(cache, [tmp_path / "src"])
        first = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
        ref = ImageRef(info["study_uid"], info["series_uid"], str(first.SOPInstanceUID), 0)
        uids = save_findings(cache, info["study_uid"], [Measurement(K.LENGTH, [(5, 5), (40, 30)], ref)],
                             key_images=[ref], window_by_image={ref: Window(40.0, 400.0)})
        assert len(uids) == 3  # SR, GSPS, KO
    return home, info["study_uid"]


def tile_pixels(browser, item) -> np.ndarray:
    rect = browser.series.visualItemRect(item)
    shown = widget_pixels(browser.series.viewport())
    return shown[rect.top():rect.bottom(), rect.left():rect.right()]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_own_objects_are_named_tiles_with_an_icon(qtbot, home_with_findings, language):
    home, study_uid = home_with_findings
    window = make_window(qtbot, home, language=language)
    window.open_study(study_uid)
    browser = window.browser
    items = [browser.series.item(i) for i in range(browser.series.count())]
    by_modality = {item.text().split()[0]: item for item in items}
    assert set(by_modality) == {"CT", "SR", "PR", "KO"}
    for modality, caption in CAPTIONS[language].items():
        item = by_modality[modality]
        lines = item.text().split("\n")
        assert lines[1] == caption, item.text()
        assert "affichable" not in item.text() and "displayable" not in item.text()
        tile = tile_pixels(browser, item)
        # The icon is drawn, not a black placeholder: the slate tile and its light or yellow glyph.
        assert (tile.max(axis=2) > 180).sum() > 150, modality
        slate = np.all(np.abs(tile.astype(int) - [52, 70, 92]) <= 6, axis=2)
        assert slate.sum() > 1500, modality
    # The images' own tile still says how many images it holds.
    ct = by_modality["CT"].text()
    assert ct.split("\n")[1].startswith("4 image") and "Mesures" not in ct and "Measurements" not in ct


def test_double_click_on_key_images_says_where_they_are(qtbot, home_with_findings):
    home, study_uid = home_with_findings
    window = make_window(qtbot, home, language="fr")
    window.open_study(study_uid)
    browser = window.browser
    item = next(browser.series.item(i) for i in range(browser.series.count())
                if browser.series.item(i).text().startswith("KO"))
    browser.series.scrollToItem(item)
    rect = browser.series.visualItemRect(item)
    qtbot.mouseClick(browser.series.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # as a hand does
    qtbot.mouseDClick(browser.series.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: "images clés" in window.status_label.text().lower(), timeout=5000)
    assert getattr(window, "_document_dialog", None) is None  # no "cannot be displayed" box either
