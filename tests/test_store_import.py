"""Import sources (files, folders, DICOMDIR media, zip archives) and what gets refused, and why."""

from __future__ import annotations

import gzip
import os
import shutil
import sys
import zipfile

import pydicom
import pytest
from pydicom.uid import generate_uid

from store_fixtures import corpus, write_instance, write_series
from viewer.store.cache import StudyCache
from viewer.dicom.header import MEDIA_STORAGE_DIRECTORY
from viewer.store.importer import import_paths
from viewer.store.sources import ESCAPING_REFERENCE, MISSING_REFERENCE


@pytest.fixture
def cache(tmp_path):
    with StudyCache(tmp_path / "store") as c:
        yield c


def _reasons(report) -> dict[str, str]:
    return {os.path.basename(r.source.split("!")[-1]): r.reason for r in report.rejected}


def test_junk_is_listed_with_reasons_and_the_rest_imported(cache, tmp_path):
    src = tmp_path / "src"
    write_series(src / "good", 3)
    good = (src / "good" / "IM00000.dcm").read_bytes()
    (src / "notes.txt").write_text("Compte rendu: rien à signaler\n", encoding="utf-8")
    (src / "empty.dcm").write_bytes(b"")
    (src / "cut-in-pixels.dcm").write_bytes(good[: len(good) - 1000])
    (src / "cut-in-header.dcm").write_bytes(good[:300])
    (src / "random.bin").write_bytes(os.urandom(5000))
    (src / "image.dcm.gz").write_bytes(gzip.compress(good))
    no_uid = pydicom.dcmread(src / "good" / "IM00001.dcm")
    del no_uid.SOPInstanceUID
    del no_uid.file_meta.MediaStorageSOPInstanceUID
    no_uid.save_as(src / "no-uid.dcm")

    report = import_paths(cache, [src])

    # The file without a SOP Instance UID is imported too, under a UID derived from its content
    # (test_derived_uids); it used to be refused.
    assert report.imported == 4 and not report.cancelled
    assert _reasons(report) == {
        "notes.txt": "not a DICOM file",
        "empty.dcm": "empty file",
        "cut-in-pixels.dcm": "file is truncated (image data incomplete)",
        "cut-in-header.dcm": "file is truncated (ends inside its header)",
        "random.bin": "not a DICOM file",
        "image.dcm.gz": "gzip-compressed file; unpack it first",
    }


@pytest.mark.parametrize(
    "relpath, reason",
    [
        ("pypi-pydicom-3.0.2/test_files/MR_truncated.dcm", "file is truncated"),
        ("pypi-pydicom-3.0.2/test_files/rtplan_truncated.dcm", "file is truncated"),
        ("pypi-pydicom-data-1.0.0/data/emri_small_jpeg_2k_lossless_too_short.dcm", "file is truncated"),
        ("pypi-pydicom-3.0.2/test_files/zipMR.gz", "gzip-compressed"),
    ],
)
def test_real_damaged_files_rejected(cache, relpath, reason):
    report = import_paths(cache, [corpus(*relpath.split("/"))])
    assert report.imported == 0
    assert report.rejected[0].reason.startswith(reason)


def test_file_without_file_meta_becomes_a_proper_part10_file(cache, tmp_path):
    sop = write_instance(tmp_path / "raw.dcm", study_uid=generate_uid(), series_uid=generate_uid(), part10=False)
    assert (tmp_path / "raw.dcm").read_bytes()[128:132] != b"DICM"
    assert import_paths(cache, [tmp_path / "raw.dcm"]).imported == 1
    stored = cache.instance_path(sop)
    assert stored.read_bytes()[128:132] == b"DICM"
    ds = pydicom.dcmread(stored)
    assert ds.file_meta.MediaStorageSOPInstanceUID == sop
    assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2"
    assert ds.pixel_array.shape == (64, 64)


def test_real_file_without_preamble(cache):
    path = corpus("pypi-pydicom-data-1.0.0", "data", "OT-PAL-8-face.dcm")
    assert import_paths(cache, [path]).imported == 1
    (study,) = cache.find_studies()
    (series,) = cache.series_of(study.study_uid)
    (inst,) = cache.instances_of(series.series_uid)
    ds = pydicom.dcmread(inst.path)
    assert ds.pixel_array.shape == (480, 640)
    assert ds.pixel_array.tobytes() == pydicom.dcmread(path, force=True).PixelData


def test_original_bytes_are_copied_untouched(cache):
    path = corpus("pypi-pydicom-3.0.2", "charset_files", "chrFren.dcm")
    import_paths(cache, [path])
    sop = pydicom.dcmread(path).SOPInstanceUID
    assert cache.instance_path(sop).read_bytes() == path.read_bytes()


def test_dicomdir_media(cache):
    media = corpus("pypi-pydicom-3.0.2", "test_files", "dicomdirtests")
    report = import_paths(cache, [media])

    assert report.imported == 81  # 31 listed at the root, 50 on the nested TINY_ALPHA media
    directory_files = {r.source for r in report.rejected if r.reason.startswith("DICOMDIR index file")}
    assert {os.path.basename(s) for s in directory_files} == {
        "DICOMDIR-bigEnd", "DICOMDIR-empty.dcm", "DICOMDIR-implicit", "DICOMDIR-nooffset",
        "DICOMDIR-nopatient", "DICOMDIR-reordered"}
    assert not any(os.path.basename(r.source) == "DICOMDIR" for r in report.rejected)
    names = {s.patient_name for s in cache.find_studies()}
    assert names == {"Doe^Archibald", "Doe^Peter", "Citizen^Jan"}
    for study in cache.find_studies():
        for series in cache.series_of(study.study_uid):
            assert all(i.sop_class != MEDIA_STORAGE_DIRECTORY for i in cache.instances_of(series.series_uid))


def test_dicomdir_file_given_directly(cache):
    dicomdir = corpus("pypi-pydicom-3.0.2", "test_files", "dicomdirtests", "TINY_ALPHA", "DICOMDIR")
    report = import_paths(cache, [dicomdir])
    assert report.imported == 50
    assert [r.source for r in report.rejected] == [str(dicomdir.parent / "README")]


def _patch_reference(dicomdir, old: bytes, new: bytes) -> None:
    """Rewrite one Referenced File ID in place (same length, so record offsets stay valid)."""
    raw = dicomdir.read_bytes()
    assert raw.count(old) == 1 and len(new) <= len(old)
    dicomdir.write_bytes(raw.replace(old, new.ljust(len(old), b" ")))


def test_dicomdir_reference_leaving_the_media_is_refused(cache, tmp_path):
    media = tmp_path / "media"
    shutil.copytree(corpus("pypi-pydicom-3.0.2", "test_files", "dicomdirtests", "TINY_ALPHA"), media)
    for p in media.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    _patch_reference(media / "DICOMDIR", b"PT000000\\ST000000\\SE000000\\IM000000", b"..\\ESCAPE\\IM000000")
    _patch_reference(media / "DICOMDIR", b"PT000000\\ST000000\\SE000000\\IM000001", b"PT000000\\NOPE\\IM000001")
    outside = write_instance(tmp_path / "ESCAPE" / "IM000000", study_uid=generate_uid(), series_uid=generate_uid())

    report = import_paths(cache, [media])

    assert not cache.has_instance(outside)
    by_reason = {r.reason: r.source for r in report.rejected}
    assert by_reason[ESCAPING_REFERENCE].endswith(os.path.join("..", "ESCAPE", "IM000000"))
    assert by_reason[MISSING_REFERENCE].endswith(os.path.join("PT000000", "NOPE", "IM000001"))
    assert report.imported == 50  # the files on the media are all there, listed or not


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_links_out_of_an_imported_folder_are_refused(cache, tmp_path):
    outside = write_instance(tmp_path / "elsewhere" / "x.dcm", study_uid=generate_uid(), series_uid=generate_uid())
    src = tmp_path / "src"
    write_series(src, 1)
    os.symlink(tmp_path / "elsewhere" / "x.dcm", src / "link.dcm")
    os.symlink(tmp_path / "elsewhere", src / "folder-link")
    report = import_paths(cache, [src])
    assert report.imported == 1 and not cache.has_instance(outside)
    assert _reasons(report) == {
        "link.dcm": "link pointing outside the imported folder; refused",
        "folder-link": "link to a folder; not followed",
    }


def test_zip_archive(cache, tmp_path):
    src = tmp_path / "src"
    uids = write_series(src, 4)
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.write(src / "IM00000.dcm", "x.dcm")
    archive = tmp_path / "study.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(src / "IM00000.dcm", "PATIENT/STUDY/SERIES/IM0")
        z.write(src / "IM00001.dcm", "../../escape.dcm")  # a hostile name is only a label
        z.write(src / "IM00002.dcm", "/absolute/IM2.dcm")
        z.write(src / "IM00003.dcm", "deep/er/IM3.dcm")
        z.write(src / "IM00003.dcm", "deep/er/copy-of-IM3.dcm")
        z.writestr("readme.txt", "not an image")
        z.writestr("__MACOSX/deep/._IM3.dcm", b"\0\5\26\7resource fork")
        z.write(inner, "nested/inner.zip")
        z.writestr("DICOMDIR", b"never imported as an instance")
    before = set(tmp_path.parent.rglob("escape.dcm"))

    report = import_paths(cache, [archive])

    assert (report.imported, report.already_present) == (4, 1)
    assert all(cache.has_instance(u) for u in uids)
    assert {r.source: r.reason for r in report.rejected} == {
        f"{archive}!readme.txt": "not a DICOM file",
        f"{archive}!nested/inner.zip": "zip archive inside a zip archive; unpack the outer one first",
    }
    assert set(tmp_path.parent.rglob("escape.dcm")) == before  # nothing written under member names
    assert not any(p.name != ".lock" for p in cache.files.tmp.iterdir())


def test_damaged_zip_and_zip_found_in_a_folder(cache, tmp_path):
    src = tmp_path / "src"
    write_series(src / "series", 2)
    with zipfile.ZipFile(src / "found.zip", "w") as z:
        for f in sorted((src / "series").iterdir()):
            z.write(f, f.name)
    (src / "broken.zip").write_bytes((src / "found.zip").read_bytes()[:200])
    shutil.rmtree(src / "series")
    report = import_paths(cache, [src])
    assert report.imported == 2
    assert _reasons(report) == {"broken.zip": "damaged or unsupported zip archive"}


def test_missing_path_and_progress(cache, tmp_path):
    write_series(tmp_path / "src", 30)
    calls = []
    report = import_paths(cache, [tmp_path / "src", tmp_path / "nope"], progress=lambda d, t: calls.append((d, t)))
    assert report.imported == 30
    assert report.rejected[0].source == str(tmp_path / "nope") and report.rejected[0].reason == "not found"
    assert calls[0] == (0, None) and calls[-1] == (30, 30)
    assert all(d <= t for d, t in calls if t is not None)


def test_cancel_keeps_what_was_imported(cache, tmp_path):
    uids = write_series(tmp_path / "src", 40)
    asked = []

    def cancel():
        asked.append(1)
        return len(asked) > 10

    report = import_paths(cache, [tmp_path / "src"], cancel=cancel)
    assert report.cancelled and 0 < report.imported < 40
    assert cache.counts()["instance"] == report.imported
    again = import_paths(cache, [tmp_path / "src"])
    assert (again.imported, again.already_present) == (40 - report.imported, report.imported)
    assert all(cache.has_instance(u) for u in uids)


def test_move_renames_sources_into_the_store(cache, tmp_path):
    src = tmp_path / "src"
    write_series(src, 5)
    shutil.copy(src / "IM00000.dcm", tmp_path / "dup.dcm")
    import_paths(cache, [tmp_path / "dup.dcm"])
    report = import_paths(cache, [src], move=True)
    assert (report.imported, report.already_present) == (4, 1)
    assert [p.name for p in src.iterdir()] == ["IM00000.dcm"]  # already present: left alone


def test_a_second_process_on_the_same_cache_keeps_its_temp_files(tmp_path):
    root = tmp_path / "store"
    with StudyCache(root) as first:
        work = first.files.new_temp()
        work.write_bytes(b"being written")
        with StudyCache(root) as second:  # opening again must not sweep a live writer's files
            assert work.exists()
            write_series(tmp_path / "src", 2)
            import_paths(second, [tmp_path / "src"])
        assert first.counts()["instance"] == 2
    assert not any((root / "tmp").iterdir())


def test_no_patient_data_in_logs(cache, tmp_path, caplog):
    write_instance(tmp_path / "a.dcm", study_uid=generate_uid(), series_uid=generate_uid(), name="Secret^Name",
                   patient_id="SECRET-ID")
    raw = (tmp_path / "a.dcm").read_bytes()
    # An invalid birth date makes pydicom complain, quoting the value.
    (tmp_path / "b.dcm").write_bytes(raw.replace(b"19700101", b"1970ABCD"))
    (tmp_path / "c.dcm").write_bytes(raw[:-500])
    with caplog.at_level("DEBUG"):
        import_paths(cache, [tmp_path])
        for s in cache.find_studies():
            assert s.patient_name == "Secret^Name"
    text = caplog.text
    assert "Secret" not in text and "SECRET" not in text and "1970" not in text


def test_importing_a_parent_of_the_cache_skips_the_cache(tmp_path):
    write_series(tmp_path / "src", 2)
    with StudyCache(tmp_path / "store") as cache:
        report = import_paths(cache, [tmp_path])
        assert (report.imported, report.rejected) == (2, [])
        assert import_paths(cache, [tmp_path / "store"]).imported == 0


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_move_never_moves_a_link(cache, tmp_path):
    write_series(tmp_path / "real", 1)
    os.symlink(tmp_path / "real" / "IM00000.dcm", tmp_path / "link.dcm")
    assert import_paths(cache, [tmp_path / "link.dcm"], move=True).imported == 1
    (path,) = list((cache.root / "files").rglob("*.dcm"))
    assert not path.is_symlink() and (tmp_path / "real" / "IM00000.dcm").exists()


def test_study_uids_in_the_order_their_files_came(cache, tmp_path):
    first = write_series(tmp_path / "src" / "a", 1, study_uid="1.2.3.100")
    write_series(tmp_path / "src" / "b", 1, study_uid="1.2.3.200")
    write_series(tmp_path / "src" / "c", 1, study_uid="1.2.3.300", patient_id="OTHER")
    import_paths(cache, [tmp_path / "src" / "a"])
    write_instance(tmp_path / "src" / "d" / "x.dcm", study_uid="1.2.3.300", series_uid=generate_uid(), patient_id="P")
    report = import_paths(cache, [tmp_path / "src"])
    assert cache.has_instance(first[0])
    # a: already present, b: new, c: new, d: refused (study filed under another patient)
    assert report.study_uids == ["1.2.3.100", "1.2.3.200", "1.2.3.300"]
    assert len(report.rejected) == 1


def test_files_without_study_or_series_uid_are_filed_under_derived_uids(tmp_path):
    """Old secondary captures lack these UIDs: they import, group by what the header says, bytes untouched."""
    import hashlib

    import pydicom

    from synthetic import write_series
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths

    info = write_series(tmp_path / "src", slices=3, rows=16, cols=16)
    for path in info["files"]:
        ds = pydicom.dcmread(path)
        del ds.StudyInstanceUID
        del ds.SeriesInstanceUID
        ds.save_as(path)
    digests = {hashlib.sha1(p.read_bytes()).hexdigest() for p in info["files"]}
    with StudyCache(tmp_path / "cache") as cache:
        report = import_paths(cache, [str(tmp_path / "src")])
        assert report.imported == 3 and not report.rejected
        (study,) = cache.find_studies()
        assert study.study_uid.startswith("2.25.") and study.series_count == 1 and study.instance_count == 3
        stored = {hashlib.sha1(i.path.read_bytes()).hexdigest() for s in cache.series_of(study.study_uid)
                  for i in cache.instances_of(s.series_uid)}
    assert stored == digests
