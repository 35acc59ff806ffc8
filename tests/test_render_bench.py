"""The render benchmark's MPR/slab/VR worker end to end on a tiny volume: rows for every interaction, with
the peer measured in the same run and nothing blank. Figures from these sizes mean nothing; no timing is
asserted (timings depend on the machine)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_mpr_frames_rows_cover_every_interaction_beside_the_peer(tmp_path):
    from viewer.bench.timing import run_worker

    out = run_worker("viewer.bench.mpr_frames", {"scratch": str(tmp_path), "slices": 24, "width": 320, "height": 200,
                                                 "frames": 2, "vr_frames": 1, "size": 128}, timeout=600)
    names = [r["name"] for r in out["rows"]]
    interactions = ["scroll", "window/level", "oblique rotation", "thick slab MIP 15 mm", "VR rotation"]
    # The still frame beside the peer, the drag frame beside the interaction target only.
    assert names == [n for i in interactions for n in (i, i + " draft")] + ["VR still frame input latency p95"]
    for row in out["rows"][:-1]:
        assert row["cauri"] > 0 and row["peer"] > 0, row
        assert "BLANK" not in row["note"], row
        if row["name"].endswith(" draft"):
            assert row["peer_name"] == "the interaction target (no peer)"
            from viewer.bench.mpr_frames import TARGET_SOFTWARE, TARGETS_GPU

            targets = [TARGET_SOFTWARE] if out["gl"].get("software") else list(TARGETS_GPU.values())
            assert row["peer"] in targets, row
            assert f"target {row['peer']:.0f} ms" in row["note"]
        else:
            assert "still" in row["note"] and "target" not in row["note"], row
    latency = out["vr_still_latency"]
    for path in ("threaded", "blocking"):  # inputs were served during both still frames, which were drawn
        assert latency[path]["n"] > 0 and latency[path]["frame_ms"] > 0 and latency[path]["lit"] > 0.02, latency
    assert "BLANK" not in out["rows"][-1]["note"]
    assert out["agreement"].pop("gpu_drew") is True
    assert all(diff < 3 for diff in out["agreement"].values()), out["agreement"]  # GPU slab draws what the reslice draws
    assert set(out["slab_paths"]) == {"cpu", "gpu"}
    assert out["cauri"]["_slab_path"] == ("cpu" if out["gl"].get("software") else "gpu")
