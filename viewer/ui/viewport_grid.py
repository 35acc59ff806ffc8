"""The grid of viewports: one widget per view slot of the workstation (1x1 up to 3x3 per screen), laid out as the
workstation's layout says, the active one framed (the window's commands act on it).

With several monitors each screen's grid is a pane of its own (``pane(i)``; screen 0's is this widget): the
screen arrangement (``ui.screens``) puts a pane in a window on its monitor, or side by side in one spanning
window with the split on the seam, so no viewport straddles two screens. One grid object keeps every
viewport whatever pane holds it: the active viewport, the visible list and the readiness check are the
same on one screen or three."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from viewer.presentation.scene import frame_plane
from viewer.ui.renderer_pool import RendererPool
from viewer.ui.viewport_widget import ViewportWidget, placed_for
from viewer.workstation.views import MAX_COLS, MAX_ROWS, ViewLayout


class ViewportGrid(QWidget):
    active_changed = Signal(object)  # ViewportWidget
    display_set_dropped = Signal(object, str, str)  # viewport, display set uid ("": a whole study), study uid
    viewport_created = Signal(object)
    layout_changed = Signal()
    viewport_drawn = Signal()  # any viewport made a picture

    def __init__(self, views: ViewLayout, loader, language: str, parent=None, keymap=None, surfaces=None) -> None:
        super().__init__(parent)
        self.views = views
        self.loader = loader
        self.language = language
        self.keymap = keymap
        self.surfaces = surfaces or {}  # display-set kind -> the widget factory of its viewport (plugins)
        self.renderers = RendererPool(self)  # viewports' first pictures find a renderer made while idle
        self.renderers.idle_for = self._idle_for
        self._last_drawn = None
        # (frame of reference, frame of reference) -> 4x4 between them, None (same), False (none known): the
        # workstation's links, so reference lines cross to a registered prior.
        self.placement = None
        self.viewports: list[ViewportWidget] = []
        self._panes: list[QWidget] = [self]
        self._layout = self._grid_layout(self)
        self._undo = [views.slot_added.connect(self._add), views.layout_changed.connect(self._laid_out),
                      views.active_changed.connect(self._activated)]
        for slot in views.slots:
            self._add(slot)
        self._laid_out(views.rows, views.cols, False)
        self._activated(views.active)

    @property
    def rows(self) -> int:
        return self.views.rows

    @property
    def cols(self) -> int:
        return self.views.cols

    @property
    def active(self) -> ViewportWidget | None:
        return self.widget_of(self.views.active)

    def widget_of(self, slot) -> ViewportWidget | None:
        return self.viewports[slot.index] if slot is not None and slot.index < len(self.viewports) else None

    @staticmethod
    def _grid_layout(pane: QWidget) -> QGridLayout:
        layout = QGridLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        return layout

    def pane(self, screen: int) -> QWidget:
        """The widget holding ``screen``'s viewports (made on first use; screen 0's is the grid itself)."""
        while len(self._panes) <= screen:
            pane = QWidget()
            pane.setObjectName(f"screen-pane-{len(self._panes) + 1}")
            self._grid_layout(pane)
            self._panes.append(pane)
        return self._panes[screen]

    def _add(self, slot) -> None:
        vp = ViewportWidget(slot, self.loader, self.language, self, self.keymap, self.surfaces)
        vp.grid = self  # a viewport on another screen's pane still asks this grid for the others
        vp.hide()
        vp.activated.connect(self.set_active)
        vp.dropped_display_set.connect(self.display_set_dropped.emit)
        vp.drawn.connect(self._drawn)
        vp.state_changed.connect(self._update_reference_lines)
        self.viewports.append(vp)
        self.viewport_created.emit(vp)

    def set_layout(self, rows: int, cols: int) -> None:
        self.views.set_layout(rows, cols)

    def _laid_out(self, rows: int, cols: int, changed: bool) -> None:
        shown = set()
        for screen in range(self.views.screen_count):
            pane, (rows, cols) = self.pane(screen), self.views.screen_layout(screen)
            layout = pane.layout()
            for i, slot in enumerate(self.views.screen_visible(screen)):
                vp = self.viewports[slot.index]
                if vp.parent() is not pane:
                    vp.setParent(pane)
                layout.addWidget(vp, i // cols, i % cols)
                vp.show()
                shown.add(vp)
            for r in range(MAX_ROWS):
                layout.setRowStretch(r, 1 if r < rows else 0)
            for c in range(MAX_COLS):
                layout.setColumnStretch(c, 1 if c < cols else 0)
        for vp in self.viewports:
            if vp not in shown:
                vp.hide()
                if vp.parent() is not self:
                    vp.setParent(self)
                self._layout.removeWidget(vp)
        # Placed now, not at the next turn of the loop: a viewport given its image in the same call was drawn
        # at its old size and drawn again once placed (every open that changed the grid).
        for screen in range(self.views.screen_count):
            if self.pane(screen).isVisible():
                self.pane(screen).layout().activate()
        if changed:
            self.layout_changed.emit()

    def _update_reference_lines(self, source: ViewportWidget) -> None:
        """Redraw only the viewports whose image the source's plane actually cuts (the active view's lines)."""
        if source is not self.active:
            return
        plane = frame_plane(source.current_frame())
        if plane is None:
            return
        for vp in self.visible_viewports():
            if vp is not source and self._cut_by(plane, vp):
                vp.schedule_render()

    def _cut_by(self, plane, vp) -> bool:
        """Whether ``plane`` (the active view's) cuts ``vp``'s image: a reference line to draw there."""
        if plane is None or vp.mpr is not None or vp.vr is not None:
            return False
        mine = frame_plane(vp.current_frame())
        if mine is None:
            return False
        seen = placed_for(self, plane, vp.current_frame())
        if seen.frame_of_reference != mine.frame_of_reference:
            return False
        normal = np.cross(seen.orientation[:3], seen.orientation[3:])
        return bool(np.linalg.norm(np.cross(normal, np.cross(mine.orientation[:3], mine.orientation[3:]))) > 1e-3)

    def visible_viewports(self) -> list[ViewportWidget]:
        return [self.viewports[slot.index] for slot in self.views.visible()]

    def screen_viewports(self, screen: int) -> list[ViewportWidget]:
        return [self.viewports[slot.index] for slot in self.views.screen_visible(screen)]

    def set_active(self, vp: ViewportWidget) -> None:
        self.views.set_active(vp.slot)

    def _activated(self, slot) -> None:
        for vp in self.viewports:
            if vp.active != (vp.slot is slot):
                vp.active = vp.slot is slot
                vp.update()
        # The reference lines are the new active view's: redrawn where one was drawn (the old active view's)
        # or where the new one cuts; views parallel to it (a protocol's four axial views) are not drawn again.
        active = self.widget_of(slot)
        plane = frame_plane(active.current_frame()) if active is not None and active.mpr is None and active.vr is None \
            else None
        for vp in self.visible_viewports():
            if vp.mpr is None and vp.vr is None and vp.last_scene is not None and vp.state.display_set is not None \
                    and (vp.last_scene.guides or (vp is not active and self._cut_by(plane, vp))):
                vp.schedule_render()
        self.active_changed.emit(self.widget_of(slot))

    def next_empty_or_active(self) -> ViewportWidget:
        for vp in self.visible_viewports():
            if vp.state.display_set is None:
                return vp
        return self.active or self.viewports[0]

    def _drawn(self) -> None:
        self._last_drawn = time.monotonic()
        self.viewport_drawn.emit()

    def _idle_for(self) -> float | None:
        """Seconds since a viewport last drew (inf: never); None while one that shows a series waits for its
        image."""
        if any(vp.state.display_set is not None and not vp.is_ready() for vp in self.visible_viewports()):
            return None
        return float("inf") if self._last_drawn is None else time.monotonic() - self._last_drawn

    def all_ready(self) -> bool:
        return all(vp.is_ready() for vp in self.visible_viewports())

    def cycle_active(self) -> None:
        self.views.cycle_active()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.renderers.warm_up()
        super().showEvent(event)

    def release(self) -> None:
        """The window goes: stop following the workstation, free every viewport's GL context."""
        for undo in self._undo:
            undo()
        for vp in self.viewports:
            vp.release()
        self.renderers.close()
