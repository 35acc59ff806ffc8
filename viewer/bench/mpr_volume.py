"""A synthetic CT volume built in memory for the MPR / thick-slab / volume-rendering frame times.

Built straight into a ``Volume`` (no files): the render cases time rendering, not loading, and the
GPU check must run where only numpy and a slim VTK exist. The body phantom of ``synthetic_ct`` plus
thin winding vessels (contrast-filled, 1-2 voxels wide) that a thick-slab MIP gathers and a thin
slice misses.
"""

from __future__ import annotations

import numpy as np

from viewer.bench.synthetic_ct import PIXEL_MM, SIZE, STEP_MM, phantom_hu
from viewer.dicom.pixels import PixelDescriptor, Window
from viewer.model.volume import Volume, VolumeGeometry

OFFSET = 1024  # stored = HU + 1024, as in the synthetic series


def synthetic_volume(slices: int, size: int = SIZE, seed: int = 7) -> Volume:
    rng = np.random.default_rng(seed)
    axis = np.linspace(-1.0, 1.0, size, dtype=np.float32)
    yy, xx = np.meshgrid(axis, axis, indexing="ij")
    array = np.empty((slices, size, size), np.int16)
    for i in range(slices):
        z = i / max(1, slices - 1)
        hu = phantom_hu(z, rng, yy, xx)
        for k in range(3):  # vessels winding through the body, ~1.5 px across
            cx = 0.35 * np.sin(2 * np.pi * (z + k / 3.0))
            cy = -0.2 + 0.15 * np.cos(2 * np.pi * (z * 1.5 + k / 3.0))
            hu[((xx - cx) ** 2 + (yy - cy) ** 2) < (1.5 / size) ** 2] = 400.0
        array[i] = np.clip(hu + OFFSET, 0, 4095).astype(np.int16)
    half = size * PIXEL_MM / 2.0
    volume = object.__new__(Volume)
    volume.stack = None
    volume.errors = {}
    volume.transfer_syntax = "1.2.840.10008.1.2.1"
    volume.descriptor = PixelDescriptor(
        rows=size, columns=size, samples_per_pixel=1, photometric="MONOCHROME2", bits_allocated=16, bits_stored=16,
        high_bit=15, pixel_representation=1, rescale_slope=1.0, rescale_intercept=-float(OFFSET), rescale_type="HU",
        windows=(Window(40.0, 400.0),), modality="CT",
    )
    volume.geometry = VolumeGeometry((-half, -half, 0.0), (PIXEL_MM, PIXEL_MM, STEP_MM), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
    volume.array = array
    volume.filled = np.ones(slices, bool)
    volume.slopes = np.ones(slices)
    volume.intercepts = np.full(slices, -float(OFFSET))
    volume.resampled_note = ""
    return volume
