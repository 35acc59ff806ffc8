"""The study browser's free-text search through the trigram index answers exactly what a scan of every
study answers; an index dropped or impossible (no trigram tokenizer) falls back to that scan."""

from __future__ import annotations

import random
import sqlite3

import pytest

from store_fixtures import write_instance
from viewer.store import matching, schema
from viewer.store.cache import StudyCache
from viewer.store.importer import import_paths
from viewer.store.records import StudyQuery

NAMES = ["Makoutodé^Rachidi", "Dossou^Élodie", "MAKANJUOLA^Ade", "Hounkpè^Jérôme", "Adjovi^Koffi", "d'Almeida^Anne"]
WORDS = ["THORAX", "genou droit", "Écho abdominale", "IRM encéphale", "scanner \"urgent\"", "bassin"]
TERMS = ["mak", "MAK", "élo", "elo", "jérôme", "genou", "ho", "écho", "abdo", "\"urgent\"", "enc", "1042",
         "koffi echo", "zzz", "a", "d'al", "thorax ako"]


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("studies")
    rnd = random.Random(7)
    for k in range(120):
        write_instance(folder / f"{k}.dcm", study_uid=f"1.2.826.0.1.{k + 1}", series_uid=f"1.2.826.0.2.{k + 1}",
                       patient_id=f"P{1000 + k}", name=rnd.choice(NAMES), description=rnd.choice(WORDS),
                       accession=f"ACC{k}", charset="ISO_IR 192")
    root = tmp_path_factory.mktemp("cache")
    with StudyCache(root) as cache:
        import_paths(cache, [str(folder)])
    return root


def _scan(root, text: str) -> set[str]:
    db = sqlite3.connect(str(root / "index.sqlite"))
    try:
        uids = None
        for word in matching.fold_name(text).split():
            found = {r[0] for r in db.execute("SELECT uid FROM study WHERE instr(text_key, ?) > 0", (word,))}
            uids = found if uids is None else uids & found
        return uids or set()
    finally:
        db.close()


def _found(cache, text: str) -> set[str]:
    return {s.study_uid for s in cache.find_studies(StudyQuery(text=text))}


@pytest.mark.parametrize("text", TERMS)
def test_the_index_finds_what_a_scan_finds(populated, text):
    with StudyCache(populated) as cache:
        assert cache._text_index  # this SQLite has the trigram tokenizer (Debian 12, Python wheels)
        assert _found(cache, text) == _scan(populated, text)
    assert _scan(populated, "mak")  # the fixture has names to find


def test_a_dropped_index_is_rebuilt_and_new_studies_enter_it(populated, tmp_path):
    db = sqlite3.connect(str(populated / "index.sqlite"))
    db.execute("DROP TRIGGER study_text_insert")
    db.commit()
    db.close()
    with StudyCache(populated) as cache:
        assert _found(cache, "mak") == _scan(populated, "mak")
    write_instance(tmp_path / "new.dcm", study_uid="1.2.826.0.1.999", series_uid="1.2.826.0.2.999",
                   patient_id="P9", name="Zinsou^Makéba", description="NOUVEAU", charset="ISO_IR 192")
    with StudyCache(populated) as cache:
        import_paths(cache, [str(tmp_path / "new.dcm")])
        assert "1.2.826.0.1.999" in _found(cache, "nouveau")
        assert _found(cache, "mak") == _scan(populated, "mak")


def test_without_a_trigram_tokenizer_search_scans_and_studies_still_import(tmp_path, monkeypatch):
    broken = tuple(s.replace("tokenize='trigram'", "tokenize='no_such_tokenizer'") for s in schema._TEXT_INDEX)
    monkeypatch.setattr(schema, "_TEXT_INDEX", broken)
    write_instance(tmp_path / "src" / "a.dcm", study_uid="1.2.826.0.1.1", series_uid="1.2.826.0.2.1",
                   patient_id="P1", name="Makoutodé^Rachidi", description="THORAX")
    with StudyCache(tmp_path / "cache") as cache:
        assert not cache._text_index
        import_paths(cache, [str(tmp_path / "src")])  # no trigger left behind to make the insert fail
        assert _found(cache, "mako") == {"1.2.826.0.1.1"}
