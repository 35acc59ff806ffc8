"""``cauri report --study-uid UID [--json]``: the study's report status and text;
``cauri report --study-uid UID --template ct-thorax --text-file F [--preliminary|--final]``: write one.

The text file is the report in plain text: paragraphs under the template's headings ("Indication",
"Technique", "Résultats", "Conclusion"... as a line of its own, a trailing colon allowed) go to those
sections; text before any heading goes to the findings. ``--final`` signs with the reader's profile
(``--reader``/``--credentials`` override it), stores the SR and the PDF in the cache, queues the ORU for
``hl7_target`` and tries to deliver it (the outbox keeps it otherwise); ``--send NODE`` also sends the
two objects to that archive.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("report", help="a study's report: status and text, or write one",
                              description="Print a study's report (status, text), or write one from a text "
                              "file with a template (ct-thorax, ct-abdomen, ct-head, mr-brain, cr-chest, "
                              "us-abdomen, mammo, or an MRRT file).")
    p.add_argument("--study-uid", required=True, metavar="UID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--template", metavar="ID", help="template id or MRRT .html file (writing)")
    p.add_argument("--text-file", metavar="FILE", help="the report's text (writing)")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--final", action="store_true", help="sign and store the report")
    state.add_argument("--preliminary", action="store_true", help="store it as preliminary (not signed)")
    p.add_argument("--amend", action="store_true", help="amend the signed report with the text file")
    p.add_argument("--reader", metavar="NAME", help="signer (default: the profile's name)")
    p.add_argument("--credentials", metavar="TEXT", help="signer's title (default: the profile's)")
    p.add_argument("--send", metavar="NODE", help="also send the SR and PDF to this archive")
    p.add_argument("--deliver", action="store_true", help="only try to deliver the HL7 messages waiting")
    p.set_defaults(func=run)
    return p


def split_text(text: str, report) -> dict[str, str]:
    """Paragraphs under heading lines -> {section key: text}."""
    keys = {}
    for s in report.sections:
        for name in (s.title, s.key):
            keys[name.strip().lower()] = s.key
    findings = next((s.key for s in report.sections if s.key.lower() == "findings"), report.sections[0].key)
    out: dict[str, list[str]] = {}
    current = findings
    for line in text.splitlines():
        head = line.strip().rstrip(":\u00a0 ").lower()
        if head in keys and len(line.strip()) < 60:
            current = keys[head]
            out.setdefault(current, [])
            continue
        out.setdefault(current, []).append(line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import fail, open_cache, prepare

    paths, cfg = prepare(args)
    try:
        with open_cache(paths) as cache:
            if cache.study(args.study_uid) is None:
                return fail("report", "no such study in the cache")
            if args.deliver:
                return _deliver(paths, cfg)
            if args.text_file:
                code = _write(args, paths, cfg, cache)
                if code:
                    return code
            return _show(args, cache)
    except Exception as exc:  # a plain reason, never a traceback
        from viewer.core.messages import message_of

        return fail("report", message_of(exc))


def _outbox(paths):
    from viewer.report.outbox import Outbox

    return Outbox(paths.data / "hl7-outbox")


def _deliver(paths, cfg) -> int:
    if not cfg.workstation.hl7_target:
        print("cauri report: no hl7_target (cauri config set hl7_target HOST:PORT)", file=sys.stderr)
        return 1
    d = _outbox(paths).deliver(cfg.workstation.hl7_target)
    print(f"HL7: {d.sent} sent, {d.failed} refused, {d.pending} waiting")
    for e in d.errors:
        print(f"cauri report: {e}", file=sys.stderr)
    return 0 if not d.pending and not d.failed else 2


def _write(args, paths, cfg, cache) -> int:
    from pathlib import Path

    from viewer.commands._support import fail
    from viewer.core.settings import Settings
    from viewer.report.document import Reader, ReportStore, new_report
    from viewer.report.storing import store_report
    from viewer.report.templates import find_template
    from viewer.ui.report_pdf import pdf_bytes

    text = Path(args.text_file).read_text(encoding="utf-8")
    store = ReportStore(cache.root)
    report = store.load(args.study_uid)
    if args.amend:
        if report is None:
            return fail("report", "this study has no signed report to amend")
        report.amend()
    elif report is not None and not report.editable:
        return fail("report", "this study's report is signed; use --amend to correct it")
    elif report is None or (args.template and args.template != report.template_id and not report.history):
        if not args.template:
            return fail("report", "--template is needed to write a new report")
        template_id, template = find_template(args.template, paths.config)
        report = new_report(args.study_uid, template, template_id)
    for key, value in split_text(text, report).items():
        report.set_text(key, value)
    store.save(report)  # the draft first: nothing typed is lost whatever follows
    if not (args.final or args.preliminary or args.amend):
        return 0
    settings = Settings.load(paths.settings_file)
    reader = Reader(args.reader or settings.reader_name, args.credentials or settings.reader_credentials,
                    settings.institution_name, settings.reader_id)
    outbox = _outbox(paths) if cfg.workstation.hl7_target else None
    stored = store_report(cache, store, report, not args.preliminary, reader, pdf_bytes, outbox,
                          cfg.workstation.hl7_facility)
    print(f"report {stored.state}: SR {stored.sr_uid}, PDF {stored.pdf_uid}")
    if args.send:
        from viewer.net.send import send_study

        node = cfg.node(args.send)
        for series_uid in stored.series:
            r = send_study(cache, cfg, node, args.study_uid, series_uid=series_uid)
            print(f"sent to {node.name}: {r.sent}/{r.total}")
    if outbox is not None:
        d = outbox.deliver(cfg.workstation.hl7_target)
        print(f"HL7: {d.sent} sent, {d.pending} waiting" + (f" ({d.errors[0]})" if d.errors else ""))
    return 0


def _show(args, cache) -> int:
    from viewer.report.document import ReportStore
    from viewer.report.status import report_status, stored_reports

    status = report_status(cache, args.study_uid)
    reports = stored_reports(cache, args.study_uid)
    srs = [r for r in reports if r.kind == "SR"]
    latest = srs[-1] if srs else (reports[-1] if reports else None)
    draft = ReportStore(cache.root).load(args.study_uid)
    text = latest.text if latest is not None else (draft.text() if draft else "")
    if args.json:
        print(json.dumps({
            "study_instance_uid": args.study_uid,
            "status": status,
            "title": latest.title if latest else (draft.title if draft else ""),
            "sop_instance_uid": latest.sop_uid if latest else None,
            "observers": list(latest.observers) if latest else [],
            "sections": [{"heading": h, "text": t} for h, t in latest.sections] if latest else
                        ([{"heading": s.title, "text": s.text} for s in draft.sections] if draft else []),
            "text": text,
            "objects": [{"kind": r.kind, "sop_instance_uid": r.sop_uid, "status": r.status, "datetime": r.datetime}
                        for r in reports],
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"status: {status or 'none'}")
    if text:
        print()
        print(text)
    return 0
