"""The built-in demo study, generated on the spot (no download, no patient data).

One study, two series:
- CT thorax-abdomen, 250 axial slices 512x512 at 2 mm, int16 stored with Rescale Intercept -1024 (HU):
  body outline, subcutaneous fat, muscle, lungs with vessels and airways, heart and great vessels, spine
  with discs and canal, ribs, sternum, scapulae, liver, gallbladder, spleen, stomach with an air-fluid
  level, pancreas, kidneys, psoas, bowel loops, iliac wings, the table, CT-like noise.
- MR head, 24 sagittal T1 slices 256x256, uint16 with 12 bits stored: scalp fat, skull, CSF, grey and
  white matter, ventricles, corpus callosum, cerebellum, brainstem, orbits, sinuses.

Everything is deterministic: UIDs come from fixed entropy (pydicom's generate_uid with entropy_srcs), noise
from a seeded generator, dates are fixed, so regenerating gives byte-identical files and the same UIDs
(the cache then recognises instances it already holds). Each file is written under a temporary name and
renamed, so an interrupted generation never leaves a half-written instance behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (
    PYDICOM_IMPLEMENTATION_UID,
    CTImageStorage,
    ExplicitVRLittleEndian,
    MRImageStorage,
    generate_uid,
)

from viewer.dicom.demo_anatomy import (
    CT_PIXEL,
    CT_SIZE,
    CT_SLICES,
    CT_STEP,
    MR_PIXEL,
    MR_SIZE,
    MR_SLICES,
    MR_STEP,
    ct_slice,
    mr_volume,
)

__all__ = ["DEMO_PATIENT_ID", "DEMO_PATIENT_NAME", "DEMO_VERSION", "DemoInfo", "generate_demo", "demo_uids"]

DEMO_PATIENT_ID = "CAURI-DEMO-001"
DEMO_PATIENT_NAME = "DEMO^Aïcha Béninoise"
DEMO_ISSUER = "CAURI"
# Bump when the generated content changes, so that callers caching the demo know to regenerate it.
DEMO_VERSION = 1
_SEED = "cauri-demo-study-v1"



@dataclass(frozen=True)
class DemoInfo:
    study_uid: str
    series_uids: tuple[str, ...]  # (CT, MR)
    files: tuple[Path, ...]  # CT files (superior to inferior), then MR files (right to left)
    ct_files: tuple[Path, ...] = ()
    mr_files: tuple[Path, ...] = ()


def _uid(*parts: object) -> str:
    return generate_uid(entropy_srcs=[_SEED, *map(str, parts)])


def demo_uids() -> dict[str, str]:
    """The demo's fixed UIDs, without generating anything."""
    return {
        "study": _uid("study"),
        "ct_series": _uid("series", "ct"),
        "mr_series": _uid("series", "mr"),
        "ct_frame_of_reference": _uid("for", "ct"),
        "mr_frame_of_reference": _uid("for", "mr"),
    }


def _base_dataset(sop_class: str, study_uid: str) -> Dataset:
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = sop_class
    ds.StudyDate = "20240315"
    ds.StudyTime = "101500"
    ds.AccessionNumber = "DEMO0001"
    ds.InstitutionName = "Hôpital de démonstration Cauri"
    ds.ReferringPhysicianName = "KOSSI^Élodie^^Dr"
    ds.StudyDescription = "TDM thoraco-abdominale (démo)"
    ds.PatientName = DEMO_PATIENT_NAME
    ds.PatientID = DEMO_PATIENT_ID
    ds.IssuerOfPatientID = DEMO_ISSUER
    ds.PatientBirthDate = "19780412"
    ds.PatientSex = "F"
    ds.PatientAge = "045Y"
    ds.PatientSize = "1.65"
    ds.PatientWeight = "64"
    ds.StudyInstanceUID = study_uid
    ds.StudyID = "1"
    ds.Manufacturer = "Cauri"
    ds.ManufacturerModelName = "Fantôme numérique"
    ds.SoftwareVersions = f"cauri-demo {DEMO_VERSION}"
    ds.PatientPosition = "HFS"
    ds.PositionReferenceIndicator = ""
    ds.BurnedInAnnotation = "NO"
    return ds


def _file_meta(sop_class: str, sop_instance: str) -> FileMetaDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    meta.ImplementationVersionName = "CAURI_DEMO"
    return meta


def _write(ds: Dataset, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    ds.save_as(tmp, enforce_file_format=True)
    os.replace(tmp, path)


def _ct_header(uids: dict[str, str]) -> Dataset:
    ds = _base_dataset(CTImageStorage, uids["study"])
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = "20240315"
    ds.SeriesTime = ds.AcquisitionTime = ds.ContentTime = "101812"
    ds.Modality = "CT"
    ds.StationName = "CAURI-CT1"
    ds.SeriesDescription = "Thorax-abdomen sans injection 2 mm (démo)"
    ds.BodyPartExamined = "CHESTABDOMEN"
    ds.ProtocolName = "TAP sans injection"
    ds.SeriesInstanceUID = uids["ct_series"]
    ds.SeriesNumber = 2
    ds.AcquisitionNumber = 1
    ds.FrameOfReferenceUID = uids["ct_frame_of_reference"]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [CT_PIXEL, CT_PIXEL]
    ds.SliceThickness = f"{CT_STEP:.1f}"
    ds.KVP = "120"
    ds.DataCollectionDiameter = "500"
    ds.ReconstructionDiameter = f"{CT_SIZE * CT_PIXEL:.0f}"
    ds.GantryDetectorTilt = "0"
    ds.TableHeight = "160"
    ds.RotationDirection = "CW"
    ds.ExposureTime = "500"
    ds.XRayTubeCurrent = "220"
    ds.ConvolutionKernel = "STANDARD"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = CT_SIZE
    ds.Columns = CT_SIZE
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.RescaleType = "HU"
    ds.WindowCenter = ["40", "-600", "400"]
    ds.WindowWidth = ["400", "1500", "2000"]
    ds.WindowCenterWidthExplanation = ["MEDIASTIN", "POUMON", "OS"]
    ds.LossyImageCompression = "00"
    return ds


def _mr_header(uids: dict[str, str]) -> Dataset:
    ds = _base_dataset(MRImageStorage, uids["study"])
    ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
    ds.SeriesDate = ds.AcquisitionDate = ds.ContentDate = "20240315"
    ds.SeriesTime = ds.AcquisitionTime = ds.ContentTime = "104030"
    ds.Modality = "MR"
    ds.StationName = "CAURI-MR1"
    ds.SeriesDescription = "IRM encéphale T1 sagittal (démo)"
    ds.BodyPartExamined = "HEAD"
    ds.ProtocolName = "Encéphale T1 SE sag"
    ds.SeriesInstanceUID = uids["mr_series"]
    ds.SeriesNumber = 5
    ds.AcquisitionNumber = 1
    # A different scanner, so a different frame of reference: CT and MR positions are not comparable.
    ds.FrameOfReferenceUID = uids["mr_frame_of_reference"]
    ds.ImageOrientationPatient = [0, 1, 0, 0, 0, -1]
    ds.PixelSpacing = [MR_PIXEL, MR_PIXEL]
    ds.SliceThickness = "4"
    ds.SpacingBetweenSlices = f"{MR_STEP:g}"
    ds.ScanningSequence = "SE"
    ds.SequenceVariant = "NONE"
    ds.ScanOptions = ""
    ds.MRAcquisitionType = "2D"
    ds.SequenceName = "se2d1"
    ds.RepetitionTime = "500"
    ds.EchoTime = "12"
    ds.EchoTrainLength = "1"
    ds.EchoNumbers = "1"
    ds.NumberOfAverages = "2"
    ds.ImagingFrequency = "63.87"
    ds.ImagedNucleus = "1H"
    ds.MagneticFieldStrength = "1.5"
    ds.FlipAngle = "90"
    ds.PixelBandwidth = "130"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = MR_SIZE
    ds.Columns = MR_SIZE
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = "500"
    ds.WindowWidth = "1000"
    ds.WindowCenterWidthExplanation = "T1"
    return ds


# --------------------------------------------------------------------------------------------- generation


def generate_demo(out_dir: Path, *, ct_slices: int = CT_SLICES, mr_slices: int = MR_SLICES) -> DemoInfo:
    """Write the demo study under out_dir (CT/ and MR/ sub-folders) and describe it. Deterministic."""
    out_dir = Path(out_dir)
    ct_dir, mr_dir = out_dir / "CT", out_dir / "MR"
    ct_dir.mkdir(parents=True, exist_ok=True)
    mr_dir.mkdir(parents=True, exist_ok=True)
    uids = demo_uids()

    # A pool of noise reused at shifting offsets: drawing 65 M normal samples would take longer than
    # building all the anatomy, and no one can tell shifted noise from fresh noise.
    rng = np.random.default_rng(1234)
    noise = np.rint(rng.normal(0.0, 11.0, size=(CT_SIZE + 160, CT_SIZE + 160))).astype(np.int16)

    ct = _ct_header(uids)
    ct_files: list[Path] = []
    n = max(int(ct_slices), 1)
    total = (CT_SLICES - 1) * CT_STEP
    step = total / (n - 1) if n > 1 else CT_STEP
    z_top = 180.0  # table coordinate of the most superior slice (patient z increases to the head)
    origin = -(CT_SIZE / 2.0 - 0.5) * CT_PIXEL
    for i in range(n):
        s = total - i * step  # instance 1 is the most superior slice
        z = z_top - i * step
        img = ct_slice(s, noise, ((i * 37) % 160, (i * 53) % 160))
        sop = _uid("ct", i)
        ct.file_meta = _file_meta(CTImageStorage, sop)
        ct.SOPInstanceUID = sop
        ct.InstanceNumber = i + 1
        ct.ImagePositionPatient = [f"{origin:.4f}", f"{origin:.4f}", f"{z:.6g}"]
        ct.SliceLocation = f"{z:.6g}"
        ct.PixelData = img.tobytes()
        path = ct_dir / f"CT{i + 1:04d}.dcm"
        _write(ct, path)
        ct_files.append(path)

    mr = _mr_header(uids)
    vol = mr_volume()
    mr_files: list[Path] = []
    m = max(min(int(mr_slices), MR_SLICES), 1)
    mr_origin = -(MR_SIZE / 2.0 - 0.5) * MR_PIXEL
    for k in range(m):
        x = (k - (MR_SLICES - 1) / 2.0) * MR_STEP
        sop = _uid("mr", k)
        mr.file_meta = _file_meta(MRImageStorage, sop)
        mr.SOPInstanceUID = sop
        mr.InstanceNumber = k + 1
        # Row 0 is the most superior row and column 0 the most anterior: origin at (x, -FOV/2, +FOV/2).
        mr.ImagePositionPatient = [f"{x:.6g}", f"{mr_origin:.4f}", f"{-mr_origin:.4f}"]
        mr.SliceLocation = f"{x:.6g}"
        mr.PixelData = np.ascontiguousarray(vol[k]).tobytes()
        path = mr_dir / f"MR{k + 1:04d}.dcm"
        _write(mr, path)
        mr_files.append(path)

    return DemoInfo(
        study_uid=uids["study"],
        series_uids=(uids["ct_series"], uids["mr_series"]),
        files=tuple(ct_files + mr_files),
        ct_files=tuple(ct_files),
        mr_files=tuple(mr_files),
    )
