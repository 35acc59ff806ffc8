"""The slide viewport: pan with the left button, zoom with the wheel about the cursor, from the whole slide
down to its finest level and beyond (pixels enlarged). Only the tiles on screen of the level that suits the
zoom are read and decoded, when first drawn; decoded tiles stay in a bounded cache."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from cauri_builtins.slide import pyramid
from cauri_builtins.slide.paint import paint_slide, slide_image

ZOOM_STEP = 1.25  # per wheel notch
MAX_ZOOM = 8.0  # screen pixels per level-0 pixel: enlarged, never more (a tiny slide: 16 times its fit)


def _related_annotations(display_set, host) -> list:
    """The annotation objects of the study that were drawn on this slide's series."""
    from cauri_builtins.slide.annotations import read_annotations

    related = getattr(host, "related", None)
    groups = []
    for ds in related() if callable(related) else ():
        if ds.kind != "slide-annotations":
            continue
        for inst in ds.instances:
            try:
                found, _ = read_annotations(inst.path)
            except Exception:  # noqa: BLE001 - a broken annotation object never hides the slide
                continue
            groups += [g for g in found if g.referenced_series in ("", display_set.series_uid)]
    return groups


class SlideViewport(QWidget):
    def __init__(self, display_set, host) -> None:
        super().__init__()
        self.setObjectName("slide-viewport")
        self.host = host
        self.language = getattr(host, "language", "en")
        self.slide = pyramid.DicomSlide([i.path for i in display_set.instances])  # SlideError: the reason is shown
        self.cache = pyramid.TileCache(self.slide, memory=getattr(host, "memory", None))
        self.annotations = _related_annotations(display_set, host)
        self.view: pyramid.View | None = None  # fitted at the first paint, when the size is known
        self.level = 0
        self._drag: tuple[QPointF, float, float] | None = None
        self.setMinimumSize(64, 64)

    def _fit(self) -> None:
        self.view = pyramid.View.fit(self.slide.levels, max(1, self.width()), max(1, self.height()))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if self.view is None:
            self._fit()
        painter = QPainter(self)
        try:
            self.level = paint_slide(painter, self.cache, self.view, self.width(), self.height(), self.language,
                                     self.annotations)
        finally:
            painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.view is not None:
            self._drag = (event.position(), self.view.cx, self.view.cy)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag is not None:
            start, cx, cy = self._drag
            d = event.position() - start
            self.view = pyramid.View(cx - d.x() / self.view.zoom, cy - d.y() / self.view.zoom, self.view.zoom)
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        self._drag = None

    def wheelEvent(self, event) -> None:  # noqa: N802
        if self.view is None:
            return
        steps = event.angleDelta().y() / 120
        self.zoom_at(event.position(), ZOOM_STEP ** steps)

    def zoom_at(self, point: QPointF, factor: float) -> None:
        """Zoom by ``factor`` keeping the slide point under ``point`` (widget pixels) where it is."""
        if self.view is None:
            self._fit()
        v, w, h = self.view, self.width(), self.height()
        fit = pyramid.View.fit(self.slide.levels, w, h).zoom
        zoom = min(max(MAX_ZOOM, fit * 16), max(fit / 2, v.zoom * factor))
        x = v.cx + (point.x() - w / 2) / v.zoom
        y = v.cy + (point.y() - h / 2) / v.zoom
        self.view = pyramid.View(x - (point.x() - w / 2) / zoom, y - (point.y() - h / 2) / zoom, zoom)
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        if self.view is not None and event.oldSize().width() > 0:
            old = event.oldSize()
            if abs(self.view.zoom - pyramid.View.fit(self.slide.levels, old.width(), old.height()).zoom) < 1e-12:
                self.view = None  # a fitted slide stays fitted
        super().resizeEvent(event)

    def picture(self):
        return slide_image(self.cache, self.view or pyramid.View.fit(self.slide.levels, self.width(), self.height()),
                           self.width(), self.height(), self.language, self.annotations)

    def is_ready(self) -> bool:
        return True

    def release(self) -> None:
        """The viewport shows something else: its tiles leave the workstation's memory budget."""
        self.cache.close()


def render_slide(display_set, size: tuple[int, int], language: str):
    """``cauri render``: the whole slide fitted to ``size``."""
    slide = pyramid.DicomSlide([i.path for i in display_set.instances])
    w, h = size
    return slide_image(pyramid.TileCache(slide), pyramid.View.fit(slide.levels, w, h), w, h, language)
