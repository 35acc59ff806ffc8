"""Thick slabs (MIP, MinIP, average) by GPU ray casting, on the same grid as the CPU reslice.

On a GPU, ``vtkImageReslice`` slabs cost 10x a ray cast (ENVIRONMENT.md: 120-170 ms against 8-17 ms
per frame at 1920x1080), so the slab is cast by ``vtkGPUVolumeRayCastMapper``: rays along the plane
normal through an orthographic camera, clipped to the slab by two planes, window/level turned into
the colour transfer function. The output is the display grey of the reslice grid (same size, pixel
spacing and orientation), so the scene, its overlays and measurements do not know which path drew it.
"""

from __future__ import annotations

import numpy as np
from viewer.render import vtk_classes as vtk
from viewer.render.vtk_classes import numpy_support

from viewer.dicom.pixels import PixelDescriptor, Window, display_lut
from viewer.render.gl import offscreen_window

BLEND = {"mip": "SetBlendModeToMaximumIntensity", "minip": "SetBlendModeToMinimumIntensity", "avg": "SetBlendModeToAverageIntensity"}


def grey_ramp(desc: PixelDescriptor, window: Window, invert: bool, lo: int, hi: int, dtype) -> list[tuple[float, float]]:
    """(stored value, grey 0-1) points reproducing the display LUT over [lo, hi] piecewise linearly.

    A linear window needs only its two knees; other VOI functions keep up to 256 samples.
    """
    lut = display_lut(desc, window, invert, np.dtype(dtype).itemsize)
    values = np.arange(lo, hi + 1, dtype=np.int64)
    bits = values.astype(dtype).view(np.uint8 if np.dtype(dtype).itemsize == 1 else np.uint16)
    grey = lut[bits].astype(np.float64) / 255.0
    if len(values) < 3:
        return [(float(v), float(g)) for v, g in zip(values, grey)]
    bends = np.nonzero(np.abs(np.diff(grey, 2)) > 1e-9)[0] + 1
    if len(bends) > 256:
        bends = bends[np.linspace(0, len(bends) - 1, 256).astype(int)]
    keep = np.unique(np.concatenate([[0], bends, [len(values) - 1]]))
    return [(float(values[i]), float(grey[i])) for i in keep]


_AVERAGE_EXIT = """
#if 1
  if (l_numSamples.x == uint(0)) { discard; }
  vec4 l_mean = vec4(l_avgValue.x / float(l_numSamples.x));
  g_fragColor = vec4(computeColor(l_mean, 1.0).rgb, 1.0);
#endif
"""


class GpuSlab:
    """One offscreen ray caster over a zero-copy ``vtkImageData`` of the volume."""

    def __init__(self, image: vtk.vtkImageData, matrix: np.ndarray, origin, descriptor: PixelDescriptor, stored_range) -> None:
        self.window, self.renderer = offscreen_window()
        self.descriptor = descriptor
        self.stored_range = (int(stored_range[0]), int(stored_range[1]))
        self.dtype = None
        self.mapper = vtk.vtkOpenGLGPUVolumeRayCastMapper()
        self.mapper.SetInputData(image)
        self.mapper.SetAutoAdjustSampleDistances(False)
        self.mapper.SetLockSampleDistanceToInputSpacing(False)
        self._planes = (vtk.vtkPlane(), vtk.vtkPlane())
        collection = vtk.vtkPlaneCollection()
        for p in self._planes:
            collection.AddItem(p)
        self.mapper.SetClippingPlanes(collection)
        self.property = vtk.vtkVolumeProperty()
        self.property.SetInterpolationTypeToLinear()
        self.property.ShadeOff()
        opacity = vtk.vtkPiecewiseFunction()
        opacity.AddPoint(self.stored_range[0], 1.0)
        opacity.AddPoint(self.stored_range[1], 1.0)
        self.property.SetScalarOpacity(opacity)
        self.actor = vtk.vtkVolume()
        self.actor.SetMapper(self.mapper)
        self.actor.SetProperty(self.property)
        user = vtk.vtkMatrix4x4()
        for r in range(3):
            for c in range(3):
                user.SetElement(r, c, float(matrix[r, c]))
            user.SetElement(r, 3, float(origin[r]))
        self.actor.SetUserMatrix(user)
        self.renderer.AddVolume(self.actor)
        self.camera = self.renderer.GetActiveCamera()
        self.camera.ParallelProjectionOn()
        self._ramp_key = None
        self._mode = None
        self._radius = 0.5 * float(np.linalg.norm(np.subtract(self.actor.GetBounds()[1::2], self.actor.GetBounds()[0::2]))) or 1.0

    def _set_ramp(self, window: Window, invert: bool, dtype) -> None:
        key = (window, invert, np.dtype(dtype).str)
        if key == self._ramp_key:
            return
        color = vtk.vtkColorTransferFunction()
        for value, grey in grey_ramp(self.descriptor, window, invert, *self.stored_range, dtype):
            color.AddRGBPoint(value, grey, grey, grey)
        self.property.SetColor(color)
        self._ramp_key = key

    def _set_mode(self, mode: str) -> None:
        if mode == self._mode:
            return
        getattr(self.mapper, BLEND[mode])()
        shader = self.actor.GetShaderProperty()
        shader.ClearAllFragmentShaderReplacements()
        if mode == "avg":
            # VTK's average blend writes the mean as raw normalised grey, ignoring the colour function; the
            # mean goes through it here, so window/level applies to averages as to maxima and minima.
            shader.AddFragmentShaderReplacement("//VTK::Shading::Exit", True, _AVERAGE_EXIT, False)
        self._mode = mode

    def render(self, grid, normal: np.ndarray, span_mm: float, mode: str, window: Window, invert: bool, dtype,
               sample_mm: float, draft: bool = False) -> np.ndarray:
        """The slab on ``grid`` (reslice.PlaneGrid) as uint8 grey, rows down, columns right."""
        nx, ny = grid.size
        if tuple(self.window.GetSize()) != (nx, ny):
            self.window.SetSize(nx, ny)
        self._set_ramp(window, invert, dtype)
        self._set_mode(mode)
        normal = np.asarray(normal, float)
        half = span_mm / 2.0
        for plane, sign in zip(self._planes, (1.0, -1.0)):
            # A clipping plane keeps the side its normal points to: both face the slab's middle.
            plane.SetOrigin(*(grid.plane_origin - sign * normal * half))
            plane.SetNormal(*(sign * normal))
        centre = grid.center_world
        self.camera.SetFocalPoint(*centre)
        self.camera.SetPosition(*(centre - normal * 2.0 * self._radius))
        self.camera.SetViewUp(*(-np.asarray(grid.down, float)))
        self.camera.SetParallelScale(ny * grid.pixel_mm / 2.0)
        self.camera.SetClippingRange(0.5 * self._radius, 4.0 * self._radius)
        # Half a voxel step along the normal: ray phases are arbitrary, and a one-voxel structure (a vessel
        # across the slab) sampled a full step apart can fall between samples and lose half its contrast.
        self.mapper.SetSampleDistance(sample_mm * (1.0 if draft else 0.5))
        self.mapper.SetImageSampleDistance(2.0 if draft else 1.0)
        self.window.Render()
        out = vtk.vtkUnsignedCharArray()
        self.window.GetRGBACharPixelData(0, 0, nx - 1, ny - 1, 0, out)
        rgba = numpy_support.vtk_to_numpy(out).reshape(ny, nx, 4)
        return np.ascontiguousarray(rgba[::-1, :, 0])

    def close(self) -> None:
        self.window.Finalize()
