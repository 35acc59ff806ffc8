"""The texts a viewport writes on the picture: the four corners (patient, study and series, image and
position, window and zoom), in the reader's language, and the lines findings add to them (key image, a
presentation state's size that could not be honoured)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from viewer.core.messages import in_language
from viewer.core.numbers import fixed, is_finite, percent, trimmed, window_value
from viewer.core.numbers import format_date as format_date  # noqa: PLC0414 (re-exported: browser, tests)
from viewer.model.studies import PatientContext
from viewer.model.view_scale import magnification
from viewer.model.viewport import ViewportState

LABELS = {
    "fr": {
        "image": "Im",
        "thickness": "Ép.",
        "position": "Pos.",
        "width": "Larg.",
        "level": "Niv.",
        "zoom": "Zoom",
        "uncalibrated": "non calibré (px)",
        "series": "Série",
        "loading": "Chargement…",
        "empty": "Glisser une série ici",
        "cannot": "Image illisible",
        "inverted": "inversé",
        "imager": "calibration détecteur",
        "slab": "Épaisseur",
        "axial": "Axial",
        "coronal": "Coronal",
        "sagittal": "Sagittal",
        "oblique": "oblique",
        "filling": "chargement",
        "key_image": "IMAGE CLÉ",
    },
    "en": {
        "image": "Im",
        "thickness": "Th.",
        "position": "Pos.",
        "width": "W",
        "level": "L",
        "zoom": "Zoom",
        "uncalibrated": "uncalibrated (px)",
        "series": "Series",
        "loading": "Loading…",
        "empty": "Drop a series here",
        "cannot": "Cannot display image",
        "inverted": "inverted",
        "imager": "detector calibration",
        "slab": "Slab",
        "axial": "Axial",
        "coronal": "Coronal",
        "sagittal": "Sagittal",
        "oblique": "oblique",
        "filling": "loading",
        "key_image": "KEY IMAGE",
    },
}


def format_name(pn: str) -> str:
    parts = [p for p in str(pn).split("=")[0].split("^")]
    family, given = (parts + ["", ""])[:2]
    return " ".join(p for p in (family.strip(), given.strip(), *[x.strip() for x in parts[2:4]]) if p)


def window_text(window, suv_factor: float | None, words: dict, language: str) -> str:
    """The window in the corner: width and level, or for a PET with SUV the SUV range it shows, the way
    PET is read ("SUV 0-5"), not in Bq/ml."""
    if window is None:
        return ""
    if suv_factor:
        lo, hi = ((window.center + k * window.width / 2.0) * suv_factor for k in (-1, 1))
        return f"SUV {fixed(lo, 1, language)} – {fixed(hi, 1, language)}"
    return f"{words['width']} {window_value(window.width, language)}  {words['level']} {window_value(window.center, language)}"


def zoom_text(state: ViewportState, image, spacing, viewport, words: dict, language: str) -> str:
    """The real magnification (screen pixels per image pixel), which needs the viewport's size: a scene
    built without one (a test, a thumbnail) says nothing rather than a figure that is not on screen."""
    if viewport is None or image is None:
        return ""
    return f"{words['zoom']} {percent(100.0 * magnification(state.zoom, image.shape, spacing, viewport), language)}"


def image_corners(state, frame, ctx: PatientContext, window, calibrated, words, language, zoom: str) -> dict:
    header = frame.header
    birth = format_date(ctx.birth_date, language)
    tl = [format_name(ctx.patient_name), ctx.patient_id, " ".join(x for x in (birth, ctx.sex) if x)]
    series = " ".join(
        x for x in (f"{words['series']} {ctx.series_number}" if ctx.series_number is not None else "",
                    in_language(ctx.series_description, language)) if x  # a split stack's name: "écho 2"
    )
    tr = [
        ctx.study_description,
        " ".join(x for x in (format_date(ctx.study_date, language), _time(ctx.study_time)) if x),
        series,
    ]
    bl = [f"{words['image']} {state.index + 1}/{state.count}"]
    if header.position and header.orientation:
        normal = np.cross(header.orientation[:3], header.orientation[3:])
        bl.append(f"{words['position']} {fixed(float(np.dot(header.position, normal)), 1, language)} mm")
    if is_finite(header.slice_thickness) and header.slice_thickness > 0:
        bl.append(f"{words['thickness']} {trimmed(header.slice_thickness, language)} mm")
    br = [window_text(window, header.suv_factor, words, language)]
    if state.invert:
        br.append(words["inverted"])
    br.append(zoom)
    if not calibrated:
        br.append(words["uncalibrated"])
    elif header.spacing_source == "ImagerPixelSpacing":
        br.append(words["imager"])
    return {k: "\n".join(x for x in v if x) for k, v in (("tl", tl), ("tr", tr), ("bl", bl), ("br", br))}


def _time(t: str) -> str:
    t = (t or "").strip()
    return f"{t[0:2]}:{t[2:4]}" if len(t) >= 4 and t[:4].isdigit() else ""


def plane_corners(state, session, view: str, image, pixel_mm: float, ctx: PatientContext, window, words: dict,
                  language: str, viewport) -> dict:
    """The corners of an MPR plane: patient, study, which plane (oblique or not), slab, position along its
    normal, how far the volume has filled, a resampling note; window and zoom."""
    volume = session.volume
    plane = session.planes[view]
    base = {"axial": (0, 0, 1), "coronal": (0, 1, 0), "sagittal": (1, 0, 0)}.get(view)
    oblique = base is not None and abs(abs(float(np.dot(plane.normal, base))) - 1.0) > 1e-3
    title = words.get(view, view) + (f" ({words['oblique']})" if oblique else "")
    tl = [format_name(ctx.patient_name), ctx.patient_id]
    tr = [ctx.study_description, in_language(ctx.series_description, language)]
    bl = [title]
    if session.slab_mm > 0:
        mode = session.slab_mode.upper().replace("MINIP", "MinIP").replace("AVG", "Moy" if language == "fr" else "Avg")
        bl.append(f"{words['slab']} {trimmed(session.slab_mm, language)} mm {mode}")
    bl.append(f"{words['position']} {fixed(float(np.dot(session.center, plane.normal)), 1, language)} mm")
    if not volume.complete:
        bl.append(f"{words['filling']} {int(volume.filled.sum())}/{len(volume.filled)}")
    if getattr(volume, "resampled_note", ""):
        bl.append("! " + in_language(volume.resampled_note, language))
    br = [window_text(window, getattr(volume, "suv_factor", None), words, language),
          zoom_text(state, image, (pixel_mm, pixel_mm), viewport, words, language)]
    return {k: "\n".join(x for x in v if x) for k, v in (("tl", tl), ("tr", tr), ("bl", bl), ("br", br))}


def with_line(corners: dict, corner: str, text: str) -> dict:
    """``corners`` with ``text`` added as the last line of one corner."""
    return {**corners, corner: (corners.get(corner, "") + "\n" + text).strip("\n")} if text else corners


def without_identity(ctx: PatientContext) -> PatientContext:
    """The context of a picture made for others (a talk, a teaching file, a colleague): no name, patient ID
    or birth date, so the corners leave those lines out; sex, study and series stay (they name no one).
    Drawn without them rather than painted over, so nothing of the name survives in the pixels."""
    return replace(ctx, patient_name="", patient_id="", birth_date="")
def volume_corners(ctx: PatientContext, preset_label: str, words: dict, language: str) -> dict:
    """The corners of a 3-D view: the same patient and study lines as every viewport, and what is shown."""
    birth = format_date(ctx.birth_date, language)
    tl = [format_name(ctx.patient_name), ctx.patient_id, " ".join(x for x in (birth, ctx.sex) if x)]
    tr = [ctx.study_description, " ".join(x for x in (format_date(ctx.study_date, language), _time(ctx.study_time)) if x),
          in_language(ctx.series_description, language)]
    bl = ["3D", preset_label]
    return {k: "\n".join(x for x in v if x) for k, v in (("tl", tl), ("tr", tr), ("bl", bl))}
