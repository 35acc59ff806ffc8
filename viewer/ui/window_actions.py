"""The window's actions, toolbar and menus. Each action's keys are those the key map gives its name
(``viewer.tools.keymap``), so a reader's own map reaches the toolbar's tooltips and the menus too."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from viewer.ui.second_opinion_dialog import (
    import_reply_dialog,
    open_request_dialog,
    reply_dialog,
)
from viewer.ui.picture_dialog import export_picture
from viewer.ui.print_dialog import print_sheet

LAYOUTS = [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 2), (3, 3)]


def preset_action(key: int) -> str:
    """The key map's name of a number key's command."""
    return "auto_window" if key == 0 else "file_window" if key == 1 else f"preset_{key}"


class WindowActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.keymap = window.ws.keymap

    def action(self, text: str, slot, name: str | None = None, checkable: bool = False, tip: str | None = None) -> QAction:
        """A window command; its keys are those the key map gives ``name``."""
        w = self.window
        action = QAction(text, w)
        keys = self.keymap.keys(name) if name else []
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        tip_text = tip or text
        shown = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{tip_text} ({shown})" if keys else tip_text)
        w.addAction(action)
        return action

    def build(self) -> None:
        w, act = self.window, self.action
        image, volumes, jobs, grid = w.image_commands, w.volume_controls, w.job_status, w.grid
        tb = w.addToolBar(self.tr("Tools"))
        tb.setObjectName("tools")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        w.act_import = act(self.tr("Import files…"), jobs.import_files_dialog, "import_files")
        w.act_import_dir = act(self.tr("Import folder…"), jobs.import_folder_dialog, "import_folder")
        w.act_export_media = act(self.tr("Burn / Export…"), w.export_media,
                                 tip=self.tr("The study to a USB key, a folder to burn or an ISO image"))
        tb.addAction(w.act_import)
        # A disc shown in place (--media) is imported into the cache only when the reader asks.
        w.act_import_disc = act(self.tr("Import the disc into the cache"), jobs.import_disc,
                                tip=self.tr("Copy the disc's studies into this computer's study cache"))
        w.act_import_disc.setVisible(w.ws.disc is not None)
        tb.addAction(w.act_import_disc)
        tb.addSeparator()
        layout_menu = self._layout_menu(tb)
        tb.addWidget(w.window_button)
        for key in range(10):
            act(f"preset {key}", lambda _=False, k=key: image.apply_preset_key(k), preset_action(key))
        w.act_auto = act(self.tr("Auto window"), lambda: image.apply_preset_key(0))
        w.act_invert = act(self.tr("Invert"), image.invert, "invert")
        w.act_fit = act(self.tr("Fit"), lambda: image.call("fit"), "fit")
        w.act_one = act(self.tr("1:1"), lambda: image.call("one_to_one"), "one_to_one")
        w.act_rotate = act(self.tr("Rotate 90°"), lambda: image.change(lambda s: s.rotated(1)), "rotate")
        w.act_flip_h = act(self.tr("Flip H"), lambda: image.change(lambda s: s.flipped(True)), "flip_h")
        w.act_flip_v = act(self.tr("Flip V"), lambda: image.change(lambda s: s.flipped(False)), "flip_v")
        w.act_reset = act(self.tr("Reset"), image.escape, "reset")
        for a in (w.act_invert, w.act_fit, w.act_rotate, w.act_reset):
            tb.addAction(a)
        tb.addSeparator()
        w.act_cine = act(self.tr("Cine"), image.toggle_cine, "cine", tip=self.tr("Play/pause cine"))
        tb.addAction(w.act_cine)
        tb.addWidget(w.fps)
        tb.addSeparator()
        tb.addWidget(w.tool_combo)
        w.act_key = act(self.tr("Key image"), image.toggle_key_image, "key_image", tip=self.tr("Flag/unflag the image as a key image"))
        tb.addAction(w.act_key)
        act(self.tr("Distance tool"), lambda: w.tool_combo.setCurrentIndex(1), "length_tool")
        w.act_presentation = act(self.tr("Presentation state"), image.next_presentation, "presentation",
                                 tip=self.tr("Show the image as its next presentation state (GSPS) says"))
        w.act_delete = act(self.tr("Delete measurement"), w.measure.delete_selected, "delete")
        w.act_undo = act(self.tr("Undo"), w.measure.undo, "undo")
        w.act_redo = act(self.tr("Redo"), w.measure.redo, "redo")
        w.act_export_picture = act(self.tr("Export the image…"), lambda: export_picture(w),
                                   tip=self.tr("The viewport or the layout as PNG or JPEG, with or without the patient's identity"))
        w.act_print = act(self.tr("Print…"), lambda: print_sheet(w), tip=self.tr("A film sheet to a printer or a PDF"))
        w.act_save_findings = act(self.tr("Save findings as DICOM"), w.findings_dock.save, "save_findings")
        tb.addSeparator()
        w.act_mpr = act(self.tr("MPR"), volumes.toggle_mpr, "mpr", checkable=True, tip=self.tr("Multiplanar reconstruction"))
        tb.addAction(w.act_mpr)
        tb.addWidget(w.slab)
        tb.addWidget(w.slab_mode)
        w.act_vr = act(self.tr("3D"), volumes.toggle_volume, "volume", checkable=True, tip=self.tr("Volume rendering"))
        tb.addAction(w.act_vr)
        tb.addWidget(w.vr_preset)
        w.act_clip = act(self.tr("Clip…"), volumes.show_clip_dialog, tip=self.tr("3D clip box"))
        w.act_clip.setEnabled(False)
        tb.addAction(w.act_clip)
        tb.addSeparator()
        w.act_theatre = act(self.tr("Theatre"), lambda: w.ws.enter_theatre(), "theatre",
                            tip=self.tr("Theatre mode: full screen, by touch, read-only"))
        tb.addAction(w.act_theatre)
        w.act_overlays = act(self.tr("Overlays"), image.toggle_overlays, "overlays", checkable=True)
        w.act_overlays.setChecked(w.ws.settings.overlays_visible)
        w.act_prefs = act(self.tr("Preferences…"), w.show_preferences, "preferences")
        w.act_setup = act(self.tr("Setup wizard…"), w.show_setup)
        w.act_keys = act(self.tr("Keyboard and mouse"), w.show_keymap, "help")
        browser = w.browser
        w.act_next_study = act(self.tr("Next study"), lambda: browser.step_study(1), "next_study")
        w.act_previous_study = act(self.tr("Previous study"), lambda: browser.step_study(-1), "previous_study")
        w.act_next_unread = act(self.tr("Next unread study"), lambda: browser.step_study(1, unread_only=True), "next_unread")
        w.act_worklist = act(self.tr("Worklist"), w.focus_worklist, "worklist")
        w.act_about = act(self.tr("About Cauri"), w.show_about)
        self._menus(layout_menu)
        act(self.tr("Next viewport"), grid.cycle_active, "next_viewport")

    def _layout_menu(self, toolbar) -> QMenu:
        w = self.window
        button = QToolButton()
        button.setText(self.tr("Layout"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        group = QActionGroup(w)
        w.layout_actions = {}
        for rows, cols in LAYOUTS:
            a = menu.addAction(f"{rows} × {cols}")
            a.setCheckable(True)
            a.setChecked((rows, cols) == (w.ws.settings.grid_rows, w.ws.settings.grid_cols))
            group.addAction(a)
            a.triggered.connect(lambda _=False, r=rows, c=cols: w.set_layout(r, c))
            w.layout_actions[(rows, cols)] = a
        button.setMenu(menu)
        toolbar.addWidget(button)
        return menu

    def _menus(self, layout_menu: QMenu) -> None:
        w = self.window
        bar = w.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for a in (w.act_import, w.act_import_dir, w.act_import_disc, w.act_export_media):
            file_menu.addAction(a)
        file_menu.addSeparator()
        opinion = file_menu.addMenu(self.tr("Second opinion"))
        opinion.addAction(self.tr("Open a request…"), lambda: open_request_dialog(w))
        opinion.addAction(self.tr("Answer the request…"), lambda: reply_dialog(w))
        opinion.addAction(self.tr("Import a reply…"), lambda: import_reply_dialog(w))
        file_menu.addSeparator()
        file_menu.addAction(w.act_prefs)
        file_menu.addAction(w.act_setup)
        file_menu.addSeparator()
        file_menu.addAction(self._quit_action())
        view_menu = bar.addMenu(self.tr("&View"))
        layout_menu.setTitle(self.tr("Layout"))
        view_menu.addMenu(layout_menu)
        for a in (w.act_overlays, w.act_cine, w.act_mpr, w.act_vr, w.act_theatre):
            view_menu.addAction(a)
        image_menu = bar.addMenu(self.tr("&Image"))
        w.window_menu.setTitle(self.tr("Window/level"))
        image_menu.addMenu(w.window_menu)
        for a in (w.act_invert, w.act_fit, w.act_one, w.act_rotate, w.act_flip_h, w.act_flip_v, w.act_reset):
            image_menu.addAction(a)
        image_menu.addSeparator()
        image_menu.addAction(w.act_export_picture)
        image_menu.addAction(w.act_print)
        view_menu.addSeparator()
        for a in (w.act_worklist, w.act_next_study, w.act_previous_study, w.act_next_unread):
            view_menu.addAction(a)
        self._screens_menu(view_menu)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(w.act_keys)
        help_menu.addAction(w.act_about)

    def _screens_menu(self, view_menu: QMenu) -> None:
        """Several monitors: one window each or one over all, and the monitor of the worklist."""
        w = self.window
        count = len(QGuiApplication.screens())
        menu = view_menu.addMenu(self.tr("Screens"))
        menu.setEnabled(count > 1)
        group = QActionGroup(w)
        w.screen_mode_actions = {}
        for mode, text in (("windows", self.tr("One window per screen")), ("span", self.tr("One window over all screens"))):
            a = menu.addAction(text)
            a.setCheckable(True)
            a.setChecked(w.ws.settings.screen_mode == mode)
            group.addAction(a)
            a.triggered.connect(lambda _=False, m=mode: w.screens.set_mode(m))
            w.screen_mode_actions[mode] = a
        menu.addSeparator()
        places = QActionGroup(w)
        for i in range(count):
            a = menu.addAction(self.tr("Worklist on screen %1").replace("%1", str(i + 1)))
            a.setCheckable(True)
            a.setChecked(i == w.ws.settings.browser_screen)
            places.addAction(a)
            a.triggered.connect(lambda _=False, n=i: w.screens.put_browser_on(n))

    def _quit_action(self) -> QAction:
        """The platform's Quit keys (Ctrl+Q here) from any Cauri window: the clipping panel, a report."""
        w = self.window
        action = QAction(self.tr("Quit"), w)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        if QKeySequence("Ctrl+Q") not in keys:  # Windows has no Quit binding of its own
            keys.append(QKeySequence("Ctrl+Q"))
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(w.close)
        action.setToolTip(f"{action.text()} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        w.addAction(action)
        w.act_quit = action
        return action
