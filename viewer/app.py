"""Composition root of the GUI: wires paths, settings, cache, plugins and the main window."""

from __future__ import annotations

import errno
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_S = 180.0


@dataclass
class AppContext:
    paths: object
    settings: object
    cache: object
    plugins: object
    loader: object
    language: str
    home: object = None  # --home / CAURI_HOME as given, for configuration files resolved elsewhere


def prepare_platform() -> None:
    # No display server (CI, SSH): Qt draws offscreen; our viewports render offscreen anyway.
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _parse_layout(text: str | None):
    if not text:
        return None
    try:
        rows, cols = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"cauri: --layout expects RxC such as 2x2, not {text!r}")
    if not (1 <= rows <= 3 and 1 <= cols <= 3):
        raise SystemExit("cauri: --layout goes from 1x1 to 3x3")
    return rows, cols


def demo_study_uid(cache) -> str | None:
    from viewer.dicom.demo import DEMO_PATIENT_ID
    from viewer.store.records import StudyQuery

    found = cache.find_studies(StudyQuery(patient_id=DEMO_PATIENT_ID))
    return found[0].study_uid if found and found[0].instance_count >= 200 else None


def run_gui(args) -> int:
    prepare_platform()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from viewer.core.logs import setup_logging
    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings
    from viewer.model.frames import FrameLoader
    from viewer.model.registry import load_plugins
    from viewer.render.gl import prepare_offscreen
    from viewer.store.cache import StudyCache
    from viewer.ui.i18n import install_language, resolve_language
    from viewer.ui.main_window import MainWindow

    prepare_offscreen()
    paths = resolve_paths(args.home).ensure()
    setup_logging(paths.logs)
    from viewer.core import audit

    audit.configure(args.home)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Cauri")
    settings = Settings.load(paths.settings_file)
    layout = _parse_layout(args.layout)
    language = resolve_language(args.lang or settings.language)
    install_language(app, language)
    cache = StudyCache(paths.store)
    ctx = AppContext(paths, settings, cache, load_plugins(), FrameLoader(), language, args.home)
    for name, reason in ctx.plugins.failed:
        print(f"cauri: plugin {name} failed to load: {reason}", file=sys.stderr)

    state = {"window": None, "pending": 0, "started": time.monotonic()}

    def make_window(study_uid: str | None = None):
        window = MainWindow(ctx)
        window.language_changed.connect(switch_language)
        window.job_done = lambda: state.__setitem__("pending", max(0, state["pending"] - 1))
        if layout and not study_uid:
            window.set_layout(*layout)
        if args.screenshot:
            window.resize(1600, 1000)
            window.show()
        else:
            window.resize(1400, 900)
            window.showMaximized()
        state["window"] = window
        return window

    def switch_language(choice: str) -> None:
        old = state["window"]
        study = old._study.study_uid if old._study else None
        ctx.language = install_language(app, resolve_language(choice))
        settings.save(paths.settings_file)
        if old.queue is not None:  # one queue per cache: the new window resumes it from its file
            old.queue.stop(timeout=10)
            old.queue.cache.close()
            old.queue = old.transfers.queue = None
        new = make_window(study)
        if new.queue is not None and state.get("scp") is not None:
            new.queue.scp = state["scp"]
        if study:
            new.open_study(study)
        old.close()
        old.deleteLater()

    window = make_window()
    if cache.repaired:  # what a full disk or a kill -9 had left, and what was done about it
        from viewer.core.messages import in_language

        window.status_label.setText(in_language(cache.repaired.text(), ctx.language))
    QTimer.singleShot(0, _warm_up)
    if not args.screenshot:
        from viewer.ui.single_instance import InstanceServer

        server = InstanceServer(paths)
        server.request.connect(lambda msg: _on_remote_request(state["window"], msg))
        state["server"] = server
        state["scp"] = _start_storage_listener(args.home, paths, state)
        if state["scp"] is not None and window.queue is not None:
            window.queue.scp = state["scp"]  # C-MOVE retrieves land on the application's own listener
    open_request = getattr(args, "open_request", None)
    if open_request is not None:
        state["pending"] += 1
        window.open_request(open_request)
    if args.demo:
        uid = demo_study_uid(cache)
        if not layout:
            window.set_layout(1, 2)
        if uid:
            window.open_study(uid)
        else:
            state["pending"] += 1
            window.start_demo()
    if args.paths:
        missing = [p for p in args.paths if not Path(p).exists()]
        for p in missing:
            print(f"cauri: not found: {p}", file=sys.stderr)
        existing = [p for p in args.paths if Path(p).exists()]
        if existing:
            if window.job_running():
                _queue_after(window, existing, state)
            else:
                state["pending"] += 1
                window.start_import(existing)

    if args.mpr or args.volume:
        def enter_mpr():
            win = state["window"]
            if state["pending"] or win.job_running() or win.grid.active is None or win.grid.active.state.display_set is None:
                if time.monotonic() - state["started"] < SCREENSHOT_TIMEOUT_S:
                    QTimer.singleShot(100, enter_mpr)
                return
            win.grid.set_active(win.grid.visible_viewports()[0])
            fill = None
            if args.mpr:
                win.toggle_mpr()
                fill = win.mpr.fill
            if args.volume:
                win.toggle_volume_rendering()
                fill = fill or getattr(win, "_vr_fill", None)
            if fill is not None and fill.isRunning():
                state["pending"] += 1
                fill.finished.connect(lambda: state.__setitem__("pending", state["pending"] - 1))

        QTimer.singleShot(0, enter_mpr)

    if args.screenshot:
        target = Path(args.screenshot)

        def poll():
            win = state["window"]
            timed_out = time.monotonic() - state["started"] > SCREENSHOT_TIMEOUT_S
            busy = state["pending"] or win.job_running() or not win.grid.all_ready() or win.browser.thumbnails_pending()
            if not timed_out and busy:
                QTimer.singleShot(100, poll)
                return
            for vp in win.grid.visible_viewports():
                vp.render_sync()
            app.processEvents()
            target.parent.mkdir(parents=True, exist_ok=True)
            ok = win.grab().save(str(target), "PNG")
            if timed_out:
                print("cauri: screenshot taken before every viewport had rendered (timeout)", file=sys.stderr)
            app.exit(0 if ok and not timed_out else 2)

        QTimer.singleShot(200, poll)

    rc = app.exec()
    # Close explicitly: GL contexts and worker pools must go before the interpreter tears down.
    state["window"].close()
    if state.get("scp") is not None:
        state["scp"].stop()
    ctx.loader.shutdown()
    cache.close()
    return rc


def _warm_up() -> None:
    """Pay one-time lazy imports (numpy's median machinery, geometry) while the user is still
    looking at the study list, not when the first study opens."""
    from viewer.dicom.geometry import sort_stack
    from viewer.model import decoding

    sort_stack([(0.0, 0.0, float(z)) for z in range(3)], [(1.0, 0.0, 0.0, 0.0, 1.0, 0.0)] * 3)
    # A decode worker takes ~0.6 s to start: start one now so the first compressed image does not wait.
    decoding.default_service().warm(1)


def _start_storage_listener(home, paths, state):
    """Receive pushes from modalities and archives while the workstation runs (configured peers only)."""
    from PySide6.QtCore import QTimer

    from viewer.net.nodes import NetworkConfig
    from viewer.net.storage_scp import StorageSCP
    from viewer.store.cache import StudyCache

    config = NetworkConfig.load(home)
    if not config.nodes:
        return None
    arrivals = {"n": 0, "seen": 0}

    def refresh():
        if arrivals["n"] != arrivals["seen"]:
            arrivals["seen"] = arrivals["n"]
            state["window"].browser.refresh_requested()

    try:
        scp = StorageSCP(StudyCache(paths.store), config, on_instance=lambda _uid: arrivals.__setitem__("n", arrivals["n"] + 1)).start()
    except OSError as exc:
        log.warning("storage listener not started on port %d (%s)", config.workstation.storage_port, type(exc).__name__)
        _say_listener_down(state["window"], config.workstation.storage_port, exc)
        return None
    timer = QTimer(state["window"])
    timer.timeout.connect(refresh)
    timer.start(2000)
    state["scp_timer"] = timer
    return scp


def _say_listener_down(window, port: int, exc: OSError) -> None:
    """Pushes from modalities and C-MOVE retrieves need the listener: the reader must see why it is off."""
    from PySide6.QtCore import QCoreApplication

    from viewer.net.storage_scp import TLSSetupError

    translate = QCoreApplication.translate
    if isinstance(exc, TLSSetupError):
        why = translate("Cauri", "its TLS certificate, key or CA cannot be used (Preferences > Network)")
    elif exc.errno in (errno.EADDRINUSE, errno.EACCES):
        why = translate("Cauri", "the port is in use or not allowed")
    else:
        why = (exc.strerror or type(exc).__name__).lower()
    text = translate("Cauri", "DICOM reception is off: port %1 could not be opened: %2")
    text = text.replace("%1", str(port)).replace("%2", why)
    window.status_label.setText(text)


def _on_remote_request(window, message: dict) -> None:
    from viewer.net.launch import OpenRequest

    if isinstance(message.get("open"), dict):
        window.open_request(OpenRequest.from_json(message["open"]))
        window.raise_()
        window.activateWindow()


def _queue_after(window, paths, state) -> None:
    """Import command-line paths once the demo preparation has finished."""
    previous = window.job_done

    def then():
        previous()
        window.job_done = previous
        state["pending"] += 1
        window.start_import(paths)

    window.job_done = then
