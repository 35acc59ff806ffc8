"""The window's side of hanging protocols and priors: Page Down / Page Up through the stages, the
"Hanging protocol" menu (save the layout as a protocol, edit the match rules), the priors panel, cine where
a stage asks for it, and the comparison marks: while a prior is on screen, every view of the open study has
a blue edge and "ACTUEL <date>", every view of a prior an amber edge and "ANTÉRIEUR <date>" (the priors list
uses the same amber).

What goes where is the workstation's decision (``workstation.reading``); this module shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDockWidget, QMessageBox

from viewer.core.messages import in_language
from viewer.core.numbers import format_date
from viewer.model.hanging.library import save_user_protocol
from viewer.ui.priors_panel import PRIOR_COLOUR, PriorsPanel
from viewer.ui.protocol_dialog import ProtocolDialog, protocol_from_layout

CURRENT_COLOUR = QColor(0, 114, 178)  # Okabe-Ito blue; PRIOR_COLOUR is amber


class ReadingControls(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = w = window
        self.ws = ws = window.ws
        self.reading = ws.reading
        self.panel = PriorsPanel(w.language, w)
        self.panel.prior_chosen.connect(self.show_prior)
        dock = QDockWidget(self.tr("Priors"), w)
        dock.setObjectName("priors")
        dock.setWidget(self.panel)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.dock = dock
        on = w.bindings.on
        on(self.reading.priors_changed, self.panel.show_priors)
        on(self.reading.stage_applied, self._stage_applied)
        on(self.reading.refused, lambda reason: w.status_label.setText(in_language(reason, w.language)))
        on(ws.study_opened, lambda *_: self.refresh())
        for vp in w.grid.viewports:
            vp.state_changed.connect(self.refresh)
        w.grid.viewport_created.connect(lambda vp: vp.state_changed.connect(self.refresh))
        w.grid.layout_changed.connect(self.refresh)
        self._actions()

    def _actions(self) -> None:
        from viewer.ui.window_actions import WindowActions

        w = self.window
        make = WindowActions(w).action
        w.act_next_stage = make(self.tr("Next stage"), lambda: self.step(1), "next_stage")
        w.act_previous_stage = make(self.tr("Previous stage"), lambda: self.step(-1), "previous_stage")
        w.act_save_protocol = make(self.tr("Save the layout as a protocol…"), self.save_layout)
        w.act_edit_rules = make(self.tr("Edit the protocol's match rules…"), self.edit_rules)
        bar = w.menuBar()
        menus = bar.actions()
        menu = bar.addMenu(self.tr("&Protocol"))
        if menus:  # before Help, which stays last
            bar.insertMenu(menus[-1], menu)
        for a in (w.act_next_stage, w.act_previous_stage, w.act_save_protocol, w.act_edit_rules):
            menu.addAction(a)

    # ------------------------------------------------------------------ stages
    def step(self, delta: int) -> None:
        self.reading.next_stage(delta)

    def _stage_applied(self, applied) -> None:
        w = self.window
        for slot in self.reading.cine:
            vp = w.grid.widget_of(slot)
            if vp is not None:
                vp.cine.play()
        rows, cols = self.ws.views.rows, self.ws.views.cols
        act = getattr(w, "layout_actions", {}).get((rows, cols))
        if act:
            act.setChecked(True)
        text = self.tr("Protocol %1, stage %2/%3: %4").replace("%1", applied.protocol.label(w.language)) \
            .replace("%2", str(applied.index + 1)).replace("%3", str(applied.stage_count)) \
            .replace("%4", applied.stage_name(w.language))
        w.status_label.setText(text)
        self.refresh()

    # ------------------------------------------------------------------ priors
    def show_prior(self, study_uid: str) -> None:
        reason = self.reading.show_prior(study_uid)
        if reason:
            self.window.status_label.setText(in_language(reason, self.window.language))

    def refresh(self, *_args) -> None:
        """The comparison marks: only while views of another study of this patient are on screen."""
        w, ws = self.window, self.ws
        visible = w.grid.visible_viewports()
        open_uid = ws.study.study_uid if ws.study is not None else None
        uids = [vp.slot.study_uid() for vp in visible]
        priors = {p.study_uid for p in self.reading.priors}
        comparing = open_uid is not None and any(u in priors for u in uids)
        for vp, uid in zip(visible, uids):
            mark = None
            if comparing and uid == open_uid:
                mark = (CURRENT_COLOUR, self.tr("CURRENT %1").replace("%1", format_date(ws.study.study_date, w.language)))
            elif comparing and uid in priors:
                rec = ws.cache.study(uid)
                date = format_date(rec.study_date, w.language) if rec is not None else ""
                mark = (PRIOR_COLOUR, self.tr("PRIOR %1").replace("%1", date))
            vp.set_comparison(mark)
        for vp in w.grid.viewports[len(visible):]:
            vp.set_comparison(None)

    # ------------------------------------------------------------------ saving and editing protocols
    def save_layout(self) -> None:
        ws, w = self.ws, self.window
        if ws.study is None:
            return
        draft = protocol_from_layout(ws, w.language)
        self._edit_and_save(draft)

    def edit_rules(self) -> None:
        applied = self.reading.applied
        if applied is None:
            self.save_layout()
            return
        self._edit_and_save(applied.protocol)

    def _edit_and_save(self, protocol) -> None:
        w = self.window
        dialog = ProtocolDialog(protocol, w.language, w)
        self.dialog = dialog
        if not dialog.exec():
            return
        edited = dialog.protocol()
        try:
            path = save_user_protocol(self.ws.paths.config, edited)
        except OSError as exc:
            QMessageBox.warning(w, "Cauri", self.tr("The protocol could not be saved: %1").replace("%1", str(exc)))
            return
        self.reading.reload()
        w.status_label.setText(self.tr("Protocol saved: %1").replace("%1", path.name))
