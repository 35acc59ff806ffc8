"""What a 3-D view draws over the volume (``presentation.volume.VolumeOverlay``): the corner texts and edge
letters, as the slice renderer draws them, and an orientation cube in the lower right corner, turned with the
main camera so each face's letter shows where that side of the patient is."""

from __future__ import annotations

from viewer.render import vtk_classes as vtk

CUBE_SHARE = 0.2  # of the view's shorter side
_PLACES = {"tl": ("left", "top"), "tr": ("right", "top"), "bl": ("left", "bottom")}
_MARKERS = {"left": ("left", "center"), "right": ("right", "center"), "top": ("center", "top"), "bottom": ("center", "bottom")}


class VolumeOverlayLayer:
    def __init__(self, window, renderer) -> None:
        self.window, self.renderer = window, renderer
        self._texts = {k: self._text(False) for k in (*_PLACES, *_MARKERS)}
        self.cube = vtk.vtkAnnotatedCubeActor()
        self.cube.SetFaceTextScale(0.5)
        self.cube.GetCubeProperty().SetColor(0.25, 0.3, 0.35)
        self.cube.GetTextEdgesProperty().SetColor(0.9, 0.9, 0.9)
        for prop in (self.cube.GetXPlusFaceProperty(), self.cube.GetXMinusFaceProperty()):
            prop.SetColor(1.0, 0.45, 0.45)
        for prop in (self.cube.GetYPlusFaceProperty(), self.cube.GetYMinusFaceProperty()):
            prop.SetColor(0.45, 1.0, 0.45)
        for prop in (self.cube.GetZPlusFaceProperty(), self.cube.GetZMinusFaceProperty()):
            prop.SetColor(0.5, 0.7, 1.0)
        self.cube_renderer = vtk.vtkRenderer()
        self.cube_renderer.SetLayer(1)
        self.cube_renderer.InteractiveOff()
        self.cube_renderer.AddActor(self.cube)
        window.SetNumberOfLayers(2)
        window.AddRenderer(self.cube_renderer)
        self.overlay = None

    def _text(self, bold: bool) -> vtk.vtkTextActor:
        actor = vtk.vtkTextActor()
        prop = actor.GetTextProperty()
        prop.SetColor(0.95, 0.95, 0.85)
        prop.SetShadow(1)
        prop.SetBold(bold)
        prop.SetFontFamilyToArial()
        actor.SetVisibility(False)
        self.renderer.AddViewProp(actor)
        return actor

    def set(self, overlay) -> None:
        """The texts and cube letters to draw from now on (None: nothing over the volume)."""
        self.overlay = overlay
        if overlay is None:
            return
        f = overlay.faces
        self.cube.SetXPlusFaceText(f["+x"])
        self.cube.SetXMinusFaceText(f["-x"])
        self.cube.SetYPlusFaceText(f["+y"])
        self.cube.SetYMinusFaceText(f["-y"])
        self.cube.SetZPlusFaceText(f["+z"])
        self.cube.SetZMinusFaceText(f["-z"])

    def update(self, frame: tuple[int, int]) -> None:
        """Place texts for a frame of ``frame`` pixels and turn the cube as the main camera looks."""
        o = self.overlay
        shown = o is not None and o.shown
        self.cube.SetVisibility(shown)
        w, h = frame
        fs = int(max(5, min(16, max(10, min(w, h * 1.2) / 55))))
        pad = max(2, int(6 * h / 1000) + 4)
        for key, actor in self._texts.items():
            text = (o.corners.get(key) or o.markers.get(key, "")) if shown else ""
            if not text:
                actor.SetVisibility(False)
                continue
            halign, valign = _PLACES.get(key) or _MARKERS[key]
            x = {"left": pad, "right": w - pad, "center": w / 2}[halign]
            y = {"top": h - pad, "bottom": pad, "center": h / 2}[valign]
            prop = actor.GetTextProperty()
            prop.SetFontSize(fs + (2 if key in _MARKERS else 0))
            prop.SetBold(key in _MARKERS)
            getattr(prop, {"left": "SetJustificationToLeft", "right": "SetJustificationToRight",
                           "center": "SetJustificationToCentered"}[halign])()
            getattr(prop, {"top": "SetVerticalJustificationToTop", "bottom": "SetVerticalJustificationToBottom",
                           "center": "SetVerticalJustificationToCentered"}[valign])()
            actor.SetInput(text)
            actor.SetDisplayPosition(int(x), int(y))
            actor.SetVisibility(True)
        side = CUBE_SHARE * min(w, h)
        # Lower right, clear of the corner texts (the bottom-right corner has none in 3-D) and the edge letters.
        x1 = 1.0 - (fs * 2.5) / max(w, 1)
        y0 = (fs * 2.5) / max(h, 1)
        self.cube_renderer.SetViewport(max(0.0, x1 - side / max(w, 1)), y0, x1, min(1.0, y0 + side / max(h, 1)))
        main = self.renderer.GetActiveCamera()
        cam = self.cube_renderer.GetActiveCamera()
        fx, fy, fz = main.GetFocalPoint()
        px, py, pz = main.GetPosition()
        d = ((px - fx) ** 2 + (py - fy) ** 2 + (pz - fz) ** 2) ** 0.5 or 1.0
        cam.SetFocalPoint(0.0, 0.0, 0.0)
        cam.SetPosition((px - fx) / d * 5.0, (py - fy) / d * 5.0, (pz - fz) / d * 5.0)
        cam.SetViewUp(*main.GetViewUp())
        cam.ParallelProjectionOn()
        cam.SetParallelScale(0.9)
        self.cube_renderer.ResetCameraClippingRange()
