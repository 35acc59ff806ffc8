"""The waveform sheet drawn with QPainter: the viewport's canvas and ``cauri render`` call the same ``paint_sheet``.

Everything is placed in millimetres by ``layout`` and multiplied by ``px_per_mm`` here, once: the grid's 5 mm
squares are 5 mm on a screen that tells its size.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF

from cauri_builtins.waveform import layout
from cauri_builtins.waveform.layout import Sheet

from viewer.plugin_api import in_language, msg

PAPER = QColor(255, 255, 255)
MINOR = QColor(248, 205, 205)
MAJOR = QColor(226, 128, 128)
INK = QColor(0, 0, 0)
LABEL = QColor(20, 40, 120)
CALIPER = QColor(0, 90, 210)
MARK = QColor(0, 140, 60)

# The stored measurement's concept -> its short name on the paper.
_SHORT = {"RR Interval": "RR", "PP Interval": "PP", "PR Interval": "PR", "QRS Duration": "QRS",
          "QT Interval": "QT", "QTc Interval": "QTc"}
_UNITS = {"ms": "ms", "{H.B.}/min": "bpm", "/min": "/min"}


def scale_text(sheet: Sheet, true_scale: bool | None, px: float = 0.0):
    """The paper's scale as the reader reads it: true on a screen that tells its size, nominal on one that does
    not (``False``), and in pixels per mm for a picture (``None``: a file has no millimetres of its own)."""
    scale = msg("{speed:g} mm/s · {gain:g} mm/mV", speed=sheet.speed, gain=sheet.gain)
    if true_scale is None:
        return msg("{scale} at {px:.1f} px/mm", scale=scale, px=px)
    return scale if true_scale else msg("{scale} (nominal scale: the screen's size is unknown)", scale=scale)


def annotation_lines(wave, language: str) -> tuple[str, str]:
    """The stored measurements on one line and the stored texts on another (time marks are drawn on the traces)."""
    values, texts = [], []
    for a in wave.annotations:
        if a.times:
            continue
        if a.value is None:
            if a.text:
                texts.append(a.text)
            continue
        if a.units == "deg" and a.text.endswith(" Axis"):
            value = msg("{wave} axis {value:g}°", wave=a.text.removesuffix(" Axis"), value=a.value)
        elif a.text == "Heart rate":
            value = msg("heart rate {bpm:.0f} bpm", bpm=a.value)
        else:
            value = msg("{name} {value:g} {units}", name=_SHORT.get(a.text, a.text), value=a.value,
                        units=_UNITS.get(a.units, a.units))
        values.append(in_language(value, language))
    return "  ·  ".join(values), "  ·  ".join(texts)


def paint_sheet(painter: QPainter, sheet: Sheet, wave, group, px: float, language: str, true_scale: bool,
                calipers=()) -> None:
    painter.fillRect(QRectF(0, 0, sheet.width * px, sheet.height * px), PAPER)
    _grid(painter, sheet, px)
    font = QFont()
    font.setPixelSize(max(9, round(3.2 * px)))
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    _header(painter, sheet, wave, px, language, true_scale)
    marks = [t for a in wave.annotations if a.times and a.multiplex == wave.groups.index(group) for t in a.times]
    for trace in sheet.traces:
        _trace(painter, sheet, trace, group, px, marks)
    _calipers(painter, sheet, calipers, px, language)


def _grid(painter: QPainter, sheet: Sheet, px: float) -> None:
    # Minor lines first, majors over them; cosmetic 1-px pens so that a line stays one pixel at any scale.
    for step, colour in ((layout.MINOR, MINOR), (layout.MAJOR, MAJOR)):
        if step == layout.MINOR and px < 2.0:
            continue  # 1 mm squares under 2 px would turn the paper pink, not ruled
        pen = QPen(colour, 0)
        painter.setPen(pen)
        for x in layout.grid_lines(sheet.width, step):
            painter.drawLine(QPointF(round(x * px), 0), QPointF(round(x * px), sheet.height * px))
        for y in layout.grid_lines(sheet.height, step):
            painter.drawLine(QPointF(0, round(y * px)), QPointF(sheet.width * px, round(y * px)))


def _header(painter: QPainter, sheet: Sheet, wave, px: float, language: str, true_scale: bool) -> None:
    values, texts = annotation_lines(wave, language)
    kind = {"12-lead ECG": msg("12-lead ECG"), "Hemodynamic": msg("hemodynamic waveform"),
            "Respiratory": msg("respiratory waveform")}.get(wave.kind, wave.kind)
    lines = [f"{in_language(kind, language)}  ·  {in_language(scale_text(sheet, true_scale, px), language)}", values, texts]
    painter.setPen(LABEL)
    for k, line in enumerate(x for x in lines if x):
        painter.drawText(QPointF(layout.MARGIN * px, (layout.MARGIN + 1 + 4.5 * k) * px), line)


def _trace(painter: QPainter, sheet: Sheet, trace, group, px: float, marks) -> None:
    values = group.channels[trace.channel].values
    if trace.calibration:  # the 1 mV pulse: 0.2 s wide at 25 mm/s (5 mm), 10 mm high at 10 mm/mV
        x0, base, top = (trace.x - layout.CALIBRATION + 2) * px, trace.baseline * px, (trace.baseline - trace.mm_per_unit) * px
        width = 0.2 * sheet.speed * px
        painter.setPen(QPen(INK, max(1.0, 0.25 * px)))
        painter.drawPolyline(QPolygonF([QPointF(x0 - 1.5 * px, base), QPointF(x0, base), QPointF(x0, top),
                                        QPointF(x0 + width, top), QPointF(x0 + width, base),
                                        QPointF(trace.x * px, base)]))
    x, y = layout.trace_points(sheet, trace, values, group.frequency, px)
    keep = np.isfinite(y)
    painter.setPen(QPen(INK, max(1.0, 0.22 * px)))
    painter.drawPolyline(QPolygonF([QPointF(a, b) for a, b in zip(x[keep].tolist(), y[keep].tolist())]))
    painter.setPen(LABEL)
    label = trace.label if trace.units == "mV" else f"{trace.label} ({trace.units})"
    painter.drawText(QPointF((trace.x + 1) * px, (trace.baseline - 0.35 * layout.row_pitch(sheet.gain)) * px), label)
    painter.setPen(QPen(MARK, 0))
    low = (trace.baseline + 0.4 * layout.row_pitch(sheet.gain)) * px
    whole = trace.t0 == 0 and trace.t1 >= group.duration - 1e-9  # time marks go on the whole-record rows only
    for t in marks if whole else ():
        if trace.t0 <= t <= trace.t1:
            mx = (trace.x + (t - trace.t0) * sheet.speed) * px
            painter.drawLine(QPointF(mx, low - 1.5 * px), QPointF(mx, low))


def _calipers(painter: QPainter, sheet: Sheet, calipers, px: float, language: str) -> None:
    pen = QPen(CALIPER, max(1.0, 0.25 * px))
    for c in calipers:
        painter.setPen(pen)
        x0, x1, y = c.x0 * px, c.x1 * px, c.y * px
        for x in (x0, x1):
            painter.drawLine(QPointF(x, y - 6 * px), QPointF(x, y + 6 * px))
        painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        text = in_language(msg("{kind} {ms:.0f} ms", kind=c.kind, ms=layout.interval_ms(c.x0, c.x1, sheet.speed)),
                           language)
        painter.drawText(QPointF(min(x0, x1), y - 1.5 * px), text)


def sheet_image(sheet: Sheet, wave, group, px: float, language: str, true_scale: bool, calipers=()) -> QImage:
    image = QImage(max(1, round(sheet.width * px)), max(1, round(sheet.height * px)), QImage.Format.Format_RGB32)
    image.fill(PAPER)
    painter = QPainter(image)
    try:
        paint_sheet(painter, sheet, wave, group, px, language, true_scale, calipers)
    finally:
        painter.end()
    return image
