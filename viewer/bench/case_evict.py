"""``evict``: choosing and evicting a tenth of a 100,000-study cache (10,000 studies; ``--quick``: 1,000 of
10,000), and what the window's thread feels meanwhile.

The index is the ``index`` case's synthetic rows (5 series of one instance per study), with opening times
spread over two years in an order unrelated to the rows'. Only the studies to evict get real files (one small
file per instance, one folder per series as the store files them): the other rows are never touched, and the
disk holds a few hundred MB at most. The limit is set so that exactly the tenth least recently opened must go.

Cauri: the main window over that cache (a worker process, as the ``open`` case), its size limit set, and
``Workstation.keep_cache`` started: the keeper thread runs ``store.eviction.plan`` (LRU order, sizes and every
protection asked of the index, the study flags, findings and reports) then ``evict`` (batches of 250 studies:
files listed and rows removed in one transaction each, files deleted; one flush, then the list cleared), and
the study list refreshes when it ends. The UI figure is the lateness of a 5 ms QTimer heartbeat meanwhile
(p95, as the ``open`` case). Peer: the same folders recreated, then ``rm -rf`` of them (one
process per 1,000 folders) and one plain SQL transaction deleting the same studies' instance rows and zeroing
their counts; no protections asked, no crash-safety list, no flush.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from viewer.bench.gui_window import bench_window, heartbeat_timer
from viewer.bench.index_rows import SERIES_PER_STUDY, build_index
from viewer.bench.results import Measurement
from viewer.bench.timing import now, percentile, run_worker
from viewer.core.paths import resolve_paths
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
                   "instance_count = series_count, evicted_count = 0, source_node = 'pacs'", {"n": studies, "span": _TWO_YEARS})
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


HEARTBEAT_MS = 5


def run(ctx) -> list[Measurement]:
    studies = ctx.sizes.index_studies
    count = max(10, studies // 10)
    pristine = ctx.inputs.root / f"evict-index-{studies}"
    home = ctx.scratch / "evict-home"
    root = resolve_paths(home).store
    t0 = now()
    uids, folders, limit = prepare(pristine, root, studies, count, ctx.log)
    ctx.log(f"evict: index of {studies} studies, {len(folders)} folders to evict, ready in {now() - t0:.1f} s")
    gui = run_worker("viewer.bench.case_evict", {"scratch": str(ctx.scratch), "home": str(home),
                                                 "limit_gb": limit / 1e9, "timeout_s": 1800}, timeout=2000)
    with StudyCache(root) as cache:
        usage = eviction.usage(cache)
        gone = cache.archived(uids)
    leftovers = sum(1 for f in folders if os.path.exists(f))
    flags = []
    if gui["chosen"] != uids:
        flags.append("CHOSE OTHER STUDIES than the least recently opened")
    if gui["removed"] != count or len(gone) != count or leftovers or usage > limit:
        flags.append(f"EVICTION INCOMPLETE ({gui['removed']} studies, {leftovers} folders left)")

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
    shutil.rmtree(home, ignore_errors=True)
    note_flags = ("; " + "; ".join(flags)) if flags else ""
    peer = "rm -rf of the same folders + one plain SQL delete (no choice, no protections, no crash list, no flush)"
    return [
        Measurement(CASE, f"choose + evict {count} of {studies} studies", "s", gui["seconds"], peer, peer_s,
                    note=f"{count * SERIES_PER_STUDY} files of {FILE_BYTES} B in {len(folders)} series folders; "
                         f"Cauri: the window's keeper thread (plan: LRU + every protection, then batches of 250 "
                         f"studies, one transaction each, files deleted, one syncfs at the end); peer only deletes"
                         + note_flags),
        Measurement(CASE, "UI event-loop latency p95 during eviction", "ms", gui["latency_p95_ms"], "none",
                    note=f"the main window over the {studies}-study cache (its study list, at most 2000 rows; the "
                         f"evicted rows changed in place when the eviction ends, inside the timing); lateness of a {HEARTBEAT_MS} ms QTimer heartbeat, "
                         f"{gui['ticks']} ticks, max {gui['latency_max_ms']:.0f} ms; target p95 < 50 ms"),
    ]


def _worker(payload: dict) -> dict:
    from PySide6.QtCore import QTimer

    from viewer.core.settings import Settings

    app, ws, window, _cache = bench_window(payload["home"], Settings(cache_limit_gb=payload["limit_gb"]))
    m: dict = {"t0": None, "ticks": [], "result": None, "end": None}

    def tick() -> None:
        t = now()
        m["ticks"].append(t)
        if m["result"] is not None and m["end"] is None:
            m["end"] = t + 0.5  # the list's refresh after the eviction is part of what the reader feels
        if (m["end"] is not None and t >= m["end"]) or t - m["t0"] > payload["timeout_s"]:
            heartbeat.stop()
            app.quit()

    heartbeat = heartbeat_timer(HEARTBEAT_MS, tick)
    ws.keeper.trimmed.connect(lambda result: m.__setitem__("result", result))

    def start() -> None:
        heartbeat.start()
        m["t0"] = now()
        m["ticks"].append(m["t0"])
        ws.keep_cache()

    QTimer.singleShot(1000, start)  # the window laid out and its list drawn first
    app.exec()
    result = m["result"]
    if result is None:
        raise RuntimeError(f"the eviction did not end within {payload['timeout_s']} s")
    if result.error:
        raise RuntimeError(f"the eviction failed: {result.error}")
    late = [max(0.0, (b - a) * 1000 - HEARTBEAT_MS) for a, b in zip(m["ticks"], m["ticks"][1:])] or [0.0]
    out = {"seconds": result.seconds, "removed": result.removed.studies,
           "chosen": [c.study_uid for c in result.plan.chosen], "latency_p95_ms": percentile(late, 95),
           "latency_max_ms": max(late), "ticks": len(late)}
    window.close()
    ws.close()
    return out


if __name__ == "__main__":
    from viewer.bench.timing import worker_main

    sys.exit(worker_main(_worker))
