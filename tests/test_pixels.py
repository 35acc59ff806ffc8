"""Pixel pipeline against independent references: GDCM's pixel MD5 table, DCMTK's dcm2pnm/dcmdjpeg,
GDCM's own palette linearisation, dcm2niix's NIfTI output, and the PS3.3 C.11.2.1.2 formulas.

What the GDCM MD5s are compared with: the decoded stored values as read_frame returns them (native-endian,
frames concatenated) for grayscale and for colour that GDCM also hands over as RGB (RGB, J2K with RCT undone
by the codec); for PALETTE COLOR GDCM's buffer holds the palette indices, so the raw decode is compared.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pydicom
import pytest

from viewer.dicom.decode import PixelDataError, decode_frame
from viewer.dicom.overlays import apply_shutter, burn_overlays, read_overlays, shutter_mask, shutter_value
from viewer.dicom.pixels import (
    LUT,
    PixelDescriptor,
    Window,
    auto_window,
    describe_frame,
    file_window,
    padding_mask,
    read_frame,
    render_display,
    to_modality,
    voi_transform,
)


def corpus() -> Path:
    from conftest import shared_data

    return shared_data()


def load(rel: str) -> pydicom.Dataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(corpus() / rel, force=True)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (apt: dcmtk / libgdcm-tools)")
    return path


def read_pnm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    m = re.match(rb"(P[56])\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, "not a binary PGM/PPM"
    kind, w, h, maxval = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
    arr = np.frombuffer(data[m.end():], dtype=np.uint8 if maxval < 256 else ">u2")
    return arr.reshape(h, w, 3) if kind == b"P6" else arr.reshape(h, w)


def dcm2pnm(src: Path, tmp_path: Path, *options: str, frame: int = 0) -> np.ndarray:
    need("dcm2pnm")
    out = tmp_path / f"ref{frame}.pnm"
    subprocess.run(["dcm2pnm", "-q", "+F", str(frame + 1), *options, str(src), str(out)], check=True, timeout=60)
    return read_pnm(out)


def diff(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    assert a.shape == b.shape, (a.shape, b.shape)
    return np.abs(a.astype(np.int32) - b.astype(np.int32))


def synthetic(**overrides) -> PixelDescriptor:
    base = dict(
        rows=4, columns=4, samples_per_pixel=1, photometric="MONOCHROME2", bits_allocated=16, bits_stored=16,
        high_bit=15, pixel_representation=1, rescale_slope=1.0, rescale_intercept=0.0, rescale_type="", windows=(),
    )
    base.update(overrides)
    return PixelDescriptor(**base)


# --------------------------------------------------------------------------------------------- formulas


def test_voi_linear_formula():
    w = Window(40, 400)
    # PS3.3 C.11.2.1.2.1: x <= c - 0.5 - (w-1)/2 -> ymin; x > c - 0.5 + (w-1)/2 -> ymax.
    lo, hi = 40 - 0.5 - 399 / 2, 40 - 0.5 + 399 / 2
    x = np.array([lo - 10, lo, lo + 1, 40, hi, hi + 0.01])
    y = voi_transform(x, w)
    assert y[0] == 0 and y[1] == 0 and y[-1] == 1
    assert y[2] == pytest.approx(((lo + 1 - 39.5) / 399 + 0.5))
    assert y[3] == pytest.approx((0.5 / 399) + 0.5)
    assert y[4] == pytest.approx(1.0)


def test_voi_linear_exact_and_sigmoid_formulas():
    w = Window(100, 50, function="LINEAR_EXACT")
    y = voi_transform(np.array([75, 80, 100, 125, 130]), w)
    np.testing.assert_allclose(y, [0, 0.1, 0.5, 1.0, 1.0])
    s = Window(100, 50, function="SIGMOID")
    y = voi_transform(np.array([100, 125, 75, -1e6]), s)
    np.testing.assert_allclose(y, [0.5, 1 / (1 + np.exp(-2)), 1 / (1 + np.exp(2)), 0.0], atol=1e-12)
    # The three functions give different displays for the same centre/width.
    desc = synthetic()
    stored = np.array([[60, 80, 100, 120]], dtype=np.int16)
    outs = [render_display(stored, desc, Window(100, 50, function=f)) for f in ("LINEAR", "LINEAR_EXACT", "SIGMOID")]
    assert outs[0].tolist() != outs[2].tolist() and outs[1].tolist() != outs[2].tolist()
    assert outs[1].tolist() == [[0, 25, 127, 229]]  # floor(255 * (x - c) / w + 127.5)


def test_render_fast_path_equals_float_pipeline():
    rng = np.random.default_rng(0)
    stored = rng.integers(-2048, 3000, size=(512, 512)).astype(np.int16)
    desc = synthetic(rows=512, columns=512, rescale_slope=1.0, rescale_intercept=-1024.0)
    w = Window(40, 400)
    out = render_display(stored, desc, w)
    expected = np.floor(voi_transform(stored.astype(np.float64) - 1024.0, w) * 255 + 1e-6).astype(np.uint8)
    np.testing.assert_array_equal(out, expected)
    # A new window rebuilds the table and still gives the float pipeline's pixels (its speed: `cauri bench decode`).
    for i in (1, 2):
        w = Window(40 + i, 400 + i)
        expected = np.floor(voi_transform(stored.astype(np.float64) - 1024.0, w) * 255 + 1e-6).astype(np.uint8)
        np.testing.assert_array_equal(render_display(stored, desc, w), expected)


def test_inversions_are_applied_after_voi():
    desc = synthetic()
    mono1 = synthetic(photometric="MONOCHROME1")
    stored = np.array([[0, 50, 100, 200]], dtype=np.int16)
    w = Window(100, 200)
    normal = render_display(stored, desc, w)
    inverted = np.floor((1.0 - voi_transform(stored, w)) * 255 + 1e-6).astype(np.uint8)
    np.testing.assert_array_equal(render_display(stored, mono1, w), inverted)
    assert render_display(stored, mono1, w).tolist()[0][0] == 255  # low values white
    np.testing.assert_array_equal(render_display(stored, desc, w, invert=True), render_display(stored, mono1, w))
    # An image's own INVERSE shape on MONOCHROME1 states the same inversion, it does not undo it.
    both = synthetic(photometric="MONOCHROME1", presentation_lut_shape="INVERSE")
    np.testing.assert_array_equal(render_display(stored, both, w), render_display(stored, mono1, w))
    inverse2 = synthetic(presentation_lut_shape="INVERSE")
    assert (render_display(stored, inverse2, w) != normal).any()


def test_modality_lut_sequence_on_synthetic_lut():
    lut = LUT(first_mapped=-2, bits=16, entries=np.array([100, 200, 300, 400], dtype=np.uint16).tobytes())
    desc = synthetic(modality_lut=lut)
    stored = np.array([[-5, -2, 0, 1, 9]], dtype=np.int16)
    np.testing.assert_array_equal(to_modality(stored, desc), [[100, 100, 300, 400, 400]])


def test_auto_window_ignores_padding_and_background():
    desc = synthetic(padding_value=-2000, rescale_intercept=-1024.0)
    rng = np.random.default_rng(1)
    stored = np.full((256, 256), -2000, dtype=np.int16)
    stored[64:192, 64:192] = rng.integers(900, 1100, size=(128, 128))  # soft tissue around 0 HU
    w = auto_window(to_modality(stored, desc), desc)
    assert w.explanation == "AUTO" and -150 < w.center < 100 and w.width < 300
    assert padding_mask(stored, desc).sum() == 256 * 256 - 128 * 128
    assert file_window(desc, stored) == w
    assert file_window(synthetic(windows=(Window(1, 2, "FILE"),))).explanation == "FILE"


# --------------------------------------------------------------------------------------------- real files


def test_ct_small_signed_rescale():
    ds = load("pypi-pydicom-3.0.2/test_files/CT_small.dcm")
    desc = describe_frame(ds)
    stored = read_frame(ds)
    assert stored.dtype == np.int16 and desc.pixel_representation == 1
    assert (desc.rescale_slope, desc.rescale_intercept, desc.rescale_type) == (1.0, -1024.0, "HU")
    hu = to_modality(stored, desc)
    assert hu.dtype == np.float32
    np.testing.assert_array_equal(hu, stored.astype(np.float32) - 1024)
    np.testing.assert_array_equal(stored, ds.pixel_array)
    assert desc.padding_value == -2000


def test_uncompressed_read_is_a_view():
    ds = load("gh-cornerstonejs-dicomParser/testImages/CT1_UNC.explicit_little_endian.dcm")
    stored = read_frame(ds)
    assert not stored.flags.owndata  # no copy of a 512x512 slice for plain little-endian data (speed: `cauri bench decode`)
    assert not read_frame(ds).flags.owndata and np.shares_memory(read_frame(ds), stored)


def test_big_endian_gives_native_identical_values():
    le = read_frame(load("gh-cornerstonejs-dicomParser/testImages/CT1_UNC.explicit_little_endian.dcm"))
    be = read_frame(load("gh-cornerstonejs-dicomParser/testImages/CT1_UNC.explicit_big_endian.dcm"))
    assert be.dtype.isnative and be.dtype == np.int16
    np.testing.assert_array_equal(le, be)


def _nifti(path: Path) -> np.ndarray:
    import struct

    b = path.read_bytes()
    dims = struct.unpack_from("<8h", b, 40)
    code = struct.unpack_from("<h", b, 70)[0]
    offset = int(struct.unpack_from("<f", b, 108)[0])
    dtype = {2: "u1", 4: "<i2", 512: "<u2"}[code]
    return np.frombuffer(b, dtype=dtype, count=dims[1] * dims[2] * dims[3], offset=offset).reshape(dims[3], dims[2], dims[1])


@pytest.mark.parametrize(
    "name, ref",
    [("12bitUnsigned.dcm", 2), ("12bitUnsigned_0x0F0F.dcm", 3), ("12bitSigned_0x0F0F.dcm", 4)],
)
def test_bits_stored_below_allocated_match_dcm2niix(name, ref):
    root = corpus() / "gh-neurolabusc-dcm_qa_12bit"
    ds = load(f"gh-neurolabusc-dcm_qa_12bit/In/{name}")
    stored = read_frame(ds)
    assert int(ds.BitsStored) == 12 and int(ds.BitsAllocated) == 16
    if ds.PixelRepresentation:
        assert stored.min() >= -2048 and stored.max() <= 2047 and {-241, -1} <= set(np.unique(stored).tolist())
    else:
        assert stored.max() <= 4095
    # Siemens mosaic: 6x6 tiles of 64x64; dcm2niix's NIfTI holds the tiles as slices with rows flipped.
    tiles = np.stack([stored[(k // 6) * 64:(k // 6 + 1) * 64, (k % 6) * 64:(k % 6 + 1) * 64] for k in range(35)])
    expected = _nifti(root / "Ref" / f"{ref}.nii")[:, ::-1, :]
    np.testing.assert_array_equal(tiles.astype(np.int32), expected.astype(np.int32))


def test_all_dcm_qa_ts_syntaxes_decode_identically():
    files = sorted((corpus() / "gh-neurolabusc-dcm_qa_ts/In").glob("*.dcm"))
    assert len(files) == 9
    arrays = {f.name: read_frame(load(str(f.relative_to(corpus())))) for f in files}
    first = arrays["1.dcm"]
    for name, arr in arrays.items():
        np.testing.assert_array_equal(arr, first, err_msg=name)


def _gdcm_rows():
    from conftest import SHARED_DATA, corpus_missing

    table = SHARED_DATA / "GROUND_TRUTH_gdcm_pixel_md5.tsv"
    if not table.is_file():
        return [pytest.param("", "", marks=pytest.mark.skip(reason=corpus_missing(table)))]
    rows = []
    for line in table.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        path, md5, _ = line.split("\t")
        rows.append(pytest.param(path, md5, id=Path(path).name))
    return rows


@pytest.mark.parametrize("path, md5", _gdcm_rows())
def test_gdcm_pixel_md5(path, md5, tmp_path):
    ds = load(path)
    nframes = int(ds.get("NumberOfFrames") or 1)
    name = Path(path).name
    if name == "JPEG-lossy.dcm":
        # GDCM reads it while complaining of invalid SOS parameters; libjpeg refuses it. In this process we
        # must refuse cleanly; the isolated decode workers hand it to GDCM (test_decode_gdcm_fallback).
        with pytest.raises(PixelDataError, match="JPEG Extended"):
            read_frame(ds)
        return
    if ds.PhotometricInterpretation == "PALETTE COLOR":
        frames = [decode_frame(ds, i, raw=True)[0] for i in range(nframes)]
    else:
        frames = [read_frame(ds, i) for i in range(nframes)]
    data = np.stack(frames) if nframes > 1 else frames[0]
    got = hashlib.md5(np.ascontiguousarray(data).tobytes()).hexdigest()
    if got == md5:
        return
    # Lossy JPEG: IDCT rounding differs between libjpeg (ours) and IJG (GDCM, DCMTK). DCMTK's decode must
    # reproduce GDCM's MD5, and ours must be within one grey level of it.
    assert ds.file_meta.TransferSyntaxUID in (pydicom.uid.JPEGExtended12Bit, pydicom.uid.JPEGBaseline8Bit), name
    need("dcmdjpeg")
    out = tmp_path / "ijg.dcm"
    subprocess.run(["dcmdjpeg", str(corpus() / path), str(out)], check=True, timeout=60)
    ref = read_frame(pydicom.dcmread(out))
    assert hashlib.md5(ref.tobytes()).hexdigest() == md5
    assert diff(data, ref).max() <= 1


def test_decode_failures_are_clean():
    root = corpus()
    gdcm_decodes = {line.split("\t")[0] for line in (root / "GROUND_TRUTH_gdcm_pixel_md5.tsv").read_text().splitlines() if not line.startswith("#")}
    failures = [
        line.split("\t")[0]
        for line in (root / "DECODE_CHECK_pydicom.tsv").read_text().splitlines()
        if "\tFAIL" in line
    ]
    assert len(failures) == 13
    for rel in failures:
        try:
            ds = load(rel)
        except Exception:
            continue  # not DICOM at all (zipMR.gz): the importer's business
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pydicom warns about the invalid values we are testing
                arr = read_frame(ds, 0)
        except PixelDataError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            continue
        # We decode what pydicom alone could not only where GDCM's reference proves the pixels right.
        assert rel in gdcm_decodes, f"{rel} decoded to {arr.shape} but is not in the GDCM reference list"


def test_monochrome1_matches_dcm2pnm(tmp_path):
    rel = "gh-highdicom/data/test_files/dx_image.dcm"
    ds = load(rel)
    desc = describe_frame(ds)
    assert desc.photometric == "MONOCHROME1" and desc.presentation_lut_shape == "INVERSE"
    stored = read_frame(ds)
    for opts, window in ((("+Wi", "1"), desc.windows[0]), (("+Ww", "1000", "1500"), Window(1000, 1500))):
        ref = dcm2pnm(corpus() / rel, tmp_path, *opts)
        d = diff(render_display(stored, desc, window), ref)
        assert d.mean() <= 0.1 and d.max() <= 1
    cr = "pypi-pydicom-3.0.2/test_files/dicomdirtests/77654033/CR1/6154"
    ds = load(cr)
    desc = describe_frame(ds)
    d = diff(render_display(read_frame(ds), desc, desc.windows[0]), dcm2pnm(corpus() / cr, tmp_path, "+Wi", "1"))
    assert d.mean() <= 0.2 and d.max() <= 1


@pytest.mark.parametrize(
    "rel",
    [
        "pypi-pydicom-3.0.2/test_files/examples_palette.dcm",
        "pypi-pydicom-data-1.0.0/data/OBXXXX1A.dcm",
        "pypi-pydicom-data-1.0.0/data/color-pl.dcm",  # RGB, planar configuration 1
        "pypi-pydicom-data-1.0.0/data/SC_ybr_full_uncompressed.dcm",
        "pypi-pydicom-3.0.2/test_files/SC_ybr_full_422_uncompressed.dcm",
    ],
)
def test_colour_matches_dcm2pnm(rel, tmp_path):
    ds = load(rel)
    desc = describe_frame(ds)
    rgb = read_frame(ds)
    assert desc.is_color and rgb.dtype == np.uint8 and rgb.shape == (ds.Rows, ds.Columns, 3)
    if rel.endswith("color-pl.dcm"):
        assert desc.planar_configuration == 1
    d = diff(render_display(rgb, desc, None), dcm2pnm(corpus() / rel, tmp_path))
    # YBR->RGB: DCMTK's integer arithmetic vs pydicom's float conversion differ by rounding only.
    assert d.mean() <= 0.5 and d.max() <= 2


def test_segmented_palette_matches_gdcm_linearised(tmp_path):
    need("gdcmconv")
    rel = "pypi-pydicom-data-1.0.0/data/gdcm-US-ALOKA-16.dcm"
    ds = load(rel)
    assert "SegmentedRedPaletteColorLookupTableData" in ds
    linear = tmp_path / "linear.dcm"
    # DCMTK does not read segmented palettes; GDCM expands them, DCMTK then renders: two independent tools.
    subprocess.run(["gdcmconv", "--decompress-lut", str(corpus() / rel), str(linear)], check=True, timeout=60)
    ref = dcm2pnm(linear, tmp_path)
    np.testing.assert_array_equal(read_frame(ds), ref)


def test_jpeg_ybr_matches_dcmtk(tmp_path):
    need("dcmdjpeg")
    for rel, frame in (("pypi-pydicom-3.0.2/test_files/examples_ybr_color.dcm", 7), ("pypi-pydicom-3.0.2/test_files/SC_rgb_jpeg_dcmtk.dcm", 0)):
        ds = load(rel)
        assert ds.PhotometricInterpretation.startswith("YBR")
        out = tmp_path / "plain.dcm"
        subprocess.run(["dcmdjpeg", str(corpus() / rel), str(out)], check=True, timeout=60)
        d = diff(read_frame(ds, frame), dcm2pnm(out, tmp_path, frame=frame))
        assert d.mean() <= 0.1 and d.max() <= 4  # lossy: IDCT rounding of two JPEG libraries


def test_voi_lut_sequence_matches_dcm2pnm(tmp_path):
    rel = "pypi-pydicom-data-1.0.0/data/vlut_04.dcm"
    ds = load(rel)
    desc = describe_frame(ds)
    assert len(desc.voi_luts) == 1 and not desc.windows
    out = render_display(read_frame(ds), desc, None)  # no window: the file's VOI LUT
    np.testing.assert_array_equal(out, dcm2pnm(corpus() / rel, tmp_path, "+Wl", "1"))


def test_modality_lut_sequence_matches_dcm2pnm(tmp_path):
    rel = "pypi-pydicom-data-1.0.0/data/mlut_18.dcm"
    ds = load(rel)
    desc = describe_frame(ds)
    assert desc.modality_lut is not None and desc.modality_lut.first_mapped == -2048
    stored = read_frame(ds)
    lut = np.asarray(ds.ModalityLUTSequence[0].LUTData, dtype=np.float32)
    np.testing.assert_array_equal(to_modality(stored, desc), lut[np.clip(stored.astype(np.int32) + 2048, 0, 4095)])
    d = diff(render_display(stored, desc, Window(2000, 4000)), dcm2pnm(corpus() / rel, tmp_path, "+Ww", "2000", "4000"))
    assert d.max() <= 1 and d.mean() <= 0.05


def test_sigmoid_and_window_match_dcm2pnm(tmp_path):
    rel = "pypi-pydicom-3.0.2/test_files/CT_small.dcm"
    ds = load(rel)
    desc, stored = describe_frame(ds), read_frame(ds)
    for opts, w in ((("+Ww", "40", "400"), Window(40, 400)), (("+Ww", "40", "400", "+Wfs"), Window(40, 400, function="SIGMOID"))):
        d = diff(render_display(stored, desc, w), dcm2pnm(corpus() / rel, tmp_path, *opts))
        assert d.max() <= 1 and d.mean() <= 0.05


def test_enhanced_per_frame_rescale_and_voi():
    ds = load("gh-neurolabusc-dcm_qa_enh/In/Philips/IM_0027_fMAP.dcm")
    magnitude, fieldmap = describe_frame(ds, 0), describe_frame(ds, 32)
    pf = ds.PerFrameFunctionalGroupsSequence
    assert magnitude.rescale_slope == pytest.approx(float(pf[0].PixelValueTransformationSequence[0].RescaleSlope))
    assert fieldmap.rescale_slope == pytest.approx(float(pf[32].PixelValueTransformationSequence[0].RescaleSlope))
    assert magnitude.rescale_slope != fieldmap.rescale_slope
    ds = load("gh-neurolabusc-dcm_qa_enh/In/Siemens/XA10/6_1.dcm")
    first, last = describe_frame(ds, 0), describe_frame(ds, 5)
    voi = ds.PerFrameFunctionalGroupsSequence[5].FrameVOILUTSequence[0]
    assert last.windows[0].center == float(voi.WindowCenter) and last.windows[0].width == float(voi.WindowWidth)
    assert first.windows[0] != last.windows[0]
    assert read_frame(ds, 5).shape == (ds.Rows, ds.Columns)


def test_float_pixel_data_renders():
    ds = load("gh-pydicom-pydicom-data/data_store/data/parametric_map_float.dcm")
    desc = describe_frame(ds)
    values = read_frame(ds)
    assert desc.is_float and values.dtype.kind == "f"
    out = render_display(values, desc, None)
    assert out.dtype == np.uint8 and out.shape == values.shape


# --------------------------------------------------------------------------------------------- overlays, shutters


@pytest.mark.parametrize(
    "rel",
    ["pypi-pydicom-3.0.2/test_files/examples_overlay.dcm", "pypi-pydicom-data-1.0.0/data/MR-SIEMENS-DICOM-WithOverlays.dcm"],
)
def test_overlays_match_dcm2pnm(rel, tmp_path):
    ds = load(rel)
    overlays = read_overlays(ds)
    assert len(overlays) == 1 and overlays[0].bitmap.any() and not overlays[0].embedded
    shown = burn_overlays(render_display(read_frame(ds), describe_frame(ds), Window(1000, 2000)), overlays)
    np.testing.assert_array_equal(shown, dcm2pnm(corpus() / rel, tmp_path, "+Ww", "1000", "2000"))  # DCMTK draws overlays by default


def _tiny(pixels: np.ndarray, **extra) -> pydicom.Dataset:
    from pydicom.dataset import FileMetaDataset

    ds = pydicom.Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = pixels.astype("<u2").tobytes()
    for key, value in extra.items():
        setattr(ds, key, value)
    return ds


def test_embedded_overlay_is_read_and_masked_out_of_the_image():
    values = np.arange(64, dtype=np.uint16).reshape(8, 8) * 50
    pixels = values | (np.eye(8, dtype=np.uint16) << 12)  # overlay in bit 12, above the 12 stored bits
    ds = _tiny(pixels)
    ds.add_new((0x6000, 0x0010), "US", 8)
    ds.add_new((0x6000, 0x0011), "US", 8)
    ds.add_new((0x6000, 0x0040), "CS", "G")
    ds.add_new((0x6000, 0x0050), "SS", [1, 1])
    ds.add_new((0x6000, 0x0100), "US", 16)
    ds.add_new((0x6000, 0x0102), "US", 12)
    np.testing.assert_array_equal(read_frame(ds), values)
    (ov,) = read_overlays(ds)
    assert ov.embedded and ov.origin == (0, 0)
    np.testing.assert_array_equal(ov.bitmap, np.eye(8, dtype=bool))


def test_shutters_rectangular_circular_polygonal():
    ds = _tiny(np.zeros((10, 10)), ShutterShape=["RECTANGULAR", "CIRCULAR"], ShutterLeftVerticalEdge=2,
               ShutterRightVerticalEdge=9, ShutterUpperHorizontalEdge=3, ShutterLowerHorizontalEdge=8,
               CenterOfCircularShutter=[5, 5], RadiusOfCircularShutter=4, ShutterPresentationValue=65535)
    mask = shutter_mask(ds)
    assert mask[4, 4] and not mask[0, 0] and not mask[4, 9] and not mask[1, 4]  # (row 2 is above the rectangle)
    assert mask.sum() < 48  # the circle trims the rectangle's corners
    assert shutter_value(ds) == 255
    shown = apply_shutter(np.full((10, 10), 100, np.uint8), mask, shutter_value(ds))
    assert shown[0, 0] == 255 and shown[4, 4] == 100
    tri = _tiny(np.zeros((10, 10)), ShutterShape="POLYGONAL", VerticesOfThePolygonalShutter=[1, 1, 1, 10, 10, 1])
    pmask = shutter_mask(tri)
    assert pmask[0, 0] and pmask[0, 9] and pmask[9, 0] and not pmask[9, 9] and pmask[2, 2]
    assert shutter_mask(_tiny(np.zeros((4, 4)))) is None
