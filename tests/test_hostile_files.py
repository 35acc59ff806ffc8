"""Issue 19, the probe's findings on files: zeros, zip bombs, lying lengths, deep nesting and damaged SRs are
refused with one true reason, the same from ``import``, ``info`` and ``render``, without a traceback, and
nothing is unpacked outside Cauri's home (pytest-timeout catches a hang; no time is asserted)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile_files as hf
from conftest import shared_data
from viewer.core.messages import in_language
from viewer.dicom import structure
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

pytestmark = pytest.mark.timeout(120)

NOT_DICOM = "not a DICOM file"


def cauri(*args, home: Path, env_extra: dict | None = None, timeout: float = 90) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    proc = subprocess.run([sys.executable, "-m", "viewer", *args, "--home", str(home)],
                          capture_output=True, text=True, env=env, timeout=timeout)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def import_reasons(home: Path, *paths: Path) -> tuple[int, dict[str, str]]:
    with StudyCache(home / "store") as cache:
        report = import_paths(cache, [str(p) for p in paths])
        leftovers = [p for p in (home / "store" / "tmp").rglob("*") if p.is_file() and p.name != ".lock"]
        assert leftovers == [], leftovers  # nothing unpacked is left behind
    return report.imported, {os.path.basename(r.source.split("!")[0]): r.reason for r in report.rejected}


def info_reasons(home: Path, *paths: Path, env_extra: dict | None = None) -> dict[str, str]:
    proc = cauri("info", "--json", *map(str, paths), home=home, env_extra=env_extra)
    report = json.loads(proc.stdout)
    return {os.path.basename(e["file"].split("!")[0]): e["reason"] for e in report["errors"] + report["skipped"]}


def test_a_file_of_zeros_is_not_a_dataset(tmp_path):
    zeros = tmp_path / "zeros.bin"
    zeros.write_bytes(b"\x00" * (16 << 20))  # read element by element as (0000,0000) before the fix
    imported, reasons = import_reasons(tmp_path / "home", zeros)
    assert imported == 0 and reasons == {"zeros.bin": NOT_DICOM}
    assert info_reasons(tmp_path / "home", zeros) == {"zeros.bin": NOT_DICOM}


@pytest.mark.parametrize("maker", ["zeros", "header_then_zeros"])
def test_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path, maker):
    archive = tmp_path / "bomb.zip"
    if maker == "zeros":
        hf.zeros_zip(archive, 96)
    else:
        hf.header_then_zeros_zip(archive, 96)
    assert archive.stat().st_size < (1 << 20)  # ~100 KB holding 96 MiB
    home = tmp_path / "home"
    imported, reasons = import_reasons(home, archive)
    assert imported == 0
    assert reasons["bomb.zip"].startswith("zip bomb: unpacks to 96 MiB"), reasons
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    assert info_reasons(home, archive, env_extra={"TMPDIR": str(systmp)}) == reasons
    assert list(systmp.iterdir()) == []
    scratch = home / "cache" / "scratch"
    assert not scratch.exists() or [p for p in scratch.rglob("*") if p.is_file()] == []
    assert in_language(reasons["bomb.zip"], "fr").startswith("bombe zip\u00a0: se décompresse en 96 Mio")


def test_archive_whose_members_declare_more_than_it_holds_is_refused(tmp_path):
    archive = hf.lying_archive(tmp_path / "lying.zip", members=20, declared=0xF0000000)
    imported, reasons = import_reasons(tmp_path / "home", archive)
    assert imported == 0 and reasons["lying.zip"].startswith("zip bomb: unpacks to 76800 MiB"), reasons
    assert info_reasons(tmp_path / "home", archive) == reasons


def test_declared_length_beyond_the_file_is_refused_without_reading_it(tmp_path):
    big = hf.lying_length(600 << 20, tmp_path / "lying.dcm")  # sparse: 600 MB of holes
    imported, reasons = import_reasons(tmp_path / "home", big)
    assert imported == 0 and reasons == {"lying.dcm": structure.BAD_LENGTH}
    # pydicom read the whole file into memory for that element before the fix: peak RSS of the command
    proc = subprocess.run(
        [sys.executable, "-c", "import resource, sys, runpy; sys.argv=['viewer','info','--json',sys.argv[1],"
         "'--home',sys.argv[2]];\ntry: runpy.run_module('viewer', run_name='__main__')\nexcept SystemExit: pass\n"
         # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (this test run) across exec
         "print('MAXRSS', [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])",
         str(big), str(tmp_path / "home")],
        capture_output=True, text=True, timeout=90)
    peak_kib = int(proc.stdout.rsplit("MAXRSS", 1)[1])
    assert peak_kib < 450 << 10, peak_kib  # the interpreter with Qt-free imports is ~300 MiB; the file 600
    assert json.loads(proc.stdout.rsplit("MAXRSS", 1)[0])["errors"][0]["reason"] == structure.BAD_LENGTH


@pytest.mark.parametrize("depth", [500, 50_000])
def test_deeply_nested_sequences_are_a_reason_not_a_recursion_error(tmp_path, depth):
    path = tmp_path / f"deep{depth}.dcm"
    path.write_bytes(hf.nested(depth))
    imported, reasons = import_reasons(tmp_path / "home", path)
    too_deep = "sequences are nested too deeply (more than 64 levels)"
    assert imported == 0 and reasons == {path.name: too_deep}
    assert info_reasons(tmp_path / "home", path) == reasons
    render = cauri("render", str(path), "--out", str(tmp_path / "x.png"), home=tmp_path / "home")
    assert render.returncode != 0 and too_deep in render.stderr
    assert in_language(reasons[path.name], "fr") == "séquences imbriquées trop profondément (plus de 64 niveaux)"


def test_nesting_within_the_limit_still_imports(tmp_path):
    path = tmp_path / "deep20.dcm"
    path.write_bytes(hf.nested(20))
    imported, reasons = import_reasons(tmp_path / "home", path)
    assert imported == 1 and reasons == {}


def test_damaged_sr_gives_the_same_true_reason_everywhere(tmp_path):
    path = tmp_path / "sr.dcm"
    path.write_bytes(hf.damaged_sr(shared_data("pypi-pydicom-3.0.2", "test_files", "test-SR.dcm"), "top"))
    imported, reasons = import_reasons(tmp_path / "home", path)
    bad_vr = "invalid value representation (VR) in the header (damaged file)"
    assert imported == 0 and reasons == {"sr.dcm": bad_vr}  # not "unexpected error", not "truncated"
    assert info_reasons(tmp_path / "home", path) == reasons
    render = cauri("render", str(path), "--out", str(tmp_path / "x.png"), home=tmp_path / "home")
    assert render.returncode != 0 and bad_vr in render.stderr
    assert "position" not in render.stderr  # pydicom's own "No tag to read at file position ..." never shows


def test_sr_damaged_inside_its_content_tree_is_stored_and_described_alike(tmp_path):
    """The header (the indexed fields, the structure up to a defined-length sequence) is sound: import
    keeps it, and info lists it as the SR it is, both without a traceback."""
    path = tmp_path / "sr.dcm"
    path.write_bytes(hf.damaged_sr(shared_data("pypi-pydicom-3.0.2", "test_files", "test-SR.dcm"), "content"))
    imported, reasons = import_reasons(tmp_path / "home", path)
    assert imported == 1 and reasons == {}
    proc = cauri("info", "--json", str(path), home=tmp_path / "home")
    report = json.loads(proc.stdout)
    assert report["errors"] == [] and report["series"][0]["kind"] != "image"
    render = cauri("render", str(path), "--out", str(tmp_path / "x.png"), home=tmp_path / "home")
    assert render.returncode != 0 and "no image series found" in render.stderr


def test_info_on_a_zip_unpacks_under_the_home_and_cleans_up(tmp_path):
    from store_fixtures import write_series

    src = tmp_path / "src"
    write_series(src, 2, study_uid="1.2.826.0.1.3680043.2.1125.7.1")
    import zipfile

    archive = tmp_path / "series.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(src.iterdir()):
            zf.write(f, f.name)
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    home = tmp_path / "home"
    proc = cauri("info", "--json", str(archive), home=home, env_extra={"TMPDIR": str(systmp)})
    assert proc.returncode == 0 and json.loads(proc.stdout)["series"][0]["instances"] == 2
    assert list(systmp.iterdir()) == []  # no cauri-loose-* in the system temp folder
    assert [p for p in (home / "cache" / "scratch").rglob("*")] == []


def _scratch_files(home: Path) -> list[Path]:
    root = home / "cache" / "scratch"
    return [p for p in root.rglob("*.member")] if root.exists() else []


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_scratch_left_by_a_stopped_command_is_removed(tmp_path, how):
    """SIGTERM: the command removes its own; kill -9: the next Cauri sweeps it."""
    import zipfile

    big = tmp_path / "big.dcm"
    big.write_bytes(hf.part10(b"", sop_class=b"1.2.840.10008.5.1.4.1.1.7\x00") + hf.ids(b"1.2.840.10008.5.1.4.1.1.7\x00")
                    + b"\x00" * 16)
    archive = tmp_path / "slow.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for k in range(400):  # enough members that the command is still unpacking when stopped
            zf.write(big, f"m{k:03d}.dcm")
    home = tmp_path / "home"
    proc = subprocess.Popen([sys.executable, "-m", "viewer", "info", str(archive), "--home", str(home)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _scratch_files(home) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the command ended before it could be stopped"
    proc.send_signal(getattr(signal, how))
    proc.wait(timeout=30)
    assert "Traceback" not in proc.stderr.read()
    if how == "SIGKILL":
        assert _scratch_files(home)  # left behind by kill -9...
        cauri("info", str(big), home=home)  # ...until the next Cauri's scratch sweeps it
    assert _scratch_files(home) == []
    assert [p for p in (home / "cache" / "scratch").iterdir()] == []


@pytest.mark.parametrize("name", ["fuzz-zip-empty-member-name.zip", "fuzz-zip-name-not-utf8.zip"])
def test_zip_archives_found_by_the_fuzzer(tmp_path, name):
    """tools/robustness/fuzz.py (zip target) found them: ZipInfo.is_dir() raised IndexError on an empty name;
    ZipFile.open raised UnicodeDecodeError on a name flagged UTF-8 that is not. Each was a traceback from
    info and an "unexpected error" from import."""
    archive = Path(__file__).with_name("data") / name
    imported, reasons = import_reasons(tmp_path / "home", archive)
    assert "unexpected error" not in " ".join(reasons.values())
    proc = cauri("info", "--json", str(archive), home=tmp_path / "home")
    assert proc.returncode in (0, 1) and json.loads(proc.stdout) is not None


def test_compressed_pixel_data_under_an_uncompressed_syntax_is_refused_alike(tmp_path):
    """Found by the mutation campaign: a damaged file meta left encapsulated fragments under Explicit VR
    Little Endian; import took the file, info then called its pixel data truncated."""
    import struct as st

    image = b"1.2.840.10008.5.1.4.1.1.7\x00"
    pixel_module = (hf.element(0x28, 0x02, b"US", st.pack("<H", 1)) + hf.element(0x28, 0x04, b"CS", b"MONOCHROME2 ")
                    + hf.element(0x28, 0x10, b"US", st.pack("<H", 16)) + hf.element(0x28, 0x11, b"US", st.pack("<H", 16))
                    + hf.element(0x28, 0x100, b"US", st.pack("<H", 8)) + hf.element(0x28, 0x101, b"US", st.pack("<H", 8))
                    + hf.element(0x28, 0x102, b"US", st.pack("<H", 7)) + hf.element(0x28, 0x103, b"US", st.pack("<H", 0)))
    fragments = (st.pack("<HH2sHL", 0x7FE0, 0x0010, b"OB", 0, 0xFFFFFFFF) + st.pack("<HHL", 0xFFFE, 0xE000, 0)
                 + st.pack("<HHL", 0xFFFE, 0xE000, 64) + b"\xff\xd8" + b"\x00" * 62 + st.pack("<HHL", 0xFFFE, 0xE0DD, 0))
    path = tmp_path / "fragments.dcm"
    path.write_bytes(hf.part10(b"", sop_class=image) + hf.ids(image) + pixel_module + fragments)
    imported, reasons = import_reasons(tmp_path / "home", path)
    expected = ("compressed image data, but the file names no compressed transfer syntax "
                "(damaged file meta information)")
    assert imported == 0 and reasons == {"fragments.dcm": expected}
    assert info_reasons(tmp_path / "home", path) == reasons


def test_dicomdir_entry_with_a_nul_byte_is_named_not_a_traceback(tmp_path):
    """Found by the mutation campaign: os.path.realpath raised ValueError on a ReferencedFileID with NUL."""
    import shutil

    import pydicom

    media = tmp_path / "media"
    shutil.copytree(shared_data("pypi-pydicom-3.0.2", "test_files", "dicomdirtests"), media)
    ds = pydicom.dcmread(media / "DICOMDIR")
    record = next(r for r in ds.DirectoryRecordSequence if "ReferencedFileID" in r)
    record.ReferencedFileID = ["98892001", "CT2N\x00", "6293"]
    ds.save_as(media / "DICOMDIR")
    with StudyCache(tmp_path / "home" / "store") as cache:
        report = import_paths(cache, [str(media)])
    assert report.imported > 0
    assert ("DICOMDIR entry is not a valid file name; ignored" in {r.reason for r in report.rejected})
    proc = cauri("info", "--json", str(media), home=tmp_path / "home")
    assert json.loads(proc.stdout)["series"]
