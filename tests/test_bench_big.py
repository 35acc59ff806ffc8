"""``cauri bench big`` at a tiny size: every study opens with pixels on screen, the cine plays, MPR completes, the
loads agree with pydicom, the budget's proof refuses the volume in the reader's words, and the gigabytes the
case writes are gone afterwards. Figures at this size mean nothing and are not checked."""

from __future__ import annotations

import pytest

from viewer.bench import CASES, runner

pytestmark = pytest.mark.gui


def test_big_case_runs_every_study_and_cleans_up(tmp_path):
    assert "big" in CASES
    rows = runner.run_cases(["big"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert [r for r in rows if r.metric in ("failed", "skipped")] == []
    firsts = [r for r in rows if r.metric.startswith("first image from the cache")]
    assert len(firsts) == 5 and all(r.cauri is not None and "shows pixels" in r.note for r in firsts)
    assert not any(flag in r.note for r in rows for flag in ("DIFFER", "IS BLANK"))
    cine = next(r for r in rows if r.metric.startswith("US cine"))
    assert cine.peer_value == pytest.approx(30.0, rel=1e-3) and cine.cauri > 0
    budget = next(r for r in rows if "budget" in r.metric)
    assert "refused: MPR and 3D need 4 MB" in budget.note and budget.peer_value == 2.0
    assert not (tmp_path / "bench" / "big").exists()
