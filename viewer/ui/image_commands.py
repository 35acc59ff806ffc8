"""The window's commands on the active viewport: window/level presets (the number keys and their menu),
invert, fit, 1:1, turns and flips, reset (Esc), cine and its speed, overlays, the measuring tool, key images
and presentation states."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QMenu, QSpinBox, QToolButton

from viewer.core.numbers import window_value
from viewer.dicom.pixels import Window
from viewer.model.measurements import MeasurementKind as K
from viewer.presentation.windows import key_window, window_choices

TOOLS = (K.LENGTH, K.ANGLE, K.COBB, K.BIDIRECTIONAL, K.ELLIPSE, K.RECTANGLE, K.POLYGON, K.FREEHAND, K.PROBE,
         K.ARROW, K.TEXT)


class ImageCommands(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws
        self._file_window_cycle = 0
        w = window
        w.window_button = QToolButton()
        w.window_button.setText(self.tr("Window/level"))
        w.window_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        w.window_menu = QMenu(w.window_button)
        w.window_menu.aboutToShow.connect(self._fill_window_menu)
        w.window_button.setMenu(w.window_menu)
        w.fps = QSpinBox()
        w.fps.setRange(1, 60)
        w.fps.setValue(self.ws.settings.cine_fps)
        w.fps.setSuffix(self.tr(" fps"))
        w.fps.valueChanged.connect(self._fps_changed)
        w.tool_combo = QComboBox()
        w.tool_combo.setToolTip(self.tr("Measurement tool (Esc: back to navigation)"))
        w.tool_combo.addItem(self.tr("Navigate"), None)
        for kind in TOOLS:
            w.tool_combo.addItem(w.measure_panel.names[kind], kind)
        w.tool_combo.currentIndexChanged.connect(self._tool_chosen)
        window.bindings.on(self.ws.tool_changed, self._tool_changed)

    @property
    def active(self):
        return self.window.grid.active

    def call(self, name: str) -> None:
        if self.active is not None:
            getattr(self.active, name)()

    def change(self, change) -> None:
        vp = self.active
        if vp is not None and (vp.state.display_set is not None or vp.mpr is not None):  # an MPR plane too
            vp.apply(change(vp.state))

    def invert(self) -> None:
        self.change(lambda s: replace(s, invert=not s.invert))

    def escape(self) -> None:
        """Esc first drops a measurement being drawn, then the tool, and only then resets the view."""
        if self.ws.measuring.points:
            self.window.measure.cancel_draft()
        elif self.ws.tool is not None:
            self.ws.set_tool(None)
        else:
            self.change(lambda s: s.reset_view())

    # ------------------------------------------------------------------ measuring tool
    def _tool_chosen(self, *_args) -> None:
        data = self.window.tool_combo.currentData()  # Qt hands str-based enums back as plain str
        self.ws.set_tool(K(data) if data else None)

    def _tool_changed(self, kind, draft_view) -> None:
        combo = self.window.tool_combo
        index = combo.findData(kind) if kind is not None else 0
        if combo.currentIndex() != index:
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        if draft_view is not None:
            draft_view.schedule_render()

    def next_presentation(self) -> None:
        vp = self.active
        ps = self.window.measure.next_presentation(vp) if vp is not None else None
        if ps is None:
            self.window.status_label.setText(self.tr("No presentation state for this image"))
        else:
            self.window.status_label.setText(self.tr("Presentation state: ") + (ps.label or ps.description or ps.created))

    def toggle_key_image(self) -> None:
        vp = self.active
        flagged = self.window.measure.toggle_key_image(vp) if vp is not None else None
        if flagged is not None:
            self.window.status_label.setText(self.tr("Key image flagged") if flagged else self.tr("Key image unflagged"))

    # ------------------------------------------------------------------ overlays and cine
    def toggle_overlays(self) -> None:
        self.ws.set_overlays(self.window.act_overlays.isChecked())

    def toggle_cine(self) -> None:
        if self.active is not None:
            self.active.cine.toggle()

    def _fps_changed(self, value: int) -> None:
        self.ws.settings.cine_fps = value
        for vp in self.window.grid.viewports:
            vp.cine.fps = value
            if vp.cine.isActive():
                vp.cine.play(value)

    # ------------------------------------------------------------------ window/level
    def window_choices(self) -> list[tuple[str, Window | None]]:
        """What the number keys offer for the active viewport: 1 = the file's own VOI, 2.. = presets."""
        return window_choices(self._descriptor(), self._presets(), self.window.language, self._file_window_cycle)

    def _presets(self) -> list:
        vp = self.active
        modality = ""
        if vp is not None and vp.mpr is not None:
            modality = vp.mpr.session.volume.stack.modality
        elif vp is not None and vp.state.display_set:
            modality = vp.state.display_set.modality
        return self.ws.plugins.window_presets(modality)

    def _descriptor(self):
        vp = self.active
        if vp is None:
            return None
        if vp.mpr is not None:
            return vp.mpr.session.volume.descriptor
        frame = vp.current_frame()
        return frame.header.descriptor if frame is not None and frame.header is not None else None

    def _pixels(self):
        vp = self.active
        if vp.mpr is not None:
            vol = vp.mpr.session.volume
            return vol.array[vol.array.shape[0] // 2]
        return vp.current_frame().stored

    def apply_preset_key(self, key: int) -> None:
        vp = self.active
        if vp is None:
            return
        chosen = key_window(key, self._descriptor(), vp.state.window, self._pixels, self._presets(),
                            self.window.language, self._file_window_cycle)
        if chosen is not None:
            window, self._file_window_cycle = chosen
            vp.set_window(window)

    def _fill_window_menu(self) -> None:
        menu = self.window.window_menu
        menu.clear()
        language = self.window.language
        for i, (label, window) in enumerate(self.window_choices(), start=1):
            values = f"{window_value(window.width, language)} / {window_value(window.center, language)}" if window else ""
            text = f"{i}  {label}" + (f"   ({values})" if window else "")
            act = menu.addAction(text)
            act.triggered.connect(lambda _=False, k=i: self.apply_preset_key(k))
        act = menu.addAction(f"0  {self.tr('Auto window')}")
        act.triggered.connect(lambda: self.apply_preset_key(0))
