"""Fusion in the window: «Fusionner» (the active view's anatomy and a PET, SPECT, MR or RT Dose of the open
study), a series dropped onto a view with Shift held, and the fusion panel: colour map, opacity, the layer's
own window (SUV for PET, Gy for a dose), the isodose lines, and the layer's value under the cursor.

The layer lives on the view's slot (``workstation.fusion``); this module only asks and shows.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSlider,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer.core.messages import in_language
from viewer.core.numbers import colon
from viewer.model.fusion import isodose_levels
from viewer.presentation.wash_layers import (
    value_text,
    value_under,
    wash_on_image,
    wash_on_plane,
    with_wash,
)

log = logging.getLogger(__name__)


def washed(scene, layer, mpr, frame, state):
    """``scene`` with ``layer`` washed over it (an MPR binding's plane, or a stack's ``frame``); a layer that
    cannot be drawn leaves the anatomy as it is, never the view blank."""
    if layer is None or scene.image is None:
        return scene
    try:
        if mpr is not None:
            origin = mpr.resampler.last_origin.get(mpr.view)
            wash = wash_on_plane(layer, mpr.session, mpr.view, origin, scene.spacing[0], scene.image.shape)
        else:
            wash = wash_on_image(layer, frame, state)
    except Exception as exc:  # drawn without its layer, said in the log
        log.warning("fused layer not drawn: %s", type(exc).__name__)
        return scene
    return with_wash(scene, wash, layer)


class FusionControls(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.fusion = window.ws.fusion
        self.panel = FusionPanel(self)
        self.dock = QDockWidget(self.tr("Fusion"), window)
        self.dock.setObjectName("fusion")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        beside = window.findChild(QDockWidget, "measurements")
        if beside is not None:  # a tab beside the measurements: the views keep their size
            window.tabifyDockWidget(beside, self.dock)
            beside.raise_()
        self.dock.hide()  # shown with the first layer: a study without fusion keeps the window as it was
        self.act_fuse = QAction(self.tr("Fuse…"), window)
        self.act_fuse.setToolTip(self.tr("Lay a PET, SPECT, MR or RT Dose of this study over the active view"))
        self.act_fuse.triggered.connect(self.ask)
        bar = window.findChild(QToolBar, "links")  # the second row: the first one is full at common widths
        if bar is not None:
            bar.addSeparator()
            bar.addAction(self.act_fuse)
        else:
            window.addAction(self.act_fuse)
        for vp in window.grid.viewports:
            self._follow(vp)
        window.grid.viewport_created.connect(self._follow)
        window.grid.active_changed.connect(lambda *_: self._changed(self.active_slot()))
        self._undo = [self.fusion.changed.connect(self._changed),
                      self.fusion.failed.connect(self._failed)]

    def _changed(self, slot) -> None:
        self.panel.sync()
        if slot is not None and slot.wash is not None and slot is self.active_slot():
            self.dock.show()
            self.dock.raise_()  # the layer just made: its controls in front

    def _follow(self, vp) -> None:
        vp.dropped_for_fusion.connect(self._dropped)
        vp.installEventFilter(self)

    def active_slot(self):
        active = self.window.grid.active
        return active.slot if active is not None else None

    def ask(self) -> None:
        """«Fusionner»: the one candidate at once, else the reader picks."""
        slot = self.active_slot()
        if slot is None or slot.state.display_set is None:
            return
        ws = self.window.ws
        found = self.fusion.candidates(ws.display_sets.values(), slot.state.display_set)
        if not found:
            self.window.status_label.setText(self.tr("No PET, SPECT, MR or RT Dose in this study to fuse"))
            return
        chosen = found[0]
        if len(found) > 1:
            names = [f"{ds.modality} {ds.description or ''}".strip() for ds in found]
            name, ok = QInputDialog.getItem(self.window, self.tr("Fuse"), self.tr("Series to lay over the view:"),
                                            names, 0, False)
            if not ok:
                return
            chosen = found[names.index(name)]
        self.fuse(slot, chosen)

    def fuse(self, slot, overlay) -> None:
        if self.fusion.fuse(slot, overlay):
            self.window.status_label.setText(self.tr("Fusing…"))

    def _dropped(self, vp, uid: str) -> None:
        overlay = self.window.ws.display_sets.get(uid)
        if overlay is not None:
            self.fuse(vp.slot, overlay)

    def _failed(self, message) -> None:
        self.window.status_label.setText(in_language(message, self.window.language))

    def eventFilter(self, obj, event) -> bool:
        """The layer's value under the cursor, in the panel."""
        if event.type() == QEvent.Type.MouseMove and getattr(obj, "slot", None) is not None and obj.slot.wash is not None:
            point = obj.widget_to_image_mm(event.position().x(), event.position().y())
            value = value_under(obj.last_scene, *point) if point is not None else None
            self.panel.show_value(value, obj.slot.wash.unit)
        return False


COLOUR_MAPS = ("hot_iron", "pet", "rainbow", "grey")


class FusionPanel(QWidget):
    """The active view's layer: what it is, its look, its value under the cursor."""

    def __init__(self, controls: FusionControls) -> None:
        super().__init__()
        self.controls = controls
        self._syncing = False
        box = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        box.addWidget(self.title)
        form = QFormLayout()
        self.colour = QComboBox()
        names = {"hot_iron": self.tr("Hot iron"), "pet": self.tr("PET"), "rainbow": self.tr("Rainbow"),
                 "grey": self.tr("Grey")}
        for key in COLOUR_MAPS:
            self.colour.addItem(names[key], key)
        self.colour.currentIndexChanged.connect(lambda _i: self._look(colour_map=self.colour.currentData()))
        form.addRow(self.tr("Colour map"), self.colour)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(lambda v: self._look(opacity=v / 100.0))
        form.addRow(self.tr("Opacity"), self.opacity)
        self.low, self.high = QDoubleSpinBox(), QDoubleSpinBox()
        for spin in (self.low, self.high):
            spin.setRange(-1e6, 1e6)
            spin.setDecimals(2)
            spin.setSingleStep(0.5)
            spin.valueChanged.connect(lambda _v: self._look(low=self.low.value(), high=self.high.value()))
        self.low_label, self.high_label = QLabel(self.tr("From")), QLabel(self.tr("To"))
        form.addRow(self.low_label, self.low)
        form.addRow(self.high_label, self.high)
        self.isodoses = QCheckBox(self.tr("Isodose lines"))
        self.isodoses.toggled.connect(self._isodoses)
        form.addRow(self.isodoses)
        box.addLayout(form)
        self.value = QLabel()
        box.addWidget(self.value)
        self.remove = QPushButton(self.tr("Remove the fusion"))
        self.remove.clicked.connect(self._remove)
        box.addWidget(self.remove)
        box.addStretch(1)
        self.sync()

    def slot(self):
        return self.controls.active_slot()

    def sync(self) -> None:
        """Show the active view's layer (or that there is none)."""
        slot = self.slot()
        layer = slot.wash if slot is not None else None
        self._syncing = True
        try:
            for w in (self.colour, self.opacity, self.low, self.high, self.isodoses, self.remove):
                w.setEnabled(layer is not None)
            if layer is None:
                self.title.setText(self.tr("No fused layer on this view. «Fuse…», or drop a series with Shift held."))
                self.value.setText("")
                return
            look = layer.look
            kind = self.tr("RT Dose") if layer.kind == "dose" else self.tr("Fused")
            language = self.controls.window.language
            notes = "".join("\n" + in_language(n, language) for n in layer.grid.notes)  # SUV missing, relative dose
            self.title.setText(f"{kind}{colon(language)}{layer.name}{notes}")
            self.colour.setCurrentIndex(max(0, COLOUR_MAPS.index(look.colour_map)))
            self.opacity.setValue(int(round(look.opacity * 100)))
            unit = layer.unit or ""
            for spin in (self.low, self.high):
                spin.setSuffix(f" {unit}" if unit else "")
            self.low.setValue(look.low)
            self.high.setValue(look.high)
            self.isodoses.setVisible(layer.kind == "dose")
            self.isodoses.setChecked(bool(look.isodoses))
        finally:
            self._syncing = False

    def _look(self, **changes) -> None:
        slot = self.slot()
        if self._syncing or slot is None or slot.wash is None:
            return
        self.controls.fusion.set_look(slot, **changes)

    def _isodoses(self, on: bool) -> None:
        slot = self.slot()
        if self._syncing or slot is None or slot.wash is None:
            return
        self._look(isodoses=isodose_levels(slot.wash.reference_gy) if on else ())

    def _remove(self) -> None:
        slot = self.slot()
        if slot is not None:
            for s in self.controls.fusion.sharing(slot):
                self.controls.fusion.set_layer(s, None)

    def show_value(self, value, unit: str) -> None:
        text = value_text(value, unit, self.controls.window.language)
        language = self.controls.window.language
        self.value.setText(f"{self.tr('Under the cursor')}{colon(language)}{text}" if text else "")
