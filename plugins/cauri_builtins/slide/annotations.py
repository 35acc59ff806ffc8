"""Microscopy Bulk Simple Annotations read into shapes in the slide's level-0 pixels, without Qt.

Each annotation group (nuclei, tumour regions...) holds many shapes of one graphic type; highdicom reads their
coordinates. 2-D coordinates are (column, row) in the Total Pixel Matrix of the image they were drawn on, which
is how they are drawn here; 3-D ones (slide millimetres) are not placed yet and are counted as left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class AnnotationGroup:
    label: str
    graphic_type: str  # POINT, POLYLINE, POLYGON, ELLIPSE, RECTANGLE
    shapes: tuple = field(repr=False)  # each an N x 2 float array of (column, row) level-0 pixels
    referenced_series: str = ""


def read_annotations(path) -> tuple[list[AnnotationGroup], int]:
    """The groups of a bulk annotation object and how many shapes could not be placed (3-D coordinates)."""
    import highdicom as hd
    import pydicom

    ann = hd.ann.MicroscopyBulkSimpleAnnotations.from_dataset(pydicom.dcmread(path))
    coordinate_type = str(ann.AnnotationCoordinateType)
    series = ""
    refs = ann.get("ReferencedSeriesSequence")
    if refs:
        series = str(refs[0].get("SeriesInstanceUID", ""))
    groups, left_out = [], 0
    for group in ann.get_annotation_groups():
        shapes = group.get_graphic_data(coordinate_type=coordinate_type)
        if coordinate_type != "2D":
            left_out += len(shapes)
            continue
        groups.append(AnnotationGroup(str(group.label), str(group.graphic_type.value),
                                      tuple(np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in shapes), series))
    return groups, left_out
