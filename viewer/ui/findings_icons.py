"""Series-strip icons for the reading's own objects (measurements, presentation states, key images, reports),
drawn by code: no image file to license or ship, crisp at any device pixel ratio."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

BACKGROUND = QColor(52, 70, 92)  # slate blue: a tile of its own, never mistaken for a black image
INK = QColor(236, 240, 244)
ACCENT = QColor(255, 200, 60)  # the measurement tools' yellow


def findings_icon(content: str, size: int) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BACKGROUND)
    p.drawRoundedRect(QRectF(2, 2, size - 4, size - 4), size * 0.08, size * 0.08)
    s = size / 96.0
    {"measurements": _ruler, "presentation_states": _contrast, "key_images": _star}.get(content, _document)(p, s)
    p.end()
    return QIcon(pixmap)


def _pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _ruler(p: QPainter, s: float) -> None:
    """A distance measurement: a line with its two end ticks."""
    a, b = QPointF(22 * s, 70 * s), QPointF(74 * s, 26 * s)
    p.setPen(_pen(ACCENT, 5 * s))
    p.drawLine(a, b)
    dx, dy = (b.x() - a.x()), (b.y() - a.y())
    n = math.hypot(dx, dy)
    ox, oy = -dy / n * 9 * s, dx / n * 9 * s
    for c in (a, b):
        p.drawLine(QPointF(c.x() - ox, c.y() - oy), QPointF(c.x() + ox, c.y() + oy))


def _contrast(p: QPainter, s: float) -> None:
    """A presentation state sets how an image is seen: the window/level half-disc."""
    r = QRectF(24 * s, 24 * s, 48 * s, 48 * s)
    p.setPen(_pen(INK, 4 * s))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(r)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    p.drawPie(r, 90 * 16, 180 * 16)


def _star(p: QPainter, s: float) -> None:
    points = []
    for k in range(10):
        radius = (30 if k % 2 == 0 else 13) * s
        angle = -math.pi / 2 + k * math.pi / 5
        points.append(QPointF(48 * s + radius * math.cos(angle), 50 * s + radius * math.sin(angle)))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ACCENT)
    p.drawPolygon(QPolygonF(points))


def _document(p: QPainter, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(INK)
    p.drawRect(QRectF(28 * s, 18 * s, 40 * s, 60 * s))
    p.setPen(_pen(BACKGROUND, 3 * s))
    for k in range(5):
        y = (30 + 9 * k) * s
        p.drawLine(QPointF(34 * s, y), QPointF((62 if k < 4 else 50) * s, y))
