"""``cauri studies [--json] [filters]``: list what the local study cache holds."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import unicodedata

from viewer.core.paths import resolve_paths

_COLUMNS = (
    ("Patient ID", 16),
    ("Name", 28),
    ("Date", 10),
    ("Mod.", 8),
    ("Description", 28),
    ("Accession", 14),
    ("Ser.", 4),
    ("Inst.", 6),
    ("Study UID", 0),  # never truncated: it is what other commands take
)


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "studies",
        help="list the studies in the local cache",
        description="List the studies in the local cache, newest first. Text filters are "
        "case-insensitive and accept DICOM wildcards (* and ?); a name without wildcard matches "
        "names that start with it.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")
    parser.add_argument("--patient-id", metavar="ID", help="patient ID (exact, or with wildcards)")
    parser.add_argument("--name", metavar="NAME", help="patient name, e.g. 'dupont' or 'dup*^j*'")
    parser.add_argument("--modality", metavar="MOD", help="modality code, e.g. CT (or CT,MR)")
    parser.add_argument("--date-from", metavar="DATE", type=_date, help="study date from (YYYYMMDD or YYYY-MM-DD)")
    parser.add_argument("--date-to", metavar="DATE", type=_date, help="study date up to (inclusive)")
    parser.add_argument("--accession", metavar="NUMBER", help="accession number (exact, or with wildcards)")
    parser.add_argument("--limit", metavar="N", type=int, help="show at most N studies")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import utf8_output
    from viewer.store.cache import StudyCache
    from viewer.store.records import StudyQuery
    from viewer.store.schema import IndexUnusable
    from viewer.store.study_flags import StudyFlags

    utf8_output()
    query = StudyQuery(
        patient_id=args.patient_id,
        name=args.name,
        modality=args.modality,
        date_from=args.date_from,
        date_to=args.date_to,
        accession=args.accession,
        limit=args.limit,
    )
    try:
        with StudyCache(resolve_paths(args.home).ensure().store) as cache:
            studies = cache.find_studies(query)
            flags = StudyFlags(cache.root).all()
    except IndexUnusable as exc:
        print(f"cauri studies: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:
        print(f"cauri studies: cannot open the study cache ({exc})", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([_as_json(s, flags.get(s.study_uid, {})) for s in studies], ensure_ascii=False, indent=2))
    elif not studies:
        print("No matching study in the cache.")
    else:
        _print_table(studies)
    return 0


def _as_json(s, flags: dict) -> dict:
    return {
        "patient_id": s.patient_id,
        "patient_name": s.patient_name,
        "issuer": s.issuer,
        "birth_date": s.birth_date,
        "sex": s.sex,
        "study_uid": s.study_uid,
        "study_date": s.study_date,
        "description": s.description,
        "accession": s.accession,
        "modalities": list(s.modalities),
        "series_count": s.series_count,
        "instance_count": s.instance_count,
        "on_archive": s.on_archive,  # evicted from the cache (cauri cache): retrieved again when opened
        "flags": sorted(flags),  # e.g. "external_opinion": a second opinion came back for it
    }


def _print_table(studies) -> None:
    rows = [
        (
            s.patient_id,
            s.patient_name,
            _show_date(s.study_date),
            "/".join(s.modalities),
            s.description,
            s.accession,
            str(s.series_count),
            str(s.instance_count),
            s.study_uid,
        )
        for s in studies
    ]
    widths = []
    for i, (title, limit) in enumerate(_COLUMNS):
        natural = max([_width(title)] + [_width(r[i]) for r in rows])
        widths.append(min(natural, limit) if limit else natural)
    print(_line([t for t, _ in _COLUMNS], widths))
    print(_line(["-" * w for w in widths], widths))
    for row in rows:
        print(_line(row, widths))
    print(f"{len(rows)} stud{'y' if len(rows) == 1 else 'ies'}")


def _line(cells, widths) -> str:
    return "  ".join(_fit(c, w) for c, w in zip(cells, widths)).rstrip()


def _fit(text: str, width: int) -> str:
    if _width(text) > width:
        out = ""
        for ch in text:
            if _width(out + ch) > width - 1:
                break
            out += ch
        text = out + "…"
    return text + " " * (width - _width(text))


def _width(text: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _show_date(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:]}" if len(d) == 8 else d


def _date(text: str) -> str:
    digits = text.replace("-", "").replace(".", "").replace("/", "")
    if len(digits) != 8 or not digits.isdigit():
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYYMMDD or YYYY-MM-DD)")
    return digits
