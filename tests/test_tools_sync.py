"""``tools.sync`` without a window: groups per kind, scroll by patient position through a placement, zoom in
millimetres, window/level within one modality. Expected values worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from viewer.dicom.pixels import Window
from viewer.model.displaysets import FrameRef, ImageStack
from viewer.model.viewport import ViewportState
from viewer.tools import sync


def stack(zs, orientation=(1, 0, 0, 0, 1, 0), modality="CT", uid="s"):
    frames = tuple(FrameRef(f"/x/{uid}{i}", 0, f"{uid}{i}", i + 1) for i in range(len(zs)))
    n = np.cross(orientation[:3], orientation[3:])
    return ImageStack(uid=uid, study_uid="st", series_uid=uid, modality=modality, number=1, description="", frames=frames,
                      orientation=orientation, positions=tuple(tuple(n * z) for z in zs))


def test_groups_are_per_kind_and_named():
    g = sync.LinkGroups()
    g.join("scroll", "left", "a")
    g.join("scroll", "left", "b")
    g.join("scroll", "right", "c")
    g.join("window", "all", "a")
    assert g.peers("scroll", "a") == ["b"] and g.peers("scroll", "c") == [] and g.peers("window", "b") == []
    g.leave("scroll", "b")
    assert g.peers("scroll", "a") == []
    with pytest.raises(ValueError):
        g.join("colour", "x", "a")


def test_scroll_follows_millimetres_and_a_placement():
    a = stack([0, 2, 4, 6, 8, 10])
    b = stack([-3, 2, 7, 12], uid="b")
    assert sync.follow_scroll(a, 3, b) == 2  # z = 6 -> the nearest of -3, 2, 7, 12 is 7 (index 2), not index 3
    assert sync.follow_scroll(a, 5, b) == 3  # z = 10 -> 12 (2 mm away), not 7 (3 mm)
    shift = np.eye(4)
    shift[2, 3] = 5.0  # a's z maps to b's z + 5
    assert b.positions[sync.follow_scroll(a, 1, b, shift)][2] == 7.0  # z = 2 -> 7
    sagittal = stack([0, 1, 2], orientation=(0, 1, 0, 0, 0, -1), uid="c")
    assert sync.follow_scroll(a, 1, sagittal) is None  # an axial does not scroll a sagittal


def test_sync_here_and_nudge_are_translations_along_the_normal():
    a, b = stack([0, 2, 4, 6]), stack([100, 102, 104, 106], uid="b")
    m = sync.offset_placement(a, 1, b, 3)  # a's z = 2 is b's z = 106
    assert np.allclose(m[:3, 3], (0, 0, 104))
    assert np.allclose(sync.nudged(m, b, -1.5)[:3, 3], (0, 0, 102.5))


def test_zoom_keeps_physical_scale_and_pan_moves_by_the_same_millimetres():
    before = ViewportState(zoom=1.0)
    after = ViewportState(zoom=2.0, pan=(3.0, -1.0))
    target = ViewportState(zoom=1.0, pan=(1.0, 1.0))
    # Source fitted at 0.5 mm/px, target at 0.25 mm/px: at zoom 2 the source shows 0.25 mm/px, so the target zoom 1.
    out = sync.follow_zoom(before, after, 0.5, target, 0.25)
    assert out.zoom == pytest.approx(1.0) and out.pan == (4.0, 0.0)


def test_pan_moves_the_same_anatomy_through_turns_and_flips():
    axial = stack([0, 1])  # rows along +x (patient left), columns along +y (posterior)
    src_before = ViewportState(display_set=axial)
    src_after = ViewportState(display_set=axial, pan=(5.0, 0.0))  # the view moved 5 mm towards the patient's left
    # Target turned a quarter clockwise on screen: its screen right is the patient's anterior (-y), its screen
    # down the patient's left (+x) (display_directions, by hand): 5 mm to the left is 5 mm "down" there.
    turned = ViewportState(display_set=axial, rotation=1)
    assert sync.follow_zoom(src_before, src_after, None, turned, None).pan == pytest.approx((0.0, 5.0))
    # Flipped left-right: the same move is 5 mm to the screen's left.
    flipped = ViewportState(display_set=axial, flip_h=True)
    assert sync.follow_zoom(src_before, src_after, None, flipped, None).pan == pytest.approx((-5.0, 0.0))
    # A series stored with its rows reversed (row direction -x) and shown as stored: also to the screen's left.
    reversed_rows = replace(axial, orientation=(-1.0, 0.0, 0.0, 0.0, 1.0, 0.0))
    moved = sync.follow_zoom(src_before, src_after, None, ViewportState(display_set=reversed_rows), None)
    assert moved.pan == pytest.approx((-5.0, 0.0))


def test_window_follows_only_within_a_modality():
    ct, ct2, mr = stack([0, 1]), stack([0, 1], uid="c2"), stack([0, 1], modality="MR", uid="m")
    w = Window(-600.0, 1500.0)
    src = ViewportState(display_set=ct, window=w)
    assert sync.follow_window(src, ViewportState(display_set=ct2)).window == w
    assert sync.follow_window(src, ViewportState(display_set=mr)) is None
