"""The receive fast path (viewer.store.receive): instances filed from memory, crash safety under SIGKILL."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pydicom
import pytest

from viewer.store.cache import StudyCache
from viewer.dicom.header import read_header
from viewer.dicom.part10 import Joined
from viewer.store.receive import DiskFull, InstanceReceiver, file_meta_bytes

from .synth import write_study

pytestmark = pytest.mark.timeout(60)
REPO = Path(__file__).resolve().parents[2]
EXPLICIT = "1.2.840.10008.1.2.1"


def received(files) -> list[tuple[str, str, str, bytes]]:
    """(SOP class, SOP instance, transfer syntax, dataset bytes) as a C-STORE request carries them."""
    out = []
    for f in files:
        raw = Path(f).read_bytes()
        meta_end = 144 + int.from_bytes(raw[140:144], "little")
        ds = pydicom.dcmread(f, stop_before_pixels=True)
        out.append((str(ds.SOPClassUID), str(ds.SOPInstanceUID), EXPLICIT, raw[meta_end:]))
    return out


def stored_files(cache) -> list[Path]:
    return [Path(r) / f for r, _d, fs in os.walk(cache.root / "files") for f in fs]


def test_files_the_bytes_as_received_behind_a_valid_file_meta(tmp_path):
    study = write_study(tmp_path / "s", slices_per_series=(6,), size=16)
    items = received(study.files)
    seen = []
    with StudyCache(tmp_path / "store") as cache:
        with InstanceReceiver(cache, on_stored=lambda h: seen.append(h.sop_uid)) as rec:
            for item in items:
                rec.accept(*item, source_aet="ORTHANC")
            rec.accept(*items[0])  # again while in flight, or after: not filed twice
            assert rec.flush(10)
        assert rec.counts.imported == 6 and rec.counts.already_present == 1 and rec.counts.rejected == 0
        assert sorted(seen) == sorted(study.sop_uids)
        for (_cls, sop, _ts, data), original in zip(items, study.files):
            path = cache.instance_path(sop)
            ds = pydicom.dcmread(path)
            assert ds.file_meta.MediaStorageSOPInstanceUID == sop and ds.file_meta.SourceApplicationEntityTitle == "ORTHANC"
            assert path.read_bytes().endswith(data)  # no decode, no re-encode
            assert ds.PixelData == pydicom.dcmread(original).PixelData
            assert read_header(open(path, "rb"), path.stat().st_size)[1].sop_uid == sop
        assert len(stored_files(cache)) == 6
        assert [f for f in os.listdir(cache.files.tmp) if f != ".lock"] == []


def test_refusals_leave_nothing_behind(tmp_path):
    study = write_study(tmp_path / "s", slices_per_series=(2,), size=32)
    other = write_study(tmp_path / "o", slices_per_series=(1,), size=32, patient_id="SOMEONE-ELSE")
    cls, sop, ts, data = received(study.files)[0]
    with StudyCache(tmp_path / "store") as cache:
        with InstanceReceiver(cache) as rec:
            rec.accept(cls, sop, ts, data[:-100])  # cut in its pixel data
            rec.accept(cls, "1.2.3.9", ts, b"\x00" * 64)  # not a dataset
            with pytest.raises(Exception):
                rec.accept(cls, "not a uid", ts, data)
            rec.flush(10)
        assert rec.counts.imported == 0 and rec.counts.rejected == 3
        assert any("truncated" in r for r in rec.counts.reasons)
        assert any("no valid SOP Instance UID" in r for r in rec.counts.reasons)
        # The same study UID under another patient: refused, no orphan file.
        moved = pydicom.dcmread(other.files[0])
        moved.StudyInstanceUID = study.study_uid
        moved.save_as(tmp_path / "moved.dcm")
        ocls, osop, ots, odata = received([tmp_path / "moved.dcm"])[0]
        with InstanceReceiver(cache) as rec:
            rec.accept(*received(study.files)[1])
            rec.flush(10)
            rec.accept(ocls, osop, ots, odata)
            rec.flush(10)
        assert rec.counts.imported == 1 and rec.counts.rejected == 1 and "another patient" in rec.counts.reasons[0]
        assert len(stored_files(cache)) == 1 == cache.counts()["instance"]
        with InstanceReceiver(cache, min_free_bytes=1 << 60) as rec:
            with pytest.raises(DiskFull):
                rec.accept(*received(study.files)[0])
        assert [f for f in os.listdir(cache.files.tmp) if f != ".lock"] == []


def test_back_pressure_bounds_memory_without_deadlock(tmp_path):
    study = write_study(tmp_path / "s", slices_per_series=(40,), size=32)
    items = received(study.files)
    with StudyCache(tmp_path / "store") as cache:
        rec = InstanceReceiver(cache, writers=2, max_buffered=3 * len(items[0][3]))
        producers = [threading.Thread(target=lambda part=items[k::2]: [rec.accept(*i) for i in part]) for k in range(2)]
        for p in producers:
            p.start()
        for p in producers:
            p.join(30)
        rec.close()
        assert rec.counts.imported == 40 and cache.counts()["instance"] == 40


def test_file_meta_bytes_is_what_pydicom_reads():
    meta = file_meta_bytes("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4", EXPLICIT, "PACS")
    ds = pydicom.dcmread(io.BytesIO(meta + b"\x08\x00\x18\x00UI\x08\x001.2.3.4\x00"), force=True)
    assert ds.file_meta.TransferSyntaxUID == EXPLICIT and ds.file_meta.MediaStorageSOPInstanceUID == "1.2.3.4"
    assert len(meta) % 2 == 0
    for bad in ("", "1.2.x", "1." * 40):
        with pytest.raises(ValueError):
            file_meta_bytes("1.2", bad, EXPLICIT)


CHILD = r"""
import sys, threading
from pathlib import Path
sys.path[:0] = [sys.argv[3], sys.argv[3] + "/tests"]  # the repo, and the suite's own helpers (dicom_writer)
from tests.net.test_receive_fast import received
from viewer.store.cache import StudyCache
from viewer.store.receive import InstanceReceiver

root, folder = sys.argv[1], sys.argv[2]
items = received(sorted(Path(folder).iterdir()))
hold, first = threading.Event(), threading.Event()

def on_stored(header):
    if not first.is_set():
        first.set()
        hold.wait()  # the committer holds; the writers go on filing what keeps arriving

cache = StudyCache(Path(root))
rec = InstanceReceiver(cache, on_stored=on_stored)
for item in items[:10]:
    rec.accept(*item)
first.wait()
print("STORED", flush=True)
for item in items[10:]:  # still receiving when the kill comes
    rec.accept(*item)
hold.wait()
"""


def test_sigkill_while_receiving_leaves_a_sound_cache(tmp_path):
    study = write_study(tmp_path / "s", slices_per_series=(60,), size=64)
    root = tmp_path / "store"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(tmp_path / "s"), str(REPO)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        assert child.stdout.readline().strip() == "STORED", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)  # writers and the receiving loop are still busy
    finally:
        child.kill()
        child.wait(10)
    with StudyCache(root) as cache:
        held = cache.counts()["instance"]
        assert held >= 1
        # Every indexed instance has its complete file; the index's counts agree with its rows.
        for series in cache.series_of(study.study_uid):
            rows = cache.instances_of(series.series_uid)
            assert series.instance_count == len(rows) == held
            for r in rows:
                assert read_header(open(r.path, "rb"), r.path.stat().st_size)[1].sop_uid == r.sop_uid
        # Files filed but not yet indexed are complete too (a file is renamed only once fsynced).
        for f in stored_files(cache):
            read_header(open(f, "rb"), f.stat().st_size)
        assert len(os.listdir(root / "tmp")) == 1  # the killed process's temp folder was removed
        # Receiving everything again completes the study without a duplicate file.
        with InstanceReceiver(cache) as rec:
            for item in received(study.files):
                rec.accept(*item)
            rec.flush(20)
        assert rec.counts.imported == 60 - held and rec.counts.already_present == held
        assert cache.counts()["instance"] == 60 == len(stored_files(cache))


def test_scanned_header_is_what_pydicom_reads(tmp_path):
    """The receive path reads headers with the tag scanner; pydicom is the reference it must match."""
    from dataclasses import asdict

    from pydicom.uid import ImplicitVRLittleEndian

    from viewer.dicom.header import NotImportable
    from viewer.dicom.part10 import _scanned, parse_dataset, parse_part10

    study = write_study(tmp_path / "s", slices_per_series=(2,), size=16, patient_name="DÉSIRÉ^Aké")
    implicit = pydicom.dcmread(study.files[1])
    implicit.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    implicit.save_as(tmp_path / "implicit.dcm", enforce_file_format=True)
    for path in (study.files[0], tmp_path / "implicit.dcm"):
        raw = Path(path).read_bytes()
        meta_end = 144 + int.from_bytes(raw[140:144], "little")
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        syntax = str(ds.file_meta.TransferSyntaxUID)
        prefix = file_meta_bytes(str(ds.SOPClassUID), str(ds.SOPInstanceUID), syntax)
        data = memoryview(raw[meta_end:])
        reference = read_header(Joined(prefix, data), len(prefix) + data.nbytes)[1]
        assert _scanned(prefix, data) is not None  # the fast path, not the fallback, was measured here
        assert asdict(parse_dataset(prefix, data, syntax)) == asdict(reference)
        assert asdict(parse_part10(memoryview(raw))) == asdict(read_header(io.BytesIO(raw), len(raw))[1])
    # A well-formed dataset that does not name itself is still refused on the fast path.
    nameless = pydicom.dcmread(study.files[0])
    del nameless.SOPInstanceUID
    nameless.save_as(tmp_path / "nameless.dcm", enforce_file_format=True)
    raw = (tmp_path / "nameless.dcm").read_bytes()
    meta_end = 144 + int.from_bytes(raw[140:144], "little")
    prefix = file_meta_bytes(str(nameless.SOPClassUID), "1.2.3.4", EXPLICIT)
    with pytest.raises(NotImportable, match="no valid SOP Instance UID"):
        parse_dataset(prefix, memoryview(raw[meta_end:]), EXPLICIT)
    # Nor one whose own UID is not a valid UID (a file import would derive one; a received dataset is refused).
    nameless.SOPInstanceUID = "1.2.03.4"
    nameless.save_as(tmp_path / "misnamed.dcm", enforce_file_format=True)
    raw = (tmp_path / "misnamed.dcm").read_bytes()
    meta_end = 144 + int.from_bytes(raw[140:144], "little")
    with pytest.raises(NotImportable, match="no valid SOP Instance UID"):
        parse_dataset(prefix, memoryview(raw[meta_end:]), EXPLICIT)


def test_an_indexed_instance_whose_file_is_gone_is_put_back(tmp_path):
    study = write_study(tmp_path / "s", slices_per_series=(3,), size=16)
    items = received(study.files)
    with StudyCache(tmp_path / "store") as cache:
        with InstanceReceiver(cache) as rec:
            for item in items:
                rec.accept(*item)
            assert rec.flush(10)
            lost = cache.instance_path(items[0][1])
            lost.unlink()
            for item in items:  # the same receiver (a running SCP) gets the study again
                rec.accept(*item)
            assert rec.flush(10)
        assert (rec.counts.imported, rec.counts.already_present, rec.counts.rejected) == (3, 3, 0)
        assert lost.is_file() and lost.read_bytes().endswith(items[0][3])
        assert sorted(stored_files(cache)) == sorted(cache.instance_path(sop) for _c, sop, _t, _d in items)
