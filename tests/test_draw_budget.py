"""The drag-frame budget: a renderer too slow for its target gets fewer pixels, a fast one keeps what it had."""

from __future__ import annotations

import pytest

from viewer.render.draw_budget import FLOOR, DrawBudget, step_towards


def test_a_slow_gpu_gets_smaller_drag_frames_down_to_the_floor_and_back():
    budget = DrawBudget(software=False, target_ms=8.0)
    assert budget.scale == 1.0
    seen = []
    for _ in range(12):  # a weak GPU: 32 ms per full-size frame, cost following the pixel count
        ms = 32.0 * budget.scale ** 2
        budget.record(ms, budget.scale)
        seen.append(budget.scale)
    assert seen == sorted(seen, reverse=True) and seen[0] < 1.0
    assert budget.scale == pytest.approx(0.5, abs=0.08)  # 32 ms * 0.5^2 = 8 ms: where it settles
    for _ in range(30):  # far too slow for anything: stops at the floor, not at a blur
        budget.record(500.0, budget.scale)
    assert budget.scale == FLOOR
    for _ in range(30):  # the machine is free again: back to full size, never beyond
        budget.record(1.0, budget.scale)
    assert budget.scale == 1.0


def test_llvmpipe_starts_at_half_size_and_a_fast_frame_does_not_raise_it():
    budget = DrawBudget(software=True)
    assert budget.scale == 0.5
    budget.record(2.0, 0.5)
    assert budget.scale == 0.5


def test_frames_drawn_at_another_size_are_not_counted():
    budget = DrawBudget(software=False, target_ms=8.0)
    budget.record(400.0, 1.0)
    slower = budget.scale
    assert slower < 1.0
    budget.record(400.0, 1.0)  # the full frame drawn after the drag: says nothing of drag frames
    assert budget.scale == slower


def test_one_odd_frame_cannot_swing_the_size_far():
    assert step_towards(8.0, 8000.0) == 0.75 and step_towards(8.0, 0.001) == 1.3


def test_the_target_can_be_forced(monkeypatch):
    monkeypatch.setenv("CAURI_DRAW_TARGET_MS", "0.5")
    assert DrawBudget(software=False).target_ms == 0.5
