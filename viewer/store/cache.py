"""``StudyCache``: the local study cache (SQLite index + instance files) as plain records.

One instance per SOP Instance UID; patients keyed by (Patient ID, Issuer of Patient ID), never by name.
A study (or series) that arrives under another patient (or study) than the one it is already filed
under is refused rather than merged: a silent merge would put one patient's images under another's
name. The object is safe to share between threads (one lock around the connection).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, Sequence

from viewer.core.messages import msg
from viewer.core.private import owner_only, private_dir
from viewer.dicom.header import InstanceHeader, parse_numbers
from viewer.store import matching, repair, schema
from viewer.store.filestore import FileStore
from viewer.store.removal import finish_removals
from viewer.store.records import InstanceRecord, SeriesRecord, StudyQuery, StudyRecord

IMPORTED = "imported"
PRESENT = "present"
STUDY_CONFLICT = "its study is already in the cache under another patient ID or issuer; not merged"
SERIES_CONFLICT = msg("its series is already in the cache under another study; not merged")

_MEMO_LIMIT = 20_000
_IN_LIMIT = 500  # bound parameters per query (older SQLite builds allow 999)


class InstanceGeometry(NamedTuple):
    sop_uid: str
    path: Path
    instance_number: int | None
    frames: int
    position: tuple[float, ...] | None
    orientation: tuple[float, ...] | None


_STUDY_COLUMNS = """s.uid, p.patient_id, p.issuer, s.patient_name, s.birth_date, s.sex, s.study_date,
    s.study_time, s.description, s.accession, s.modalities, s.series_count, s.instance_count, s.evicted_at,
    s.evicted_count, s.opened_at, s.source_node"""


class StudyCache:
    def __init__(self, root: Path):
        owner_only()  # images, index, WAL: owner-only (core.private)
        self.root = private_dir(root)
        self.files = FileStore(self.root)
        try:
            self._db = schema.connect(self.root / "index.sqlite")
        except BaseException:
            self.files.close()
            raise
        self._lock = threading.RLock()
        self._text_index = schema.has_text_index(self._db)
        self._studies: dict[str, tuple[int, str, str]] = {}  # uid -> (row id, patient id, issuer)
        self._series: dict[str, tuple[int, int]] = {}  # uid -> (row id, study row id)
        # Whether files' pixel data decodes (``store.duplicates.Judge``), for a second copy of an instance
        # received over the network: set by the application (the decoders live above the store); None keeps
        # the first copy, as an import without a judge does.
        self.second_copy_judge = None

        # An eviction killed between its commit and its deletions left a list: finished before the repair's
        # walk, which would otherwise take those files for orphans and index them again.
        self.evictions_finished = finish_removals(self)
        self.repaired = repair.repair(self, self.files.stale_temp)  # what a full disk or a kill -9 left

    # -- lifetime -------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
                self.files.close()

    def __enter__(self) -> "StudyCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- queries --------------------------------------------------------------------------------

    def find_studies(self, q: StudyQuery | None = None) -> list[StudyRecord]:
        """Studies matching every filter of ``q``, newest first.

        ``patient_id`` and ``accession``: exact, or DICOM wildcards (``*``, ``?``). ``name``: wildcards,
        or without any a "starts with" match; ``^`` and spaces are equivalent. All case-insensitive
        (accented letters included), accents significant. ``modality``: one code or several separated
        by commas/backslashes (any of them). ``text``: every word must occur in the name, ID,
        accession or description.
        """
        q = q or StudyQuery()
        where, args = [], []
        if q.study_uid:
            where.append("s.uid = ?")
            args.append(q.study_uid.strip())
        for column, pattern in (("s.pid_key", q.patient_id), ("s.accession_key", q.accession)):
            if pattern:
                if matching.has_wildcard(pattern):
                    where.append(f"{column} GLOB ?")
                    args.append(matching.id_glob(pattern))
                else:
                    where.append(f"{column} = ?")
                    args.append(matching.fold(pattern.strip()))
        if q.name:
            where.append("s.name_key GLOB ?")
            args.append(matching.name_glob(q.name))
        if q.modality:
            codes = [m for m in q.modality.replace("\\", ",").replace(" ", ",").upper().split(",") if m]
            if codes:
                marks = ",".join("?" * len(codes))
                # EXISTS, not IN (SELECT ...): the newest-first scan stops at the limit instead of
                # collecting every study of a common modality first.
                where.append(f"EXISTS (SELECT 1 FROM series se WHERE se.study = s.id AND se.modality IN ({marks}))")
                args.extend(codes)
        if q.date_from:
            where.append("s.study_date >= ? AND s.study_date != ''")
            args.append(_date_arg(q.date_from, end=False))
        if q.date_to:
            where.append("s.study_date <= ? AND s.study_date != ''")
            args.append(_date_arg(q.date_to, end=True))
        if q.text:
            for word in matching.fold_name(q.text).split():
                if self._text_index and len(word) >= 3:  # the trigram index finds substrings of 3+ characters
                    where.append("s.id IN (SELECT rowid FROM study_text WHERE study_text MATCH ?)")
                    args.append('"' + word.replace('"', '""') + '"')
                else:
                    where.append("instr(s.text_key, ?) > 0")
                    args.append(word)
        sql = f"SELECT {_STUDY_COLUMNS} FROM study s JOIN patient p ON p.id = s.patient"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY s.study_date DESC, s.study_time DESC, s.id DESC"
        if q.limit:
            sql += " LIMIT ?"
            args.append(int(q.limit))
        with self._lock:
            rows = self._conn().execute(sql, args).fetchall()
        return [_study_record(r) for r in rows]

    def study(self, study_uid: str) -> StudyRecord | None:
        found = self.find_studies(StudyQuery(study_uid=study_uid, limit=1))
        return found[0] if found else None

    def series_of(self, study_uid: str) -> list[SeriesRecord]:
        sql = """SELECT se.uid, st.uid, se.modality, se.number, se.description, se.body_part,
                        se.instance_count
                 FROM series se JOIN study st ON st.id = se.study
                 WHERE st.uid = ? ORDER BY se.number IS NULL, se.number, se.id"""
        with self._lock:
            rows = self._conn().execute(sql, (study_uid,)).fetchall()
        return [SeriesRecord(*r) for r in rows]

    def instances_of(self, series_uid: str) -> list[InstanceRecord]:
        sql = """SELECT i.sop_uid, se.uid, i.sop_class, i.instance_number, i.rel_path,
                        i.transfer_syntax, i.n_rows, i.n_columns, i.frames, i.derived
                 FROM instance i JOIN series se ON se.id = i.series
                 WHERE se.uid = ? ORDER BY i.instance_number IS NULL, i.instance_number, i.id"""
        with self._lock:
            rows = self._conn().execute(sql, (series_uid,)).fetchall()
        root = self.root
        return [InstanceRecord(r[0], r[1], r[2], r[3], root / r[4], r[5], r[6], r[7], r[8], r[9]) for r in rows]

    def instance_classes(self, study_uid: str) -> list[tuple[str, str, str]]:
        """(SOP Instance UID, series UID, SOP class) of every instance of a study, without building records: what
        finding a study's SR/GSPS/KO objects needs first (a 3,000-slice study has none to read, usually)."""
        sql = """SELECT i.sop_uid, se.uid, i.sop_class FROM instance i JOIN series se ON se.id = i.series
                 JOIN study st ON st.id = se.study WHERE st.uid = ?"""
        with self._lock:
            return self._conn().execute(sql, (study_uid,)).fetchall()

    def report_objects(self, study_uid: str, class_prefix: str, also: str) -> list[Path]:
        """Paths of a study's instances whose SOP class starts with ``class_prefix`` (structured reports) or is
        ``also`` (encapsulated PDF): the report panel asks on every study opened, and a 3,000-slice study has
        none of them among its images."""
        sql = """SELECT i.rel_path FROM instance i JOIN series se ON se.id = i.series JOIN study st ON st.id = se.study
                 WHERE st.uid = ? AND (substr(i.sop_class, 1, ?) = ? OR i.sop_class = ?) ORDER BY i.id"""
        with self._lock:
            rows = self._conn().execute(sql, (study_uid, len(class_prefix), class_prefix, also)).fetchall()
        return [self.root / r[0] for r in rows]

    def instances_of_classes(self, study_uids: Sequence[str], classes: Sequence[str]) -> dict[str, list[tuple[Path, str]]]:
        """(path, SOP class) of the instances of ``classes`` in each of ``study_uids`` (absent: none)."""
        found: dict[str, list[tuple[Path, str]]] = {}
        if not study_uids or not classes:
            return found
        marks = ",".join("?" * len(classes))
        sql = f"""SELECT st.uid, i.rel_path, i.sop_class FROM instance i JOIN series se ON se.id = i.series
                  JOIN study st ON st.id = se.study WHERE i.sop_class IN ({marks})"""
        wanted = set(study_uids)
        with self._lock:
            rows = self._conn().execute(sql, tuple(classes)).fetchall()
        for uid, rel, sop_class in rows:
            if uid in wanted:
                found.setdefault(uid, []).append((self.root / rel, sop_class))
        return found

    def instance_inputs(self, series_uid: str) -> list[tuple]:
        """(SOP Instance UID, path, SOP class, instance number, frames, rows, columns, position, orientation) of
        a series' instances in ``instances_of``'s order: what display sets are built from, in one query (two
        queries and two paths per instance cost a 3,000-slice study's open 50 ms)."""
        sql = """SELECT i.sop_uid, i.rel_path, i.sop_class, i.instance_number, i.frames, i.n_rows, i.n_columns,
                        i.position, i.orientation
                 FROM instance i JOIN series se ON se.id = i.series
                 WHERE se.uid = ? ORDER BY i.instance_number IS NULL, i.instance_number, i.id"""
        with self._lock:
            rows = self._conn().execute(sql, (series_uid,)).fetchall()
        root = self.root
        return [(r[0], root / r[1], r[2], r[3], r[4], r[5], r[6], parse_numbers(r[7]), parse_numbers(r[8]))
                for r in rows]

    def instance_geometry(self, series_uid: str) -> list[InstanceGeometry]:
        """Per-instance geometry straight from the index, ordered like ``instances_of``."""
        sql = """SELECT i.sop_uid, i.rel_path, i.instance_number, i.frames, i.position, i.orientation
                 FROM instance i JOIN series se ON se.id = i.series
                 WHERE se.uid = ? ORDER BY i.instance_number IS NULL, i.instance_number, i.id"""
        with self._lock:
            rows = self._conn().execute(sql, (series_uid,)).fetchall()
        root = self.root
        return [
            InstanceGeometry(r[0], root / r[1], r[2], r[3], parse_numbers(r[4]), parse_numbers(r[5]))
            for r in rows
        ]

    def indexed_paths(self) -> set[str]:
        """The relative path of every indexed file (``repair`` compares them with what is on disk)."""
        with self._lock:
            return {row[0] for row in self._conn().execute("SELECT rel_path FROM instance")}

    def holds_any_of(self, study_uid: str) -> bool:
        """At least one instance of the study is in the cache."""
        sql = """SELECT 1 FROM instance i JOIN series se ON se.id = i.series JOIN study st ON st.id = se.study
                 WHERE st.uid = ? LIMIT 1"""
        with self._lock:
            return self._conn().execute(sql, (study_uid,)).fetchone() is not None

    def has_instance(self, sop_uid: str) -> bool:
        with self._lock:
            return self._conn().execute("SELECT 1 FROM instance WHERE sop_uid = ?", (sop_uid,)).fetchone() is not None

    def instance_path(self, sop_uid: str) -> Path | None:
        with self._lock:
            row = self._conn().execute("SELECT rel_path FROM instance WHERE sop_uid = ?", (sop_uid,)).fetchone()
        return self.root / row[0] if row else None

    def stored_copy(self, sop_uid: str) -> tuple[str, int, str, str] | None:
        """(relative path, size, transfer syntax, series UID) of the instance's stored file, or None."""
        with self._lock:
            row = self._conn().execute(
                """SELECT i.rel_path, i.size, i.transfer_syntax, se.uid FROM instance i
                   JOIN series se ON se.id = i.series WHERE i.sop_uid = ?""", (sop_uid,)).fetchone()
        return tuple(row) if row else None

    def replace_instance(self, h: InstanceHeader, rel_path: str, size: int) -> None:
        """Point the instance's row at another stored copy of it (already complete and in place)."""
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    """UPDATE instance SET rel_path = ?, size = ?, sop_class = ?, instance_number = ?,
                           transfer_syntax = ?, n_rows = ?, n_columns = ?, frames = ?, position = ?,
                           orientation = ?, derived = ? WHERE sop_uid = ?""",
                    (rel_path, size, h.sop_class, h.instance_number, h.transfer_syntax, h.rows, h.columns,
                     h.frames, h.position, h.orientation, h.derived, h.sop_uid))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def counts(self) -> dict[str, int]:
        with self._lock:
            db = self._conn()
            return {
                table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("patient", "study", "series", "instance")
            }

    def archived(self, study_uids: Sequence[str]) -> set[str]:
        """Of ``study_uids``, those evicted: on the archive, their files gone."""
        found: set[str] = set()
        uids = list(study_uids)
        for i in range(0, len(uids), _IN_LIMIT):
            part = uids[i : i + _IN_LIMIT]
            found.update(r[0] for r in self.read(
                f"SELECT uid FROM study WHERE evicted_at > 0 AND uid IN ({','.join('?' * len(part))})", part))
        return found

    def mark_opened(self, study_uid: str, when: float | None = None) -> None:
        """The reader opened the study now (``when``): the eviction's least-recently-opened order."""
        self.write("UPDATE study SET opened_at = ? WHERE uid = ?", (time.time() if when is None else when, study_uid))

    def note_source(self, study_uid: str, node_name: str) -> None:
        """The archive the study was retrieved from: where it is fetched again once evicted."""
        self.write("UPDATE study SET source_node = ? WHERE uid = ?", (node_name, study_uid))

    def write(self, sql: str, args: Sequence = ()) -> int:
        """One statement in a transaction of its own; the rows it changed."""
        with self.transaction() as db:
            return db.execute(sql, args).rowcount

    @contextmanager
    def transaction(self):
        """The connection inside one write transaction, under the cache's lock (committed, or rolled back on
        any exception)."""
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                self._studies.clear()
                self._series.clear()
                raise

    def read(self, sql: str, args: Sequence = ()) -> list[tuple]:
        """Rows of one query, under the cache's lock (the eviction's own questions of the index)."""
        with self._lock:
            return self._conn().execute(sql, args).fetchall()

    # -- filling (used by the importer) ------------------------------------------------------------

    def placement_conflict(self, h: InstanceHeader) -> str | None:
        """Why ``h`` cannot be filed where its UIDs say, or None when it can."""
        with self._lock:
            return self._conflict(self._conn(), h)

    def screen(self, headers: Sequence[InstanceHeader]) -> tuple[dict[str, str], list[str | None]]:
        """What the index says of a group of parsed headers, in one go: the stored relative path of
        each instance it already has (by SOP Instance UID), and per header ``placement_conflict``."""
        uids = list(dict.fromkeys(h.sop_uid for h in headers))
        stored: dict[str, str] = {}
        conflicts: list[str | None] = []
        with self._lock:
            db = self._conn()
            for i in range(0, len(uids), _IN_LIMIT):
                part = uids[i : i + _IN_LIMIT]
                marks = ",".join("?" * len(part))
                stored.update(db.execute(f"SELECT sop_uid, rel_path FROM instance WHERE sop_uid IN ({marks})", part))
            verdicts: dict[tuple[str, str, str, str], str | None] = {}
            for h in headers:
                key = (h.study_uid, h.series_uid, h.patient_id, h.issuer)
                if key not in verdicts:
                    verdicts[key] = self._conflict(db, h)
                conflicts.append(verdicts[key])
        return stored, conflicts

    def add_instances(self, entries: Sequence[tuple[InstanceHeader, str, int]]) -> list[str]:
        """Index complete, already stored files ``(header, relative path, size)`` in one transaction.

        Returns, per entry, ``IMPORTED``, ``PRESENT`` or the reason it was refused.
        """
        outcomes: list[str] = []
        with self.transaction() as db:
            added: dict[int, int] = {}  # series row id -> instances added
            for h, rel_path, size in entries:
                outcomes.append(self._add_one(db, h, rel_path, size, added))
            self._bump_counts(db, added)
        return outcomes

    def _add_one(self, db, h: InstanceHeader, rel_path: str, size: int, added: dict[int, int]) -> str:
        conflict = self._conflict(db, h)
        if conflict:
            return conflict
        study_id = self._study_row(db, h)
        series_id = self._series_row(db, h, study_id)
        cur = db.execute(
            """INSERT OR IGNORE INTO instance (sop_uid, series, sop_class, instance_number,
                   transfer_syntax, n_rows, n_columns, frames, position, orientation, rel_path, size, derived)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (h.sop_uid, series_id, h.sop_class, h.instance_number, h.transfer_syntax, h.rows,
             h.columns, h.frames, h.position, h.orientation, rel_path, size, h.derived),
        )
        if cur.rowcount != 1:
            return PRESENT
        added[series_id] = added.get(series_id, 0) + 1
        return IMPORTED

    def _conflict(self, db, h: InstanceHeader) -> str | None:
        study = self._lookup_study(db, h.study_uid)
        if study is not None and (study[1], study[2]) != (h.patient_id, h.issuer):
            return STUDY_CONFLICT
        series = self._lookup_series(db, h.series_uid)
        if series is not None and (study is None or series[1] != study[0]):
            return SERIES_CONFLICT
        return None

    def _lookup_study(self, db, uid: str) -> tuple[int, str, str] | None:
        found = self._studies.get(uid)
        if found is None:
            row = db.execute(
                "SELECT s.id, p.patient_id, p.issuer FROM study s JOIN patient p ON p.id = s.patient"
                " WHERE s.uid = ?",
                (uid,),
            ).fetchone()
            if row is None:
                return None
            found = self._memo(self._studies, uid, tuple(row))
        return found

    def _lookup_series(self, db, uid: str) -> tuple[int, int] | None:
        found = self._series.get(uid)
        if found is None:
            row = db.execute("SELECT id, study FROM series WHERE uid = ?", (uid,)).fetchone()
            if row is None:
                return None
            found = self._memo(self._series, uid, tuple(row))
        return found

    @staticmethod
    def _memo(memo: dict, key, value):
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = value
        return value

    def _study_row(self, db, h: InstanceHeader) -> int:
        found = self._lookup_study(db, h.study_uid)
        if found is not None:
            return found[0]
        patient = db.execute(
            "SELECT id FROM patient WHERE patient_id = ? AND issuer = ?", (h.patient_id, h.issuer)
        ).fetchone()
        if patient is None:
            patient_id = db.execute(
                "INSERT INTO patient (patient_id, issuer, name, birth_date, sex) VALUES (?,?,?,?,?)",
                (h.patient_id, h.issuer, h.patient_name, h.birth_date, h.sex),
            ).lastrowid
        else:
            patient_id = patient[0]
        name_key = matching.fold_name(h.patient_name)
        pid_key = matching.fold(h.patient_id)
        accession_key = matching.fold(h.accession)
        text_key = "\n".join((name_key, pid_key, accession_key, matching.fold_name(h.study_description)))
        study_id = db.execute(
            """INSERT INTO study (uid, patient, patient_name, birth_date, sex, study_date, study_time,
                   description, accession, name_key, pid_key, accession_key, text_key, added_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (h.study_uid, patient_id, h.patient_name, h.birth_date, h.sex, h.study_date, h.study_time,
             h.study_description, h.accession, name_key, pid_key, accession_key, text_key, time.time()),
        ).lastrowid
        self._memo(self._studies, h.study_uid, (study_id, h.patient_id, h.issuer))
        return study_id

    def _series_row(self, db, h: InstanceHeader, study_id: int) -> int:
        found = self._lookup_series(db, h.series_uid)
        if found is not None:
            return found[0]
        series_id = db.execute(
            """INSERT INTO series (uid, study, modality, number, description, body_part)
               VALUES (?,?,?,?,?,?)""",
            (h.series_uid, study_id, h.modality, h.series_number, h.series_description, h.body_part),
        ).lastrowid
        db.execute(
            """UPDATE study SET series_count = series_count + 1,
                   modalities = (SELECT ifnull(group_concat(m, '\\'), '') FROM
                       (SELECT DISTINCT modality AS m FROM series
                        WHERE study = ?1 AND modality != '' ORDER BY m))
               WHERE id = ?1""",
            (study_id,),
        )
        self._memo(self._series, h.series_uid, (series_id, study_id))
        return series_id

    @staticmethod
    def _bump_counts(db, added: dict[int, int]) -> None:
        for series_id, n in added.items():
            db.execute("UPDATE series SET instance_count = instance_count + ? WHERE id = ?", (n, series_id))
            # An evicted study whose instances come back (retrieved on open) is local again.
            db.execute(
                "UPDATE study SET instance_count = instance_count + ?, evicted_at = 0"
                " WHERE id = (SELECT study FROM series WHERE id = ?)",
                (n, series_id),
            )

    def _conn(self):
        if self._db is None:
            raise RuntimeError("the study cache is closed")
        return self._db


def _date_arg(text: str, end: bool) -> str:
    """YYYYMMDD from YYYYMMDD, YYYY-MM-DD, or a year or month alone (its first or last day)."""
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) not in (4, 6, 8):
        raise ValueError("dates are YYYYMMDD (or YYYY, YYYYMM)")
    return digits + ("1231" if end else "0101")[len(digits) - 4 :]


def _study_record(r) -> StudyRecord:
    modalities = tuple(m for m in r[10].split("\\") if m)
    evicted = r[13] > 0
    return StudyRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], modalities, r[11],
                       r[14] if evicted else r[12], evicted, r[15], r[16])
