"""Texts the reader inserts into a report on request: the study's measurements (values as the panel
shows them, in the reader's language, with where they are), its key images, and the comparison with
the patient's previous study in the cache (and that study's conclusion when it has a report)."""

from __future__ import annotations

from viewer.core.messages import in_language, msg
from viewer.model.measurements import compute_on_cache, describe
from viewer.report.status import stored_reports


def _image_number(cache, series_uid: str, sop_uid: str, frame_index: int) -> str:
    """The instance number as the corners show it, with the frame of a multi-frame image ("12.3")."""
    for inst in cache.instances_of(series_uid):
        if inst.sop_uid == sop_uid:
            image = "" if inst.instance_number is None else str(inst.instance_number)
            return image + (f".{frame_index + 1}" if frame_index else "")
    return ""


def _series_numbers(cache, study_uid: str) -> dict[str, str]:
    return {s.series_uid: "" if s.number is None else str(s.number) for s in cache.series_of(study_uid)}


def measurement_lines(cache, study_uid: str, measurements, language: str = "fr", names=None) -> list[str]:
    """One line per measurement: "- Distance : 40,0 mm (série 3, image 5)". ``names``: the tools' names in
    the reader's language (the measurement panel's), for a measurement without a label of its own."""
    numbers = _series_numbers(cache, study_uid)
    lines = []
    for m in measurements:
        result = compute_on_cache(cache, m)
        text = describe(m, result, language) or m.kind.title
        if not m.label and names and m.kind in names:
            text = f"{names[m.kind]}{chr(0xA0) if language == 'fr' else ''}: {text}"
        image = _image_number(cache, m.image.series_uid, m.image.sop_uid, m.image.frame_index)
        where = in_language(msg("series {series}, image {image}", series=numbers.get(m.image.series_uid, "?"),
                                image=image or "?"), language)
        lines.append(f"- {text} ({where})")
    return lines


def key_image_lines(cache, study_uid: str, refs, language: str = "fr") -> list[str]:
    numbers = _series_numbers(cache, study_uid)
    items = []
    for study, series, sop, frame in refs:
        image = _image_number(cache, series, sop, frame)
        items.append(in_language(msg("series {series}, image {image}", series=numbers.get(series, "?"),
                                     image=image or "?"), language))
    if not items:
        return []
    sep = "\u00a0; " if language == "fr" else "; "
    return [in_language(msg("Key images: {list}", list=sep.join(items)), language)]


def prior_comparison(cache, study_uid: str, language: str = "fr") -> str:
    """"Comparaison avec l'examen du 12/03/2025 (SCANNER THORAX) : <its conclusion>", or a note that
    there is none in the cache."""
    from viewer.store.records import StudyQuery

    study = cache.study(study_uid)
    if study is None or not study.patient_id:
        return in_language(msg("No previous study of this patient in the cache."), language)
    earlier = [s for s in cache.find_studies(StudyQuery(patient_id=study.patient_id))
               if s.study_uid != study_uid and s.issuer == study.issuer and (s.study_date or "") < (study.study_date or "~")]
    if not earlier:
        return in_language(msg("No previous study of this patient in the cache."), language)
    prior = max(earlier, key=lambda s: (s.study_date, s.study_time))
    d = prior.study_date
    date = f"{d[6:8]}/{d[4:6]}/{d[:4]}" if language == "fr" and len(d) == 8 else d
    text = in_language(msg("Compared with the study of {date} ({description}).", date=date,
                           description=prior.description or "-"), language)
    reports = [r for r in stored_reports(cache, prior.study_uid) if r.kind == "SR"]
    if reports:
        last = reports[-1]
        conclusion = next((t for h, t in last.sections if h.lower().startswith(("conclusion", "impression"))), "")
        if conclusion:
            text += "\n" + in_language(msg("Its conclusion: {text}", text=conclusion), language)
    return text
