"""The image-stack display set handler: every series with pixel data becomes one or more stacks.

A series that mixes orientations (scout + axials, or three localiser planes) is split into one
stack per orientation; each stack is sorted along its normal, not by instance number.
"""

from __future__ import annotations

from collections import OrderedDict

from viewer.dicom.geometry import sort_stack
from viewer.plugin_api import DisplaySet, ImageStack, SeriesInput
from viewer.model.displaysets import FrameRef, InstanceInput


def _orientation_key(inst: InstanceInput):
    if inst.orientation is None:
        return None
    return tuple(round(v, 3) for v in inst.orientation)


class ImageStackHandler:
    name = "image-stack"

    def make_display_sets(self, series: SeriesInput) -> list[DisplaySet] | None:
        images = [i for i in series.instances if i.rows and i.columns]
        if not images:
            return None
        groups: "OrderedDict[object, list[InstanceInput]]" = OrderedDict()
        multiframe = [i for i in images if i.frames > 1]
        for inst in images:
            if inst.frames > 1:
                continue
            groups.setdefault((_orientation_key(inst), inst.rows, inst.columns), []).append(inst)
        stacks: list[DisplaySet] = []
        split = len(groups) + len(multiframe) > 1
        for n, members in enumerate(groups.values()):
            geo = sort_stack([m.position for m in members], [m.orientation for m in members])
            ordered = [members[i] for i in geo.order]
            stacks.append(
                ImageStack(
                    uid=f"{series.series_uid}#{n}" if split else series.series_uid,
                    study_uid=series.study_uid,
                    series_uid=series.series_uid,
                    modality=series.modality,
                    number=series.number,
                    description=series.description,
                    frames=tuple(FrameRef(m.path, 0, m.sop_uid, m.instance_number) for m in ordered),
                    spacing_between=geo.spacing,
                    warnings=tuple(geo.warnings),
                    orientation=members[0].orientation,
                    positions=tuple(m.position for m in ordered),
                )
            )
        for k, inst in enumerate(multiframe):
            stacks.append(
                ImageStack(
                    uid=f"{series.series_uid}#mf{k}" if split else series.series_uid,
                    study_uid=series.study_uid,
                    series_uid=series.series_uid,
                    modality=series.modality,
                    number=series.number,
                    description=series.description,
                    frames=tuple(FrameRef(inst.path, f, inst.sop_uid, inst.instance_number) for f in range(inst.frames)),
                    multiframe=True,
                )
            )
        return stacks
