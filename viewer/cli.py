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
from viewer.app import add_home_argument, build_gui_parser, run_gui
from viewer.commands import _guard
from viewer.core.private import owner_only


def _subcommand_modules():
    for info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{_commands.__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cauri", description="Cauri DICOM workstation")
    parser.add_argument("--version", action="version", version=f"cauri {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _subcommand_modules():
        sp = module.add_parser(sub)
        add_home_argument(sp)
    return parser


def main(argv: list[str] | None = None) -> int:
    owner_only()  # everything Cauri writes (cache, index, logs, exports of patient images) is owner-only
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
            return _guard.run(lead[0], args.func, args)
        except BrokenPipeError:  # `cauri studies | head`: the reader left, nothing is wrong
            sys.stderr.close()
            return 0
    if argv[:1] in (["-h"], ["--help"]):
        parser.print_help()
        print()
        build_gui_parser().print_help()
        return 0
    return run_gui(build_gui_parser().parse_args(argv))
