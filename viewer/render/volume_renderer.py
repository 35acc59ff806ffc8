"""Volume rendering of a Volume, offscreen, with an adaptive path for GPU-less machines.

On a real GPU: vtkGPUVolumeRayCastMapper, coarser image sampling while the user drags. On a
software rasteriser (Mesa llvmpipe) the GPU ray caster costs seconds per frame, so Cauri uses VTK's
multithreaded CPU ray caster and, while dragging, renders a smaller image that Qt scales up;
full quality comes back as soon as the interaction stops.
"""

from __future__ import annotations

import numpy as np
import vtk
from vtk.util import numpy_support

from viewer.model.volume import Volume
from viewer.model.volume_view import VR_PRESETS, VolumeViewState
from viewer.render.gl import capabilities, prepare_offscreen


class VolumeRenderer:
    def __init__(self, width: int = 512, height: int = 512, force_cpu: bool | None = None) -> None:
        prepare_offscreen()
        self.window = vtk.vtkRenderWindow()
        self.window.SetOffScreenRendering(1)
        self.renderer = vtk.vtkRenderer()
        self.renderer.SetBackground(0.0, 0.0, 0.0)
        self.window.AddRenderer(self.renderer)
        self.size = (max(1, width), max(1, height))
        self.window.SetSize(*self.size)
        self.window.Render()
        self.gl = capabilities(self.window)
        self.software = self.gl.get("software", True) if force_cpu is None else force_cpu
        self.volume: Volume | None = None
        self._actor = vtk.vtkVolume()
        self._property = vtk.vtkVolumeProperty()
        self._property.SetInterpolationTypeToLinear()
        self._actor.SetProperty(self._property)
        self._mapper = None
        self._image = None
        self._range = (0.0, 1.0)
        self._filled_seen = -1
        self._preset_key = None
        self.renderer.AddVolume(self._actor)
        self.last_size = self.size

    def resize(self, width: int, height: int) -> None:
        size = (max(1, int(width)), max(1, int(height)))
        if size != self.size:
            self.size = size
            self.window.SetSize(*size)

    def set_volume(self, volume: Volume) -> None:
        self.volume = volume
        n, rows, cols = volume.array.shape
        image = vtk.vtkImageData()
        image.SetDimensions(cols, rows, n)
        image.SetSpacing(*volume.geometry.spacing)
        image.SetOrigin(0.0, 0.0, 0.0)
        scalars = numpy_support.numpy_to_vtk(volume.array.reshape(-1), deep=False)
        image.GetPointData().SetScalars(scalars)
        self._image = image
        self._scalars = scalars
        if self.software:
            mapper = vtk.vtkFixedPointVolumeRayCastMapper()
            mapper.SetNumberOfThreads(0)
        else:
            mapper = vtk.vtkOpenGLGPUVolumeRayCastMapper()
        mapper.SetInputData(image)
        mapper.SetAutoAdjustSampleDistances(False)
        self._mapper = mapper
        self._actor.SetMapper(mapper)
        g = volume.geometry
        m = vtk.vtkMatrix4x4()
        D = g.matrix
        for r in range(3):
            for c in range(3):
                m.SetElement(r, c, float(D[r, c]))
            m.SetElement(r, 3, float(g.origin[r]))
        self._actor.SetUserMatrix(m)
        sample = volume.modality_slice(n // 2)
        lo, hi = np.percentile(sample, [1, 99.5])
        self._range = (float(lo), float(hi if hi > lo else lo + 1))
        self._preset_key = None

    def _modality_to_stored(self, value: float) -> float:
        d = self.volume.descriptor
        return (value - d.rescale_intercept) / (d.rescale_slope or 1.0)

    def _apply_preset(self, state: VolumeViewState) -> None:
        key = (state.preset, state.tf_shift, state.tf_scale)
        if key == self._preset_key:
            return
        preset = VR_PRESETS[state.preset]
        lo, hi = self._range
        pts_c = preset["color"]
        pts_o = preset["opacity"]
        if preset.get("relative"):
            def to_value(x):
                return lo + x * (hi - lo)
        else:
            def to_value(x):
                return x
        values = [to_value(p[0]) for p in pts_o]
        centre = (min(values) + max(values)) / 2.0

        def adjusted(x):
            v = to_value(x)
            return self._modality_to_stored(centre + (v - centre) * state.tf_scale + state.tf_shift)

        color = vtk.vtkColorTransferFunction()
        for x, r, g, b in pts_c:
            color.AddRGBPoint(adjusted(x), r, g, b)
        opacity = vtk.vtkPiecewiseFunction()
        for x, a in pts_o:
            opacity.AddPoint(adjusted(x), a)
        self._property.SetColor(color)
        self._property.SetScalarOpacity(opacity)
        # Gradient shading costs the CPU ray caster several times its frame time: software path goes flat.
        shade = preset.get("shade", False) and not self.software
        self._property.SetShade(bool(shade))
        self._property.SetAmbient(0.3)
        self._property.SetDiffuse(0.7)
        self._property.SetSpecular(0.2)
        if preset.get("mip"):
            self._mapper.SetBlendModeToMaximumIntensity()
        else:
            self._mapper.SetBlendModeToComposite()
        self._preset_key = key

    def _apply_clip(self, state: VolumeViewState) -> None:
        n, rows, cols = self.volume.array.shape
        sx, sy, sz = self.volume.geometry.spacing
        ext = ((cols - 1) * sx, (rows - 1) * sy, (n - 1) * sz)
        c = state.clip
        if c == (0.0, 1.0, 0.0, 1.0, 0.0, 1.0):
            self._mapper.SetCropping(False)
            return
        self._mapper.SetCropping(True)
        self._mapper.SetCroppingRegionPlanes(c[0] * ext[0], c[1] * ext[0], c[2] * ext[1], c[3] * ext[1], c[4] * ext[2], c[5] * ext[2])
        self._mapper.SetCroppingRegionFlagsToSubVolume()

    def _apply_camera(self, state: VolumeViewState) -> None:
        camera = self.renderer.GetActiveCamera()
        bounds = self._actor.GetBounds()
        centre = np.array([(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2, (bounds[4] + bounds[5]) / 2])
        radius = 0.5 * float(np.linalg.norm([bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]])) or 1.0
        # Seen from the front (anterior is -y in LPS), head up (+z), then turned by azimuth/elevation.
        az, el = np.radians(state.azimuth), np.radians(state.elevation)
        direction = np.array([np.sin(az) * np.cos(el), -np.cos(az) * np.cos(el), np.sin(el)])
        up = np.array([-np.sin(az) * np.sin(el), np.cos(az) * np.sin(el), np.cos(el)])
        camera.ParallelProjectionOn()
        camera.SetFocalPoint(*centre)
        camera.SetPosition(*(centre + direction * radius * 4))
        camera.SetViewUp(*up)
        camera.SetParallelScale(radius / max(state.zoom, 1e-3))
        right = np.cross(-direction, up)
        shift = (right * state.pan[0] + up * state.pan[1]) * radius * 2
        camera.SetFocalPoint(*(centre - shift))
        camera.SetPosition(*(centre - shift + direction * radius * 4))
        self.renderer.ResetCameraClippingRange()

    def render(self, state: VolumeViewState) -> np.ndarray:
        if self.volume is None:
            raise RuntimeError("no volume to render")
        filled = int(self.volume.filled.sum())
        if filled != self._filled_seen:
            self._filled_seen = filled
            self._scalars.Modified()
            self._image.Modified()
        self._apply_preset(state)
        self._apply_clip(state)
        self._apply_camera(state)
        full = self.size
        if state.interactive:
            # Cheaper while dragging: coarser rays, and on the CPU a quarter of the pixels.
            self._mapper.SetImageSampleDistance(2.0 if not self.software else 1.5)
            if self.software:
                self.window.SetSize(max(1, full[0] // 2), max(1, full[1] // 2))
        else:
            self._mapper.SetImageSampleDistance(1.0)
        self._mapper.SetSampleDistance(float(min(self.volume.geometry.spacing)) * (2.0 if state.interactive else 1.0))
        self.window.Render()
        w, h = self.window.GetSize()
        self.last_size = (w, h)
        out = vtk.vtkUnsignedCharArray()
        self.window.GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, out)
        rgba = numpy_support.vtk_to_numpy(out).reshape(h, w, 4)[::-1]
        if (w, h) != full:
            self.window.SetSize(*full)
        return np.ascontiguousarray(rgba)

    def close(self) -> None:
        self.window.Finalize()
