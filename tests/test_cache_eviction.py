"""The cache under its size limit (issue 20): least recently opened studies leave first, the protected ones
only with the reader's word, evicted studies stay listed "on the archive", and a kill mid-eviction leaves a
consistent cache. Expected sizes come from the source files on disk (the cache stores them byte for byte),
expected orders from hand-made opening times."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from store_fixtures import check_store, write_series

from viewer.store import eviction
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
from viewer.store.records import StudyQuery

DAY = 86400.0
OLD = time.time() - 400 * DAY  # arrived long ago: never "today's worklist"


def make_studies(tmp_path: Path, n: int, images: int = 2) -> tuple[Path, list[str], dict[str, int]]:
    """``n`` studies of ``images`` slices each, imported; (cache root, study uids, bytes of each study's
    source files)."""
    uids, sizes = [], {}
    for k in range(n):
        folder = tmp_path / "src" / f"s{k}"
        study_uid = f"1.2.826.0.1.3680043.99.{k + 1}"
        write_series(folder, images, study_uid=study_uid, patient_id=f"P{k}", accession=f"A{k}",
                     study_date="20200101")
        uids.append(study_uid)
        sizes[study_uid] = sum(p.stat().st_size for p in folder.iterdir())
    root = tmp_path / "cache"
    with StudyCache(root) as cache:
        assert import_paths(cache, [tmp_path / "src"]).imported == n * images
        # Retrieved from the archive long ago (a study that may exist only here is kept: its own test).
        cache.write("UPDATE study SET added_at = ?, source_node = 'pacs'", (OLD,))
    return root, uids, sizes


def files_on_disk(root: Path) -> set[str]:
    return {os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/")
            for d, _dirs, names in os.walk(root / "files") for f in names}


def assert_consistent(root: Path) -> dict[str, int]:
    """As the next Cauri finds the cache (opened, repaired): every indexed file there at its indexed size, no
    file the index does not name, counts that agree with the rows, evicted studies without instance rows;
    returns each study's state (evicted_at > 0: 1)."""
    with StudyCache(root) as cache:
        rows = cache.read("SELECT rel_path, size FROM instance")
        assert cache.read("SELECT count(*) FROM removal")[0][0] == 0
        for study_id, count, evicted in cache.read("SELECT id, instance_count, evicted_at > 0 FROM study"):
            actual = cache.read("SELECT count(*) FROM instance i JOIN series se ON se.id = i.series "
                                "WHERE se.study = ?", (study_id,))[0][0]
            assert count == actual and not (evicted and actual)
        states = dict(cache.read("SELECT uid, evicted_at > 0 FROM study"))
        repaired = cache.repaired
    assert not repaired.indexed and not repaired.removed  # no orphan left for the repair to find
    for rel, size in rows:
        assert (root / rel).stat().st_size == size
    assert files_on_disk(root) == {rel for rel, _size in rows}
    return states


def test_least_recently_opened_studies_go_first_and_stay_listed_on_the_archive(tmp_path):
    root, uids, sizes = make_studies(tmp_path, 5)
    opened = {uids[0]: OLD + 50, uids[1]: OLD + 10, uids[2]: OLD + 40, uids[3]: OLD + 20, uids[4]: OLD + 30}
    with StudyCache(root) as cache:
        for uid, when in opened.items():
            cache.mark_opened(uid, when)
        total = sum(sizes.values())
        assert eviction.usage(cache) == total
        # Room for three studies: the two opened longest ago (uids[1] at +10, uids[3] at +20) must go.
        limit = total - sizes[uids[1]] - sizes[uids[3]]
        plan = eviction.plan(cache, limit, now=OLD + 100 * DAY)
        assert [c.study_uid for c in plan.chosen] == [uids[1], uids[3]]
        assert plan.held == [] and plan.short == 0
        done = eviction.evict(cache, [c.study_uid for c in plan.chosen])
        assert (done.studies, done.files, done.bytes) == (2, 4, sizes[uids[1]] + sizes[uids[3]])
        assert eviction.usage(cache) == limit
        gone = {uids[1], uids[3]}
        listed = {s.study_uid: s for s in cache.find_studies(StudyQuery())}
        assert set(listed) == set(uids)  # rows kept
        assert {u for u, s in listed.items() if s.on_archive} == gone
        assert listed[uids[1]].instance_count == 2  # what the archive holds, as the list shows it
        assert cache.archived(uids) == gone
        for uid in gone:
            assert cache.series_of(uid) and not cache.instances_of(cache.series_of(uid)[0].series_uid)
    assert len(files_on_disk(root)) == 6
    check_store(root)
    assert assert_consistent(root) == {u: int(u in gone) for u in uids}


def _protected_setup(tmp_path):
    """Six studies, the first five each protected one way, the sixth not; all opened long ago, the protected
    ones first (so a plain LRU would take them before the sixth)."""
    from viewer.dicom.findings.records import ImageRef
    from viewer.model.annotation_store import AnnotationStore
    from viewer.model.measurements import save_findings
    from viewer.report.document import Report, ReportStore

    root, uids, sizes = make_studies(tmp_path, 6)
    with StudyCache(root) as cache:
        for k, uid in enumerate(uids):
            cache.mark_opened(uid, OLD + k)
        eviction.pin(root, uids[0])
        series = cache.series_of(uids[1])[0]
        sop = cache.instances_of(series.series_uid)[0].sop_uid
        save_findings(cache, uids[1], [], key_images=[ImageRef(uids[1], series.series_uid, sop, 0)])
        cache.write("UPDATE study SET study_date = ? WHERE uid = ?", (time.strftime("%Y%m%d"), uids[2]))
    series3 = None
    with StudyCache(root) as cache:
        series3 = cache.series_of(uids[3])[0]
        sop3 = cache.instances_of(series3.series_uid)[0].sop_uid
    AnnotationStore(root).save(uids[3], [], key_images=[ImageRef(uids[3], series3.series_uid, sop3, 0)])
    ReportStore(root).save(Report(study_uid=uids[4], template_id="t", title="CR", sections=[]))
    return root, uids, sizes


def test_protected_studies_are_held_for_confirmation_and_go_only_when_confirmed(tmp_path):
    from viewer.workstation.cache_keeper import unsent_work

    root, uids, _sizes = _protected_setup(tmp_path)
    extra = unsent_work(root, keep={uids[5]})
    with StudyCache(root) as cache:
        usage = eviction.usage(cache)
        # A limit that only the removal of every study would meet.
        plan = eviction.plan(cache, 1, extra)
        assert plan.chosen == []
        held = {c.study_uid: set(c.reasons) for c in plan.held}
        assert held == {uids[0]: {"pinned"}, uids[1]: {"key_images"}, uids[2]: {"today"}, uids[3]: {"findings"},
                        uids[4]: {"report"}, uids[5]: {"open"}}
        assert plan.short == usage - 1
        assert eviction.usage(cache) == usage and not cache.archived(uids)
        # The reader confirms one: it goes, rows kept.
        eviction.evict(cache, [uids[0]])
        assert cache.archived(uids) == {uids[0]}
        # Without the open-study protection, the sixth (unprotected) goes without asking.
        plan = eviction.plan(cache, 1, unsent_work(root))
        assert [c.study_uid for c in plan.chosen] == [uids[5]]
    assert assert_consistent(root)[uids[0]] == 1


def test_findings_and_reports_sent_after_their_last_change_no_longer_hold_a_study(tmp_path):
    from viewer.store.study_flags import SENT, StudyFlags
    from viewer.workstation.cache_keeper import unsent_work

    root, uids, _sizes = _protected_setup(tmp_path)
    later = time.time() + 60
    StudyFlags(root).set(uids[3], SENT, {"at": later, "whole_at": later})
    StudyFlags(root).set(uids[4], SENT, {"at": later, "whole_at": 0})  # the report's series alone
    with StudyCache(root) as cache:
        chosen = [c.study_uid for c in eviction.plan(cache, 1, unsent_work(root)).chosen]
    assert chosen == [uids[3], uids[4], uids[5]]


def test_unpinning_lets_the_study_go_again(tmp_path):
    root, uids, _sizes = make_studies(tmp_path, 2)
    with StudyCache(root) as cache:
        eviction.pin(root, uids[0])
        assert eviction.pinned(root) == {uids[0]}
        assert [c.study_uid for c in eviction.plan(cache, 1).chosen] == [uids[1]]
        eviction.pin(root, uids[0], False)
        assert eviction.pinned(root) == set()
        assert [c.study_uid for c in eviction.plan(cache, 1).chosen] == [uids[0], uids[1]]


def _kill_when(proc, db_path: Path, ready, timeout: float = 120.0) -> bool:
    """SIGKILL ``proc`` as soon as ``ready(db)`` holds in the index it writes; False if it ended first."""
    import signal
    import sqlite3

    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
            try:
                hit = ready(db)
            finally:
                db.close()
        except sqlite3.Error:
            hit = False
        if hit:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    proc.wait(timeout)
    return False


@pytest.mark.parametrize("moment", ["listed", "first batch", "early"])
def test_a_kill_during_eviction_leaves_a_consistent_cache_that_the_next_run_finishes(tmp_path, moment):
    """``cauri cache evict`` killed -9 in the middle: the next open finds no row without its file, no file
    without its row, the evicted studies on the archive and the others whole; running it again finishes."""
    import sqlite3
    import subprocess
    import sys

    from viewer.bench.case_evict import prepare

    home = tmp_path / "home"
    root = home / "data" / "store"
    lru, folders, limit = prepare(tmp_path / "pristine", root, 600, 400, log=lambda *_: None,
                                  all_files=True)
    everything = files_on_disk(root)
    assert len(everything) == 3000
    readies = {
        "listed": lambda db: db.execute("SELECT count(*) FROM removal").fetchone()[0] > 0,
        "first batch": lambda db: db.execute("SELECT count(*) FROM study WHERE evicted_at > 0").fetchone()[0] >= 250,
        "early": lambda db: True,
    }
    root_dir = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=f"{root_dir}{os.pathsep}{root_dir / 'plugins'}")
    args = [sys.executable, "-m", "viewer", "--home", str(home), "cache", "evict", "--limit-gb", repr(limit / 1e9)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killed = _kill_when(proc, root / "index.sqlite", readies[moment])
    db = sqlite3.connect(root / "index.sqlite")
    pending = db.execute("SELECT count(*) FROM removal").fetchone()[0]
    db.close()
    states = assert_consistent(root)  # opens the cache: an interrupted list is finished first
    evicted = {u for u, gone in states.items() if gone}
    assert evicted <= set(lru)  # only the least recently opened, in whole studies
    on_disk = files_on_disk(root)
    assert len(everything) - len(on_disk) == 5 * len(evicted)
    if moment == "listed" and killed:
        assert pending > 0  # the kill landed between the rows' commit and the files' deletion
    finished = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stderr
    states = assert_consistent(root)
    assert {u for u, gone in states.items() if gone} == set(lru)
    assert not any(os.path.exists(f) for f in folders)


def test_the_workstation_keeps_the_limit_after_an_import_in_the_background(tmp_path):
    """Headless workstation: an import that takes the cache over its limit is followed by an eviction on the
    keeper's thread (the owner's thread only pumps), oldest opened first; the new study is today's: kept."""
    from viewer.core.paths import resolve_paths
    from viewer.workstation.service import Workstation

    home = tmp_path / "home"
    store = resolve_paths(home).ensure().store
    src_root, uids, sizes = make_studies(tmp_path / "old", 3)
    os.rename(src_root, store)
    with StudyCache(store) as cache:
        for k, uid in enumerate(uids):
            cache.mark_opened(uid, OLD + 10 - k)  # the last made was opened longest ago
    new = tmp_path / "new"
    write_series(new, 2, study_uid="1.2.826.0.1.3680043.99.77", patient_id="NEW", study_date="20200101")
    new_size = sum(p.stat().st_size for p in new.iterdir())
    limit = sum(sizes.values()) + new_size - sizes[uids[2]] - sizes[uids[1]] // 2  # two old ones must go
    ws = Workstation.open(home)
    try:
        ws.settings.cache_limit_gb = limit / 1e9
        assert ws.start_import([str(new)], open_after=False)
        assert ws.wait_idle(60)
        assert ws.cache.archived(uids + ["1.2.826.0.1.3680043.99.77"]) == {uids[2], uids[1]}
        assert eviction.usage(ws.cache) <= limit
    finally:
        ws.close()
    assert assert_consistent(store)["1.2.826.0.1.3680043.99.77"] == 0


def test_an_evicted_study_imported_again_is_local_again_in_the_same_cache(tmp_path):
    """The same series folders come back (names are hashes of the UIDs), through the same cache object that had
    made them before they were removed."""
    uids = ["1.2.826.0.1.3680043.99.1", "1.2.826.0.1.3680043.99.2"]
    for k, uid in enumerate(uids):
        write_series(tmp_path / "src" / f"s{k}", 2, study_uid=uid, patient_id=f"P{k}")
    root = tmp_path / "cache"
    with StudyCache(root) as cache:
        assert import_paths(cache, [tmp_path / "src"]).imported == 4
        eviction.evict(cache, [uids[0]])
        assert cache.archived(uids) == {uids[0]}
        report = import_paths(cache, [tmp_path / "src" / "s0"])
        assert report.imported == 2
        assert cache.archived(uids) == set()
        assert cache.study(uids[0]).instance_count == 2 and not cache.study(uids[0]).on_archive
    check_store(root)
    assert assert_consistent(root) == {uids[0]: 0, uids[1]: 0}


def test_a_cache_written_before_eviction_existed_opens_and_keeps_its_studies(tmp_path):
    """An index of schema 1 without the eviction's columns and table (as the previous Cauri wrote it): the
    columns are added in place, its studies are local, never opened, and can be evicted."""
    import sqlite3

    from viewer.store import schema

    uid = "1.2.826.0.1.3680043.99.5"
    write_series(tmp_path / "src", 2, study_uid=uid, patient_id="OLD")
    root = tmp_path / "cache"
    with StudyCache(root) as cache:
        assert import_paths(cache, [tmp_path / "src"]).imported == 2
    db = sqlite3.connect(root / "index.sqlite")
    for column in ("opened_at", "evicted_at", "evicted_count", "source_node"):
        db.execute(f"ALTER TABLE study DROP COLUMN {column}")
    db.execute("DROP TABLE removal")
    db.commit()
    assert "opened_at" not in {r[1] for r in db.execute("PRAGMA table_info(study)")}
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    db.close()
    with StudyCache(root) as cache:
        study = cache.study(uid)
        assert (study.instance_count, study.on_archive, study.opened_at, study.source_node) == (2, False, 0.0, "")
        assert eviction.evict(cache, [uid]).files == 2
    assert assert_consistent(root) == {uid: 1}


def test_a_study_that_may_exist_only_here_is_held_until_sent_whole_to_an_archive(tmp_path):
    """Imported from a disc or pushed by a modality, never retrieved from an archive nor sent to one:
    evicting it could lose the only copy. Sent whole (the send records it), it may go."""
    from viewer.store.study_flags import SENT, StudyFlags

    root, uids, sizes = make_studies(tmp_path, 2)
    with StudyCache(root) as cache:
        cache.write("UPDATE study SET source_node = '' WHERE uid = ?", (uids[0],))
        for k, uid in enumerate(uids):
            cache.mark_opened(uid, OLD + k)
        plan = eviction.plan(cache, 1, now=OLD + 100 * DAY)
        assert [c.study_uid for c in plan.chosen] == [uids[1]]
        assert [(c.study_uid, set(c.reasons)) for c in plan.held] == [(uids[0], {"only_here"})]
        StudyFlags(root).set(uids[0], SENT, {"at": OLD + 5, "whole_at": OLD + 5, "node": "pacs"})
        plan = eviction.plan(cache, 1, now=OLD + 100 * DAY)
        assert [c.study_uid for c in plan.chosen] == [uids[0], uids[1]] and plan.held == []
