"""Frames pylibjpeg cannot decode go through GDCM, in the isolated decode workers, before they are called
undecodable: JPEG Extended 12-bit with a marker libjpeg refuses (pydicom's JPEG-lossy.dcm), the retired
spectral-selection (6/8) and full-progression (10/12) processes at 8 and 12 bits. Expected pixels come from
GDCM's command-line tool (``gdcmconv --raw``, Debian's GDCM build: another build than python-gdcm) written
uncompressed and read back without any codec; DCMTK's dcmcjpeg makes the retired-process files. Where the
usual plugin decodes, the result is the plugin's, unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import ExplicitVRLittleEndian

from conftest import shared_data
from dicom_writer import write_image
from viewer.dicom.decode import PixelDataError, decode_frame
from viewer.dicom.decoding import DecodeService

ROOT = Path(__file__).resolve().parents[1]
RETIRED = {"es": "1.2.840.10008.1.2.4.53", "ep": "1.2.840.10008.1.2.4.55"}  # dcmcjpeg option -> syntax


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (apt: dcmtk, libgdcm-tools)")


def gdcm_reference(src: Path, tmp: Path) -> np.ndarray:
    """GDCM's own decoding, through its command-line tool, as an uncompressed file read back plainly."""
    out = tmp / f"{src.stem}.gdcm-raw.dcm"
    subprocess.run(["gdcmconv", "--raw", str(src), str(out)], check=True, capture_output=True, timeout=60)
    ds = pydicom.dcmread(out)
    assert ds.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    return ds.pixel_array


@pytest.fixture(scope="module")
def jpeg_files(tmp_path_factory) -> dict[str, Path]:
    need("dcmcjpeg")
    need("gdcmconv")
    tmp = tmp_path_factory.mktemp("jpeg")
    y, x = np.mgrid[0:96, 0:128]
    sources = {"12": tmp / "src12.dcm", "8": tmp / "src8.dcm"}
    write_image(sources["12"], ((x * 31 + y * 17) % 4096).astype(np.uint16), bits_stored=12)
    write_image(sources["8"], ((x * 3 + y * 5) % 256).astype(np.uint8))
    files = {}
    for bits, src in sources.items():
        for option in ("ee", *RETIRED):
            target = tmp / f"b{bits}_{option}.dcm"
            subprocess.run(["dcmcjpeg", f"+{option}", str(src), str(target)], check=True, capture_output=True, timeout=60)
            files[f"{bits}-{option}"] = target
    return files


def decode_all(paths: list[Path]) -> dict[Path, np.ndarray]:
    service = DecodeService(workers=1)
    try:
        return {p: service.decode(str(p), 0).stored for p in paths}
    finally:
        service.shutdown()


def test_retired_processes_and_odd_markers_decode_to_gdcms_pixels(jpeg_files, tmp_path):
    odd = shared_data("pypi-pydicom-3.0.2", "test_files", "JPEG-lossy.dcm")  # libjpeg: "misplaced marker"
    retired = [p for key, p in jpeg_files.items() if not key.endswith("-ee")]
    for path in retired:
        syntax = str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)
        assert syntax in RETIRED.values()  # pydicom has no decoder for these at all
    decoded = decode_all([odd, *retired])
    for path, pixels in decoded.items():
        expected = gdcm_reference(path, tmp_path)
        assert pixels.shape == expected.shape and pixels.dtype == expected.dtype, path.name
        np.testing.assert_array_equal(pixels, expected, err_msg=path.name)
    # GDCM's own regression table (GROUND_TRUTH_gdcm_pixel_md5.tsv) has this file's MD5 as well.
    assert hashlib.md5(np.ascontiguousarray(decoded[odd]).tobytes()).hexdigest() == "812050a7fc53b5735f7740b60969cb6b"
    # 12-bit samples really are 12-bit (not cut to 8): the synthetic ramp reaches 4000 and more.
    assert decoded[jpeg_files["12-ep"]].max() > 4000


def test_frames_the_usual_plugins_decode_are_unchanged(jpeg_files):
    usual = [
        jpeg_files["12-ee"], jpeg_files["8-ee"],
        shared_data("pypi-pydicom-3.0.2", "test_files", "JPGExtended.dcm"),
        shared_data("pypi-pydicom-3.0.2", "test_files", "SC_rgb_jpeg_dcmtk.dcm"),
        shared_data("pypi-pydicom-data-1.0.0", "data", "JPEG-LL.dcm"),
    ]
    decoded = decode_all(usual)
    for path in usual:
        ds = pydicom.dcmread(path)
        plugin = "pylibjpeg" if str(ds.file_meta.TransferSyntaxUID).endswith((".50", ".51")) else "gdcm"
        expected = pydicom.pixels.pixel_array(ds, decoding_plugin=plugin, as_rgb=True)
        np.testing.assert_array_equal(decoded[path], expected, err_msg=path.name)


def test_gdcm_is_used_only_in_the_isolated_workers(jpeg_files):
    """In the reader's own process a frame no plugin decodes stays an error: GDCM is C++ that a damaged
    stream can crash, and only a worker may pay for that."""
    ds = pydicom.dcmread(jpeg_files["12-ep"])
    with pytest.raises(PixelDataError, match="not supported"):
        decode_frame(ds, 0)


def test_cauri_info_decodes_them_quietly(jpeg_files, tmp_path):
    """The command line: every image decodes (exit 0, stats from real pixels), the syntaxes are called
    decodable, and nothing of GDCM's codec chatter reaches the terminal."""
    odd = shared_data("pypi-pydicom-3.0.2", "test_files", "JPEG-lossy.dcm")
    files = [str(jpeg_files["12-es"]), str(jpeg_files["8-ep"]), str(odd)]
    env = dict(os.environ, CAURI_HOME=str(tmp_path / "home"))
    run = subprocess.run([sys.executable, "-m", "viewer", "info", "--json", "--stats", *files],
                         capture_output=True, text=True, timeout=180, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert run.stderr.strip() == ""  # no "Unsupported JPEG data precision 12" from GDCM's libjpeg
    report = json.loads(run.stdout)
    assert report["errors"] == []
    syntaxes = {t["uid"]: t["decodable"] for e in report["series"] for t in e["transfer_syntaxes"]}
    assert syntaxes == {RETIRED["es"]: True, RETIRED["ep"]: True, "1.2.840.10008.1.2.4.51": True}
    maxima = sorted(e["stats"]["max"] for e in report["series"])
    assert maxima[-1] > 4000  # the 12-bit ramp, decoded
