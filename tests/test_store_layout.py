"""Where imported files go: one folder per series, beside files stored under the older per-SOP layout."""

from __future__ import annotations

import pydicom
from pydicom.uid import generate_uid

from store_fixtures import check_store, write_series
from viewer.store.cache import StudyCache
from viewer.store.filestore import relative_path, series_relative_path
from viewer.dicom.header import read_header
from viewer.store.importer import import_paths


def _stored(cache: StudyCache) -> dict[str, str]:
    rows = cache._conn().execute("SELECT sop_uid, rel_path FROM instance").fetchall()
    return dict(rows)


def test_a_series_fills_one_folder_named_by_hashes(tmp_path):
    series_uid = generate_uid()
    uids = write_series(tmp_path / "src", 12, series_uid=series_uid)
    with StudyCache(tmp_path / "cache") as cache:
        report = import_paths(cache, [tmp_path / "src"])
        assert report.imported == 12 and not report.rejected
        stored = _stored(cache)
    assert set(stored) == set(uids)
    folders = {rel.rsplit("/", 1)[0] for rel in stored.values()}
    assert folders == {series_relative_path(series_uid, uids[0]).rsplit("/", 1)[0]}
    for rel in stored.values():
        assert all(uid not in rel for uid in (series_uid, *uids))  # hashes, never UIDs
    assert check_store(tmp_path / "cache") == set(uids)


def test_files_of_the_older_layout_stay_where_they_are(tmp_path):
    """A cache filled by the network receiver (per-SOP folders) takes imports of the same and new files."""
    series_uid = generate_uid()
    uids = write_series(tmp_path / "src", 6, series_uid=series_uid)
    src = sorted((tmp_path / "src").iterdir())
    root = tmp_path / "cache"
    with StudyCache(root) as cache:
        entries = []
        for path in src[:3]:  # filed as receive.py files them
            with open(path, "rb") as fh:
                _ds, h = read_header(fh, path.stat().st_size)
            rel = relative_path(h.sop_uid)
            size = cache.files.store_copy(path, rel)
            entries.append((h, rel, size))
        cache.files.sync_dirs()
        assert cache.add_instances(entries) == ["imported"] * 3

        report = import_paths(cache, [tmp_path / "src"])
        assert (report.imported, report.already_present, report.rejected) == (3, 3, [])
        stored = _stored(cache)
        assert [stored[u] for u in uids[:3]] == [relative_path(u) for u in uids[:3]]
        assert [stored[u] for u in uids[3:]] == [series_relative_path(series_uid, u) for u in uids[3:]]
        assert [i.sop_uid for i in cache.instances_of(series_uid)] == uids
        assert all(i.path.is_file() for i in cache.instances_of(series_uid))
    assert check_store(root) == set(uids)


def test_an_indexed_file_that_went_missing_comes_back_to_its_indexed_place(tmp_path):
    uids = write_series(tmp_path / "src", 4)
    root = tmp_path / "cache"
    with StudyCache(root) as cache:
        import_paths(cache, [tmp_path / "src"])
        lost = cache.instance_path(uids[1])
        lost.unlink()
        report = import_paths(cache, [tmp_path / "src"])
        assert report.already_present == 4 and not report.rejected
        assert cache.instance_path(uids[1]) == lost
        assert pydicom.dcmread(lost).SOPInstanceUID == uids[1]
    assert check_store(root) == set(uids)


def test_an_instance_refused_at_commit_leaves_no_file(tmp_path):
    """Two studies claim one series within one import: the second is refused, and its copy removed."""
    series_uid = generate_uid()
    first = write_series(tmp_path / "a", 3, series_uid=series_uid, study_uid=generate_uid())
    second = write_series(tmp_path / "b", 3, series_uid=series_uid, study_uid=generate_uid())
    root = tmp_path / "cache"
    with StudyCache(root) as cache:
        report = import_paths(cache, [tmp_path / "a", tmp_path / "b"])
        assert report.imported == 3 and len(report.rejected) == 3
        assert all("another study" in r.reason for r in report.rejected)
        kept = {root / rel for rel in _stored(cache).values()}
    assert check_store(root) == set(first)
    assert set((root / "files").rglob("*.dcm")) == kept  # none of the second study's copies is left
    assert not set(second) & set(_uids_in(kept))


def _uids_in(paths) -> list[str]:
    return [pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in paths]


def test_a_file_that_grows_after_its_header_was_read_is_refused_not_stored(tmp_path, monkeypatch):
    import viewer.store.importer as importer

    monkeypatch.setattr(importer, "_PROGRESS_SECONDS", 0)
    write_series(tmp_path / "src", 1)
    (path,) = (tmp_path / "src").iterdir()

    def grow(done, total):
        if done == 1:  # parsed, not yet copied
            with open(path, "ab") as fh:
                fh.write(b"\0" * 1024)

    root = tmp_path / "cache"
    with StudyCache(root) as cache:
        report = import_paths(cache, [path], progress=grow)
        assert report.imported == 0
        assert [r.reason for r in report.rejected] == ["file changed while it was being imported; import it again"]
        assert cache.counts()["instance"] == 0
        assert [p.name for p in cache.files.tmp.iterdir()] == [".lock"]  # its temp copy is gone
    assert not list((root / "files").rglob("*.dcm"))
