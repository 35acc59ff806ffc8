"""``cauri config set|get|list``: the workstation's own AE title, storage port (and its TLS) and limits."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from viewer.net.nodes import Workstation


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("config", help="the workstation's network settings (AE title, storage port, TLS)",
                                   description="Read or change the workstation's own network settings: "
                                   + ", ".join(Workstation.KEYS) + ". TLS on the storage port: tls_cert and "
                                   "tls_key (PEM files); tls_ca as well to require client certificates signed by "
                                   "that CA; an empty value turns a setting off.")
    sub = parser.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    st = sub.add_parser("set", help="set KEY to VALUE")
    st.add_argument("key", choices=Workstation.KEYS)
    st.add_argument("value")
    gt = sub.add_parser("get", help="print the value of KEY")
    gt.add_argument("key", choices=Workstation.KEYS)
    ls = sub.add_parser("list", help="print every setting")
    for p in (st, gt, ls):
        p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import fail, prepare
    from viewer.net.nodes import ConfigError

    _paths, cfg = prepare(args)
    ws = cfg.workstation
    if args.config_action == "set":
        try:
            ws.set(args.key, args.value)
        except ConfigError as exc:
            return fail("config", str(exc))
        cfg.save(args.home)
        print(f"{args.key} = {getattr(ws, args.key)}")
        if args.key.startswith("tls_") and ws.tls_problem():
            print(f"cauri config: note: {ws.tls_problem()}", file=sys.stderr)
    elif args.config_action == "get":
        print(getattr(ws, args.key))
    else:
        for key, value in asdict(ws).items():
            print(f"{key} = {value}")
    return 0
