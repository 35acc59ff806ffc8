"""``cauri retrieve NODE --study-uid UID``: fetch a study (or series) into the cache, resumably.

Blocks until done; prints counts; exits 1 unless every instance the archive lists is in the cache.
Run it again after an interruption: only what is missing is fetched.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("retrieve", help="retrieve a study from a node into the cache",
                                   description=__doc__.split("\n\n", 1)[1])
    parser.add_argument("name", metavar="NODE", help="node name (see `cauri node list`)")
    parser.add_argument("--study-uid", metavar="UID", required=True)
    parser.add_argument("--series-uid", metavar="UID")
    parser.add_argument("--method", choices=["get", "move", "wado"], help="default: the node's preferred method")
    parser.add_argument("--parallel", type=int, default=4, metavar="N", help="associations in parallel (default 4)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.dicom.integrity import judging_second_copies
    from viewer.commands._support import fail, open_cache, prepare
    from viewer.net import NetError
    from viewer.net.nodes import ConfigError
    from viewer.net.retrieve import retrieve_study

    paths, cfg = prepare(args)
    show = not args.quiet and not args.json and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\r{done}/{total} instances", end="", file=sys.stderr, flush=True)

    try:
        node = cfg.node(args.name)
        with open_cache(paths) as cache:
            judging_second_copies(cache)
            report = retrieve_study(cache, cfg, node, args.study_uid, args.series_uid, args.method,
                                    parallel=max(1, args.parallel), progress=progress)
    except (ConfigError, NetError) as exc:
        return fail("retrieve", str(exc))
    if show:
        print(file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        rate = report.received / report.seconds if report.seconds else 0.0
        print(f"{report.method}: {report.expected} listed, {report.present_before} already here, "
              f"{report.imported} imported, {report.rejected} rejected, {report.missing} missing "
              f"({report.seconds:.1f} s, {rate:.0f} instances/s)")
        for error in report.errors:
            print(f"  {error}", file=sys.stderr)
        print("complete" if report.complete else "INCOMPLETE: run the same command again to fetch the rest")
    return 0 if report.complete else 1
