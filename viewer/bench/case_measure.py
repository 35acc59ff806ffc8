"""``measure``: an ellipse ROI (about 10 cm across) on an oblique MPR plane of the CT volume, statistics in HU.

Cauri samples the volume (trilinear, numpy) only at the pixel centres inside the region
(``measure.plane.compute_plane``, what the GUI, the SR writer and ``cauri measurements`` run). The peer is
what a VTK-based viewer does: ``vtkImageReslice`` cuts the whole oblique plane (the same cut the MPR view
shows), then the region's pixels are taken from that image with the same mask. The note gives how far
the two means are apart (VTK rounds its cut to the volume's integer type and fills outside the volume).
"""

from __future__ import annotations

import math

import numpy as np

from viewer.bench.loading import stack_from_cache
from viewer.bench.results import Measurement
from viewer.bench.timing import best_of
from viewer.dicom.findings.records import ImageRef, MeasurementKind, ellipse_from_box
from viewer.dicom.findings.records import Measurement as Drawn
from viewer.model.measure.calibration import read_header
from viewer.model.measure.compute import roi_mask
from viewer.model.measure.plane import compute_plane, view_plane
from viewer.model.mpr import MprSession
from viewer.model.volume import Volume
from viewer.render.reslice import VolumeResampler

CASE = "measure"


def run(ctx) -> list[Measurement]:
    series = ctx.inputs.ct(ctx.sizes.ct_slices)
    stack = stack_from_cache(ctx.inputs.imported(series), series.study_uid, series.series_uid)
    volume = Volume(stack).load()
    session = MprSession(volume)
    session.rotate("axial", math.radians(25))  # the coronal plane turns oblique
    resampler = VolumeResampler(session)
    cut = resampler.reslice("coronal")
    plane = view_plane(session, "coronal", cut.origin_offset, cut.pixel_mm, "bench")
    rows, cols = cut.pixels.shape
    half = 50.0 / cut.pixel_mm  # 10 cm across
    box = ((cols / 2 - half, rows / 2 - half), (cols / 2 + half, rows / 2 + half))
    roi = Drawn(MeasurementKind.ELLIPSE, ellipse_from_box(*box), ImageRef("bench", "bench", "bench", 0), plane=plane)
    header = read_header(stack.frames[0].path)

    ours = compute_plane(roi, volume, header)

    def peer():
        pixels = resampler.reslice("coronal").pixels
        values = pixels[roi_mask(roi, pixels.shape)].astype(np.float64) * volume.slopes[0] + volume.intercepts[0]
        return values.mean(), values.std(), values.min(), values.max(), values.size

    mean, _, _, _, count = peer()
    t_ours = best_of(ctx.sizes.repeats * 3, lambda: compute_plane(roi, volume, header))
    t_peer = best_of(ctx.sizes.repeats * 3, peer)
    n = volume.array.shape
    return [Measurement(
        CASE, f"ellipse ROI statistics (HU) on an oblique MPR plane, {n[2]}x{n[1]}x{n[0]} volume", "ms",
        t_ours * 1000, "vtkImageReslice of the whole plane + the same mask", t_peer * 1000,
        note=f"{ours.pixel_count} pixels (peer {count}: it also counts the region's part outside the volume, "
             f"at the background value); mean {ours['mean']:.2f} HU vs peer {mean:.2f} HU",
    )]
