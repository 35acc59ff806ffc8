"""DICOM videos made for tests: PyAV encodes frames whose content says which frame they are, pydicom's
``encapsulate`` wraps the bitstream into a Video Endoscopic Image Storage (or another class).

Frame k shows one bright 16x16 square on black at cell (k % 8, k // 8) of a 20-pixel grid, so the frame a
decoder hands back is read off its pixels (``frame_number_of``) independently of any timing."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import av
import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import generate_uid

VIDEO_ENDOSCOPIC = "1.2.840.10008.5.1.4.1.1.77.1.1.1"
CELL, SQUARE = 20, 16
ROWS, COLUMNS = 120, 160  # 8 x 6 cells: 48 distinct frames

# transfer syntax -> (PyAV encoder, raw elementary-stream muxer, encoder options)
CODECS = {
    "1.2.840.10008.1.2.4.102": ("libx264", "h264", {"preset": "ultrafast", "qp": "10"}),  # AVC High@4.1
    "1.2.840.10008.1.2.4.100": ("mpeg2video", "mpeg2video", {"qscale": "2"}),  # MPEG-2 MP@ML
    "1.2.840.10008.1.2.4.107": ("libx265", "hevc", {"preset": "ultrafast", "x265-params": "log-level=none:qp=10"}),
}


def frame_pattern(k: int) -> np.ndarray:
    rgb = np.zeros((ROWS, COLUMNS, 3), np.uint8)
    x, y = (k % 8) * CELL + 2, ((k // 8) % 6) * CELL + 2
    rgb[y:y + SQUARE, x:x + SQUARE] = 235
    return rgb


def frame_number_of(rgb: np.ndarray) -> int:
    """Which frame a decoded picture is (at the file's own size): the cell whose square is bright."""
    grey = np.asarray(rgb, float)
    grey = grey.mean(axis=2) if grey.ndim == 3 else grey
    cells = grey[: 6 * CELL, : 8 * CELL].reshape(6, CELL, 8, CELL).mean(axis=(1, 3))
    row, col = np.unravel_index(int(np.argmax(cells)), cells.shape)
    return int(row * 8 + col)


def encode(syntax: str, frames: int, fps: float = 25.0, container_format: str | None = None) -> bytes:
    """The bitstream as a raw elementary stream, or in ``container_format`` ("mpegts": the MPEG-2 Transport
    Stream some recorders wrap H.264 in)."""
    encoder, muxer, options = CODECS[syntax]
    out = BytesIO()
    with av.open(out, "w", format=container_format or muxer) as container:
        stream = container.add_stream(encoder, rate=int(fps), options=options)
        stream.width, stream.height, stream.pix_fmt = COLUMNS, ROWS, "yuv420p"
        for k in range(frames):
            frame = av.VideoFrame.from_ndarray(frame_pattern(k), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def write_video(path: Path, syntax: str = "1.2.840.10008.1.2.4.102", frames: int = 48, fps: float = 25.0,
                bitstream: bytes | None = None, sop_class: str = VIDEO_ENDOSCOPIC, modality: str = "ES",
                study_uid: str | None = None, timing: str = "cine_rate") -> dict:
    """A video object holding ``bitstream`` (default: ``encode(syntax, frames, fps)``), in fragments of at
    most 4 KiB so that reading it crosses fragment boundaries. ``timing``: which attribute says the rate
    ("cine_rate", "frame_time", "frame_time_vector")."""
    data = bitstream if bitstream is not None else encode(syntax, frames, fps)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    sop_uid = generate_uid()
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = syntax
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    ds.PatientName, ds.PatientID = "VIDÉO^Afi", "VID-001"
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.StudyDate, ds.StudyTime = "20260301", "101500"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = modality, 1, 1
    ds.SeriesDescription = "Coloscopie"
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "YBR_PARTIAL_420", 0
    ds.Rows, ds.Columns = ROWS, COLUMNS
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.NumberOfFrames = frames
    ds.FrameIncrementPointer = 0x00181063
    if timing == "cine_rate":
        ds.CineRate = int(fps)
        ds.FrameTime = 1000.0 / fps
    elif timing == "frame_time":
        ds.FrameTime = 1000.0 / fps
    else:
        ds.FrameIncrementPointer = 0x00181065
        ds.FrameTimeVector = [0.0] + [1000.0 / fps] * (frames - 1)
    fragments = [data[i:i + 4096] for i in range(0, len(data), 4096)]
    ds.PixelData = encapsulate([b"".join(fragments)], fragments_per_frame=max(1, len(fragments)))
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return {"path": path, "study_uid": ds.StudyInstanceUID, "series_uid": ds.SeriesInstanceUID,
            "sop_uid": sop_uid, "frames": frames, "fps": fps}
