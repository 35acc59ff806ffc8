"""GSPS from another system: a Softcopy VOI LUT *table* (LUT Descriptor/LUT Data) and a BITMAP display
shutter (the overlay plane kept in the presentation state itself), read and applied to the pixels shown."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from synthetic import write_series

# The LUT maps HU (first mapped value -1024, written unsigned as 64512) in three steps a window cannot
# make: air (-1000) -> 10000, tissue (40) -> 40000, bone (1000) -> 65535 of 16 bits.
LUT_FIRST = -1024
LUT_ENTRIES = np.array([10000 if hu < 0 else 40000 if hu < 500 else 65535 for hu in range(-1024, 1025)], np.uint16)
# Display bytes the renderer must give (v / 65535 * 255, truncated as DCMTK does).
AIR, TISSUE, BONE = 38, 155, 255
SHUTTER_ROWS = slice(48, 64)  # image rows hidden by the bitmap (overlay placed at row 33, its lower half set)


def build_gsps(img: Dataset, *, lut=True, bitmap=True) -> Dataset:
    ps = Dataset()
    ps.SOPClassUID = "1.2.840.10008.5.1.4.1.1.11.1"
    ps.SOPInstanceUID = generate_uid()
    ps.StudyInstanceUID, ps.SeriesInstanceUID = img.StudyInstanceUID, generate_uid()
    ps.PatientID, ps.PatientName, ps.Modality = img.PatientID, img.PatientName, "PR"
    ps.Manufacturer = "Other"
    ps.ContentLabel, ps.ContentDate, ps.ContentTime = "OTHER", "20261120", "120000"
    ps.PresentationCreationDate, ps.PresentationCreationTime = "20261120", "120000"
    series = Dataset()
    series.SeriesInstanceUID = img.SeriesInstanceUID
    ref = Dataset()
    ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = img.SOPClassUID, img.SOPInstanceUID
    series.ReferencedImageSequence = [ref]
    ps.ReferencedSeriesSequence = [series]
    if lut:
        table = Dataset()
        table.LUTDescriptor = [len(LUT_ENTRIES), LUT_FIRST + 65536, 16]
        table.LUTExplanation = "three steps"
        table.LUTData = LUT_ENTRIES.tolist()
        table["LUTData"].VR = "US"
        voi = Dataset()
        target = Dataset()
        target.ReferencedSOPClassUID, target.ReferencedSOPInstanceUID = img.SOPClassUID, img.SOPInstanceUID
        voi.ReferencedImageSequence = [target]
        voi.VOILUTSequence = [table]
        ps.SoftcopyVOILUTSequence = [voi]
    if bitmap:
        bits = np.zeros((32, 64), dtype=np.uint8)
        bits[16:, :] = 1  # the lower half of a plane placed at row 33: image rows 49..64 (1-based)
        ps.ShutterShape = "BITMAP"
        ps.ShutterOverlayGroup = 0x6000
        ps.ShutterPresentationValue = 0
        ps.add_new(0x60000010, "US", 32)
        ps.add_new(0x60000011, "US", 64)
        ps.add_new(0x60000040, "CS", "G")
        ps.add_new(0x60000050, "SS", [33, 1])
        ps.add_new(0x60000100, "US", 1)
        ps.add_new(0x60000102, "US", 0)
        ps.add_new(0x60003000, "OW", np.packbits(bits.ravel(), bitorder="little").tobytes())
    ps.PresentationLUTShape = "IDENTITY"
    ps.file_meta = FileMetaDataset()
    ps.file_meta.MediaStorageSOPClassUID, ps.file_meta.MediaStorageSOPInstanceUID = ps.SOPClassUID, ps.SOPInstanceUID
    ps.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ps


@pytest.fixture
def written(tmp_path):
    info = write_series(tmp_path / "src", slices=1, rows=64, cols=64, shuffle=False)
    img = pydicom.dcmread(info["files"][0], stop_before_pixels=True)
    path = tmp_path / "src" / "ps.dcm"
    build_gsps(img).save_as(path, enforce_file_format=True)
    return info, img, path


def test_reader_keeps_the_lut_table_and_the_bitmap(written):
    from viewer.dicom.findings.gsps_read import read_presentation_state
    from viewer.model.measurements import ImageRef

    _, img, path = written
    ps, notes = read_presentation_state(pydicom.dcmread(path))
    assert notes == []
    ref = ImageRef(img.StudyInstanceUID, img.SeriesInstanceUID, img.SOPInstanceUID, 0)
    lut = ps.lut_for(ref)
    assert lut is not None and lut.bits == 16 and lut.size == len(LUT_ENTRIES)
    assert (lut.values == LUT_ENTRIES).all()
    assert ps.window_for(ref) is None
    assert ps.shutter.shapes == ("BITMAP",) and ps.shutter.bitmap.shape == (32, 64)
    assert ps.shutter.bitmap_origin == (32, 0)


def test_bitmap_shutter_mask_follows_the_overlay_origin(written):
    from viewer.dicom.findings.gsps_read import read_presentation_state
    from viewer.presentation.states import presentation_shutter

    _, _, path = written
    ps, _ = read_presentation_state(pydicom.dcmread(path))
    mask, value = presentation_shutter(ps.shutter, 64, 64)
    assert value == 0
    assert not mask[SHUTTER_ROWS].any() and mask[:48].all()


@pytest.mark.gui
def test_lut_table_and_bitmap_shutter_shape_the_rendered_pixels(qtbot, written, tmp_path):
    from gui_helpers import import_and_open
    from viewer.dicom.pixels import Window

    info, _, _ = written
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    vp = window.grid.active
    image = vp.last_scene.image
    # block_image: left half air, right half tissue, a bone square at rows 8-23, columns 0-15.
    assert (image[30:48, 20:32] == AIR).all()
    assert (image[30:48, 32:] == TISSUE).all()
    assert (image[8:24, 0:16] == BONE).all()
    assert (image[SHUTTER_ROWS] == 0).all()  # the bitmap shutter, even over the tissue half
    # Windowing by hand replaces the presentation state's table (the shutter stays).
    vp.set_window(Window(40, 400))
    qtbot.waitUntil(lambda: vp.last_scene.window is not None and vp.last_scene.window.width == 400, timeout=5000)
    image = vp.last_scene.image
    assert (image[30:48, 20:32] == 0).all() and 120 <= int(image[30, 40]) <= 135
    assert (image[SHUTTER_ROWS] == 0).all()


def test_image_with_only_a_voi_lut_table_is_shown_through_it(tmp_path):
    """The image's own VOI LUT Sequence (no window) decides its grey levels until the reader windows."""
    from viewer.dicom.pixels import Window
    from viewer.model.displaysets import FrameRef, ImageStack
    from viewer.model.frames import load_frame
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    info = write_series(tmp_path / "src", slices=1, rows=64, cols=64, shuffle=False, window=None)
    path = info["files"][0]
    ds = pydicom.dcmread(path)
    table = Dataset()
    table.add_new(0x00283002, "SS", [len(LUT_ENTRIES), LUT_FIRST, 16])  # signed image: SS descriptor
    table.LUTData = LUT_ENTRIES.tolist()
    table["LUTData"].VR = "US"
    ds.VOILUTSequence = [table]
    ds.save_as(path)
    ref = FrameRef(path, 0, ds.SOPInstanceUID, 1)
    frame = load_frame(ref)
    stack = ImageStack(uid="s", study_uid="s", series_uid="s", modality="CT", number=1, description="", frames=(ref,))
    state = ViewportState(display_set=stack)
    scene = build_scene(state, frame, PatientContext())
    assert scene.window is None
    assert (scene.image[30:48, 20:32] == AIR).all() and (scene.image[30:48, 32:] == TISSUE).all()
    windowed = build_scene(ViewportState(display_set=stack, window=Window(40, 400)), frame, PatientContext())
    assert windowed.window.width == 400 and (windowed.image[30:48, 20:32] == 0).all()


@pytest.mark.gui
@pytest.mark.parametrize("photometric, shape, inverted", [("MONOCHROME2", "INVERSE", True), ("MONOCHROME1", "IDENTITY", False)])
def test_presentation_lut_shape_decides_the_inversion(qtbot, tmp_path, photometric, shape, inverted):
    """A GSPS's Presentation LUT Shape replaces the image's own inversion (MONOCHROME1 comes with INVERSE)."""
    from gui_helpers import import_and_open

    info = write_series(tmp_path / "src", slices=1, rows=64, cols=64, shuffle=False)
    path = info["files"][0]
    img = pydicom.dcmread(path)
    img.PhotometricInterpretation = photometric
    img.save_as(path)
    ps = build_gsps(img, bitmap=False)
    ps.PresentationLUTShape = shape
    ps.save_as(tmp_path / "src" / "ps.dcm", enforce_file_format=True)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "src", info["study_uid"])
    image = window.grid.active.last_scene.image
    # By hand, inverted: 1 - 10000/65535 -> 216, 1 - 40000/65535 -> 99, bone 0 (truncated as DCMTK does).
    air, tissue, bone = (216, 99, 0) if inverted else (AIR, TISSUE, BONE)
    assert (image[30:48, 20:32] == air).all() and (image[30:48, 32:] == tissue).all() and (image[8:24, 0:16] == bone).all()


def test_cauri_gsps_of_a_monochrome1_image_says_inverse(tmp_path):
    """Cauri's own presentation state keeps a MONOCHROME1 image looking as it did (its shape replaces the
    image's inversion when read back), and stays dciodvfy-clean."""
    from test_findings_roundtrip import dciodvfy_errors
    from viewer.presentation.states import with_presentation_shape
    from viewer.model.measurements import ImageRef, Measurement, MeasurementKind as K, read_findings, save_findings
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=2, rows=64, cols=64, shuffle=False)
    for path in info["files"][:1]:
        ds = pydicom.dcmread(path)
        ds.PhotometricInterpretation = "MONOCHROME1"
        ds.save_as(path)
    refs = [ImageRef(info["study_uid"], info["series_uid"], pydicom.dcmread(p).SOPInstanceUID, 0) for p in info["files"]]
    with StudyCache(tmp_path / "cache") as cache:
        import_paths(cache, [tmp_path / "src"])
        uids = save_findings(cache, info["study_uid"], [Measurement(K.ARROW, [(5, 5), (20, 20)], r) for r in refs])
        assert len(uids) == 2  # one presentation state per inversion: each states its own shape
        for uid in uids:
            assert dciodvfy_errors(cache.instance_path(uid)) == []
        states = read_findings(cache, info["study_uid"]).presentation_states
        shapes = {ps.images[0].sop_uid: ps.presentation_lut_shape for ps in states}
    assert shapes == {refs[0].sop_uid: "INVERSE", refs[1].sop_uid: "IDENTITY"}
    from viewer.dicom.pixels import describe_frame

    assert with_presentation_shape(describe_frame(info["files"][0]), shapes[refs[0].sop_uid]).is_inverted
