"""``cauri audit verify|show|export``: the audit trail (``viewer.core.audit``), read without a window."""

from __future__ import annotations

import argparse
import csv
import json
import sys

_EPILOG = """\
exit status:
  0  verify: every record is intact and in order; show/export: done
  1  verify: the chain is broken (the first bad line is named); export: the file could not be written
"""

COLUMNS = ("seq", "time", "user", "host", "ae", "action", "study_uid", "accession", "count", "peer", "outcome")


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "audit", help="verify, show or export the audit trail (who opened, imported, received, sent... which study)",
        description="The audit trail is hash-chained: verify finds a changed, removed or reordered record.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    sub.add_parser("verify", help="check that no record was changed, removed or reordered")
    show = sub.add_parser("show", help="print the latest records")
    show.add_argument("--last", type=int, default=50, metavar="N", help="how many (default 50; 0: all)")
    show.add_argument("--json", action="store_true", help="JSON lines, as stored")
    export = sub.add_parser("export", help="write the records to a file (JSON lines or CSV)")
    export.add_argument("--out", required=True, metavar="FILE", help="FILE.jsonl or FILE.csv")
    for p in sub.choices.values():
        p.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands.import_cmd import utf8_output
    from viewer.core import audit

    utf8_output()
    path = audit.audit_path(args.home)
    if args.audit_action == "verify":
        verdict = audit.verify(path)
        if verdict.ok:
            print(f"audit trail intact: {verdict.records} record(s) ({path})")
            return 0
        print(f"cauri audit: the audit trail is broken at line {verdict.line}: {verdict.problem}; "
              f"{verdict.records} record(s) before it are intact ({path})", file=sys.stderr)
        return 1
    rows = list(audit.records(path))
    if args.audit_action == "show":
        if args.last:
            rows = rows[-args.last:]
        for r in rows:
            if args.json:
                print(json.dumps(r, ensure_ascii=False, sort_keys=True))
            else:
                print(f"{r['time']}  {r['action']:<8} {r['study_uid']}  acc={r['accession'] or '-'} "
                      f"n={r['count']} user={r['user']} ae={r['ae']} peer={r['peer'] or '-'} {r['outcome']}")
        return 0
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        if args.out.lower().endswith(".csv"):
            writer = csv.DictWriter(out, fieldnames=COLUMNS + ("prev", "hash"))
            writer.writeheader()
            for r in rows:
                writer.writerow({k: r.get(k, "") for k in COLUMNS + ("prev", "hash")})
        else:
            for r in rows:
                out.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} record(s) written to {args.out}")
    return 0
