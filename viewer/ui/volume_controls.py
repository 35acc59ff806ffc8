"""The MPR and 3-D controls of the window: the MPR and 3D actions' checks, the slab thickness and mode, the
volume-rendering preset and the clip box panel. The sessions, layouts and volumes are the workstation's
(``workstation.volumes``)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from viewer.core.messages import in_language
from viewer.model.volume_view import VR_PRESETS
from viewer.ui.clip_dialog import ClipDialog


class VolumeControls(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.volumes = window.ws.volumes
        w = window
        w.slab = QDoubleSpinBox()
        w.slab.setRange(0.0, 100.0)
        w.slab.setSingleStep(1.0)
        w.slab.setDecimals(1)
        w.slab.setSuffix(" mm")
        w.slab.setToolTip(self.tr("Slab thickness (0: thin slice)"))
        w.slab_mode = QComboBox()
        for key, label in (("mip", "MIP"), ("minip", "MinIP"), ("avg", self.tr("Average"))):
            w.slab_mode.addItem(label, key)
        for widget in (w.slab, w.slab_mode):
            widget.setEnabled(False)
        w.slab.valueChanged.connect(self._slab_changed)
        w.slab_mode.currentIndexChanged.connect(self._slab_changed)
        w.vr_preset = QComboBox()
        for key, preset in VR_PRESETS.items():
            w.vr_preset.addItem(preset["labels"].get(w.language, key), key)
        w.vr_preset.setToolTip(self.tr("Volume rendering preset"))
        w.vr_preset.setEnabled(False)
        w.vr_preset.currentIndexChanged.connect(self._vr_preset_changed)
        w.clip_dialog = None
        on = window.bindings.on
        on(self.volumes.changed, self.sync)
        on(self.volumes.mpr_started, lambda _session: self._mpr_ui(True))
        on(self.volumes.mpr_stopped, lambda _session: self._mpr_ui(False))

    def toggle_mpr(self) -> None:
        reason = self.volumes.toggle_mpr()
        if reason:
            self.window.act_mpr.setChecked(False)
            self.window.status_label.setText(self.tr("MPR is not available for this series: ")
                                             + in_language(reason, self.window.language))
        self.sync()

    def toggle_volume(self) -> None:
        reason = self.volumes.toggle_volume()
        if reason:
            self.window.act_vr.setChecked(False)
            self.window.status_label.setText(in_language(reason, self.window.language))
        self.sync()

    def sync(self, *_args) -> None:
        """The actions and controls as the active view and the workstation's volumes now are."""
        w = self.window
        vp = w.grid.active
        on = vp is not None and vp.vr is not None
        w.act_vr.setChecked(bool(self.volumes.volume_slots()))
        w.act_mpr.setChecked(self.volumes.mpr_active)
        w.vr_preset.setEnabled(on)
        w.act_clip.setEnabled(on)
        if on:
            w.vr_preset.blockSignals(True)
            w.vr_preset.setCurrentIndex(max(0, w.vr_preset.findData(vp.vr_state.preset)))
            w.vr_preset.blockSignals(False)

    def reset(self) -> None:
        """Another study: the slab controls show the workstation's defaults again."""
        w = self.window
        for widget in (w.slab, w.slab_mode):
            widget.blockSignals(True)
        w.slab.setValue(self.volumes.slab_mm)
        w.slab_mode.setCurrentIndex(max(0, w.slab_mode.findData(self.volumes.slab_mode)))
        for widget in (w.slab, w.slab_mode):
            widget.blockSignals(False)
        self.sync()

    def show_clip_dialog(self) -> None:
        w = self.window
        vp = w.grid.active
        if vp is None or vp.vr is None:
            return
        if w.clip_dialog is not None:
            w.clip_dialog.close()
        w.clip_dialog = ClipDialog(vp, w)
        w.study_panels.append(w.clip_dialog)
        w.clip_dialog.show()

    def view_changed(self, vp) -> None:
        """A panel editing a view's volume has nothing left to edit once the view shows something else."""
        dialog = self.window.clip_dialog
        if dialog is not None and dialog.isVisible() and dialog.viewport.vr is None:
            dialog.close()

    def _vr_preset_changed(self, *_args) -> None:
        vp = self.window.grid.active
        if vp is not None and vp.vr is not None:
            vp.set_vr_state(vp.vr_state.with_preset(self.window.vr_preset.currentData()))

    def _mpr_ui(self, on: bool) -> None:
        self.window.act_mpr.setChecked(on)
        for widget in (self.window.slab, self.window.slab_mode):
            widget.setEnabled(on)

    def _slab_changed(self, *_args) -> None:
        self.volumes.set_slab(self.window.slab.value(), self.window.slab_mode.currentData())
