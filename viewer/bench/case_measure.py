"""``measure``: an ellipse ROI (about 10 cm across) on an oblique MPR plane of the CT volume, statistics in HU.

Cauri samples the volume (trilinear, numpy) only at the pixel centres inside the region
(``measure.plane.compute_plane``, what the GUI, the SR writer and ``cauri measurements`` run). The peer is
what a VTK-based viewer does: ``vtkImageReslice`` cuts the whole oblique plane (the same cut the MPR view
shows), then the region's pixels are taken from that image with the same mask. The note gives how far
the two means are apart (VTK rounds its cut to the volume's integer type and fills outside the volume).

A second row: the mask of a 500-point freehand outline of a large organ on a 512x512 image
(``measure.shapes.polygon_mask``, centre-inside, even-odd), against Pillow's ``ImageDraw.polygon`` filling
the same outline; both in this process, one thread, best of the same number of runs.
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
from viewer.model.measure.shapes import polygon_mask
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
    return [_polygon_row(ctx), Measurement(
        CASE, f"ellipse ROI statistics (HU) on an oblique MPR plane, {n[2]}x{n[1]}x{n[0]} volume", "ms",
        t_ours * 1000, "vtkImageReslice of the whole plane + the same mask", t_peer * 1000,
        note=f"{ours.pixel_count} pixels (peer {count}: it also counts the region's part outside the volume, "
             f"at the background value); mean {ours['mean']:.2f} HU vs peer {mean:.2f} HU",
    )]


def _polygon_row(ctx) -> Measurement:
    from PIL import Image, ImageDraw

    outline = [(256 + 200 * math.cos(a), 256 + 180 * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 500, endpoint=False)]

    def peer():
        picture = Image.new("L", (512, 512), 0)
        ImageDraw.Draw(picture).polygon(outline, fill=1)
        return np.asarray(picture, dtype=bool)

    ours, theirs = polygon_mask(outline, (512, 512)), peer()
    reps = ctx.sizes.repeats * 3
    t_ours = best_of(reps, lambda: polygon_mask(outline, (512, 512)))
    t_peer = best_of(reps, peer)
    differ = int((ours != theirs).sum())
    expected = math.pi * 200 * 180
    wrong = abs(int(ours.sum()) - expected) > 0.01 * expected or differ > 0.02 * expected
    return Measurement(
        CASE, "freehand ROI mask, 500 points on 512x512", "ms", t_ours * 1000, "Pillow ImageDraw.polygon, the same outline",
        t_peer * 1000,
        note=f"polygon: {int(ours.sum())} pixels inside (ellipse area {expected:.0f}), {differ} pixels differ from "
             f"Pillow's fill (it also fills pixels the edge touches); one thread, best of {reps} both sides"
             + ("; the mask's area and the outline's DIFFER" if wrong else ""))
