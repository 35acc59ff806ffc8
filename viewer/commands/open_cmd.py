"""``cauri open``: the RIS/HIS launch. Hands the request to the running workstation, or starts one."""

from __future__ import annotations

import sys


def add_parser(sub):
    p = sub.add_parser("open", help="open a study by UID, accession or patient ID (RIS/HIS launch)")
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
    from viewer.app import prepare_platform

    prepare_platform()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from viewer.core.paths import resolve_paths
    from viewer.net.launch import OpenRequest
    from viewer.ui.single_instance import send_to_running

    request = OpenRequest(args.study_uid, args.accession, args.patient_id, args.node)
    paths = resolve_paths(args.home).ensure()
    QCoreApplication.instance() or QApplication([sys.argv[0]])
    if not args.screenshot and send_to_running(paths, {"open": request.to_json()}):
        print(f"cauri: handed to the running workstation ({request.describe()})")
        return 0
    from viewer.app import run_gui
    from viewer.cli import build_gui_parser

    gui_args = build_gui_parser().parse_args([])
    gui_args.home = args.home
    gui_args.screenshot = args.screenshot
    gui_args.lang = args.lang
    gui_args.open_request = request
    return run_gui(gui_args)
