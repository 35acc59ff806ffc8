"""Notes on what a presentation state or an SR read back does not apply or show (viewer.dicom.findings):
English word for word as `cauri measurements` prints them, French from the catalogue."""

from __future__ import annotations

import pydicom
from pydicom.dataset import Dataset

from synthetic import write_series
from test_findings_gsps_voi_bitmap import build_gsps
from test_gsps_spatial import area_item
from viewer.core.messages import in_language


def test_presentation_state_notes_in_english_and_french(tmp_path):
    from viewer.dicom.findings.gsps_read import read_presentation_state

    info = write_series(tmp_path / "src", slices=1, rows=32, cols=32, shuffle=False)
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    ps_ds = build_gsps(img, lut=False, bitmap=False)
    ps_ds.ShutterShape = "BITMAP"  # and no overlay plane to take its bits from
    ps_ds.DisplayedAreaSelectionSequence = [area_item((5, 5), (5, 9)), area_item((1, 1), (8, 8), "STRETCH")]
    curve = Dataset()
    curve.GraphicAnnotationUnits, curve.GraphicDimensions, curve.GraphicType = "PIXEL", 2, "CURVE"
    curve.NumberOfGraphicPoints, curve.GraphicData, curve.GraphicFilled = 2, [1.0, 1.0, 9.0, 9.0], "N"
    layer = Dataset()
    layer.GraphicLayer, layer.GraphicObjectSequence = "L", [curve]
    ps_ds.GraphicAnnotationSequence = [layer]
    _, notes = read_presentation_state(ps_ds)
    assert notes == [
        "an empty displayed area is not applied",
        "presentation size mode STRETCH unknown: scaled to fit",
        "graphic type CURVE not shown",
        "a bitmap display shutter without its overlay plane is not applied",
    ]
    assert [in_language(n, "fr") for n in notes] == [
        "une zone d'affichage vide n'est pas appliquée",
        "mode de taille de présentation STRETCH inconnu\u00a0: ajusté à la fenêtre",
        "type de graphique CURVE non affiché",
        "un cache d'affichage bitmap sans son plan de superposition n'est pas appliqué",
    ]


def test_displayed_area_notes_in_french():
    from viewer.dicom.findings.displayed_area import read_area

    no_corner = Dataset()
    no_corner.DisplayedAreaTopLeftHandCorner = [1, 1]
    _, note = read_area(no_corner)
    assert note == "a displayed area without its two corners is not applied"
    assert in_language(note, "fr") == "une zone d'affichage sans ses deux coins n'est pas appliquée"
    area, note = read_area(area_item((1, 1), (8, 8), "MAGNIFY", PresentationPixelMagnificationRatio=0))
    assert area.mode == "SCALE TO FIT" and note == "a MAGNIFY displayed area without a valid ratio: scaled to fit"
    assert in_language(note, "fr") == "zone d'affichage MAGNIFY sans facteur valide\u00a0: ajustée à la fenêtre"
