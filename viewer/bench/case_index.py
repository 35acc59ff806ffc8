"""``index``: study search latency on a cache of 100k studies / 5M instances (synthetic rows).

Cauri's figure is ``StudyCache.find_studies`` (SQL built from a ``StudyQuery``, rows turned into
records) with the study browser's limit of 2000 rows. The peer is a hand-written plain SQLite query of
the same meaning on the same file (raw tuples, same order and limit): the ratio shows what Cauri's
query shape and record layer cost over the simplest correct SQL. Warm cache; median of several runs.

Like for like: where Cauri uses an index, the peer's SQL uses the same one. Free text goes through the
store's FTS5 trigram table (``study_text``) on both sides; the note gives the plain scan (``instr`` over
every study) too, which is what a search without that index costs.
"""

from __future__ import annotations

import sqlite3

from viewer.bench.index_rows import build_index, index_facts, surnames
from viewer.bench.results import Measurement
from viewer.bench.timing import median, now, percentile
from viewer.store.cache import StudyCache
from viewer.store.records import StudyQuery

CASE = "index"
LIMIT = 2000  # viewer.ui.study_browser asks for at most this many studies
_COLS = """s.uid, p.patient_id, p.issuer, s.patient_name, s.birth_date, s.sex, s.study_date, s.study_time,
           s.description, s.accession, s.modalities, s.series_count, s.instance_count"""
_ORDER = " ORDER BY s.study_date DESC, s.study_time DESC, s.id DESC LIMIT 2000"


def queries(prefix: str, pid: str):
    """(label, StudyQuery arguments, plain SQL, SQL arguments): typical searches at the reading desk."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    base = f"SELECT {_COLS} FROM study s JOIN patient p ON p.id = s.patient WHERE "
    return [
        ("browser start (newest 2000)", {}, f"SELECT {_COLS} FROM study s JOIN patient p ON p.id = s.patient" + _ORDER, ()),
        (f"name prefix '{prefix}'", {"name": prefix}, base + "s.name_key >= ? AND s.name_key < ?" + _ORDER, (prefix, upper)),
        ("patient ID exact", {"patient_id": pid}, base + "s.pid_key = ?" + _ORDER, (pid.lower(),)),
        ("date range (1 month)", {"date_from": "20240101", "date_to": "20240131"},
         base + "s.study_date BETWEEN ? AND ?" + _ORDER, ("20240101", "20240131")),
        ("modality CT", {"modality": "CT"},
         base + "EXISTS (SELECT 1 FROM series se WHERE se.study = s.id AND se.modality = ?)" + _ORDER, ("CT",)),
        ("modality MR + 1 year", {"modality": "MR", "date_from": "20230101", "date_to": "20231231"},
         base + "s.study_date BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM series se WHERE se.study = s.id AND se.modality = ?)"
         + _ORDER, ("20230101", "20231231", "MR")),
        (f"browser free text '{prefix}'", {"text": prefix},
         base + "s.id IN (SELECT rowid FROM study_text WHERE study_text MATCH ?)" + _ORDER, (f'"{prefix}"',)),
    ]


def _scan(prefix: str) -> tuple[str, tuple]:
    """The free-text search without the trigram index: every study's text read."""
    return (f"SELECT {_COLS} FROM study s JOIN patient p ON p.id = s.patient WHERE instr(s.text_key, ?) > 0" + _ORDER,
            (prefix,))


def _timed(fn) -> float:
    t = now()
    fn()
    return now() - t


def run(ctx) -> list[Measurement]:
    sizes = ctx.sizes
    t0 = now()
    root = build_index(ctx.inputs.root / f"index-{sizes.index_studies}-{sizes.index_instances}", sizes.index_studies,
                       sizes.index_instances, ctx.log)
    built = now() - t0
    facts = index_facts(root)
    prefix = surnames()[31][:3].lower()  # the surname of patient 1: present whatever the size
    pid = "P00000001"
    reps = max(3, ctx.sizes.repeats * 3)
    rows = []
    with StudyCache(root) as cache:
        plain = sqlite3.connect(str(root / "index.sqlite"))
        try:
            for label, q, sql, args in queries(prefix, pid):
                query = StudyQuery(limit=LIMIT, **q)
                found = cache.find_studies(query)  # warm both, and check they agree
                raw = plain.execute(sql, args).fetchall()
                ours, theirs = [], []
                for _ in range(reps):
                    t = now()
                    cache.find_studies(query)
                    ours.append(now() - t)
                    t = now()
                    plain.execute(sql, args).fetchall()
                    theirs.append(now() - t)
                agree = [s.study_uid for s in found] == [r[0] for r in raw]
                scan = ""
                if "study_text" in sql:
                    scan_sql, scan_args = _scan(prefix)
                    scanned = plain.execute(scan_sql, scan_args).fetchall()
                    agree = agree and [r[0] for r in scanned] == [r[0] for r in raw]
                    t_scan = median([_timed(lambda: plain.execute(scan_sql, scan_args).fetchall()) for _ in range(reps)])
                    scan = f"; both through the FTS5 trigram index; a plain scan (instr, no index) takes {t_scan * 1000:.2f} ms"
                rows.append(Measurement(
                    CASE, label, "ms", median(ours) * 1000, "plain sqlite3 query, raw tuples", median(theirs) * 1000,
                    note=f"{label}: {len(found)} studies, Cauri p95 {percentile(ours, 95) * 1000:.1f} ms over {reps} runs"
                    + scan + ("" if agree else f"; RESULTS DIFFER from the plain query ({len(raw)} rows)"),
                ))
        finally:
            plain.close()
    rows[0].note = (f"index of {facts['studies']} studies / {facts['patients']} patients / {facts['instances']} instances "
                    f"(ready in {built:.1f} s); limit {LIMIT} as the study browser; both sides the same SQLite file, same "
                    f"indexes, one thread, warm, median of {reps} interleaved runs; target < 100 ms. " + rows[0].note)
    return rows
