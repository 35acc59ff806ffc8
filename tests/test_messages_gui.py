"""Domain messages reach the reader in the UI's language: the measurement panel's tooltip, the import report's
details, the viewport's reason for an image it cannot show. English windows keep the English words."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QPoint, Qt
from pydicom.dataset import Dataset

from gui_helpers import import_and_open, make_window, screen_point_of
from synthetic import write_series

pytestmark = pytest.mark.gui


def _pet_without_weight(folder):
    """A one-slice PET in Bq/ml with every SUV header but Patient's Weight."""
    info = write_series(folder, slices=1, rows=64, cols=64, shuffle=False,
                        hu_slices=lambda _i: np.full((64, 64), 200, np.int16))
    path = info["files"][0]
    ds = pydicom.dcmread(path)
    ds.Modality = "PT"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.128"
    ds.Units, ds.DecayCorrection, ds.SeriesTime = "BQML", "START", "110000"
    ds.CorrectedImage = ["ATTN", "DECY"]
    del ds.RescaleType
    item = Dataset()
    item.RadionuclideTotalDose, item.RadionuclideHalfLife, item.RadiopharmaceuticalStartTime = 370e6, 6586.2, "100000"
    ds.RadiopharmaceuticalInformationSequence = [item]
    ds.save_as(path, enforce_file_format=True)
    return info


def _rectangle(qtbot, window):
    from viewer.model.measurements import MeasurementKind as K

    vp = window.grid.active
    window.tool_combo.setCurrentIndex(window.tool_combo.findData(K.RECTANGLE))
    a, b = screen_point_of(vp, 10, 10), screen_point_of(vp, 40, 50)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(*a))
    qtbot.mouseMove(vp, QPoint(*b))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(*b))
    qtbot.waitUntil(lambda: window.measure_panel.list.count() == 1, timeout=10000)
    return window.measure_panel.list.item(0)


@pytest.mark.parametrize(
    "language, expected, absent",
    [
        ("fr", ["Calibration\u00a0: PixelSpacing", "SUV non disponible\u00a0: poids du patient (0010,1030) absent"], "not available"),
        ("en", ["Calibration: PixelSpacing", "SUV not available: Patient's Weight (0010,1030) is missing"], "non disponible"),
    ],
)
def test_panel_tooltip_says_why_suv_is_missing_in_the_ui_language(qtbot, tmp_path, language, expected, absent):
    info = _pet_without_weight(tmp_path / "src")
    home = tmp_path / "home"
    import_and_open(qtbot, home, tmp_path / "src", info["study_uid"]).close()
    window = make_window(qtbot, home, language=language)
    window.open_study(info["study_uid"])
    qtbot.waitUntil(lambda: window.grid.all_ready(), timeout=20000)
    window.grid.active.render_sync()
    item = _rectangle(qtbot, window)
    assert "⚠" in item.text() and "Bq/ml" in item.text()
    assert item.toolTip().splitlines() == expected
    assert absent not in item.toolTip()


def _import_report(qtbot, window, paths):
    window.start_import([str(p) for p in paths], open_after=False)
    qtbot.waitUntil(lambda: window.last_import_report is not None and not window.job_running(), timeout=20000)
    qtbot.waitUntil(lambda: getattr(window, "_report_box", None) is not None, timeout=5000)
    return window._report_box.detailedText().splitlines()


@pytest.mark.parametrize(
    "language, junk_reason, gone_reason",
    [("fr", "pas un fichier DICOM", "introuvable"), ("en", "not a DICOM file", "not found")],
)
def test_import_report_details_in_the_ui_language(qtbot, tmp_path, language, junk_reason, gone_reason):
    junk = tmp_path / "compte-rendu.txt"
    junk.write_text("pas une image")
    gone = tmp_path / "absent.dcm"
    window = make_window(qtbot, tmp_path / "home", language=language)
    window.last_import_report = None
    details = _import_report(qtbot, window, [junk, gone])
    assert sorted(details) == sorted([f"{junk}: {junk_reason}", f"{gone}: {gone_reason}"])
    assert window.last_import_report.rejected[0].reason in ("not a DICOM file", "not found")  # the record stays English


@pytest.mark.parametrize("language, expected", [("fr", "Image illisible\u00a0: fichier absent du cache"),
                                                ("en", "Cannot display image: file missing from the cache")])
def test_viewport_says_why_an_image_cannot_be_shown_in_the_ui_language(tmp_path, language, expected):
    from viewer.model.displaysets import FrameRef, ImageStack
    from viewer.model.frames import load_frame
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    ref = FrameRef(tmp_path / "removed.dcm", 0, "1.2.3", 1)
    frame = load_frame(ref)
    assert frame.stored is None and frame.error == "file missing from the cache"
    stack = ImageStack("s", "1", "2", "CT", 1, "", frames=(ref,))
    scene = build_scene(ViewportState().with_display_set(stack), frame, PatientContext(), language)
    assert scene.image is None and scene.message == expected
