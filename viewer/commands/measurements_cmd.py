"""``cauri measurements --study-uid UID [--json]``: the study's measurements and annotations.

Lists those made in Cauri (the annotation store) and those read from SR and GSPS objects in the cache,
one row per measurement: the same measurement kept locally and saved as SR and GSPS is one row whose
``sources`` names all three. Values come from the pixels when the image is in the cache (Cauri's and
GSPS drawings), else as the SR states them. Measurements made on MPR planes reference no single image:
their rows give the Frame of Reference UID and the points in patient coordinates (mm) instead of a frame.
"""

from __future__ import annotations

import argparse
import json
import sys

from viewer.core.paths import resolve_paths


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "measurements",
        help="list a study's measurements (Cauri, SR, GSPS)",
        description="List the measurements and annotations of a study in the local cache: those made in "
        "Cauri and those read from structured reports (SR) and presentation states (GSPS).",
    )
    parser.add_argument("--study-uid", required=True, metavar="UID", help="Study Instance UID (see `cauri studies`)")
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")
    parser.set_defaults(func=run)
    return parser


def collect(cache, study_uid: str) -> tuple[list[dict], list[str]]:
    from viewer.model.measurements import (
        AnnotationStore,
        Source,
        compute_on_cache,
        read_findings,
    )

    from viewer.core.numbers import is_finite
    from viewer.model.measure.plane import patient_points

    rows: dict[str, dict] = {}
    volumes: dict = {}  # plane measurements of one series share its loaded volume
    findings = read_findings(cache, study_uid)
    for m in AnnotationStore(cache.root).load(study_uid) + findings.measurements:
        if m.id in rows:
            continue
        result = compute_on_cache(cache, m, volumes) if m.source is not Source.SR else None
        values = result.values if result is not None and result.values else m.reported
        rows[m.id] = {
            "id": m.id,
            "type": m.kind.value,
            "label": m.label,
            # Only numbers: a value that is not one (NaN) has no JSON form; ``messages`` say why it is missing.
            "values": [{"name": v.name, "value": v.value, "unit": v.unit} for v in values if is_finite(v.value)],
            "calibration": result.calibration if result is not None else "",
            "messages": list(result.messages) if result is not None else [],
            "series_instance_uid": m.image.series_uid,
            "sop_instance_uid": m.image.sop_uid,
            "frame": m.image.frame_number if m.plane is None else None,
            "frame_of_reference_uid": m.plane.frame_of_reference if m.plane is not None else None,
            "points_patient": [list(p) for p in patient_points(m)] if m.plane is not None else None,
            "source": m.source.value,
            "sources": list(dict.fromkeys([m.source.value] + findings.sources.get(m.id, []))),
            "source_sop_instance_uid": m.source_uid,
            "created": m.created,
        }
    return list(rows.values()), findings.problems


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import utf8_output
    from viewer.model.measure.text import format_number
    from viewer.store.cache import StudyCache
    from viewer.store.schema import IndexUnusable

    utf8_output()
    try:
        with StudyCache(resolve_paths(args.home).ensure().store) as cache:
            if cache.study(args.study_uid) is None and not _has_local(cache, args.study_uid):
                print("cauri measurements: no such study in the cache", file=sys.stderr)
                return 1
            rows, problems = collect(cache, args.study_uid)
    except IndexUnusable as exc:
        print(f"cauri measurements: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    if not rows:
        print("No measurement in this study.")
    for r in rows:
        values = ", ".join(f"{v['name']} {format_number(v['value'])} {v['unit']}".rstrip() for v in r["values"])
        values = values or (r["messages"][0] if r["messages"] else "-")  # why there is no value
        print(
            f"{'+'.join(r['sources']):<16} {r['type']:<14} {r['label'][:24]:<24} {values}"
            + (f"  [SOP {r['sop_instance_uid']} frame {r['frame']}]" if r["frame"] is not None
               else f"  [MPR plane, series {r['series_instance_uid']}, frame of reference {r['frame_of_reference_uid']}]")
        )
    if rows:
        print(f"{len(rows)} measurement{'s' if len(rows) != 1 else ''}")
    for p in problems:
        print(f"note: {p}", file=sys.stderr)
    return 0


def _has_local(cache, study_uid: str) -> bool:
    from viewer.model.measurements import AnnotationStore

    return AnnotationStore(cache.root).path_for(study_uid).exists()
