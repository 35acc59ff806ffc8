"""VTK rendering of a 2-D slice scene into an offscreen framebuffer read back as RGBA.

Each viewport owns one renderer. Rendering offscreen and handing back pixels keeps VTK away from
Qt widgets entirely: the same code serves the GUI, the headless CLI and the pixel-checking tests,
and it works alike under a window system, on EGL without one, and on Windows/macOS.
"""

from __future__ import annotations

import math

import numpy as np
from viewer.render import vtk_classes as vtk
from viewer.render.vtk_classes import numpy_support

from viewer.core.numbers import trimmed
from viewer.presentation.scene import SliceScene, clip_segment
from viewer.model.view_scale import fit_half_height, fit_magnification, mm_per_screen_pixel
from viewer.render.gl import offscreen_window
from viewer.render.wash_draw import WashDrawer

_CORNER_POS = {"tl": 6, "tr": 7, "bl": 0, "br": 1}  # vtkTextProperty justification helpers below
_MARKER_KEYS = ("left", "right", "top", "bottom")


def nice_length(max_mm: float) -> float:
    """The largest 1/2/5 x 10^n length not above ``max_mm``."""
    if max_mm <= 0:
        return 0.0
    exp = math.floor(math.log10(max_mm))
    for m in (5, 2, 1):
        if m * 10**exp <= max_mm:
            return m * 10**exp
    return 10 ** (exp - 1) * 5


def scale_label(length_mm: float, language: str) -> str:
    """The scale bar's length in the reader's language: cm from 1 cm, mm from 1 mm, else µm (microscopy)."""
    if length_mm >= 10:
        return f"{trimmed(length_mm / 10, language)} cm"
    if length_mm >= 1:
        return f"{trimmed(length_mm, language)} mm"
    return f"{trimmed(length_mm * 1000, language)} µm"


HALO_OFFSETS = ((-1, 0), (1, 0), (0, -1), (0, 1))
CENTRE_GAP = 0.06  # share of the width kept free around the letter in the middle of an edge
LINE_GAP = 3  # frame pixels between a guide line's end and a letter or the scale bar


def box_shrink(img: np.ndarray, k: int) -> np.ndarray:
    """``img`` (uint8, grey or RGB) averaged over k x k blocks, rounded; a last partial block (less than one
    screen pixel when ``k`` is the minification) is left out."""
    h, w = img.shape[0] // k * k, img.shape[1] // k * k
    # k*k strided additions, not a sum over a (h/k, k, w/k, k) view: numpy reduces two non-adjacent axes
    # slowly (a 4,000 x 3,300 mammogram: 50 ms against 6 ms, the same integers).
    acc = np.zeros((h // k, w // k, *img.shape[2:]), np.uint16 if k * k * 255 <= 0xFFFF else np.uint32)
    for i in range(k):
        rows = img[i:h:k, :w]
        for j in range(k):
            acc += rows[:, j::k]
    acc += (k * k) // 2
    acc //= k * k
    return acc.astype(np.uint8)


def _pixels_identity(img: np.ndarray):
    """What makes two scenes' pixels the same picture: a read-only array's memory (the display cache's pixels,
    seen through a new turned or flipped view at each present, are not shrunk and uploaded again: 20-30 ms for a
    mammogram), any other array itself."""
    if not img.flags.writeable:
        return ("memory", img.__array_interface__["data"][0])
    return ("array", id(img))


class SliceRenderer:
    def __init__(self, width: int = 512, height: int = 512) -> None:
        self.window, self.renderer = offscreen_window()
        self.size = (max(1, width), max(1, height))  # the viewport's; all view geometry follows it
        self._frame = self.size  # the framebuffer's: smaller than size for a draft
        self.window.SetSize(*self.size)

        self._image = vtk.vtkImageData()
        self._actor = vtk.vtkImageActor()
        self._actor.GetMapper().SetInputData(self._image)
        # Show edge pixels whole: without a border VTK stops at the centres of the outer pixels.
        self._actor.GetMapper().BorderOn()
        self._actor.GetProperty().SetInterpolationTypeToLinear()
        self._actor.SetVisibility(False)
        self.renderer.AddActor(self._actor)
        self._wash = WashDrawer(self.renderer)  # a fused layer or dose wash over the image
        self._image_array = None  # keeps the numpy buffer VTK points into alive
        self._image_source = None
        self._image_key = None

        camera = self.renderer.GetActiveCamera()
        camera.ParallelProjectionOn()

        self._corners = {k: self._text_actor() for k in ("tl", "tr", "bl", "br")}
        self._markers = {k: self._text_actor(bold=True) for k in _MARKER_KEYS}
        self._message = self._text_actor()
        self._scale_points = vtk.vtkPoints()
        self._scale_bar = self._scale_bar_actor()
        self._scale_label = self._text_actor()
        self._line_actors: list[vtk.vtkActor] = []
        self._label_actors: list[vtk.vtkTextActor] = []
        # Theatre mode (read from two metres): text of this many device pixels instead of the size that
        # follows the viewport, and lines this wide. None: the reading room's sizes.
        self.text_px: int | None = None
        self.line_width: float | None = None
        self.dpi = 96.0  # the screen's logical DPI: text keeps its physical size on a dense screen
        self.text_points = 0.0  # the reader's text size (Preferences); 0: from the view's size and the DPI
        self.top_inset = 0  # device pixels along the top the window covers (the patient band)
        self.elided: dict[str, str] = {}  # corner -> its full text, where a line had to be shortened

    # ---------------------------------------------------------------- construction helpers
    def _text_actor(self, bold: bool = False, halo: bool = True) -> vtk.vtkTextActor:
        """Light text with a dark outline (the same text drawn one pixel off in four directions beneath it),
        legible on white bone as on black air."""
        actor = vtk.vtkTextActor()
        prop = actor.GetTextProperty()
        prop.SetColor(0.95, 0.95, 0.85)
        prop.SetBold(bold)
        prop.SetFontFamilyToArial()
        actor.SetVisibility(False)
        actor._halo = []  # type: ignore[attr-defined]
        if halo:
            for _dx, _dy in HALO_OFFSETS:
                shade = vtk.vtkTextActor()
                sprop = shade.GetTextProperty()
                sprop.SetColor(0.0, 0.0, 0.0)
                sprop.SetBold(bold)
                sprop.SetFontFamilyToArial()
                shade.SetVisibility(False)
                self.renderer.AddViewProp(shade)
                actor._halo.append(shade)  # type: ignore[attr-defined]
        self.renderer.AddViewProp(actor)  # after its outline: drawn over it
        return actor

    def _scale_bar_actor(self) -> vtk.vtkActor2D:
        self._scale_points.SetNumberOfPoints(4)
        lines = vtk.vtkCellArray()
        lines.InsertNextCell(2, [0, 1])
        lines.InsertNextCell(2, [0, 2])
        lines.InsertNextCell(2, [1, 3])
        poly = vtk.vtkPolyData()
        poly.SetPoints(self._scale_points)
        poly.SetLines(lines)
        mapper = vtk.vtkPolyDataMapper2D()
        mapper.SetInputData(poly)
        # The same bar wider and dark beneath: the light bar stays visible across white bone.
        self._scale_shade = vtk.vtkActor2D()
        self._scale_shade.SetMapper(mapper)
        self._scale_shade.GetProperty().SetColor(0.0, 0.0, 0.0)
        self._scale_shade.GetProperty().SetLineWidth(4)
        self._scale_shade.SetVisibility(False)
        self.renderer.AddViewProp(self._scale_shade)
        actor = vtk.vtkActor2D()
        actor.SetMapper(mapper)
        actor.GetProperty().SetColor(0.95, 0.95, 0.85)
        actor.GetProperty().SetLineWidth(2)
        actor.SetVisibility(False)
        self.renderer.AddViewProp(actor)
        return actor

    # ---------------------------------------------------------------- public
    @property
    def frame_size(self) -> tuple[int, int]:
        """The last frame's size in pixels (smaller than ``size`` for a draft)."""
        return self._frame

    def resize(self, width: int, height: int) -> None:
        size = (max(1, int(width)), max(1, int(height)))
        if size != self.size:
            self.size = size
            self._frame = size
            self.window.SetSize(*size)

    def fit_scale(self, scene: SliceScene) -> float:
        """Camera parallel scale (half the visible height in mm) that fits the image."""
        if scene.image is None:
            return 1.0
        return fit_half_height(scene.image.shape, scene.spacing, self.size)

    def mm_per_screen_pixel(self, scene: SliceScene) -> float:
        if scene.image is None:
            return 2.0 / max(scene.zoom, 1e-6) / self.size[1]
        return mm_per_screen_pixel(scene.image.shape, scene.spacing, scene.zoom, self.size)

    def zoom_for_one_to_one(self, scene: SliceScene) -> float:
        """Zoom at which one image pixel covers one screen pixel; with non-square pixels, along their
        shorter side (the longer one is stretched, no stored pixel is dropped)."""
        if scene.image is None:
            return 1.0
        return 1.0 / fit_magnification(scene.image.shape, scene.spacing, self.size)

    def render(self, scene: SliceScene, scale: float = 1.0) -> np.ndarray:
        """The scene as RGBA rows top-down; ``scale`` < 1 draws a smaller frame of the same view (a draft
        while the user drags: on a software rasteriser the cost follows the pixel count)."""
        frame = (max(1, int(round(self.size[0] * scale))), max(1, int(round(self.size[1] * scale))))
        if frame != self._frame:
            self._frame = frame
            self.window.SetSize(*frame)
        self._update_image(scene)
        self._wash.update(scene)
        self._update_camera(scene)
        self._update_overlays(scene)
        self._update_lines(scene)
        self._update_labels(scene)
        self.window.Render()
        return self._read_back()

    # ---------------------------------------------------------------- internals
    def _update_image(self, scene: SliceScene) -> None:
        img = scene.image
        if img is None:
            self._actor.SetVisibility(False)
            self._image_key = None
            return
        k = self._shrink(scene)
        key = (_pixels_identity(img), img.shape, img.strides, scene.spacing, k)
        if key != self._image_key:
            shown = img if k == 1 else box_shrink(img, k)
            h, w = shown.shape[:2]
            comps = 1 if shown.ndim == 2 else shown.shape[2]
            flat = np.ascontiguousarray(shown).reshape(-1, comps) if comps > 1 else np.ascontiguousarray(shown).ravel()
            vtk_array = numpy_support.numpy_to_vtk(flat, deep=False, array_type=vtk.VTK_UNSIGNED_CHAR)
            self._image_array = flat
            self._image_source = img  # alive while its identity is the key: no other array can take its id
            image = self._image
            image.SetDimensions(w, h, 1)
            # A block of k x k pixels is one texel at the block's centre: the picture stays where it was in mm.
            image.SetSpacing(scene.spacing[0] * k, scene.spacing[1] * k, 1.0)
            image.SetOrigin((k - 1) / 2.0 * scene.spacing[0], (k - 1) / 2.0 * scene.spacing[1], 0.0)
            image.GetPointData().SetScalars(vtk_array)
            image.Modified()
            self._image_key = key
        self._actor.SetVisibility(True)

    def _shrink(self, scene: SliceScene) -> int:
        """Whole image pixels per screen pixel of the frame drawn (1 when the image is not minified twice or
        more): a 4,000 x 3,300 mammogram fitted in a viewport is drawn from a box-averaged texture of about the
        screen's size, not 13 million texels a software rasteriser samples four at a time (0.4 s a frame)."""
        shorter = min(scene.spacing)
        if not shorter > 0:
            return 1
        per_screen = mm_per_screen_pixel(scene.image.shape, scene.spacing, scene.zoom, self._frame) / shorter
        return max(1, int(per_screen + 1e-9))

    def _update_camera(self, scene: SliceScene) -> None:
        camera = self.renderer.GetActiveCamera()
        if scene.image is None:
            return
        h, w = scene.image.shape[:2]
        cx = (w - 1) * scene.spacing[0] / 2.0 + scene.pan[0]
        cy = (h - 1) * scene.spacing[1] / 2.0 + scene.pan[1]
        # Looking along +z with view-up -y puts image row 0 at the top and column 0 on the left,
        # exactly as DICOM stores them.
        camera.SetFocalPoint(cx, cy, 0.0)
        camera.SetPosition(cx, cy, -1000.0)
        camera.SetViewUp(0.0, -1.0, 0.0)
        camera.SetParallelScale(self.fit_scale(scene) / max(scene.zoom, 1e-6))
        self.renderer.ResetCameraClippingRange()

    def _font_size(self) -> int:
        """Text size in frame pixels: the reader's points at the screen's DPI, or by default one that follows
        the view's size (10 to 16 px at 96 DPI), scaled to the DPI."""
        vw, vh = self.size
        scale = max(0.5, self.dpi / 96.0)
        if self.text_px:
            size = self.text_px
        elif self.text_points > 0:
            size = self.text_points * self.dpi / 72.0
        else:
            size = max(10, min(16, min(vw, vh * 1.2) / (55 * scale))) * scale
        return int(max(5, size * self._frame[1] / self.size[1]))

    def _fit_lines(self, text: str, fs: int, share: float) -> tuple[str, bool]:
        """Shorten lines that would run into the opposite corner or the centre's letter (narrow viewports in a
        3x3 grid) with an ellipsis; and whether any was."""
        max_chars = max(6, int(self._frame[0] * share / (0.62 * fs)))
        lines = text.split("\n")
        fitted = [line if len(line) <= max_chars else line[: max_chars - 1] + "…" for line in lines]
        return "\n".join(fitted), fitted != lines

    def _update_overlays(self, scene: SliceScene) -> None:
        vw, vh = self._frame
        fs = self._font_size()
        pad = max(2, int(6 * vh / self.size[1]))
        top = vh - pad - int(self.top_inset * vh / self.size[1])  # below the patient band, if any
        show = scene.overlays and scene.image is not None
        placements = {
            "tl": (pad, top, "left", "top"),
            "tr": (vw - pad, top, "right", "top"),
            "bl": (pad, pad, "left", "bottom"),
            "br": (vw - pad, pad, "right", "bottom"),
        }
        # Corner lines stop before the letter in the middle of their edge (the scale bar sits above them).
        shares = dict.fromkeys(("tl", "tr", "bl", "br"), 0.5 - CENTRE_GAP)
        self.elided = {}
        for key, actor in self._corners.items():
            full = scene.corners.get(key, "") if show else ""
            text, cut = self._fit_lines(full, fs, shares[key])
            if cut:
                self.elided[key] = full
            self._place(actor, text, *placements[key], fs)
        marker_places = {
            "left": (pad, vh / 2, "left", "center"),
            "right": (vw - pad, vh / 2, "right", "center"),
            "top": (vw / 2, vh - pad, "center", "top"),
            "bottom": (vw / 2, pad, "center", "bottom"),
        }
        marker_places["top"] = (vw / 2, top, "center", "top")
        for key, actor in self._markers.items():
            text = scene.markers.get(key, "") if show else ""
            self._place(actor, text, *marker_places[key], fs + 2)
        self._place(self._message, scene.message, vw / 2, vh / 2, "center", "center", fs + 2)
        self._update_scale_bar(scene, show and scene.calibrated, fs)

    def _place(self, actor, text, x, y, halign, valign, size) -> None:
        for shade, (dx, dy) in zip(actor._halo, HALO_OFFSETS):
            self._place_one(shade, text, x + dx, y + dy, halign, valign, size)
        self._place_one(actor, text, x, y, halign, valign, size)

    @staticmethod
    def _place_one(actor, text, x, y, halign, valign, size) -> None:
        if not text:
            actor.SetVisibility(False)
            return
        prop = actor.GetTextProperty()
        prop.SetFontSize(size)
        getattr(prop, {"left": "SetJustificationToLeft", "right": "SetJustificationToRight", "center": "SetJustificationToCentered"}[halign])()
        getattr(prop, {"top": "SetVerticalJustificationToTop", "bottom": "SetVerticalJustificationToBottom", "center": "SetVerticalJustificationToCentered"}[valign])()
        actor.SetInput(text)
        actor.SetDisplayPosition(int(x), int(y))
        actor.SetVisibility(True)

    def overlay_boxes(self) -> dict[str, tuple[float, float, float, float]]:
        """Where each visible overlay lies in the last frame, (x0, x1, y0, y1) in frame pixels from the bottom
        left: the corner texts, the orientation letters, the scale bar with its label (geometry tests, and the
        viewport's tooltip for shortened corner lines)."""
        boxes = {}
        named = {**{f"corner_{k}": a for k, a in self._corners.items()},
                 **{f"letter_{k}": a for k, a in self._markers.items()}, "scale_label": self._scale_label}
        for name, actor in named.items():
            if actor.GetVisibility():
                bbox = [0.0] * 4
                actor.GetBoundingBox(self.renderer, bbox)  # around the text's anchor, which is added here
                x, y = actor.GetPosition()
                boxes[name] = (x + bbox[0], x + bbox[1], y + bbox[2], y + bbox[3])
        if self._scale_bar.GetVisibility():
            xs = [self._scale_points.GetPoint(i)[0] for i in range(4)]
            ys = [self._scale_points.GetPoint(i)[1] for i in range(4)]
            boxes["scale_bar"] = (min(xs), max(xs), min(ys), max(ys))
        return boxes


    def _update_scale_bar(self, scene: SliceScene, show: bool, fs: int) -> None:
        if not show:
            self._scale_bar.SetVisibility(False)
            self._scale_shade.SetVisibility(False)
            self._scale_label.SetVisibility(False)
            return
        vw, vh = self._frame
        mm_per_px = self.mm_per_screen_pixel(scene) * self.size[1] / vh
        length_mm = nice_length(mm_per_px * vw * 0.25)
        length_px = length_mm / mm_per_px
        x0 = vw / 2 - length_px / 2
        # Above the bottom corners' text and the bottom letter, whatever their size: never over either.
        below = [b[3] for k, b in self.overlay_boxes().items() if k in ("corner_bl", "corner_br", "letter_bottom")]
        y = max([2.2 * fs + 8] + [top + 4 for top in below])
        tick = fs * 0.4
        for i, (x, yy) in enumerate(((x0, y), (x0 + length_px, y), (x0, y + tick), (x0 + length_px, y + tick))):
            self._scale_points.SetPoint(i, x, yy, 0.0)
        self._scale_points.Modified()
        self._scale_bar.SetVisibility(True)
        self._scale_shade.SetVisibility(True)
        self._place(self._scale_label, scale_label(length_mm, scene.language), vw / 2, y + 3, "center", "bottom",
                    max(10, fs - 2))

    def _update_lines(self, scene: SliceScene) -> None:
        lines = scene.lines if scene.image is not None else ()
        while len(self._line_actors) < len(lines):
            source = vtk.vtkLineSource()
            mapper = vtk.vtkPolyDataMapper()
            mapper.SetInputConnection(source.GetOutputPort())
            actor = vtk.vtkActor()
            actor.SetMapper(mapper)
            actor.GetProperty().SetLineWidth(1.5)
            actor.GetProperty().SetLighting(False)
            actor._source = source  # type: ignore[attr-defined]
            self.renderer.AddActor(actor)
            self._line_actors.append(actor)
        if scene.guides:
            # Guides stop where they would run over a letter, the scale bar or its length.
            obstacles = [b for k, b in self.overlay_boxes().items() if k.startswith("letter_") or k.startswith("scale")]
            lines = [self._clear_of(x, obstacles) if i < scene.guides else x for i, x in enumerate(lines)]
        for i, actor in enumerate(self._line_actors):
            if i < len(lines) and lines[i] is not None:
                x0, y0, x1, y1, rgb = lines[i]
                # Slightly towards the camera (which sits at -z) so lines stay above the image.
                actor._source.SetPoint1(x0, y0, -0.5)
                actor._source.SetPoint2(x1, y1, -0.5)
                actor.GetProperty().SetColor(*rgb)
                actor.GetProperty().SetLineWidth(self.line_width or 1.5)
                actor.SetVisibility(True)
            else:
                actor.SetVisibility(False)

    def _to_display(self, x: float, y: float) -> tuple[float, float]:
        self.renderer.SetWorldPoint(x, y, 0.0, 1.0)
        self.renderer.WorldToDisplay()
        dx, dy, _ = self.renderer.GetDisplayPoint()
        return dx, dy

    def _to_world(self, x: float, y: float) -> tuple[float, float]:
        self.renderer.SetDisplayPoint(x, y, 0.0)
        self.renderer.DisplayToWorld()
        wx, wy, _wz, w = self.renderer.GetWorldPoint()
        return (wx / w, wy / w) if w else (wx, wy)

    def _clear_of(self, line, boxes):
        """A crosshair or reference line cut where it meets a box (x0, x1, y0, y1, frame pixels, with a
        gap): the longer piece is kept, so a line through a letter at the edge ends just before it."""
        x0, y0, x1, y1, rgb = line
        (a0, b0), (a1, b1) = self._to_display(x0, y0), self._to_display(x1, y1)
        for bx0, bx1, by0, by1 in boxes:
            g = LINE_GAP
            inside = clip_segment(a0, b0, a1, b1, bx0 - g, bx1 + g, by0 - g, by1 + g)
            if inside is None:
                continue
            ex0, ey0, ex1, ey1 = inside
            before = (a0, b0, ex0, ey0)
            after = (ex1, ey1, a1, b1)
            a0, b0, a1, b1 = max((before, after), key=lambda seg: (seg[2] - seg[0]) ** 2 + (seg[3] - seg[1]) ** 2)
        if (a1 - a0) ** 2 + (b1 - b0) ** 2 < 1.0:
            return None
        (c0, d0), (c1, d1) = self._to_world(a0, b0), self._to_world(a1, b1)
        return c0, d0, c1, d1, rgb

    def _update_labels(self, scene: SliceScene) -> None:
        labels = scene.labels if scene.image is not None else ()
        while len(self._label_actors) < len(labels):
            actor = self._text_actor(halo=False)
            actor.GetPositionCoordinate().SetCoordinateSystemToWorld()
            self._label_actors.append(actor)
        fs = self._font_size() if self.text_px else max(10, self._font_size() - 1)
        for i, actor in enumerate(self._label_actors):
            if i < len(labels):
                x, y, text, rgb = labels[i]
                prop = actor.GetTextProperty()
                prop.SetFontSize(fs)
                prop.SetColor(*rgb)
                prop.SetJustificationToLeft()
                prop.SetVerticalJustificationToBottom()
                actor.SetInput(text)
                actor.GetPositionCoordinate().SetValue(float(x), float(y), -0.6)
                actor.SetVisibility(True)
            else:
                actor.SetVisibility(False)

    def _read_back(self) -> np.ndarray:
        w, h = self._frame
        out = vtk.vtkUnsignedCharArray()
        self.window.GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, out)
        rgba = numpy_support.vtk_to_numpy(out).reshape(h, w, 4)
        return np.ascontiguousarray(rgba[::-1])

    def close(self) -> None:
        self.window.Finalize()
