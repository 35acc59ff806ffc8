"""Issue 19: every reason a damaged image is refused for is a catalogued message said in French too, never a
codec's or parser's own words ("pylibjpeg: The decoded segment length does not match", "Missing required
element: (0028,0101) 'Bits Stored'", "index out of bounds: the len is 60000"). The mutation campaign found
these last 2.4 % of refusals in ``info``; each file kind below reproduces one of them."""

from __future__ import annotations

import struct
import warnings

import numpy as np
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate, generate_fragmented_frames
from pydicom.uid import (ExplicitVRLittleEndian, JPEG2000Lossless, RLELossless, SecondaryCaptureImageStorage,
                         generate_uid)

from viewer.commands.info_cmd import describe
from viewer.core.messages import Message, in_language
from viewer.core.messages_fr import FRENCH
from viewer.model.loose_files import open_paths

pytestmark = pytest.mark.timeout(120)

# Words of the libraries under Cauri: none may reach the reader.
LIBRARY_WORDS = ("pylibjpeg", "libjpeg", "openjpeg", "pyjpegls", "gdcm", "(0028", "index out of bounds",
                 "Missing required element", "segment", "Error decoding", "Traceback")


def _image(rows=32, cols=32) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.Modality = generate_uid(), generate_uid(), "OT"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = (np.arange(rows * cols, dtype=np.uint16) % 4096).reshape(rows, cols).tobytes()
    return ds


def _encapsulated(ds: Dataset, syntax, codestream: bytes) -> Dataset:
    ds.file_meta.TransferSyntaxUID = syntax
    ds.PixelData = encapsulate([codestream])
    ds["PixelData"].VR = "OB"
    return ds


def _rle_with_lying_segment() -> Dataset:
    ds = _image()
    ds.compress(RLELossless, encoding_plugin="pydicom")
    frame = next(generate_fragmented_frames(ds.PixelData))[0]
    header = list(struct.unpack("<16L", frame[:64]))
    header[2] = len(frame) + 4000  # the second segment starts beyond the frame
    return _encapsulated(ds, RLELossless, struct.pack("<16L", *header) + frame[64:])


def _j2k_with_garbage() -> Dataset:
    ds = _image()
    ds.compress(JPEG2000Lossless)
    frame = bytearray(next(generate_fragmented_frames(ds.PixelData))[0])
    start = len(frame) // 3
    frame[start:] = (bytes(range(256)) * (len(frame) // 256 + 1))[: len(frame) - start]
    return _encapsulated(ds, JPEG2000Lossless, bytes(frame))


def _impossible_bits_stored() -> Dataset:
    ds = _image()
    ds.compress(JPEG2000Lossless)
    ds.BitsStored = 40  # more than the 16 allocated
    return ds


def _truncated_native() -> Dataset:
    ds = _image()
    ds.PixelData = ds.PixelData[:300]
    return ds


def _palette_with_bad_tables() -> Dataset:
    ds = _image()
    ds.BitsStored, ds.HighBit = 16, 15
    ds.PhotometricInterpretation = "PALETTE COLOR"
    for colour in ("Red", "Green", "Blue"):
        setattr(ds, f"{colour}PaletteColorLookupTableDescriptor", [256, 0, 16])
        setattr(ds, f"{colour}PaletteColorLookupTableData", b"\x00\x01" * 3)  # 3 entries where 256 are declared
    return ds


@pytest.mark.parametrize("make", [_rle_with_lying_segment, _j2k_with_garbage, _impossible_bits_stored, _truncated_native,
                                  _palette_with_bad_tables], ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_image_is_refused_in_the_readers_words(tmp_path, monkeypatch, make):
    path = tmp_path / "damaged.dcm"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        make().save_as(path, enforce_file_format=True)
    monkeypatch.setenv("CAURI_HOME", str(tmp_path / "home"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with open_paths([str(path)]) as loose:
            report = describe(loose)
    reasons = [e["reason"] for e in report["errors"]]
    assert reasons, f"{make.__name__}: the damaged frame was not reported at all: {report}"
    for reason in reasons:
        assert isinstance(reason, Message) and reason.template in FRENCH, f"not catalogued: {reason!r}"
        french = in_language(reason, "fr")
        for text in (str(reason), french):
            assert not any(word.lower() in text.lower() for word in LIBRARY_WORDS), text
        assert french != str(reason)


def test_a_large_frame_crosses_from_the_decode_worker_intact(tmp_path):
    """Frames of 4 MiB and more are copied out of the worker's shared block a megabyte at a time, each
    megabyte released once copied (the campaign's memory figure); the pixels must arrive exactly as stored,
    the last partial megabyte included. Expected: the array written before compression."""
    from viewer.dicom import decoding
    from viewer.model.displaysets import FrameRef
    from viewer.model.frames import FrameLoader

    rows, cols = 1500, 1413  # 4.04 MiB of 16-bit samples: above the threshold, not a whole number of MiB
    ds = _image(rows, cols)
    expected = np.random.default_rng(19).integers(0, 4096, (rows, cols), dtype=np.uint16)
    ds.PixelData = expected.tobytes()
    ds.compress(RLELossless, encoding_plugin="pydicom")
    path = tmp_path / "large_rle.dcm"
    ds.save_as(path, enforce_file_format=True)
    assert expected.nbytes >= decoding._RELEASE_BYTES and expected.nbytes % decoding._RELEASE_CHUNK
    loader = FrameLoader(max_bytes=0, workers=1)
    try:
        ref = FrameRef(path=path, frame=0, sop_uid=ds.SOPInstanceUID, instance_number=1)
        frame = loader.load(ref)
    finally:
        loader.shutdown()
    assert frame.error == "" and np.array_equal(frame.stored, expected)
