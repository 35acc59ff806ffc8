"""Oblique reslicing and thick slabs of a volume with vtkImageReslice (multithreaded, CPU).

The output grid is the projection of the volume's bounding box onto the plane, anchored on the
volume centre: scrolling along the normal keeps every pixel where it was on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import vtk
from vtk.util import numpy_support

from viewer.model.mpr import MprSession, Plane


@dataclass(frozen=True)
class ReslicedImage:
    pixels: np.ndarray  # 2-D, the volume's stored type (rows follow plane.down, columns plane.right)
    pixel_mm: float
    origin_offset: tuple[float, float]  # in-plane (right, down) mm of pixel (0, 0) from the volume centre


class VolumeResampler:
    """Holds one zero-copy VTK view of a volume's voxels and reslices it on demand."""

    def __init__(self, session: MprSession) -> None:
        self.session = session
        vol = session.volume
        n, rows, cols = vol.array.shape
        self._image = vtk.vtkImageData()
        self._image.SetDimensions(cols, rows, n)
        self._image.SetSpacing(*vol.geometry.spacing)
        self._image.SetOrigin(0.0, 0.0, 0.0)
        flat = vol.array.reshape(-1)
        self._scalars = numpy_support.numpy_to_vtk(flat, deep=False)
        self._image.GetPointData().SetScalars(self._scalars)
        self._reslice = vtk.vtkImageReslice()
        self._reslice.SetInputData(self._image)
        self._reslice.SetOutputDimensionality(2)
        self._reslice.SetInterpolationModeToLinear()
        self._reslice.SetBackgroundLevel(float(vol.array.min()) if vol.complete else 0.0)
        self._axes = vtk.vtkMatrix4x4()
        self._reslice.SetResliceAxes(self._axes)
        self._filled_seen = -1
        self.last_origin: dict[str, tuple[float, float]] = {}  # per view: in-plane mm of pixel (0, 0)

    def refresh_if_filling(self) -> None:
        filled = int(self.session.volume.filled.sum())
        if filled != self._filled_seen:
            self._filled_seen = filled
            self._scalars.Modified()
            self._image.Modified()

    def reslice(self, view: str, pixel_mm: float | None = None) -> ReslicedImage:
        self.refresh_if_filling()
        s = self.session
        plane: Plane = s.planes[view]
        g = s.volume.geometry
        pixel_mm = pixel_mm or float(min(g.spacing[0], g.spacing[1]))
        vc = s.volume_center()
        rel = s.corners() - vc
        xs, ys = rel @ plane.right, rel @ plane.down
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
        nx = max(1, int(np.ceil((x1 - x0) / pixel_mm)) + 1)
        ny = max(1, int(np.ceil((y1 - y0) / pixel_mm)) + 1)

        along = float(np.dot(s.center - vc, plane.normal))
        plane_origin = vc + plane.normal * along
        # World (LPS) -> the image's own index-aligned mm frame; handles gantry tilt (sheared grid).
        to_image = np.linalg.inv(g.matrix)
        axes = to_image @ np.column_stack([plane.right, plane.down, plane.normal])
        shift = to_image @ (plane_origin - np.asarray(g.origin))
        for r in range(3):
            for c in range(3):
                self._axes.SetElement(r, c, float(axes[r, c]))
            self._axes.SetElement(r, 3, float(shift[r]))
        self._axes.Modified()

        self._reslice.SetOutputSpacing(pixel_mm, pixel_mm, 1.0)
        self._reslice.SetOutputOrigin(x0, y0, 0.0)
        self._reslice.SetOutputExtent(0, nx - 1, 0, ny - 1, 0, 0)
        if s.slab_mm > 0:
            step = s.step_mm(plane)
            count = max(1, int(round(s.slab_mm / step)))
            self._reslice.SetSlabNumberOfSlices(count)
            {"mip": self._reslice.SetSlabModeToMax, "minip": self._reslice.SetSlabModeToMin, "avg": self._reslice.SetSlabModeToMean}[s.slab_mode]()
            # Slab samples are spaced by the output z spacing: one voxel step along the normal.
            self._reslice.SetOutputSpacing(pixel_mm, pixel_mm, step)
        else:
            self._reslice.SetSlabNumberOfSlices(1)
        self._reslice.Update()
        out = self._reslice.GetOutput()
        arr = numpy_support.vtk_to_numpy(out.GetPointData().GetScalars()).reshape(ny, nx)
        self.last_origin[view] = (float(x0), float(y0))
        return ReslicedImage(np.array(arr, copy=True), pixel_mm, (x0, y0))
