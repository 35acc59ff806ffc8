"""The study's measurements and key images, listed; a click shows the image a measurement is on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.model.measurements import MeasurementKind as K


class MeasurePanel(QWidget):
    jump = Signal(object)  # Measurement
    delete_requested = Signal()
    save_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Tool names as the French-speaking radiologist says them (QObject.tr keeps them translatable).
        self.names = {
            K.LENGTH: self.tr("Distance"), K.ANGLE: self.tr("Angle"), K.COBB: self.tr("Cobb angle"),
            K.BIDIRECTIONAL: self.tr("Bidirectional"), K.ELLIPSE: self.tr("Ellipse ROI"),
            K.RECTANGLE: self.tr("Rectangle ROI"), K.POLYGON: self.tr("Polygon ROI"),
            K.FREEHAND: self.tr("Freehand ROI"), K.PROBE: self.tr("Pixel value"), K.ARROW: self.tr("Arrow"),
            K.TEXT: self.tr("Text"),
        }
        self.list = QListWidget()
        self.list.itemClicked.connect(lambda item: self.jump.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.keys = QLabel()
        self.keys.setTextFormat(Qt.TextFormat.PlainText)
        delete = QPushButton(self.tr("Delete"))
        delete.clicked.connect(self.delete_requested.emit)
        save = QPushButton(self.tr("Save as DICOM"))
        save.setToolTip(self.tr("Structured report (measurements), presentation state (annotations, window), key images"))
        save.clicked.connect(self.save_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(delete)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.keys)
        layout.addLayout(buttons)

    def show_items(self, rows: list[tuple[object, str, bool, str]], key_count: int, selected: str | None) -> None:
        """rows: (measurement, value text, editable, tooltip)."""
        self.list.clear()
        for m, text, editable, tip in rows:
            name = self.names.get(m.kind, m.kind.value)
            origin = ("" if editable else f" [{m.source.value}]") + (" (MPR)" if m.plane is not None else "")
            # "%1 : %2" in French (a space before the colon), "%1: %2" in English.
            item = QListWidgetItem(self.tr("%1: %2").replace("%1", name + origin).replace("%2", text) if text else name + origin)
            item.setData(Qt.ItemDataRole.UserRole, m)
            item.setToolTip(tip)
            self.list.addItem(item)
            if m.id == selected:
                item.setSelected(True)
        self.keys.setText(self.tr("Key images: %1").replace("%1", str(key_count)))
