"""``cauri info``: facts checked against values computed independently from the headers (pydicom), against
dcm2niix's references, and clean error entries for the corpus' malformed files."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pydicom
import pytest

from conftest import shared_data
from synthetic import write_series

ROOT = Path(__file__).resolve().parents[1]


def cauri(home: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, CAURI_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "viewer", *args, "--home", str(home)],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
    )


def describe(*paths, stats: bool = False) -> dict:
    """The command's report, in-process (the subprocess tests cover the command line itself)."""
    from viewer.commands.info_cmd import describe as run_describe
    from viewer.model.loose_files import open_paths

    with open_paths(paths) as loose:
        return run_describe(loose, stats=stats)


def test_dcm_qa_ts_every_syntax_same_geometry_and_values():
    files = sorted(shared_data("gh-neurolabusc-dcm_qa_ts", "In").glob("*.dcm"))
    assert len(files) == 9
    reports = {f.name: describe(f, stats=True) for f in files}
    ref = pydicom.dcmread(files[0], stop_before_pixels=True)
    iop = [float(v) for v in ref.ImageOrientationPatient]
    # dcm2niix's record of the same acquisition.
    dcm2niix = json.loads(shared_data("gh-neurolabusc-dcm_qa_ts", "Ref", "1.json").read_text())
    assert iop == pytest.approx(dcm2niix["ImageOrientationPatientDICOM"], abs=1e-5)
    first = None
    for name, report in reports.items():
        assert not report["errors"], (name, report["errors"])
        (entry,) = report["series"]
        syntax = str(pydicom.dcmread(shared_data("gh-neurolabusc-dcm_qa_ts", "In", name)).file_meta.TransferSyntaxUID)
        assert [t["uid"] for t in entry["transfer_syntaxes"]] == [syntax] and entry["transfer_syntaxes"][0]["decodable"]
        assert (entry["rows"], entry["columns"], entry["slices"], entry["photometric"]) == (384, 384, 1, "MONOCHROME2")
        assert entry["spacing"][:2] == pytest.approx([3.25, 3.25]) and entry["spacing"][2] is None
        assert entry["origin"] == pytest.approx([float(v) for v in ref.ImagePositionPatient])
        assert entry["direction"]["row"] + entry["direction"]["column"] == pytest.approx(iop)
        facts = {k: entry[k] for k in ("rows", "columns", "spacing", "origin", "direction", "stats")}
        if first is None:
            first = facts
        assert facts == first, name  # identical voxels -> identical min/max/mean too
    stored = pydicom.dcmread(files[0]).pixel_array
    assert first["stats"]["min"] == stored.min() and first["stats"]["max"] == stored.max()
    assert first["stats"]["mean"] == pytest.approx(stored.mean())


def test_datalad_series_against_its_headers(tmp_path):
    folder = shared_data("gh-datalad-example-dicom-structural", "dicoms")
    home = tmp_path / "home"
    run = cauri(home, "info", "--json", "--stats", str(folder))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    (entry,) = report["series"]
    # Nothing was imported: the headless tool leaves the cache alone.
    from viewer.core.paths import resolve_paths

    assert not resolve_paths(home).store.exists()

    # Independently: every header, sorted along the normal.
    datasets = [pydicom.dcmread(p) for p in sorted(folder.glob("*.dcm"))]
    assert len(datasets) == 384
    iop = np.array([float(v) for v in datasets[0].ImageOrientationPatient])
    normal = np.cross(iop[:3], iop[3:])
    order = sorted(range(384), key=lambda i: float(np.dot([float(v) for v in datasets[i].ImagePositionPatient], normal)))
    along = [float(np.dot([float(v) for v in datasets[i].ImagePositionPatient], normal)) for i in order]
    row_spacing, column_spacing = (float(v) for v in datasets[0].PixelSpacing)
    assert entry["series_uid"] == datasets[0].SeriesInstanceUID and entry["modality"] == "MR"
    assert (entry["rows"], entry["columns"], entry["slices"]) == (datasets[0].Rows, datasets[0].Columns, 384)
    assert entry["spacing"] == pytest.approx([column_spacing, row_spacing, float(np.median(np.diff(along)))], abs=1e-6)
    assert entry["origin"] == pytest.approx([float(v) for v in datasets[order[0]].ImagePositionPatient])
    assert entry["direction"]["row"] == pytest.approx(iop[:3]) and entry["direction"]["column"] == pytest.approx(iop[3:])
    assert entry["direction"]["normal"] == pytest.approx(normal / np.linalg.norm(normal))
    assert entry["warnings"] == []
    assert [t["uid"] for t in entry["transfer_syntaxes"]] == ["1.2.840.10008.1.2"]
    values = [ds.pixel_array.astype(np.float64) * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0)) for ds in datasets]
    stats = entry["stats"]
    assert stats["min"] == min(v.min() for v in values) and stats["max"] == max(v.max() for v in values)
    assert stats["mean"] == pytest.approx(np.mean([v.mean() for v in values]), rel=1e-6)
    assert stats["voxels"] == 384 * datasets[0].Rows * datasets[0].Columns

    text = cauri(home, "info", str(folder))
    assert text.returncode == 0 and "384 slices" in text.stdout and "z 0.6667" in text.stdout


def _nifti_corners(path: Path) -> np.ndarray:
    b = path.read_bytes()
    dims = struct.unpack_from("<8h", b, 40)
    srow = np.array([struct.unpack_from("<4f", b, 280 + 16 * i) for i in range(3)], dtype=np.float64)
    return np.array([srow @ [i, j, k, 1.0] for i in (0, dims[1] - 1) for j in (0, dims[2] - 1) for k in (0, dims[3] - 1)])


def _info_corners(entry: dict) -> np.ndarray:
    """Corners of the voxel grid described by info (LPS) in RAS, to compare with a NIfTI affine."""
    sx, sy, sz = entry["spacing"]
    d = entry["direction"]
    origin = np.array(entry["origin"])
    to_ras = np.diag([-1.0, -1.0, 1.0])
    pts = []
    for i in (0, entry["columns"] - 1):
        for j in (0, entry["rows"] - 1):
            for k in (0, entry["slices"] - 1):
                p = origin + i * sx * np.array(d["row"]) + j * sy * np.array(d["column"]) + k * sz * np.array(d["normal"])
                pts.append(to_ras @ p)
    return np.array(pts)


def _same_corners(ours: np.ndarray, ref: np.ndarray, tol: float = 0.05) -> bool:
    d = np.linalg.norm(ours[:, None, :] - ref[None, :, :], axis=-1)
    return d.min(axis=1).max() < tol and d.min(axis=0).max() < tol


def test_enhanced_mr_matches_dcm2niix():
    root = shared_data("gh-neurolabusc-dcm_qa_enh")
    report = describe(root / "In" / "Philips" / "IM_0027_fMAP.dcm")
    assert not report["errors"]
    entries = report["series"]
    assert [e["slices"] for e in entries] == [32, 32] and len({e["display_set"] for e in entries}) == 2
    for entry, ref in zip(entries, ("Philips_WIP_B0_NS_801_e1", "Philips_WIP_B0_NS_801_e2_fieldmaphz")):
        assert entry["spacing"] == pytest.approx([4.0, 4.0, 4.0])
        sidecar = json.loads((root / "Ref" / f"{ref}.json").read_text())
        assert entry["direction"]["row"] + entry["direction"]["column"] == pytest.approx(
            sidecar["ImageOrientationPatientDICOM"], abs=1e-5)
        assert sidecar["SpacingBetweenSlices"] == pytest.approx(entry["spacing"][2])
        assert _same_corners(_info_corners(entry), _nifti_corners(root / "Ref" / f"{ref}.nii"))
        assert any("split into 2 stacks" in w for w in entry["warnings"])
    # Siemens XA10: one time point per file; the first stack's grid is the 4-D NIfTI's.
    report = describe(root / "In" / "Siemens" / "XA10")
    entries = report["series"]
    assert [e["slices"] for e in entries] == [6, 6, 6, 6]
    first = entries[0]
    assert first["spacing"] == pytest.approx([3.375, 3.375, 2.4])
    assert _same_corners(_info_corners(first), _nifti_corners(root / "Ref" / "Siemens_REST1_w_SMS_PF7-8_6.nii"))
    assert all(e["origin"] == pytest.approx(first["origin"]) for e in entries)


def test_malformed_files_are_error_entries_without_traceback(tmp_path):
    root = shared_data()
    failures = [line.split("\t")[0] for line in (root / "DECODE_CHECK_pydicom.tsv").read_text().splitlines() if "\tFAIL" in line]
    gdcm_decodes = {line.split("\t")[0] for line in (root / "GROUND_TRUTH_gdcm_pixel_md5.tsv").read_text().splitlines()
                    if not line.startswith("#")}
    assert len(failures) == 13
    run = cauri(tmp_path / "home", "info", "--json", *[str(root / f) for f in failures])
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout and run.stderr.strip() == ""
    report = json.loads(run.stdout)
    named = {Path(e["file"]).relative_to(root).as_posix(): e["reason"] for e in report["errors"]}
    skipped = {Path(s["file"]).relative_to(root).as_posix() for s in report["skipped"]}
    for rel in failures:
        # Rejected with a reason, or a second copy of an instance already listed, or decoded where GDCM's
        # reference proves the pixels right (a fault of pydicom's defaults, which Cauri works around).
        assert rel in named or rel in skipped or rel in gdcm_decodes, rel
    # JPEG-lossy.dcm (12-bit JPEG Extended that libjpeg refuses) decodes through GDCM in the decode workers
    # now (test_decode_gdcm_fallback): 9 of the 13 are refused, no longer 10.
    assert "pypi-pydicom-3.0.2/test_files/JPEG-lossy.dcm" not in named
    assert len(named) >= 9 and all(reason and "Traceback" not in reason for reason in named.values())
    assert "truncated" in named["pypi-pydicom-3.0.2/test_files/MR_truncated.dcm"]
    assert "gzip" in named["pypi-pydicom-3.0.2/test_files/zipMR.gz"]
    assert "Deflated Image Frame Compression" in named["gh-pydicom-pydicom-data/data_store/data/liver_nonbyte_aligned_deflate.dcm"]


def test_zip_and_folder_junk(tmp_path):
    series = write_series(tmp_path / "src", slices=5, rows=32, cols=32)
    archive = tmp_path / "study.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for k, path in enumerate(series["files"]):
            zf.write(path, f"../../evil/{k}.dcm")  # hostile names are never used as paths
        zf.writestr("README.txt", "not dicom")
    report = describe(archive)
    (entry,) = report["series"]
    assert entry["slices"] == 5 and entry["spacing"] == pytest.approx([0.8, 0.8, 2.0]) and not report["errors"]
    assert [s["reason"] for s in report["skipped"]] == ["not a DICOM file"]
    assert not (tmp_path.parent / "evil").exists()
    # A folder's stray non-DICOM file is skipped, not an error; the same file named explicitly is an error.
    (tmp_path / "src" / "notes.txt").write_text("hello")
    assert not describe(tmp_path / "src")["errors"]
    assert describe(tmp_path / "src" / "notes.txt")["errors"][0]["reason"] == "not a DICOM file"


def test_dicomdir_media():
    dicomdir = shared_data("pypi-pydicom-3.0.2", "test_files", "dicomdirtests", "DICOMDIR")
    report = describe(dicomdir)
    assert not report["errors"]
    assert len({e["series_uid"] for e in report["series"]}) >= 10
    # The media's spare DICOMDIR variants are index files, skipped with their reason.
    assert any("DICOMDIR-bigEnd" in s["file"] and "DICOMDIR index" in s["reason"] for s in report["skipped"])
    # A localiser series with three planes becomes three stacks, as in the study browser.
    pilot = [e for e in report["series"] if e["description"].startswith("T/S/C RF FAST PILOT")]
    assert {e["label"].split("(")[-1].rstrip(")") for e in pilot} >= {"CORONAL", "SAGITTAL", "AXIAL"}
