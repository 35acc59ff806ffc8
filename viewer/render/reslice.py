"""Oblique reslicing and thick slabs of a volume: vtkImageReslice (multithreaded, CPU), or for slabs
the GPU ray caster of ``gpu_slab`` when the GL capability check finds a real GPU.

The output grid is the projection of the volume's bounding box onto the plane, anchored on the
volume centre: scrolling along the normal keeps every pixel where it was on screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from viewer.render import vtk_classes as vtk
from viewer.render.vtk_classes import numpy_support

from viewer.dicom.pixels import render_display
from viewer.model.mpr import MprSession, Plane
from viewer.presentation.windows import volume_window
from viewer.render import gl
from viewer.render.draw_budget import DrawBudget
from viewer.render.gpu_slab import GpuSlab

log = logging.getLogger(__name__)

GPU_CHECK_GREY = 6.0  # mean grey levels (of 255) the GPU slab may differ from the reslice slab (under 1 measured)
DRAFT_FACTOR = 2  # while the user drags: pixels this many times larger (a quarter of the work)


@dataclass(frozen=True)
class ReslicedImage:
    pixels: np.ndarray | None  # 2-D, the volume's stored type (rows follow plane.down, columns plane.right)
    pixel_mm: float
    origin_offset: tuple[float, float]  # in-plane (right, down) mm of pixel (0, 0) from the volume centre
    display: np.ndarray | None = None  # uint8 grey already windowed (GPU slab path), instead of pixels


@dataclass(frozen=True)
class PlaneGrid:
    """Where a plane's output pixels lie: ``size`` (columns, rows) of ``pixel_mm``, pixel (0, 0) at
    ``origin_offset`` in-plane mm from the volume centre, on the plane through ``plane_origin``."""

    right: np.ndarray
    down: np.ndarray
    plane_origin: np.ndarray
    origin_offset: tuple[float, float]
    size: tuple[int, int]
    pixel_mm: float

    @property
    def center_world(self) -> np.ndarray:
        nx, ny = self.size
        x = self.origin_offset[0] + (nx - 1) * self.pixel_mm / 2.0
        y = self.origin_offset[1] + (ny - 1) * self.pixel_mm / 2.0
        return self.plane_origin + self.right * x + self.down * y


def slab_samples(session: MprSession, plane: Plane) -> tuple[int, float]:
    """How a slab is sampled along the normal: (count, step mm), one voxel step apart."""
    step = session.step_mm(plane)
    return max(1, int(round(session.slab_mm / step))), step


class VolumeResampler:
    """Holds one zero-copy VTK view of a volume's voxels and reslices it on demand.

    ``draft``: set by the UI while the user drags; planes are then cut at ``DRAFT_FACTOR`` coarser pixels
    (a plane whose geometry did not change keeps its full-quality cut: windowing needs no new cut).
    """

    def __init__(self, session: MprSession, slab_path: str | None = None) -> None:
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
        self._cache: dict[str, tuple] = {}  # view -> (key, ReslicedImage)
        self._slab_path = slab_path
        self._gpu = None
        self._gpu_checked = False
        self.draft = False
        self._budget: DrawBudget | None = None
        self.last_origin: dict[str, tuple[float, float]] = {}  # per view: in-plane mm of pixel (0, 0)

    @property
    def slab_path(self) -> str:
        """"gpu" or "cpu": who casts thick slabs (decided once, from the GL capabilities)."""
        if self._slab_path is None:
            self._slab_path = gl.slab_path()
        return self._slab_path

    @property
    def budget(self) -> DrawBudget:
        """How many pixels the views of this volume get while the user drags (shared: one GPU draws them)."""
        if self._budget is None:
            self._budget = DrawBudget(gl.detect().get("software", True))
        return self._budget

    @budget.setter
    def budget(self, budget: DrawBudget) -> None:
        self._budget = budget

    def refresh_if_filling(self) -> None:
        filled = int(self.session.volume.filled.sum())
        if filled != self._filled_seen:
            self._filled_seen = filled
            self._scalars.Modified()
            self._image.Modified()
            self._cache.clear()

    def grid(self, view: str, pixel_mm: float | None = None) -> PlaneGrid:
        s = self.session
        plane: Plane = s.planes[view]
        pixel_mm = pixel_mm or self.full_pixel_mm()
        vc = s.volume_center()
        rel = s.corners() - vc
        xs, ys = rel @ plane.right, rel @ plane.down
        x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
        nx = max(1, int(np.ceil((x1 - x0) / pixel_mm - 1e-9)) + 1)
        ny = max(1, int(np.ceil((y1 - y0) / pixel_mm - 1e-9)) + 1)
        # Centred on the box's projection, whatever the pixel size: a draft and the full frame that
        # follows it show the same picture, not one shifted by the rounding of the pixel count.
        x0 = (x0 + x1 - (nx - 1) * pixel_mm) / 2.0
        y0 = (y0 + y1 - (ny - 1) * pixel_mm) / 2.0
        along = float(np.dot(s.center - vc, plane.normal))
        return PlaneGrid(plane.right, plane.down, vc + plane.normal * along, (float(x0), float(y0)), (nx, ny), pixel_mm)

    def full_pixel_mm(self) -> float:
        g = self.session.volume.geometry
        return float(min(g.spacing[0], g.spacing[1]))

    def _key(self, view: str, pixel_mm: float, extra=()) -> tuple:
        s = self.session
        p = s.planes[view]
        along = float(np.dot(s.center - s.volume_center(), p.normal))
        return (tuple(np.round(p.right, 9)), tuple(np.round(p.down, 9)), round(along, 6), s.slab_mm, s.slab_mode, pixel_mm, *extra)

    def cut(self, view: str, window, invert: bool) -> ReslicedImage:
        """What a viewport shows of ``view`` now: full quality, or draft while ``draft`` is set.

        ``window``/``invert`` matter only to the GPU slab path, whose output is already windowed.
        """
        self.refresh_if_filling()
        s = self.session
        full = self.full_pixel_mm()
        gpu = s.slab_mm > 0 and self.slab_path == "gpu" and s.volume.complete and s.volume.array.dtype.kind in "iu" \
            and s.volume.array.dtype.itemsize <= 2
        extra = (window, invert) if gpu else ()
        cached = self._cache.get(view)
        if cached is not None and cached[0] == self._key(view, full, extra + (False,) if gpu else extra):
            return cached[1]
        pixel_mm = full * DRAFT_FACTOR if self.draft and not gpu else full
        key = self._key(view, pixel_mm, extra + (self.draft,) if gpu else extra)
        if cached is not None and cached[0] == key:
            return cached[1]
        if gpu and not self._gpu_verified(view):
            gpu, key = False, self._key(view, pixel_mm, ())
        result = self._gpu_slab(view, window, invert) if gpu else self.reslice(view, pixel_mm)
        self._cache[view] = (key, result)
        return result

    def _gpu_verified(self, view: str) -> bool:
        """Once per volume, before the GPU slab is trusted: does it draw what the reslice draws?

        A driver that fails the ray caster (a shader that does not compile, a texture too large) gives
        black or garbage without raising; a reader must never see that for a slab. Both paths draw a MIP
        of the whole volume along the view's normal (whatever the view shows now, that one shows the
        data) with the volume's default window; when they differ by more than a small part of what it
        shows, slabs go back to the CPU path for this volume. A volume showing almost nothing cannot
        tell: the CPU draws and the check waits for the next slab.
        """
        if self._gpu_checked:
            return self._slab_path == "gpu"

        s = self.session
        vol = s.volume
        d = vol.descriptor
        window = volume_window(vol)
        depth = s.corners() @ s.planes[view].normal
        saved = (self.draft, s.slab_mm, s.slab_mode, s.center)
        # Set directly, not through set_slab(): the views must not redraw for a check they never show.
        self.draft, s.slab_mm, s.slab_mode, s.center = False, float(depth.max() - depth.min()), "mip", s.volume_center()
        try:
            gpu = self._gpu_slab(view, window, False).display.astype(float)
            cpu = render_display(self.reslice(view).pixels, d, window).astype(float)
        finally:
            self.draft, s.slab_mm, s.slab_mode, s.center = saved
        inner = (slice(2, -2), slice(2, -2))  # rows on the volume's faces are half in, half out
        if gpu.shape != cpu.shape or min(gpu.shape) <= 4:
            diff, shown = 255.0, 255.0
        else:
            diff = float(np.abs(gpu[inner] - cpu[inner]).mean())
            shown = float(np.abs(cpu[inner] - np.median(cpu[inner])).mean())
        if diff > GPU_CHECK_GREY or (diff > 1.0 and diff > 0.25 * shown):
            log.warning("GPU thick slab differs from the CPU reslice by %.1f grey levels: slabs use the CPU", diff)
            self._slab_path = "cpu"
        elif shown < 2.0:
            return False
        self._gpu_checked = True
        return self._slab_path == "gpu"

    def _gpu_slab(self, view: str, window, invert: bool) -> ReslicedImage:
        s = self.session
        vol = s.volume
        if self._gpu is None:
            lo, hi = int(vol.array.min()), int(vol.array.max())
            self._gpu = GpuSlab(self._image, vol.geometry.matrix, vol.geometry.origin, vol.descriptor, (lo, hi))
        grid = self.grid(view)
        plane = s.planes[view]
        count, step = slab_samples(s, plane)
        # The rays span what the reslice slab's samples span (their centres), so both paths agree.
        span = max((count - 1) * step, 0.5 * step)
        grey = self._gpu.render(grid, plane.normal, span, s.slab_mode, window, invert, vol.array.dtype, step, draft=self.draft)
        self.last_origin[view] = grid.origin_offset
        return ReslicedImage(None, grid.pixel_mm, grid.origin_offset, display=grey)

    def reslice(self, view: str, pixel_mm: float | None = None) -> ReslicedImage:
        self.refresh_if_filling()
        s = self.session
        plane: Plane = s.planes[view]
        g = s.volume.geometry
        grid = self.grid(view, pixel_mm)
        pixel_mm = grid.pixel_mm
        (x0, y0), (nx, ny) = grid.origin_offset, grid.size
        # World (LPS) -> the image's own index-aligned mm frame; handles gantry tilt (sheared grid).
        to_image = np.linalg.inv(g.matrix)
        axes = to_image @ np.column_stack([plane.right, plane.down, plane.normal])
        shift = to_image @ (grid.plane_origin - np.asarray(g.origin))
        if s.slab_mm > 0:
            count, step = slab_samples(s, plane)
            if count % 2 == 0:
                # vtkImageReslice centres an odd count of slab samples on the output plane but starts an even
                # count half a step below it (samples at -n/2 .. n/2-1 steps): lift it back onto the plane.
                shift = shift + axes[:, 2] * (step / 2.0)
        for r in range(3):
            for c in range(3):
                self._axes.SetElement(r, c, float(axes[r, c]))
            self._axes.SetElement(r, 3, float(shift[r]))
        self._axes.Modified()

        self._reslice.SetOutputSpacing(pixel_mm, pixel_mm, 1.0)
        self._reslice.SetOutputOrigin(x0, y0, 0.0)
        self._reslice.SetOutputExtent(0, nx - 1, 0, ny - 1, 0, 0)
        if s.slab_mm > 0:
            count, step = slab_samples(s, plane)
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

    def close(self) -> None:
        if self._gpu is not None:
            self._gpu.close()
            self._gpu = None
