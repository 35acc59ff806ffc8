"""``cauri import PATH... [--json]``: fill the local study cache without opening a window."""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import sys
from collections import defaultdict

from viewer.commands._support import utf8_output
from viewer.core.paths import resolve_paths

EXIT_OK = 0
EXIT_NOTHING_IMPORTED = 1
EXIT_INTERRUPTED = 130

_EPILOG = """\
exit status:
  0    at least one instance is in the cache now (imported, or already there), or there was
       nothing to reject; files rejected along the way are listed but do not fail the command
  1    nothing could be imported: every file was rejected (or the cache cannot be opened)
  130  interrupted (Ctrl-C); what was stored before stays in the cache
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import",
        help="import DICOM files, folders, DICOMDIR media or zip archives into the local cache",
        description="Import DICOM files, folders (recursively), DICOMDIR media and zip archives "
        "into the local study cache. Files that are not usable DICOM are listed with a reason.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, DICOMDIR or .zip")
    parser.add_argument("--json", action="store_true", help="print the import report as JSON")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.dicom import decoding
    from viewer.dicom.integrity import pixels_decode
    from viewer.store.cache import StudyCache
    from viewer.store.importer import import_paths
    from viewer.store.schema import IndexUnusable

    utf8_output()
    interrupted = []
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    progress = _Progress() if not args.json and sys.stderr.isatty() else None
    try:
        with StudyCache(resolve_paths(args.home).ensure().store) as cache:
            if cache.repaired:
                print(f"cauri import: {cache.repaired.text()}", file=sys.stderr)
            report = import_paths(cache, args.paths, progress=progress, cancel=lambda: bool(interrupted),
                                  judge=pixels_decode)
            _keep_limit(cache, args.home)
    except IndexUnusable as exc:
        print(f"cauri import: {exc}", file=sys.stderr)
        return EXIT_NOTHING_IMPORTED
    except (OSError, sqlite3.Error) as exc:
        print(f"cauri import: cannot open the study cache ({exc})", file=sys.stderr)
        return EXIT_NOTHING_IMPORTED
    finally:
        signal.signal(signal.SIGINT, previous)
        decoding.shutdown_default()  # started only if a second copy of an instance had to be judged
        if progress is not None:
            progress.clear()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_summary(report)
    if interrupted:
        return EXIT_INTERRUPTED
    if report.rejected and not (report.imported or report.already_present):
        return EXIT_NOTHING_IMPORTED
    return EXIT_OK


def _keep_limit(cache, home) -> None:
    """The cache under the settings' size limit, as the window keeps it after an import (``cauri cache``)."""
    from viewer.core.settings import Settings
    from viewer.store.eviction import limit_bytes
    from viewer.workstation.cache_keeper import keep_under_limit, unsent_work

    limit = limit_bytes(Settings.load(resolve_paths(home).settings_file).cache_limit_gb)
    if limit:
        plan, done = keep_under_limit(cache, limit, unsent_work(cache.root))
        if done.studies or plan.short:
            print(f"cauri import: cache limit: {done.studies} study(ies) evicted to the archive"
                  + (f", {len(plan.held)} protected held for confirmation (cauri cache status)" if plan.short else ""),
                  file=sys.stderr)


def _print_summary(report) -> None:
    print(
        f"Imported: {report.imported} new instance(s), {report.already_present} already present, "
        + (f"{report.replaced} undecodable stored copy(ies) replaced, " if report.replaced else "")
        + f"{len(report.rejected)} rejected, in {len(report.study_uids)} stud{'y' if len(report.study_uids) == 1 else 'ies'}."
    )
    if report.cancelled:
        print("The import was stopped before the end; what was stored stays in the cache.")
    by_reason: dict[str, list[str]] = defaultdict(list)
    for rejection in report.rejected:
        by_reason[rejection.reason].append(rejection.source)
    if by_reason:
        print("Rejected:")
    for reason, sources in by_reason.items():
        print(f"  {reason} ({len(sources)}):")
        for source in sources[:10]:
            print(f"    {source}")
        if len(sources) > 10:
            print(f"    ... and {len(sources) - 10} more (--json lists them all)")


class _Progress:
    def __call__(self, done: int, total: int | None) -> None:
        text = "counting files..." if total is None else f"importing {done}/{total}"
        sys.stderr.write("\r" + text + "   ")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r" + " " * 40 + "\r")
        sys.stderr.flush()
