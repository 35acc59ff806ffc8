"""The window's side of linked viewports (issue 14): the toolbar toggles (scroll, zoom, window/level),
"Sync here", and the banner that proposes an automatic registration of a prior (Accept / Adjust / Refuse).

The linking itself is the workstation's (``workstation.links``, ``workstation.registrations``): here the
reader's clicks go to it and what it proposes is shown. Views of different patients are linked only after
``MainWindow.confirm_link`` says yes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from viewer.core.messages import in_language
from viewer.core.numbers import trimmed
from viewer.ui.window_actions import WindowActions

NUDGE_MM = 1.0
SAVED_KEY = "linked_views"  # Settings.extra: the toolbar's link toggles that are on (scroll, zoom, window)
log = logging.getLogger(__name__)


class LinkControls(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws
        self.links = window.ws.links
        self.registrations = window.ws.registrations
        self.nudge_mm = 0.0
        self.actions = {}
        self.banner = self._banner()
        window.bindings.on(self.registrations.proposed, self._proposed)
        window.bindings.on(self.registrations.failed, self._failed)
        window.bindings.on(self.links.followed, self._followed)

    def build(self, toolbar) -> None:
        w = self.window
        make = WindowActions(w).action
        texts = {"scroll": (self.tr("Link scroll"), self.tr("Scroll the visible views together, by patient position")),
                 "zoom": (self.tr("Link zoom"), self.tr("Zoom and pan the visible views together, in millimetres")),
                 "window": (self.tr("Link window"), self.tr("Window/level the visible views together"))}
        for kind, (text, tip) in texts.items():
            action = make(text, lambda on, k=kind: self.toggle(k, on), None, checkable=True, tip=tip)
            toolbar.addAction(action)
            self.actions[kind] = action
        # The reader's toggles from the last session: a radiologist who reads with linked scroll keeps it.
        for kind in self._saved():
            self.links.link_visible(kind, True)
            self.actions[kind].setChecked(True)
        w.act_sync_here = make(self.tr("Sync here"), self.sync_here, None,
                                  tip=self.tr("The two slices shown are the same level: link them there"))
        toolbar.addAction(w.act_sync_here)

    # ------------------------------------------------------------------ toggles
    def toggle(self, kind: str, on: bool) -> None:
        grid = self.window.grid
        if on and not self.window.confirm_link(grid.visible_viewports()):
            self.actions[kind].setChecked(False)
            return
        self.links.link_visible(kind, on)
        if self.actions[kind].isChecked() != on:
            self.actions[kind].setChecked(on)
        self._save(kind, on)

    def _saved(self) -> list[str]:
        kinds = self.ws.settings.extra.get(SAVED_KEY, [])
        return [k for k in kinds if k in self.actions] if isinstance(kinds, list) else []

    def _save(self, kind: str, on: bool) -> None:
        """Kept at once (a power cut must not forget it), in the reader's settings."""
        kinds = [k for k in self._saved() if k != kind] + ([kind] if on else [])
        self.ws.settings.extra[SAVED_KEY] = sorted(kinds)
        try:
            self.ws.settings.save(self.ws.paths.settings_file)
        except OSError:
            log.warning("link toggles could not be saved")

    def _followed(self, source, moved) -> None:
        """Linked views redraw in the same turn of the event loop as the one the reader moved."""
        grid = self.window.grid
        for slot in moved:
            vp = grid.widget_of(slot)
            if vp is not None:
                vp.schedule_render()

    def sync_here(self) -> None:
        """The active view and the first other visible view of another frame of reference are the same level."""
        active = self.ws.views.active
        if active is None or active.state.display_set is None:
            return
        mine = self.links.frame_of_reference(active)
        other = next((s for s in self.ws.views.visible() if s is not active and s.state.display_set is not None
                      and self.links.frame_of_reference(s) not in ("", mine)), None)
        if other is None:
            self.window.status_label.setText(self.tr("Sync here needs a view of another frame of reference (a prior)"))
            return
        if not self.window.confirm_link([self.window.grid.widget_of(active), self.window.grid.widget_of(other)]):
            return
        if self.registrations.keep_sync_here(active, other):
            if not self.links.linked("scroll"):
                self.toggle("scroll", True)
            self.banner.hide()

    # ------------------------------------------------------------------ the registration banner
    def _banner(self) -> QFrame:
        frame = QFrame(self.window)
        frame.setObjectName("registration_banner")
        frame.setStyleSheet("QFrame#registration_banner { background: #1f3a5f; } QLabel { color: white; padding: 2px 6px; }")
        row = QHBoxLayout(frame)
        row.setContentsMargins(6, 2, 6, 2)
        self.banner_text = QLabel(frame)
        row.addWidget(self.banner_text, 1)
        self.accept_button = QPushButton(self.tr("Accept"), frame)
        self.adjust_button = QPushButton(self.tr("Adjust"), frame)
        self.refuse_button = QPushButton(self.tr("Refuse"), frame)
        self.minus_button = QPushButton(self.tr("−1 mm"), frame)
        self.plus_button = QPushButton(self.tr("+1 mm"), frame)
        for b in (self.accept_button, self.adjust_button, self.refuse_button, self.minus_button, self.plus_button):
            row.addWidget(b)
        self.accept_button.clicked.connect(self.accept)
        self.adjust_button.clicked.connect(self.adjust)
        self.refuse_button.clicked.connect(self.refuse)
        self.minus_button.clicked.connect(lambda: self.nudge(-NUDGE_MM))
        self.plus_button.clicked.connect(lambda: self.nudge(NUDGE_MM))
        frame.hide()
        return frame

    def _proposed(self, proposal) -> None:
        lang = self.window.language
        self.nudge_mm = 0.0
        text = self.tr("Automatic registration: offset {offset} mm, rotation {angle}°").format(
            offset=trimmed(proposal.offset_mm, lang, 1), angle=trimmed(proposal.rotation_deg, lang, 1))
        self.banner_text.setText(text)
        self.minus_button.hide()
        self.plus_button.hide()
        self.adjust_button.show()
        self.banner.show()

    def _failed(self, reason: str) -> None:
        said = in_language(reason, self.window.language)
        self.window.status_label.setText(self.tr("Automatic registration failed: use Sync here") + (f" ({said})" if said else ""))

    def accept(self) -> None:
        self.registrations.accept()
        self.banner.hide()

    def adjust(self) -> None:
        """Accept now and nudge: the prior follows each step, the reader sees when the levels match."""
        self.registrations.accept()
        self.adjust_button.hide()
        self.minus_button.show()
        self.plus_button.show()
        self.accept_button.setText(self.tr("Done"))
        self.accept_button.clicked.disconnect()
        self.accept_button.clicked.connect(self._done_adjusting)
        self.refuse_button.hide()

    def nudge(self, mm: float) -> None:
        self.nudge_mm += mm
        self.registrations.nudge(mm)

    def _done_adjusting(self) -> None:
        self.banner.hide()
        self.accept_button.setText(self.tr("Accept"))
        self.accept_button.clicked.disconnect()
        self.accept_button.clicked.connect(self.accept)
        self.refuse_button.show()

    def refuse(self) -> None:
        self.registrations.refuse()
        self.banner.hide()
        self.window.status_label.setText(self.tr("Registration refused: align two slices and use Sync here"))
