"""The ``cauri`` command: the GUI by default, headless subcommands otherwise.

``cauri [--home DIR] [--demo] [--screenshot FILE.png] [--lang fr|en] [PATH...]`` opens the workstation;
``cauri SUBCOMMAND ...`` runs one of the modules of ``viewer.commands`` without any window.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from viewer import __version__
from viewer import commands as _commands


def _subcommand_modules():
    for info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{_commands.__name__}.{info.name}")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="keep everything (cache, index, settings, logs) under DIR (also: CAURI_HOME)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cauri", description="Cauri DICOM workstation")
    parser.add_argument("--version", action="version", version=f"cauri {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _subcommand_modules():
        sp = module.add_parser(sub)
        _add_common(sp)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cauri", description="Cauri DICOM workstation (GUI)")
    _add_common(parser)
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
    parser.add_argument("--media", nargs="?", const="", metavar="PATH",
                        help="show a patient's disc (its DICOMDIR or folder) where it is, without importing it; "
                             "without PATH: the disc this program runs from")
    parser.add_argument("paths", nargs="*", help="DICOM files, folders, DICOMDIR or zip to import and open")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    names = set(parser._subparsers._group_actions[0].choices) if parser._subparsers else set()  # type: ignore[union-attr]
    # A bare path (or no argument) opens the GUI; a known word runs a headless subcommand.
    # "--home DIR" may come before the subcommand as well as after it.
    lead = argv[2:] if argv[:1] == ["--home"] else (argv[1:] if argv[:1] and argv[0].startswith("--home=") else argv)
    if lead and lead[0] in names:
        home = argv[:len(argv) - len(lead)]
        args = parser.parse_args(lead[:1] + home + lead[1:])
        try:
            return int(args.func(args) or 0)
        except BrokenPipeError:  # `cauri studies | head`: the reader left, nothing is wrong
            sys.stderr.close()
            return 0
    if argv[:1] in (["-h"], ["--help"]):
        parser.print_help()
        print()
        build_gui_parser().print_help()
        return 0
    from viewer.app import run_gui

    return run_gui(build_gui_parser().parse_args(argv))
