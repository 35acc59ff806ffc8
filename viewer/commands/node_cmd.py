"""``cauri node add|list|remove``: the archives (PACS) and modalities Cauri talks to."""

from __future__ import annotations

import argparse
import json

from viewer.net.nodes import AUTH_KINDS, METHODS


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("node", help="configure archive nodes (PACS, modalities)",
                                   description="Add, list or remove the DICOM/DICOMweb nodes Cauri talks to.")
    sub = parser.add_subparsers(dest="node_action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add (or with --replace, change) a node")
    add.add_argument("name", help="a short name used by the other commands, e.g. pacs")
    add.add_argument("--aet", default="", help="the node's AE title")
    add.add_argument("--host", default="", help="host name or IP address")
    add.add_argument("--port", type=int, default=0, help="DICOM port")
    add.add_argument("--dicomweb", metavar="URL", default="", help="DICOMweb base URL, e.g. http://pacs:8042/dicom-web")
    add.add_argument("--auth", choices=AUTH_KINDS, default=None, help="DICOMweb authentication")
    add.add_argument("--user", default="", help="DICOMweb user name (basic authentication)")
    add.add_argument("--secret", default="", help="DICOMweb password (basic) or token (bearer)")
    add.add_argument("--tls-ca", metavar="PEM", default="", help="CA certificates for a TLS association")
    add.add_argument("--tls-cert", metavar="PEM", default="", help="our client certificate (TLS)")
    add.add_argument("--tls-key", metavar="PEM", default="", help="the key of --tls-cert")
    add.add_argument("--method", choices=METHODS, default=None, help="preferred retrieve method (default get)")
    add.add_argument("--as-stored", action="store_true",
                     help="WADO-RS: take images as the archive stores them, without asking it to compress them "
                          "losslessly (a fast link, a busy archive)")
    add.add_argument("--replace", action="store_true", help="replace a node of the same name")
    lst = sub.add_parser("list", help="list the nodes")
    lst.add_argument("--json", action="store_true", help="print JSON (secrets masked)")
    rm = sub.add_parser("remove", help="remove a node")
    rm.add_argument("name")
    for p in (add, lst, rm):
        p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import fail, prepare
    from viewer.net.nodes import ConfigError, Node

    _paths, cfg = prepare(args)
    try:
        if args.node_action == "add":
            auth = args.auth or ("basic" if args.user else "none")
            node = Node(
                name=args.name, ae_title=args.aet, host=args.host, port=args.port,
                tls_ca=args.tls_ca, tls_cert=args.tls_cert, tls_key=args.tls_key,
                dicomweb_url=args.dicomweb, auth=auth, username=args.user, secret=args.secret,
                retrieve_method=args.method or ("get" if args.aet else "wado"),
                wire_compression=not args.as_stored,
            )
            cfg.add(node, replace_existing=args.replace)
            cfg.save(args.home)
            print(f"Node {node.name!r} saved.")
        elif args.node_action == "remove":
            cfg.remove(args.name)
            cfg.save(args.home)
            print(f"Node {args.name!r} removed.")
        elif args.json:
            print(json.dumps([n.public_dict() for n in cfg.nodes], ensure_ascii=False, indent=2))
        elif not cfg.nodes:
            print("No node configured. Add one with: cauri node add NAME --aet AET --host HOST --port PORT")
        else:
            for n in cfg.nodes:
                dimse = f"{n.ae_title}@{n.host}:{n.port}" + (" (TLS)" if n.uses_tls else "") if n.has_dimse else "-"
                web = n.dicomweb_url or "-"
                print(f"{n.name:<16} {dimse:<40} {web:<40} retrieve: {n.retrieve_method}")
    except ConfigError as exc:
        return fail("node", str(exc))
    return 0
