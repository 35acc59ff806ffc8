"""``cauri export --study-uid UID... --media DIR|FILE.iso [--viewer]``: a patient's disc or USB key (IHE PDI).

The studies' instances are taken from the study cache as they are stored (byte for byte), under DICOM/ with a
DICOMDIR, README.TXT and INDEX.HTM (French and English), and with ``--viewer`` the portable Cauri in CAURI/.
A name ending in .iso gives an ISO 9660 image to burn instead of a folder. The target appears only when it is
complete; a full key, Ctrl-C or any error leaves nothing there.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

from viewer.distribute.deid.options import OPTION_NAMES

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2
EXIT_INTERRUPTED = 130

_EPILOG = """\
the media holds the study's images and the DICOMDIR that names the patient (the doctor's software needs
it); README.TXT and INDEX.HTM list only dates, kinds of examination and image counts. No autorun.

exit status:
  0    the media was written
  1    it could not be (target not empty or not writable, full, a study not in the cache...): nothing
       was left at the target
  2    refused before writing: an unknown de-identification profile, or images that may carry burned-in
       text under --deidentify without --accept-burned-in
  130  interrupted (Ctrl-C): nothing was left at the target
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="write studies to a patient disc or USB key (DICOMDIR, IHE PDI), or an ISO image",
        description="Write studies from the cache to a folder (a USB key) or an ISO 9660 image (FILE.iso) "
        "as IHE PDI media: DICOM/ with a DICOMDIR, README.TXT and INDEX.HTM, optionally the portable Cauri.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--study-uid", nargs="+", required=True, metavar="UID", help="studies to write")
    parser.add_argument("--media", required=True, metavar="DIR|FILE.iso",
                        help="a new or empty folder (a USB key), or an ISO image to make")
    parser.add_argument("--viewer", action="store_true",
                        help="add the portable Cauri (folder CAURI/) so the disc opens with nothing installed")
    parser.add_argument("--viewer-from", metavar="DIR", type=Path,
                        help="the portable build to copy (default: this build when run from one, else dist/cauri)")
    parser.add_argument("--deidentify", metavar="PROFILE",
                        help="de-identify every instance (PS3.15 Annex E) with PROFILE: basic, second-opinion or "
                        "research; the link back stays on this workstation only")
    parser.add_argument("--deid-option", action="append", default=[], metavar="OPTION", choices=OPTION_NAMES,
                        help="with --deidentify: also apply this PS3.15 E.3 option (repeatable): "
                        + ", ".join(OPTION_NAMES))
    parser.add_argument("--accept-burned-in", action="store_true",
                        help="with --deidentify: the reader checked the flagged images (US, secondary captures...) "
                        "and saw no text burned into the pixels")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import utf8_output
    from viewer.core.paths import resolve_paths
    from viewer.distribute.media_deid import media_deidentifier
    from viewer.export.media import (MediaCancelled, MediaError, MediaRequest, audit_export, default_viewer_folder,
                                     study_sources, write_media)
    from viewer.store.cache import StudyCache
    from viewer.store.schema import IndexUnusable

    utf8_output()
    paths = resolve_paths(args.home)
    store = paths.store
    if not (store / "index.sqlite").is_file():
        print(f"cauri export: no study cache at {store} (import the study first)", file=sys.stderr)
        return EXIT_FAILED
    try:
        with StudyCache(store) as cache:
            sources, left_out, studies = study_sources(cache, args.study_uid)
            refusal = _deidentify_refusal(cache, args) if args.deidentify else None
    except (IndexUnusable, LookupError) as exc:
        print(f"cauri export: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if refusal:
        print(f"cauri export: {refusal}; nothing was written", file=sys.stderr)
        return EXIT_REFUSED
    chosen = {name.replace("-", "_"): True for name in args.deid_option}
    transform, pseudonyms = media_deidentifier(args.deidentify, paths, **chosen) if args.deidentify else (None, None)
    viewer_from = (args.viewer_from or default_viewer_folder()) if args.viewer else None
    interrupted: list[bool] = []
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    progress = _Progress() if not args.json and sys.stderr.isatty() else None
    started = time.monotonic()
    try:
        report = write_media(MediaRequest(sources, Path(args.media).expanduser().absolute(), viewer_from,
                                          transform=transform),
                             progress=progress, cancel=lambda: bool(interrupted))
    except MediaCancelled as exc:
        print(f"cauri export: {exc}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MediaError as exc:
        print(f"cauri export: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        signal.signal(signal.SIGINT, previous)
        if progress is not None:
            progress.clear()
    seconds = time.monotonic() - started
    if pseudonyms is not None:
        pseudonyms.save()  # the link back, once the media is complete (owner-only, never on the media)
    audit_export(studies, report, store)
    left_out += report.left_out
    if args.json:
        print(json.dumps({"media": str(report.target), "instances": report.instances, "files": report.files,
                          "bytes": report.bytes, "seconds": round(seconds, 2), "left_out": left_out}, indent=2))
    else:
        print(f"{report.target}: {report.instances} instance(s), {report.files} file(s), "
              f"{report.bytes / 1e6:.1f} MB in {seconds:.1f} s")
        for reason in sorted(set(left_out)):
            print(f"  left out ({left_out.count(reason)}): {reason}")
    return EXIT_OK


def _deidentify_refusal(cache, args) -> str | None:
    """Why a de-identified export must not start, or None: an unknown profile, or images that may carry
    burned-in identity the reader has not checked (the tag-level profile cannot remove text in pixels)."""
    from viewer.distribute.deid.options import UnknownProfile, load_profile
    from viewer.distribute.media_deid import burned_in_series

    try:
        load_profile(args.deidentify)
    except UnknownProfile as exc:
        return str(exc)
    if args.accept_burned_in:
        return None
    flagged = burned_in_series(cache, args.study_uid, "clean-pixel-data" in args.deid_option)
    if flagged:
        return (f"{len(flagged)} series may show text burned into the pixels ({flagged[0][1]}); check them and "
                "add --accept-burned-in, or black the text out in a second-opinion package")
    return None


class _Progress:
    _WORDS = {"copy": "images", "dicomdir": "DICOMDIR", "viewer": "viewer", "iso": "ISO image"}

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        pct = 100 * done // total if total else 100
        print(f"\r{self._WORDS.get(stage, stage)}: {pct:3d}%   ", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)
