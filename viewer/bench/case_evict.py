"""``evict``: choosing and evicting a tenth of a 100,000-study cache (10,000 studies; ``--quick``: 1,000 of
10,000), and what the window's thread feels meanwhile.

The index is the ``index`` case's synthetic rows (5 series of one instance per study), with opening times
spread over two years in an order unrelated to the rows'. Only the studies to evict get real files (one small
file per instance, one folder per series as the store files them): the other rows are never touched, and the
disk holds a few hundred MB at most. The limit is set so that exactly the tenth least recently opened must go.

Cauri: ``store.eviction.plan`` (LRU order, sizes and every protection asked of the index and the study flags)
then ``evict`` (batches of 250 studies: files listed and rows removed in one transaction each, files deleted,
flushed, the list cleared), on a thread of its own as the window runs it, while the main thread ticks every
10 ms reading one study row through its own connection: the tick's lateness p95 is the row's "UI" figure,
beside the same ticks with nothing running. Peer: the same folders recreated, then ``rm -rf`` of them (one
process per 1,000 folders) and one plain SQL transaction deleting the same studies' instance rows and zeroing
their counts; no protections asked, no crash-safety list, no flush.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from viewer.bench.index_rows import SERIES_PER_STUDY, build_index
from viewer.bench.results import Measurement
from viewer.bench.timing import now, percentile
from viewer.store import eviction
from viewer.store.cache import StudyCache

CASE = "evict"
FILE_BYTES = 1024
_TWO_YEARS = 2 * 365 * 86400.0


def prepare(pristine: Path, root: Path, studies: int, evicted: int, log=print,
            all_files: bool = False) -> tuple[list[str], list[str], int]:
    """A copy of the synthetic index at ``root`` with files for its ``evicted`` least recently opened studies
    (``all_files``: for every study); (their uids in LRU order, their series folders, the limit in bytes that
    makes exactly them go)."""
    build_index(pristine, studies, studies * SERIES_PER_STUDY, log)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copyfile(pristine / "index.sqlite", root / "index.sqlite")
    StudyCache(root).close()  # this Cauri's columns and tables on the copy
    db = sqlite3.connect(str(root / "index.sqlite"), isolation_level=None)
    try:
        base = time.time() - _TWO_YEARS - 86400 * 30
        db.execute("BEGIN")
        db.execute(f"UPDATE study SET opened_at = {base} + ((id * 7919) % :n) * (:span / :n), evicted_at = 0, "
                   "instance_count = series_count, evicted_count = 0", {"n": studies, "span": _TWO_YEARS})
        db.execute("UPDATE series SET instance_count = 1")
        db.execute(f"UPDATE instance SET size = {FILE_BYTES}, "
                   "rel_path = printf('files/%02x/s%09d/%011d.dcm', series % 256, series, id)")
        db.execute("DELETE FROM removal")
        db.execute("COMMIT")
        chosen = db.execute("SELECT uid, id FROM study ORDER BY opened_at, id LIMIT ?", (evicted,)).fetchall()
        ids = [r[1] for r in chosen]
        rels = []
        for k in range(0, len(ids), 500):
            part = ids[k : k + 500]
            rels += [r[0] for r in db.execute(
                f"""SELECT i.rel_path FROM instance i JOIN series se ON se.id = i.series
                    WHERE se.study IN ({','.join('?' * len(part))})""", part)]
        total = db.execute("SELECT total(size) FROM instance").fetchone()[0]
        every = [r[0] for r in db.execute("SELECT rel_path FROM instance")] if all_files else rels
    finally:
        db.close()
    payload = b"\0" * FILE_BYTES
    for r in every:
        os.makedirs((root / r).parent, exist_ok=True)
        with open(root / r, "wb") as fh:
            fh.write(payload)
    folders = sorted({str(root / r.rsplit("/", 1)[0]) for r in rels})
    return [r[0] for r in chosen], folders, int(total) - len(rels) * FILE_BYTES


def _ticks(root: Path, uid: str, running, seconds_min: float = 0.5) -> list[float]:
    """Lateness of a 10 ms tick on this thread, each reading one study row, while ``running()`` (or for
    ``seconds_min`` when nothing runs)."""
    late = []
    with StudyCache(root) as cache:
        start = now()
        while running() or now() - start < seconds_min:
            t = now()
            time.sleep(0.01)
            cache.study(uid)
            late.append(now() - t - 0.01)
    return late


def run(ctx) -> list[Measurement]:
    studies = ctx.sizes.index_studies
    count = max(10, studies // 10)
    pristine = ctx.inputs.root / f"evict-index-{studies}"
    root = ctx.scratch / "evict-cache"
    t0 = now()
    uids, folders, limit = prepare(pristine, root, studies, count, ctx.log)
    ctx.log(f"evict: index of {studies} studies, {len(folders)} folders to evict, ready in {now() - t0:.1f} s")
    idle = _ticks(root, uids[0], lambda: False)
    result = {}

    def work() -> None:
        with StudyCache(root) as cache:
            t = now()
            plan = eviction.plan(cache, limit)
            result["plan_s"] = now() - t
            done = eviction.evict(cache, [c.study_uid for c in plan.chosen])
            result["total_s"] = now() - t
            result["chosen"] = [c.study_uid for c in plan.chosen]
            result["done"] = done
            result["usage"] = eviction.usage(cache)

    worker = threading.Thread(target=work, name="bench-evict")
    worker.start()
    busy = _ticks(root, uids[0], worker.is_alive, 0.0)
    worker.join()
    leftovers = sum(1 for f in folders if os.path.exists(f))
    flags = []
    if result["chosen"] != uids:
        flags.append("CHOSE OTHER STUDIES than the least recently opened")
    if result["done"].studies != count or leftovers or result["usage"] > limit:
        flags.append(f"EVICTION INCOMPLETE ({result['done'].studies} studies, {leftovers} folders left)")

    # The peer: the same folders again, rm -rf, one SQL transaction on the same rows.
    uids2, folders2, _limit = prepare(pristine, root, studies, count, lambda *_: None)
    t = now()
    for k in range(0, len(folders2), 1000):
        subprocess.run(["rm", "-rf", *folders2[k : k + 1000]], check=True)
    db = sqlite3.connect(str(root / "index.sqlite"), isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        for k in range(0, len(uids2), 500):
            part = uids2[k : k + 500]
            marks = ",".join("?" * len(part))
            in_studies = f"SELECT id FROM study WHERE uid IN ({marks})"
            db.execute(f"DELETE FROM instance WHERE series IN (SELECT id FROM series WHERE study IN ({in_studies}))", part)
            db.execute(f"UPDATE series SET instance_count = 0 WHERE study IN ({in_studies})", part)
            db.execute(f"UPDATE study SET evicted_at = 1, instance_count = 0 WHERE uid IN ({marks})", part)
        db.execute("COMMIT")
    finally:
        db.close()
    peer_s = now() - t
    shutil.rmtree(root, ignore_errors=True)
    note_flags = ("; " + "; ".join(flags)) if flags else ""
    peer = "rm -rf of the same folders + one plain SQL delete (no choice, no protections, no crash list, no flush)"
    return [
        Measurement(CASE, f"choose + evict {count} of {studies} studies", "s", result["total_s"], peer, peer_s,
                    note=f"{count * SERIES_PER_STUDY} files of {FILE_BYTES} B in {len(folders)} series folders; "
                         f"Cauri's choice (LRU + protections) {result['plan_s']:.2f} s of it; batches of 250 studies, "
                         f"each one transaction + deletions + syncfs; peer only deletes" + note_flags),
        Measurement(CASE, "main-thread tick lateness p95 during eviction", "ms", percentile(busy, 95) * 1000,
                    "the same 10 ms ticks with nothing running", percentile(idle, 95) * 1000,
                    note=f"{len(busy)} ticks during, {len(idle)} idle; each tick reads one study row through its "
                         f"own connection, eviction on a thread as in the window; target < 50 ms"),
    ]
