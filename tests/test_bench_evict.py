"""The bench's ``evict`` case at a tiny size: its plumbing, and no correctness flag in its notes (the studies
chosen are the least recently opened ones, every one of them evicted, the cache under the limit)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.timeout(300)]


def test_the_evict_case_runs_in_the_window_and_raises_no_flag(tmp_path):
    from viewer.bench import CASES, runner

    assert "evict" in CASES
    rows = runner.run_cases(["evict"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert [r.metric for r in rows] == ["choose + evict 20 of 200 studies", "UI event-loop latency p95 during eviction"]
    for r in rows:
        assert r.cauri is not None, r.note
        assert "OTHER STUDIES" not in r.note and "INCOMPLETE" not in r.note, r.note
    assert rows[0].peer_value is not None and rows[0].peer.startswith("rm -rf")
