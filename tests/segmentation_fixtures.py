"""A synthetic CT with a DICOM SEG (written by highdicom) and an RT Structure Set (pydicom) made on it, whose
voxels, colours and volumes the tests know by construction."""

from __future__ import annotations

from pathlib import Path

import highdicom as hd
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sr.codedict import codes
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from synthetic import write_series

ROWS = COLS = 64
SLICES = 10
SPACING = (0.8, 0.8)  # mm (row, column)
THICKNESS = 2.5  # mm between slices
ORIGIN = (-25.0, -30.0, 10.0)
# Segment 1: a box, rows 20..35, columns 10..29, slices 3..6 (red); segment 2: a box, rows 40..49,
# columns 40..55, slices 5..8 (green).
BOX1 = (slice(3, 7), slice(20, 36), slice(10, 30))
BOX2 = (slice(5, 9), slice(40, 50), slice(40, 56))
RED, GREEN = (255, 0, 0), (0, 200, 0)
# RT: a 12 x 12 mm square (ROI "GTV", blue) on slices 2..5 centred at pixel (row 30, col 30).
RT_SLICES = (2, 3, 4, 5)
RT_HALF_MM = 6.0
RT_CENTRE = (30, 30)  # (row, col)
BLUE = (0, 0, 255)


def write_ct(folder: Path) -> dict:
    return write_series(folder, slices=SLICES, rows=ROWS, cols=COLS, spacing=SPACING, thickness=THICKNESS,
                        origin=ORIGIN, hu_slices=lambda i: np.full((ROWS, COLS), 40, np.int16), shuffle=False)


def seg_masks() -> np.ndarray:
    """(slices, rows, cols, 2) bool: the two segments on the CT's grid."""
    mask = np.zeros((SLICES, ROWS, COLS, 2), bool)
    mask[BOX1 + (0,)] = True
    mask[BOX2 + (1,)] = True
    return mask


def _sources(ct_files) -> list:
    sources = sorted((pydicom.dcmread(f) for f in ct_files), key=lambda d: float(d.ImagePositionPatient[2]))
    for d in sources:  # what highdicom copies from its sources, which the synthetic CT leaves out
        for keyword, value in (("StudyID", "1"), ("ReferringPhysicianName", ""), ("PatientOrientation", "")):
            if keyword not in d:
                setattr(d, keyword, value)
    return sources


def write_seg(path: Path, ct_files, fractional: bool = False, labelmap: bool = False) -> Path:
    """Binary (or fractional) SEG of the two boxes; ``labelmap``: a Label Map SEG, box 1 = 1, box 2 = 2."""
    sources = _sources(ct_files)
    descriptions = [
        hd.seg.SegmentDescription(
            segment_number=n + 1, segment_label=label,
            segmented_property_category=codes.SCT.Tissue, segmented_property_type=codes.SCT.Tissue,
            algorithm_type=hd.seg.SegmentAlgorithmTypeValues.MANUAL,
            display_color=hd.color.CIELabColor.from_rgb(*rgb))
        for n, (label, rgb) in enumerate((("Tumeur", RED), ("Kyste", GREEN)))
    ]
    pixels = seg_masks().astype(np.uint8)
    kind = hd.seg.SegmentationTypeValues.FRACTIONAL if fractional else hd.seg.SegmentationTypeValues.BINARY
    if labelmap:
        pixels, kind = pixels[..., 0] + 2 * pixels[..., 1], hd.seg.SegmentationTypeValues.LABELMAP
    seg = hd.seg.Segmentation(
        source_images=sources, pixel_array=pixels, segmentation_type=kind,
        segment_descriptions=descriptions, series_instance_uid=generate_uid(), series_number=40,
        sop_instance_uid=generate_uid(), instance_number=1, manufacturer="Cauri tests",
        manufacturer_model_name="synthetic", software_versions="1", device_serial_number="1",
        series_description="Segmentation")
    seg.save_as(path)
    return Path(path)


def rt_square_mm(k: int) -> np.ndarray:
    """The RT contour of slice ``k``: four corners (patient mm) of the square, counter-clockwise."""
    cy = ORIGIN[1] + RT_CENTRE[0] * SPACING[0]
    cx = ORIGIN[0] + RT_CENTRE[1] * SPACING[1]
    z = ORIGIN[2] + k * THICKNESS
    h = RT_HALF_MM
    return np.array([[cx - h, cy - h, z], [cx + h, cy - h, z], [cx + h, cy + h, z], [cx - h, cy + h, z]])


def write_rtstruct(path: Path, ct_files) -> Path:
    ct = sorted((pydicom.dcmread(f, stop_before_pixels=True) for f in ct_files),
                key=lambda d: float(d.ImagePositionPatient[2]))
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.481.3"
    ds.SOPInstanceUID = generate_uid()
    for keyword in ("StudyInstanceUID", "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate",
                    "StudyTime", "AccessionNumber", "StudyDescription", "SpecificCharacterSet"):
        setattr(ds, keyword, getattr(ct[0], keyword))
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "RTSTRUCT"
    ds.SeriesNumber = 41
    ds.SeriesDescription = "Structures"
    ds.StructureSetLabel = "Plan"
    frame = Dataset()
    frame.FrameOfReferenceUID = ct[0].FrameOfReferenceUID
    study = Dataset()
    study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    study.ReferencedSOPInstanceUID = ct[0].StudyInstanceUID
    series = Dataset()
    series.SeriesInstanceUID = ct[0].SeriesInstanceUID
    series.ContourImageSequence = [_ref(d) for d in ct]
    study.RTReferencedSeriesSequence = [series]
    frame.RTReferencedStudySequence = [study]
    ds.ReferencedFrameOfReferenceSequence = [frame]
    roi = Dataset()
    roi.ROINumber = 7
    roi.ReferencedFrameOfReferenceUID = ct[0].FrameOfReferenceUID
    roi.ROIName = "GTV"
    roi.ROIGenerationAlgorithm = "MANUAL"
    ds.StructureSetROISequence = [roi]
    contour_roi = Dataset()
    contour_roi.ReferencedROINumber = 7
    contour_roi.ROIDisplayColor = list(BLUE)
    contours = []
    for k in RT_SLICES:
        c = Dataset()
        c.ContourGeometricType = "CLOSED_PLANAR"
        c.NumberOfContourPoints = 4
        c.ContourData = [float(v) for v in rt_square_mm(k).ravel()]
        c.ContourImageSequence = [_ref(ct[k])]
        contours.append(c)
    contour_roi.ContourSequence = contours
    ds.ROIContourSequence = [contour_roi]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.preamble = b"\0" * 128
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def _ref(d) -> Dataset:
    r = Dataset()
    r.ReferencedSOPClassUID = d.SOPClassUID
    r.ReferencedSOPInstanceUID = d.SOPInstanceUID
    return r


def write_study(folder: Path) -> dict:
    """CT in ``folder/ct``, its SEG in ``folder/seg/seg.dcm`` and RT structures in ``folder/rt/rt.dcm``."""
    folder = Path(folder)
    ct = write_ct(folder / "ct")
    (folder / "seg").mkdir(parents=True, exist_ok=True)
    (folder / "rt").mkdir(parents=True, exist_ok=True)
    seg = write_seg(folder / "seg" / "seg.dcm", ct["files"])
    rt = write_rtstruct(folder / "rt" / "rt.dcm", ct["files"])
    return {**ct, "seg": seg, "rt": rt}
