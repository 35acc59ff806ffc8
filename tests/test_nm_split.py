"""Nuclear medicine multi-frame images are cut by their NM vectors (PS3.3 C.8.4.8): one stack per energy
window, detector, phase, rotation and R-R interval (and per time slot for a gated reconstruction), the frames
of each in the order of their time slot, slice, angular view or time slice. The files are generated: each
frame's pixels hold its own 1-based number, so that the frame a stack shows can be checked by its value.
The expected frame lists are written out by hand from the vectors."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.tag import Tag
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

NM = "1.2.840.10008.5.1.4.1.1.20"


def write_nm(path, image_type: str, vectors: dict, **attributes) -> None:
    n = len(next(iter(vectors.values())))
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = NM, generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID, ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "NM^Test", "NM-1", "NM", 1, 1
    ds.SeriesDescription = "Scintigraphie"
    ds.ImageType = ["ORIGINAL", "PRIMARY", image_type]
    ds.NumberOfFrames = n
    ds.FrameIncrementPointer = [Tag(k) for k in vectors]
    for keyword, values in vectors.items():
        setattr(ds, keyword, list(values))
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    ds.Rows = ds.Columns = 8
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = np.concatenate([np.full(64, f + 1, np.uint16) for f in range(n)]).tobytes()
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = NM, ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta, ds.preamble = meta, b"\0" * 128
    ds.save_as(path, enforce_file_format=True)


def stacks_of(path):
    from viewer.model.loose_files import open_paths

    with open_paths([str(path)]) as loose:
        return [d for d in loose.display_sets() if d.kind == "stack"]


def frames(stack) -> list[int]:
    return [ref.frame for ref in stack.frames]


def shown_values(stack) -> list[int]:
    """What each frame of the stack shows, decoded as the viewport does: its pixels hold its number."""
    from viewer.model.frames import load_frame

    return [int(load_frame(ref).stored[0, 0]) for ref in stack.frames]


def test_static_two_heads_two_windows_make_four_images(tmp_path):
    write_nm(tmp_path / "s.dcm", "STATIC",
             {"EnergyWindowVector": [1, 1, 2, 2], "DetectorVector": [1, 2, 1, 2]})
    stacks = stacks_of(tmp_path / "s.dcm")
    labels = [s.extra["label"] for s in stacks]
    assert labels == ["energy window 1, detector 1", "energy window 1, detector 2",
                      "energy window 2, detector 1", "energy window 2, detector 2"]
    assert [frames(s) for s in stacks] == [[0], [1], [2], [3]]


def test_gated_planar_is_one_cine_per_head_in_time_slot_order(tmp_path):
    # Two heads x 4 time slots, stored head by head with the slots out of order.
    slots = [3, 1, 4, 2, 2, 4, 1, 3]
    write_nm(tmp_path / "g.dcm", "GATED",
             {"EnergyWindowVector": [1] * 8, "DetectorVector": [1, 1, 1, 1, 2, 2, 2, 2],
              "RRIntervalVector": [1] * 8, "TimeSlotVector": slots})
    stacks = stacks_of(tmp_path / "g.dcm")
    assert len(stacks) == 2 and all(s.multiframe for s in stacks)
    # Head 1: slots 1, 2, 3, 4 are frames 2, 4, 1, 3 (1-based); head 2: frames 7, 5, 8, 6.
    assert shown_values(stacks[0]) == [2, 4, 1, 3] and shown_values(stacks[1]) == [7, 5, 8, 6]
    assert stacks[0].extra["label"] == "detector 1"


def test_dynamic_phases_are_separate_stacks_of_their_time_slices(tmp_path):
    phases = [1] * 6 + [2] * 3
    write_nm(tmp_path / "d.dcm", "DYNAMIC",
             {"EnergyWindowVector": [1] * 9, "DetectorVector": [1] * 9, "PhaseVector": phases,
              "TimeSliceVector": [1, 2, 3, 4, 5, 6, 1, 2, 3]})
    stacks = stacks_of(tmp_path / "d.dcm")
    assert [s.frame_count for s in stacks] == [6, 3]
    assert shown_values(stacks[1]) == [7, 8, 9]
    assert [s.extra["label"] for s in stacks] == ["phase 1", "phase 2"]


def test_gated_reconstruction_is_one_volume_per_time_slot(tmp_path):
    # 3 time slots x 5 slices, slice-major: frame f has slot f % 3 + 1, slice f // 3 + 1.
    n = 15
    write_nm(tmp_path / "r.dcm", "RECON GATED TOMO",
             {"RRIntervalVector": [1] * n, "TimeSlotVector": [f % 3 + 1 for f in range(n)],
              "SliceVector": [f // 3 + 1 for f in range(n)]},
             ImagePositionPatient=[-100.0, -100.0, 50.0], ImageOrientationPatient=[1, 0, 0, 0, 1, 0],
             SpacingBetweenSlices=4.0, PixelSpacing=[4.0, 4.0], FrameOfReferenceUID=generate_uid())
    stacks = stacks_of(tmp_path / "r.dcm")
    assert len(stacks) == 3 and all(s.frame_count == 5 and not s.multiframe for s in stacks)
    # Slot 2: frames 2, 5, 8, 11, 14 (1-based), slices 1..5 at z = 50, 54, ... 66 (the standard's rule).
    assert shown_values(stacks[1]) == [2, 5, 8, 11, 14]
    assert [p[2] for p in stacks[1].positions] == pytest.approx([50.0, 54.0, 58.0, 62.0, 66.0])
    assert stacks[1].spacing_between == pytest.approx(4.0)
    assert [s.extra["label"] for s in stacks] == ["time slot 1", "time slot 2", "time slot 3"]


def test_whole_body_anterior_and_posterior_and_a_single_image_stays_whole(tmp_path):
    write_nm(tmp_path / "wb.dcm", "WHOLE BODY", {"EnergyWindowVector": [1, 1], "DetectorVector": [1, 2]})
    assert [s.frame_count for s in stacks_of(tmp_path / "wb.dcm")] == [1, 1]
    write_nm(tmp_path / "one.dcm", "DYNAMIC", {"EnergyWindowVector": [1] * 4, "DetectorVector": [1] * 4,
                                             "PhaseVector": [1] * 4, "TimeSliceVector": [4, 3, 2, 1]})
    (stack,) = stacks_of(tmp_path / "one.dcm")
    assert shown_values(stack) == [4, 3, 2, 1] and stack.extra["label"] == "" and not stack.warnings


def test_labels_in_french(tmp_path):
    from viewer.core.messages import in_language

    write_nm(tmp_path / "s.dcm", "STATIC", {"EnergyWindowVector": [1, 2], "DetectorVector": [1, 1]})
    stacks = stacks_of(tmp_path / "s.dcm")
    assert in_language(stacks[1].description, "fr") == "Scintigraphie (fenêtre en énergie 2)"
