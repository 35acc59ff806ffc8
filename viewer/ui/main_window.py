"""The main window: study browser on the left, viewport grid in the centre, tools on the toolbar."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
)

from viewer.core import audit
from viewer.ui.idle_lock import IdleLock
from viewer.core.messages import in_language, message_of
from viewer.dicom.pixels import Window, auto_window, to_modality
from viewer.model.measurements import MeasurementKind as K
from viewer.model.measurements import Source
from viewer.model.studies import patient_context, study_display_sets
from viewer.model.volume_view import VR_PRESETS, default_preset
from viewer.ui.archive_jobs import FindStudyJob, SendJob
from viewer.ui.jobs import DemoJob, ImportJob
from viewer.ui.measure_controller import MeasureController
from viewer.ui.measure_panel import MeasurePanel
from viewer.ui.mpr_controller import MprController, VolumeFill
from viewer.ui.preferences import PreferencesDialog
from viewer.ui.study_browser import StudyBrowser
from viewer.ui.transfers import (
    QueueBridge,
    TransferPanel,
    enqueue_priors_in_background,
    make_queue,
)
from viewer.ui.viewport_grid import ViewportGrid

log = logging.getLogger(__name__)
LAYOUTS = [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 2), (3, 3)]


def _warm_imports() -> None:
    """Import, off the GUI thread, what numpy loads lazily on first use: ``numpy.ma`` (~30 ms here, pulled in
    by percentile/median: the automatic window, a PET's opening window, volume presets) would otherwise
    delay the first image a reader opens."""
    def run() -> None:
        try:
            import numpy.ma  # noqa: F401
        except Exception:
            pass

    threading.Thread(target=run, name="cauri-warm-imports", daemon=True).start()


class MainWindow(QMainWindow):
    language_changed = Signal(str)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        _warm_imports()
        self.ctx = ctx
        self.language = ctx.language
        self.setWindowTitle("Cauri")
        self.setAcceptDrops(True)
        self._display_sets: dict[str, object] = {}
        self._study = None
        self._job = None
        self._file_window_cycle = 0

        self.grid = ViewportGrid(ctx.loader, self.language, self)
        self.grid.display_set_dropped.connect(self._on_drop_display_set)
        self.setCentralWidget(self.grid)
        self.mpr = MprController(self)
        for vp in self.grid.viewports:
            vp.state_changed.connect(self.mpr.sync_window)
        self.grid.viewport_created.connect(lambda vp: vp.state_changed.connect(self.mpr.sync_window))

        self.browser = StudyBrowser(self.language, self)
        self.browser.study_selected.connect(self.open_study)
        self.browser.display_set_activated.connect(self._show_in_active)
        dock = QDockWidget(self.tr("Studies"), self)
        dock.setObjectName("studies")
        dock.setWidget(self.browser)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [430], Qt.Orientation.Horizontal)

        self.measure = MeasureController(self)
        for vp in self.grid.viewports:
            vp.measure = self.measure
        self.grid.viewport_created.connect(lambda vp: setattr(vp, "measure", self.measure))
        self.measure_panel = MeasurePanel(self)
        mdock = QDockWidget(self.tr("Measurements"), self)
        mdock.setObjectName("measurements")
        mdock.setWidget(self.measure_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, mdock)
        self.resizeDocks([mdock], [240], Qt.Orientation.Horizontal)
        self.transfers = TransferPanel(self)
        tdock = QDockWidget(self.tr("Transfers"), self)
        tdock.setObjectName("transfers")
        tdock.setWidget(self.transfers)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, tdock)
        self.tabifyDockWidget(mdock, tdock)
        mdock.raise_()
        self.queue_bridge = QueueBridge(self)
        self.queue_bridge.changed.connect(self._on_queue_change)
        self.queue = None
        self._retrieving = None
        self._prefetched: set[str] = set()
        self._ensure_queue()
        self.measure.changed.connect(self._refresh_measure_panel)
        self.measure_panel.jump.connect(self.jump_to_measurement)
        self.measure_panel.delete_requested.connect(self.measure.delete_selected)
        self.measure_panel.save_requested.connect(self.save_findings)

        self._build_status_bar()
        self._build_actions()
        self.browser.attach(ctx.cache, ctx.home)
        self.browser.retrieve_requested.connect(lambda uid, node: self.retrieve(study_uid=uid, node_name=node))
        self.browser.send_requested.connect(self.send_study)
        self.grid.set_layout(ctx.settings.grid_rows, ctx.settings.grid_cols)
        self.idle_lock = IdleLock(self, ctx.settings.idle_lock_minutes)  # patient data hidden when unattended

    # ------------------------------------------------------------------ UI construction
    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel_job)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _action(self, text: str, slot, shortcut: str | None = None, checkable: bool = False, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        tip_text = tip or text
        action.setToolTip(f"{tip_text} ({shortcut})" if shortcut else tip_text)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        tb = self.addToolBar(self.tr("Tools"))
        tb.setObjectName("tools")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        self.act_import = self._action(self.tr("Import files…"), self.import_files_dialog, "Ctrl+O")
        self.act_import_dir = self._action(self.tr("Import folder…"), self.import_folder_dialog, "Ctrl+Shift+O")
        tb.addAction(self.act_import)
        tb.addSeparator()

        layout_button = QToolButton()
        layout_button.setText(self.tr("Layout"))
        layout_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        layout_menu = QMenu(layout_button)
        group = QActionGroup(self)
        self.layout_actions = {}
        for rows, cols in LAYOUTS:
            act = layout_menu.addAction(f"{rows} × {cols}")
            act.setCheckable(True)
            act.setChecked((rows, cols) == (self.ctx.settings.grid_rows, self.ctx.settings.grid_cols))
            group.addAction(act)
            act.triggered.connect(lambda _=False, r=rows, c=cols: self.set_layout(r, c))
            self.layout_actions[(rows, cols)] = act
        layout_button.setMenu(layout_menu)
        tb.addWidget(layout_button)

        self.window_button = QToolButton()
        self.window_button.setText(self.tr("Window/level"))
        self.window_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.window_menu = QMenu(self.window_button)
        self.window_menu.aboutToShow.connect(self._fill_window_menu)
        self.window_button.setMenu(self.window_menu)
        tb.addWidget(self.window_button)
        for key in range(10):
            self._action(f"preset {key}", lambda _=False, k=key: self.apply_preset_key(k), str(key))

        self.act_auto = self._action(self.tr("Auto window"), lambda: self.apply_preset_key(0), None)
        self.act_invert = self._action(self.tr("Invert"), self._invert, "I")
        self.act_fit = self._action(self.tr("Fit"), lambda: self._active_call("fit"), "F")
        self.act_one = self._action(self.tr("1:1"), lambda: self._active_call("one_to_one"), "=")
        self.act_rotate = self._action(self.tr("Rotate 90°"), lambda: self._apply(lambda s: s.rotated(1)), "R")
        self.act_flip_h = self._action(self.tr("Flip H"), lambda: self._apply(lambda s: s.flipped(True)), "H")
        self.act_flip_v = self._action(self.tr("Flip V"), lambda: self._apply(lambda s: s.flipped(False)), "V")
        self.act_reset = self._action(self.tr("Reset"), self._escape, "Esc")
        for act in (self.act_invert, self.act_fit, self.act_rotate, self.act_reset):
            tb.addAction(act)
        tb.addSeparator()
        self.act_cine = self._action(self.tr("Cine"), lambda: self._active_call("toggle_cine"), "Space", tip=self.tr("Play/pause cine"))
        tb.addAction(self.act_cine)
        self.fps = QSpinBox()
        self.fps.setRange(1, 60)
        self.fps.setValue(self.ctx.settings.cine_fps)
        self.fps.setSuffix(self.tr(" fps"))
        self.fps.valueChanged.connect(self._fps_changed)
        tb.addWidget(self.fps)
        tb.addSeparator()
        self.tool_combo = QComboBox()
        self.tool_combo.setToolTip(self.tr("Measurement tool (Esc: back to navigation)"))
        self.tool_combo.addItem(self.tr("Navigate"), None)
        for kind in (K.LENGTH, K.ANGLE, K.COBB, K.BIDIRECTIONAL, K.ELLIPSE, K.RECTANGLE, K.POLYGON, K.FREEHAND,
                     K.PROBE, K.ARROW, K.TEXT):
            self.tool_combo.addItem(self.measure_panel.names[kind], kind)
        self.tool_combo.currentIndexChanged.connect(self._tool_changed)
        tb.addWidget(self.tool_combo)
        self.act_key = self._action(self.tr("Key image"), self._toggle_key_image, "K", tip=self.tr("Flag/unflag the image as a key image"))
        tb.addAction(self.act_key)
        self._action(self.tr("Distance tool"), lambda: self.tool_combo.setCurrentIndex(1), "L")
        self.act_presentation = self._action(self.tr("Presentation state"), self._next_presentation, "P",
                                             tip=self.tr("Show the image as its next presentation state (GSPS) says"))
        self.act_delete = self._action(self.tr("Delete measurement"), self.measure.delete_selected, "Del")
        self.act_undo = self._action(self.tr("Undo"), self.measure.undo, "Ctrl+Z")
        self.act_redo = self._action(self.tr("Redo"), self.measure.redo, "Ctrl+Y")
        self.act_save_findings = self._action(self.tr("Save findings as DICOM"), self.save_findings, "Ctrl+S")
        tb.addSeparator()
        self.act_mpr = self._action(self.tr("MPR"), self.toggle_mpr, "M", checkable=True, tip=self.tr("Multiplanar reconstruction"))
        tb.addAction(self.act_mpr)
        self.slab = QDoubleSpinBox()
        self.slab.setRange(0.0, 100.0)
        self.slab.setSingleStep(1.0)
        self.slab.setDecimals(1)
        self.slab.setSuffix(" mm")
        self.slab.setToolTip(self.tr("Slab thickness (0: thin slice)"))
        self.slab_mode = QComboBox()
        for key, label in (("mip", "MIP"), ("minip", "MinIP"), ("avg", self.tr("Average"))):
            self.slab_mode.addItem(label, key)
        for w in (self.slab, self.slab_mode):
            w.setEnabled(False)
            tb.addWidget(w)
        self.slab.valueChanged.connect(self._slab_changed)
        self.slab_mode.currentIndexChanged.connect(self._slab_changed)
        self.act_vr = self._action(self.tr("3D"), self.toggle_volume_rendering, "D", checkable=True, tip=self.tr("Volume rendering"))
        tb.addAction(self.act_vr)
        self.vr_preset = QComboBox()
        for key, preset in VR_PRESETS.items():
            self.vr_preset.addItem(preset["labels"].get(self.language, key), key)
        self.vr_preset.setToolTip(self.tr("Volume rendering preset"))
        self.vr_preset.setEnabled(False)
        self.vr_preset.currentIndexChanged.connect(self._vr_preset_changed)
        tb.addWidget(self.vr_preset)
        self.act_clip = self._action(self.tr("Clip…"), self.show_clip_dialog, None, tip=self.tr("3D clip box"))
        self.act_clip.setEnabled(False)
        tb.addAction(self.act_clip)
        self.grid.active_changed.connect(self._sync_vr_ui)
        self.mpr.started.connect(lambda: self._mpr_ui(True))
        self.mpr.stopped.connect(lambda: self._mpr_ui(False))
        tb.addSeparator()
        self.act_overlays = self._action(self.tr("Overlays"), self._toggle_overlays, "O", checkable=True)
        self.act_overlays.setChecked(self.ctx.settings.overlays_visible)

        self.act_prefs = self._action(self.tr("Preferences…"), self.show_preferences, "Ctrl+,")
        self.act_keys = self._action(self.tr("Keyboard and mouse"), self.show_keymap, "F1")
        self._build_menus(layout_menu)
        self._action(self.tr("Next viewport"), self.grid.cycle_active, "Ctrl+Tab")

    # ------------------------------------------------------------------ studies and display sets
    def open_study(self, study_uid: str, fill_viewports: bool = True) -> None:
        cache = self.ctx.cache
        self._study = cache.study(study_uid)
        if self._study is None:
            return
        audit.record("open", study_uid, accession=self._study.accession, count=self._study.instance_count,
                     store=cache.root)
        sets = study_display_sets(cache, study_uid, self.ctx.plugins.display_set_handlers())
        self._display_sets = {ds.uid: ds for ds in sets}
        self.measure.open_study(study_uid)  # before filling viewports: presentation states shape them
        self.browser.show_display_sets(sets)
        if self.browser.remote_source() is None:
            self.browser.select_study(study_uid, notify=False)
        if fill_viewports:
            stacks = [ds for ds in sets if ds.kind == "stack"]
            vps = self.grid.visible_viewports()
            for vp, ds in zip(vps, stacks):
                self._show(vp, ds)
            # Never leave another patient's images beside the study just opened.
            for vp in self.grid.viewports[len(stacks):]:
                if vp.state.display_set is not None and vp.state.display_set.study_uid != study_uid:
                    vp.set_display_set(None, patient_context(None, None))
            self.grid.set_active(vps[0])
        self._prefetch_priors(self._study)
        warnings = [in_language(w, self.language) for ds in sets for w in ds.warnings]
        warnings += [in_language(p, self.language) for p in self.measure.problems]
        self.status_label.setText("; ".join(dict.fromkeys(warnings)))

    def _show(self, vp, ds) -> None:
        if self.mpr.active:
            self.mpr.stop()
        if self.queue is not None and self._retrieving == ds.study_uid:
            self.queue.prioritize(ds.study_uid, ds.series_uid)  # the series on screen arrives first
        vp.language = self.language
        vp.cine_fps = self.fps.value()
        state_overlays = self.act_overlays.isChecked()
        vp.set_display_set(ds, patient_context(self._study, ds))  # its presentation state places it (measure.presented)
        if vp.state.overlays != state_overlays:
            vp.apply(vp.state.__class__(**{**vp.state.__dict__, "overlays": state_overlays}))

    def _show_in_active(self, uid: str) -> None:
        ds = self._display_sets.get(uid)
        if ds is not None and ds.kind == "stack" and self.grid.active:
            self._show(self.grid.active, ds)
        elif ds is not None:
            from viewer.ui.document_view import open_document

            reason = open_document(self, self.ctx.cache.instances_of(ds.series_uid))
            if reason:
                QMessageBox.information(self, "Cauri", self.tr("This series cannot be displayed as images.") + "\n"
                                        + in_language(ds.reason, self.language) + "\n" + in_language(reason, self.language))

    def _on_drop_display_set(self, vp, uid: str) -> None:
        ds = self._display_sets.get(uid)
        if ds is not None and ds.kind == "stack":
            self._show(vp, ds)

    def set_layout(self, rows: int, cols: int) -> None:
        self.grid.set_layout(rows, cols)
        self.ctx.settings.grid_rows, self.ctx.settings.grid_cols = rows, cols
        act = self.layout_actions.get((rows, cols))
        if act:
            act.setChecked(True)
        # New empty viewports get the next series of the open study.
        shown = {vp.state.display_set.uid for vp in self.grid.visible_viewports() if vp.state.display_set}
        spare = [ds for ds in self._display_sets.values() if ds.kind == "stack" and ds.uid not in shown]
        for vp in self.grid.visible_viewports():
            if vp.state.display_set is None and spare:
                self._show(vp, spare.pop(0))

    def _build_menus(self, layout_menu: QMenu) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for act in (self.act_import, self.act_import_dir):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_prefs)
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("Quit"), self.close, "Ctrl+Q"))
        view_menu = bar.addMenu(self.tr("&View"))
        layout_menu.setTitle(self.tr("Layout"))
        view_menu.addMenu(layout_menu)
        for act in (self.act_overlays, self.act_cine, self.act_mpr, self.act_vr):
            view_menu.addAction(act)
        image_menu = bar.addMenu(self.tr("&Image"))
        self.window_menu.setTitle(self.tr("Window/level"))
        image_menu.addMenu(self.window_menu)
        for act in (self.act_invert, self.act_fit, self.act_one, self.act_rotate, self.act_flip_h, self.act_flip_v, self.act_reset):
            image_menu.addAction(act)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_keys)

    # ------------------------------------------------------------------ MPR
    def toggle_mpr(self) -> None:
        if self.mpr.active:
            for vp in self.grid.viewports:
                if vp.vr is not None:
                    vp.bind_volume(None)
            self.mpr.stop()
            self._sync_vr_ui(self.grid.active)
            return
        vp = self.grid.active
        reason = self.mpr.start(vp) if vp is not None else "no viewport"
        if reason:
            self.act_mpr.setChecked(False)
            self.status_label.setText(self.tr("MPR is not available for this series: ") + reason)

    def toggle_volume_rendering(self) -> None:
        grid = self.grid
        vr_views = [vp for vp in grid.visible_viewports() if vp.vr is not None]
        if vr_views:
            for vp in vr_views:
                ds = vp.vr.stack
                vp.bind_volume(None)
                if self.mpr.active and vp not in grid.visible_viewports()[:3]:
                    grid.set_layout(1, 3)
                else:
                    vp.set_display_set(ds, vp.context)
            self._sync_vr_ui(grid.active)
            return
        if self.mpr.active:
            volume = self.mpr.session.volume
            grid.set_layout(2, 2)
            target = grid.visible_viewports()[3]
            target.context = grid.visible_viewports()[0].context
        else:
            target = grid.active
            ds = target.state.display_set if target is not None else None
            if ds is None or ds.kind != "stack" or ds.frame_count < 3:
                self.act_vr.setChecked(False)
                self.status_label.setText(self.tr("3D needs a stack of at least 3 images."))
                return
            from viewer.model.volume import Volume

            try:
                volume = Volume(ds)
            except Exception as exc:
                self.act_vr.setChecked(False)
                self.status_label.setText(in_language(message_of(exc), self.language))
                return
            fill = VolumeFill(volume, self)
            fill.finished.connect(target.schedule_render)
            fill.start()
            self._vr_fill = fill
        preset = default_preset(volume.stack.modality)
        target.bind_volume(volume, target.vr_state.with_preset(preset))
        grid.set_active(target)
        self._sync_vr_ui(target)

    def _sync_vr_ui(self, vp) -> None:
        on = vp is not None and vp.vr is not None
        self.act_vr.setChecked(any(v.vr is not None for v in self.grid.visible_viewports()))
        self.vr_preset.setEnabled(on)
        self.act_clip.setEnabled(on)
        if on:
            self.vr_preset.blockSignals(True)
            self.vr_preset.setCurrentIndex(max(0, self.vr_preset.findData(vp.vr_state.preset)))
            self.vr_preset.blockSignals(False)

    def show_clip_dialog(self) -> None:
        from viewer.ui.clip_dialog import ClipDialog

        vp = self.grid.active
        if vp is None or vp.vr is None:
            return
        self.clip_dialog = ClipDialog(vp, self)
        self.clip_dialog.show()

    def _vr_preset_changed(self, *_args) -> None:
        vp = self.grid.active
        if vp is not None and vp.vr is not None:
            vp.set_vr_state(vp.vr_state.with_preset(self.vr_preset.currentData()))

    def _mpr_ui(self, on: bool) -> None:
        self.act_mpr.setChecked(on)
        for w in (self.slab, self.slab_mode):
            w.setEnabled(on)
        if on:
            self._slab_changed()

    def _slab_changed(self, *_args) -> None:
        if self.mpr.session is not None:
            self.mpr.session.set_slab(self.slab.value(), self.slab_mode.currentData())

    # ------------------------------------------------------------------ tools on the active viewport
    def _active_call(self, name: str) -> None:
        if self.grid.active is not None:
            getattr(self.grid.active, name)()

    def _apply(self, change) -> None:
        vp = self.grid.active
        if vp is not None and (vp.state.display_set is not None or vp.mpr is not None):  # an MPR plane too
            vp.apply(change(vp.state))

    def _escape(self) -> None:
        """Esc first drops a measurement being drawn, then the tool, and only then resets the view."""
        if self.measure._draft:
            self.measure.cancel_draft()
        elif self.measure.tool is not None:
            self.tool_combo.setCurrentIndex(0)
        else:
            self._apply(lambda s: s.reset_view())

    def _tool_changed(self, *_args) -> None:
        self.measure.cancel_draft()
        data = self.tool_combo.currentData()  # Qt hands str-based enums back as plain str
        self.measure.tool = K(data) if data else None

    def _next_presentation(self) -> None:
        vp = self.grid.active
        ps = self.measure.next_presentation(vp) if vp is not None else None
        if ps is None:
            self.status_label.setText(self.tr("No presentation state for this image"))
        else:
            self.status_label.setText(self.tr("Presentation state: ") + (ps.label or ps.description or ps.created))

    def _toggle_key_image(self) -> None:
        vp = self.grid.active
        flagged = self.measure.toggle_key_image(vp) if vp is not None else None
        if flagged is not None:
            self.status_label.setText(self.tr("Key image flagged") if flagged else self.tr("Key image unflagged"))

    def _refresh_measure_panel(self) -> None:
        rows = []
        for m in self.measure.all_measurements():
            text, tip = self.measure.panel_row(m, self._frame_of(m))
            rows.append((m, text, m.source == Source.CAURI, tip))
        keys = len(self.measure.mset.key_images) if self.measure.mset else 0
        self.measure_panel.show_items(rows, keys, self.measure.selected)

    def _frame_of(self, m):
        for ds in self._display_sets.values():
            for ref in getattr(ds, "frames", ()):
                if ref.sop_uid == m.image.sop_uid and ref.frame == m.image.frame_index:
                    return self.ctx.loader.load(ref)
        return None

    def jump_to_measurement(self, m) -> None:
        if m.plane is not None:
            self.measure.jump_to_plane(m)
            return
        for ds in self._display_sets.values():
            for i, ref in enumerate(getattr(ds, "frames", ())):
                if ref.sop_uid == m.image.sop_uid and ref.frame == m.image.frame_index:
                    vp = self.grid.active
                    if vp.state.display_set is None or vp.state.display_set.uid != ds.uid:
                        self._show(vp, ds)
                    vp.apply(vp.state.at(i))
                    self.measure.selected = m.id
                    vp.schedule_render()
                    return

    def save_findings(self) -> None:
        from viewer.model.measurements import FindingsError, save_findings

        mset = self.measure.mset
        if mset is None or self._study is None:
            return
        windows = {}
        for vp in self.grid.visible_viewports():
            ref = self.measure.image_ref(vp)
            if ref is not None and vp.state.window is not None:
                windows[ref] = vp.state.window
        notes: list[str] = []
        try:
            session = self.mpr.session  # its volume serves the plane measurements: not read again
            volumes = {session.volume.stack.frames[0].sop_uid: session.volume} if session and session.volume.complete else None
            uids = save_findings(self.ctx.cache, self._study.study_uid, list(mset), mset.key_images, windows, notes=notes,
                                 volumes=volumes)
        except FindingsError as exc:
            self.status_label.setText(self.tr("Findings not saved: ") + str(exc))
            return
        self.last_saved_findings = uids
        msg = self.tr("Findings saved as DICOM (%1 objects)").replace("%1", str(len(uids)))
        self.status_label.setText(msg + ("; " + "; ".join(in_language(n, self.language) for n in notes) if notes else ""))
        self.refresh_study(self._study.study_uid)

    def _invert(self) -> None:
        self._apply(lambda s: s.__class__(**{**s.__dict__, "invert": not s.invert}))

    def _toggle_overlays(self) -> None:
        on = self.act_overlays.isChecked()
        self.ctx.settings.overlays_visible = on
        for vp in self.grid.viewports:
            vp.apply(vp.state.__class__(**{**vp.state.__dict__, "overlays": on}))

    def _fps_changed(self, value: int) -> None:
        self.ctx.settings.cine_fps = value
        for vp in self.grid.viewports:
            vp.cine_fps = value
            if vp.cine.isActive():
                vp.play_cine(value)

    def window_choices(self) -> list[tuple[str, Window | None]]:
        """What the number keys offer for the active viewport: 1 = the file's own VOI, 2.. = presets."""
        vp = self.grid.active
        desc = self._active_descriptor()
        choices: list[tuple[str, Window | None]] = []
        file_windows = list(desc.windows) if desc is not None else []
        if file_windows:
            w = file_windows[self._file_window_cycle % len(file_windows)]
            label = w.explanation or self.tr("File")
            choices.append((label, w))
        else:
            choices.append((self.tr("File"), None))
        modality = ""
        if vp is not None and vp.mpr is not None:
            modality = vp.mpr.session.volume.stack.modality
        elif vp is not None and vp.state.display_set:
            modality = vp.state.display_set.modality
        for preset in self.ctx.plugins.window_presets(modality):
            choices.append((preset.label(self.language), Window(preset.center, preset.width, preset.label(self.language))))
        return choices

    def _active_descriptor(self):
        vp = self.grid.active
        if vp is None:
            return None
        if vp.mpr is not None:
            return vp.mpr.session.volume.descriptor
        frame = vp.current_frame()
        return frame.header.descriptor if frame is not None and frame.header is not None else None

    def _active_pixels(self):
        vp = self.grid.active
        if vp.mpr is not None:
            vol = vp.mpr.session.volume
            return vol.array[vol.array.shape[0] // 2]
        return vp.current_frame().stored

    def apply_preset_key(self, key: int) -> None:
        vp = self.grid.active
        desc = self._active_descriptor()
        if vp is None or desc is None or desc.is_color:
            return
        if key == 0:
            vp.set_window(auto_window(to_modality(self._active_pixels(), desc), desc))
            return
        if key == 1:
            windows = desc.windows
            if windows:
                # Pressing 1 again walks through the file's windows (e.g. mediastinum, then lung).
                if vp.state.window in windows:
                    self._file_window_cycle = (windows.index(vp.state.window) + 1) % len(windows)
                else:
                    self._file_window_cycle = 0
                vp.set_window(windows[self._file_window_cycle])
            else:
                vp.set_window(None)
            return
        choices = self.window_choices()
        if key < len(choices) + 1 and key - 1 < len(choices):
            vp.set_window(choices[key - 1][1])

    def _fill_window_menu(self) -> None:
        self.window_menu.clear()
        for i, (label, window) in enumerate(self.window_choices(), start=1):
            text = f"{i}  {label}" + (f"   ({window.width:g} / {window.center:g})" if window else "")
            act = self.window_menu.addAction(text)
            act.triggered.connect(lambda _=False, k=i: self.apply_preset_key(k))
        act = self.window_menu.addAction(f"0  {self.tr('Auto window')}")
        act.triggered.connect(lambda: self.apply_preset_key(0))

    # ------------------------------------------------------------------ import
    def import_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Import DICOM files"), "", self.tr("DICOM, DICOMDIR or zip (*)"))
        if files:
            self.start_import(files)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder or a CD/USB"))
        if folder:
            self.start_import([folder])

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.start_import(paths)
            event.acceptProposedAction()

    def start_import(self, paths: list[str], open_after: bool = True) -> None:
        if self._job is not None and self._job.isRunning():
            QMessageBox.information(self, "Cauri", self.tr("An import is already running."))
            return
        job = ImportJob(self.ctx.paths.store, paths, self)
        self._run_job(job, self.tr("Importing…"), open_after)

    def start_demo(self) -> None:
        job = DemoJob(self.ctx.paths.store, self.ctx.paths.cache / "demo-generation", self)
        self._run_job(job, self.tr("Preparing the demo study…"), True)

    def _run_job(self, job, text: str, open_after: bool) -> None:
        self._job = job
        self.status_label.setText(text)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        job.progress.connect(self._on_progress)
        job.finished_with.connect(lambda report: self._on_import_done(report, open_after))
        job.start()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)

    def _cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancel() if hasattr(self._job, "cancel") else None

    def _on_import_done(self, report, open_after: bool) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.last_import_report = report
        msg = self.tr("Imported: %1, already present: %2, rejected: %3").replace("%1", str(report.imported))
        msg = msg.replace("%2", str(report.already_present)).replace("%3", str(len(report.rejected)))
        if report.cancelled:
            msg += " — " + self.tr("cancelled")
        self.status_label.setText(msg)
        self.browser.refresh_requested()
        if report.rejected:
            details = "\n".join(f"{r.source}: {in_language(r.reason, self.language)}" for r in report.rejected[:50])
            box = QMessageBox(QMessageBox.Icon.Warning, "Cauri", msg, parent=self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setDetailedText(details)
            box.setModal(False)
            box.show()
            self._report_box = box
        if open_after and report.study_uids:
            self.open_study(report.study_uids[0])
        self.job_done()

    # ------------------------------------------------------------------ RIS/HIS launch and retrieve
    def open_request(self, request) -> None:
        """Open what a RIS/HIS asked for: from the cache, else query and retrieve it first."""
        from viewer.net.launch import find_local

        uid = find_local(self.ctx.cache, request)
        if uid:
            self.open_study(uid)
            self.job_done()
            return
        self.retrieve(request=request, node_name=request.node)

    def _ensure_queue(self):
        """The retrieve queue (started once an archive is configured); resumes unfinished retrieves."""
        if self.queue is None:
            self.queue = make_queue(self.ctx.home, self.ctx.paths.store, self.queue_bridge)
            self.transfers.queue = self.queue
            if self.queue is not None:
                self.transfers.refresh()
        return self.queue

    def retrieve(self, request=None, study_uid: str | None = None, node_name: str | None = None) -> None:
        from viewer.net.launch import pick_node

        queue = self._ensure_queue()
        node = pick_node(queue.current_config(), node_name) if queue is not None else None
        if node is None:
            self._retrieve_failed("no archive is configured (Preferences > Network)")
            return
        if study_uid:
            self._enqueue_now(node.name, study_uid)
            return
        job = FindStudyJob(self.ctx.home, node.name, request, self)
        job.finished_with.connect(lambda uid, error: self._enqueue_now(node.name, uid) if uid else self._retrieve_failed(error))
        self._find_job = job
        self.status_label.setText(self.tr("Searching the archive…"))
        job.start()

    def _enqueue_now(self, node_name: str, study_uid: str) -> None:
        from viewer.net.queue import NOW

        self._retrieving = study_uid
        self._last_refresh = 0.0
        self.status_label.setText(self.tr("Retrieving from the archive…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.queue.enqueue(node_name, study_uid, priority=NOW)

    def _retrieve_failed(self, reason: str) -> None:
        self.progress.hide()
        self.status_label.setText(self.tr("Retrieve failed: ") + reason)
        self.last_retrieve = reason
        self.job_done()

    def _on_queue_change(self, item) -> None:
        import time as _time

        self.transfers.refresh()
        if item.study_uid != self._retrieving:
            if item.state == "done":
                self.browser.refresh_requested()  # a prior arrived in the background
            return
        if item.state in ("queued", "running"):
            self._on_progress(item.done, item.total or -1)
            # Show the study as soon as its first images are here, then refresh as more arrive
            # (at most once a second, so reading is not disturbed).
            if item.done and _time.monotonic() - self._last_refresh > 1.0 and self.ctx.cache.study(item.study_uid):
                self._last_refresh = _time.monotonic()
                self.refresh_study(item.study_uid)
            return
        self._retrieving = None
        self.progress.hide()
        if self.ctx.cache.study(item.study_uid):
            self.refresh_study(item.study_uid)
        self.browser.refresh_requested()
        if item.state == "done":
            self.status_label.setText(self.tr("Study complete: %1 images").replace("%1", str(item.total)))
        elif item.state == "cancelled":
            self.status_label.setText(self.tr("Retrieve cancelled; what arrived stays in the cache"))
        else:
            self.status_label.setText(
                self.tr("Study incomplete: %1 of %2 images (retrieve again to resume)")
                .replace("%1", str(item.done)).replace("%2", str(item.total)) + (f" — {item.error}" if item.error else "")
            )
        self.last_retrieve = item
        self.job_done()

    def _prefetch_priors(self, study) -> None:
        from viewer.net.launch import pick_node

        if self.queue is None or study is None or study.study_uid in self._prefetched:
            return
        node = pick_node(self.queue.current_config(), None)
        if node is not None and study.patient_id:
            self._prefetched.add(study.study_uid)
            enqueue_priors_in_background(self.queue, node.name, study)

    def refresh_study(self, uid: str) -> None:
        """Re-read the open study's display sets; viewports keep their series and position."""
        if self._study is None or self._study.study_uid != uid:
            self.open_study(uid)
            self.browser.refresh_requested()
            return
        sets = study_display_sets(self.ctx.cache, uid, self.ctx.plugins.display_set_handlers())
        self._display_sets = {ds.uid: ds for ds in sets}
        self._study = self.ctx.cache.study(uid)
        for vp in self.grid.visible_viewports():
            current = vp.state.display_set
            if current is None or vp.mpr is not None or vp.vr is not None:
                continue
            fresh = self._display_sets.get(current.uid)
            if fresh is None:
                # A series seen half-arrived can be split differently once complete (uid "S#0" -> "S"):
                # follow it by its series UID, to the largest stack of that series.
                same = [d for d in sets if d.kind == "stack" and d.series_uid == current.series_uid]
                fresh = max(same, key=lambda d: d.frame_count) if same else None
            if fresh is not None:
                if fresh.uid != current.uid or fresh.frame_count != current.frame_count:
                    ref = current.frames[vp.state.index] if current.frames else None
                    index = fresh.frames.index(ref) if ref in fresh.frames else fresh.frame_count // 2
                    vp.apply(vp.state.__class__(**{**vp.state.__dict__, "display_set": fresh}).at(index))
        self.browser.show_display_sets(sets)

    def send_study(self, study_uid: str, node_name: str) -> None:
        if self.job_running():
            QMessageBox.information(self, "Cauri", self.tr("Another transfer is running; try again when it ends."))
            return
        job = SendJob(self.ctx.home, self.ctx.paths.store, node_name, study_uid, self)
        job.progress.connect(self._on_progress)
        job.finished_with.connect(self._on_send_done)
        self._job = job
        self.status_label.setText(self.tr("Sending to %1…").replace("%1", node_name))
        self.progress.setRange(0, 0)
        self.progress.show()
        job.start()

    def _on_send_done(self, outcome) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.last_send = outcome
        if isinstance(outcome, str):
            self.status_label.setText(self.tr("Send failed: ") + outcome)
        elif outcome.failed:
            self.status_label.setText(self.tr("Sent %1 of %2 images; %3 failed: ").replace("%1", str(outcome.sent))
                                      .replace("%2", str(outcome.total)).replace("%3", str(outcome.failed))
                                      + "; ".join(outcome.errors[:3]))
        else:
            self.status_label.setText(self.tr("Sent %1 images").replace("%1", str(outcome.sent)))
        self.job_done()

    def job_done(self) -> None:
        """Hook for the application (screenshot mode waits for jobs)."""

    def job_running(self) -> bool:
        return self._job is not None and self._job.isRunning()

    # ------------------------------------------------------------------ dialogs
    def show_preferences(self) -> None:
        dialog = PreferencesDialog(self.ctx.settings.language, self.ctx.home, self)
        if dialog.exec():
            self.browser.reload_nodes()
            self._ensure_queue()
            choice = dialog.language()
            if choice != self.ctx.settings.language:
                self.ctx.settings.language = choice
                self.language_changed.emit(choice)

    def show_keymap(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Keyboard and mouse"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.keymap_text())
        box.exec()

    def keymap_text(self) -> str:
        return "\n".join(
            [
                self.tr("Mouse wheel, ↑/↓, Page Up/Down, Home/End: move through the images"),
                self.tr("Left drag: window/level — Ctrl + left drag: scroll"),
                self.tr("Right drag: zoom — Middle drag: pan — Double click: fit"),
                self.tr("1: the file's window (again: next one) — 2 to 9: presets — 0: auto"),
                self.tr("I: invert — F: fit — =: 1:1 — R: rotate 90° — H/V: flip — Esc: reset"),
                self.tr("Space: cine — O: overlays — Ctrl+Tab: next viewport — Ctrl+O: import"),
                self.tr("P: the image as its presentation state says (again: the next one)"),
                self.tr("M: MPR (click: move the point, Shift: window, Ctrl: oblique) — D: 3D"),
            ]
        )

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._job is not None and self._job.isRunning():
            self._job.cancel() if hasattr(self._job, "cancel") else None
            self._job.wait(10000)
        self.browser.shutdown()
        if self.queue is not None:
            self.queue.stop(timeout=10)  # unfinished retrieves stay on file and resume at next start
            self.queue.cache.close()
        for vp in self.grid.viewports:
            vp.release()
        try:
            self.ctx.settings.save(self.ctx.paths.settings_file)
        except OSError:
            log.warning("settings could not be saved")
        super().closeEvent(event)
