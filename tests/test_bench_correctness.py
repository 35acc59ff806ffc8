"""Every ``cauri bench`` case at a tiny size, through the command line, once: the rows follow the JSON schema
and none carries a correctness flag (wrong voxels or results, a blank frame, an incomplete run). A row that
is fast because it is wrong must fail here, whatever its timing; timings themselves are never asserted.

Cases whose peer or tool is missing on this machine (Orthanc, DCMTK, SimpleITK) give a ``skipped`` row
that says why; that passes, a ``failed`` row does not.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

import viewer.bench
from viewer.bench import CASES, runner
from viewer.bench.results import FLAG_WORDS, SCHEMA_KEYS, Measurement, correctness_flags

pytestmark = pytest.mark.gui  # open and reading draw real windows

# Capitalised words the bench writes that are not flags: SQL, tool and AE names, DICOM values, placeholders.
NOT_FLAGS = {
    "BEGIN", "BETWEEN", "COMMIT", "CREATE", "DELETE", "DESC", "EXISTS", "FROM", "INSERT", "INTEGER", "INTO", "JOIN",
    "LIMIT", "ORDER", "PRAGMA", "PRIMARY", "SELECT", "TABLE", "TEMP", "TEXT", "VALUES", "WHERE", "MATCH",
    "BENCH", "CASES", "CAURI", "DCMTK", "GETSCU", "MOVESCU", "ORTHANC", "WADO", "JPEG", "GSPS", "STUDY", "FIND", "MOVE", "ECHO",
    "POST", "LABELS", "DISPLAY", "VIEW", "READING", "THORACIQUE", "METHODS", "ASSOCIATIONS", "SIZE",
    # words that only ever stand inside a flag phrase ("VOXELS DIFFER", "IS BLANK", "DREW A BLANK FRAME")
    "VOXELS", "RESULTS", "DREW", "RENDERED", "FRAME", "OTHER", "STUDIES", "EVICTION",
    "UPDATE", "IMMEDIATE", "DICOM", "PETCT", "BQML", "PIXELS", "WARM",
    "REFUSED",  # the big case says MPR was refused by the memory budget, as the reader is told: expected there
}


def check_rows(rows: list[dict]) -> None:
    """Schema, no failed case, and no correctness flag in any note."""
    assert rows
    for row in rows:
        assert set(SCHEMA_KEYS) <= set(row), row
        assert row["case"] in CASES and isinstance(row["metric"], str) and row["metric"], row
        assert isinstance(row["peer"], str) and row["peer"], row
        for key in ("cauri", "peer_value", "ratio"):
            assert row[key] is None or isinstance(row[key], (int, float)), (key, row)
        if row["cauri"] is not None and row["peer_value"]:
            assert row["ratio"] == pytest.approx(row["cauri"] / row["peer_value"])
        if row["metric"] in ("skipped", "failed"):
            assert row["note"], "a skipped or failed case must say why"
        assert row["metric"] != "failed", row
        assert row["metric"] == "skipped" or row["cauri"] is not None or row["note"], row
    flagged = [(r["case"], r["metric"], correctness_flags(r["note"])) for r in rows if correctness_flags(r["note"])]
    assert not flagged, flagged


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    from viewer.cli import main

    home = tmp_path_factory.mktemp("bench-home")
    out = home / "rows.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "QUICK", runner.TINY)
        rc = main(["bench", "--quick", "--home", str(home), "--json", str(out)])
    return rc, json.loads(out.read_text(encoding="utf-8")), home


def test_every_case_runs_at_a_tiny_size_without_a_correctness_flag(tiny_run):
    rc, rows, home = tiny_run
    check_rows(rows)
    assert rc == 0
    assert {r["case"] for r in rows} == set(CASES)
    # Inputs stay under the given home for the next run, outside its study cache.
    assert (home / "bench" / "inputs").is_dir() and not (home / "data").exists()


def test_like_for_like_rows_say_what_both_sides_did(tiny_run):
    _rc, rows, _home = tiny_run
    # MPR, slab, VR: the still frame beside the peer, the drag frame beside its target only.
    drafts = [r for r in rows if r["case"] == "render" and "while dragging" in r["metric"]]
    assert len(drafts) == 5 and all(r["peer"] == "the interaction target (no peer)" for r in drafts)
    stills = [r for r in rows if r["case"] == "render" and " still frame at " in r["metric"] and "latency" not in r["metric"]]
    assert len(stills) == 5 and all("still" in r["note"] for r in stills)
    wl = [r for r in rows if r["case"] == "render" and r["metric"].startswith("window/level")]
    assert wl and all("a new window every frame" in r["note"] for r in wl)
    # One-worker rows beside the all-core ones; the index peer through the same trigram index.
    for case in ("load", "decode"):
        assert any(r["case"] == case and "1 worker" in r["metric"] for r in rows if r["metric"] != "skipped"), case
    text = next(r for r in rows if r["case"] == "index" and "free text" in r["metric"])
    assert "both through the FTS5 trigram index" in text["note"]
    gsps = next(r for r in rows if r["case"] == "gsps")
    if gsps["peer_value"] is not None:
        assert "less its start-up" in gsps["note"]
    opened = next(r for r in rows if r["case"] == "open" and r["metric"].startswith("first image, "))
    assert "best of 1 runs both sides" in opened["note"]
    retrieve = {r["metric"]: r for r in rows if r["case"] == "retrieve"}
    if "skipped" not in retrieve:
        assert any("1 association" in m for m in retrieve) and "C-ECHO round trip" in retrieve


def test_reading_memory_and_sync_rows(tiny_run):
    _rc, rows, _home = tiny_run
    (reading,) = [r for r in rows if r["case"] == "reading"]
    assert reading["unit"] == "ms" and reading["cauri"] is not None and reading["peer_value"] is not None, reading
    assert "protocol ct-thorax stage 1, 4 viewports (2x2" in reading["note"] and "vs 2 (" in reading["note"]
    peak = [r for r in rows if r["case"] == "memory" and r["metric"].startswith("peak RSS growth")]
    raw_mb = runner.TINY.memory_slices * 512 * 512 * 2 / 2**20
    assert peak and all(r["unit"] == "MB" and r["peer"] == "raw voxel bytes" for r in peak)
    assert all(r["peer_value"] == pytest.approx(raw_mb) for r in peak)
    sync = [r for r in rows if r["case"] == "sync"]
    assert len(sync) == 2  # the registration (skipped on the tiny series) and the linked scroll
    assert sync[1]["unit"] == "ms" and sync[1]["cauri"] > 0 and sync[1]["peer_value"] > 0
    assert "views redrawn per step" in sync[1]["note"]


def test_an_injected_flag_fails_the_check(tmp_path, monkeypatch):
    """A peer query that returns other studies puts RESULTS DIFFER in the index row: the check must fail."""
    import viewer.bench.case_index as case_index

    honest = case_index.queries

    def wrong(prefix, pid):
        return [(label, q, sql.replace("DESC", "ASC"), args) for label, q, sql, args in honest(prefix, pid)]

    monkeypatch.setattr(case_index, "queries", wrong)
    rows = runner.run_cases(["index"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert any("RESULTS DIFFER" in r.note for r in rows)
    with pytest.raises(AssertionError):
        check_rows([r.to_json() for r in rows])
    monkeypatch.setattr(case_index, "queries", honest)
    check_rows([r.to_json() for r in runner.run_cases(["index"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)])


@pytest.mark.parametrize("note", [
    "VOXELS DIFFER from SimpleITK's", "3 of 16 slices DIFFER from the originals", "first image IS BLANK",
    "Cauri DREW A BLANK FRAME (0.1% lit)", "peer RENDERED A BLANK FRAME", "Volume SHAPE (3, 4) vs SimpleITK (3, 5)",
    "Cauri get: INCOMPLETE run(s)", "display pixels DISAGREE with DCMTK's", "slices are MISSING", "exit status WRONG",
    "CHOSE OTHER STUDIES than the least recently opened", "EVICTION INCOMPLETE (3 studies, 1 folders left)",
])
def test_every_flag_phrase_is_caught(note):
    assert correctness_flags("fine so far; " + note)
    assert not correctness_flags("fine so far; target 50 ms NOT met; pixels identical to the originals")
    with pytest.raises(AssertionError):
        check_rows([Measurement("load", "x", "ms", 1.0, "peer", 2.0, note=note).to_json()])


def test_no_bench_module_writes_a_capitalised_word_the_flag_list_does_not_know():
    """A new flag ("WRONG PIXELS", "TRUNCATED") must be added to results.FLAG_WORDS, or it would pass unseen."""
    unknown = {}
    for path in Path(viewer.bench.__file__).parent.glob("*.py"):
        tokens = tokenize.tokenize(io.BytesIO(path.read_bytes()).readline)
        for tok in tokens:
            if tok.type not in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)):
                continue
            if tok.string.lstrip("rbfRBF").startswith(('"""', "'''")):
                continue  # docstrings
            for word in re.findall(r"\b[A-Z]{4,}\b", tok.string):
                if word not in FLAG_WORDS and word not in NOT_FLAGS:
                    unknown.setdefault(word, path.name)
    assert not unknown, f"add these to results.FLAG_WORDS (a flag) or to NOT_FLAGS here (not one): {unknown}"


def _case_rows(rows, case):
    """A case's rows from the one tiny run (each case runs once in the suite); a skipped case says why."""
    mine = [r for r in rows if r["case"] == case]
    skipped = [r for r in mine if r["metric"] == "skipped"]
    if skipped:
        pytest.skip(f"{case}: {skipped[0]['note']}")
    return mine


def test_link_case_runs_both_profiles_against_getscu(tiny_run):
    """Both links, every row with both figures (never asserted on), the images compressed on the wire and equal
    to the originals, the first image shown being the series' middle."""
    _rc, rows, _home = tiny_run
    link = _case_rows(rows, "link")
    kinds = [r["metric"].split(",")[0] for r in link]
    assert kinds.count("C-GET complete") == 2 and kinds.count("C-GET bytes on the wire") == 2
    assert kinds.count("C-GET first image") == 2
    for row in link:
        assert row["cauri"] is not None and row["peer_value"] is not None, row
        assert "NOT its middle" not in row["note"], row
    complete = [r for r in link if r["metric"].startswith("C-GET complete")]
    assert all("stored as: JPEG-LS" in r["note"] and "pixels: equal to the originals" in r["note"] for r in complete)
    assert all("middle image" in r["note"] for r in link if r["metric"].startswith("C-GET first image"))


def test_big_case_runs_every_study_and_cleans_up(tiny_run):
    """Every study opens with pixels on screen, the cine plays, the budget's proof refuses the volume in the
    reader's words, and the gigabytes the case writes are gone afterwards."""
    _rc, rows, home = tiny_run
    big = _case_rows(rows, "big")
    firsts = [r for r in big if r["metric"].startswith("first image from the cache")]
    assert len(firsts) == 5 and all(r["cauri"] is not None and "shows pixels" in r["note"] for r in firsts)
    cine = next(r for r in big if r["metric"].startswith("US cine"))
    assert cine["peer_value"] == pytest.approx(30.0, rel=1e-3) and cine["cauri"] > 0
    budget = next(r for r in big if "budget" in r["metric"])
    assert "refused: MPR and 3D need 4 MB" in budget["note"] and budget["peer_value"] == 2.0
    assert not (home / "bench" / "big").exists()


def test_retrieve_case_runs_every_method_and_the_first_image(tiny_run):
    """C-GET (the CLI's whole series and the viewer's browse order), C-MOVE, WADO-RS, the first image and the
    C-ECHO round trip, each with both figures; WADO-RS says so when the DICOMweb plugin is missing."""
    _rc, rows, _home = tiny_run
    retrieve = _case_rows(rows, "retrieve")
    by_metric = {r["metric"].split(" ")[0]: r for r in retrieve}
    assert set(by_metric) == {"C-GET", "C-MOVE", "WADO-RS", "C-GET,", "first", "C-ECHO"}
    assert "browse order" in by_metric["C-GET,"]["metric"]
    for row in retrieve:
        if row["metric"].startswith("WADO") and "DICOMweb plugin is not installed" in row["note"]:
            continue
        assert row["cauri"] is not None and row["peer_value"] is not None, row
    assert "shows pixels" in by_metric["first"]["note"]


def test_the_evict_case_runs_in_the_window(tiny_run):
    """The keeper chooses and evicts in the real window, against rm -rf and a plain SQL delete."""
    _rc, rows, _home = tiny_run
    evict = _case_rows(rows, "evict")
    assert [r["metric"] for r in evict] == ["choose + evict 20 of 200 studies", "UI event-loop latency p95 during eviction"]
    assert all(r["cauri"] is not None for r in evict)
    assert evict[0]["peer_value"] is not None and evict[0]["peer"].startswith("rm -rf")
