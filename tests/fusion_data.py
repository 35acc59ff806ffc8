"""Generated PET/CT pairs and a CT under the corpus's RT Dose, for the fusion and dose-wash tests.

CT: 64 x 64 pixels of 3 mm, 12 slices 6 mm apart, a water body (40 HU) in air. PET on the same Frame of
Reference: 32 x 32 pixels of 6 mm, 6 slices 12 mm apart, body SUV 1 and a hot cube of SUV ``HOT_SUV`` (5 x 5 x
3 voxels) whose inside (after linear resampling onto the CT) is uniform around CT pixel (``HOT_ROW``,
``HOT_COL``) of the slice at z = ``HOT_Z``. The SUV tags are those of test_pet_default_window (70 kg, 370 MBq
at 10:00, series at 11:00, F-18): Bq/ml = SUV x ``BQML_PER_SUV``, written out by hand here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
from pydicom.uid import CTImageStorage, PositronEmissionTomographyImageStorage, generate_uid

from conftest import shared_data
from dicom_writer import write_image

WEIGHT_KG, DOSE_BQ, HALF_LIFE_S, UPTAKE_S = 70.0, 370e6, 6586.2, 3600.0
BQML_PER_SUV = DOSE_BQ * 2 ** (-UPTAKE_S / HALF_LIFE_S) / (WEIGHT_KG * 1000.0)
HOT_SUV = 8.0
CT_N, CT_MM, CT_SLICES, CT_DZ = 64, 3.0, 12, 6.0
PET_N, PET_MM, PET_SLICES, PET_DZ = 32, 6.0, 6, 12.0
HOT_ROW = HOT_COL = 33  # CT pixel at x = y = 3 mm, the hot cube's centre
HOT_Z = -24.0
CT_HU = 40
LESION_HU = 300
CORPUS_DOSE = "pypi-pydicom-3.0.2/test_files/rtdose.dcm"


def _common(study, frame, **extra):
    common = dict(StudyInstanceUID=study, FrameOfReferenceUID=frame, PatientName="SYNTHÉTIQUE^Fusion",
                  PatientID="SYN-FUS", StudyDate="20260101", SeriesDate="20260101",
                  ImageOrientationPatient=[1, 0, 0, 0, 1, 0])
    common.update(extra)
    return common


def write_ct(folder: Path, study: str, frame: str, origin=(-96.0, -96.0), z0: float = 0.0, n: int = CT_N,
             mm: float = CT_MM, slices: int = CT_SLICES, dz: float = CT_DZ, lesion: bool = False, **patient) -> Path:
    """``lesion``: a dense nodule (``LESION_HU``) where the PET's hot cube lies (x, y -12..18 mm, z -12..-36),
    the landmark a registration of two Frames of Reference finds."""
    series = generate_uid()
    y, x = np.mgrid[:n, :n]
    body = ((x - n / 2) / (n * 0.42)) ** 2 + ((y - n / 2) / (n * 0.35)) ** 2 <= 1
    hu = np.where(body, CT_HU, -1000).astype(np.int16)
    px, py = origin[0] + x * mm, origin[1] + y * mm
    nodule = (px >= -12) & (px < 18) & (py >= -12) & (py < 18)
    for k in range(slices):
        z = z0 - k * dz
        slice_hu = np.where(nodule & lesion & (-36 <= z <= -12), LESION_HU, hu).astype(np.int16)
        write_image(folder / f"ct{k:03d}.dcm", (slice_hu + 1024).astype(np.int16), sop_class=CTImageStorage,
                    **_common(study, frame, SeriesInstanceUID=series, Modality="CT", SeriesNumber=1,
                              InstanceNumber=k + 1, SeriesDescription="TDM", SeriesTime="105000",
                              ImagePositionPatient=[origin[0], origin[1], z0 - k * dz], PixelSpacing=[mm, mm],
                              SliceThickness=dz, RescaleSlope=1, RescaleIntercept=-1024,
                              WindowCenter=40, WindowWidth=400, **patient))
    return folder


def pet_suv(k: int) -> np.ndarray:
    y, x = np.mgrid[:PET_N, :PET_N]
    c = (PET_N - 1) / 2  # x = y = 0 mm, as the CT body
    body = ((x - c) / (PET_N * 0.42)) ** 2 + ((y - c) / (PET_N * 0.35)) ** 2 <= 1
    suv = np.where(body, 1.0, 0.0)
    hot = (abs(x - 16) <= 2) & (abs(y - 16) <= 2) & (1 <= k <= 3)
    return np.where(hot, HOT_SUV, suv)


def write_pet(folder: Path, study: str, frame: str) -> Path:
    """PET voxel (k, j, i) centre: x = -93 + 6 i, y = -93 + 6 j, z = -12 k; the hot cube i, j 14..18, k 1..3."""
    series = generate_uid()
    for k in range(PET_SLICES):
        bqml = pet_suv(k) * BQML_PER_SUV
        slope = float(bqml.max()) / 30000.0
        rp = pydicom.Dataset()
        rp.RadiopharmaceuticalStartTime = "100000"
        rp.RadionuclideTotalDose = f"{DOSE_BQ:.0f}"
        rp.RadionuclideHalfLife = f"{HALF_LIFE_S}"
        write_image(folder / f"pt{k:03d}.dcm", np.round(bqml / slope).astype(np.int16),
                    sop_class=PositronEmissionTomographyImageStorage,
                    **_common(study, frame, SeriesInstanceUID=series, Modality="PT", SeriesNumber=2,
                              InstanceNumber=k + 1, SeriesDescription="TEP FDG", SeriesTime="110000",
                              ImagePositionPatient=[-93.0, -93.0, -k * PET_DZ], PixelSpacing=[PET_MM, PET_MM],
                              SliceThickness=PET_DZ, RescaleSlope=f"{slope:.8g}", RescaleIntercept=0,
                              Units="BQML", DecayCorrection="START", CorrectedImage=["ATTN", "DECY"],
                              PatientWeight=f"{WEIGHT_KG:g}", RadiopharmaceuticalInformationSequence=[rp]))
    return folder


def write_pet_ct(root: Path) -> tuple[str, Path, Path]:
    study, frame = generate_uid(), generate_uid()
    return study, write_ct(root / "ct", study, frame), write_pet(root / "pet", study, frame)


def write_pet_ct_two_frames(root: Path, shift=(10.0, -6.0, 12.0)) -> tuple[str, Path, Path]:
    """The PET on a Frame of Reference of its own, its patient coordinates ``shift`` mm from the CT's (a
    PET from another scanner, or a table moved between them); the CT with its nodule under the hot cube."""
    study = generate_uid()
    ct = write_ct(root / "ct", study, generate_uid(), lesion=True)
    pet = write_pet(root / "pet", study, generate_uid())
    for path in sorted(pet.glob("*.dcm")):
        ds = pydicom.dcmread(path)
        ds.ImagePositionPatient = [float(v) + d for v, d in zip(ds.ImagePositionPatient, shift)]
        ds.save_as(path)
    return study, ct, pet


def hand_suv(path: Path, row: int, col: int) -> float:
    """SUVbw of one stored PET voxel from its tags: value x slope x weight / decayed dose."""
    ds = pydicom.dcmread(path)
    bqml = float(ds.pixel_array[row, col]) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    decayed = DOSE_BQ * 2 ** (-UPTAKE_S / HALF_LIFE_S)
    return bqml * float(ds.PatientWeight) * 1000.0 / decayed


def write_ct_under_dose(folder: Path, dose_path: Path) -> tuple[str, Path]:
    """A CT on the dose's Frame of Reference, one slice per dose plane, its pixel 4 + 5 c on dose column c."""
    dose = pydicom.dcmread(dose_path)
    x0, y0, z0 = (float(v) for v in dose.ImagePositionPatient)
    write_ct(folder, str(dose.StudyInstanceUID), str(dose.FrameOfReferenceUID), origin=(x0 - 8.0, y0 - 8.0),
             z0=z0 + 70.0, n=64, mm=2.0, slices=15, dz=5.0, PatientName=str(dose.get("PatientName", "")),
             PatientID=str(dose.get("PatientID", "")))
    return str(dose.StudyInstanceUID), folder


def palette(name: str) -> np.ndarray:
    """The 256 entries of a DICOM Color Palette file, 16-bit entries to 8 bits, read directly."""
    ds = pydicom.dcmread(shared_data("pypi-pydicom-3.0.2") / "palettes" / name)
    out = []
    for colour in ("Red", "Green", "Blue"):
        bits = int(getattr(ds, f"{colour}PaletteColorLookupTableDescriptor")[2])
        raw = getattr(ds, f"{colour}PaletteColorLookupTableData")
        out.append(np.frombuffer(raw, "<u2") >> 8 if bits == 16 else np.frombuffer(raw, np.uint8))
    return np.stack(out, axis=1).astype(float)


SPECT_HOT, SPECT_BACKGROUND = 500, 50


def write_spect(path: Path, study: str, frame: str) -> Path:
    """A SPECT reconstruction as NM stores it: one multi-frame object (NM Image Storage, TOMO RECON), its
    position and orientation in the Detector Information Sequence, 12 frames 6 mm apart, 32 x 32 pixels of
    6 mm; counts 50 in the body, 500 in the PET's hot cube (voxel centres as the PET's in x and y)."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, NuclearMedicineImageStorage

    def counts(z: float) -> np.ndarray:
        suv = pet_suv(1 if -36.0 <= z <= -12.0 else 0)  # the PET's hot cube spans z -12..-36
        return np.where(suv >= HOT_SUV, SPECT_HOT, np.where(suv > 0, SPECT_BACKGROUND, 0))

    # Frames run along the normal (+z): frame k at z = -66 + 6 k.
    frames = np.stack([counts(-66.0 + 6.0 * k) for k in range(12)]).astype(np.uint16)
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = NuclearMedicineImageStorage, generate_uid()
    for key, value in _common(study, frame, SeriesInstanceUID=generate_uid(), Modality="NM", SeriesNumber=3,
                              InstanceNumber=1, SeriesDescription="TEMP RECON", SeriesTime="120000").items():
        if key != "ImageOrientationPatient":
            setattr(ds, key, value)
    ds.ImageType = ["ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION"]
    detector = Dataset()
    detector.ImagePositionPatient = [-93.0, -93.0, -66.0]
    detector.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.DetectorInformationSequence = [detector]
    ds.NumberOfFrames, ds.SpacingBetweenSlices, ds.SliceThickness = 12, 6.0, 6.0
    ds.PixelSpacing = [PET_MM, PET_MM]
    ds.Rows = ds.Columns = PET_N
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = frames.tobytes()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta, ds.preamble = meta, b"\0" * 128
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path
