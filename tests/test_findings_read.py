"""Reading findings written by others: highdicom's TID 1500 SRs, a hand-built GSPS (display units,
shutters, rotation/flip, VOI), SR documents of any kind, encapsulated PDF."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from conftest import shared_data
from viewer.dicom.findings.gsps_read import read_presentation_state
from viewer.model.measurements import (
    ImageRef,
    MeasurementKind as K,
    Source,
    read_encapsulated_pdf,
    read_findings,
    read_sr_document,
    to_html,
    to_text,
)
from viewer.presentation.scene import transform_image
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

HD = ("gh-highdicom", "data", "test_files")
CT_SOP = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"
CT_SERIES = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322"
CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"


@pytest.fixture(scope="module")
def highdicom_cache(tmp_path_factory):
    files = [shared_data(*HD, name) for name in ("ct_image.dcm", "sr_document.dcm", "sr_document_with_multiple_groups.dcm")]
    cache = StudyCache(tmp_path_factory.mktemp("hd") / "cache")
    report = import_paths(cache, files)
    assert report.imported == 3, report.rejected
    yield cache
    cache.close()


def test_highdicom_sr_measurements_tied_to_the_ct(highdicom_cache):
    found = read_findings(highdicom_cache, CT_STUDY)
    ref = ImageRef(CT_STUDY, CT_SERIES, CT_SOP, 0)
    by_label = {m.label: m for m in found.measurements}
    assert all(m.source is Source.SR and m.image == ref for m in found.measurements)

    # sr_document.dcm: a planar ROI, CIRCLE centre (58, 52) through (58, 41), area 1.7 cm².
    roi = by_label["Planar ROI Measurements"]
    assert roi.kind is K.ELLIPSE
    assert np.allclose(roi.points, [(47, 52), (69, 52), (58, 41), (58, 63)])
    (area,) = roi.reported
    assert (area.name, area.value, area.unit) == ("area", pytest.approx(1.7), "cm²")

    # sr_document_with_multiple_groups.dcm
    nodule = by_label["LungNodule0001"]
    assert nodule.kind is K.ELLIPSE
    assert [(v.name, v.value, v.unit) for v in nodule.reported] == [("diameter", 10.0, "mm")]
    aorta = by_label["Aorta0001"]
    assert aorta.kind is K.POLYGON and aorta.points == ((25, 45), (45, 45), (45, 65), (25, 65))
    image_value = by_label["Image0001"]
    assert image_value.kind is K.VALUE
    (mean,) = image_value.reported
    assert mean.label == "Intensity Histogram Mean" and mean.unit == "HU"
    assert mean.value == pytest.approx(-119.0738525390625)
    # The volumetric group has 3-D coordinates only: said, not drawn.
    assert "Vertebra0001" not in by_label
    assert any("3-D" in p for p in found.problems)
    assert {d.kind for d in found.documents} == {"SR"} and len(found.documents) == 2


def test_sr_document_view_of_any_sr():
    doc = read_sr_document(shared_data(*HD, "sr_document.dcm"))
    text = to_text(doc)
    assert doc.title == "Imaging Measurement Report"
    assert "Foo" in doc.observers
    assert "Finding: Spinal cord" in text
    assert "Area of defined region: 1.7 cm2" in text
    basic = read_sr_document(shared_data("pypi-pydicom-3.0.2", "test_files", "reportsi.dcm"))
    assert basic.root.children and to_text(basic).count("\n") > 5
    comprehensive = read_sr_document(shared_data("pypi-pydicom-3.0.2", "test_files", "test-SR.dcm"))
    assert to_html(comprehensive).startswith("<h2>")


def test_html_escapes_report_text():
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    ds.ValueType = "CONTAINER"
    ds.ConceptNameCodeSequence = [_code("11528-7", "LN", "Radiology <Report>")]
    item = Dataset()
    item.RelationshipType, item.ValueType = "CONTAINS", "TEXT"
    item.ConceptNameCodeSequence = [_code("121071", "DCM", "Finding")]
    item.TextValue = "<script>alert(1)</script> & co"
    ds.ContentSequence = [item]
    html = to_html(read_sr_document(ds))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html
    assert "Radiology &lt;Report&gt;" in html


def _code(value, scheme, meaning) -> Dataset:
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return c


def foreign_gsps(sop: str, series: str, study: str) -> Dataset:
    """A presentation state as another viewer would write it (no Cauri graphic groups)."""
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.11.1", generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, generate_uid()
    ds.Manufacturer = "Other"
    ds.ContentLabel, ds.ContentDescription = "KEY", "from elsewhere"
    ds.PresentationCreationDate, ds.PresentationCreationTime = "20240102", "030405"
    img = Dataset()
    img.ReferencedSOPClassUID, img.ReferencedSOPInstanceUID = "1.2.840.10008.5.1.4.1.1.2", sop
    series_item = Dataset()
    series_item.SeriesInstanceUID = series
    series_item.ReferencedImageSequence = [img]
    ds.ReferencedSeriesSequence = [series_item]
    area = Dataset()
    area.DisplayedAreaTopLeftHandCorner = [1, 1]
    area.DisplayedAreaBottomRightHandCorner = [128, 128]
    area.PresentationSizeMode = "SCALE TO FIT"
    ds.DisplayedAreaSelectionSequence = [area]

    def graphic(kind, data, units="PIXEL"):
        g = Dataset()
        g.GraphicAnnotationUnits, g.GraphicDimensions, g.GraphicType = units, 2, kind
        g.NumberOfGraphicPoints, g.GraphicData, g.GraphicFilled = len(data) // 2, data, "N"
        return g

    ann = Dataset()
    ann.GraphicLayer = "L1"
    ann.GraphicObjectSequence = [
        graphic("POLYLINE", [10.0, 10.0, 50.0, 10.0]),  # a line: a length
        graphic("POLYLINE", [10.0, 20.0, 40.0, 20.0, 40.0, 60.0, 10.0, 20.0]),  # closed: a polygon
        graphic("CIRCLE", [64.0, 64.0, 64.0, 74.0]),
        graphic("POLYLINE", [0.25, 0.5, 0.75, 0.5], units="DISPLAY"),  # display fractions
        graphic("INTERPOLATED", [1.0, 1.0, 5.0, 9.0, 9.0, 2.0]),  # open curve
    ]
    text = Dataset()
    text.BoundingBoxAnnotationUnits = "PIXEL"
    text.UnformattedTextValue = "lesion <1>"
    text.BoundingBoxTopLeftHandCorner, text.BoundingBoxBottomRightHandCorner = [80.0, 10.0], [120.0, 20.0]
    text.BoundingBoxTextHorizontalJustification = "LEFT"
    ann.TextObjectSequence = [text]
    ds.GraphicAnnotationSequence = [ann]
    voi = Dataset()
    voi.WindowCenter, voi.WindowWidth, voi.WindowCenterWidthExplanation = 50, 350, "ABDOMEN"
    ds.SoftcopyVOILUTSequence = [voi]
    ds.ShutterShape = ["RECTANGULAR", "CIRCULAR"]
    ds.ShutterLeftVerticalEdge, ds.ShutterRightVerticalEdge = 5, 120
    ds.ShutterUpperHorizontalEdge, ds.ShutterLowerHorizontalEdge = 6, 110
    ds.CenterOfCircularShutter, ds.RadiusOfCircularShutter = [64, 64], 60
    ds.ShutterPresentationValue = 65535
    ds.ImageRotation, ds.ImageHorizontalFlip = 90, "Y"
    ds.PresentationLUTShape = "IDENTITY"
    return ds


def test_foreign_gsps_annotations_window_shutter_transform():
    ds = foreign_gsps("1.2.3.4", "1.2.3", "1.2")
    ps, notes = read_presentation_state(ds)
    ref = ImageRef("1.2", "1.2.3", "1.2.3.4", 0)
    assert ps.images == (ImageRef("1.2", "1.2.3", "1.2.3.4", -1),)  # no frame numbers: every frame
    kinds = [(a.kind, a.points) for a in ps.annotations]
    assert kinds[0] == (K.LENGTH, ((10, 10), (50, 10)))
    assert kinds[1] == (K.POLYGON, ((10, 20), (40, 20), (40, 60)))
    assert kinds[2][0] is K.ELLIPSE and np.allclose(kinds[2][1], [(54, 64), (74, 64), (64, 54), (64, 74)])
    # 0.25 and 0.75 across the displayed area as shown, after the quarter turn and the flip (PS3.4 N.2):
    # a horizontal line on screen is a vertical one on the stored 128 x 128 image.
    assert kinds[3] == (K.LENGTH, ((64, 32), (64, 96)))
    assert kinds[4][0] is K.POLYLINE
    text = ps.annotations[5]
    assert text.kind is K.TEXT and text.label == "lesion <1>" and text.points == ((100, 15),)
    assert all(a.source is Source.GSPS and a.image == ref for a in ps.annotations)
    assert len({a.id for a in ps.annotations}) == 6
    w = ps.window_for(ref)
    assert (w.center, w.width, w.explanation) == (50, 350, "ABDOMEN")
    assert ps.shutter.shapes == ("RECTANGULAR", "CIRCULAR")
    assert ps.shutter.rectangle == (5, 120, 6, 110) and ps.shutter.circle == (64, 64, 60)
    assert ps.shutter.presentation_value == 65535
    assert (ps.rotation, ps.flip_horizontal) == (90, True)
    assert notes == []


def test_viewport_transform_matches_dicom_order():
    """DICOM (PS3.3 Table C.10-6): rotate clockwise, then flip horizontally, as Cauri's viewport does."""
    img = np.arange(12).reshape(3, 4)
    from viewer.dicom.findings.records import PresentationState

    for rotation in (0, 90, 180, 270):
        for flip in (False, True):
            dicom = np.rot90(img, k=-(rotation // 90))
            dicom = np.fliplr(dicom) if flip else dicom
            ps = PresentationState("1", "2", "", "", "", (), rotation=rotation, flip_horizontal=flip)
            q, fh, fv = ps.viewport_transform()
            assert np.array_equal(transform_image(img, q, fh, fv), dicom), (rotation, flip)


def test_foreign_gsps_in_the_cache_is_read_with_its_image(tmp_path):
    ct = shared_data(*HD, "ct_image.dcm")
    image = pydicom.dcmread(ct)
    gsps = foreign_gsps(image.SOPInstanceUID, image.SeriesInstanceUID, image.StudyInstanceUID)
    for keyword in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime", "AccessionNumber"):
        setattr(gsps, keyword, image.get(keyword, ""))
    gsps.Modality, gsps.SeriesNumber, gsps.InstanceNumber = "PR", 99, 1
    path = tmp_path / "pr.dcm"
    _save(gsps, path)
    with StudyCache(tmp_path / "cache") as cache:
        import_paths(cache, [ct, path])
        found = read_findings(cache, image.StudyInstanceUID)
    assert len(found.presentation_states) == 1
    assert len(found.measurements) == 6
    assert all(m.image.series_uid == image.SeriesInstanceUID for m in found.measurements)


def _save(ds: Dataset, path) -> None:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    out = FileDataset(str(path), ds, file_meta=meta, preamble=b"\0" * 128)
    out.save_as(path, enforce_file_format=True)


def test_encapsulated_pdf(tmp_path):
    ct = pydicom.dcmread(shared_data(*HD, "ct_image.dcm"), stop_before_pixels=True)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # odd length: DICOM pads it
    assert len(pdf) % 2 == 1
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.104.1", generate_uid()
    for keyword in ("StudyInstanceUID", "PatientName", "PatientID", "StudyDate"):
        setattr(ds, keyword, ct.get(keyword))
    ds.SeriesInstanceUID, ds.Modality, ds.SeriesDescription = generate_uid(), "DOC", "Referral letter"
    ds.MIMETypeOfEncapsulatedDocument = "application/pdf"
    ds.EncapsulatedDocument = pdf
    path = tmp_path / "doc.dcm"
    _save(ds, path)
    assert read_encapsulated_pdf(path) == pdf
    ds.EncapsulatedDocumentLength = len(pdf)
    _save(ds, path)
    assert read_encapsulated_pdf(path) == pdf
    with StudyCache(tmp_path / "cache") as cache:
        import_paths(cache, [path])
        found = read_findings(cache, ct.StudyInstanceUID)
    (doc,) = found.documents
    assert doc.kind == "PDF" and doc.title == "Referral letter"
    assert read_encapsulated_pdf(doc.path) == pdf
