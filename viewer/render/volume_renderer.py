"""Volume rendering of a Volume, offscreen, with an adaptive path for GPU-less machines.

On a real GPU: vtkGPUVolumeRayCastMapper, coarser image sampling while the user drags. On a
software rasteriser (Mesa llvmpipe) the GPU ray caster costs seconds per frame, so Cauri uses VTK's
multithreaded CPU ray caster and, while dragging, renders a smaller image that Qt scales up;
full quality comes back as soon as the interaction stops. How much coarser a drag frame is adapts to
the frame times seen (aiming at DRAFT_TARGET_MS): a small volume on a fast machine stays sharp.
"""

from __future__ import annotations

import time

import numpy as np
from viewer.render import vtk_classes as vtk
from viewer.render.vtk_classes import numpy_support

from viewer.model.volume import Volume
from viewer.model.volume_view import VR_PRESETS, VolumeViewState
from viewer.render.draw_budget import step_towards
from viewer.render.gl import capabilities, offscreen_window
from viewer.render.volume_overlay import VolumeOverlayLayer

# A drag frame's aim: under the 50 ms on llvmpipe, 60+ fps (under 16.7 ms) on a GPU.
DRAFT_TARGET_MS = {"software": 35.0, "gpu": 12.0}


class VolumeRenderer:
    def __init__(self, width: int = 512, height: int = 512, force_cpu: bool | None = None) -> None:
        self.window, self.renderer = offscreen_window(multisamples=None)
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
        self.overlay = VolumeOverlayLayer(self.window, self.renderer)  # corners, edge letters, orientation cube
        self.last_size = self.size
        # Drag-frame coarseness, adapted: the CPU path's fraction of the pixels per side, the GPU's image
        # sample distance (rays every N pixels).
        self.draft_scale = 0.5
        self.draft_isd = 2.0
        self.draft_step = 2.0  # samples along a ray this many voxels apart, once the pixels are at their floor

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
        sample = volume.middle_values()
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

    def set_overlay(self, overlay) -> None:
        """What is drawn over the volume (``presentation.volume.VolumeOverlay``; None: nothing)."""
        self.overlay.set(overlay)

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
        full = frame = self.size
        if state.interactive:
            # Cheaper while dragging: coarser rays on the GPU, fewer pixels on the CPU.
            self._mapper.SetImageSampleDistance(1.0 if self.software else self.draft_isd)
            if self.software:
                frame = (max(1, int(full[0] * self.draft_scale)), max(1, int(full[1] * self.draft_scale)))
        else:
            self._mapper.SetImageSampleDistance(1.0)
        if tuple(self.window.GetSize()) != frame:
            self.window.SetSize(*frame)
        self._mapper.SetSampleDistance(float(min(self.volume.geometry.spacing)) * (self.draft_step if state.interactive else 1.0))
        self.overlay.update(frame)
        t0 = time.perf_counter()
        self.window.Render()
        w, h = frame
        self.last_size = (w, h)
        out = vtk.vtkUnsignedCharArray()
        self.window.GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, out)  # waits for the GPU: part of the frame
        if state.interactive:
            self._adapt((time.perf_counter() - t0) * 1000.0)
        rgba = numpy_support.vtk_to_numpy(out).reshape(h, w, 4)[::-1]
        return np.ascontiguousarray(rgba)

    def _adapt(self, ms: float) -> None:
        """Steer the next drag frame towards DRAFT_TARGET_MS; the cost follows the ray count."""
        target = DRAFT_TARGET_MS["software" if self.software else "gpu"]
        step = step_towards(target, ms)
        if self.software:
            floor = self.draft_scale <= 0.15 + 1e-6
            self.draft_scale = float(np.clip(self.draft_scale * step, 0.15, 1.0))
            if floor or self.draft_step > 2.0:
                self.draft_step = float(np.clip(self.draft_step / step, 2.0, 4.0))
        else:
            self.draft_isd = float(np.clip(self.draft_isd / step, 1.0, 4.0))

    def close(self) -> None:
        self.window.Finalize()
