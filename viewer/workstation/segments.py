"""Segmentations of the open study on screen: opening a SEG or RT Structure Set shows the images it was made on
with its segments over them, in that viewport and in every view of the same Frame of Reference (MPR planes
included); the reader's visibility and opacity per segment hold for all of them.

Which images: the stacks of the series the object references; failing that, the stacks holding the images
it references; failing that (a file without its references), a stack of its Frame of Reference. They are shown at once; the segments are read on a thread (a SEG of many
organs takes seconds) and drawn when they arrive, the viewport then going to the slice through the first
segment's centre.
"""

from __future__ import annotations

import numpy as np

from viewer.core.messages import Message, msg
from viewer.dicom.frame_header import frame_of_reference_of
from viewer.dicom.seg import SegmentationError
from viewer.model.segments import SegmentationSet, SegmentLayers, read_segmentation
from viewer.workstation import jobs
from viewer.workstation.events import Event


class SegmentOverlays:
    def __init__(self, ws) -> None:
        self.ws = ws
        self.layers = SegmentLayers()
        self.changed = Event("segments_changed")  # the segments shown or their styles changed: views redraw
        self.failed = Event("segments_failed")  # (reason, a message): a segmentation that cannot be drawn
        self._frames_of_reference: dict[str, str] = {}
        self._jobs: list = []
        self._generation = 0  # a load finishing after its study closed is dropped

    def loading(self) -> bool:
        """A segmentation is being read (its job ends on the owner's thread)."""
        return bool(self._jobs)

    def reset(self) -> None:
        """The study closed: its segmentations go with it."""
        self._generation += 1
        self.layers.clear()
        self._frames_of_reference.clear()
        self.changed.emit()

    def frame_of_reference(self, stack) -> str:
        """A stack's Frame of Reference (its first file's header, read once)."""
        if stack is None or not getattr(stack, "frames", ()):
            return ""
        uid = stack.uid
        if uid not in self._frames_of_reference:
            try:
                self._frames_of_reference[uid] = frame_of_reference_of(stack.frames[0].path)
            except Exception:  # a file gone from the cache: no segment can be placed on it
                self._frames_of_reference[uid] = ""
        return self._frames_of_reference[uid]

    def referenced_stack(self, seg: SegmentationSet):
        stacks = [d for d in self.ws.display_sets.values() if d.kind == "stack" and d.study_uid == seg.study_uid]
        named = [d for d in stacks if d.series_uid in seg.referenced_series]
        if not named and seg.referenced_sops:  # a series re-made elsewhere (new UID), its images the same
            named = [d for d in stacks if any(f.sop_uid in seg.referenced_sops for f in d.frames)]
        if not named and seg.frame_of_reference:
            named = [d for d in stacks if self.frame_of_reference(d) == seg.frame_of_reference]
        return max(named, key=lambda d: d.frame_count) if named else None

    def open(self, slot, seg: SegmentationSet) -> Message | None:
        """Show ``seg``'s images in ``slot`` now and its segments over them once read; the reason they cannot
        be shown, as a message (now, or later through ``failed``), else None."""
        stack = self.referenced_stack(seg)
        if stack is not None:
            current = slot.state.display_set
            if current is None or current.uid != stack.uid or slot.mpr is not None:
                self.ws.show(slot, stack)
        pixel_mm = _pixel_mm(self.ws.loader, stack)
        anchor = stack.positions[0] if stack is not None and stack.positions else None
        generation = self._generation

        def work(progress, cancelled):
            try:
                return read_segmentation(seg, pixel_mm, anchor)
            except SegmentationError as exc:
                return exc.reason

        def done(job) -> None:
            self._jobs.remove(job)
            if generation == self._generation:
                self._loaded(slot, stack, job.result)

        self._jobs.append(jobs.Job("segmentation", work, self.ws.post, lambda *_: None, done).start())
        return None if stack is not None else msg("the images this segmentation was made on are not in this study")

    def _loaded(self, slot, stack, result) -> None:
        if isinstance(result, Message):
            self.failed.emit(result)
            return
        self.layers.add(result)
        current = slot.state.display_set
        if stack is not None and current is not None and current.uid == stack.uid and slot.mpr is None:
            index = _slice_through(result, stack)
            if index is not None:
                slot.apply(slot.state.at(index))
        self.changed.emit()

    def set_style(self, sop_uid: str, number: int, visible: bool | None = None, opacity: float | None = None) -> None:
        self.layers.set_style(sop_uid, number, visible, opacity)
        self.changed.emit()

    def for_stack(self, stack, frame_of_reference: str = "") -> tuple:
        """The layers drawn over ``stack``'s images (or an MPR plane of it)."""
        if stack is None or not self.layers.all():
            return ()
        return self.layers.layers_for(frame_of_reference or self.frame_of_reference(stack), stack.series_uid)


def _pixel_mm(loader, stack) -> float | None:
    """The referenced images' pixel, for an RT structure's grid (None: not loaded yet, 1 mm is used)."""
    if stack is None or not stack.frames:
        return None
    frame = loader.cached(stack.frames[len(stack.frames) // 2]) if loader is not None else None
    spacing = frame.header.pixel_spacing if frame is not None and frame.header is not None else None
    return min(spacing) if spacing else None


def _slice_through(seg, stack) -> int | None:
    """The stack's slice nearest the centre of the segmentation's first non-empty segment."""
    grid = seg.grid
    positions = stack.positions
    if grid is None or not positions or any(p is None for p in positions) or not stack.orientation:
        return None
    centre = next((c for c in (grid.centre(s) for s in range(len(grid.parts))) if c is not None), None)
    if centre is None:
        return None
    normal = np.cross(stack.orientation[:3], stack.orientation[3:])
    along = np.asarray(positions, float) @ normal
    return int(np.argmin(np.abs(along - centre @ normal)))
