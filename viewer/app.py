"""Composition root of the GUI: paths, settings, cache, plugins and loader make the workstation
(``viewer.workstation``), which the window shell shows and the command line drives (``ui.launch``)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

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
    parser.add_argument("--media", nargs="?", const="", metavar="PATH",
                        help="show a patient's disc (its DICOMDIR or folder) where it is, without importing it; "
                             "without PATH: the disc this program runs from")
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


def disc_to_show(args):
    """The disc ``--media`` asks to show in place (a folder), None, or an error text. A frozen build started
    from a disc with nothing else asked of it (no paths, no demo) shows that disc."""
    from viewer.model import media

    if args.media is None:
        return None if args.paths or args.demo else media.beside_executable()
    root = media.media_root(args.media) if args.media else media.beside_executable()
    if root is None:
        return "--media: no DICOMDIR beside this program; name the disc: --media PATH"
    if not root.is_dir():
        return f"--media: not found: {args.media}"
    return root


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
    disc = disc_to_show(args)
    if isinstance(disc, str):
        print(f"cauri: {disc}", file=sys.stderr)
        return EXIT_BAD_TARGET
    # Qt, VTK and the workstation are imported once the command line is known good: a wrong option or a
    # missing display answers at once instead of after a second of imports.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from viewer.core.logs import setup_logging
    from viewer.core.paths import resolve_paths
    from viewer.core.settings import Settings
    from viewer.model.frames import frame_loader
    from viewer.model.media import new_index
    from viewer.model.registry import load_plugins
    from viewer.render.gl import prepare_offscreen
    from viewer.store.cache import StudyCache
    from viewer.ui.i18n import install_language, resolve_language
    from viewer.ui.launch import CommandLine, WindowShell
    from viewer.ui.workstation_bridge import gui_workstation

    prepare_offscreen()
    paths, fallback = usable_paths(args.home)
    home = args.home if fallback is None else fallback
    setup_logging(paths.logs)
    from viewer.core import audit

    audit.configure(home)  # the temporary home when the profile cannot be written
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Cauri")
    settings = Settings.load(paths.settings_file)
    language = install_language(app, resolve_language(args.lang or settings.language))
    # The demo is for trying Cauri out: the wizard waits for the first real start.
    if disc is None and not args.screenshot and not getattr(args, "demo", False) and not settings.setup_done:
        from viewer.ui.setup_wizard import first_run

        settings, language = first_run(app, paths, settings, home, args.lang)
        paths = resolve_paths(home).ensure()  # the cache may have moved
    # A disc is shown from an index of its own, in a temporary folder of the user's cache: never the disc.
    index = new_index(paths.cache) if disc is not None else None
    cache = StudyCache(index or paths.store)
    ws = gui_workstation(paths, settings, cache, load_plugins(), frame_loader(settings.memory_budget_mb), language,
                          home)
    for name, reason in ws.plugins.failed:
        print(f"cauri: plugin {name} failed to load: {reason}", file=sys.stderr)
    shell = WindowShell(app, ws, bool(args.screenshot), layout)
    if fallback is not None:
        shell.window.job_status.say_temporary_home()
    QTimer.singleShot(0, ws.warm_up)
    if not args.screenshot and disc is None:
        shell.serve()
    plan = CommandLine(shell, args, layout, demo_study_uid(ws.cache) if args.demo else None, disc=disc)  # noqa: F841
    rc = app.exec()
    # Close explicitly: GL contexts and worker pools must go before the interpreter tears down.
    shell.window.close()
    ws.close()
    for scratch in (index, fallback):
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return rc


def usable_paths(home):
    """The user's folders, or (``--home`` not given, and they cannot be written: a locked-down PC, a profile
    on a read-only share) a temporary home that goes at exit: ``(paths, temporary home or None)``. A disc's
    viewer must open, whatever the machine lets it write."""
    from viewer.core.paths import resolve_paths

    try:
        return resolve_paths(home).ensure(), None
    except OSError as exc:
        if home or os.environ.get("CAURI_HOME"):
            raise
        temporary = tempfile.mkdtemp(prefix="cauri-")
        print(f"cauri: the profile folders cannot be written ({exc.strerror or type(exc).__name__}); "
              f"using a temporary folder", file=sys.stderr)
        return resolve_paths(temporary).ensure(), temporary
