"""``cauri echo NODE``: is the node reachable and does it accept us? (C-ECHO, or a QIDO-RS ping)."""

from __future__ import annotations

import argparse
import time


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("echo", help="check that a node answers (C-ECHO or QIDO-RS)",
                                   description="Verify a node: C-ECHO for DICOM nodes; a one-result "
                                   "QIDO-RS search for DICOMweb-only nodes (or with --dicomweb).")
    parser.add_argument("name", help="node name (see `cauri node list`)")
    parser.add_argument("--dicomweb", action="store_true", help="ping the DICOMweb service even if DIMSE is configured")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import fail, prepare
    from viewer.net import NetError
    from viewer.net.nodes import ConfigError

    _paths, cfg = prepare(args)
    try:
        node = cfg.node(args.name)
        if node.has_dimse and not args.dicomweb:
            from viewer.net.dimse import echo

            seconds = echo(cfg.workstation, node)
            print(f"C-ECHO {node.name} ({node.ae_title}@{node.host}:{node.port}): OK in {seconds * 1000:.0f} ms")
        else:
            from viewer.net.dicomweb import Client

            start = time.perf_counter()
            Client(node).ping()
            print(f"QIDO-RS {node.name} ({node.dicomweb_url}): OK in {(time.perf_counter() - start) * 1000:.0f} ms")
    except (ConfigError, NetError) as exc:
        return fail("echo", str(exc))
    return 0
