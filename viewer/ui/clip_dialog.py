"""Clip box of a volume rendering: six sliders, applied live to the 3D viewport."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QWidget,
)


class ClipDialog(QDialog):
    def __init__(self, viewport, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("3D clip box"))
        self.viewport = viewport
        self.sliders: list[QSlider] = []
        form = QFormLayout(self)
        names = (self.tr("Right – left"), self.tr("Anterior – posterior"), self.tr("Foot – head"))
        for axis, name in enumerate(names):
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            for end in (0, 1):
                slider = QSlider(Qt.Orientation.Horizontal)
                slider.setRange(0, 100)
                slider.setValue(int(round(viewport.vr_state.clip[2 * axis + end] * 100)))
                slider.valueChanged.connect(self._apply)
                box.addWidget(slider)
                self.sliders.append(slider)
            form.addRow(name, row)
        reset = QPushButton(self.tr("Whole volume"))
        reset.clicked.connect(self.reset)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form.addRow(reset, buttons)

    def clip(self) -> tuple[float, ...]:
        v = [s.value() / 100.0 for s in self.sliders]
        # Keep each pair ordered and at least 1 % apart so the box never turns inside out.
        for i in (0, 2, 4):
            lo, hi = min(v[i], v[i + 1]), max(v[i], v[i + 1])
            v[i], v[i + 1] = lo, max(hi, lo + 0.01)
        return tuple(v)

    def _apply(self, *_args) -> None:
        vp = self.viewport
        if vp.vr is not None:
            vp.set_vr_state(replace(vp.vr_state, clip=self.clip(), interactive=True))

    def reset(self) -> None:
        for i, s in enumerate(self.sliders):
            s.blockSignals(True)
            s.setValue(0 if i % 2 == 0 else 100)
            s.blockSignals(False)
        self._apply()
