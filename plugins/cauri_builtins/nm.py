"""Nuclear medicine multi-frame images taken apart by their NM vectors (PS3.3 C.8.4.8 and C.8.4.10).

An NM Image is one multi-frame object whose Frame Increment Pointer names the vectors that index its frames:
Energy Window, Detector, Phase, Rotation, R-R Interval, Time Slot, Slice, Angular View, Time Slice. The
first five choose *which acquisition* a frame belongs to: frames that differ in them are different images
(another photopeak, the other head, another dynamic phase, another rotation, another R-R window) and are
shown as separate stacks. The others order the frames *within* one: the time slots of a gated cycle, the
slices of a reconstruction, the views of a rotation, the time slices of a phase. A reconstructed gated
tomography (slices of each time slot) is cut by time slot too, so that each stack is one volume.

Reconstructions (a Slice Vector) get each frame's position from the first frame's and Spacing Between
Slices along the normal, as the standard defines them; other NM frames lie where the image does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.plugin_api import msg

NM_CLASS = "1.2.840.10008.5.1.4.1.1.20"
# (tag, keyword, the label of a stack cut by it); the order is that of the standard's Table C.8-26 types.
SELECTORS = (
    (0x00540010, "EnergyWindowVector"),
    (0x00540020, "DetectorVector"),
    (0x00540030, "PhaseVector"),
    (0x00540050, "RotationVector"),
    (0x00540060, "RRIntervalVector"),
)
ORDERS = (  # within one stack, frames in this order
    (0x00540080, "SliceVector"),
    (0x00540070, "TimeSlotVector"),
    (0x00540090, "AngularViewVector"),
    (0x00540100, "TimeSliceVector"),
)
_LABELS = {  # literal msg templates (the catalogue reads them), by keyword
    "EnergyWindowVector": lambda v: msg("energy window {value}", value=v),
    "DetectorVector": lambda v: msg("detector {value}", value=v),
    "PhaseVector": lambda v: msg("phase {value}", value=v),
    "RotationVector": lambda v: msg("rotation {value}", value=v),
    "RRIntervalVector": lambda v: msg("R-R interval {value}", value=v),
    "TimeSlotVector": lambda v: msg("time slot {value}", value=v),
}


@dataclass(frozen=True)
class NmGroup:
    frames: tuple[int, ...]  # frame indices (0-based), in display order
    label: str  # which acquisition ("energy window 1, detector 2"), a message; "" when the image is one group
    positions: tuple | None  # per frame, for a reconstruction


def _pointers(ds) -> list[int]:
    fip = ds.get("FrameIncrementPointer")
    if fip is None:
        return []
    return [int(v) for v in ([fip] if isinstance(fip, int) else fip)]


def nm_groups(ds) -> list[NmGroup] | None:
    """The stacks of an NM multi-frame header, or None when it is not one the vectors split."""
    if str(ds.get("SOPClassUID", "")) != NM_CLASS:
        return None
    n = int(ds.get("NumberOfFrames") or 1)
    pointers = _pointers(ds)
    if n < 2 or not pointers:
        return None
    vectors = {}
    for tag in pointers:
        keyword = next((k for t, k in SELECTORS + ORDERS if t == tag), None)
        value = ds.get(keyword) if keyword else None
        if value is None:
            continue
        value = [int(v) for v in (value if hasattr(value, "__len__") else [value])]
        if len(value) != n:  # a vector that does not index every frame cannot place them
            return None
        vectors[keyword] = value
    cutters = [k for _, k in SELECTORS if k in vectors]
    if "SliceVector" in vectors and "TimeSlotVector" in vectors:
        cutters.append("TimeSlotVector")  # gated reconstruction: one volume per time slot
    order = [k for _, k in ORDERS if k in vectors and k not in cutters]
    groups: dict[tuple, list[int]] = {}
    for f in range(n):
        groups.setdefault(tuple(vectors[k][f] for k in cutters), []).append(f)
    positions = _slice_positions(ds, vectors.get("SliceVector"))
    out = []
    for key in sorted(groups):
        frames = sorted(groups[key], key=lambda f: tuple(vectors[k][f] for k in order) + (f,))
        varying = [(k, v) for k, v in zip(cutters, key) if len({g[cutters.index(k)] for g in groups}) > 1]
        label = msg("{parts}", parts=[_LABELS[k](v) for k, v in varying]) if len(groups) > 1 else ""
        out.append(NmGroup(tuple(frames), label, tuple(positions[f] for f in frames) if positions else None))
    return out


def _slice_positions(ds, slices) -> list | None:
    """Each frame's Image Position (Patient) in a reconstruction: the first slice's position plus
    (slice - 1) x Spacing Between Slices along the normal (C.8.4.15)."""
    position, orientation = ds.get("ImagePositionPatient"), ds.get("ImageOrientationPatient")
    spacing = ds.get("SpacingBetweenSlices") or ds.get("SliceThickness")
    if slices is None or position is None or orientation is None or not spacing or len(orientation) != 6:
        return None
    origin = np.asarray([float(v) for v in position])
    normal = np.cross([float(v) for v in orientation[:3]], [float(v) for v in orientation[3:]])
    return [tuple(float(c) for c in origin + (s - 1) * float(spacing) * normal) for s in slices]
