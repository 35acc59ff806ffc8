"""``cauri info PATH... [--json] [--stats]``: what the workstation would show for some files, without a window.

The files are not imported (the user's cache is left alone): ``viewer.model.loose_files`` turns them into
display sets through the same plugin handlers as the GUI, so every split, sort and warning here is the one
the study browser shows. Pixels are decoded by the viewport's frame loader (compressed syntaxes in isolated
worker processes), so a file that crashes a codec is an error entry here, not a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import threading
from collections import Counter

from viewer.core.messages import msg

EXIT_OK = 0
EXIT_ERRORS = 1  # some input could not be read or decoded (listed), or nothing usable was found

_EPILOG = """\
spacing is [x, y, z] in mm: x between columns, y between rows (Pixel Spacing, else Imager Pixel
Spacing), z between slices measured from Image Position (Patient) along the normal (never Slice
Thickness); null where it cannot be known. origin is the first slice's position (LPS) in display
order; direction gives the row, column and normal cosines.

exit status:
  0  every file found was read and its images decoded
  1  some input could not be read or decoded (see the error entries), or nothing usable was found
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "info",
        help="describe the series in DICOM files, folders, DICOMDIR or zip (nothing is imported)",
        description="Describe each series (or each stack, when a series is split) found under the paths: "
        "matrix, slices, transfer syntaxes, photometric interpretation, spacing, origin, direction "
        "cosines and geometry warnings. Nothing is imported into the cache.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, DICOMDIR or .zip")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument(
        "--stats", action="store_true",
        help="decode every image and report min, max and mean of the modality values (after the Modality LUT)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from viewer.commands._support import utf8_output
    from viewer.dicom import decoding
    from viewer.model.loose_files import open_paths

    utf8_output()
    quiet_headless()
    try:
        with open_paths(args.paths, home=args.home) as loose:
            report = describe(loose, stats=args.stats)
    except KeyboardInterrupt:
        print("cauri info: interrupted", file=sys.stderr)
        return 130
    finally:
        decoding.shutdown_default()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_text(report)
    return EXIT_ERRORS if report["errors"] or not report["series"] else EXIT_OK


def quiet_headless() -> None:
    """Problems are reported in the command's own output, with the file; the library warnings and
    log records behind them (pydicom's "invalid value for VR IS", a decoder's failure) would only repeat
    them on stderr without saying which file."""
    import logging
    import warnings

    warnings.simplefilter("ignore")
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


# --------------------------------------------------------------------------------------------- facts


def describe(loose, stats: bool = False) -> dict:
    """The report for every display set of ``loose`` (a LooseFiles): plain JSON-ready data."""
    from viewer.model.frames import FrameLoader

    errors = [{"file": p.source, "reason": p.reason} for p in loose.problems]
    entries = []
    # Probing decodes each frame once: nothing to keep, and a zip of several series is then bounded by its
    # largest frame, not by their sum (issue 19's memory figure). Statistics reuse frames across threads.
    loader = FrameLoader(max_bytes=(64 << 20) if stats else 0, workers=min(8, os.cpu_count() or 2))
    try:
        for display_set in loose.display_sets():
            try:
                entry, frame_errors = _describe_set(loose, display_set, loader, stats)
            except Exception as exc:  # a defect of ours must still name the input and not end the report
                first = display_set.frames[0] if getattr(display_set, "frames", ()) else None
                entry = {"display_set": display_set.uid, "series_uid": display_set.series_uid, "kind": "error"}
                frame_errors = [{
                    "file": loose.label(first.path) if first else display_set.series_uid,
                    "reason": msg("internal error while describing it ({what})", what=type(exc).__name__),
                    "display_set": display_set.uid,
                }]
            entries.append(entry)
            errors.extend(frame_errors)
            loader.forget()
    finally:
        loader.shutdown()
    return {
        "series": entries,
        "errors": errors,
        "skipped": [{"file": s.source, "reason": s.reason} for s in loose.skipped],
        "duplicates": loose.duplicates,
    }


def _describe_set(loose, display_set, loader, stats: bool) -> tuple[dict, list[dict]]:
    entry: dict = {
        "display_set": display_set.uid,
        "series_uid": display_set.series_uid,
        "study_uid": display_set.study_uid,
        "series_number": display_set.number,
        "modality": display_set.modality,
        "description": display_set.description,
        "kind": display_set.kind,
        "derived_uids": _derived_uids(loose, display_set),
    }
    errors = []
    if display_set.kind == "video":
        return _video_facts(loose, display_set, loader, entry)
    if display_set.kind == "segmentation":
        entry["segmentation"] = facts = _segmentation_facts(display_set)
        if facts.get("error"):
            errors.append({"file": loose.label(display_set.path), "reason": facts["error"], "display_set": display_set.uid})
    if display_set.kind != "stack":
        entry["reason"] = display_set.reason
        entry["warnings"] = list(display_set.warnings)
        entry.update(getattr(display_set, "extra", {}).get("facts") or {})  # what its plugin says of it
        return entry, errors
    entry.update(_stack_facts(loose, display_set))
    if display_set.modality == "RTDOSE":
        entry.update(_dose_facts(display_set))
    refs = list(display_set.frames)
    if stats:
        summary, failures = _statistics(loader, refs)
        entry["stats"] = summary
    else:
        failures = _probe(loose, loader, display_set, refs)
    errors = [
        {"file": loose.label(ref.path), "frame": ref.frame, "reason": reason, "display_set": display_set.uid}
        for ref, reason in failures
    ]
    return entry, errors


def _video_facts(loose, video, loader, entry: dict) -> tuple[dict, list[dict]]:
    """A video's codec, frames, rate and length (from its header: ``dicom.video``), and whether its first frame
    decodes (a damaged stream is an error entry, as an undecodable image is)."""
    from viewer.dicom.decode import is_decodable, syntax_name

    info = video.extra["video"]
    entry.update(codec=info.codec_name, frames=info.frames, fps=round(info.fps, 3),
                 fps_source="header" if info.fps_from_header else "default",
                 duration=round(info.duration, 3), rows=info.rows, columns=info.columns,
                 transfer_syntaxes=[{"uid": info.syntax, "name": syntax_name(info.syntax), "instances": 1,
                                     "decodable": is_decodable(info.syntax)}],
                 warnings=list(video.warnings))
    first = video.frames[0]
    frame = loader.load(first)
    errors = [] if frame.stored is not None else [
        {"file": loose.label(first.path), "frame": 0, "reason": frame.error, "display_set": video.uid}]
    return entry, errors


def _segmentation_facts(display_set) -> dict:
    """A SEG or RT Structure Set: what it is, what it lies on, its segments with colour and volume."""
    from viewer.dicom.seg import SegmentationError
    from viewer.model.segments import read_segmentation

    facts = {
        "type": "RTSTRUCT" if display_set.content == "rtstruct" else f"SEG {display_set.segmentation_type}".strip(),
        "frame_of_reference": display_set.frame_of_reference,
        "referenced_series": list(display_set.referenced_series),
    }
    segments = display_set.segments
    try:
        loaded = read_segmentation(display_set)
        segments, facts["volume_method"] = loaded.segments, loaded.volume_method
    except SegmentationError as exc:
        facts["error"] = exc.reason
    facts["segments"] = [
        {"number": s.number, "label": s.label, "color": [round(c * 255) for c in s.color],
         "volume_ml": None if s.volume_ml is None else round(s.volume_ml, 3)}
        for s in segments
    ]
    return facts


def _dose_facts(display_set) -> dict:
    """An RT Dose is a dose grid laid over its CT (a colourwash with isodose lines), not a grey stack: its kind,
    units, planes from the Grid Frame Offset Vector and maximum in Gy, as the wash reads them."""
    from viewer.dicom.scalar_volume import ScalarGridError, read_dose

    try:
        grid = read_dose(display_set.frames[0].path)
    except (ScalarGridError, ValueError, AttributeError) as exc:
        return {"kind": "rtdose", "dose": {"error": str(exc)}}
    return {"kind": "rtdose", "dose": {**grid.facts, "frame_of_reference": grid.frame_of_reference,
                                       "notes": [str(n) for n in grid.notes]}}


def _derived_uids(loose, display_set) -> dict[str, int]:
    """Which UIDs Cauri made up for the set's instances (the files' were missing or invalid), by DICOM
    keyword, with how many instances: such an instance is shown, but never sent out under them."""
    from viewer.dicom.header import DERIVED_KEYWORDS

    frames = getattr(display_set, "frames", ())
    sops = {ref.sop_uid for ref in frames} if frames else {
        sop for sop, inst in loose.instances.items() if inst.header.series_uid == display_set.series_uid}
    counts = Counter(kind for sop in sops if sop in loose.instances
                     for kind in loose.instances[sop].header.derived.split())
    return {DERIVED_KEYWORDS[kind]: counts[kind] for kind in DERIVED_KEYWORDS if counts[kind]}


def _stack_facts(loose, stack) -> dict:
    import numpy as np
    import pydicom

    from viewer.dicom.decode import is_decodable, syntax_name
    from viewer.dicom.geometry import pixel_calibration
    from viewer.dicom.pixels import describe_frame

    first = stack.frames[0]
    facts: dict = {"label": stack.extra.get("label", ""), "cine": bool(stack.multiframe)}
    try:
        ds = pydicom.dcmread(first.path, stop_before_pixels=True)
        desc = describe_frame(ds, first.frame)
        calibration = pixel_calibration(ds, first.frame)
        facts.update(rows=desc.rows, columns=desc.columns, photometric=desc.photometric,
                     bits_stored=desc.bits_stored, signed=bool(desc.pixel_representation))
    except Exception as exc:  # reported again, with the file, when its pixels are probed
        from viewer.dicom.structure import reason_of

        # The reader's reason, never the parser's own words ("No tag to read at file position 23F34").
        facts.update(rows=None, columns=None, photometric=None, header_error=reason_of(exc))
        calibration = None
    sops = list(dict.fromkeys(ref.sop_uid for ref in stack.frames))
    facts["instances"] = len(sops)
    facts["slices"] = 1 if stack.multiframe else len(stack.frames)
    facts["frames"] = len(stack.frames)
    syntaxes = Counter(loose.instances[s].header.transfer_syntax for s in sops if s in loose.instances)
    facts["transfer_syntaxes"] = [
        {"uid": ts, "name": syntax_name(ts), "instances": count, "decodable": is_decodable(ts)}
        for ts, count in syntaxes.most_common()
    ]
    if calibration is not None and calibration.calibrated:
        xy = [calibration.column_spacing, calibration.row_spacing]
    else:
        xy = [None, None]
    facts["spacing"] = xy + [stack.spacing_between if not stack.multiframe else None]
    facts["spacing_source"] = calibration.source if calibration is not None else "uncalibrated"
    first_position = stack.positions[0] if stack.positions else None
    facts["origin"] = list(first_position) if first_position is not None else None
    if stack.orientation is not None and len(stack.orientation) == 6:
        row = np.asarray(stack.orientation[:3], float)
        col = np.asarray(stack.orientation[3:], float)
        normal = np.cross(row, col)
        length = float(np.linalg.norm(normal))
        facts["direction"] = {
            "row": [float(v) for v in row],
            "column": [float(v) for v in col],
            "normal": [float(v) for v in normal / length] if length > 1e-9 else None,
        }
    else:
        facts["direction"] = None
    facts["warnings"] = list(stack.warnings)
    return facts


def _probe(loose, loader, stack, refs) -> list[tuple[object, str]]:
    """Decode what tells whether the stack can be shown, without decoding all of it: the frame the
    viewport opens on, and the first frame of every other transfer syntax present."""
    from viewer.model.viewport import ViewportState

    def syntax(ref) -> str:
        inst = loose.instances.get(ref.sop_uid)
        return inst.header.transfer_syntax if inst is not None else ""

    shown = refs[ViewportState().with_display_set(stack).index]
    chosen = {syntax(shown): shown}
    for ref in refs:
        chosen.setdefault(syntax(ref), ref)
    failures = []
    for ref in chosen.values():
        frame = loader.load(ref)
        if frame.stored is None:
            failures.append((ref, frame.error))
    return failures


def _statistics(loader, refs) -> tuple[dict | None, list]:
    """Min, max and mean of the modality values over every frame (pixel padding excluded: it is declared
    not to be part of the image), decoded through the viewport's loader in parallel."""
    import numpy as np

    from viewer.dicom.pixels import padding_mask, to_modality

    lock = threading.Lock()
    done = threading.Event()
    acc = {"min": math.inf, "max": -math.inf, "sum": 0.0, "count": 0, "padding": 0, "colour": False, "seen": 0}
    failures: list = []

    def arrived(frame) -> None:
        try:
            if frame.stored is None or frame.header is None:
                with lock:
                    failures.append((frame.ref, frame.error))
                return
            desc = frame.header.descriptor
            if desc.is_color:
                with lock:
                    acc["colour"] = True
                return
            values = to_modality(frame.stored, desc)
            mask = padding_mask(frame.stored, desc)
            padded = 0
            if mask is not None:
                padded = int(mask.sum())
                values = values[~mask]
            if values.size:
                lo, hi, total = float(values.min()), float(values.max()), float(values.sum(dtype=np.float64))
            with lock:
                acc["padding"] += padded
                if values.size:
                    acc["min"] = min(acc["min"], lo)
                    acc["max"] = max(acc["max"], hi)
                    acc["sum"] += total
                    acc["count"] += int(values.size)
        finally:
            with lock:
                acc["seen"] += 1
                if acc["seen"] == len(refs):
                    done.set()

    waiting = []
    for ref in refs:
        cached = loader.cached(ref)
        if cached is not None:
            arrived(cached)  # request() only reports frames it still has to load
        else:
            waiting.append(ref)
    if waiting:
        loader.request(waiting, arrived)
    done.wait()
    if acc["colour"]:
        return {"note": "colour images have no modality values"}, failures
    if not acc["count"]:
        return None, failures
    return {
        "min": acc["min"],
        "max": acc["max"],
        "mean": acc["sum"] / acc["count"],
        "voxels": acc["count"],
        "padding_excluded": acc["padding"],
        "frames_decoded": len(refs) - len(failures),
    }, failures


# --------------------------------------------------------------------------------------------- text


def _num(v, digits: int = 4) -> str:
    if v is None:
        return "?"
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _vec(v) -> str:
    return "(" + ", ".join(_num(x) for x in v) + ")" if v else "-"


def _print_segmentation(f: dict) -> None:
    n = len(f["segments"])
    print(f"  segmentation: {f['type']}, {n} segment{'s' if n != 1 else ''}, drawn over series "
          f"{', '.join(f['referenced_series']) or '-'} (frame of reference {f['frame_of_reference'] or '-'})")
    for s in f["segments"]:
        volume = "-" if s["volume_ml"] is None else f"{_num(s['volume_ml'], 2)} mL"
        print(f"  {s['number']:>3}  {s['label']}  rgb{tuple(s['color'])}  {volume}")
    if f.get("volume_method"):
        print(f"  volumes: {f['volume_method']}")
    if f.get("error"):
        print(f"  cannot be drawn: {f['error']}")


def _print_dose(dose: dict) -> None:
    if "error" in dose:
        print(f"  RT Dose (colourwash over its CT): {dose['error']}")
        return
    first, last = dose["offsets_mm"]
    print(f"  RT Dose (colourwash over its CT): {dose['dose_type']} {dose['summation']}, units {dose['dose_units']}, "
          f"{dose['planes']} plane(s) at {_num(first)}..{_num(last)} mm (Grid Frame Offset Vector), "
          f"scaling {dose['grid_scaling']:g}, max {_num(dose['max_gy'])}{' Gy' if dose['dose_units'] == 'GY' else ''}")
    for note in dose.get("notes", ()):
        print(f"  note: {note}")


def _print_text(report: dict) -> None:
    for e in report["series"]:
        title = f"{e['display_set']}  {e['modality']}  {e.get('description') or ''}".rstrip()
        print(title)
        if e.get("derived_uids"):
            made = ", ".join(f"{keyword} ({n} instance{'s' if n != 1 else ''})" for keyword, n in e["derived_uids"].items())
            print(f"  derived by Cauri (missing or invalid in the files): {made}")
        if e["kind"] == "error":
            continue
        if "segmentation" in e:
            _print_segmentation(e["segmentation"])
            continue
        if e["kind"] == "video":
            print(f"  video: {e['codec']}, {e['frames']} frames, {_num(e['fps'], 2)} fps, {_num(e['duration'], 2)} s, "
                  f"{e['columns']} x {e['rows']}")
            print(f"  transfer syntax: {e['transfer_syntaxes'][0]['name']}")
            continue
        if e["kind"] == "waveform":
            print(f"  waveform: {e.get('waveform', '?')}, {len(e.get('channels', []))} channels "
                  f"({' '.join(e.get('channels', []))}), {_num(e.get('sampling_rate_hz'))} Hz, "
                  f"{_num(e.get('duration_s'))} s, {e.get('annotations', 0)} annotations")
            for w in e["warnings"]:
                print(f"  warning: {w}")
            continue
        if e["kind"] == "slide" and e.get("levels"):
            sizes = ", ".join(f"{lv['columns']} x {lv['rows']} ({lv['tiles']} tiles)" for lv in e["levels"])
            spacing = e.get("pixel_spacing_um")
            print(f"  slide: {len(e['levels'])} level(s): {sizes}; pixel spacing "
                  f"{_num(spacing[0]) + ' µm' if spacing else 'unknown'}")
        elif e["kind"] == "slide-annotations":
            groups = ", ".join(f"{g['label']} ({g['annotations']} {g['graphic_type'].lower()})"
                               for g in e.get("annotation_groups", []))
            print(f"  slide annotations: {groups or 'none'}")
        elif e["kind"] not in ("stack", "rtdose"):
            print(f"  not an image stack: {e.get('reason', '')}")
        if e["kind"] not in ("stack", "rtdose"):
            for w in e["warnings"]:
                print(f"  warning: {w}")
            continue
        if e["kind"] == "rtdose":
            _print_dose(e["dose"])
        syntaxes = ", ".join(f"{t['name']} x{t['instances']}" for t in e["transfer_syntaxes"])
        count = f"{e['frames']} cine frames" if e["cine"] else f"{e['slices']} slice{'s' if e['slices'] != 1 else ''}"
        if e["kind"] == "rtdose":
            count = f"{e['frames']} dose plane{'s' if e['frames'] != 1 else ''}"
        print(f"  {e['columns']} x {e['rows']}, {count}, {e['instances']} instance(s), {e['photometric']}")
        print(f"  transfer syntax: {syntaxes}")
        sx, sy, sz = e["spacing"]
        print(f"  spacing (mm): x {_num(sx)}  y {_num(sy)}  z {_num(sz)}   [{e['spacing_source']}]")
        print(f"  origin (LPS): {_vec(e['origin'])}")
        d = e.get("direction")
        if d:
            print(f"  direction: row {_vec(d['row'])}  column {_vec(d['column'])}  normal {_vec(d['normal'])}")
        if "stats" in e:
            s = e["stats"]
            if s and "min" in s:
                print(f"  values: min {_num(s['min'])}  max {_num(s['max'])}  mean {_num(s['mean'])}")
            elif s:
                print(f"  values: {s.get('note')}")
        for w in e["warnings"]:
            print(f"  warning: {w}")
    if report["errors"]:
        print()
        for err in report["errors"]:
            where = f" (frame {err['frame']})" if err.get("frame") else ""
            print(f"error: {err['file']}{where}: {err['reason']}")
    if report["skipped"]:
        print()
        for skip in report["skipped"]:
            print(f"skipped: {skip['file']}: {skip['reason']}")
    if not report["series"] and not report["errors"]:
        print("No DICOM image found.")
