"""The workstation's window over time, and what the command line asks of it.

``WindowShell`` keeps one main window on the workstation: it makes it, makes a new one in another language
(the workstation, its queue and its listener stay) and takes a later launch's request (``cauri open``).
``CommandLine`` does what the command line asked once the window is up: the
RIS request, the demo, the paths to import, MPR or 3-D of the first series, and the screenshot taken once
every viewport has drawn.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from viewer.net.launch import OpenRequest
from viewer.ui.i18n import install_language, resolve_language
from viewer.ui.main_window import MainWindow
from viewer.ui.single_instance import InstanceServer

SCREENSHOT_TIMEOUT_S = 180.0
POLL_MS = 100


class WindowShell(QObject):
    def __init__(self, app, ws, screenshot: bool, layout=None) -> None:
        super().__init__()
        self.app, self.ws = app, ws
        self.screenshot = screenshot
        self.window: MainWindow | None = None
        self.server = None
        self.make_window(layout)

    def make_window(self, layout=None) -> MainWindow:
        window = MainWindow(self.ws)
        window.language_changed.connect(self.switch_language)
        if layout:
            window.set_layout(*layout)
        window.screens.show(self.screenshot)
        # Keyboard shortcuts (Ctrl+Q, M, D, the number keys) act only in the active window: without a
        # window manager to activate it (a kiosk, Xvfb), none of them worked until the reader clicked.
        window.raise_()
        window.activateWindow()
        self.window = window
        return window

    def switch_language(self, choice: str) -> None:
        """A new window in the chosen language on the same workstation, the open study open again."""
        old, ws = self.window, self.ws
        study = ws.study.study_uid if ws.study is not None else None
        ws.language = install_language(self.app, resolve_language(choice))
        ws.settings.save(ws.paths.settings_file)
        old.closes_workstation = False
        old.close()
        old.deleteLater()
        self.make_window()
        if study:
            ws.open_study(study)

    def serve(self) -> None:
        """Later launches (a RIS's ``cauri open``) hand their request to this workstation; pushes come in."""
        self.server = InstanceServer(self.ws.paths)
        self.server.request.connect(lambda message: remote_request(self.window, message))
        self.ws.start_listener()


def remote_request(window, message: dict) -> None:
    """A later launch's request (``{"open": OpenRequest}``), done in the running window, which comes forward."""
    if isinstance(message.get("open"), dict):
        window.ws.open_request(OpenRequest.from_json(message["open"]))
        window.raise_()
        window.activateWindow()


class CommandLine(QObject):
    """What ``cauri [--demo] [--mpr] [--volume] [--screenshot FILE] [PATH...]`` asks, done in order."""

    def __init__(self, shell: WindowShell, args, layout, demo_uid: str | None, finish=None, disc=None) -> None:
        """``finish(exit status)`` ends the program once the screenshot is saved (the application's exit);
        ``disc``: the folder of a disc to show in place (``--media``)."""
        super().__init__()
        self.shell, self.ws, self.args = shell, shell.ws, args
        self.finish = finish or shell.app.exit
        self.started = time.monotonic()
        self.views_pending = bool(args.mpr or args.volume)  # MPR / 3-D not entered yet
        request = getattr(args, "open_request", None)
        if request is not None:
            self.ws.open_request(request)
        if args.demo:
            if not layout:
                shell.window.set_layout(1, 2)
            if demo_uid:
                self.ws.open_study(demo_uid)
            else:
                self.ws.start_demo()
        if disc is not None:
            self.ws.start_disc(disc)
        self._import_paths()
        if getattr(args, "theatre", False):
            self.ws.enter_theatre()
        if self.views_pending:
            QTimer.singleShot(0, self._enter_views)
        if args.screenshot:
            QTimer.singleShot(2 * POLL_MS, self._poll_screenshot)

    def _import_paths(self) -> None:
        if not self.args.paths:
            return
        for p in self.args.paths:
            if not Path(p).exists():
                print(f"cauri: not found: {p}", file=sys.stderr)
        existing = [p for p in self.args.paths if Path(p).exists()]
        if existing:
            self.ws.start_import(existing, after_current=True)  # after the demo's preparation, if any

    def _timed_out(self) -> bool:
        return time.monotonic() - self.started > SCREENSHOT_TIMEOUT_S

    def _enter_views(self) -> None:
        ws, win = self.ws, self.shell.window
        active = ws.views.active
        if ws.busy() or active is None or active.state.display_set is None:
            if self._timed_out():
                self.views_pending = False
            else:
                QTimer.singleShot(POLL_MS, self._enter_views)
            return
        ws.views.set_active(ws.views.visible()[0])
        if self.args.mpr:
            win.toggle_mpr()
        if self.args.volume:
            win.toggle_volume_rendering()
        self.views_pending = False

    def _poll_screenshot(self) -> None:
        win = self.shell.window
        theatre = win.theatre.window  # theatre mode: its window is the one on screen
        timed_out = self._timed_out()
        shown = theatre if theatre is not None else win  # the reading window is hidden in theatre mode
        busy = self.views_pending or self.ws.busy() or not shown.grid.all_ready() \
            or (theatre is None and win.browser.thumbnails_pending())
        if busy and not timed_out:
            QTimer.singleShot(POLL_MS, self._poll_screenshot)
            return
        for vp in shown.grid.visible_viewports():
            vp.render_sync()
        self.shell.app.processEvents()
        if theatre is not None:
            ok = save_png(shown.grab(), Path(self.args.screenshot))
        else:
            ok = save_pictures(win.screens.screen_pictures(), Path(self.args.screenshot))
        if timed_out:
            print("cauri: screenshot taken before every viewport had rendered (timeout)", file=sys.stderr)
        self.finish(0 if ok and not timed_out else 2)


def save_pictures(pictures, target: Path) -> bool:
    """One screen: ``target``; several: one picture per screen, ``NAME-1.png``, ``NAME-2.png``..."""
    if len(pictures) == 1:
        return save_png(pictures[0], target)
    suffix = target.suffix or ".png"
    return all([save_png(p, target.with_name(f"{target.stem}-{i}{suffix}")) for i, p in enumerate(pictures, 1)])


def save_png(pixmap, target: Path) -> bool:
    """Written beside the target and renamed over it: a failure leaves no half-written file."""
    tmp = target.with_name(target.name + ".part")
    try:
        ok = pixmap.save(str(tmp), "PNG")
        if ok:
            os.replace(tmp, target)
        else:
            print(f"cauri: cannot write {target}", file=sys.stderr)
        return ok
    except OSError as exc:
        print(f"cauri: cannot write {target} ({(exc.strerror or type(exc).__name__).lower()})", file=sys.stderr)
        return False
    finally:
        tmp.unlink(missing_ok=True)
