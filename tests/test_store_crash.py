"""Killing an import at any moment leaves a sound cache: real hard kills of a child process."""

from __future__ import annotations

import random
import subprocess
import sys
import time

import pytest
from pydicom.uid import generate_uid

from store_fixtures import check_store, write_series
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

# Smaller batches than the default 200 so that kills land between many commits, not only before
# the first one: the guarantees must hold at every point of the commit cycle.
CHILD = """
import sys
import viewer.store.importer as importer
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
importer._BATCH_FILES = 25
cache = StudyCache(sys.argv[1])
print("ready", flush=True)
import_paths(cache, [sys.argv[2]])
cache.close()
print("done", flush=True)
"""

N_STUDIES, PER_SERIES = 3, 80
KILLS = 5


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """One source folder per kill (each kill interrupts the import of new data), plus one spare."""
    base = tmp_path_factory.mktemp("crash-src")
    folders = []
    for k in range(KILLS + 1):
        uids = []
        for n in range(N_STUDIES):
            uids += write_series(base / f"round{k}" / f"study{n}", PER_SERIES, patient_id=f"P{n}",
                                 study_uid=generate_uid())
        folders.append((base / f"round{k}", set(uids)))
    return folders


def _start(root, src) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(src)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _import_time(root, src) -> float:
    proc = _start(root, src)
    start = time.monotonic()
    assert proc.stdout.readline().strip() == "done"
    proc.wait(timeout=60)
    return time.monotonic() - start


def test_hard_kills_during_import_leave_a_sound_cache(tmp_path, sources):
    duration = _import_time(tmp_path / "calibration", sources[-1][0])
    root = tmp_path / "store"
    rng = random.Random(20240607)
    seen: set[str] = set()
    all_uids: set[str] = set()
    kills = attempts = 0
    while kills < KILLS and attempts < 4 * KILLS:
        attempts += 1
        src, uids = sources[kills]
        proc = _start(root, src)
        time.sleep(rng.uniform(0.05, 0.9) * duration)
        if proc.poll() is not None:  # finished before the kill: not a crash, try again
            proc.wait()
            continue
        proc.kill()  # SIGKILL: no handler, no cleanup, like a power cut for the process
        proc.wait(timeout=30)
        kills += 1
        all_uids |= uids

        with StudyCache(root) as cache:  # opens, and sweeps the dead process's temp files
            leftovers = [p for p in (root / "tmp").rglob("*") if not str(p).startswith(str(cache.files.tmp))]
            assert leftovers == []
            indexed = check_store(root)  # every row points at a complete, parseable file
            assert seen <= indexed, "an instance stored before the kill was lost"
            assert indexed <= all_uids
            assert all(cache.has_instance(uid) for uid in indexed)
        seen = indexed
    assert kills == KILLS, f"only {kills} kills landed during an import"
    assert len(seen) < len(all_uids)  # the kills did interrupt something

    with StudyCache(root) as cache:
        report = import_paths(cache, [src for src, _ in sources[:KILLS]])
        assert not report.rejected
        assert report.imported + report.already_present == len(all_uids)
        assert report.already_present >= len(seen)
        studies = cache.find_studies()
        assert len(studies) == N_STUDIES * KILLS and all(s.instance_count == PER_SERIES for s in studies)
    assert check_store(root) == all_uids
