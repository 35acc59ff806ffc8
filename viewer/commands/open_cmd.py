"""``cauri open``: the RIS/HIS launch. Hands the request to the running workstation, or starts one.

The study is looked for first, in the local cache and then on the named archive (or every configured
one): a request found nowhere ends here with a message on stderr and exit status 1 (a RIS must know), and
a running workstation is told as well, so that the reader at it sees why nothing opened.
"""

from __future__ import annotations

import sys
from dataclasses import replace

EXIT_NOT_FOUND = 1


def add_parser(sub):
    p = sub.add_parser("open", help="open a study by UID, accession or patient ID (RIS/HIS launch)",
                       description="Open a study in the workstation (the running one, or a new window). "
                       "Exits 1, with a message on stderr, when the study is neither in the local cache nor "
                       "on the archive (--node, or every configured node).")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--study-uid")
    which.add_argument("--accession")
    which.add_argument("--patient-id")
    p.add_argument("--node", help="archive to query and retrieve from when the study is not in the cache")
    p.add_argument("--screenshot", metavar="FILE.png", help="(new window only) save a screenshot once shown, then exit")
    p.add_argument("--lang", choices=["fr", "en"])
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    from viewer.core.paths import resolve_paths
    from viewer.net.launch import OpenRequest

    request = OpenRequest(args.study_uid, args.accession, args.patient_id, args.node)
    paths = resolve_paths(args.home).ensure()
    found, message = _locate(args, paths, request)
    if found is None:
        print(f"cauri open: {message}", file=sys.stderr)
        _hand_over(paths, request, gui_next=False)  # the running window searches too, and says it there
        return EXIT_NOT_FOUND
    request = found
    if not args.screenshot and _hand_over(paths, request, gui_next=True):
        print(f"cauri: handed to the running workstation ({request.describe()})")
        return 0
    from viewer.app import build_gui_parser, run_gui

    gui_args = build_gui_parser().parse_args([])
    gui_args.home = args.home
    gui_args.screenshot = args.screenshot
    gui_args.lang = args.lang
    gui_args.open_request = request
    return run_gui(gui_args)


def _locate(args, paths, request):
    """The request to open (naming the archive that has the study, when not local), or (None, why)."""
    from viewer.commands._support import open_cache
    from viewer.net.launch import find_local, find_on_nodes
    from viewer.net.nodes import ConfigError, NetworkConfig

    with open_cache(paths) as cache:
        if find_local(cache, request):
            return request, ""
    config = NetworkConfig.load(args.home)
    try:
        uid, node, errors = find_on_nodes(config, request, args.node)
    except ConfigError as exc:
        return None, str(exc)
    if uid:
        return replace(request, node=node), ""
    places = [n.name for n in config.nodes] if not args.node else [args.node]
    where = "the local cache" + (" nor on " + ", ".join(places) if places else " (no archive is configured)")
    details = f" ({'; '.join(errors)})" if errors else ""
    return None, f"{request.describe()} found neither in {where}{details}" if places else \
        f"{request.describe()} is not in {where}"


def _hand_over(paths, request, gui_next: bool) -> bool:
    """Give the request to the workstation running on this home; False when none runs. ``gui_next``: a
    window of ours may follow (then the application object must be a QApplication from the start; without
    a display none can follow, and handing over needs none)."""
    from PySide6.QtCore import QCoreApplication

    from viewer.app import has_display
    from viewer.ui.single_instance import send_to_running

    if QCoreApplication.instance() is None:
        if gui_next and has_display():
            from PySide6.QtWidgets import QApplication

            QApplication([sys.argv[0]])
        else:
            QCoreApplication([sys.argv[0]])
    return send_to_running(paths, {"open": request.to_json()})
