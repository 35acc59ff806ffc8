"""``cauri bench [--quick] [--json FILE] [CASE...]``: Cauri timed side by side with its peers, same run.

Meant for developers and for a hospital's IT checking a new workstation: inputs are generated (or
taken from the shared test corpus), peers that are not installed are reported as skipped, and the
figures come out as a table and, with ``--json``, as a list of objects.
"""

from __future__ import annotations

import argparse
import sys

from viewer.bench import CASES

_EPILOG = f"""\
cases (all by default, in this order): {', '.join(CASES)}

Inputs are written under DIR/bench with --home DIR (kept, so the next run reuses them: about 2 GB
for the default size), else under a temporary folder removed at the end; CAURI_HOME is not used for
them. Nothing is added to the home's own study cache. A default run takes a few minutes on 2 cores; --quick uses
smaller inputs. Ratios are Cauri's figure divided by the peer's, in the row's unit (for images/s and
files/s higher is better for Cauri, for ms lower is better). Both sides of a row do the same work with the
same statistic, and its note says how (threads, warm-up, runs, quality); a note in capitals (DIFFER, BLANK,
INCOMPLETE...) means the figure is not to be trusted.

exit status: 0 when every case ran (skipped ones included), 1 when a case failed, 2 on bad arguments.
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "bench",
        help="benchmark Cauri against peers (SimpleITK, DCMTK, pydicom, plain VTK) on this machine",
        description="Benchmark Cauri against the fastest peers, in the same run, and print a table.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("cases", nargs="*", metavar="CASE", help="cases to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller inputs: under 2 minutes")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as a JSON list to FILE")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.bench.results import write_json
    from viewer.bench.runner import print_table, run_cases

    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        print(f"cauri bench: unknown case(s) {', '.join(unknown)}; cases are {', '.join(CASES)}", file=sys.stderr)
        return 2
    rows = run_cases(args.cases or None, quick=args.quick, home=args.home)
    print_table(rows)
    if args.json:
        write_json(rows, args.json)
    return 1 if any(r.metric == "failed" for r in rows) else 0
