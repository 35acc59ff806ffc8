"""``cauri bench sync`` plumbing: the linked-scroll case runs end to end and gives a row with its peer (no
timing is asserted: figures depend on the machine)."""

from __future__ import annotations


def test_sync_case_gives_a_row_beside_its_peer(tmp_path):
    from viewer.bench import runner

    rows = runner.run_cases(["sync"], home=tmp_path, sizes=runner.TINY, log=lambda _t: None)
    assert len(rows) == 2  # the registration (skipped on the tiny series) and the linked scroll
    row = rows[1]
    assert row.case == "sync" and row.unit == "ms", row
    assert row.cauri > 0 and row.peer_value > 0, row
    assert "views redrawn per step" in row.note
