"""``cauri protocols --study-uid UID [--json]``: which hanging protocol a cached study gets, with its cached
priors, and what each viewport of each stage shows (the window applies the same plan when the study opens)."""

from __future__ import annotations

import argparse
import json
import sqlite3

from viewer.commands._support import fail, open_cache, utf8_output
from viewer.core.paths import resolve_paths


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "protocols",
        help="which hanging protocol a cached study gets, and what each viewport shows",
        description="Match a study of the local cache against the hanging protocols (Cauri's, plugins', the "
        "reader's) with its cached priors, and say which protocol won, why, and for every stage what each "
        "viewport shows: study (current or prior N), series, window preset, view, flip, cine, link groups.",
    )
    parser.add_argument("--study-uid", metavar="UID", required=True, help="the study (Study Instance UID)")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument("--screens", metavar="N", type=int, default=1,
                        help="screens to lay out for (default 1: extra monitors fold into the first)")
    parser.add_argument("--lang", choices=("fr", "en"), default="en", help="language of names (default en)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.core.messages import in_language
    from viewer.model.hanging.library import ProtocolLibrary
    from viewer.model.hanging.plan import reading_plan
    from viewer.model.registry import load_plugins

    utf8_output()
    paths = resolve_paths(args.home)
    plugins = load_plugins()
    library = ProtocolLibrary.load(paths.config, plugins.hanging_protocols())
    try:
        paths.ensure()
        with open_cache(paths) as cache:
            if cache.study(args.study_uid) is None:
                return fail("protocols", f"no study {args.study_uid} in the cache")
            plan = reading_plan(cache, plugins.display_set_handlers(), library.protocols, args.study_uid,
                                max(1, args.screens))
    except (OSError, sqlite3.Error, ValueError) as exc:
        return fail("protocols", f"cannot read the study cache ({exc})")
    notes = [in_language(p, args.lang) for p in library.problems]
    if plan is None:
        return fail("protocols", "no hanging protocol matches (the fallback protocol is missing)")
    out = {
        "study_uid": args.study_uid,
        "protocol": plan.scored.protocol.id,
        "protocol_name": plan.scored.protocol.label(args.lang),
        "source": plan.scored.protocol.source,
        "score": plan.scored.score,
        "matched_on": list(plan.scored.reasons),
        "priors": [p.to_json() for p in plan.priors],
        "stages": [s.to_json(args.lang) for s in plan.stages],
        "problems": notes,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print(out)
    return 0


def _print(out: dict) -> None:
    print(f"Protocol: {out['protocol']} ({out['protocol_name']}, {out['source']}), score {out['score']}"
          f" ({', '.join(out['matched_on']) or 'fallback'})")
    priors = out["priors"]
    print(f"Priors in the cache: {len(priors)}" + "".join(
        f"\n  prior {i}: {_date(p['study_date'])} {'/'.join(p['modalities'])} {p['description']}"
        for i, p in enumerate(priors, 1)))
    for stage in out["stages"]:
        grid = "the reader's layout" if stage["rows"] == 0 else f"{stage['rows']} x {stage['cols']}"
        print(f"Stage {stage['stage']}/{stage['stages']}: {stage['stage_name']} ({grid})")
        for i, vp in enumerate(stage["viewports"], 1):
            if vp is None:
                print(f"  viewport {i}: empty")
                continue
            who = "current" if vp["role"] == "current" else f"prior {vp['prior']}"
            if vp["missing"]:
                print(f"  viewport {i}: {who}: nothing ({vp['missing']})")
                continue
            extras = [f"preset {vp['preset']}"] if vp["preset"] else []
            extras += [f"view {vp['view']}" + (f" {vp['plane']}" if vp["plane"] else "")] if vp["view"] != "2d" else []
            extras += ["flipped"] * vp["flip_h"] + ["cine"] * vp["cine"]
            if vp.get("fuse"):
                extras.append("fused with " + "/".join(vp["fuse"].get("modality", ())) or "fused")
            if vp.get("slab"):
                extras.append(f"slab {vp['slab']['mode']} {vp['slab']['mm']:g} mm")
            extras += [f"link {k}={v}" for k, v in vp["link"].items()]
            print(f"  viewport {i}: {who} {_date(vp['study_date'])} series {vp['series_number']} "
                  f"\"{vp['series_description']}\" ({vp['frames']} images) " + ", ".join(extras))


def _date(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d or "") == 8 else (d or "?")
