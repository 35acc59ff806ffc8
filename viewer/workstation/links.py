"""Linked viewports, bound to the view slots: a slot whose state changes carries the views of its groups
along (``tools.sync`` decides how), once, without echo.

API for the window's toolbar and for hanging protocols: ``join(kind, group, slot)`` / ``leave(kind, slot)``
(a protocol viewport's ``link`` spec), ``link_visible(kind, on)`` (the toolbar's toggle: every visible view
in one group). Between frames of reference a ``placement`` (registration or "sync here") maps one patient
space onto the other; ``set_placement`` records it both ways.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from viewer.tools import sync
from viewer.workstation.events import Event
from viewer.workstation.views import ViewLayout, ViewSlot

TOOLBAR_GROUP = "toolbar"


class ViewLinks:
    def __init__(self, views: ViewLayout, frame_of_reference: Callable[[object], str]) -> None:
        self.views = views
        self.groups = sync.LinkGroups()
        self._for_of = frame_of_reference
        self._for_cache: dict[str, str] = {}
        self._placements: dict[tuple[str, str], np.ndarray] = {}
        self._following = False  # a change made here is not followed again (no echo between views)
        self.unplaced = Event("unplaced")  # (slot, slot): linked views of two frames of reference, no placement
        self.followed = Event("followed")  # (source slot, [slots moved]): what one change carried along
        for slot in views.slots:
            slot.changed.connect(self._changed)
        views.slot_added.connect(lambda slot: slot.changed.connect(self._changed))
        views.layout_changed.connect(self._laid_out)

    # ------------------------------------------------------------------ groups
    def join(self, kind: str, group: str, slot: ViewSlot) -> None:
        self.groups.join(kind, group, slot)
        if kind == "scroll":
            self._check_placements(slot)

    def leave(self, kind: str, slot: ViewSlot) -> None:
        self.groups.leave(kind, slot)

    def link_visible(self, kind: str, on: bool) -> None:
        """The toolbar's toggle: every visible view in one group of ``kind``, or none."""
        self.groups.clear(kind)
        if on:
            for slot in self.views.visible():
                self.join(kind, TOOLBAR_GROUP, slot)
            if self.views.active is not None:
                self.carry(self.views.active, kind)

    def linked(self, kind: str) -> bool:
        return self.groups.linked(kind)

    def _laid_out(self, _rows, _cols, _changed) -> None:
        """Views a new layout shows join the toolbar's groups that are on (a protocol's groups are its own)."""
        for kind in sync.KINDS:
            if TOOLBAR_GROUP in {self.groups.group_of(kind, s) for s in self.views.slots}:
                for slot in self.views.visible():
                    if self.groups.group_of(kind, slot) is None:
                        self.join(kind, TOOLBAR_GROUP, slot)

    # ------------------------------------------------------------------ frames of reference
    def frame_of_reference(self, slot: ViewSlot) -> str:
        ds = slot.state.display_set
        if ds is None or slot.mpr is not None or slot.vr is not None:
            return ""
        if ds.uid not in self._for_cache:
            self._for_cache[ds.uid] = self._for_of(ds) or ""
        return self._for_cache[ds.uid]

    def set_placement(self, source_for: str, target_for: str, placement) -> None:
        """Points of ``source_for``'s patient space in ``target_for``'s (and the inverse back); None forgets."""
        if placement is None:
            self._placements.pop((source_for, target_for), None)
            self._placements.pop((target_for, source_for), None)
            return
        m = np.asarray(placement, float).reshape(4, 4)
        self._placements[(source_for, target_for)] = m
        self._placements[(target_for, source_for)] = np.linalg.inv(m)

    def placement(self, source_for: str, target_for: str):
        """The map between two frames of reference: None for the same one, False when none is known."""
        if source_for == target_for:
            return None
        return self._placements.get((source_for, target_for), False)

    def sync_here(self, source: ViewSlot, target: ViewSlot) -> bool:
        """The reader's fallback: the two slices now shown are the same level; that offset links them."""
        a, b = source.state.display_set, target.state.display_set
        fa, fb = self.frame_of_reference(source), self.frame_of_reference(target)
        if a is None or b is None or fa == fb:
            return False
        m = sync.offset_placement(a, source.state.index, b, target.state.index)
        if m is None:
            return False
        self.set_placement(fa, fb, m)
        return True

    def _check_placements(self, slot: ViewSlot) -> None:
        mine = self.frame_of_reference(slot)
        for peer in self.groups.peers("scroll", slot):
            theirs = self.frame_of_reference(peer)
            if mine and theirs and self.placement(mine, theirs) is False:
                self.unplaced.emit(slot, peer)

    # ------------------------------------------------------------------ following
    def carry(self, source: ViewSlot, kind: str) -> list[ViewSlot]:
        """Bring ``source``'s linked views of ``kind`` to it now (a toggle just turned on)."""
        return self._follow(source, source.state, (kind,))

    def _changed(self, slot: ViewSlot, what: str, previous) -> None:
        if self._following:
            return
        if what == "shown" and self.groups.group_of("scroll", slot) is not None:
            self._check_placements(slot)
            return
        if what != "state" or previous.display_set is not slot.state.display_set:
            return
        st = slot.state
        kinds = []
        if st.index != previous.index:
            kinds.append("scroll")
        if st.zoom != previous.zoom or st.pan != previous.pan:
            kinds.append("zoom")
        if st.window != previous.window:
            kinds.append("window")
        if kinds:
            self._follow(slot, previous, kinds)

    def _follow(self, source: ViewSlot, previous, kinds) -> list[ViewSlot]:
        moved: list[ViewSlot] = []
        self._following = True
        try:
            for kind in kinds:
                for peer in self.groups.peers(kind, source):
                    if peer not in self.views.visible() or peer.mpr is not None or peer.vr is not None:
                        continue
                    state = self._followed(kind, source, previous, peer)
                    if state is not None and state != peer.state:
                        peer.apply(state)
                        moved.append(peer)
        finally:
            self._following = False
        if moved:
            self.followed.emit(source, moved)
        return moved

    def _followed(self, kind: str, source: ViewSlot, previous, peer: ViewSlot):
        src, dst = source.state, peer.state
        if src.display_set is None or dst.display_set is None:
            return None
        if kind == "window":
            return sync.follow_window(src, dst)
        if kind == "zoom":
            return sync.follow_zoom(previous, src, source.fit_mm_per_px, dst, peer.fit_mm_per_px)
        placement = self.placement(self.frame_of_reference(source), self.frame_of_reference(peer))
        if placement is False:
            return None
        index = sync.follow_scroll(src.display_set, src.index, dst.display_set, placement)
        return None if index is None else dst.at(index)
