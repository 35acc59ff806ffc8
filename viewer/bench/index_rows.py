"""Filling a cache index with synthetic rows straight through SQL, for the ``index`` case.

Importing 5 million real files would take hours; the query side only sees rows, so rows are generated
by recursive CTEs inside SQLite (no Python per row) into the schema the store itself creates. Search
keys are folded with the store's own ``matching`` functions, accented names included, so the queries
meet what a real import would have written. Shape: 2.5 studies per patient, 5 series per study,
instances spread evenly, study dates over 26 years, eight modalities.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from viewer.store import matching
from viewer.store.cache import StudyCache

SERIES_PER_STUDY = 5
_SYLLABLES = ("ma", "ko", "dé", "ah", "lo", "ri", "na", "to", "bé", "sou", "ga", "mè", "du", "pon", "fi", "zo", "ké", "lé", "vi", "ran")
_GIVEN = ("Jean", "Aïcha", "Koffi", "Marie", "Jérôme", "Fatou", "Louis", "Amina", "Hélène", "Yao", "Chloé", "Moussa",
          "Éloïse", "Kodjo", "Anne", "Sènan", "Paul", "Awa", "Zoé", "Mawuli")
_MODALITIES = (("CT", "TDM thorax"), ("MR", "IRM encéphale"), ("CR", "Radio thorax"), ("US", "Échographie abdominale"),
               ("DX", "Radio genou"), ("MG", "Mammographie"), ("PT", "TEP corps entier"), ("NM", "Scintigraphie osseuse"))


def surnames() -> list[str]:
    """8000 distinct surnames from three syllables: prefixes then behave like real ones (many share 'ma')."""
    s = _SYLLABLES
    return [(a + b + c).capitalize() for a in s for b in s for c in s]


def build_index(root: Path, studies: int, instances: int, log=print) -> Path:
    """A StudyCache root whose index holds ``studies`` studies and ``instances`` instances (reused if built)."""

    root = Path(root)
    marker = root / "bench-index.json"
    if marker.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    StudyCache(root).close()  # the store's own schema, indices and pragmas
    log(f"writing a synthetic index of {studies} studies / {instances} instances...")
    patients = max(1, studies * 2 // 5)
    n_series = studies * SERIES_PER_STUDY
    per_series = max(1, instances // n_series)
    db = sqlite3.connect(str(root / "index.sqlite"), isolation_level=None)
    try:
        # Bulk load without a journal; the index then goes back to WAL, as the store keeps it.
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-200000")
        db.execute("BEGIN")
        db.execute("CREATE TEMP TABLE sn (i INTEGER PRIMARY KEY, name TEXT, key TEXT)")
        db.execute("CREATE TEMP TABLE gn (i INTEGER PRIMARY KEY, name TEXT, key TEXT)")
        db.execute("CREATE TEMP TABLE md (i INTEGER PRIMARY KEY, code TEXT, descr TEXT, key TEXT)")
        sn, gn = surnames(), _GIVEN
        db.executemany("INSERT INTO sn VALUES (?,?,?)", [(i, n, matching.fold_name(n)) for i, n in enumerate(sn)])
        db.executemany("INSERT INTO gn VALUES (?,?,?)", [(i, n, matching.fold_name(n)) for i, n in enumerate(gn)])
        db.executemany("INSERT INTO md VALUES (?,?,?,?)", [(i, c, d, matching.fold_name(d)) for i, (c, d) in enumerate(_MODALITIES)])
        args = {"P": patients, "S": len(sn), "G": len(gn), "N": studies, "SPS": SERIES_PER_STUDY,
                "NS": n_series, "IPS": per_series, "NI": n_series * per_series}
        db.execute(
            """WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :P)
               INSERT INTO patient (id, patient_id, issuer, name, birth_date, sex)
               SELECT x, printf('P%08d', x), '', sn.name || '^' || gn.name,
                      printf('%04d%02d%02d', 1930 + x % 90, 1 + x % 12, 1 + x % 28), CASE x % 2 WHEN 0 THEN 'F' ELSE 'M' END
               FROM c JOIN sn ON sn.i = (x * 31) % :S JOIN gn ON gn.i = (x * 17) % :G""",
            args,
        )
        db.execute(
            """WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :N)
               INSERT INTO study (id, uid, patient, patient_name, birth_date, sex, study_date, study_time,
                   description, accession, modalities, series_count, instance_count,
                   name_key, pid_key, accession_key, text_key, added_at)
               SELECT x, printf('1.2.826.0.1.3680043.10.1.%09d', x), p.id, p.name, p.birth_date, p.sex,
                      strftime('%Y%m%d', '2000-01-01', '+' || ((x * 7919) % 9490) || ' days'),
                      printf('%02d%02d00', x % 24, (x * 7) % 60), md.descr, printf('A%09d', x), md.code,
                      :SPS, :SPS * :IPS,
                      sn.key || ' ' || gn.key, lower(p.patient_id), printf('a%09d', x),
                      sn.key || ' ' || gn.key || char(10) || lower(p.patient_id) || char(10) || printf('a%09d', x)
                          || char(10) || md.key,
                      0
               FROM c JOIN patient p ON p.id = 1 + (x * 7) % :P
                      JOIN sn ON sn.i = (p.id * 31) % :S JOIN gn ON gn.i = (p.id * 17) % :G
                      JOIN md ON md.i = x % 8""",
            args,
        )
        db.execute(
            """WITH RECURSIVE c(y) AS (SELECT 1 UNION ALL SELECT y + 1 FROM c WHERE y < :NS)
               INSERT INTO series (id, uid, study, modality, number, description, body_part, instance_count)
               SELECT y, printf('1.2.826.0.1.3680043.10.2.%010d', y), (y - 1) / :SPS + 1, md.code,
                      (y - 1) % :SPS + 1, md.descr, '', :IPS
               FROM c JOIN md ON md.i = ((y - 1) / :SPS + 1) % 8""",
            args,
        )
        db.execute(
            """WITH RECURSIVE c(z) AS (SELECT 1 UNION ALL SELECT z + 1 FROM c WHERE z < :NI)
               INSERT INTO instance (id, sop_uid, series, sop_class, instance_number, transfer_syntax,
                   n_rows, n_columns, frames, position, orientation, rel_path, size)
               SELECT z, printf('1.2.826.0.1.3680043.10.3.%011d', z), (z - 1) / :IPS + 1,
                      '1.2.840.10008.5.1.4.1.1.2', (z - 1) % :IPS + 1, '1.2.840.10008.1.2.1', 512, 512, 1,
                      '', '', printf('%02x/%011d', z % 256, z), 526000
               FROM c""",
            args,
        )
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode=WAL")
    finally:
        db.close()
    marker.write_text(json.dumps({"studies": studies, "instances": n_series * per_series, "patients": patients}), encoding="utf-8")
    return root


def index_facts(root: Path) -> dict:
    return json.loads((Path(root) / "bench-index.json").read_text(encoding="utf-8"))
