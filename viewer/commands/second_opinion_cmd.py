"""``cauri second-opinion create|open|reply|import``: the second opinion abroad, for scripts.

create (hospital): ``--study-uid UID [--series UID...] [--key-image SOP...] --question TEXT --physician NAME
[--deadline YYYY-MM-DD] [--profile second-opinion|basic|research] [--no-deidentify]
[--mask SERIES_UID:X,Y,W,H ...] [--accept-burned-in] --out FILE``
open (expert): ``PACKAGE`` imports the images and prints the question.
reply (expert): ``--request ID|--study-uid UID --answer TEXT|--answer-file F --expert NAME --out FILE``
import (hospital): ``PACKAGE`` puts the reply on the original patient and study, flagged "Avis externe".

The password never goes on the command line (other accounts can read it there): ``--password-file FILE``,
the environment variable ``CAURI_PACKAGE_PASSWORD``, or a prompt when run in a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from viewer.core.paths import resolve_paths

PASSWORD_ENV = "CAURI_PACKAGE_PASSWORD"


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "second-opinion", help="ask for a second opinion abroad, answer one, take the answer back",
        description="Second opinion abroad: a de-identified, encrypted package to send; the expert's reply "
        "lands back on the original study (pseudonym map kept on this workstation only).")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def common(p):
        p.add_argument("--password-file", metavar="FILE", help=f"file holding the password (else ${PASSWORD_ENV} or a prompt)")
        p.add_argument("--json", action="store_true", help="print the result as JSON")
        # Also after the action; SUPPRESS keeps a --home given before it (argparse copies a sub-parser's defaults over).
        p.add_argument("--home", default=argparse.SUPPRESS, metavar="DIR", help="Cauri's home folder")
        p.set_defaults(func=run)

    c = sub.add_parser("create", help="make a request package (hospital)")
    c.add_argument("--study-uid", required=True, metavar="UID")
    c.add_argument("--series", action="append", metavar="UID", help="a series to send (repeat; default: all)")
    c.add_argument("--key-image", action="append", metavar="SOP_UID", help="send only these images (repeat)")
    c.add_argument("--question", required=True, help="the clinical question")
    c.add_argument("--physician", required=True, help="the requesting physician")
    c.add_argument("--deadline", default="", metavar="YYYY-MM-DD")
    c.add_argument("--profile", default="second-opinion", help="de-identification profile (basic, second-opinion, research)")
    c.add_argument("--no-deidentify", action="store_true", help="send the images as they are (a colleague's own hospital)")
    c.add_argument("--mask", action="append", default=[], metavar="SERIES_UID:X,Y,W,H",
                   help="black out a region of every image of a series (repeat)")
    c.add_argument("--accept-burned-in", action="store_true",
                   help="the flagged images were checked: no text is burned into their pixels")
    c.add_argument("--out", required=True, metavar="FILE")
    common(c)
    o = sub.add_parser("open", help="open a request package (expert): import its images, show the question")
    o.add_argument("package", metavar="PACKAGE")
    common(o)
    r = sub.add_parser("reply", help="make the reply package (expert)")
    r.add_argument("--request", metavar="ID", help="the request's identifier (shown by open)")
    r.add_argument("--study-uid", metavar="UID", help="or the study the request brought")
    r.add_argument("--answer", help="the answer")
    r.add_argument("--answer-file", metavar="FILE", help="or a UTF-8 text file holding it")
    r.add_argument("--expert", required=True, help="the expert's name")
    r.add_argument("--institution", default="", help="the expert's hospital")
    r.add_argument("--out", required=True, metavar="FILE")
    common(r)
    i = sub.add_parser("import", help="import a reply package (hospital) onto the original study")
    i.add_argument("package", metavar="PACKAGE")
    common(i)
    return parser


def _password(args) -> str:
    if args.password_file:
        return Path(args.password_file).read_text(encoding="utf-8").rstrip("\r\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Password: ")
    raise ValueError(f"no password: give --password-file or set {PASSWORD_ENV}")


def _masks(specs: list[str]) -> dict:
    from viewer.distribute.deid.burned import Rect

    masks: dict = {}
    for spec in specs:
        series, _, box = spec.rpartition(":")
        try:
            x, y, w, h = (int(v) for v in box.split(","))
        except ValueError:
            raise ValueError(f"--mask {spec!r}: write SERIES_UID:X,Y,WIDTH,HEIGHT (pixels)") from None
        masks.setdefault(series, []).append(Rect(x, y, w, h))
    return masks


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import utf8_output
    from viewer.distribute.deid.options import UnknownProfile
    from viewer.distribute.second_opinion.package import PackageError
    from viewer.store.cache import StudyCache
    from viewer.store.schema import IndexUnusable

    utf8_output()
    name = f"cauri second-opinion {args.action}"
    try:
        password = _password(args)
        paths = resolve_paths(args.home).ensure()
        with StudyCache(paths.store) as cache:
            result = _ACTIONS[args.action](cache, paths, args, password)
    except (PackageError, UnknownProfile, ValueError, IndexUnusable, OSError) as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        series = getattr(exc, "series", None)
        for uid, reason in series or []:
            print(f"  series {uid}: {reason}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def _create(cache, paths, args, password) -> dict:
    from viewer.distribute.second_opinion.request import Request, create_request

    req = Request(study_uid=args.study_uid, question=args.question, physician=args.physician, deadline=args.deadline,
                  series_uids=args.series, key_images=args.key_image, deidentify=not args.no_deidentify,
                  profile=args.profile, masks=_masks(args.mask), accept_burned_in=args.accept_burned_in)
    done = create_request(cache, paths, req, password, Path(args.out))
    return {"package": str(done.path), "size_bytes": done.size, "instances": done.instances, "request": done.package_id,
            "flagged_series": done.flagged}


def _open(cache, paths, args, password) -> dict:
    from viewer.distribute.second_opinion.expert import open_request

    opened = open_request(cache, paths, Path(args.package), password)
    m = opened.manifest
    return {"request": m["package_id"], "study_uid": m["study_uid"], "patient_id": m.get("patient_id", ""),
            "question": m.get("question", ""), "physician": m.get("physician", ""), "deadline": m.get("deadline", ""),
            "instances": opened.instances}


def _reply(cache, paths, args, password) -> dict:
    from viewer.distribute.second_opinion.expert import find_request, make_reply

    if not (args.request or args.study_uid):
        raise ValueError("give --request ID or --study-uid UID")
    answer = Path(args.answer_file).read_text(encoding="utf-8") if args.answer_file else (args.answer or "")
    request = find_request(paths, args.request, args.study_uid)
    size = make_reply(cache, paths, request, answer, args.expert, password, Path(args.out), args.institution)
    return {"package": args.out, "size_bytes": size, "request": request["package_id"]}


def _import(cache, paths, args, password) -> dict:
    from viewer.distribute.second_opinion.request import import_reply

    done = import_reply(cache, paths, Path(args.package), password)
    return {"study_uid": done.study_uid, "instances": done.instances, "expert": done.expert, "answer": done.answer}


_ACTIONS = {"create": _create, "open": _open, "reply": _reply, "import": _import}
