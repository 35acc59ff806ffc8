"""Killing an import at any moment leaves a sound cache: real hard kills of a child process."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from pydicom.uid import generate_uid

from store_fixtures import check_store, write_series
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths

# Smaller batches than the default 200 so that kills land between many commits, not only before
# the first one: the guarantees must hold at every point of the commit cycle. The child reports each
# file it has parsed; the parent kills it after a random number of them, so kills land inside the
# import however fast or loaded the machine is (a sleep calibrated on one run missed it).
CHILD = """
import sys
import viewer.store.importer as importer
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
importer._BATCH_FILES = 25
importer._PROGRESS_SECONDS = 0
cache = StudyCache(sys.argv[1])
print("ready", flush=True)
import_paths(cache, [sys.argv[2]], progress=lambda done, total: print("parsed", done, flush=True))
print("imported", flush=True)
cache.close()
"""

N_STUDIES, PER_SERIES = 3, 80
KILLS = 5
SPARE_ROUNDS = 1  # a round whose import may finish before its kill lands (that is not a crash)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """One source folder per round (each kill interrupts the import of new data), plus spares."""
    base = tmp_path_factory.mktemp("crash-src")
    folders = []
    for k in range(KILLS + SPARE_ROUNDS):
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


def _kill_after(proc: subprocess.Popen, parsed: int) -> bool:
    """Kill ``proc`` once it has parsed ``parsed`` files; False when its import ended first."""
    line = ""
    for line in proc.stdout:
        if line.startswith("imported"):
            break
        if line.startswith("parsed") and int(line.split()[1]) >= parsed:
            break
    proc.kill()  # SIGKILL: no handler, no cleanup, like a power cut for the process
    proc.wait(timeout=30)
    return not line.startswith("imported") and "imported" not in proc.stdout.read()


def test_hard_kills_during_import_leave_a_sound_cache(tmp_path, sources):
    root = tmp_path / "store"
    rng = random.Random(20240607)
    seen: set[str] = set()
    all_uids: set[str] = set()
    kills = rounds = 0
    while kills < KILLS and rounds < len(sources):
        src, uids = sources[rounds]
        rounds += 1
        if _kill_after(_start(root, src), rng.randint(1, len(uids))):
            kills += 1  # else it finished first: a sound store, but no crash
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
        report = import_paths(cache, [src for src, _ in sources[:rounds]])
        assert not report.rejected
        assert report.imported + report.already_present == len(all_uids)
        assert report.already_present >= len(seen)
        studies = cache.find_studies()
        assert len(studies) == N_STUDIES * rounds and all(s.instance_count == PER_SERIES for s in studies)
    assert check_store(root) == all_uids
