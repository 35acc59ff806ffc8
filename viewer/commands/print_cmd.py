"""``cauri print PATH|--series-uid UID --out FILE.pdf [--grid RxC] [--true-size]``: a film sheet as PDF.

The sheet the window prints (``ui.print_sheet``): a patient banner, the series' images N x M per page as a
viewport shows them, and the scale stated at the bottom. ``--true-size`` prints 1 mm in the patient as 1 mm
on paper for templating; it is refused, and the sheet says why, when the pixel size in the patient is not
known (no spacing, or only Imager Pixel Spacing with no magnification factor).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOT_TRUE_SIZE = 3

_EPILOG = """\
exit status:
  0  the PDF was written
  1  nothing to print, or the PDF could not be written
  3  the PDF was written, but --true-size was refused for some images (the sheet says why)
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "print", help="print a series as a film sheet (N x M images) to a PDF",
        description="Lay a series out as a film sheet (patient banner, N x M images with their overlays, "
        "the scale stated) and write it as a PDF. PATHs are read in place, not imported.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="file, folder, DICOMDIR or .zip")
    parser.add_argument("--series-uid", metavar="UID", help="series to print; without PATH, from the cache")
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    parser.add_argument("--grid", type=_grid, default=(2, 2), metavar="RxC", help="images per page (2x2)")
    parser.add_argument("--true-size", action="store_true", help="1 mm in the patient = 1 mm on paper (templating)")
    parser.add_argument("--first", type=int, default=0, metavar="N", help="first image, from 0 (0)")
    parser.add_argument("--count", type=int, metavar="N", help="how many images (default: all from --first)")
    parser.add_argument("--no-overlays", action="store_true", help="the images without their texts and scale")
    parser.add_argument("--no-phi", action="store_true", help="no patient name, ID or birth date on the sheet")
    parser.add_argument("--lang", choices=["fr", "en"], default="fr", help="language of the sheet (fr)")
    parser.set_defaults(func=run, overlays=False, no_presentation=False, frame=None)
    return parser


def _grid(text: str) -> tuple[int, int]:
    try:
        rows, cols = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a grid: {text!r} (use RxC, e.g. 2x3)") from None
    if not (1 <= rows <= 8 and 1 <= cols <= 8):
        raise argparse.ArgumentTypeError("rows and columns must be between 1 and 8")
    return rows, cols


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import utf8_output
    from viewer.commands.info_cmd import quiet_headless
    from viewer.commands.render_cmd import RenderError, RenderSource
    from viewer.core.atomic import unwritable_reason
    from viewer.dicom import decoding
    from viewer.presentation.sheet import Sheet
    from viewer.presentation.windows import opening_state
    from viewer.ui.i18n import install_language
    from viewer.ui.print_sheet import SheetRequest, write_pdf

    utf8_output()
    quiet_headless()
    app = _gui_application()  # kept alive while the PDF is painted
    install_language(app, args.lang)
    cannot = unwritable_reason(args.out)
    if cannot or not (args.paths or args.series_uid):
        print(f"cauri print: {cannot or 'give a PATH or --series-uid'}", file=sys.stderr)
        return EXIT_FAILED
    try:
        with RenderSource(args) as (display_set, context, findings):
            count = len(display_set.frames)
            if not 0 <= args.first < count:
                raise RenderError(f"--first {args.first} is outside the series (0 to {count - 1})")
            last = count if args.count is None else min(count, args.first + max(1, args.count))
            request = SheetRequest(display_set, opening_state(display_set, overlays=not args.no_overlays), context,
                                   list(range(args.first, last)), Sheet(*args.grid), args.true_size,
                                   not args.no_overlays, not args.no_phi, args.lang, findings)
            pages, refused = write_pdf(Path(args.out), request)
    except RenderError as exc:
        print(f"cauri print: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"cauri print: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_FAILED
    finally:
        decoding.shutdown_default()
    print(f"{pages} page(s)")
    for reason in refused:
        print(f"cauri print: {reason}", file=sys.stderr)
    return EXIT_NOT_TRUE_SIZE if refused else EXIT_OK


def _gui_application():
    """QPdfWriter draws text with fonts, which need a QGuiApplication (offscreen: no display needed)."""
    import os

    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return QGuiApplication(["cauri-print"])
    return QGuiApplication.instance()
