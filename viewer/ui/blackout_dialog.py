"""Black out burned-in text before an image leaves: the reader draws rectangles over the image.

The rectangles are kept in the stored image's pixel coordinates (``deid.burned.Rect``), whatever the size the
picture is shown at; the export applies them to every image of the series (``deid.burned.black_out``).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from viewer.distribute.deid.burned import Rect


class MaskCanvas(QWidget):
    """The image, fitted to the widget, with the rectangles drawn black; a left drag adds one."""

    changed = Signal()

    def __init__(self, pixels: np.ndarray, rects: list[Rect] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.pixels = np.ascontiguousarray(pixels)
        fmt = QImage.Format.Format_RGB888 if self.pixels.ndim == 3 else QImage.Format.Format_Grayscale8
        h, w = self.pixels.shape[:2]
        self.image = QImage(self.pixels.data, w, h, self.pixels.strides[0], fmt).copy()
        self.rects: list[Rect] = list(rects or [])
        self._start: QPointF | None = None
        self._current: QPointF | None = None
        self.setMinimumSize(320, 240)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def _fit(self) -> QRectF:
        w, h = self.image.width(), self.image.height()
        scale = min(self.width() / w, self.height() / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale)

    def to_image(self, p: QPointF) -> tuple[float, float]:
        r = self._fit()
        x = (p.x() - r.x()) * self.image.width() / r.width()
        y = (p.y() - r.y()) * self.image.height() / r.height()
        return min(max(x, 0.0), self.image.width()), min(max(y, 0.0), self.image.height())

    def to_widget(self, rect: Rect) -> QRectF:
        r = self._fit()
        sx, sy = r.width() / self.image.width(), r.height() / self.image.height()
        return QRectF(r.x() + rect.x * sx, r.y() + rect.y * sy, rect.width * sx, rect.height * sy)

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(40, 40, 40))
        painter.drawImage(self._fit(), self.image)
        for rect in self.rects:
            painter.fillRect(self.to_widget(rect), QColor(0, 0, 0))
            painter.setPen(QPen(QColor(255, 200, 0), 1))
            painter.drawRect(self.to_widget(rect))
        if self._start is not None and self._current is not None:
            painter.setPen(QPen(QColor(255, 200, 0), 1, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self._start, self._current).normalized())
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = self._current = event.position()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._start is not None:
            self._current = event.position()
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        (x0, y0), (x1, y1) = self.to_image(self._start), self.to_image(event.position())
        self._start = self._current = None
        # Whole pixels, rounded outwards: a region the reader covered is never left half covered.
        left, top = int(np.floor(min(x0, x1))), int(np.floor(min(y0, y1)))
        right, bottom = int(np.ceil(max(x0, x1))), int(np.ceil(max(y0, y1)))
        if right - left >= 1 and bottom - top >= 1:
            self.rects.append(Rect(left, top, right - left, bottom - top))
            self.changed.emit()
        self.update()

    def undo(self) -> None:
        if self.rects:
            self.rects.pop()
            self.changed.emit()
            self.update()


class BlackoutDialog(QDialog):
    def __init__(self, pixels: np.ndarray, reason: str, rects: list[Rect] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Black out burned-in text"))
        self.canvas = MaskCanvas(pixels, rects, self)
        help_text = QLabel(self.tr("Draw a rectangle over every text (name, ID, date) with the left button. "
                                   "The regions are blacked out in every image of the series.") + "\n" + reason)
        help_text.setWordWrap(True)
        self.count = QLabel()
        undo = QPushButton(self.tr("Undo last"))
        undo.clicked.connect(self.canvas.undo)
        self.canvas.changed.connect(self._count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(undo)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(720, 640)
        self._count()

    def _count(self) -> None:
        self.count.setText(self.tr("%n region(s) blacked out", "", len(self.canvas.rects)))

    def rects(self) -> list[Rect]:
        return list(self.canvas.rects)
