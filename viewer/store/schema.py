"""The SQLite index: tables, indices and connection settings.

Counts (series per study, instances per series and study) and the study's modality list are kept in
the rows, updated in the same transaction as the instance insert: the study list must not aggregate
millions of instance rows on every search.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from viewer.core.private import private_file

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS patient (
    id          INTEGER PRIMARY KEY,
    patient_id  TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    birth_date  TEXT NOT NULL DEFAULT '',
    sex         TEXT NOT NULL DEFAULT '',
    UNIQUE (patient_id, issuer)
);

CREATE TABLE IF NOT EXISTS study (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    patient         INTEGER NOT NULL REFERENCES patient(id),
    -- name, birth date and sex as this study's own headers give them (a patient may be renamed)
    patient_name    TEXT NOT NULL DEFAULT '',
    birth_date      TEXT NOT NULL DEFAULT '',
    sex             TEXT NOT NULL DEFAULT '',
    study_date      TEXT NOT NULL DEFAULT '',
    study_time      TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    accession       TEXT NOT NULL DEFAULT '',
    modalities      TEXT NOT NULL DEFAULT '',
    series_count    INTEGER NOT NULL DEFAULT 0,
    instance_count  INTEGER NOT NULL DEFAULT 0,
    -- Python-folded search keys (SQLite folds ASCII only)
    name_key        TEXT NOT NULL DEFAULT '',
    pid_key         TEXT NOT NULL DEFAULT '',
    accession_key   TEXT NOT NULL DEFAULT '',
    text_key        TEXT NOT NULL DEFAULT '',
    added_at        REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS study_by_date ON study (study_date, study_time);
CREATE INDEX IF NOT EXISTS study_by_name ON study (name_key);
CREATE INDEX IF NOT EXISTS study_by_pid ON study (pid_key);
CREATE INDEX IF NOT EXISTS study_by_accession ON study (accession_key);
CREATE INDEX IF NOT EXISTS study_by_patient ON study (patient);

CREATE TABLE IF NOT EXISTS series (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    study           INTEGER NOT NULL REFERENCES study(id),
    modality        TEXT NOT NULL DEFAULT '',
    number          INTEGER,
    description     TEXT NOT NULL DEFAULT '',
    body_part       TEXT NOT NULL DEFAULT '',
    instance_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS series_by_study ON series (study, number);
CREATE INDEX IF NOT EXISTS series_by_modality ON series (modality, study);

CREATE TABLE IF NOT EXISTS instance (
    id               INTEGER PRIMARY KEY,
    sop_uid          TEXT NOT NULL UNIQUE,
    series           INTEGER NOT NULL REFERENCES series(id),
    sop_class        TEXT NOT NULL DEFAULT '',
    instance_number  INTEGER,
    transfer_syntax  TEXT NOT NULL DEFAULT '',
    n_rows           INTEGER,
    n_columns        INTEGER,
    frames           INTEGER NOT NULL DEFAULT 1,
    position         TEXT NOT NULL DEFAULT '',
    orientation      TEXT NOT NULL DEFAULT '',
    rel_path         TEXT NOT NULL,
    size             INTEGER NOT NULL,
    -- UIDs Cauri derived (the file's were missing or invalid): "sop", "study", "series", space-separated
    derived          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS instance_by_series ON instance (series, instance_number);
"""


class IndexUnusable(RuntimeError):
    """The index cannot be used (damaged, or written by a newer Cauri)."""


def connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) so that a batch is
    # one atomic unit; check_same_thread=False because StudyCache serialises access with its own lock.
    db = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        _owner_only(path)
        # FULL: a commit is on disk before it returns, so a committed row never outlives a power cut.
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA cache_size=-32000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise IndexUnusable(f"the study index was written by a newer Cauri (schema {version})")
        if version < SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")
            # Statement by statement: executescript() would commit the open transaction on its own.
            for statement in _statements(_DDL):
                db.execute(statement)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
        _ensure_columns(db)
        ensure_text_index(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise
        raise IndexUnusable(f"the study index cannot be opened: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db


def _owner_only(path: Path) -> None:
    """The index, its WAL and shared-memory file owner-only (those of an older Cauri were 0644)."""

    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            private_file(candidate)


# The study browser's free-text search looks for a word anywhere in the name, ID, accession and
# description (``study.text_key``): a scan of every study (~100-140 ms for 100,000 here). A trigram
# full-text index answers substrings of 3+ characters from the index instead. It is derived data, kept
# in step by triggers and rebuilt from ``study`` when missing; an SQLite without FTS5's trigram
# tokenizer (before 3.34) keeps the scan.
_TEXT_INDEX = (
    "CREATE VIRTUAL TABLE study_text USING fts5(text_key, content='study', content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER study_text_insert AFTER INSERT ON study BEGIN
        INSERT INTO study_text(rowid, text_key) VALUES (new.id, new.text_key);
    END""",
    """CREATE TRIGGER study_text_delete AFTER DELETE ON study BEGIN
        INSERT INTO study_text(study_text, rowid, text_key) VALUES ('delete', old.id, old.text_key);
    END""",
    """CREATE TRIGGER study_text_update AFTER UPDATE OF text_key ON study BEGIN
        INSERT INTO study_text(study_text, rowid, text_key) VALUES ('delete', old.id, old.text_key);
        INSERT INTO study_text(rowid, text_key) VALUES (new.id, new.text_key);
    END""",
)
_TEXT_OBJECTS = ("study_text_insert", "study_text_delete", "study_text_update", "study_text")


def ensure_text_index(db: sqlite3.Connection) -> bool:
    """Make sure the trigram text index exists and works; False when this SQLite cannot have one (then
    none is left behind: its triggers would make every new study fail here)."""
    present = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?, ?)", _TEXT_OBJECTS)}
    if len(present) == len(_TEXT_OBJECTS):
        try:
            db.execute("SELECT rowid FROM study_text WHERE study_text MATCH '\"abc\"' LIMIT 1").fetchall()
            return True
        except sqlite3.DatabaseError:
            pass  # made by an SQLite with the tokenizer, opened by one without: drop it below
    db.execute("BEGIN IMMEDIATE")
    try:
        for name in _TEXT_OBJECTS[:3]:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
        try:
            db.execute("DROP TABLE IF EXISTS study_text")
        except sqlite3.DatabaseError:  # a virtual table whose module is missing: leave it, it is unused
            pass
        for statement in _TEXT_INDEX:
            db.execute(statement)
        db.execute("INSERT INTO study_text(study_text) VALUES ('rebuild')")
        db.execute("COMMIT")
        return True
    except sqlite3.DatabaseError:
        db.execute("ROLLBACK")
        for name in _TEXT_OBJECTS[:3]:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
        return False


# Columns added after an index was first written: added in place (no schema version step, so an older
# Cauri still opens the index and simply ignores them).
# The eviction columns (``store.eviction``): when the reader last opened the study (0: never), when its files
# were removed (0: they are here), how many instances it had then (the list still says so), and the archive
# it was retrieved from (where it is fetched again).
_ADDED_COLUMNS = (("instance", "derived", "TEXT NOT NULL DEFAULT ''"),
                  ("study", "opened_at", "REAL NOT NULL DEFAULT 0"),
                  ("study", "evicted_at", "REAL NOT NULL DEFAULT 0"),
                  ("study", "evicted_count", "INTEGER NOT NULL DEFAULT 0"),
                  ("study", "source_node", "TEXT NOT NULL DEFAULT ''"))
# Files whose rows an eviction removed, until they are deleted: written in the same transaction as the rows'
# removal, so a kill between the two leaves a list the next open finishes, never an orphan nor a row without
# its file.
_ADDED_TABLES = ("CREATE TABLE IF NOT EXISTS removal (rel_path TEXT PRIMARY KEY, study_uid TEXT NOT NULL)",
                 "CREATE INDEX IF NOT EXISTS removal_by_study ON removal (study_uid)")


def _ensure_columns(db: sqlite3.Connection) -> None:
    known: dict[str, set[str]] = {}
    for table, column, decl in _ADDED_COLUMNS:
        if table not in known:
            known[table] = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in known[table]:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
    for statement in _ADDED_TABLES:
        db.execute(statement)


def has_text_index(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE name IN (?, ?, ?, ?)",
                      _TEXT_OBJECTS).fetchone()[0] == len(_TEXT_OBJECTS)


def _statements(script: str):
    buf = []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buf.append(line)
        if line.rstrip().endswith(";"):
            yield "\n".join(buf)
            buf = []
