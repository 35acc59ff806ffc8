"""The waveform viewport: the sheet at true physical scale, its settings (view, gain, speed) and the calipers.

The canvas is as large as the paper at the screen's pixels per millimetre (``QScreen.physicalDotsPerInch``), in a
scroll area: a 10 s strip at 25 mm/s is 25 cm wide on the screen, as on paper, rather than squeezed to fit. A
screen that does not tell its size gets the nominal 96 dpi and the scale line says so.

Calipers: choose RR, PR, QRS or QT and drag across the trace between the two time points; the result is on the
caliper and in the line under the settings, with the heart rate (from RR) and QTc (Bazett, with RR and QT).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cauri_builtins.waveform import layout
from cauri_builtins.waveform.paint import paint_sheet, scale_text, sheet_image
from cauri_builtins.waveform.reading import WaveformError, read_waveform

from viewer.plugin_api import in_language, msg


class SheetCanvas(QWidget):
    """The paper, at ``px_per_mm``; the mouse draws calipers on it."""

    def __init__(self, owner: WaveformViewport) -> None:
        super().__init__()
        self.owner = owner
        self.setObjectName("waveform-sheet")
        self.setMouseTracking(False)
        self._dragging = None  # the caliper being drawn

    def paintEvent(self, event) -> None:
        o = self.owner
        painter = QPainter(self)
        try:
            paint_sheet(painter, o.sheet, o.wave, o.group, o.px_per_mm, o.language, o.true_scale,
                        (*o.calipers, *([self._dragging] if self._dragging else [])))
        finally:
            painter.end()

    def _mm(self, event) -> QPointF:
        p = event.position()
        return QPointF(p.x() / self.owner.px_per_mm, p.y() / self.owner.px_per_mm)

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        p = self._mm(event)
        self._dragging = layout.Caliper(self.owner.caliper_kind, p.x(), p.x(), p.y())

    def mouseMoveEvent(self, event) -> None:
        if self._dragging is not None:
            d = self._dragging
            self._dragging = layout.Caliper(d.kind, d.x0, self._mm(event).x(), d.y)
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        d, self._dragging = self._dragging, None
        if d is None:
            return
        d = layout.Caliper(d.kind, d.x0, self._mm(event).x(), d.y)
        if abs(d.x1 - d.x0) > 0.2:  # a click is not a measurement
            self.owner.add_caliper(d)
        self.update()


class WaveformViewport(QWidget):
    """``add_viewport("waveform", WaveformViewport)``: the first waveform object of the display set."""

    def __init__(self, display_set, host, physical_dpi: float | None = None) -> None:
        super().__init__()
        self.host = host
        self.language = getattr(host, "language", "en")
        self.setObjectName("waveform-viewport")
        self.calipers: list[layout.Caliper] = []
        self.caliper_kind = "RR"
        self.view, self.speed, self.gain = "standard", 25.0, 10.0
        path = display_set.instances[0].path
        self.wave = read_waveform(path)  # WaveformError: the viewport shows its reason (SurfaceHolder)
        self.group = self.wave.main
        dpi = physical_dpi if physical_dpi is not None else (self.screen().physicalDotsPerInch() if self.screen() else None)
        self.px_per_mm, self.true_scale = layout.px_per_mm(dpi)
        self.sheet = layout.sheet_for(self.group, self.view, self.speed, self.gain)
        self._build()
        self._relayout()

    def _t(self, message) -> str:
        return in_language(message, self.language)

    def _combo(self, name: str, items, current) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for text, value in items:
            box.addItem(text, value)
        box.setCurrentIndex(next(i for i, (_, v) in enumerate(items) if v == current))
        box.currentIndexChanged.connect(self._settings_changed)
        return box

    def _build(self) -> None:
        t = self._t
        views = [(t(msg("3 x 4 + rhythm (II)")), "standard"), (t(msg("all channels")), "channels")]
        views += [(t(msg("lead {lead}", lead=c.label)), c.label) for c in self.group.channels]
        self.view_box = self._combo("waveform-view", views, "standard")
        self.gain_box = self._combo("waveform-gain", [(t(msg("{gain:g} mm/mV", gain=g)), g) for g in layout.GAINS], 10.0)
        self.speed_box = self._combo("waveform-speed", [(t(msg("{speed:g} mm/s", speed=s)), s) for s in layout.SPEEDS],
                                     25.0)
        self.caliper_box = self._combo("waveform-caliper", [(t(msg("caliper {kind}", kind=k)), k) for k in layout.CALIPERS],
                                       "RR")
        clear = QPushButton(t(msg("clear calipers")))
        clear.setObjectName("waveform-clear")
        clear.clicked.connect(self.clear_calipers)
        bar = QHBoxLayout()
        for w in (QLabel(t(msg("view"))), self.view_box, QLabel(t(msg("gain"))), self.gain_box, QLabel(t(msg("speed"))),
                  self.speed_box, self.caliper_box, clear):
            bar.addWidget(w)
        bar.addStretch(1)
        self.scale_label = QLabel()
        self.scale_label.setObjectName("waveform-scale")
        self.results = QLabel()
        self.results.setObjectName("waveform-results")
        self.canvas = SheetCanvas(self)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(False)
        self.scroll.setStyleSheet("QScrollArea { background: white; }")
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 2, 4, 2)
        column.setSpacing(2)
        column.addLayout(bar)
        line = QHBoxLayout()
        line.addWidget(self.scale_label)
        line.addStretch(1)
        line.addWidget(self.results)
        column.addLayout(line)
        column.addWidget(self.scroll, 1)
        self.setStyleSheet("QLabel { color: #f0f0f0; } WaveformViewport { background: #202020; }")

    def _settings_changed(self) -> None:
        view, gain, speed = self.view_box.currentData(), self.gain_box.currentData(), self.speed_box.currentData()
        self.caliper_kind = self.caliper_box.currentData()
        if (view, gain, speed) != (self.view, self.gain, self.speed):
            self.view, self.gain, self.speed = view, gain, speed
            self.calipers.clear()  # a caliper drawn on another sheet measures nothing here
            self.sheet = layout.sheet_for(self.group, view, speed, gain)
            self._relayout()

    def _relayout(self) -> None:
        self.canvas.setFixedSize(round(self.sheet.width * self.px_per_mm), round(self.sheet.height * self.px_per_mm))
        self.scale_label.setText(self._t(scale_text(self.sheet, self.true_scale)))
        self._show_results()
        self.canvas.update()

    def add_caliper(self, caliper: layout.Caliper) -> None:
        self.calipers = [c for c in self.calipers if c.kind != caliper.kind] + [caliper]  # one of each kind
        self._show_results()

    def clear_calipers(self) -> None:
        self.calipers.clear()
        self._show_results()
        self.canvas.update()

    def _show_results(self) -> None:
        lines = [self._t(m) for m in layout.caliper_results(self.calipers, self.speed)]
        self.results.setText("  ·  ".join(lines))
        if lines:
            self.host.say(self.results.text())

    def picture(self):
        return sheet_image(self.sheet, self.wave, self.group, self.px_per_mm, self.language, self.true_scale,
                           self.calipers)

    def is_ready(self) -> bool:
        return True


def render_waveform(display_set, size: tuple[int, int], language: str):
    """``cauri render``: the standard sheet (the channels' one for other waveforms) at 4 px/mm, or larger where
    ``size`` holds more; ``WaveformError`` says why there is none."""
    wave = read_waveform(display_set.instances[0].path)
    group = wave.main
    sheet = layout.sheet_for(group, "standard", 25.0, 10.0)
    px = max(4.0, min(size[0] / sheet.width, size[1] / sheet.height))
    return sheet_image(sheet, wave, group, px, language, None)


__all__ = ["WaveformError", "WaveformViewport", "render_waveform"]
