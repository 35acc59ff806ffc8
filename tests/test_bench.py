"""``cauri bench`` plumbing: a failing case, unknown cases, the scratch folder, odd rows in the table and JSON.
(Every case end to end at a tiny size, without a correctness flag: tests/test_bench_correctness.py.)

Figures from these sizes mean nothing and are never asserted on: timings depend on the machine.
"""

from __future__ import annotations

import json

import pytest

from viewer.bench import CASES
from viewer.bench import runner
from viewer.bench.results import SCHEMA_KEYS, Measurement, format_table, skipped

def _check_schema(rows: list[dict]) -> None:
    assert rows
    for row in rows:
        assert set(SCHEMA_KEYS) <= set(row), row
        assert row["case"] in CASES
        assert isinstance(row["metric"], str) and row["metric"]
        assert isinstance(row["peer"], str) and row["peer"]
        for key in ("cauri", "peer_value", "ratio"):
            assert row[key] is None or isinstance(row[key], (int, float)), (key, row)
        if row["cauri"] is not None and row["peer_value"]:
            assert row["ratio"] == pytest.approx(row["cauri"] / row["peer_value"])
        if row["metric"] in ("skipped", "failed"):
            assert row["note"], "a skipped or failed case must say why"


def test_a_failing_case_is_reported_and_the_others_still_run(tmp_path, monkeypatch):
    import viewer.bench.case_index as case_index

    def boom(ctx):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(case_index, "run", boom)
    rows = runner.run_cases(["index", "import"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    failed = [r for r in rows if r.case == "index"]
    assert len(failed) == 1 and failed[0].metric == "failed" and "disk on fire" in failed[0].note
    assert any(r.case == "import" and r.cauri is not None for r in rows)


def test_unknown_case_is_refused(tmp_path):
    from viewer.cli import main

    assert main(["bench", "--home", str(tmp_path), "nosuchcase"]) == 2
    with pytest.raises(ValueError):
        runner.run_cases(["nosuchcase"], home=tmp_path)


def test_temporary_scratch_is_removed(monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    runner.run_cases(["index"], sizes=runner.TINY, log=lambda _t: None)
    assert not list(tmp_path.glob("cauri-bench-*"))


def test_table_and_json_of_odd_rows(tmp_path):
    from viewer.bench.results import write_json

    rows = [
        Measurement("load", "x", "ms", 10.0, "peer", 20.0, note="a note"),
        Measurement("retrieve", "C-GET", "images/s", None, "DCMTK getscu", 500.0, note="Cauri: not implemented"),
        Measurement("open", "latency", "ms", float("nan"), "none"),
        skipped("decode", "SimpleITK is not installed"),
    ]
    assert rows[0].ratio == pytest.approx(0.5)
    assert rows[1].ratio is None and rows[2].cauri is None
    text = format_table(rows)
    assert "SimpleITK is not installed" in text and "not implemented" in text
    out = tmp_path / "rows.json"
    write_json(rows, out)
    _check_schema(json.loads(out.read_text(encoding="utf-8")))
