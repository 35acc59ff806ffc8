"""The hospitals' biggest studies, synthetic, for ``cauri bench big``: a whole-body PET beside its CT, a colour
ultrasound cine (multi-frame JPEG baseline, as scanners store them), a four-view mammogram at 12 bits and a
breast tomosynthesis (one multi-frame object, uncompressed). The CT angiogram is ``synthetic_ct``'s series.

Content is simple and slowly varying with mild noise: what is measured is reading, decoding and drawing,
not the anatomy.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import ExplicitVRLittleEndian, JPEGBaseline8Bit, generate_uid

from viewer.bench.synthetic_ct import Series

PET = "1.2.840.10008.5.1.4.1.1.128"
US_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.3.1"
MG_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2"
BREAST_TOMO = "1.2.840.10008.5.1.4.1.1.13.1.3"


def _dataset(sop_class: str, syntax: str, modality: str, study_uid: str, patient: str, description: str) -> FileDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.TransferSyntaxUID = syntax
    ds = FileDataset("", {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = sop_class
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID = f"BENCH^{patient}", f"BENCH-{patient.upper()}"
    ds.PatientBirthDate, ds.PatientSex = "19700101", "F"
    ds.StudyDate, ds.StudyTime, ds.StudyDescription = "20260101", "120000", description
    ds.AccessionNumber, ds.Modality, ds.SeriesNumber = "BENCH", modality, 1
    ds.SeriesDescription = description
    return ds


def _save(ds: FileDataset, path: Path) -> Path:
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.save_as(path, enforce_file_format=True)
    return path


def write_pet(folder: Path, slices: int, study_uid: str, size: int = 256, step_mm: float = 2.0, seed: int = 3) -> Series:
    """Whole-body PET: ``size``^2 slices of 2.7 mm pixels every ``step_mm``, each with its own Rescale Slope
    (as scanners write PET), Bq/ml."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    ds = _dataset(PET, ExplicitVRLittleEndian, "PT", study_uid, "PetCt", "PET-CT corps entier")
    ds.SeriesNumber = 2
    ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    ds.PixelSpacing, ds.SliceThickness = [2.7, 2.7], step_mm
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleIntercept, ds.Units = 0, "BQML"
    axis = np.linspace(-1.0, 1.0, size, dtype=np.float32)
    yy, xx = np.meshgrid(axis, axis, indexing="ij")
    body = (xx / 0.7) ** 2 + (yy / 0.45) ** 2 < 1.0
    files = []
    for i in range(slices):
        activity = np.where(body, 3000.0, 0.0).astype(np.float32)
        activity[(xx - 0.2 * np.sin(i / 40.0)) ** 2 + yy**2 < 0.01] = 20000.0 * (1 + (i % 50) / 50)  # a hot spot
        activity += np.abs(rng.standard_normal(activity.shape, dtype=np.float32)) * 300.0
        slope = float(activity.max()) / 32000.0
        ds.RescaleSlope = round(slope, 6)
        ds.InstanceNumber = i + 1
        ds.ImagePositionPatient = [-size * 1.35, -size * 1.35, -i * step_mm]
        ds.PixelData = np.clip(activity / ds.RescaleSlope, 0, 32767).astype(np.int16).tobytes()
        files.append(_save(ds, folder / f"pt{i:04d}.dcm"))
    return Series(folder, tuple(files), study_uid, ds.SeriesInstanceUID, size, size)


def write_us_cine(folder: Path, frames: int, width: int = 800, height: int = 600, fps: float = 30.0) -> Series:
    """A colour ultrasound cine: one multi-frame object, JPEG baseline (YBR_FULL_422), ``fps`` frames/s."""
    from PIL import Image

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(5)
    ds = _dataset(US_MULTIFRAME, JPEGBaseline8Bit, "US", generate_uid(), "Echo", "Echo cardiaque couleur")
    ds.Rows, ds.Columns, ds.NumberOfFrames = height, width, frames
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "YBR_FULL_422", 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.FrameTime, ds.CineRate, ds.RecommendedDisplayFrameRate = round(1000.0 / fps, 3), int(fps), int(fps)
    ds.FrameIncrementPointer = 0x00181063  # Frame Time
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    sector = (np.hypot(xx - width / 2, yy) < height * 0.95) & (np.abs(xx - width / 2) < yy * 0.8 + 5)
    speckle = (rng.random((height, width), dtype=np.float32) * 90).astype(np.float32)
    encoded = []
    for k in range(frames):
        t = k / fps
        grey = np.where(sector, speckle * (0.6 + 0.4 * np.sin(yy / 40.0 + t * 6)), 0)
        rgb = np.repeat(grey[..., None], 3, axis=2)
        cx, cy = width / 2 + 60 * np.sin(t * 2 * np.pi), height * 0.5
        jet = sector & ((xx - cx) ** 2 + (yy - cy) ** 2 < 60**2)  # the colour Doppler jet
        rgb[jet] = (220, 40 + 80 * (k % 3), 30)
        buf = io.BytesIO()
        Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=85, subsampling=1)
        encoded.append(buf.getvalue())
    ds.PixelData = encapsulate(encoded)
    ds["PixelData"].VR = "OB"
    path = _save(ds, folder / "cine.dcm")
    return Series(folder, (path,), ds.StudyInstanceUID, ds.SeriesInstanceUID, height, width)


def _breast(rows: int, cols: int, right: bool, rng) -> np.ndarray:
    """12-bit stored values: the breast a half-ellipse against the chest wall, mild noise."""
    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float32)
    x = (cols - 1 - xx) if right else xx
    inside = (x / (cols * 0.8)) ** 2 + ((yy - rows / 2) / (rows * 0.45)) ** 2 < 1.0
    values = np.where(inside, 2200.0 - 600.0 * x / cols, 150.0)
    values += rng.standard_normal(values.shape, dtype=np.float32) * 40.0
    return np.clip(values, 0, 4095).astype(np.uint16)


def _mammo_dataset(sop_class: str, study_uid: str, rows: int, cols: int, description: str) -> FileDataset:
    ds = _dataset(sop_class, ExplicitVRLittleEndian, "MG", study_uid, "Mammo", description)
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.WindowCenter, ds.WindowWidth = 1800, 2400
    ds.ImagerPixelSpacing = [0.07, 0.07]
    return ds


def write_mammo(folder: Path, rows: int = 4000, cols: int = 3300) -> Series:
    """Four views (R/L CC, R/L MLO) of ``rows`` x ``cols`` at 12 bits, For Presentation, uncompressed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(11)
    study_uid = generate_uid()
    ds = _mammo_dataset(MG_PRESENTATION, study_uid, rows, cols, "Mammographie bilatérale")
    files = []
    for n, (side, view) in enumerate((("R", "CC"), ("L", "CC"), ("R", "MLO"), ("L", "MLO"))):
        ds.ImageLaterality, ds.ViewPosition, ds.InstanceNumber = side, view, n + 1
        ds.PixelData = _breast(rows, cols, side == "R", rng).tobytes()
        files.append(_save(ds, folder / f"mg{n}.dcm"))
    return Series(folder, tuple(files), study_uid, ds.SeriesInstanceUID, rows, cols)


def write_tomo(folder: Path, frames: int, rows: int = 4000, cols: int = 3300, step_mm: float = 1.0) -> Series:
    """A breast tomosynthesis: one multi-frame object of ``frames`` slices, uncompressed 12 bits, with the
    functional groups that place each slice."""
    from pydicom.dataset import Dataset

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(13)
    ds = _mammo_dataset(BREAST_TOMO, generate_uid(), rows, cols, "Tomosynthèse")
    ds.NumberOfFrames = frames
    ds.ImageLaterality, ds.InstanceNumber = "R", 1
    measures, orient = Dataset(), Dataset()
    measures.PixelSpacing, measures.SliceThickness = [0.1, 0.1], step_mm
    orient.ImageOrientationPatient = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]
    shared = Dataset()
    shared.PixelMeasuresSequence, shared.PlaneOrientationSequence = [measures], [orient]
    ds.SharedFunctionalGroupsSequence = [shared]
    per_frame = []
    for k in range(frames):
        pos, item = Dataset(), Dataset()
        pos.ImagePositionPatient = [float(k * step_mm), 0.0, 0.0]
        item.PlanePositionSequence = [pos]
        per_frame.append(item)
    ds.PerFrameFunctionalGroupsSequence = per_frame
    base = _breast(rows, cols, True, rng)
    pixels = np.empty((frames, rows, cols), np.uint16)
    for k in range(frames):
        pixels[k] = base + np.uint16(k * 4)
    ds.PixelData = pixels.tobytes()
    del pixels
    path = _save(ds, folder / "tomo.dcm")
    return Series(folder, (path,), ds.StudyInstanceUID, ds.SeriesInstanceUID, rows, cols)
