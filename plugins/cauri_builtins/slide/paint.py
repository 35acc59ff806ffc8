"""A slide's view drawn with QPainter: the tiles of the level that suits the zoom, the annotations, the scale
bar in µm. The viewport and ``cauri render`` call the same ``paint_slide``."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF

from cauri_builtins.slide import pyramid

from viewer.plugin_api import in_language, msg

BACKGROUND = QColor(24, 24, 24)
EMPTY = QColor(240, 240, 240)  # glass without tissue: a sparse level's missing tiles
ANNOTATION = QColor(255, 220, 0)
TEXT = QColor(250, 250, 250)


def paint_slide(painter: QPainter, cache: pyramid.TileCache, view: pyramid.View, width: int, height: int,
                language: str, annotations=()) -> int:
    """Draws the view; returns the level drawn."""
    levels = cache.source.levels
    painter.fillRect(QRectF(0, 0, width, height), BACKGROUND)
    k = pyramid.choose_level(levels, view.zoom)
    x0, y0, x1, y1 = view.bounds(width, height)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, view.zoom * pyramid.downsample(levels, k) < 1.5)
    for tx, ty in pyramid.visible_tiles(levels, k, x0, y0, x1, y1):
        lx, ly, lw, lh = pyramid.tile_rect(levels, k, tx, ty)
        sx, sy = view.to_screen(lx, ly, width, height)
        target = QRectF(sx, sy, lw * view.zoom, lh * view.zoom)
        pixels = cache.get(k, tx, ty)
        if pixels is None:
            painter.fillRect(target, EMPTY)
            continue
        h, w = pixels.shape[:2]
        image = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        cw, ch = round(lw / pyramid.downsample(levels, k)), round(lh / pyramid.downsample(levels, k))
        painter.drawImage(target, image, QRectF(0, 0, min(w, cw), min(h, ch)))  # an edge tile's padding is not drawn
    _annotations(painter, view, width, height, annotations)
    _scale_bar(painter, levels[0], view, width, height, language, k, len(levels))
    return k


def _annotations(painter: QPainter, view, width: int, height: int, groups) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(ANNOTATION, 2))
    for group in groups:
        for shape in group.shapes:
            points = [QPointF(*view.to_screen(float(x), float(y), width, height)) for x, y in shape]
            if group.graphic_type == "POINT":
                for p in points:
                    painter.drawEllipse(p, 5, 5)
            elif group.graphic_type == "POLYLINE":
                painter.drawPolyline(QPolygonF(points))
            elif group.graphic_type == "ELLIPSE" and len(points) == 4:
                path = QPainterPath()
                (a, b, c, d) = points
                centre = (a + b) / 2
                rx = ((a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2) ** 0.5 / 2
                ry = ((c.x() - d.x()) ** 2 + (c.y() - d.y()) ** 2) ** 0.5 / 2
                path.addEllipse(centre, rx, ry)
                painter.drawPath(path)
            else:  # POLYGON, RECTANGLE
                painter.drawPolygon(QPolygonF(points))


def scale_label(length_um: float):
    return msg("{mm:g} mm", mm=length_um / 1000) if length_um >= 1000 else msg("{um:g} µm", um=length_um)


def _scale_bar(painter: QPainter, level0: pyramid.Level, view, width: int, height: int, language: str,
               k: int, count: int) -> None:
    font = QFont()
    font.setPixelSize(13)
    painter.setFont(font)
    painter.fillRect(QRectF(4, height - 52, 220, 48), QColor(0, 0, 0, 170))  # legible on white glass
    painter.setPen(TEXT)
    painter.drawText(QPointF(10, height - 34), in_language(msg("level {n} of {total}", n=k + 1, total=count), language))
    if level0.spacing is None:
        painter.drawText(QPointF(10, height - 12), in_language(msg("scale unknown (no pixel spacing)"), language))
        return
    um_per_px = level0.spacing[1] * 1000.0 / view.zoom
    length_um, length_px = pyramid.scale_bar(um_per_px)
    y = height - 14
    painter.fillRect(QRectF(10, y, length_px, 5), TEXT)
    painter.drawText(QPointF(16 + length_px, y + 6), in_language(scale_label(length_um), language))


def slide_image(cache, view, width: int, height: int, language: str, annotations=()) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        paint_slide(painter, cache, view, width, height, language, annotations)
    finally:
        painter.end()
    return image
