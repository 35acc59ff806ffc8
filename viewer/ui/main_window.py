"""The main window: study browser on the left, viewport grid in the centre, measurements and transfers on
the right, commands on the toolbar and in the menus.

The window holds no workstation state of its own: the open study, the view states, the jobs and the archive
side are the workstation's (``viewer.workstation``), which it binds its widgets to. Its parts, each in its
own module, hold what they show:
- ``window_actions``: the actions (keys from the key map), toolbar and menus;
- ``image_commands``: the commands on the active viewport (window presets, invert, tool, cine...);
- ``volume_controls``: MPR and 3-D controls (slab, preset, clip box);
- ``study_switch``: the study list following the open study, the per-study panels, documents, drops;
- ``job_status``: the status bar and what jobs, retrieves and the listener tell the reader;
- ``findings_dock``: the measurements panel, jumping to a measurement, saving the findings;
- ``patient_guard``: the patient bands and the warning when views show different patients.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from viewer.core.memory import budget_bytes
from viewer.core.messages import in_language
from viewer.tools.help import help_text
from viewer.ui.about import AboutBox
from viewer.ui.cache_actions import CacheActions
from viewer.ui.findings_dock import FindingsDock
from viewer.ui.fusion_controls import FusionControls
from viewer.ui.idle_lock import IdleLock
from viewer.ui.image_commands import ImageCommands
from viewer.ui.job_status import JobStatus
from viewer.ui.link_controls import LinkControls
from viewer.ui.measure_controller import MeasureController
from viewer.ui.measure_panel import MeasurePanel
from viewer.ui.media_dialog import MediaExport
from viewer.ui.report_controller import ReportController
from viewer.ui.mpr_controller import MprController
from viewer.ui.patient_guard import PatientGuard
from viewer.ui.preferences import PreferencesDialog
from viewer.ui.screens import ScreenArrangement
from viewer.ui.segments_panel import SegmentsDock
from viewer.ui.reading_controls import ReadingControls
from viewer.ui.study_browser import StudyBrowser
from viewer.ui.study_switch import StudySwitch
from viewer.ui.theatre import TheatreController
from viewer.ui.transfers import TransferPanel
from viewer.ui.viewport_grid import ViewportGrid
from viewer.ui.volume_controls import VolumeControls
from viewer.ui.window_actions import WindowActions
from viewer.ui.workstation_bridge import Bindings

ARRIVALS_MS = 2000  # pushes come in bursts of hundreds: the list and the open study follow every 2 s


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

    def __init__(self, ws, parent=None) -> None:
        super().__init__(parent)
        _warm_imports()
        self.ws = ws
        self.language = ws.language
        self.bindings = Bindings()
        self.closes_workstation = True  # False while the window is replaced (another language)
        self.study_panels: list[QWidget] = []  # floating panels of the open study, closed with it
        self.setWindowTitle("Cauri")
        self.setAcceptDrops(True)

        self.grid = ViewportGrid(ws.views, ws.loader, self.language, self, ws.keymap, ws.plugins.viewports())
        self.grid.placement = ws.links.placement
        central = QWidget(self)
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.patient_warning = QLabel(central)
        box.addWidget(self.patient_warning)
        box.addWidget(self.grid, 1)
        self.setCentralWidget(central)
        self.browser = StudyBrowser(self.language, self)
        self.browser.pictures = ws.plugins.pictures()
        self.browser.memory = getattr(ws, "memory", None)
        self.browser.loader = ws.loader
        self.browser.images_shown = self.grid.all_ready
        self.measure_panel = MeasurePanel(self)
        self.transfers = TransferPanel(self)
        self._docks()

        self.job_status = JobStatus(self)
        self.patients = PatientGuard(self, self.patient_warning)
        self.measure = MeasureController(self)
        self.mpr = MprController(self)
        self.image_commands = ImageCommands(self)
        self.volume_controls = VolumeControls(self)
        self.findings_dock = FindingsDock(self)
        self.segments_dock = SegmentsDock(self)  # SEG / RT structures: names, volumes, visibility, opacity
        self.report = ReportController(self)  # the report dock beside the images, and the HL7 outbox
        self.study_switch = StudySwitch(self)
        self.theatre = TheatreController(self)  # the theatre window, shown while the workstation is in theatre mode
        WindowActions(self).build()
        self.screens = ScreenArrangement(self)  # after the actions: the other monitors' windows take them
        self.reading = ReadingControls(self)  # hanging protocols, stages, priors beside the open study
        self.link_controls = LinkControls(self)
        self.addToolBarBreak()  # the tools row is full at common widths: the links get a row of their own
        links_bar = self.addToolBar(self.tr("Links"))
        links_bar.setObjectName("links")
        self.link_controls.build(links_bar)
        self.fusion_controls = FusionControls(self)  # «Fusionner», the fusion panel, Shift+drop
        box.insertWidget(1, self.link_controls.banner)
        for vp in self.grid.viewports:
            self._follow(vp)
        self.grid.viewport_created.connect(self._follow)
        self.grid.layout_changed.connect(self.patients.refresh)
        self.grid.viewport_drawn.connect(self._viewport_drawn)
        self.grid.active_changed.connect(self.volume_controls.sync)
        self.grid.display_set_dropped.connect(self.study_switch.dropped)

        self.browser.study_selected.connect(self.open_study)
        self.browser.display_set_activated.connect(self.study_switch.show_in_active)
        self.browser.study_states = ws.study_states
        self.browser.attach(ws.cache, ws.home)
        self.bindings.on(ws.study_opened, lambda study, _sets: self.browser.show_state(study.study_uid))
        # "Being retrieved" comes and goes with the queue.
        self.bindings.on(ws.transfers.queue_changed, lambda item: self.browser.show_state(item.study_uid))
        self.browser.retrieve_requested.connect(lambda uid, node: self.retrieve(study_uid=uid, node_name=node))
        self.browser.send_requested.connect(self.send_study)
        self.browser.second_opinion_requested.connect(self.ask_second_opinion)
        self.media_export = MediaExport(self)
        self.browser.export_requested.connect(self.media_export.ask)
        self.cache_actions = CacheActions(self)  # pin, free a study's space, the size limit's news
        self.transfers.queue = ws.transfers.queue
        if self.transfers.queue is not None:
            self.transfers.refresh()
        self.bindings.on(ws.transfers.queue_changed, lambda _item: self.transfers.refresh())
        self._arrivals = QTimer(self)
        self._arrivals.timeout.connect(ws.poll_arrivals)
        self._arrivals.start(ARRIVALS_MS)
        notes = list(ws.keymap_problems)
        if ws.cache.repaired:  # what a full disk or a kill -9 had left, and what was done about it
            notes.append(ws.cache.repaired.text())
        if notes:
            self.status_label.setText("; ".join(in_language(p, self.language) for p in notes))
        self.idle_lock = IdleLock(self, ws.settings.idle_lock_minutes)  # patient data hidden when unattended

    def _docks(self) -> None:
        dock = QDockWidget(self.tr("Worklist"), self)
        self.studies_dock = dock
        dock.setObjectName("studies")
        dock.setWidget(self.browser)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [430], Qt.Orientation.Horizontal)
        mdock = QDockWidget(self.tr("Measurements"), self)
        mdock.setObjectName("measurements")
        mdock.setWidget(self.measure_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, mdock)
        self.resizeDocks([mdock], [240], Qt.Orientation.Horizontal)
        tdock = QDockWidget(self.tr("Transfers"), self)
        tdock.setObjectName("transfers")
        tdock.setWidget(self.transfers)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, tdock)
        self.tabifyDockWidget(mdock, tdock)
        mdock.raise_()

    def _follow(self, vp) -> None:
        """A new viewport: measuring tools, the MPR drafts, the patient check and the clip panel follow it."""
        vp.measure = self.measure
        vp.segments = self.ws.segments
        vp.cine.fps = self.ws.settings.cine_fps
        vp.text_points = float(self.ws.settings.overlay_font_pt or 0)
        vp.state_changed.connect(self.mpr.view_changed)
        vp.state_changed.connect(self.patients.refresh)
        vp.state_changed.connect(self.volume_controls.view_changed)

    # ------------------------------------------------------------------ the workstation's commands
    def _viewport_drawn(self) -> None:
        # The study's first images are all on screen: prefetch and fusion, held back for them, go on.
        if self.ws.background_held() and self.grid.all_ready():
            self.ws.release_background()

    def open_study(self, study_uid: str, fill_viewports: bool = True) -> None:
        self.ws.open_study(study_uid, fill_viewports)

    def set_layout(self, rows: int, cols: int, screen: int | None = None) -> None:
        """The grid of ``screen`` (None: the monitor of the active viewport)."""
        if screen is None:
            active = self.ws.views.active
            screen = self.ws.views.screen_of(active) if active is not None else 0
        self.screens.show_layout(screen, rows, cols) if hasattr(self, "screens") else self.ws.choose_layout(rows, cols)
        act = self.layout_actions.get((rows, cols))
        if act:
            act.setChecked(True)

    def toggle_mpr(self) -> None:
        self.volume_controls.toggle_mpr()

    def toggle_volume_rendering(self) -> None:
        self.volume_controls.toggle_volume()

    def start_import(self, paths: list[str], open_after: bool = True) -> None:
        self.job_status.start_import(paths, open_after)

    def start_demo(self) -> None:
        self.ws.start_demo()

    def job_running(self) -> bool:
        return self.ws.job_running()

    def open_request(self, request) -> None:
        """Open what a RIS/HIS asked for: from the cache, else query and retrieve it first."""
        self.ws.open_request(request)

    def retrieve(self, request=None, study_uid: str | None = None, node_name: str | None = None) -> None:
        self.ws.retrieve(request, study_uid, node_name)

    def send_study(self, study_uid: str, node_name: str) -> None:
        self.job_status.send_study(study_uid, node_name)

    def ask_second_opinion(self, study_uid: str):
        """« Demander un avis »: the dialog for the study (shown, not waited for; returned for tests)."""
        from viewer.ui.second_opinion_dialog import SecondOpinionDialog

        dialog = SecondOpinionDialog(self.ws.cache, self.ws.paths, study_uid, self.ws.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
    def export_media(self) -> None:
        """Graver / Exporter… from the menu: the study selected in the list, else the open one."""
        uid = self.browser.selected_study_uid() if self.browser.remote_source() is None else None
        self.media_export.ask(uid or (self.ws.study.study_uid if self.ws.study else ""))

    def save_findings(self) -> None:
        self.findings_dock.save()

    def jump_to_measurement(self, m) -> None:
        self.findings_dock.jump_to(m)

    def confirm_link(self, viewports) -> bool:
        """Hook for view synchronisation: True when ``viewports`` may be linked (asks if patients differ)."""
        return self.patients.confirm_link(viewports)

    # ------------------------------------------------------------------ dialogs
    def show_preferences(self) -> None:
        dialog = PreferencesDialog(self.ws.settings.language, self.ws.home, self, self.ws.settings, self.screens.count)
        self.preferences_dialog = dialog
        if dialog.exec():
            self.apply_display_preferences(dialog)
            self.ws.settings.idle_lock_minutes = dialog.idle_lock_minutes()
            self.ws.settings.cache_limit_gb = float(dialog.cache_limit.value())
            self.ws.keep_cache()  # a lower limit applies now
            self.idle_lock.set_minutes(self.ws.settings.idle_lock_minutes)
            try:
                self.ws.settings.save(self.ws.paths.settings_file)  # the report profile: kept at once
            except OSError as exc:
                self.status_label.setText(str(exc))
            self.browser.reload_nodes()
            self.transfers.queue = self.ws.transfers.ensure_queue()  # an archive configured just now
            self.transfers.refresh()
            choice = dialog.language()
            if choice != self.ws.settings.language:
                self.ws.settings.language = choice
                self.language_changed.emit(choice)

    def apply_display_preferences(self, dialog) -> None:
        """Text size on the images, the screens' arrangement and the worklist's screen, as chosen."""
        settings = self.ws.settings
        settings.overlay_font_pt = dialog.text_size.value()
        for vp in self.grid.viewports:
            vp.text_points = float(settings.overlay_font_pt)
            vp.schedule_render()
        self.screens.set_mode(dialog.screen_mode.currentData())
        self.screens.put_browser_on(dialog.browser_screen.currentData())
        settings.memory_budget_mb = dialog.memory_budget.value()
        if getattr(self.ws, "memory", None) is not None:
            self.ws.memory.set_limit(budget_bytes(settings.memory_budget_mb))  # at once: frames over it go
    def show_setup(self) -> None:
        """The first-run wizard again, from the menu; what it changes applies as Preferences' changes do."""
        from viewer.ui.setup_wizard import SetupWizard

        self.setup_wizard = wizard = SetupWizard(self.ws.settings, self.ws.paths, self.ws.home, self.language,
                                                 from_menu=True, parent=self)
        if wizard.exec():
            self.browser.reload_nodes()
            self.transfers.queue = self.ws.transfers.ensure_queue()
            self.transfers.refresh()
            if wizard.language != self.language:
                self.language_changed.emit(wizard.language)

    def show_keymap(self) -> None:
        box = QMessageBox(self)
        self.keymap_box = box
        box.setWindowTitle(self.tr("Keyboard and mouse"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.keymap_text())
        box.exec()

    def focus_worklist(self) -> None:
        """Ctrl+L: the worklist gets the keys (arrows, Return); a hidden one comes back."""
        self.studies_dock.show()
        self.studies_dock.raise_()
        self.browser.table.setFocus()

    def show_about(self) -> None:
        self.about_box = AboutBox(self.language, self)
        self.about_box.exec()

    def keymap_text(self) -> str:
        """Written from the key map in use, for the active view's mode (and the measuring tool if one is
        chosen): what it says is what the keys do now."""
        active = self.ws.views.active
        mode = active.mode() if active is not None else "stack"
        return help_text(self.ws.keymap, self.language, mode, measuring=self.ws.tool is not None and mode != "volume")

    # ------------------------------------------------------------------ files dropped, closing
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.start_import(paths)
            event.acceptProposedAction()

    def closeEvent(self, event) -> None:  # noqa: N802
        self._arrivals.stop()
        self.theatre.close()
        self.report.shutdown()
        if self.closes_workstation:
            self.ws.stop_background()  # unfinished retrieves stay on file and resume at next start
        self.bindings.detach()
        self.screens.close()
        self.browser.shutdown()
        self.grid.release()
        super().closeEvent(event)
