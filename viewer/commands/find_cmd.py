"""``cauri find NODE [filters]``: search an archive (C-FIND Study Root, or QIDO-RS)."""

from __future__ import annotations

import argparse
import json

from viewer.commands._support import date_arg


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "find", help="search a remote archive (C-FIND or QIDO-RS)",
        description="Search a node at study, series or image level. Names accept DICOM wildcards "
        "(* and ?); a name without wildcard matches names that start with it.",
    )
    parser.add_argument("name", metavar="NODE", help="node name (see `cauri node list`)")
    parser.add_argument("--level", choices=["study", "series", "image"], default="study")
    parser.add_argument("--patient-id", metavar="ID")
    parser.add_argument("--name", dest="patient_name", metavar="NAME", help="patient name, e.g. 'dupont' or 'dup*^j*'")
    parser.add_argument("--birth-date", metavar="DATE", type=date_arg)
    parser.add_argument("--modality", metavar="MOD")
    parser.add_argument("--date-from", metavar="DATE", type=date_arg, help="study date from (inclusive)")
    parser.add_argument("--date-to", metavar="DATE", type=date_arg, help="study date up to (inclusive)")
    parser.add_argument("--accession", metavar="NUMBER")
    parser.add_argument("--description", metavar="TEXT", help="study (or series) description, wildcards allowed")
    parser.add_argument("--study-uid", metavar="UID")
    parser.add_argument("--series-uid", metavar="UID")
    parser.add_argument("--limit", type=int, metavar="N")
    parser.add_argument("--dicomweb", action="store_true", help="use QIDO-RS even if the node has DIMSE")
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import fail, prepare
    from viewer.net import NetError
    from viewer.net.query import RemoteQuery
    from viewer.net.nodes import ConfigError

    paths, cfg = prepare(args)
    q = RemoteQuery(
        level=args.level.upper(), patient_id=args.patient_id, name=args.patient_name,
        birth_date=args.birth_date, date_from=args.date_from, date_to=args.date_to,
        modality=args.modality, accession=args.accession, description=args.description,
        study_uid=args.study_uid, series_uid=args.series_uid, limit=args.limit,
    )
    try:
        node = cfg.node(args.name)
        if node.has_dimse and not args.dicomweb:
            from viewer.net.dimse import find

            rows = find(cfg.workstation, node, q)
        else:
            from viewer.net.dicomweb import Client

            rows = Client(node).search(q)
    except (ConfigError, NetError) as exc:
        return fail("find", str(exc))
    _mark_local(paths, rows, q.level)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("No match.")
    else:
        _print(rows, q.level)
    return 0


def _mark_local(paths, rows: list[dict], level: str) -> None:
    from viewer.net.availability import mark_availability
    from viewer.commands._support import open_cache

    with open_cache(paths) as cache:
        mark_availability(cache, rows, level)


def _print(rows: list[dict], level: str) -> None:
    if level == "STUDY":
        for r in rows:
            mods = "\\".join(r.get("modalities") or [])
            print(f"{r['patient_id'][:16]:<16} {r['patient_name'][:28]:<28} {r['study_date']:<8} {mods:<8} "
                  f"{r['description'][:24]:<24} {r['accession'][:12]:<12} {r.get('instance_count') or '?':>5} "
                  f"{r['local']:<7} {r['study_uid']}")
    elif level == "SERIES":
        for r in rows:
            print(f"{r['modality']:<4} {str(r.get('number') or ''):>4} {r['description'][:30]:<30} "
                  f"{r.get('instance_count') or '?':>5} {r['local']:<7} {r['series_uid']}")
    else:
        for r in rows:
            print(f"{str(r.get('instance_number') or ''):>5} {r['local']:<7} {r['series_uid']} {r['sop_uid']}")
