"""``cauri cache status|evict|pin|unpin``: the study cache's size against its limit, and what leaves it.

``evict`` without studies brings the cache under its limit (the settings', or ``--limit-gb``) as the window does
after an import: least recently opened first, never a protected study (pinned, key images, today's worklist,
unsent findings or report...). Naming studies evicts those; a protected one goes only with ``--yes``, the
reader's confirmation. Evicted studies stay listed "on the archive" and are retrieved again when opened.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from viewer.commands._support import fail, open_cache, utf8_output
from viewer.core.paths import resolve_paths


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "cache", help="the study cache's size and limit; evict, pin or unpin studies",
        description="The study cache against its size limit. Evicted studies stay listed 'on the archive' and "
                    "are retrieved again when opened.")
    sub = parser.add_subparsers(dest="action", required=True)
    status = sub.add_parser("status", help="size, limit, studies here and on the archive")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    evict = sub.add_parser("evict", help="bring the cache under its limit, or evict the studies named")
    evict.add_argument("--study-uid", dest="studies", action="append", default=[], metavar="UID",
                       help="evict this study (repeatable); a protected one needs --yes")
    evict.add_argument("--limit-gb", type=float, metavar="GB", help="this limit instead of the settings'")
    evict.add_argument("--yes", action="store_true", help="confirm the eviction of protected studies named")
    evict.add_argument("--json", action="store_true", help="print one JSON object")
    for name, text in (("pin", "keep these studies here (never evicted without confirmation)"),
                       ("unpin", "let these studies be evicted again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("uids", nargs="+", metavar="STUDY_UID")
    for action in sub.choices.values():  # "cauri cache evict ... --home DIR" too (SUPPRESS: a --home given
        # before the action is not overwritten by this one's default)
        action.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.core.settings import Settings
    from viewer.store.schema import IndexUnusable

    utf8_output()
    paths = resolve_paths(args.home).ensure()
    settings = Settings.load(paths.settings_file)
    try:
        with open_cache(paths) as cache:
            return _ACTIONS[args.action](args, cache, settings)
    except IndexUnusable as exc:
        return fail("cache", str(exc))
    except (OSError, sqlite3.Error) as exc:
        return fail("cache", f"cannot open the study cache ({exc})")


def _status(args, cache, settings) -> int:
    from viewer.store import eviction
    from viewer.workstation.cache_keeper import unsent_work

    limit = eviction.limit_bytes(settings.cache_limit_gb)
    plan = eviction.plan(cache, limit, unsent_work(cache.root))
    studies = cache.read("SELECT count(*), total(evicted_at > 0) FROM study")[0]
    out = {"bytes": plan.usage, "limit_bytes": limit, "studies": studies[0], "on_archive": int(studies[1]),
           "pinned": len(eviction.pinned(cache.root) & _uids(cache)), "would_evict": len(plan.chosen),
           "held": [{"study_uid": c.study_uid, "reasons": sorted(c.reasons)} for c in plan.held]}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"Cache: {_gb(plan.usage)} of {_gb(limit) if limit else 'no limit'}; {out['studies']} studies, "
          f"{out['on_archive']} on the archive, {out['pinned']} pinned.")
    if plan.chosen:
        print(f"Over the limit: {len(plan.chosen)} study(ies) would be evicted ({_gb(plan.freed)}).")
    for c in plan.held:
        print(f"  held for confirmation: {c.study_uid} ({eviction.reasons_text(c.reasons)})")
    return 0


def _evict(args, cache, settings) -> int:
    from viewer.store import eviction
    from viewer.workstation.cache_keeper import keep_under_limit, unsent_work

    extra = unsent_work(cache.root)
    held = []
    if args.studies:
        known = _uids(cache)
        unknown = [u for u in args.studies if u not in known]
        if unknown:
            return fail("cache", f"not in the local cache: {', '.join(unknown)}")
        reasons = eviction.protections(cache, list(args.studies), extra)
        if reasons and not args.yes:
            for uid, why in reasons.items():
                print(f"{uid}: {eviction.reasons_text(why)}", file=sys.stderr)
            return fail("cache", "protected studies are evicted only with --yes (the reader's confirmation)", 2)
        done = eviction.evict(cache, args.studies)
    else:
        limit = eviction.limit_bytes(args.limit_gb if args.limit_gb is not None else settings.cache_limit_gb)
        if not limit:
            return fail("cache", "no size limit is set (the first-run wizard or Preferences; or --limit-gb)")
        plan, done = keep_under_limit(cache, limit, extra)
        held = [{"study_uid": c.study_uid, "reasons": sorted(c.reasons)} for c in plan.held if plan.short]
    out = {"evicted": done.studies, "files": done.files, "bytes": done.bytes, "held": held,
           "usage_bytes": eviction.usage(cache)}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"Evicted {done.studies} study(ies), {done.files} file(s), {_gb(done.bytes)}; the cache holds "
              f"{_gb(out['usage_bytes'])}.")
        if held:
            print(f"Still over the limit: {len(held)} protected study(ies) wait for confirmation "
                  "(cauri cache status lists them; evict them by --study-uid with --yes).")
    return 0


def _pin(args, cache, settings, pinned: bool = True) -> int:
    from viewer.store import eviction

    known = _uids(cache)
    unknown = [u for u in args.uids if u not in known]
    if unknown:
        return fail("cache", f"not in the local cache: {', '.join(unknown)}")
    for uid in args.uids:
        eviction.pin(cache.root, uid, pinned)
    print(f"{'Pinned' if pinned else 'Unpinned'} {len(args.uids)} study(ies).")
    return 0


def _uids(cache) -> set[str]:
    return {r[0] for r in cache.read("SELECT uid FROM study")}


def _gb(n: int) -> str:
    return f"{n / 1e9:.3f} GB" if n >= 1e7 else f"{n / 1e6:.2f} MB"


_ACTIONS = {"status": _status, "evict": _evict, "pin": _pin,
            "unpin": lambda args, cache, settings: _pin(args, cache, settings, False)}
