"""Small synthetic DICOM series with known pixel values and geometry, for exact checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.uid import CTImageStorage, MRImageStorage, generate_uid

from dicom_writer import write_image


def block_image(rows: int, cols: int, slice_index: int) -> np.ndarray:
    """HU values: left half -1000 (air), right half 40 (soft tissue), a 1000 HU (bone) square whose
    column position moves with the slice, so scrolling visibly changes the picture."""
    hu = np.full((rows, cols), -1000, np.int16)
    hu[:, cols // 2 :] = 40
    size = rows // 4
    x0 = (slice_index * 7) % (cols - size)
    hu[rows // 8 : rows // 8 + size, x0 : x0 + size] = 1000
    return hu


def write_series(
    folder: Path,
    slices: int = 12,
    rows: int = 128,
    cols: int = 128,
    modality: str = "CT",
    patient_id: str = "SYN-001",
    patient_name: str = "SYNTHÉTIQUE^Koffi",
    spacing: tuple[float, float] = (0.8, 0.8),
    thickness: float = 2.0,
    orientation=(1, 0, 0, 0, 1, 0),
    study_uid: str | None = None,
    series_uid: str | None = None,
    window: tuple[float, float] | None = (400, 40),
    shuffle: bool = True,
    hu_slices=None,  # optional callable(slice_index) -> rows x cols HU array
    frame_uid: str | None = None,
    origin=(-50.0, -60.0, 0.0),
    positions=None,  # optional: each slice's own Image Position (Patient), overriding origin + thickness steps
) -> dict:
    """``window``: (width, centre) for every slice, None, or callable(slice_index) -> (width, centre) or None."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    study_uid = study_uid or generate_uid()
    series_uid = series_uid or generate_uid()
    frame_uid = frame_uid or generate_uid()
    normal = np.cross(orientation[:3], orientation[3:])
    if positions is not None:
        slices = len(positions)
    order = list(range(slices))
    if shuffle:
        # Instance numbers and file order disagree with geometry on purpose: sorting must use positions.
        order = order[::2] + order[1::2]
    files = []
    for k, i in enumerate(order):
        path = folder / f"img{k:04d}.dcm"
        hu = hu_slices(i) if hu_slices is not None else block_image(rows, cols, i)
        pos = np.array(origin, float) + normal * (i * thickness) if positions is None else np.asarray(positions[i], float)
        win = window(i) if callable(window) else window
        write_image(
            path, (np.asarray(hu).astype(np.int32) + 1024).astype(np.int16),
            sop_class=CTImageStorage if modality == "CT" else MRImageStorage,
            SpecificCharacterSet="ISO_IR 192", StudyInstanceUID=study_uid, SeriesInstanceUID=series_uid,
            FrameOfReferenceUID=frame_uid, PatientName=patient_name, PatientID=patient_id,
            PatientBirthDate="19800214", PatientSex="F", StudyDate="20261120", StudyTime="101500",
            StudyDescription="Synthèse contrôle", SeriesDescription="Axial test", AccessionNumber="ACC-SYN-1",
            Modality=modality, SeriesNumber=3, InstanceNumber=k + 1,
            ImageOrientationPatient=[float(v) for v in orientation], ImagePositionPatient=[float(v) for v in pos],
            PixelSpacing=[spacing[0], spacing[1]], SliceThickness=thickness,
            RescaleIntercept=-1024, RescaleSlope=1, RescaleType="HU",
            **({"WindowWidth": win[0], "WindowCenter": win[1]} if win else {}),
        )
        files.append(path)
    return {"study_uid": study_uid, "series_uid": series_uid, "files": files}
