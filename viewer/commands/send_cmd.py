"""``cauri send NODE --study-uid UID``: send a cached study (or series) by C-STORE or STOW-RS."""

from __future__ import annotations

import argparse
import json


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("send", help="send a cached study to a node (C-STORE or STOW-RS)",
                                   description="Send a study or series from the local cache, files as "
                                   "stored (no re-encoding). Exits 1 if any instance failed.")
    parser.add_argument("name", metavar="NODE", help="node name (see `cauri node list`)")
    parser.add_argument("--study-uid", metavar="UID", required=True)
    parser.add_argument("--series-uid", metavar="UID")
    parser.add_argument("--method", choices=["store", "stow"], help="default: C-STORE when the node has DIMSE")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import fail, open_cache, prepare
    from viewer.net import NetError
    from viewer.net.nodes import ConfigError
    from viewer.net.send import send_study

    paths, cfg = prepare(args)
    try:
        node = cfg.node(args.name)
        with open_cache(paths) as cache:
            report = send_study(cache, cfg, node, args.study_uid, args.series_uid, args.method)
    except (ConfigError, NetError) as exc:
        return fail("send", str(exc))
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(f"{report.method}: {report.sent} sent, {report.failed} failed of {report.total} "
              f"({report.seconds:.1f} s)")
        for error in report.errors[:20]:
            print(f"  {error}")
    return 0 if report.failed == 0 and report.total else 1
