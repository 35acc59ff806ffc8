"""Segmentations (DICOM SEG, RT Structure Sets) as display sets, and how each segment is shown.

A SEG or RT Structure Set series is not a stack of its own: it is drawn over the images it was made on.
``SegmentationHandler`` makes it a ``SegmentationSet`` naming what it refers to (Frame of Reference,
referenced series) and its segments (from the header: a short read per series at study open); the
workstation then shows the referenced stack with the segments over it (``workstation.segments``).

``SegmentLayers`` is the loaded segmentations and the reader's choices (visibility, opacity) per segment;
``layers_for`` picks those that apply to an image: the same Frame of Reference, or a referenced series
when a file leaves its Frame of Reference out.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

import pydicom

from viewer.core.messages import msg
from viewer.dicom.rtstruct import read_rtstruct, roi_segments, rt_references
from viewer.dicom.seg import (
    RTSTRUCT_CLASS,
    SEG_CLASSES,
    SEGMENTATION_CLASSES,
    Segment,
    Segmentation,
    read_seg,
    referenced_series,
    referenced_sops,
    segment_labels,
)
from viewer.model.displaysets import DisplaySet, SeriesInput

DEFAULT_OPACITY = 0.35


@dataclass(frozen=True)
class SegmentationSet(DisplaySet):
    kind: str = "segmentation"
    content: str = "seg"  # "seg" or "rtstruct"
    path: object = None  # the object's file (the first, when a series holds several)
    frame_of_reference: str = ""
    referenced_series: tuple[str, ...] = ()
    referenced_sops: frozenset = frozenset()
    segments: tuple[Segment, ...] = ()
    segmentation_type: str = ""  # BINARY, FRACTIONAL, LABELMAP; "" for RT


class SegmentationHandler:
    name = "segmentation"

    def make_display_sets(self, series: SeriesInput) -> list[DisplaySet] | None:
        classes = {i.sop_class for i in series.instances}
        if not classes or not classes <= set(SEGMENTATION_CLASSES):
            return None
        sets: list[DisplaySet] = []
        for n, inst in enumerate(sorted(series.instances, key=lambda i: (i.instance_number or 0, i.sop_uid))):
            uid = series.series_uid if len(series.instances) == 1 else f"{series.series_uid}#{n}"
            sets.append(_describe(series, inst, uid))
        return sets


def _describe(series: SeriesInput, inst, uid: str) -> DisplaySet:
    content = SEGMENTATION_CLASSES[inst.sop_class]
    base = dict(uid=uid, study_uid=series.study_uid, series_uid=series.series_uid, modality=series.modality,
                number=series.number, description=series.description)
    try:
        ds = pydicom.dcmread(inst.path, stop_before_pixels=True, force=True)
    except Exception as exc:
        return DisplaySet(**base, reason=msg("unreadable segmentation: {why}", why=type(exc).__name__))
    if content == "rtstruct":
        frame_of_reference, refs, sops = rt_references(ds)
        segments = roi_segments(ds)
        kind_text = ""
    else:
        frame_of_reference, refs = str(ds.get("FrameOfReferenceUID", "")), referenced_series(ds)
        sops = referenced_sops(ds)
        segments = list(segment_labels(ds))
        kind_text = "LABELMAP" if inst.sop_class.endswith(".66.7") else str(ds.get("SegmentationType", ""))
    return SegmentationSet(**base, reason=msg("segmentation"), content=content, path=inst.path,
                           frame_of_reference=frame_of_reference, referenced_series=tuple(refs), referenced_sops=sops,
                           segments=tuple(segments), segmentation_type=kind_text)


def read_segmentation(display_set: SegmentationSet, pixel_mm: float | None = None, anchor=None) -> Segmentation:
    """The segmentation's masks and volumes (``SegmentationError`` with the reason when it cannot be drawn).
    ``pixel_mm``, ``anchor``: the referenced images' pixel and one of their pixel centres, for RT's grid."""
    if display_set.content == "rtstruct":
        return read_rtstruct(display_set.path, pixel_mm, anchor)
    return read_seg(display_set.path)


@dataclass(frozen=True)
class SegmentStyle:
    visible: bool = True
    opacity: float = DEFAULT_OPACITY


@dataclass(frozen=True)
class Layer:
    """One segmentation as a view draws it: its masks, and per segment number its style."""

    segmentation: Segmentation
    styles: dict = field(default_factory=dict, compare=False, hash=False)

    def style(self, number: int) -> SegmentStyle:
        return self.styles.get(number, SegmentStyle())


class SegmentLayers:
    """The segmentations loaded in this reading (by SOP Instance UID) and the reader's style per segment.
    Thread-safe: loads finish on worker threads while views read."""

    def __init__(self) -> None:
        self._layers: dict[str, Layer] = {}
        self._lock = threading.Lock()

    def add(self, segmentation: Segmentation) -> Layer:
        with self._lock:
            # A label map's segment 0 is its background: listed, not drawn until the reader asks.
            hidden = {s.number: SegmentStyle(visible=False) for s in segmentation.segments
                      if segmentation.kind == "labelmap" and s.number == 0}
            layer = self._layers.get(segmentation.sop_uid) or Layer(segmentation, hidden)
            self._layers[segmentation.sop_uid] = layer
            return layer

    def remove(self, sop_uid: str) -> None:
        with self._lock:
            self._layers.pop(sop_uid, None)

    def clear(self) -> None:
        with self._lock:
            self._layers.clear()

    def all(self) -> list[Layer]:
        with self._lock:
            return list(self._layers.values())

    def set_style(self, sop_uid: str, number: int, visible: bool | None = None, opacity: float | None = None) -> None:
        with self._lock:
            layer = self._layers.get(sop_uid)
            if layer is None:
                return
            style = layer.style(number)
            if visible is not None:
                style = replace(style, visible=visible)
            if opacity is not None:
                style = replace(style, opacity=min(max(float(opacity), 0.0), 1.0))
            self._layers[sop_uid] = Layer(layer.segmentation, {**layer.styles, number: style})

    def layers_for(self, frame_of_reference: str | None, series_uid: str | None) -> tuple[Layer, ...]:
        with self._lock:
            return tuple(layer for layer in self._layers.values() if applies(layer.segmentation, frame_of_reference,
                                                                              series_uid))


def applies(segmentation: Segmentation, frame_of_reference: str | None, series_uid: str | None) -> bool:
    """Whether a segmentation lies on an image of this Frame of Reference and series."""
    if segmentation.frame_of_reference and frame_of_reference:
        return segmentation.frame_of_reference == frame_of_reference
    return bool(series_uid) and series_uid in segmentation.referenced_series


__all__ = ["RTSTRUCT_CLASS", "SEG_CLASSES", "SegmentationHandler", "SegmentationSet", "SegmentLayers", "Layer",
           "SegmentStyle", "read_segmentation", "applies"]
