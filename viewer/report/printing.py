"""What the printed report shows, gathered without a toolkit: the hospital header, the patient banner,
the sections, the key images as pixels (drawn as a viewport opens them, through ``presentation``), the
signature line. The window's layer lays it out into a PDF (``ui.report_pdf``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from viewer.core.messages import in_language, msg
from viewer.model.frames import load_frame
from viewer.model.registry import load_plugins
from viewer.model.studies import PatientContext, study_display_sets
from viewer.presentation.image import build_scene
from viewer.presentation.windows import opening_state
from viewer.report.document import AMENDED, FINAL, PRELIMINARY, Report

STATE_WORDS = {
    PRELIMINARY: msg("Preliminary report (not signed)"),
    FINAL: msg("Final report"),
    AMENDED: msg("Amended report (replaces the previous version)"),
}


@dataclass
class KeyImage:
    pixels: np.ndarray  # grey (H, W) or RGB (H, W, 3) uint8
    caption: str


@dataclass
class PrintedReport:
    institution: str
    title: str
    banner: list[tuple[str, str]]  # (label, value)
    sections: list[tuple[str, str]]  # (heading, text)
    state_line: str
    signature: str
    key_images: list[KeyImage] = field(default_factory=list)
    language: str = "fr"


def _date(d: str, language: str) -> str:
    if len(d) >= 8 and d[:8].isdigit():
        return f"{d[6:8]}/{d[4:6]}/{d[:4]}" if language == "fr" else f"{d[:4]}-{d[4:6]}-{d[6:8]}"
    return d


def printed_report(cache, report: Report, state: str, when_text: str, language: str = "fr",
                   image_size: int = 320) -> PrintedReport:
    study = cache.study(report.study_uid)
    name = (study.patient_name if study else "").replace("^", " ").strip()
    L = lambda m: in_language(m, language)  # noqa: E731
    banner = [
        (L(msg("Patient")), name),
        (L(msg("Patient ID")), (study.patient_id if study else "") + (f" ({study.issuer})" if study and study.issuer else "")),
        (L(msg("Birth date")), _date(study.birth_date if study else "", language)),
        (L(msg("Sex")), study.sex if study else ""),
        (L(msg("Study date")), _date(study.study_date if study else "", language)),
        (L(msg("Accession number")), study.accession if study else ""),
        (L(msg("Study")), study.description if study else ""),
    ]
    r = report.reader
    signature = ""
    if state in (FINAL, AMENDED):
        signature = L(msg("Signed by {name} ({credentials}) on {date}", name=r.name.replace("^", " "),
                          credentials=r.credentials or "-", date=when_text))
    return PrintedReport(
        institution=r.institution,
        title=report.title,
        banner=banner,
        sections=[(s.title, s.text.strip()) for s in report.sections if s.text.strip()],
        state_line=L(STATE_WORDS.get(state, msg("Draft"))) + (f" — v{report.version}" if report.version > 1 else ""),
        signature=signature,
        key_images=key_image_pixels(cache, report, image_size, language),
        language=language,
    )


def key_image_pixels(cache, report: Report, size: int, language: str) -> list[KeyImage]:
    """The key images as the viewport opens them (window, inversion), at most ``size`` pixels, with a
    caption "Série 3, image 45"; images no longer in the cache are left out."""
    wanted = {(sop, frame) for _st, _se, sop, frame in report.key_images}
    if not wanted:
        return []
    out = []
    for ds in study_display_sets(cache, report.study_uid, load_plugins().display_set_handlers()):
        for i, ref in enumerate(getattr(ds, "frames", ())):
            if (ref.sop_uid, ref.frame) not in wanted:
                continue
            state = replace(opening_state(ds), overlays=False).at(i)
            frame = load_frame(ref)
            if frame.stored is None or frame.header is None:
                continue
            img = build_scene(state, frame, PatientContext()).image
            step = max(1, int(np.ceil(max(img.shape[:2]) / size)))
            number = ds.number if ds.number is not None else ""
            image = ref.instance_number if ref.instance_number is not None else i + 1  # as the report's text says
            caption = in_language(msg("Series {series}, image {image}", series=number, image=image), language)
            out.append(KeyImage(np.ascontiguousarray(img[::step, ::step]), caption))
    return out
