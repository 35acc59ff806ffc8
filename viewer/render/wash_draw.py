"""Drawing a scene's wash (``presentation.wash_layers.WashScene``): the coloured layer as a second image
over the anatomy, blended by its alpha, and its isodose lines as contours of its values, on the same grid
and camera as the image (``SliceRenderer`` calls ``update`` once per frame)."""

from __future__ import annotations

import numpy as np

from viewer.render import vtk_classes as vtk
from viewer.render.vtk_classes import numpy_support

WASH_Z = -0.2  # towards the camera (at -z): over the image, under the lines and labels (-0.5, -0.6)
ISO_Z = -0.4


class WashDrawer:
    def __init__(self, renderer) -> None:
        self.renderer = renderer
        self._image = vtk.vtkImageData()
        self._actor = vtk.vtkImageActor()
        self._actor.GetMapper().SetInputData(self._image)
        self._actor.GetMapper().BorderOn()
        # Nearest: the wash is already on the image's own pixels, and a linear blend of non-premultiplied RGBA
        # would fringe the layer's edge with the colour of its clear pixels (the colour map's bottom).
        self._actor.GetProperty().SetInterpolationTypeToNearest()
        self._actor.SetPosition(0.0, 0.0, WASH_Z)
        self._actor.SetVisibility(False)
        renderer.AddActor(self._actor)
        self._values = vtk.vtkImageData()
        self._iso: list = []
        self._arrays = ()  # the numpy buffers VTK points into, kept alive
        self._key = None

    def update(self, scene) -> None:
        wash = getattr(scene, "wash", None)
        if wash is None or scene.image is None:
            self._actor.SetVisibility(False)
            for actor in self._iso:
                actor.SetVisibility(False)
            self._key = None
            return
        if self._key is None or self._key[0] is not wash or self._key[1] != scene.spacing:
            self._fill(wash, scene.spacing)
            self._key = (wash, scene.spacing)  # the wash itself, not its id: an id is reused once freed
        self._actor.SetVisibility(bool(wash.rgba[..., 3].any()))
        self._update_isolines(wash)

    def _fill(self, wash, spacing) -> None:
        h, w = wash.values.shape
        rgba = np.ascontiguousarray(wash.rgba).reshape(-1, 4)
        self._image.SetDimensions(w, h, 1)
        self._image.SetSpacing(spacing[0], spacing[1], 1.0)
        self._image.SetOrigin(0.0, 0.0, 0.0)
        self._image.GetPointData().SetScalars(numpy_support.numpy_to_vtk(rgba, deep=False,
                                                                         array_type=vtk.VTK_UNSIGNED_CHAR))
        self._image.Modified()
        # Contours only over the layer's own extent: outside it there is no value, and a fill value would draw
        # every level along the grid's edge. The box of pixels with a value is contoured (its edge is open).
        finite = np.isfinite(wash.values)
        rows, cols = np.flatnonzero(finite.any(axis=1)), np.flatnonzero(finite.any(axis=0))
        if rows.size and cols.size:
            r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        else:
            r0 = r1 = c0 = c1 = 0
        inside = wash.values[r0:r1, c0:c1]
        levels = [lv for lv, _ in wash.isolines]
        floor = min(levels) - 1.0 if levels else 0.0  # an oblique plane's corners outside the grid: below all
        values = np.ascontiguousarray(np.nan_to_num(inside, nan=floor), dtype=np.float32).ravel()
        if not values.size:  # the plane misses the layer: one point, no line
            values = np.full(1, floor, np.float32)
        self._values.SetDimensions(max(1, c1 - c0), max(1, r1 - r0), 1)
        self._values.SetSpacing(spacing[0], spacing[1], 1.0)
        self._values.SetOrigin(c0 * spacing[0], r0 * spacing[1], ISO_Z)
        self._values.GetPointData().SetScalars(numpy_support.numpy_to_vtk(values, deep=False,
                                                                          array_type=vtk.VTK_FLOAT))
        self._values.Modified()
        self._arrays = (rgba, values)

    def _update_isolines(self, wash) -> None:
        while len(self._iso) < len(wash.isolines):
            contour = vtk.vtkContourFilter()
            contour.SetInputData(self._values)
            mapper = vtk.vtkPolyDataMapper()
            mapper.SetInputConnection(contour.GetOutputPort())
            mapper.ScalarVisibilityOff()
            actor = vtk.vtkActor()
            actor.SetMapper(mapper)
            actor.GetProperty().SetLighting(False)
            actor._contour = contour  # type: ignore[attr-defined]
            self.renderer.AddActor(actor)
            self._iso.append(actor)
        for i, actor in enumerate(self._iso):
            if i < len(wash.isolines):
                level, rgb = wash.isolines[i]
                actor._contour.SetValue(0, float(level))
                actor._contour.Modified()
                actor.GetProperty().SetColor(*rgb)
                actor.GetProperty().SetLineWidth(wash.line_width)
                actor.SetVisibility(True)
            else:
                actor.SetVisibility(False)
