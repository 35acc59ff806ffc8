"""The grid of viewports (1x1 up to 3x3) and which one is active (the window's commands act on it)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from viewer.model.frames import FrameLoader
from viewer.ui.viewport_widget import ViewportWidget

MAX_ROWS = MAX_COLS = 3


class ViewportGrid(QWidget):
    active_changed = Signal(object)  # ViewportWidget
    display_set_dropped = Signal(object, str, str)  # viewport, display set uid ("": a whole study), study uid
    viewport_created = Signal(object)
    layout_changed = Signal()

    def __init__(self, loader: FrameLoader, language: str, parent=None, keymap=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.keymap = keymap
        self.language = language
        self.viewports: list[ViewportWidget] = []
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.rows = self.cols = 1
        self.active: ViewportWidget | None = None
        self.set_layout(1, 1)

    def _make_viewport(self) -> ViewportWidget:
        vp = ViewportWidget(self.loader, self.language, self, self.keymap)
        vp.activated.connect(self.set_active)
        vp.dropped_display_set.connect(self.display_set_dropped.emit)
        vp.state_changed.connect(self._update_reference_lines)
        self.viewport_created.emit(vp)
        return vp

    def set_layout(self, rows: int, cols: int) -> None:
        rows = max(1, min(MAX_ROWS, rows))
        cols = max(1, min(MAX_COLS, cols))
        changed = (rows, cols) != (self.rows, self.cols) or not self.viewports
        while len(self.viewports) < rows * cols:
            self.viewports.append(self._make_viewport())
        for vp in self.viewports:
            self._layout.removeWidget(vp)
            vp.hide()
        for i, vp in enumerate(self.viewports[: rows * cols]):
            self._layout.addWidget(vp, i // cols, i % cols)
            vp.show()
        for r in range(MAX_ROWS):
            self._layout.setRowStretch(r, 1 if r < rows else 0)
        for c in range(MAX_COLS):
            self._layout.setColumnStretch(c, 1 if c < cols else 0)
        self.rows, self.cols = rows, cols
        if self.active is None or self.active not in self.visible_viewports():
            self.set_active(self.viewports[0])
        if changed:
            # A plane zoomed or panned for the old shape of its view would show only part of itself in the
            # new one: every plane starts the new layout whole.
            for vp in self.visible_viewports():
                if vp.mpr is not None:
                    vp.fit()
            self.layout_changed.emit()

    def _update_reference_lines(self, source: ViewportWidget) -> None:
        """Redraw only the viewports whose image the source's plane actually cuts."""
        from viewer.model.scene import frame_plane

        plane = frame_plane(source.current_frame())
        if plane is None:
            return
        normal = np.cross(plane.orientation[:3], plane.orientation[3:])
        for vp in self.visible_viewports():
            if vp is source or vp.mpr is not None or vp.vr is not None:
                continue
            mine = frame_plane(vp.current_frame())
            if mine is None or mine.frame_of_reference != plane.frame_of_reference:
                continue
            if np.linalg.norm(np.cross(normal, np.cross(mine.orientation[:3], mine.orientation[3:]))) > 1e-3:
                vp.schedule_render()

    def visible_viewports(self) -> list[ViewportWidget]:
        return self.viewports[: self.rows * self.cols]

    def set_active(self, vp: ViewportWidget) -> None:
        if vp is self.active:
            return
        if self.active is not None:
            self.active.active = False
            self.active.update()
        self.active = vp
        vp.active = True
        vp.update()
        self.active_changed.emit(vp)

    def next_empty_or_active(self) -> ViewportWidget:
        for vp in self.visible_viewports():
            if vp.state.display_set is None:
                return vp
        return self.active or self.viewports[0]

    def all_ready(self) -> bool:
        return all(vp.is_ready() for vp in self.visible_viewports())

    def cycle_active(self) -> None:
        vps = self.visible_viewports()
        i = vps.index(self.active) if self.active in vps else -1
        self.set_active(vps[(i + 1) % len(vps)])
