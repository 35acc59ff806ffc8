"""The image-stack display set handler: every series with pixel data becomes one or more stacks.

A series is cut into stacks that each form one volume (``split_stacks``): by orientation
and matrix size, then - only where slice positions repeat - by echo, temporal position, trigger time,
b-value, acquisition or image type. Each stack is sorted along its normal, not by instance number.

Enhanced multi-frame objects (enhanced CT/MR) whose frames carry their own positions are taken apart into
their frames and treated exactly like single-frame slices; multi-frame objects without per-frame positions
(US, XA cine) stay one cine stack that plays at the acquired rate. Nuclear medicine multi-frame images are
cut by their NM vectors into one stack per energy window, detector, phase, rotation and R-R interval
(``nm``): gated and dynamic acquisitions each play as their own cine, reconstructions are volumes.

The cache index holds position, orientation and matrix size per instance, which is all most series need.
Headers are read from the files only where that is not enough: multi-frame objects (per-frame groups),
and series whose positions repeat (the split attributes).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import pydicom

from cauri_builtins.mammo import view_of, view_stacks
from cauri_builtins.nm import NM_CLASS, NmGroup, nm_groups

from viewer.plugin_api import (
    DisplaySet,
    FrameRef,
    ImageStack,
    InstanceInput,
    SeriesInput,
    UnsupportedHandler,
    frame_attributes,
    msg,
    sort_stack,
    split_stacks,
)

_POSITION_DECIMALS = 2  # positions closer than 0.01 mm are "the same place" (geometry's duplicate tolerance)


@dataclass(frozen=True)
class _Slice:
    header: Any  # a dict or a pydicom header: what split_stacks and sort_stack read
    ref: FrameRef
    position: tuple[float, float, float] | None
    orientation: tuple[float, ...] | None
    per_frame: bool = False  # a frame of an enhanced object: its header already holds the split attributes


class _HeaderCache:
    """Headers read from files, keyed by path and modification, so that re-opening a study is free."""

    def __init__(self, size: int = 64) -> None:
        self._items: "OrderedDict[tuple, Any]" = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, path, build):
        try:
            st = os.stat(path)
        except OSError:
            return None
        key = (os.fspath(path), st.st_mtime_ns, st.st_size)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build(path)
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


_multiframe_headers = _HeaderCache()
_nm_headers = _HeaderCache()
_mammo_views = _HeaderCache(256)


def _read_header(path):
    try:
        return pydicom.dcmread(path, stop_before_pixels=True)
    except Exception:  # unreadable now: the frame loader will say why when the image is shown
        return None


def _per_frame_headers(path) -> list[dict] | None:
    """Per-frame geometry of a multi-frame object, or None when its frames do not sit at distinct places
    (cine) or the header cannot be read."""
    ds = _read_header(path)
    if ds is None or "PerFrameFunctionalGroupsSequence" not in ds:
        return None
    try:
        n = int(ds.get("NumberOfFrames") or 1)
        headers = [frame_attributes(ds, k) for k in range(n)]
    except Exception:
        return None
    places = {tuple(round(v, _POSITION_DECIMALS) for v in h["ImagePositionPatient"])
              for h in headers if h.get("ImagePositionPatient") is not None}
    if len(places) < 2 or any(h.get("ImagePositionPatient") is None for h in headers):
        return None
    return headers


def _nm_split(path) -> list[NmGroup] | None:
    ds = _read_header(path)
    return None if ds is None else nm_groups(ds)


def _index_header(inst: InstanceInput) -> dict:
    return {
        "ImagePositionPatient": inst.position,
        "ImageOrientationPatient": inst.orientation,
        "Rows": inst.rows,
        "Columns": inst.columns,
    }


def _positions_repeat(slices: list[_Slice]) -> bool:
    seen = set()
    for s in slices:
        if s.position is None:
            continue
        key = (
            tuple(round(v, _POSITION_DECIMALS) for v in s.position),
            tuple(round(v, 3) for v in s.orientation) if s.orientation else None,
        )
        if key in seen:
            return True
        seen.add(key)
    return False


class ImageStackHandler:
    name = "image-stack"

    def make_display_sets(self, series: SeriesInput) -> list[DisplaySet] | None:
        images = [i for i in series.instances if i.rows and i.columns]
        if not images:
            return None
        if series.modality.upper() == "MG" and len(images) == len(series.instances) and all(i.frames <= 1 for i in images):
            # The four views of a screening often share one series: a stack per breast and projection.
            views = view_stacks(series, images, lambda path: _mammo_views.get(path, view_of))
            if views:
                return views
        slices: list[_Slice] = []
        cines: list[InstanceInput] = []
        nm: list[tuple[InstanceInput, NmGroup]] = []
        for inst in images:
            if inst.frames > 1:
                frames = _multiframe_headers.get(inst.path, _per_frame_headers)
                if not frames:
                    split = _nm_headers.get(inst.path, _nm_split) if inst.sop_class == NM_CLASS else None
                    if split:
                        nm.extend((inst, g) for g in split)
                    else:
                        cines.append(inst)
                    continue
                for k, h in enumerate(frames):
                    slices.append(_Slice(h, FrameRef(inst.path, k, inst.sop_uid, inst.instance_number),
                                         h["ImagePositionPatient"], h["ImageOrientationPatient"], True))
            else:
                slices.append(_Slice(_index_header(inst), FrameRef(inst.path, 0, inst.sop_uid, inst.instance_number),
                                     inst.position, inst.orientation))
        if _positions_repeat(slices):
            # Echoes, phases or acquisitions at the same places: what tells them apart is only in the files.
            slices = [self._with_file_header(s) for s in slices]

        groups = split_stacks([s.header for s in slices]) if slices else []
        total = len(groups) + len(cines) + len(nm)
        split = total > 1
        stacks: list[DisplaySet] = []
        for group in groups:
            members = [slices[i] for i in group.indices]
            stacks.append(self._stack(series, members, group.label, len(stacks), total))
        for inst in cines:
            n = len(stacks)
            stacks.append(
                ImageStack(
                    uid=f"{series.series_uid}#{n}" if split else series.series_uid,
                    study_uid=series.study_uid,
                    series_uid=series.series_uid,
                    modality=series.modality,
                    number=series.number,
                    description=series.description,
                    frames=tuple(FrameRef(inst.path, f, inst.sop_uid, inst.instance_number) for f in range(inst.frames)),
                    multiframe=True,
                    orientation=inst.orientation,
                    positions=(inst.position,) * inst.frames,
                    warnings=(_split_warning(n, total, msg("cine")),) if split else (),
                    extra={"label": "cine", "instances": 1},
                )
            )
        for inst, group in nm:
            stacks.append(_nm_stack(series, inst, group, len(stacks), total))
        others = tuple(i for i in series.instances if not (i.rows and i.columns))
        if others:
            # Reports or presentation states filed in an image series must not vanish with it.
            for ds in UnsupportedHandler().make_display_sets(replace(series, instances=others)):
                stacks.append(replace(ds, uid=f"{series.series_uid}#documents"))
        return stacks

    @staticmethod
    def _with_file_header(s: _Slice) -> _Slice:
        if s.per_frame:
            return s
        ds = _read_header(s.ref.path)
        return s if ds is None else _Slice(ds, s.ref, s.position, s.orientation)

    @staticmethod
    def _stack(series: SeriesInput, members: list[_Slice], label: str, n: int, total: int) -> ImageStack:
        geo = sort_stack([m.position for m in members], [m.orientation for m in members])
        ordered = [members[i] for i in geo.order]
        warnings = list(geo.warnings)
        if total > 1:
            warnings.append(_split_warning(n, total, label))
        return ImageStack(
            uid=f"{series.series_uid}#{n}" if total > 1 else series.series_uid,
            study_uid=series.study_uid,
            series_uid=series.series_uid,
            modality=series.modality,
            number=series.number,
            description=msg("{description} ({label})", description=series.description, label=label)
            if label and series.description else (series.description or label),
            frames=tuple(m.ref for m in ordered),
            spacing_between=geo.spacing,
            warnings=tuple(warnings),
            orientation=geo.orientation or next((m.orientation for m in ordered if m.orientation), None),
            positions=tuple(m.position for m in ordered),
            extra={"label": label, "instances": len({m.ref.sop_uid for m in members})},
        )


def _nm_stack(series: SeriesInput, inst: InstanceInput, group: NmGroup, n: int, total: int) -> ImageStack:
    """One acquisition of an NM multi-frame image (``nm``): a cine of its frames, or a volume when it is a
    reconstruction (positions per slice)."""
    split = total > 1
    volume = group.positions is not None
    geo = sort_stack(list(group.positions), [inst.orientation] * len(group.frames)) if volume else None
    order = list(geo.order) if geo is not None else list(range(len(group.frames)))
    label = group.label
    return ImageStack(
        uid=f"{series.series_uid}#{n}" if split else series.series_uid,
        study_uid=series.study_uid,
        series_uid=series.series_uid,
        modality=series.modality,
        number=series.number,
        description=msg("{description} ({label})", description=series.description, label=label)
        if label and series.description else (series.description or label),
        frames=tuple(FrameRef(inst.path, group.frames[i], inst.sop_uid, inst.instance_number) for i in order),
        multiframe=not volume,
        spacing_between=geo.spacing if geo is not None else None,
        orientation=inst.orientation,
        positions=tuple(group.positions[i] for i in order) if volume else (inst.position,) * len(group.frames),
        warnings=(_split_warning(n, total, label),) if split else (),
        extra={"label": label, "instances": 1, "nm_frames": group.frames},
    )


def _split_warning(n: int, total: int, label: str) -> str:
    """``label``: split_stacks' (a message, said in the reader's language) or "cine"."""
    if not label:
        return msg("The series was split into {total} stacks; this is stack {n}.", total=total, n=n + 1)
    return msg("The series was split into {total} stacks; this is stack {n} ({label}).",
               total=total, n=n + 1, label=label)
