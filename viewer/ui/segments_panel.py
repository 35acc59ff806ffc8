"""The segments dock: every segment of the segmentations on screen with its colour, name and volume, a box
that shows or hides it and a slider for its opacity. What it changes is the workstation's
(``workstation.segments``): every view of the images follows, MPR planes included."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QSlider,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.messages import in_language
from viewer.core.numbers import measured


class SegmentsPanel(QWidget):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.overlays = window.ws.segments
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Segment"), self.tr("Volume"), self.tr("Opacity")])
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names; the slider keeps its width
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 80)
        self.method = QLabel(self)
        self.method.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.tree, 1)
        box.addWidget(self.method)
        self.boxes: dict[tuple[str, int], QCheckBox] = {}
        self.sliders: dict[tuple[str, int], QSlider] = {}
        self._shown: tuple = ()
        window.bindings.on(self.overlays.changed, self.refresh)
        window.bindings.on(self.overlays.failed,
                           lambda reason: window.status_label.setText(in_language(reason, window.language)))

    def refresh(self) -> None:
        """Rows follow the loaded segmentations; the views are redrawn for every change."""
        layers = self.overlays.layers.all()
        keys = tuple(layer.segmentation.sop_uid for layer in layers)
        if keys != self._shown:
            self._shown = keys
            self._rebuild(layers)
        for vp in self.window.grid.visible_viewports():
            vp.schedule_render()

    def _rebuild(self, layers) -> None:
        self.tree.clear()
        self.boxes.clear()
        self.sliders.clear()
        language = self.window.language
        methods = []
        for layer in layers:
            seg = layer.segmentation
            top = QTreeWidgetItem(self.tree, [self._title(seg)])
            top.setFirstColumnSpanned(True)
            for s in seg.segments:
                key = (seg.sop_uid, s.number)
                item = QTreeWidgetItem(top)
                style = layer.style(s.number)
                box = QCheckBox(s.label, self.tree)
                box.setChecked(style.visible)
                box.setIcon(_swatch(s.color))
                box.setToolTip(self.tr("Show or hide this segment"))
                box.toggled.connect(lambda on, key=key: self.overlays.set_style(*key, visible=on))
                self.tree.setItemWidget(item, 0, box)
                item.setText(1, "" if s.volume_ml is None else measured(s.volume_ml, language) + "\u00a0mL")
                slider = QSlider(Qt.Orientation.Horizontal, self.tree)
                slider.setRange(0, 100)
                slider.setValue(round(style.opacity * 100))
                slider.setToolTip(self.tr("Opacity of the filling"))
                slider.valueChanged.connect(lambda v, key=key: self.overlays.set_style(*key, opacity=v / 100.0))
                self.tree.setItemWidget(item, 2, slider)
                self.boxes[key], self.sliders[key] = box, slider
            top.setExpanded(True)
            methods.append(in_language(seg.volume_method, language))
        self.method.setText(self.tr("Volumes: %1").replace("%1", "; ".join(dict.fromkeys(methods))) if methods else "")

    def _title(self, seg) -> str:
        names = {"binary": self.tr("SEG (binary)"), "fractional": self.tr("SEG (fractional)"),
                 "labelmap": self.tr("SEG (label map)"), "contour": self.tr("RT structures")}
        return names.get(seg.kind, seg.kind)


def segmentation_icon(colors, size: int) -> QIcon:
    """A series tile for a segmentation: its segments' colours as overlapping outlined blobs on dark grey."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(40, 40, 44))
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    places = ((0.3, 0.35), (0.62, 0.4), (0.42, 0.66), (0.7, 0.7))
    for (x, y), color in zip(places, list(colors)[:4] or [(1.0, 0.25, 0.25)]):
        c = QColor.fromRgbF(*color)
        p.setPen(QPen(c, max(1.0, size / 40)))
        fill = QColor(c)
        fill.setAlphaF(0.45)
        p.setBrush(fill)
        p.drawEllipse(QRectF((x - 0.2) * size, (y - 0.17) * size, 0.4 * size, 0.34 * size))
    p.end()
    return QIcon(pixmap)


def _swatch(color) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor.fromRgbF(*color))
    return QIcon(pixmap)


class SegmentsDock:
    """The dock holding the panel, beside the measurements; raised when a segmentation is opened."""

    def __init__(self, window) -> None:
        self.panel = SegmentsPanel(window)
        self.dock = QDockWidget(self.panel.tr("Segments"), window)
        self.dock.setObjectName("segments")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        measurements = window.findChild(QDockWidget, "measurements")
        if measurements is not None:
            window.tabifyDockWidget(measurements, self.dock)
            measurements.raise_()

    def show(self) -> None:
        self.dock.show()
        self.dock.raise_()

