"""Composition root of the GUI: paths, settings, cache, plugins and loader make the workstation
(``viewer.workstation``), which the window shell shows and the command line drives (``ui.launch``)."""

from __future__ import annotations

import argparse
import os
import sys

from viewer import __version__

EXIT_NO_DISPLAY = 2
EXIT_BAD_TARGET = 2
NO_DISPLAY = ("no display: run on a desktop, or use --screenshot under xvfb-run "
              "(xvfb-run -a cauri --screenshot FILE.png ...)")


def has_display() -> bool:
    """Whether a window can be shown. Without one (SSH, a server), Qt would either abort or, made to draw
    offscreen, run an invisible window for ever: the caller says so and stops instead. A platform chosen
    explicitly (QT_QPA_PLATFORM=offscreen for tests and scripts, vnc, eglfs...) is honoured."""
    if not sys.platform.startswith("linux"):
        return True
    x11, wayland = bool(os.environ.get("DISPLAY")), bool(os.environ.get("WAYLAND_DISPLAY"))
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if platform == "xcb":
        return x11
    if platform.startswith("wayland"):
        return wayland
    return bool(platform) or x11 or wayland


def add_home_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="keep everything (cache, index, settings, logs) under DIR (also: CAURI_HOME)",
    )


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cauri", description="Cauri DICOM workstation (GUI)")
    add_home_argument(parser)
    parser.add_argument("--version", action="version", version=f"cauri {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the built-in demo study")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render the window, save it as PNG once every visible viewport has drawn, and exit",
    )
    parser.add_argument("--lang", choices=["fr", "en"], help="user interface language")
    parser.add_argument("--layout", metavar="RxC", help="viewport grid, e.g. 1x1, 2x2, 3x3")
    parser.add_argument("--mpr", action="store_true", help="open the first series in MPR (axial, coronal, sagittal)")
    parser.add_argument("--volume", action="store_true", help="add a volume rendering of the first series (with --mpr: 2x2)")
    parser.add_argument("--theatre", action="store_true",
                        help="theatre mode: full screen, by touch, read-only, the study's key images first")
    parser.add_argument("paths", nargs="*", help="DICOM files, folders, DICOMDIR or zip to import and open")
    return parser


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
    if not has_display():
        print(f"cauri: {NO_DISPLAY}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    if args.screenshot:
        from viewer.core.atomic import unwritable_reason

        cannot = unwritable_reason(args.screenshot)  # before the home, the window, the import: nothing made
        if cannot:
            print(f"cauri: --screenshot: {cannot}", file=sys.stderr)
            return EXIT_BAD_TARGET
    layout = _parse_layout(args.layout)
    # Qt, VTK and the workstation are imported once the command line is known good: a wrong option or a
    # missing display answers at once instead of after a second of imports.
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
    from viewer.ui.launch import CommandLine, WindowShell
    from viewer.ui.workstation_bridge import gui_workstation

    prepare_offscreen()
    paths = resolve_paths(args.home).ensure()
    setup_logging(paths.logs)
    from viewer.core import audit

    audit.configure(args.home)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Cauri")
    settings = Settings.load(paths.settings_file)
    language = install_language(app, resolve_language(args.lang or settings.language))
    ws = gui_workstation(paths, settings, StudyCache(paths.store), load_plugins(), FrameLoader(), language, args.home)
    for name, reason in ws.plugins.failed:
        print(f"cauri: plugin {name} failed to load: {reason}", file=sys.stderr)
    shell = WindowShell(app, ws, bool(args.screenshot), layout)
    QTimer.singleShot(0, ws.warm_up)
    if not args.screenshot:
        shell.serve()
    plan = CommandLine(shell, args, layout, demo_study_uid(ws.cache) if args.demo else None)  # noqa: F841 (lives with exec)
    rc = app.exec()
    # Close explicitly: GL contexts and worker pools must go before the interpreter tears down.
    shell.window.close()
    ws.close()
    return rc
